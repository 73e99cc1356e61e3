"""The one adapter from engine `CheckVerdict`s to Dagster asset-check results.

Every declared check gets a result: one the engine did not return fails ("contrôle non évalué"),
so a check can never pass by default.
"""

from collections.abc import Collection, Iterable, Sequence
from typing import Any

import dagster as dg

from opendata_pipeline.verdict import CheckVerdict

NOT_EVALUATED_FR = "Contrôle non évalué par le moteur."


def check_result(verdict: CheckVerdict, asset_key: dg.AssetKey) -> dg.AssetCheckResult:
    """A failed blocking check has ERROR severity (which skips publication), others WARN."""
    metadata: dict[str, Any] = {
        key: dg.MetadataValue.json(value) if isinstance(value, list) else value
        for key, value in verdict.metadata.items()
    }  # lists (column names) stay lists: the alert sensors read them
    metadata["message_fr"] = verdict.message_fr
    if verdict.markdown:
        metadata["details"] = dg.MetadataValue.md(verdict.markdown)
    failed = dg.AssetCheckSeverity.ERROR if verdict.blocking else dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=verdict.name,
        passed=verdict.passed,
        severity=dg.AssetCheckSeverity.WARN if verdict.passed else failed,
        description=verdict.message_fr,
        metadata=metadata,
    )


def check_results(
    specs: Sequence[dg.AssetCheckSpec],
    verdicts: Iterable[CheckVerdict],
    *,
    selected: Collection[dg.AssetCheckKey] | None = None,
) -> list[dg.AssetCheckResult]:
    """One result per declared check (of `selected` ones, when given), in declared order."""
    by_name = {v.name: v for v in verdicts}
    undeclared = sorted(set(by_name) - {s.name for s in specs})
    if undeclared:
        raise ValueError(f"checks returned by the engine but not declared: {undeclared}")
    return [
        check_result(
            by_name.get(spec.name)
            or CheckVerdict(spec.name, False, spec.blocking, NOT_EVALUATED_FR),
            spec.asset_key,
        )
        for spec in specs
        if selected is None or spec.key in selected
    ]
