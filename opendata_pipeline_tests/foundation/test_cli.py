"""The command line loads only the module of the command it runs."""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from opendata_pipeline.cli.main import COMMANDS, build_parser


def _help(parser: argparse.ArgumentParser, *argv: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args([*argv, "--help"])
    assert exit_.value.code == 0


DATA_LIBRARIES = ("pyarrow", "numpy", "jsonschema", "duckdb", "pydantic", "dagster",
                  "great_expectations", "pandas")  # fmt: skip


def _loaded_by(*argv: str, env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """What `opendata-pipeline ARGV` prints, and the data libraries it imported."""
    probe = (
        "import sys\nfrom opendata_pipeline.cli.main import main\n"
        f"try:\n    assert main({list(argv)!r}) == 0\nexcept SystemExit as e:\n"
        "    assert e.code == 0\n"
        f"print(sorted(m for m in {DATA_LIBRARIES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, env=env).stdout  # fmt: skip
    return out, ast.literal_eval(out.splitlines()[-1])


def _loaded_by_help(*argv: str) -> tuple[str, list[str]]:
    """What `opendata-pipeline ARGV --help` prints, and the data libraries it imported."""
    return _loaded_by(*argv, "--help")


def test_help_imports_no_data_library() -> None:
    """`opendata-pipeline --help` lists every command without importing pyarrow, DuckDB,
    pydantic or Dagster (the commands' modules load them)."""
    out, loaded = _loaded_by_help()
    assert loaded == []
    for name in ("run", "catalog", *COMMANDS):
        assert f"    {name} " in out


@pytest.mark.parametrize("command", ["scan", "anonymize"])
def test_anonymizer_help_imports_no_data_library(command: str) -> None:
    """The anonymizer's commands describe their arguments before loading what runs them."""
    out, loaded = _loaded_by_help(command)
    assert loaded == []
    assert f"usage: opendata-pipeline {command} " in out


def test_catalog_loads_without_arrow(tmp_path: Path) -> None:
    """Loading the catalogue imports every reader module (each declares a source kind) but
    not pyarrow, numpy or jsonschema: a CSV dataset's stages never need them, and every run
    process pays for what the catalogue imports."""
    env = {**os.environ, "OPENDATA_HOME": str(tmp_path)}
    out, loaded = _loaded_by("catalog", "check", env=env)
    assert "valid entries, OK" in out
    assert not {"pyarrow", "numpy", "jsonschema"} & set(loaded), loaded


def test_lazy_parser_is_the_full_parser(capsys: pytest.CaptureFixture[str]) -> None:
    """The top-level help (the summaries listed without loading a module) and each command's
    own help are the same as with every module loaded."""
    full = build_parser()
    _help(full)
    expected = capsys.readouterr().out
    _help(build_parser(""))
    assert capsys.readouterr().out == expected
    for name in COMMANDS:
        _help(full, name)
        expected = capsys.readouterr().out
        _help(build_parser(name), name)
        assert capsys.readouterr().out == expected, name
        assert "usage: opendata-pipeline " + name in expected
