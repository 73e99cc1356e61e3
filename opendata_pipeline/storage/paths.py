"""The data layout under `OPENDATA_HOME` (design.md) and atomic writes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from opendata_pipeline import settings


def opendata_home() -> Path:
    """`OPENDATA_HOME`, default `./var`."""
    return settings.current().home


def raw_dir(dataset: str, partition: str) -> Path:
    return opendata_home() / "raw" / dataset / partition


def clean_path(dataset: str, partition: str) -> Path:
    return opendata_home() / "clean" / dataset / f"{partition}.parquet"


def published_dir(dataset: str) -> Path:
    return opendata_home() / "published" / dataset


def reports_dir(dataset: str) -> Path:
    return opendata_home() / "reports" / dataset


def outbox_dir(portal: str, dataset: str) -> Path:
    return opendata_home() / "outbox" / portal / dataset


def warehouse_path() -> Path:
    return opendata_home() / "warehouse.duckdb"


def work_dir() -> Path:
    """Scratch space for intermediate files (same file system as the zones, for renames)."""
    path = opendata_home() / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def scratch_dir() -> Path:
    """Scratch space for files never renamed into a zone (a transcoded CSV, a k-anonymity
    stage, DuckDB spills): `OPENDATA_HOME/tmp` when set, else the system temporary directory —
    never the current directory."""
    if settings.current().home_configured:
        return work_dir()
    return Path(tempfile.gettempdir())


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it over `target` only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    tmp_path.chmod(0o644)  # mkstemp makes it owner-only; published files are public
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))


def sha256_file(path: Path) -> str:
    """Streaming sha256 of a file (hex)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is (re)written, atomically or in place; None when absent."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
