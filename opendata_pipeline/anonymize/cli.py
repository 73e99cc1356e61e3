"""The `scan` and `anonymize` sub-commands' arguments. What runs them (`commands`: pyarrow,
DuckDB, the detectors) is imported when one runs, so `--help` answers at once."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from . import commands

        code: int = getattr(commands, name)(args)
        return code

    return run


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `scan` and `anonymize` to the `opendata-pipeline` command line."""
    scan = subparsers.add_parser("scan", help="personal-data report per column (never values)")
    scan.add_argument("input", metavar="INPUT", help="CSV (any encoding/delimiter) or Parquet")
    scan.add_argument("--json", action="store_true", help="machine-readable report")
    scan.set_defaults(func=_command("cmd_scan"))

    anonymize = subparsers.add_parser("anonymize", help="apply a personal-data policy")
    anonymize.add_argument("input", metavar="INPUT", help="CSV (any encoding/delimiter) or Parquet")
    anonymize.add_argument(
        "--output", required=True, metavar="OUTPUT", help=".csv (UTF-8) or .parquet"
    )
    anonymize.add_argument("--policy", metavar="FILE", help="policy YAML (default: auto mode)")
    anonymize.set_defaults(func=_command("cmd_anonymize"))
