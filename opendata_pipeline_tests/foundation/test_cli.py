"""The command line loads only the module of the command it runs."""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys

import pytest

from opendata_pipeline.cli.main import COMMANDS, build_parser


def _help(parser: argparse.ArgumentParser, *argv: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args([*argv, "--help"])
    assert exit_.value.code == 0


def _loaded_by_help(*argv: str) -> tuple[str, list[str]]:
    """What `opendata-pipeline ARGV --help` prints, and the data libraries it imported."""
    probe = (
        "import sys\nfrom opendata_pipeline.cli.main import main\n"
        f"try:\n    main({[*argv, '--help']!r})\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "print(sorted(m for m in ('pyarrow', 'duckdb', 'pydantic', 'dagster', "
        "'great_expectations', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return out, ast.literal_eval(out.splitlines()[-1])


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
