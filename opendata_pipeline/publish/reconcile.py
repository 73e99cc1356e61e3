"""What each portal holds vs. the catalogue, one line per dataset × portal, for the steward.

Status: up to date, stale (files or the link to the twin record behind), missing, blocked
(the gate refused the latest release), duplicate, or the portal unreachable — each with why,
and links to the record on this portal and to its twin. A French HTML page and a JSON file.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.base import Publisher
from opendata_pipeline.publish.errors import PublishError
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.portals import declared_portals, portal
from opendata_pipeline.storage.paths import published_dir, reports_dir

STATUS_LABELS = {
    "up_to_date": "à jour",
    "stale": "périmé",
    "present": "présent (version non vérifiable)",
    "missing": "absent",
    "blocked": "bloqué",
    "duplicate": "en double",
    "error": "portail injoignable",
}


def local_release(entry: DatasetEntry) -> PublishedDataset | None:
    """The release on disk (its manifest only), or None before the first one."""
    folder = published_dir(entry.id)
    try:
        return PublishedDataset.load(folder, verify=False)
    except DatasetError:
        return None


def gate_blocks(dataset: str) -> list[str]:
    """The BLOCK rules that failed on the latest release checked (`compliance.json`), in
    French: why the portals keep the previous version."""
    path = reports_dir(dataset) / "compliance.json"
    if not path.is_file():
        return []
    doc = json.loads(path.read_text("utf-8"))
    if not doc.get("blocked"):
        return []
    return [
        f"{r['rule']} : {r['message']}"
        for r in doc.get("rules", [])
        if r.get("verdict") == "FAIL" and r.get("severity") == "BLOCK"
    ]


def _row(
    entry: DatasetEntry,
    portal_id: str,
    publisher: Publisher,
    local: PublishedDataset | None,
    blocks: list[str],
) -> dict[str, Any]:
    others = [p for p in declared_portals(entry) if p.id != portal_id]
    twin = cw.landing_page(entry, others[0].id, publisher.public_urls) if others else None
    row: dict[str, Any] = {
        "dataset": entry.id,
        "title": entry.title,
        "portal": portal_id,
        "portal_name": portal(portal_id).name,
        "identifier": cw.stable_identifier(entry),
        "high_value": entry.high_value is not None,
        "page": cw.landing_page(entry, portal_id, publisher.public_urls),
        "twin": twin,
        "twin_linked": None,
        "portal_ids": [],
        "url": None,
        "stale_files": [],
        "reasons": [],
        "detail": None,
    }
    reasons: list[str] = row["reasons"]
    try:
        state = publisher.remote_state(entry)
    except PublishError as exc:
        row.update(status="error", detail=str(exc))
        reasons.append(str(exc))
        return row
    local_hashes = {f.name: f.sha256 for f in (local.files.values() if local else [])}
    row.update(portal_ids=state.portal_ids, url=state.url)
    compared = {n: h for n, h in state.file_hashes.items() if n in local_hashes}
    row["stale_files"] = stale = sorted(
        n for n, h in compared.items() if h and h != local_hashes[n]
    )
    sent = publisher.ledger.published(portal_id, entry.id)  # empty: unknown, nothing recorded
    twin_there = twin is not None and publisher.ledger.published(others[0].id, entry.id)
    if state.portal_ids and sent and twin_there:  # else there is nothing to link to yet
        row["twin_linked"] = sent.get("twin") == twin
    if blocks:
        row["status"] = "blocked"
        reasons += blocks
    elif not state.portal_ids:
        row["status"] = "missing"
        reasons.append(
            "pas encore publié" if local else "aucune version validée à publier (published/ vide)"
        )
    elif len(state.portal_ids) > 1:
        row["status"] = "duplicate"
        reasons.append(f"{len(state.portal_ids)} fiches pour le même identifiant")
    elif stale or row["twin_linked"] is False:
        row["status"] = "stale"
        if stale:
            reasons.append(f"fichiers plus anciens que la version validée : {', '.join(stale)}")
        if row["twin_linked"] is False:
            reasons.append("lien vers la fiche de l'autre portail absent (ajouté au prochain run)")
    elif compared and all(compared.values()):
        row["status"] = "up_to_date"
    else:
        row["status"] = "present"
        reasons.append("le portail ne donne pas l'empreinte des fichiers")
    return row


def reconcile(
    entries: Iterable[DatasetEntry], publishers: Mapping[str, Publisher]
) -> list[dict[str, Any]]:
    """One row per dataset × declared portal (JSON-ready; `label` is for the steward)."""
    rows: list[dict[str, Any]] = []
    for entry in entries:
        local = local_release(entry)
        blocks = gate_blocks(entry.id)
        for spec in declared_portals(entry):
            publisher = publishers.get(spec.id)
            if publisher is None:
                continue
            row = _row(entry, spec.id, publisher, local, blocks)
            row["label"] = STATUS_LABELS[row["status"]]
            rows.append(row)
    return rows


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """The report as a Markdown table for the steward (French headers)."""
    lines = [
        "| Jeu | Portail | État | Pourquoi | Fiche | Fiche jumelle |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        why = " ; ".join(row["reasons"]).replace("|", "/") or "—"
        twin = row["twin"] or "—"
        lines.append(
            f"| {row['dataset']} | {row['portal']} | {row['label']} | {why} | {row['page']} "
            f"| {twin} |"
        )
    return "\n".join(lines) + "\n"


_CSS = (
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #bbb;padding:.3em .6em;vertical-align:top}"
    ".up_to_date{background:#e6f4e6}.stale,.present{background:#fff4d6}"
    ".missing,.blocked,.error,.duplicate{background:#fde2e2}"
)


def html_page(rows: list[dict[str, Any]], generated_at: str) -> str:
    """The French status page: one line per dataset × portal, with links to both records."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["label"]] = counts.get(row["label"], 0) + 1
    summary = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))

    def link(url: str | None) -> str:
        return f"<a href='{html.escape(url)}'>{html.escape(url)}</a>" if url else "—"

    lines = []
    for row in rows:
        why = "<br>".join(html.escape(r) for r in row["reasons"]) or "—"
        linked = {True: " (lien présent)", False: " (lien absent)"}.get(row["twin_linked"], "")
        lines.append(
            f"<tr class='{row['status']}'><td>{html.escape(row['title'])}<br>"
            f"<code>{html.escape(row['dataset'])}</code></td>"
            f"<td>{'oui' if row['high_value'] else 'non'}</td>"
            f"<td>{html.escape(row['portal_name'])}</td><td>{html.escape(row['label'])}</td>"
            f"<td>{why}</td><td>{link(row['page'])}</td>"
            f"<td>{link(row['twin'])}{linked}</td></tr>"
        )
    return (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>État des publications sur les portails</title><style>{_CSS}</style></head>"
        "<body><h1>État des publications sur les portails</h1>"
        f"<p>Généré le {html.escape(generated_at)} : {html.escape(summary) or 'aucun jeu'}.</p>"
        "<table><tr><th>Jeu</th><th>Forte valeur</th><th>Portail</th><th>État</th>"
        "<th>Pourquoi</th><th>Fiche sur ce portail</th><th>Fiche sur l'autre portail</th></tr>"
        + "".join(lines)
        + "</table></body></html>\n"
    )
