"""Data zones on S3-compatible object storage, selected by `OPENDATA_ZONES_URL=s3://bucket/prefix`.

Compute always works on local files under `OPENDATA_HOME` (a pod's scratch space). With the
variable set, each stage uploads what it wrote (one object per file, a release's `manifest.json`
last) and downloads the inputs a fresh working directory lacks; `<prefix>/<zone>/…` mirrors
`OPENDATA_HOME/<zone>/…`. Unset, every function here does nothing. Credentials come from
`OPENDATA_S3_KEY_ID`/`OPENDATA_S3_SECRET` (else the SDK's default chain) and are never logged.
Only the stage layer (`opendata_pipeline.pipeline`) calls this module: engines get local paths.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from opendata_pipeline import settings
from opendata_pipeline.storage.paths import atomic_path, opendata_home, signature

if TYPE_CHECKING:  # pyarrow is imported when used: loading the definitions stays fast
    import pyarrow.dataset as ds
    import pyarrow.fs as pafs

ZONES_URL = "OPENDATA_ZONES_URL"
MANIFEST = "manifest.json"
_CHUNK = 8 << 20


@dataclass(frozen=True)
class ObjectStore:
    """The bucket and key prefix the zones live under, and the S3 client to reach them."""

    root: str  # "bucket/prefix", no trailing slash
    fs: pafs.FileSystem = field(repr=False)

    def key(self, rel: str) -> str:
        return f"{self.root}/{rel}".rstrip("/")

    def listing(self, rel: str) -> list[str]:
        """Every object under the folder `rel`, as paths relative to `OPENDATA_HOME`."""
        import pyarrow.fs as pafs

        selector = pafs.FileSelector(self.key(rel), recursive=True, allow_not_found=True)
        infos = self.fs.get_file_info(selector)
        start = len(self.root) + 1
        return [i.path[start:] for i in infos if i.type == pafs.FileType.File]

    def exists(self, rel: str) -> bool:
        import pyarrow.fs as pafs

        return bool(self.fs.get_file_info(self.key(rel)).type == pafs.FileType.File)

    def upload(self, rel: str, local: Path) -> None:
        """One object, visible only once complete (S3 never shows a partial upload)."""
        with local.open("rb") as src, self.fs.open_output_stream(self.key(rel)) as dst:
            shutil.copyfileobj(src, dst, _CHUNK)

    def download(self, rel: str, local: Path) -> None:
        with (
            atomic_path(local) as tmp,
            self.fs.open_input_stream(self.key(rel)) as src,
            tmp.open("wb") as dst,
        ):
            shutil.copyfileobj(src, dst, _CHUNK)


def object_store() -> ObjectStore | None:
    """The configured object store, or None when the zones are local (`OPENDATA_ZONES_URL` unset)."""
    config = settings.current().object_store
    if config is None:
        return None
    return _connect(config.url, config.key_id, config.secret, config.region, config.endpoint)


@functools.cache
def _connect(url: str, key_id: str | None, secret: str | None, region: str | None,
             endpoint: str | None) -> ObjectStore:  # fmt: skip
    """One S3 client per configuration: stages call `pull`/`push` for every file."""
    import pyarrow.fs as pafs

    if not url.startswith("s3://") or not url.removeprefix("s3://").strip("/"):
        raise ValueError(f"{ZONES_URL} must look like s3://bucket/prefix")
    fs = pafs.S3FileSystem(
        access_key=key_id if secret else None,
        secret_key=secret if key_id else None,
        region=region,
        endpoint_override=endpoint,
        allow_delayed_open=True,  # a small object is one PutObject, a large one a multipart upload
    )
    return ObjectStore(url.removeprefix("s3://").strip("/"), fs)


def rel_path(path: Path) -> str:
    """`path` relative to `OPENDATA_HOME`, as an object key suffix."""
    return path.resolve().relative_to(opendata_home()).as_posix()


def remote_files(folder: Path) -> list[Path]:
    """The local paths of the objects under `folder`; empty when the zones are local."""
    store = object_store()
    home = opendata_home()
    return sorted(home / name for name in store.listing(rel_path(folder))) if store else []


def remote_exists(path: Path) -> bool:
    store = object_store()
    return store.exists(rel_path(path)) if store else False


def pull(path: Path) -> None:
    """Download the object of `path`, or every object under the folder `path`, missing locally
    (a path outside `OPENDATA_HOME` is no zone: nothing to do)."""
    store = object_store()
    if store is None or path.is_file() or not path.resolve().is_relative_to(opendata_home()):
        return
    rel = rel_path(path)
    if store.exists(rel):
        store.download(rel, path)
        return
    home = opendata_home()
    for name in store.listing(rel):
        if not (home / name).is_file():
            store.download(name, home / name)


def push(paths: Iterable[Path]) -> None:
    """Upload local files in the given order (a manifest goes last); files outside
    `OPENDATA_HOME` are no zone and stay local."""
    store = object_store()
    if store is None:
        return
    home = opendata_home()
    for path in paths:
        if path.resolve().is_relative_to(home):
            store.upload(rel_path(path), path)


def push_release(directory: Path) -> None:
    """Mirror a release folder: its files, then its `manifest.json`, then drop stale objects."""
    store = object_store()
    if store is None:
        return
    prefix = rel_path(directory)
    before = store.listing(prefix)
    files = sorted(p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST)
    for path in [*files, directory / MANIFEST]:
        store.upload(rel_path(path), path)
    kept = {rel_path(p) for p in files} | {f"{prefix}/{MANIFEST}"}
    for name in sorted(set(before) - kept):
        store.fs.delete_file(store.key(name))


def published_dataset(dataset: str) -> ds.Dataset:
    """The published Parquet of `dataset` as an Arrow dataset, read from the object store when
    configured: `duckdb.register("t", published_dataset(id))` then `SELECT … FROM t`."""
    import pyarrow.dataset as ds

    store = object_store()
    rel = str(PurePosixPath("published", dataset, f"{dataset}.parquet"))
    if store is None:
        return ds.dataset(opendata_home() / rel, format="parquet")
    return ds.dataset(store.key(rel), filesystem=store.fs, format="parquet")


def _files(paths: Iterable[Path]) -> list[Path]:
    """The paths, each folder replaced by its files (not the hidden ones: locks, temporaries)."""
    found = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for file in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
            if file.is_file() and not hidden:
                found.append(file)
    return found


@contextmanager
def stage(
    *, inputs: Iterable[Path] = (), outputs: Iterable[Path] = (), on_error: bool = False
) -> Iterator[None]:
    """Run a stage on local files: `inputs` (files or folders) are pulled first; on exit the
    files of `outputs` (files or folders) written meanwhile are pushed, in the given order (a
    manifest last). With `on_error`, they are pushed even when the stage fails (what a portal
    already received, or a history already merged, must survive the pod)."""
    for path in inputs:
        pull(path)
    declared = list(outputs)
    before = {path: signature(path) for path in _files(declared)}
    failed = True
    try:
        yield
        failed = False
    finally:
        if on_error or not failed:
            push(p for p in _files(declared) if signature(p) not in (None, before.get(p)))
