"""The « Traitements appliqués » paragraph: what the pipeline did to a dataset, in French.

The clean step records its report beside the clean partition (`clean/<id>/<partition>.report.json`:
read counts, column types and conversions, the anonymization report); the convert step turns it
into the paragraph stored in the release manifest, which the portals append to the description
and DCAT states as `dct:provenance` (CRPA L322-1, R-REUSE-CONDITIONS). Column names, actions,
counts and levels only — never a value. The paragraph depends on the content alone (no run id,
no date), so an unchanged release is not re-described.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.ingest.result import ReadResult
from opendata_pipeline.storage.paths import atomic_write_text, clean_path

TITLE = "Traitements appliqués"
KIND_FR = {
    "email": "adresses électroniques", "phone": "numéros de téléphone", "nir": "NIR",
    "iban": "IBAN", "card": "numéros de carte bancaire", "plate": "plaques d'immatriculation",
    "caf": "numéros d'allocataire", "person_name": "noms de personnes",
    "birth_date": "dates de naissance", "address": "adresses", "free_text": "texte libre",
    "mixed_persons": "noms de personnes physiques et morales", "legal_persons": "personnes morales",
}  # fmt: skip
ACTION_FR = {
    "drop": "colonnes supprimées",
    "redact": "colonnes occultées",
    "redact_natural_persons": "noms de personnes physiques occultés",
    "mask_text": "identifiants masqués dans le texte",
    "generalize": "colonnes généralisées",
    "pseudonymize": "colonnes pseudonymisées",
}
CONVERSION_FR = {
    "decimal_comma": "nombres à virgule décimale convertis au point",
    "spaces_removed": "espaces retirés des nombres",
}
DATE_PATTERNS_FR = {"%d/%m/%Y": "jj/mm/aaaa", "%d/%m/%y": "jj/mm/aa"}
FORMATS_FR = {
    "parquet": "Parquet",
    "csv": "CSV (UTF-8, séparateur virgule)",
    "geojson": "GeoJSON (WGS 84)",
}


def report_path(dataset: str, partition: str) -> Path:
    return clean_path(dataset, partition).with_suffix(".report.json")


def clean_report(
    entry: DatasetEntry, read: ReadResult, anonymization: dict[str, Any] | None
) -> dict[str, Any]:
    """What the clean step did (JSON-ready; counts, column names and types only)."""
    return {
        "dataset": entry.id,
        "source_kind": entry.source.kind,
        "file_kind": read.kind,
        "encoding": read.encoding,
        "rows_read": read.rows,
        "columns": [{"name": n, "type": t} for n, t in read.columns],
        "conversions": dict(read.details.get("conversions") or {}),
        "personal_data": "none" if entry.declared_free_of_personal_data else "policy",
        "anonymization": anonymization,
    }


def write_clean_report(dataset: str, partition: str, report: dict[str, Any]) -> Path:
    path = report_path(dataset, partition)
    atomic_write_text(path, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    return path


def load_clean_report(dataset: str, partition: str) -> dict[str, Any] | None:
    """The clean step's report of a partition (None when it has none)."""
    path = report_path(dataset, partition)
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    return data if isinstance(data, dict) else None


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # French thousands separator


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{_number(n)} {singular if n < 2 else (plural or singular + 's')}"


def _names(names: list[str]) -> str:
    return ", ".join(f"« {n} »" for n in names)


def _column_item(col: dict[str, Any], levels: dict[str, str]) -> str:
    """`« Mail_Asso » (adresses électroniques, 1 884 cellules, décision automatique)`."""
    details = []
    kind = KIND_FR.get(str(col.get("kind")))
    if kind:
        details.append(kind)
    level = levels.get(str(col["column"]))
    if str(col["action"]).startswith("generalize"):
        _, _, declared = str(col["action"]).partition(":")
        if level or declared:
            details.append(f"niveau « {level or declared} »")
    spans = col.get("spans") or {}
    if spans:
        found = ", ".join(
            f"{_number(int(n))} {KIND_FR.get(k, k)}" for k, n in sorted(spans.items())
        )
        details.append(f"retirés : {found}")
    if col["action"] != "drop":
        details.append(_count(int(col.get("cells_changed") or 0), "cellule modifiée",
                              "cellules modifiées"))  # fmt: skip
    if col.get("decided_by") == "auto":
        details.append("décision automatique")
    return f"« {col['column']} » ({', '.join(details)})"


def _anonymization(report: dict[str, Any]) -> list[str]:
    columns: list[dict[str, Any]] = list(report.get("columns") or [])
    levels = {str(x["column"]): str(x.get("label")) for x in report.get("information_loss") or []}
    parts = []
    for action, label in ACTION_FR.items():
        done = [c for c in columns if str(c["action"]).split(":")[0] == action]
        if done:
            parts.append(f"{label} : " + " ; ".join(_column_item(c, levels) for c in done))
    public = [str(c["column"]) for c in columns if c.get("decided_by") == "public"]
    if public:
        parts.append(f"publiées au titre d'un texte qui les rend publiques : {_names(public)}")
    auto_kept = [c for c in columns if c["action"] == "keep" and c.get("decided_by") == "auto"]
    if auto_kept:
        parts.append(
            f"détection automatique : {_count(len(auto_kept), 'colonne examinée', 'colonnes examinées')}"
            " sans donnée personnelle, publiée(s) telle(s) quelle(s)"
        )
    qis = list(report.get("quasi_identifiers") or [])
    if qis and report.get("k_reached") is not None:
        text = (
            f"k-anonymat atteint : k = {report['k_reached']} (objectif {report.get('k_requested')})"
            f" sur {_names(qis)}"
        )
        if report.get("l_reached") is not None:
            text += f", ℓ-diversité {report['l_reached']} (objectif {report.get('l_requested')})"
        suppressed = int(report.get("rows_suppressed") or 0)
        if suppressed:
            text += f", {_count(suppressed, 'ligne masquée ou supprimée', 'lignes masquées ou supprimées')}"
        parts.append(text)
    return parts


def _conversions(report: dict[str, Any]) -> list[str]:
    parts = []
    encoding = str(report.get("encoding") or "")
    if encoding and encoding.replace("-", "").lower() not in ("utf8", "ascii"):
        parts.append(f"encodage {encoding} converti en UTF-8")
    by_kind: dict[str, list[str]] = {}
    for column, conversion in (report.get("conversions") or {}).items():
        by_kind.setdefault(str(conversion), []).append(str(column))
    for conversion, columns in sorted(by_kind.items()):
        if conversion.startswith("date:"):
            pattern = conversion.removeprefix("date:")
            shown = DATE_PATTERNS_FR.get(pattern, pattern)
            label = f"dates {shown} converties au format ISO 8601"
        else:
            label = CONVERSION_FR.get(conversion, conversion)
        parts.append(f"{label} ({_names(columns)})")
    return parts


def _schema(schema: dict[str, Any] | None, entry: DatasetEntry) -> list[str]:
    if not schema:
        return []
    text = f"fichiers conformes au schéma national {schema['name']} {schema.get('version') or ''}"
    mapping = entry.schema_mapping
    if mapping:
        kinds = {
            ("colonne source", "colonnes sources"): sum(
                1 for m in mapping.values() if m.column is not None
            ),
            ("valeur constante", "valeurs constantes"): sum(
                1 for m in mapping.values() if m.value is not None
            ),
            ("table de correspondance", "tables de correspondance"): sum(
                1 for m in mapping.values() if m.from_ is not None
            ),
        }
        counts = ", ".join(_count(n, *words) for words, n in kinds.items() if n)
        text = text.strip() + (
            f", colonnes mises au format du schéma ({_count(len(mapping), 'champ')} : {counts})"
        )
    return [text.strip()]


def paragraph(
    entry: DatasetEntry,
    report: dict[str, Any] | None,
    *,
    rows: int,
    formats: list[str],
    schema: dict[str, Any] | None = None,
) -> str:
    """The French paragraph for the description (one sentence of `;`-separated items)."""
    items: list[str] = []
    if report is None:
        items.append("détail du nettoyage indisponible pour cette version")
    else:
        anonymization = report.get("anonymization")
        read = int(report.get("rows_read") or 0)
        rows_in = int(anonymization["rows_in"]) if anonymization else read
        items.append(
            f"{_count(rows_in, 'ligne lue', 'lignes lues')}, "
            f"{_count(rows, 'ligne publiée', 'lignes publiées')}"
        )
        if anonymization:
            items += _anonymization(anonymization) or ["aucune donnée personnelle modifiée"]
        elif report.get("personal_data") == "none":
            items.append("jeu déclaré sans donnée personnelle au catalogue : aucune anonymisation")
        items += _conversions(report)
    items += _schema(schema, entry)
    shown = [FORMATS_FR.get(f, f) for f in formats]
    if shown:
        items.append("formats publiés : " + ", ".join(shown))
    return f"{TITLE} : " + " ; ".join(items) + "."


def auto_decisions(report: dict[str, Any] | None) -> int:
    """How many columns the automatic mode decided (transformed or kept)."""
    anonymization = (report or {}).get("anonymization") or {}
    return sum(1 for c in anonymization.get("columns") or [] if c.get("decided_by") == "auto")
