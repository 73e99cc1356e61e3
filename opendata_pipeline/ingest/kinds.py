"""The source kinds: each reader module of `ingest/` declares its `SourceKind` at module level.

A kind names its accepted content types, how its raw files are fetched, how they become typed
Parquet and the `Options` model of its catalogue `source` fields; `kinds()` finds every
`SourceKind` of the `ingest` package's modules and of the plugins (`opendata_pipeline.plugins`),
so a new kind is one module. A catalogue `source` is validated by the model of its `kind`
(`Source`: a union discriminated on `kind`, its members read from this registry).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    SerializeAsAny,
    field_validator,
    with_config,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

if TYPE_CHECKING:
    from opendata_pipeline.ingest.http import FetchResult, HttpFetcher
    from opendata_pipeline.ingest.result import ReadResult


class SourceOptions(BaseModel):
    """The fields of every `source`; a kind's `Options` subclasses it with its own fields."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    kind: str
    url: str = Field(min_length=1)
    licence: str | None = None  # licence of the upstream source (share-alike must propagate)
    # assets of this project that produce the source (e.g. `mobility/parking_occupancy`)
    upstream: list[str] = Field(default_factory=list)
    max_bytes: int = Field(default=2 * 1024**3, gt=0)
    timeout_s: float = Field(default=60, gt=0)
    options: Mapping[str, Any] = Field(default_factory=dict)  # typed by each kind


@with_config(ConfigDict(extra="forbid"))
class KindOptions(TypedDict, total=False):
    """`options` every kind takes; a kind's own `options` type adds its keys."""

    licence: str  # the upstream licence, when not given as `source.licence`


@with_config(ConfigDict(extra="forbid"))
class DownloadOptions(KindOptions, total=False):
    """`options` of a kind fetched as one file (`sources.fetch_file`)."""

    file_name: str  # name of the raw file (default: the URL's last segment)


@with_config(ConfigDict(extra="forbid"))
class FileOptions(DownloadOptions, total=False):
    """`options` of a kind whose one file is looked at before reading (`SourceKind.detect`)."""

    archive_member: str  # the data file to read in a zip archive holding several


@with_config(ConfigDict(extra="forbid"))
class PointOptions(TypedDict, total=False):
    """`options` of a kind holding points: the box they must fall in, and whether a
    `[lat, lon]` swap is fixed (see `records.PointFixer`)."""

    bbox: list[float]
    fix_swapped_coordinates: bool


@dataclass(frozen=True)
class FetchRequest:
    """What a kind's `fetch` needs: write the raw files of `source` into `dest_dir`.

    `previous` is the last manifest (single-file kinds raise `SourceUnchanged` when it says the
    source has not changed)."""

    source: Any  # the kind's own `Options` model
    dest_dir: Path
    fetcher: HttpFetcher
    dataset: str
    previous: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class SourceKind:
    """One kind of source.

    `content_types`: media types a response may have (`fnmatch` patterns; generic binary/text
    types are always accepted, HTML never; empty: anything but HTML). `fetch` writes the raw
    files of a snapshot (one `FetchResult` per file written); `to_parquet(raw_files, dst, source, dataset)` reads them (`kv=` too
    when `provenance`: metadata for the Parquet file). `detect`: each raw file is looked at first
    (HTML, PDF, spreadsheets refused by name; a zip's data file unpacked). `may_be_empty`: 0 rows
    from a non-empty file is not an error (an already typed file).
    """

    name: str
    content_types: tuple[str, ...]
    fetch: Callable[[FetchRequest], list[FetchResult]]
    to_parquet: Callable[..., ReadResult]
    Options: type[SourceOptions]
    detect: bool = False
    provenance: bool = False
    may_be_empty: bool = False


@cache
def kinds() -> dict[str, SourceKind]:
    """Every source kind by name: those declared in the `ingest` modules, then the plugins'."""
    from opendata_pipeline import plugins

    package = importlib.import_module("opendata_pipeline.ingest")
    modules = [
        importlib.import_module(f"{package.__name__}.{m.name}")
        for m in pkgutil.iter_modules(package.__path__)
    ]
    found: dict[str, SourceKind] = {}
    for module in (*modules, *plugins.modules("opendata_pipeline.source_kinds")):
        for kind in (v for v in vars(module).values() if isinstance(v, SourceKind)):
            if found.setdefault(kind.name, kind) is not kind:
                raise ValueError(f"source kind '{kind.name}' is declared twice")
            if kind.Options.model_fields["kind"].annotation is str:
                raise ValueError(
                    f"source kind '{kind.name}': its Options must declare kind: Literal"
                )
    return found


def kind_of(name: str) -> SourceKind:
    """The kind called `name` (ValueError naming the known kinds otherwise)."""
    found = kinds().get(name)
    if found is None:
        known = ", ".join(sorted(kinds()))
        raise ValueError(f"unknown source kind '{name}' (expected one of {known})")
    return found


class _Kind(BaseModel):
    """Only the `kind` of a source, checked first so that an unknown kind is named as such."""

    model_config = ConfigDict(extra="ignore")
    kind: str

    @field_validator("kind")
    @classmethod
    def _known(cls, value: str) -> str:
        kind_of(value)
        return value


def _by_kind(value: Any) -> SourceOptions:
    if isinstance(value, SourceOptions):
        return value
    if not isinstance(value, Mapping):
        raise PydanticCustomError(
            "dict_type", "Input should be a valid dictionary or instance of Source"
        )
    name = _Kind.model_validate(value).kind
    return kind_of(name).Options.model_validate(value)


# A catalogue `source`: validated by the `Options` model of its kind (errors keep their field).
Source = Annotated[SerializeAsAny[SourceOptions], PlainValidator(_by_kind)]


def make_source(**fields: Any) -> SourceOptions:
    """A source from its fields (`kind` chooses the model), as the catalogue validates it."""
    return _by_kind(fields)
