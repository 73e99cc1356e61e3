"""The whole compliance gate for one dataset release: rules, expectations, report, in one call.

This is what the `legal_rules` / `table_schema` asset checks call; it has no Dagster import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.validate.expectations import ExpectationsOutcome, run_expectations
from opendata_pipeline.validate.report import summary_markdown, write_compliance_report
from opendata_pipeline.validate.rules import (
    RuleContext,
    RuleResult,
    evaluate_rules,
    has_blocking_failure,
    mapped_context,
    sha256_file,
)


def _schema_evidence(entry: DatasetEntry) -> dict[str, Any]:
    """The schema the release is checked against and, when it has one, the entry's mapping."""
    evidence: dict[str, Any] = {"schema": entry.schema_}
    if entry.schema_ and entry.schema_mapping is not None:
        from opendata_pipeline.convert.schema_mapping import describe

        evidence["schema_mapping"] = describe(entry)
    return evidence


@dataclass
class GateOutcome:
    """Rule results, expectation metrics and where the report was written."""

    results: list[RuleResult]
    expectations: ExpectationsOutcome
    report: Path
    written: list[Path]  # every file of the report, the evidence bundle and the Data Docs

    @property
    def blocked(self) -> bool:
        return has_blocking_failure(self.results)

    def by_rule(self) -> dict[str, RuleResult]:
        return {r.rule_id: r for r in self.results}

    def summary_markdown(self) -> str:
        return summary_markdown(self.results)


def run_gate(
    entry: DatasetEntry,
    data: Path,
    *,
    context: RuleContext,
    out_dir: Path,
    release: str,
    evidence: dict[str, Any] | None = None,
    data_docs: bool = True,
) -> GateOutcome:
    """Evaluate the rule catalogue and the GE suite on `data` (clean/<id>), then write
    reports/<id>/compliance.{json,html}, the Data Docs and the evidence bundle of `release`
    (`written` lists those files).

    With a `schema_mapping`, the schema rules and the GE suite read the mapping's output."""
    with mapped_context(entry, data, context) as prepared:
        results = evaluate_rules(entry, data, context=prepared)
        policy = entry.policy
        public = [*policy.public_columns, *policy.not_personal] if policy else []
        outcome = run_expectations(
            prepared.schema_data or data,
            context.schema_path or entry.schema_,
            suite_name=entry.id,
            public_columns=public,
            docs_dir=out_dir if data_docs else None,
            run_name=release,
        )
    files = [data, *(context.published_files or [])]
    bundle: dict[str, Any] = {
        "checksums": {p.name: sha256_file(p) for p in files if p.is_file()},
        "schema": _schema_evidence(entry),
        "expectations": {
            "evaluated": len(outcome.expectations),
            "failed": [
                {
                    "expectation": e.type,
                    "column": e.kwargs.get("column"),
                    "count": e.unexpected_count,
                }
                for e in outcome.failed
            ],
        },
        **(evidence or {}),
    }
    if context.anonymization_report is not None:
        bundle.setdefault("anonymization", context.anonymization_report)
    if outcome.data_docs is not None:
        bundle["data_docs"] = outcome.data_docs
    written = write_compliance_report(entry, results, out_dir, release=release, evidence=bundle)
    return GateOutcome(results, outcome, written[0], [*written, *outcome.written])
