"""Official Table Schemas bundled with the pipeline (see PROVENANCE.md): where a reference
(`scdl/deliberations` or a path) points, its descriptor and its public identity.

Plain `json` only: the catalogue loader reads descriptors while definitions load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMAS_DIR = Path(__file__).resolve().parent
# schema.data.gouv.fr: a referenced schema's page and the copy of each released version.
SCHEMA_SITE = "https://schema.data.gouv.fr"


def bundled_schema_names() -> list[str]:
    return sorted(str(p.parent.relative_to(SCHEMAS_DIR)) for p in SCHEMAS_DIR.rglob("schema.json"))


def resolve(ref: str | Path) -> Path:
    """A path to a `schema.json`, or a bundled schema by name (`scdl/subventions`)."""
    path = Path(ref)
    if path.is_file():
        return path
    bundled = SCHEMAS_DIR / str(ref) / "schema.json"
    if not bundled.is_file():
        known = ", ".join(bundled_schema_names())
        raise FileNotFoundError(f"schema '{ref}' not found (bundled: {known})")
    return bundled


def schema_name(path: Path) -> str:
    """`scdl/deliberations` for a bundled schema, else the path."""
    try:
        return str(path.resolve().parent.relative_to(SCHEMAS_DIR))
    except ValueError:
        return str(path)


@lru_cache(maxsize=64)
def _read(path: Path, stamp: tuple[int, int]) -> dict[str, Any]:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("fields"), list):
        raise ValueError(f"{path}: not a Table Schema (no 'fields')")
    return descriptor


def descriptor(ref: str | Path) -> dict[str, Any]:
    """The schema's descriptor (cached while the file is unchanged; do not mutate it)."""
    path = resolve(ref).resolve()
    info = path.stat()
    return _read(path, (info.st_mtime_ns, info.st_size))


@dataclass(frozen=True)
class SchemaReference:
    """How metadata names a schema: DCAT `dct:conformsTo`, the portals' schema fields."""

    name: str  # scdl/deliberations
    version: str
    title: str
    url: str | None  # the pinned version's schema.json (the descriptor's `path`)
    page: str | None  # its page on schema.data.gouv.fr


def reference(ref: str | Path) -> SchemaReference:
    """The public identity of a schema: name, version, title and the URL of that version.

    The URL is the descriptor's own `path` (the pinned version's `schema.json`, legal-rules
    R-SCHEMA); a bundled schema without one gets its schema.data.gouv.fr address.
    """
    path = resolve(ref)
    desc = descriptor(path)
    name = schema_name(path)
    version = str(desc.get("version", "")) or "latest"
    bundled = not Path(name).is_absolute()
    page = f"{SCHEMA_SITE}/{name}/{version}/" if bundled else None
    url = desc.get("path")
    if not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        url = f"{SCHEMA_SITE}/schemas/{name}/{version}/schema.json" if bundled else None
    return SchemaReference(name, version, str(desc.get("title") or name), url, page)
