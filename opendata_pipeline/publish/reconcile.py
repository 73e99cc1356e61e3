"""What each portal holds vs. the catalogue: present, up to date, stale, missing, duplicate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.paths import published_dir
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.base import Publisher
from opendata_pipeline.publish.errors import PublishError
from opendata_pipeline.publish.model import PublishedDataset

STATUS_LABELS = {
    "up_to_date": "à jour",
    "stale": "périmé",
    "present": "présent (version non vérifiable)",
    "missing": "absent",
    "duplicate": "en double",
    "error": "portail injoignable",
}


def _local(entry: DatasetEntry) -> PublishedDataset | None:
    folder = published_dir(entry.id)
    try:
        return PublishedDataset.load(folder, verify=False) if folder.is_dir() else None
    except DatasetError:
        return None


def reconcile(
    entries: Iterable[DatasetEntry], publishers: Mapping[str, Publisher]
) -> list[dict[str, Any]]:
    """One row per dataset × declared portal (JSON-ready; `label` is for the steward)."""
    rows: list[dict[str, Any]] = []
    for entry in entries:
        local = _local(entry)
        local_hashes = {f.name: f.sha256 for f in (local.files.values() if local else [])}
        for portal, publisher in publishers.items():
            if getattr(entry.portals, portal, None) is None:
                continue
            row: dict[str, Any] = {
                "dataset": entry.id,
                "portal": portal,
                "identifier": cw.stable_identifier(entry),
                "high_value": entry.high_value is not None,
                "twin": cw.twin_reference(entry, portal, publisher.public_urls),
                "portal_ids": [],
                "url": None,
                "stale_files": [],
                "detail": None,
            }
            try:
                state = publisher.remote_state(entry)
            except PublishError as exc:
                row.update(status="error", detail=str(exc))
            else:
                row.update(portal_ids=state.portal_ids, url=state.url)
                compared = {n: h for n, h in state.file_hashes.items() if n in local_hashes}
                stale = sorted(n for n, h in compared.items() if h and h != local_hashes[n])
                row["stale_files"] = stale
                if not state.portal_ids:
                    row["status"] = "missing"
                elif len(state.portal_ids) > 1:
                    row["status"] = "duplicate"
                elif stale:
                    row["status"] = "stale"
                elif compared and all(compared.values()):
                    row["status"] = "up_to_date"
                else:
                    row["status"] = "present"
            row["label"] = STATUS_LABELS[row["status"]]
            rows.append(row)
    return rows


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """The report as a Markdown table for the steward (French headers)."""
    lines = [
        "| Jeu | Portail | État | Identifiants portail | Fichiers périmés | Jumeau |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        ids = ", ".join(row["portal_ids"]) or "—"
        stale = ", ".join(row["stale_files"]) or "—"
        lines.append(
            f"| {row['dataset']} | {row['portal']} | {row['label']} | {ids} | {stale} "
            f"| {row['twin'] or '—'} |"
        )
    return "\n".join(lines) + "\n"
