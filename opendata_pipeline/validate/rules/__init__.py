"""The rule catalogue of legal-rules.md as code: one function per rule, French messages.

`evaluate_rules(entry, data, context=...)` runs every rule on the clean Parquet file of a
dataset (plus the published files when they exist) and returns one `RuleResult` per rule.
Messages and evidence carry column names, counts and row numbers only, never a cell value.
Open legal questions are read conservatively (see `CONSERVATIVE_READINGS`).
One module per family: formats, reuse (licence, access, metadata), personal, domain; a rule is a
function registered with `@rule(ID, severity=, basis=)` (base.py) in any module of this package.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from opendata_pipeline import plugins
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.storage.paths import sha256_file
from opendata_pipeline.validate.rules.base import (
    CONSERVATIVE_READINGS,
    DPO_RULES,
    OPEN_PRIMARY,
    REGISTRY,
    DatasetView,
    Rule,
    RuleContext,
    RuleResult,
    Severity,
    Verdict,
    canonical_licence,
    rule,
)

__all__ = [
    "CONSERVATIVE_READINGS",
    "OPEN_PRIMARY",
    "Rule",
    "RuleContext",
    "RuleResult",
    "Severity",
    "Verdict",
    "canonical_licence",
    "evaluate_rules",
    "evaluate_schema",
    "has_blocking_failure",
    "mapped_context",
    "rule",
    "rules",
    "sha256_file",
]


def rules() -> list[Rule]:
    """Every registered rule, in registration order: each module of this package and each
    plugin module (`opendata_pipeline.plugins`) is imported, which registers its `@rule`
    functions, so a new rule is a new module here."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    plugins.modules("opendata_pipeline.rules")
    return list(REGISTRY.values())


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
        for rule in rules():
            try:
                result = rule(d)
            except (duckdb.Error, OSError, ValueError, KeyError) as exc:  # fail closed
                result = rule.crashed(exc)
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
        return [r(d) for r in rules() if r.id in ("R-SCHEMA", "R-SCHEMA-CUSTOM")]
    finally:
        d.con.close()


def has_blocking_failure(results: list[RuleResult]) -> bool:
    return any(r.blocks for r in results)
