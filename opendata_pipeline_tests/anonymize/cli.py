"""The `scan` / `anonymize` commands run in-process, as `opendata-pipeline` parses them."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from opendata_pipeline.anonymize.cli import register


def run_cli(*argv: str) -> int:
    """Parse `argv` like the command line and run the command; its exit code."""
    parser = argparse.ArgumentParser(prog="opendata-pipeline")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """`rows` under `header` as a `;`-separated UTF-8 CSV at `path`."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def anonymize_rows(
    tmp_path: Path, header: list[str], rows: list[list[str]], name: str = "in.csv"
) -> list[dict[str, str]]:
    """`rows` under `header` through `opendata-pipeline anonymize` (auto mode): the output rows,
    multi-line cells read whole."""
    src = write_csv(tmp_path / name, header, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
