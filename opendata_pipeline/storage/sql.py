"""Quoting for the few SQL strings built from names and paths (never from data values), the
project's DuckDB connections and COPY options, and a COPY that checksums what it writes."""

from __future__ import annotations

import fcntl
import hashlib
import os
import stat
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

import duckdb

from .. import settings
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


F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
PIPE_BYTES = 1 << 20
CSV_OPTIONS = "FORMAT csv, HEADER, DELIMITER ','"  # published CSV: UTF-8, quotes where needed


def filled(expr: str) -> str:
    """SQL: `expr` holds something other than NULL or blanks."""
    return f"({expr} IS NOT NULL AND trim(CAST({expr} AS VARCHAR)) <> '')"


def parquet_options(kv: Mapping[str, str] | None = None) -> str:
    """`COPY … TO` options for the project's Parquet files: zstd, plus key-value metadata."""
    options = "FORMAT parquet, COMPRESSION zstd"
    if kv:
        pairs = ", ".join(f"{lit(k)}: {lit(v)}" for k, v in kv.items())
        options += f", KV_METADATA {{{pairs}}}"
    return options


def copy_hashed(con: duckdb.DuckDBPyConnection, query: str, target: Path, options: str) -> str:
    """`COPY (query) TO target (options)`, returning the file's sha256 computed as it is written.

    DuckDB writes into a named pipe that a thread copies to `target`, hashing: the file is not
    read a second time for its checksum (and the hashing runs beside DuckDB's threads). The
    pipe's read end and a writing end of ours are open before the COPY starts, so the reader
    sees end-of-file only once DuckDB is done (or failed before opening the pipe).
    """
    pipe = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.pipe")
    os.mkfifo(pipe, 0o600)
    try:
        with (
            os.fdopen(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK), "rb", buffering=0) as source,
            ThreadPoolExecutor(1) as reader,
        ):
            os.set_blocking(source.fileno(), True)
            with suppress(OSError):  # fewer, larger writes and reads (Linux; 1 MiB by default)
                fcntl.fcntl(source.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
            hold = os.open(pipe, os.O_WRONLY)
            copied = reader.submit(_drain, source, target)
            try:
                con.execute(f"COPY ({query}) TO {lit(pipe)} ({options}, USE_TMP_FILE false)")
            finally:
                os.close(hold)
                digest = copied.result()  # the copy's own error first (a full disk…)
        if not stat.S_ISFIFO(pipe.stat().st_mode):  # the COPY went elsewhere, not through us
            raise RuntimeError(f"DuckDB replaced the pipe {pipe.name} instead of writing into it")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        pipe.unlink(missing_ok=True)
    return digest


def _drain(pipe: BinaryIO, target: Path) -> str:
    """Copy `pipe` into `target`; the sha256 of the bytes. One thread, reads as large as the
    pipe: cheaper than DuckDB writing the file and reading it back."""
    digest = hashlib.sha256()
    try:
        with target.open("wb") as out:
            while chunk := pipe.read(PIPE_BYTES):
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        while pipe.read(PIPE_BYTES):  # read on: DuckDB would block on a full pipe
            pass
        raise
    return digest.hexdigest()
