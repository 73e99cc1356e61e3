"""The rule catalogue of legal-rules.md as code: one function per rule, French messages.

`evaluate_rules(entry, data, context=...)` runs every rule on the clean Parquet file of a
dataset (plus the published files when they exist) and returns one `RuleResult` per rule.
Messages and evidence carry column names, counts and row numbers only, never a cell value.
Open legal questions are read conservatively (see `CONSERVATIVE_READINGS`).
One module per family: formats, reuse (licence, access, metadata), personal, domain.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.storage.paths import sha256_file
from opendata_pipeline.validate.rules.base import (
    CONSERVATIVE_READINGS,
    DPO_RULES,
    OPEN_PRIMARY,
    DatasetView,
    RuleContext,
    RuleResult,
    Severity,
    Verdict,
    canonical_licence,
    verdict,
)
from opendata_pipeline.validate.rules.domain import (
    rule_delib_nominative,
    rule_mobility_nap,
    rule_schema,
    rule_schema_custom,
    rule_subv_essential,
)
from opendata_pipeline.validate.rules.formats import rule_csv_dialect, rule_geo, rule_open_format
from opendata_pipeline.validate.rules.personal import (
    rule_anon_direct_id,
    rule_anon_doc,
    rule_anon_exempt,
    rule_anon_free_text,
    rule_anon_k,
    rule_anon_pseudo,
    rule_anon_required,
    rule_secrets,
)
from opendata_pipeline.validate.rules.reuse import (
    rule_free,
    rule_freshness,
    rule_hvd,
    rule_integrity,
    rule_licence,
    rule_metadata,
    rule_reuse_conditions,
    rule_scope,
)

__all__ = [
    "CONSERVATIVE_READINGS",
    "OPEN_PRIMARY",
    "RuleContext",
    "RuleResult",
    "Severity",
    "Verdict",
    "canonical_licence",
    "evaluate_rules",
    "evaluate_schema",
    "has_blocking_failure",
    "mapped_context",
    "sha256_file",
]

RULES: tuple[Callable[[DatasetView], RuleResult], ...] = (
    rule_scope,
    rule_open_format,
    rule_csv_dialect,
    rule_geo,
    rule_licence,
    rule_free,
    rule_reuse_conditions,
    rule_secrets,
    rule_anon_required,
    rule_anon_exempt,
    rule_anon_direct_id,
    rule_anon_pseudo,
    rule_anon_k,
    rule_anon_free_text,
    rule_anon_doc,
    rule_subv_essential,
    rule_delib_nominative,
    rule_mobility_nap,
    rule_schema,
    rule_schema_custom,
    rule_metadata,
    rule_hvd,
    rule_freshness,
    rule_integrity,
)


def _apply_waiver(entry: DatasetEntry, result: RuleResult, today: date) -> RuleResult:
    if result.verdict != "FAIL":
        return result
    for waiver in entry.waivers:
        if waiver.rule != result.rule_id or waiver.until < today:
            continue
        needs_dpo = result.rule_id in DPO_RULES or result.rule_id.startswith("R-ANON-")
        if needs_dpo and (waiver.approver_role or "").upper() != "DPO":
            continue
        if result.rule_id == "R-ANON-DIRECT-ID" and any(
            k in ("nir", "iban", "card")
            for kinds in result.evidence.get("hits_outside_public_columns", {}).values()
            for k in kinds
        ):
            continue  # no waiver covers a validated NIR, IBAN or card number
        evidence = {
            **result.evidence,
            "waiver": {
                "reason": waiver.reason,
                "approver": waiver.approver,
                "until": waiver.until.isoformat(),
            },
        }
        return RuleResult(
            result.rule_id,
            "WAIVED",
            result.severity,
            f"Dérogation jusqu'au {waiver.until:%d/%m/%Y} ({waiver.approver}) : "
            + result.message_fr,
            evidence,
            result.legal_basis,
        )
    return result


@contextmanager
def mapped_context(entry: DatasetEntry, data: Path, context: RuleContext) -> Iterator[RuleContext]:
    """The context R-SCHEMA needs for an entry with a `schema_mapping`: its output written from
    the clean file (a temporary CSV) and the values it could not convert. Unchanged when there
    is no mapping, or when it is already prepared or a published CSV is checked instead."""
    if entry.schema_mapping is None or context.schema_data or context.published_files:
        yield context
        return
    from opendata_pipeline.convert.schema_mapping import write_mapped
    from opendata_pipeline.storage.paths import scratch_dir
    from opendata_pipeline.storage.sql import connect

    with tempfile.TemporaryDirectory(prefix=f"{entry.id}.mapped.", dir=scratch_dir()) as tmp:
        csv = Path(tmp) / f"{entry.id}.csv"
        con = connect()
        try:
            mapped = write_mapped(con, entry, data, csv=csv, keep_going=True)
        finally:
            con.close()
        yield dataclasses.replace(context, schema_data=csv, mapping_errors=mapped.errors)


def evaluate_rules(entry: DatasetEntry, data: Path, *, context: RuleContext) -> list[RuleResult]:
    """Run the whole catalogue on the dataset's clean file; waivers applied."""
    with mapped_context(entry, data, context) as prepared:
        return _evaluate(entry, data, prepared)


def _evaluate(entry: DatasetEntry, data: Path, context: RuleContext) -> list[RuleResult]:
    d = DatasetView(entry, data, context)
    try:
        results = []
        for rule in RULES:
            try:
                result = rule(d)
            except (duckdb.Error, OSError, ValueError, KeyError) as exc:  # fail closed
                rule_id = rule.__name__.removeprefix("rule_").upper().replace("_", "-")
                result = verdict(
                    f"R-{rule_id}",
                    "FAIL",
                    "BLOCK",
                    f"Contrôle impossible ({type(exc).__name__}) : la règle échoue par précaution.",
                    error=type(exc).__name__,
                )
            results.append(_apply_waiver(entry, result, context.now.date()))
        return results
    finally:
        d.con.close()


def evaluate_schema(data: Path, schema: str | Path) -> list[RuleResult]:
    """R-SCHEMA and R-SCHEMA-CUSTOM alone, for a file checked against a schema without an entry."""
    context = RuleContext(schema_path=Path(schema) if Path(schema).is_file() else None)
    d = DatasetView(None, data, context)
    if context.schema_path is None:
        d.schema_ref = str(schema)
    try:
        return [rule_schema(d), rule_schema_custom(d)]
    finally:
        d.con.close()


def has_blocking_failure(results: list[RuleResult]) -> bool:
    return any(r.blocks for r in results)
