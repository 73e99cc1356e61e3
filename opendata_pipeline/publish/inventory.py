"""The répertoire of what is published (CRPA L322-6, R-REPERTOIRE): one row per published
dataset, one Parquet file per publisher, under `OPENDATA_HOME/catalog/inventory/`.

It is the source of the publishers' SCDL « Catalogue simplifié » entries (a `parquet` source with
`upstream: [catalog/inventory]` and a `schema_mapping` to `scdl/catalogue`): every value comes
from the catalogue entry or the release manifest, nothing is guessed. An entry reading the
inventory is not listed in it (it would depend on itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.portals import declared_portals
from opendata_pipeline.storage.paths import atomic_path, opendata_home

INVENTORY_ASSET = "catalog/inventory"
SCHEMA = pa.schema(
    [
        ("identifiant", pa.string()),
        ("titre", pa.string()),
        ("description", pa.string()),
        ("theme", pa.string()),  # EU data-theme code of the first theme
        ("producteur", pa.string()),
        ("couverture_spatiale", pa.string()),  # the entry's `spatial` (INSEE or SIREN code)
        ("debut", pa.date32()),  # `temporal` start and end
        ("fin", pa.date32()),
        ("premiere_publication", pa.date32()),  # `issued`
        ("frequence", pa.string()),  # the entry's `frequency`
        ("mise_a_jour", pa.date32()),  # the release's publication date
        ("mots_cles", pa.string()),  # keywords, `;`-separated
        ("licence", pa.string()),
        ("ressources", pa.int32()),
        ("formats", pa.string()),  # file kinds, `;`-separated
        ("page", pa.string()),  # the dataset's page on its first portal
    ]
)


def inventory_dir() -> Path:
    return opendata_home() / "catalog" / "inventory"


def publisher_slug(publisher: str) -> str:
    """`Ville de Montpellier` → `ville-de-montpellier` (the file of that publisher)."""
    return re.sub(r"[^a-z0-9]+", "-", cw.normalise(publisher)).strip("-")


def reads_inventory(entry: DatasetEntry) -> bool:
    return INVENTORY_ASSET in entry.source.upstream


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None  # a year or a period the SCDL dates cannot hold: left empty, never invented


def inventory_row(entry: DatasetEntry, published: PublishedDataset) -> dict[str, object]:
    """One published dataset as the répertoire lists it."""
    start, end = cw.temporal_bounds(entry)
    portals = [p.id for p in declared_portals(entry)]
    themes = cw.theme_codes(entry)  # a theme outside the EU vocabulary: the row says no theme
    return {
        "identifiant": entry.id,
        "titre": entry.title,
        "description": entry.description,
        "theme": themes[0] if themes else None,
        "producteur": entry.publisher,
        "couverture_spatiale": entry.spatial,
        "debut": _date(start),
        "fin": _date(end),
        "premiere_publication": entry.issued,
        "frequence": entry.frequency,
        "mise_a_jour": published.published_at.date(),
        "mots_cles": ";".join(entry.keywords) or None,
        "licence": entry.licence,
        "ressources": len(published.files),
        "formats": ";".join(sorted(published.files)),
        "page": cw.landing_page(entry, portals[0], cw.PUBLIC_URLS) if portals else None,
    }


def write_inventory(
    entries: Iterable[DatasetEntry], folders: dict[str, Path], target: Path | None = None
) -> dict[str, int]:
    """Write one Parquet file per publisher from the entries that have a release in `folders`
    (dataset → published folder); rows per file written."""
    target = target or inventory_dir()
    by_publisher: dict[str, list[dict[str, object]]] = {}
    for entry in entries:
        folder = folders.get(entry.id)
        if reads_inventory(entry) or folder is None or not (folder / "manifest.json").is_file():
            continue
        published = PublishedDataset.load(folder, verify=False)
        by_publisher.setdefault(entry.publisher, []).append(inventory_row(entry, published))
    counts = {}
    for publisher, rows in sorted(by_publisher.items()):
        path = target / f"{publisher_slug(publisher)}.parquet"
        rows.sort(key=lambda r: str(r["identifiant"]))
        with atomic_path(path) as tmp:
            pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), tmp, compression="zstd")
        counts[path.name] = len(rows)
    for stale in target.glob("*.parquet"):  # a publisher with nothing published any more
        if stale.name not in counts:
            stale.unlink()
    return counts
