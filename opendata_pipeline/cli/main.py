"""`opendata-pipeline`: the command line operators and tests use (design.md)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path


def cmd_catalog_check(args: argparse.Namespace) -> int:
    """Validate every catalogue entry; one line per problem naming file, field and problem."""
    from opendata_pipeline.catalog.loader import catalog_dir, load_catalog

    catalog = load_catalog()
    for error in catalog.errors:
        print(f"ERROR {error}")
    status = "OK" if not catalog.errors else f"{len(catalog.errors)} error(s)"
    print(
        f"{catalog_dir()}: {len(catalog)} valid entr{'y' if len(catalog) == 1 else 'ies'}, {status}"
    )
    return 1 if catalog.errors else 0


def cmd_run(args: argparse.Namespace) -> int:
    """Materialize the graph headless (same assets as the UI); exit 1 if anything failed."""
    from opendata_pipeline.cli.run import run_pipeline

    return run_pipeline(datasets=args.dataset or None, partition=args.partition)


# The commands other packages add, with their one-line help: only the module of the command
# being run is imported (each brings pyarrow, DuckDB or pydantic: ~1 s in all at start-up).
COMMANDS: dict[str, tuple[str, str]] = {
    "scan": ("opendata_pipeline.anonymize.cli:register",
             "personal-data report per column (never values)"),
    "anonymize": ("opendata_pipeline.anonymize.cli:register", "apply a personal-data policy"),
    "validate": ("opendata_pipeline.validate.commands:register",
                 "contrôle de conformité d'un fichier (règles légales, schéma)"),
    "publish": ("opendata_pipeline.cli.publish:register",
                "publish a dataset to the portals (outbox when a portal URL is unset)"),
    "mobility": ("opendata_pipeline.cli.mobility:add_mobility_parser",
                 "real-time car parks and Vélomagg"),
}  # fmt: skip


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `command`, only the module adding that command is imported (the
    others are listed with their help), without it every module is."""
    parser = argparse.ArgumentParser(
        prog="opendata-pipeline",
        description="Open-data pipeline of Montpellier Méditerranée Métropole.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialize the whole graph (or some datasets) headless")
    run.add_argument(
        "--dataset", action="append", metavar="ID", help="only this dataset (repeatable)"
    )
    run.add_argument(
        "--partition", metavar="YYYY-MM-DD", help="raw/clean partition (default: today)"
    )
    run.set_defaults(func=cmd_run)

    catalog = sub.add_parser("catalog", help="catalogue commands")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True)
    check = catalog_sub.add_parser("check", help="validate every catalogue entry")
    check.set_defaults(func=cmd_catalog_check)

    wanted = {target for name, (target, _) in COMMANDS.items() if command in (None, name)}
    for target in dict.fromkeys(target for target, _ in COMMANDS.values()):
        if target in wanted:
            module, function = target.split(":")
            getattr(importlib.import_module(module), function)(sub)
    for name, (target, summary) in COMMANDS.items():
        if target not in wanted:  # listed in `--help`; never parsed (its own module is not loaded)
            sub.add_parser(name, help=summary)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line (its first word not starting with `-`)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    from dotenv import load_dotenv

    load_dotenv(Path.cwd() / ".env", override=False)  # secrets stay in the environment, unprinted
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_command(argv) or "").parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
