"""Quoting for the few SQL strings built from names and paths (never from data values)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb

from . import settings
from .paths import scratch_dir


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
    # bounded memory: large inputs stream (and spill) instead of growing the process
    con.execute(f"SET memory_limit = {lit(settings.current().duckdb_memory)}")
    if database == ":memory:":  # spills go to scratch space, never `.tmp` in the current dir
        con.execute(f"SET temp_directory = {lit(str(scratch_dir()))}")
    return con


def parquet_options(kv: Mapping[str, str] | None = None) -> str:
    """`COPY … TO` options for the project's Parquet files: zstd, plus key-value metadata."""
    options = "FORMAT parquet, COMPRESSION zstd"
    if kv:
        pairs = ", ".join(f"{lit(k)}: {lit(v)}" for k, v in kv.items())
        options += f", KV_METADATA {{{pairs}}}"
    return options
