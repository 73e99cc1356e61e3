"""Compliance report per dataset (JSON + French HTML) and the per-release evidence bundle.

Reports hold rule verdicts, counts, column names and legal bases — never a cell value.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.storage.paths import atomic_write_text
from opendata_pipeline.validate.rules import (
    CONSERVATIVE_READINGS,
    OPEN_PRIMARY,
    RuleResult,
    canonical_licence,
    has_blocking_failure,
)
from opendata_pipeline.validate.table_schema import label_fr

VERDICT_FR = {
    "PASS": "conforme",
    "FAIL": "non conforme",
    "NOT_APPLICABLE": "sans objet",
    "WAIVED": "dérogation",
    "SKIPPED": "non vérifié (hors ligne)",
}

CRITERIA_FR = {
    "licence": "licence reconnue",
    "temporal_coverage": "couverture temporelle renseignée",
    "spatial_coverage": "couverture spatiale renseignée",
    "update_frequency": "fréquence de mise à jour renseignée",
    "update_fulfilled_in_time": "mise à jour dans les temps",
    "description_length": "description d'au moins 100 caractères",
    "has_open_format": "au moins un format ouvert",
    "all_resources_available": "toutes les ressources accessibles",
    "resources_documentation": "ressources documentées",
}


def quality_score(entry: DatasetEntry, results: list[RuleResult]) -> dict[str, Any]:
    """Predicted data.gouv.fr metadata quality score: its 9 criteria, each met or not."""
    by_id = {r.rule_id: r for r in results}

    def passed(rule: str) -> bool:
        r = by_id.get(rule)
        return r is not None and r.verdict in ("PASS", "WAIVED")

    formats = by_id.get("R-OPEN-FORMAT")
    open_format = bool(
        formats
        and set(formats.evidence.get("formats", [])) & OPEN_PRIMARY
        and passed("R-OPEN-FORMAT")
    )
    criteria = {
        "licence": canonical_licence(entry.licence) is not None,
        "temporal_coverage": bool(entry.temporal),
        "spatial_coverage": bool(entry.spatial),
        "update_frequency": entry.frequency != "unknown",
        "update_fulfilled_in_time": passed("R-FRESHNESS"),
        "description_length": len(entry.description) >= 100,
        "has_open_format": open_format,
        "all_resources_available": by_id.get("R-FREE") is not None and passed("R-FREE"),
        "resources_documentation": bool(entry.schema_) or len(entry.description) >= 100,
    }
    met = sum(criteria.values())
    return {
        "criteria": criteria,
        "met": met,
        "total": len(criteria),
        "score": round(met / len(criteria), 2),
        "method": "prediction before publication from the catalogue entry and the rule results "
        "(availability = R-FREE, documentation = schema or description of 100+ characters)",
    }


def compliance_document(
    entry: DatasetEntry, results: list[RuleResult], *, release: str, evidence: dict[str, Any]
) -> dict[str, Any]:
    """The machine-readable report (what `compliance.json` holds)."""
    verdicts = Counter(r.verdict for r in results)
    return {
        "dataset": entry.id,
        "title": entry.title,
        "release": release,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "policy_description": entry.policy.description if entry.policy else None,
        "blocked": has_blocking_failure(results),
        "summary": dict(verdicts),
        "quality_score": quality_score(entry, results),
        "conservative_readings": CONSERVATIVE_READINGS,
        "rules": [r.as_dict() for r in results],
        "schema_fields": schema_section(results),
        "evidence": evidence,
    }


def _error_entry(field: str | None, code: str, note: str, count: int, rows: list[int],
                 severity: str) -> dict[str, Any]:  # fmt: skip
    return {
        "field": field,
        "message": label_fr(code, note),
        "code": code,
        "count": count,
        "rows": rows,
        "blocking": severity == "BLOCK",
    }


def schema_section(results: list[RuleResult]) -> dict[str, Any] | None:
    """Per schema field, as Validata shows it: valid and invalid rows, each error in French with
    its count and first row numbers (from R-SCHEMA and R-SCHEMA-CUSTOM; never a value)."""
    by_id = {r.rule_id: r for r in results}
    schema = by_id.get("R-SCHEMA")
    if schema is None or "fields" not in schema.evidence:
        return None
    custom = by_id.get("R-SCHEMA-CUSTOM")
    errors = [
        _error_entry(e["field"], e["code"], e.get("constraint", ""), e["count"],
                     e.get("rows") or [], e["severity"])
        for e in schema.evidence.get("errors", [])
    ] + [
        _error_entry(e["field"], e["check"], e.get("note", ""), e["count"], e.get("rows") or [],
                     e["severity"])
        for e in (custom.evidence.get("errors", []) if custom else [])
    ]  # fmt: skip
    names = {f["field"] for f in schema.evidence["fields"]}
    fields = [
        {**f, "errors": [e for e in errors if e["field"] == f["field"]]}
        for f in schema.evidence["fields"]
    ]
    return {
        "schema": schema.evidence.get("schema"),
        "version": schema.evidence.get("version"),
        "rows": schema.evidence.get("rows"),
        "fields": fields,
        "file_errors": [e for e in errors if e["field"] not in names],
    }


def _schema_html(section: dict[str, Any] | None) -> str:
    if section is None:
        return ""
    esc = html.escape

    def rows_text(rows: list[int]) -> str:
        return ", ".join(str(r) for r in rows) if rows else "—"

    lines = []
    for f in section["fields"]:
        detail = "<br>".join(
            f"{esc(e['message'])} : {e['count']} (lignes {esc(rows_text(e['rows']))})"
            + ("" if e["blocking"] else " — avertissement")
            for e in f["errors"]
        )
        css = "fail" if any(e["blocking"] for e in f["errors"]) else "pass"
        present = "oui" if f["present"] else "absente"
        lines.append(
            f"<tr class='{css}'><td><code>{esc(f['field'])}</code></td>"
            f"<td>{'oui' if f['required'] else 'non'}</td><td>{present}</td>"
            f"<td>{f['valid']}</td><td>{f['invalid']}</td>"
            f"<td>{esc(rows_text(f['first_rows']))}</td><td>{detail or '—'}</td></tr>"
        )
    structure = "".join(
        f"<li>{esc(e['message'])}{' (' + esc(e['field']) + ')' if e['field'] else ''} : "
        f"{e['count']} (lignes {esc(rows_text(e['rows']))})</li>"
        for e in section["file_errors"]
    )
    return f"""<h2>Conformité au schéma {esc(str(section["schema"]))} {esc(str(section["version"]))}
({section["rows"]} lignes)</h2>
<table><tr><th>champ</th><th>obligatoire</th><th>colonne</th><th>lignes valides</th>
<th>lignes invalides</th><th>premières lignes en erreur</th><th>erreurs</th></tr>
{"".join(lines)}
</table>
{f"<ul>{structure}</ul>" if structure else ""}
<p>Numéros de ligne du fichier publié (l'en-tête est la ligne 1).</p>
"""


def summary_markdown(results: list[RuleResult]) -> str:
    """A small Markdown table (rule, verdict, severity) for Dagster metadata."""
    lines = ["| règle | verdict | sévérité |", "|---|---|---|"]
    for r in results:
        if r.verdict != "NOT_APPLICABLE":
            lines.append(f"| {r.rule_id} | {VERDICT_FR[r.verdict]} | {r.severity} |")
    return "\n".join(lines)


def _anonymization_html(doc: dict[str, Any]) -> str:
    """The policy's description and what anonymization cost, per quasi-identifier (counts)."""
    esc = html.escape
    report = doc["evidence"].get("anonymization") or {}
    parts = []
    if doc.get("policy_description"):
        parts.append(f"<p>Politique : {esc(doc['policy_description'])}</p>")
    if report.get("k_requested") and report.get("quasi_identifiers"):
        diversity = (
            f", ℓ demandé {report['l_requested']}, atteint {report['l_reached']}"
            if report.get("l_requested")
            else ""
        )
        parts.append(
            f"<p>k demandé {report['k_requested']}, atteint {report.get('k_reached')}{diversity} ; "
            f"{report.get('rows_suppressed', 0)} ligne(s) sur {report.get('rows_in', 0)} dans des "
            f"classes trop petites ({report.get('rows_removed', 0)} supprimée(s), les autres à "
            "quasi-identifiants masqués).</p>"
        )
        rows = "".join(
            f"<tr><td>{esc(str(c['column']))}</td><td>{esc(str(c['label']))}</td>"
            f"<td>{c['distinct_before']} → {c['distinct_after']}</td>"
            f"<td>{c['cells_generalized']}</td><td>{round(100 * c['loss'])} %</td></tr>"
            for c in report.get("information_loss", [])
        )
        parts.append(
            "<table><tr><th>quasi-identifiant</th><th>niveau</th><th>valeurs distinctes</th>"
            f"<th>cellules généralisées</th><th>perte d'information</th></tr>{rows}</table>"
        )
    return f"<h2>Anonymisation</h2>{''.join(parts)}" if parts else ""


def _html(doc: dict[str, Any], data_docs: str | None) -> str:
    esc = html.escape
    status = (
        "<p class='block'>Publication bloquée : au moins une règle bloquante n'est pas respectée.</p>"
        if doc["blocked"]
        else "<p class='ok'>Publication autorisée.</p>"
    )
    score = doc["quality_score"]
    rows = []
    for rule in doc["rules"]:
        css = "fail" if rule["verdict"] == "FAIL" else rule["verdict"].lower()
        rows.append(
            f"<tr class='{css}'><td>{esc(rule['rule'])}</td>"
            f"<td>{esc(VERDICT_FR[rule['verdict']])}</td><td>{esc(rule['severity'])}</td>"
            f"<td>{esc(rule['message'])}</td><td>{esc(rule['legal_basis'])}</td></tr>"
        )
    criteria = "".join(
        f"<li>{esc(CRITERIA_FR.get(name, name))} : {'oui' if ok else 'non'}</li>"
        for name, ok in score["criteria"].items()
    )
    readings = "".join(
        f"<li><b>{esc(k)}</b> : {esc(v)}</li>" for k, v in doc["conservative_readings"].items()
    )
    docs_link = (
        f"<p><a href='{esc(data_docs)}'>Résultats détaillés (Great Expectations Data Docs)</a></p>"
        if data_docs
        else ""
    )
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Conformité — {esc(doc["title"])}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top}}.fail{{background:#fdd}}
.pass{{background:#dfd}}.waived{{background:#ffd}}.block{{color:#a00;font-weight:bold}}
.ok{{color:#070;font-weight:bold}}</style></head><body>
<h1>Rapport de conformité : {esc(doc["title"])}</h1>
<p>Jeu <code>{esc(doc["dataset"])}</code>, version {esc(doc["release"])}, généré le
{esc(doc["generated_at"])}.</p>
{status}
{docs_link}
{_anonymization_html(doc)}
<h2>Règles</h2>
<table><tr><th>règle</th><th>verdict</th><th>sévérité</th><th>explication</th>
<th>base légale</th></tr>
{"".join(rows)}
</table>
{_schema_html(doc.get("schema_fields"))}
<h2>Score qualité data.gouv.fr prévu : {score["met"]}/{score["total"]}</h2>
<ul>{criteria}</ul>
<h2>Lectures prudentes retenues (questions juridiques ouvertes)</h2>
<ul>{readings}</ul>
<p>Ce rapport ne contient aucune valeur des données : seulement des nombres, des noms de colonnes
et des numéros de ligne.</p>
</body></html>
"""


def write_compliance_report(
    entry: DatasetEntry,
    results: list[RuleResult],
    out_dir: Path,
    *,
    release: str,
    evidence: dict[str, Any],
) -> list[Path]:
    """Write `compliance.json` + `compliance.html` in `out_dir` (= reports/<id>/) and the
    evidence bundle `out_dir/<release>/`; return the files written, `compliance.json` first.

    `evidence` may hold `checksums` ({file: sha256}), `anonymization` (summary dict),
    `schema` ({name, version}) and `data_docs` (the Data Docs index, e.g. the path returned by
    `expectations.build_data_docs`).
    """
    data_docs = evidence.get("data_docs")
    if isinstance(data_docs, Path) and data_docs.is_absolute():
        data_docs = (
            data_docs.relative_to(out_dir.resolve())
            if data_docs.is_relative_to(out_dir.resolve())
            else data_docs
        )
        evidence = {**evidence, "data_docs": str(data_docs)}
    doc = compliance_document(entry, results, release=release, evidence=evidence)
    text = json.dumps(doc, ensure_ascii=False, indent=2, default=str)
    page = _html(doc, str(data_docs) if data_docs else None)
    bundle = out_dir / release
    policy = entry.policy.model_dump(mode="json") if entry.policy else "none"
    anonymization = evidence.get("anonymization") or {}
    checksums = evidence.get("checksums") or {}
    files = {
        out_dir / "compliance.json": text,
        out_dir / "compliance.html": page,
        bundle / "compliance.json": text,
        bundle / "compliance.html": page.replace("href='", "href='../") if data_docs else page,
        bundle / "policy.json": json.dumps(policy, ensure_ascii=False, indent=2),
        bundle / "anonymization_summary.json": json.dumps(
            anonymization, ensure_ascii=False, indent=2, default=str
        ),
        bundle / "schema.json": json.dumps(
            evidence.get("schema") or {"schema": entry.schema_}, ensure_ascii=False
        ),
        bundle / "SHA256SUMS": "".join(f"{digest}  {name}\n" for name, digest in checksums.items()),
    }
    for path, content in files.items():
        atomic_write_text(path, content)
    return list(files)
