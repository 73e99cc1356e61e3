"""`raw/<id>` and `clean/<id>` share one subsettable op: each can be materialized alone, and a
check can be executed alone on the partition's last clean materialization (the UI's "Execute")."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from opendata_pipeline.definitions import defs

DATASET = "parkings-ouvrages"
PARTITION = "2026-11-28"
RAW = dg.AssetKey(["raw", DATASET])
CLEAN = dg.AssetKey(["clean", DATASET])


@pytest.fixture
def job(opendata_home: Path, monkeypatch: pytest.MonkeyPatch) -> dg.JobDefinition:
    monkeypatch.delenv("OPENDATA_CATALOG_DIR", raising=False)
    return defs().resolve_implicit_global_asset_job_def()


def _run(job: dg.JobDefinition, instance: dg.DagsterInstance, assets: list[dg.AssetKey],
         checks: list[dg.AssetCheckKey] | None = None) -> dg.ExecuteInProcessResult:  # fmt: skip
    if checks is not None:  # what the UI launches for a check's "Execute" button
        job = job.get_subset(asset_selection=set(assets), asset_check_selection=set(checks))
    return job.execute_in_process(
        partition_key=PARTITION,
        instance=instance,
        raise_on_error=False,
        asset_selection=None if checks is not None else assets,
    )


def _materialized(result: dg.ExecuteInProcessResult) -> set[dg.AssetKey]:
    return {e.asset_key for e in result.get_asset_materialization_events() if e.asset_key}


def test_each_asset_of_the_op_materializes_alone(
    job: dg.JobDefinition, opendata_home: Path
) -> None:
    instance = dg.DagsterInstance.ephemeral()
    raw_only = _run(job, instance, [RAW])
    assert raw_only.success and _materialized(raw_only) == {RAW}
    assert not (opendata_home / "clean" / DATASET).exists()
    assert raw_only.get_asset_check_evaluations() == []

    clean_only = _run(job, instance, [CLEAN])
    assert clean_only.success and _materialized(clean_only) == {CLEAN}
    assert (opendata_home / "clean" / DATASET / f"{PARTITION}.parquet").is_file()
    assert {e.check_name for e in clean_only.get_asset_check_evaluations()} >= {
        "personal_data_absent",
        "table_schema",
        "legal_rules",
    }


def test_a_check_executes_alone_on_the_last_clean_materialization(
    job: dg.JobDefinition,
) -> None:
    instance = dg.DagsterInstance.ephemeral()
    # before any clean materialization: a clear French failure, no check result
    check = dg.AssetCheckKey(CLEAN, "rows_present")
    early = _run(job, instance, [], [check])
    assert not early.success
    failure = next(e for e in early.all_events if e.event_type_value == "STEP_FAILURE")
    assert "n'a pas encore été matérialisé" in failure.step_failure_data.error.message

    assert _run(job, instance, [RAW, CLEAN]).success
    alone = _run(job, instance, [], [check])
    assert alone.success
    assert _materialized(alone) == set()  # nothing rematerialized
    [evaluation] = alone.get_asset_check_evaluations()
    assert evaluation.check_name == "rows_present" and evaluation.passed
    assert evaluation.metadata["rows"].value == 22
