"""Engine verdicts reach Dagster through one adapter: every declared check is evaluated by its
engine in a real run, and a declared check the engine does not return fails."""

from __future__ import annotations

import io
from pathlib import Path

import dagster as dg
import pytest

from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline.defs.checks import NOT_EVALUATED_FR, check_results
from opendata_pipeline.verdict import CheckVerdict
from opendata_pipeline_tests.leaky_dataset import CLEAN_ROWS, install

KEY = dg.AssetKey(["clean", "x"])
PORTALS = "portals:\n  montpellier: {name: signalements, organization: montpellier-mediterranee-metropole}\n  herault_data: {dataset_id: signalements-de-voirie}\n"


def _specs() -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec("gate", asset=KEY, blocking=True),
        dg.AssetCheckSpec("drift", asset=KEY),
    ]


def test_a_declared_check_the_engine_did_not_return_fails() -> None:
    gate, drift = check_results(_specs(), [])
    assert not gate.passed and gate.severity == dg.AssetCheckSeverity.ERROR
    assert not drift.passed and drift.severity == dg.AssetCheckSeverity.WARN
    assert gate.metadata["message_fr"] == dg.MetadataValue.text(NOT_EVALUATED_FR)


def test_verdicts_become_results_in_declared_order() -> None:
    verdicts = [
        CheckVerdict("drift", False, False, "Le schéma a changé.", {}, "| a |"),
        CheckVerdict("gate", False, True, "2 identifiants.", {"columns": ["mail"], "n": 2}),
    ]
    gate, drift = check_results(_specs(), verdicts)
    assert (gate.check_name, gate.severity) == ("gate", dg.AssetCheckSeverity.ERROR)
    assert gate.description == "2 identifiants."
    assert gate.metadata["columns"] == dg.MetadataValue.json(["mail"])
    assert gate.metadata["n"] == dg.MetadataValue.int(2)
    assert drift.severity == dg.AssetCheckSeverity.WARN
    assert drift.metadata["details"] == dg.MetadataValue.md("| a |")
    passed = check_results(_specs(), [CheckVerdict("gate", True, True, "Conforme.")])[0]
    assert passed.passed and passed.severity == dg.AssetCheckSeverity.WARN
    [only] = check_results(_specs(), verdicts, selected={dg.AssetCheckKey(KEY, "drift")})
    assert only.check_name == "drift"


def test_a_verdict_no_asset_declares_is_an_error() -> None:
    with pytest.raises(ValueError, match="not declared"):
        check_results(_specs(), [CheckVerdict("other", True, False, "")])


def test_every_declared_check_of_a_run_is_evaluated_by_its_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opendata_home: Path
) -> None:
    """The whole catalogue (dataset, portals, DCAT catalogue), as `opendata-pipeline run` does:
    each materialized asset has a result for each declared check, none "non évalué"."""
    install(tmp_path, monkeypatch, CLEAN_ROWS, PORTALS)
    assert run_pipeline(partition="2026-11-27", out=io.StringIO()) == 0
    from opendata_pipeline.definitions import defs

    graph = defs().resolve_asset_graph()
    instance = dg.DagsterInstance.get()
    try:
        checked = 0
        for check_key in graph.asset_check_keys:
            if instance.get_latest_materialization_event(check_key.asset_key) is None:
                continue
            record = instance.get_latest_asset_check_evaluation_record(check_key)
            assert record is not None and record.event is not None, check_key
            evaluation = record.event.dagster_event.event_specific_data  # type: ignore[union-attr]
            assert evaluation.metadata["message_fr"].value != NOT_EVALUATED_FR, check_key
            checked += 1
    finally:
        instance.dispose()
    declared = {k.name for k in graph.asset_check_keys}
    assert {"personal_data_absent", "read_back", "optional_metadata", "dcat_ap_shacl"} <= declared
    assert checked >= 11  # 7 clean checks, 2 per portal, the DCAT catalogue's
