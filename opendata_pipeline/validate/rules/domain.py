"""Schemas and domain rules: R-SCHEMA, R-SCHEMA-CUSTOM, subsidies, deliberations, mobility."""

from __future__ import annotations

import re
from typing import Any

from opendata_pipeline.validate.rules.base import (
    FEED_MIN_TTL_S,
    SUBV_THRESHOLD_EUR,
    DatasetView,
    Finding,
    failed,
    not_applicable,
    passed,
    rule,
    warned,
)
from opendata_pipeline.validate.rules.personal import civility_names, free_text_columns
from opendata_pipeline.validate.table_schema import (
    SchemaReport,
    label_fr,
    quote,
)


def _schema_summary(report: SchemaReport) -> dict[str, Any]:
    return {
        "schema": report.schema,
        "version": report.version,
        "rows": report.rows,
        "errors": [
            {
                "code": x.code,
                "field": x.field,
                "count": x.count,
                "first_row": x.first_row,
                "rows": list(x.rows),
                "severity": x.severity,
                "constraint": x.note,
            }
            for x in report.errors
        ],
        "fields": [
            {
                "field": f.field,
                "required": f.required,
                "present": f.present,
                "valid": report.rows - f.invalid if f.present else 0,
                "invalid": f.invalid,
                "first_rows": list(f.first_rows),
            }
            for f in report.fields
        ],
    }


def _describe(errors: list[Any]) -> str:
    return "; ".join(
        f"{x.field or 'ligne'} : {label_fr(x.code, x.note)} ({x.count}, "
        f"ligne{'s' if len(x.rows) > 1 else ''} {', '.join(map(str, x.rows or [x.first_row]))})"
        if x.first_row
        else f"{x.field or 'fichier'} : {label_fr(x.code, x.note)}"
        for x in errors[:8]
    ) + (" ; …" if len(errors) > 8 else "")


@rule("R-SCHEMA", severity="BLOCK", basis="arrêté du 17/11/2017 ; SCDL ; CRPA L300-4")
def rule_schema(d: DatasetView) -> Finding:
    schema, report = d.schema()
    if schema is None or report is None:
        return not_applicable("Aucun schéma de référence déclaré pour ce jeu.")
    ev = _schema_summary(report)
    if report.blocking:
        return failed(
            f"Non conforme au schéma {schema.name} {schema.version} : "
            f"{_describe(report.blocking)}. Corrigez les colonnes et lignes indiquées "
            "(mêmes codes que validata.fr).",
            **ev,
        )
    if report.errors:
        return warned(
            f"Conforme au schéma {schema.name}, avec des avertissements : "
            f"{_describe(report.errors)}.",
            **ev,
        )
    return passed(f"Conforme au schéma {schema.name} {schema.version}.", **ev)


@rule("R-SCHEMA-CUSTOM", severity="BLOCK", basis="custom_checks des schémas SCDL/etalab (Validata)")
def rule_schema_custom(d: DatasetView) -> Finding:
    schema, _ = d.schema()
    if schema is None or not schema.custom_checks:
        return not_applicable("Pas de contrôle spécifique déclaré par le schéma.")
    _, report = d.schema()
    assert report is not None
    errors = report.custom_errors
    ev = {
        "checks": [c.get("name") for c in schema.custom_checks],
        "errors": [
            {
                "check": x.code,
                "field": x.field,
                "count": x.count,
                "first_row": x.first_row,
                "rows": list(x.rows),
                "severity": x.severity,
                "note": x.note,
            }
            for x in errors
        ],
    }
    blocking = [x for x in errors if x.severity == "BLOCK"]
    if blocking:
        return failed(
            f"Contrôles spécifiques du schéma en échec : {_describe(blocking)} (SIRET à "
            "14 chiffres avec clé de Luhn, comparaisons de colonnes…).",
            **ev,
        )
    if errors:
        return warned(
            f"Avertissements des contrôles spécifiques (non bloquants) : {_describe(errors)}.", **ev
        )
    return passed("Contrôles spécifiques du schéma réussis.", **ev)


def schema_name(d: DatasetView) -> str:
    schema, _ = d.schema()
    return schema.name if schema else ""


@rule(
    "R-SUBV-ESSENTIAL",
    severity="BLOCK",
    basis="loi 2000-321 art. 9-1 et 10 ; décret 2017-779 ; arrêté du 17/11/2017",
)
def rule_subv_essential(d: DatasetView) -> Finding:
    if schema_name(d) != "scdl/subventions":
        return not_applicable("Pas un jeu de subventions (scdl/subventions).")
    _, report = d.schema()
    assert report is not None
    essential = 0
    if "montant" in d.columns and "dateConvention" in d.columns:
        amount = f"TRY_CAST(replace(CAST({quote('montant')} AS VARCHAR), ',', '.') AS DOUBLE)"
        when = f"TRY_CAST({quote('dateConvention')} AS DATE)"
        essential = d.count(f"{amount} > {SUBV_THRESHOLD_EUR} AND {when} >= DATE '2017-08-01'")
    expected = d.context.expected_essential_rows
    # Rows removed by k-anonymity (rows whose quasi-identifiers were masked are still there).
    suppressed = int((d.context.anonymization_report or {}).get("rows_removed", 0) or 0)
    ev = {
        "essential_rows_published": essential,
        "essential_rows_expected": expected,
        "schema_valid": report.valid,
        "rows_suppressed_by_anonymization": suppressed,
    }
    if not report.valid:
        return failed(
            "Les données essentielles des conventions doivent suivre le schéma SCDL "
            "subventions : voir R-SCHEMA.",
            **ev,
        )
    if (expected is not None and essential < expected) or (expected is None and suppressed):
        return failed(
            "Des conventions de plus de 23 000 € manquent (ou leur présence ne peut être "
            "prouvée après suppression de lignes). Ces lignes ne doivent jamais être "
            "supprimées : masquez le bénéficiaire personne physique à la place.",
            **ev,
        )
    return passed(f"{essential} convention(s) de plus de 23 000 € publiées.", **ev)


def _normalise_name(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


@rule(
    "R-DELIB-NOMINATIVE", severity="BLOCK", basis="CRPA L312-1-2, D312-1-3, L311-6 ; note CNIL 2023"
)
def rule_delib_nominative(d: DatasetView) -> Finding:
    if schema_name(d) != "scdl/deliberations" and "DELIB_OBJET" not in d.columns:
        return not_applicable("Pas un jeu de délibérations.")
    roster = {_normalise_name(n).split()[-1] for n in d.context.elected_roster if n.strip()}
    columns = [c for c in d.text_columns if c == "DELIB_OBJET" or c in free_text_columns(d)]
    names = {c: n for c in columns if (n := civility_names(d, c, roster))}
    ev = {"columns": columns, "names_not_on_roster": names, "roster_size": len(roster)}
    if names:
        return failed(
            "Noms de personnes qui ne sont pas des élus en fonction dans "
            f"{', '.join(sorted(names))}. Masquez les personnes privées (mask_text).",
            **ev,
        )
    return passed("Seuls des élus ou des personnes morales sont nommés.", **ev)


def _feed_freshness(d: DatasetView) -> Finding:
    """GBFS feeds are validated against their JSON schema at ingest; here: their freshness."""
    updated = d.context.feed_last_updated
    if updated is None:
        return passed("Flux GBFS validé à l'ingestion (schéma JSON officiel).")
    limit = 2 * max(d.context.feed_ttl_s or 0, FEED_MIN_TTL_S)
    age = (d.context.now - updated).total_seconds()
    ev = {"age_s": round(age), "limit_s": limit}
    if age > limit:
        return warned(
            f"Flux temps réel périmé : dernière mise à jour il y a {age / 60:.0f} min "
            f"(tolérance {limit} s). Vérifiez le producteur du flux.",
            **ev,
        )
    return passed("Flux GBFS à jour.", **ev)


@rule(
    "R-MOBILITY-NAP", severity="BLOCK", basis="règlement délégué (UE) 2017/1926 ; loi LOM art. 25"
)
def rule_mobility_nap(d: DatasetView) -> Finding:
    if d.entry.source.kind == "gbfs":
        return _feed_freshness(d)
    name = schema_name(d)
    if not name.startswith(("etalab/schema-stationnement", "etalab/schema-amenagements")):
        return not_applicable("Pas un jeu de stationnement ou de mobilité vélo.")
    _, report = d.schema()
    assert report is not None
    if not report.valid:
        return failed(
            f"Le jeu n'est pas conforme au schéma national {name} exigé par le point "
            "d'accès national (transport.data.gouv.fr) : voir R-SCHEMA.",
            schema=name,
            errors=len(report.blocking),
        )
    return passed(f"Conforme au schéma national {name}.")
