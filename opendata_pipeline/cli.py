"""`opendata-pipeline`: the command line operators and tests use (design.md)."""

from __future__ import annotations

import argparse
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
    from opendata_pipeline.run import run_pipeline

    return run_pipeline(datasets=args.dataset or None, partition=args.partition)


def build_parser() -> argparse.ArgumentParser:
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

    from opendata_pipeline.anonymize.commands import register as register_anonymize
    from opendata_pipeline.mobility.cli import add_mobility_parser
    from opendata_pipeline.publish.commands import register as register_publish
    from opendata_pipeline.validate.commands import register as register_validate

    register_anonymize(sub)
    register_validate(sub)
    register_publish(sub)
    add_mobility_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from dotenv import load_dotenv

    load_dotenv(Path.cwd() / ".env", override=False)  # secrets stay in the environment, unprinted
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
