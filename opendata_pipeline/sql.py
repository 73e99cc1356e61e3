"""Quoting for the few SQL strings built from names and paths (never from data values)."""

from __future__ import annotations

from pathlib import Path

import duckdb


def lit(value: str | Path) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def connect(
    database: str | Path = ":memory:", *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection without the progress bar (it would print into logs and pipes)."""
    con = duckdb.connect(str(database), read_only=read_only)
    con.execute("SET enable_progress_bar = false")
    return con
