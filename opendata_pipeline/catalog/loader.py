"""Load and check the catalogue folder: every error names the file, the field and the problem."""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from opendata_pipeline import settings
from opendata_pipeline.catalog.mapping import local_source_columns, mapping_problems
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.storage.paths import atomic_write_text, opendata_home

BUNDLED_CATALOG_DIR = Path(__file__).parent / "datasets"
PACKAGE_DIR = Path(__file__).parent.parent


@dataclass(frozen=True)
class CatalogError:
    """One problem in one catalogue file."""

    file: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.problem}"


@dataclass
class Catalog:
    """The valid entries, the files they came from, and the errors of the invalid ones."""

    directory: Path
    entries: dict[str, DatasetEntry] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    errors: list[CatalogError] = field(default_factory=list)

    def __iter__(self) -> Iterator[DatasetEntry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, dataset_id: str) -> DatasetEntry:
        return self.entries[dataset_id]

    def resolve_path(self, dataset_id: str, url: str) -> Path:
        """A local source path: absolute, or relative to the entry's file, then to the package."""
        return resolve_local(url, self.files[dataset_id])


def resolve_local(url: str, entry_file: Path) -> Path:
    """A local source path: absolute, or relative to the entry's file, then to the package."""
    raw = url.removeprefix("file://").replace("{OPENDATA_HOME}", str(opendata_home()))
    path = Path(raw)
    if path.is_absolute():
        return path
    for base in (entry_file.parent, PACKAGE_DIR):
        candidate = base / path
        if candidate.exists():
            return candidate
    return entry_file.parent / path


def catalog_dir() -> Path:
    """`OPENDATA_CATALOG_DIR` when set, else the bundled sample catalogue."""
    return settings.current().catalog_dir or BUNDLED_CATALOG_DIR


def _field_name(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc if not str(p).startswith(("literal[", "Policy", "function-"))]
    return ".".join(parts).replace("schema_", "schema") or "(entry)"


def _validation_errors(file: str, exc: ValidationError) -> list[CatalogError]:
    errors: list[CatalogError] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors():
        loc = err["loc"]
        # personal_data is `none` or a policy: report the policy branch unless the value is a str
        if loc and loc[0] == "personal_data" and len(loc) > 1 and str(loc[1]).startswith("literal"):
            continue
        name = _field_name(loc)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (check its spelling)"
        if (name, msg) not in seen:
            seen.add((name, msg))
            errors.append(CatalogError(file, name, msg))
    return errors


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~8x faster on 1,000 files
_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Catalog]] = {}


def load_catalog(directory: Path | None = None) -> Catalog:
    """Read every `*.yaml`/`*.yml` of the folder; invalid entries go to `errors`, never raise.

    The result is cached per folder until a file is added, removed or modified (the defs modules,
    the CLI and the schedules all ask for it while definitions load).
    """
    directory = directory or catalog_dir()
    if not directory.is_dir():
        catalog = Catalog(directory=directory)
        catalog.errors.append(
            CatalogError(str(directory), "(folder)", "catalogue folder not found")
        )
        return catalog
    paths = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    key = directory.resolve()
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    catalog = _read(directory, paths, dict(zip(paths, stamp, strict=True)))
    _cache[key] = (stamp, catalog)
    return catalog


def _code_version() -> str:
    """Changes whenever the entry model changes: a cache written by other code is ignored."""
    from opendata_pipeline.ingest.kinds import kinds

    digest = hashlib.sha256()
    for module in ("catalog/model.py", "catalog/mapping.py", "anonymize/policy.py"):
        digest.update((PACKAGE_DIR / module).read_bytes())
    for kind in sorted(kinds().values(), key=lambda k: k.name):  # each kind's options model
        digest.update(kind.name.encode())
        digest.update(Path(inspect.getfile(kind.Options)).read_bytes())
    return digest.hexdigest()[:16]


def _disk_cache_path(directory: Path) -> Path:
    name = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    return opendata_home() / ".cache" / f"catalog-{name}.json"


def _load_disk_cache(path: Path, version: str) -> dict[str, Any]:
    """Validated entries (as JSON) of unchanged files from the last load in another process."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("entries") if data.get("version") == version else None
    return entries if isinstance(entries, dict) else {}


def _read(directory: Path, paths: list[Path],
          stamps: dict[Path, tuple[str, int, int]]) -> Catalog:  # fmt: skip
    """Parse the folder; files unchanged since the on-disk cache skip YAML parsing (the costly
    part with 1,000 entries: every code-server and run process loads the catalogue)."""
    catalog = Catalog(directory=directory)
    version = _code_version()
    cache_path = _disk_cache_path(directory)
    cached = _load_disk_cache(cache_path, version)
    fresh: dict[str, Any] = {}
    for path in paths:
        name = path.name
        hit = cached.get(name)
        if hit is not None and hit.get("stamp") == list(stamps[path]):
            entry = DatasetEntry.model_validate_json(hit["entry"])
            fresh[name] = hit
            _add(catalog, entry, path)
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            where = getattr(exc, "problem_mark", None)
            line = f"line {where.line + 1}" if where is not None else "(file)"
            catalog.errors.append(
                CatalogError(name, line, f"not valid YAML: {exc}".splitlines()[0])
            )
            continue
        if not isinstance(data, dict):
            catalog.errors.append(CatalogError(name, "(entry)", "must be a YAML mapping"))
            continue
        try:
            entry = DatasetEntry.model_validate(data)
        except ValidationError as exc:
            catalog.errors.extend(_validation_errors(name, exc))
            continue
        fresh[name] = {"stamp": list(stamps[path]), "entry": entry.model_dump_json(by_alias=True)}
        _add(catalog, entry, path)
    if fresh != cached:
        with contextlib.suppress(OSError):  # a read-only home only costs the parse next time
            atomic_write_text(cache_path, json.dumps({"version": version, "entries": fresh}))
    return catalog


def schema_problems(entry: DatasetEntry, entry_file: Path) -> list[CatalogError]:
    """The entry's schema cannot be found, or its `schema_mapping` leaves a required field
    unmapped or reads a column the (local) source does not have; not cached: the schema and
    the source file may change without the YAML changing."""
    if not entry.schema_:
        return []
    if entry.schema_mapping is None:
        from opendata_pipeline import schemas

        try:
            schemas.resolve(entry.schema_)
        except FileNotFoundError as exc:
            return [CatalogError(entry_file.name, "schema", str(exc))]
        return []
    source = entry.source
    columns = None
    if not source.url.startswith(("http://", "https://")):
        columns = local_source_columns(
            source.kind, resolve_local(source.url, entry_file), source.model_dump()
        )
    policy = entry.policy
    dropped = (
        frozenset([*policy.secret_columns, *(c for c, a in policy.columns.items() if a == "drop")])
        if policy
        else None
    )
    problems = mapping_problems(
        entry.schema_,
        entry.schema_mapping,
        source_columns=columns,
        source_file=Path(source.url).name,
        dropped=dropped or frozenset(),
    )
    return [
        CatalogError(entry_file.name, where, f"{problem} (entry '{entry.id}')")
        for where, problem in problems
    ]


def _add(catalog: Catalog, entry: DatasetEntry, path: Path) -> None:
    problems = schema_problems(entry, path)
    if problems:  # the entry is skipped, the others run
        catalog.errors.extend(problems)
        return
    if entry.id in catalog.entries:
        first = catalog.files[entry.id].name
        catalog.errors.append(
            CatalogError(path.name, "id", f"duplicate id '{entry.id}' (also in {first})")
        )
        return
    catalog.entries[entry.id] = entry
    catalog.files[entry.id] = path
