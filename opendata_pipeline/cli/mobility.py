"""`opendata-pipeline mobility refresh`: one refresh cycle from the command line.

Register with `add_mobility_parser(sub)` in `opendata_pipeline.cli.main.build_parser`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.mobility.refresh import Kind, history_dir, maps_dir
from opendata_pipeline.pipeline.mobility import refresh_feed


def cmd_mobility_refresh(args: argparse.Namespace) -> int:
    """Fetch, append, check and draw each requested feed; exit 1 if a feed could not be read."""
    kinds: list[Kind] = ["parking", "bike"] if args.kind == "all" else [args.kind]
    summaries, code = [], 0
    for kind in kinds:
        try:
            history = args.history_dir / kind if args.history_dir else history_dir(kind)
            result = refresh_feed(kind, history, args.maps_dir or maps_dir())
        except DatasetError as exc:
            print(f"ERREUR {exc}")
            code = 1
            continue
        summaries.append(result.summary())
    if args.json:
        print(json.dumps(summaries, ensure_ascii=False, indent=2))
    else:
        for summary in summaries:
            print(
                f"{summary['dataset']}: source {summary['source']}, {summary['rows']} ligne(s), "
                f"{summary['rows_added']} nouvelle(s), carte {summary['map']}"
            )
            for check in summary["checks"]:
                flag = "OK" if check["passed"] else "ATTENTION"
                print(f"  {flag} {check['name']}: {check['description']}")
    return code


def add_mobility_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `mobility refresh` to the main parser's subcommands."""
    mobility = sub.add_parser("mobility", help="real-time car parks and Vélomagg")
    mobility_sub = mobility.add_subparsers(dest="mobility_command", required=True)
    cmd = mobility_sub.add_parser("refresh", help="fetch the feeds, append history, draw maps")
    cmd.add_argument("--kind", choices=["parking", "bike", "all"], default="all")
    cmd.add_argument(
        "--history-dir", type=Path, help="day files go to DIR/<kind>/ (default: clean/<dataset>/)"
    )
    cmd.add_argument("--maps-dir", type=Path, help="HTML/PNG maps (default: OPENDATA_HOME/maps)")
    cmd.add_argument("--json", action="store_true", help="machine-readable summary")
    cmd.set_defaults(func=cmd_mobility_refresh)
