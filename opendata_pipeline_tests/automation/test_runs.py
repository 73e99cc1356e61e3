"""The runs the schedules request, executed in-process, and a backfill of raw partitions.

Real files under a temporary OPENDATA_HOME, the real defibrillator sample as source and the
dry-run outbox as portals (portal URLs unset). The real-time job is not run here: its mobility
assets fetch live feeds (their own tests serve them on 127.0.0.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from opendata_pipeline.defs.automation import CATALOGUE_JOB, DAILY_JOB
from opendata_pipeline_tests.automation.conftest import tick

PARIS = ZoneInfo("Europe/Paris")
DATASET = "dae-monthly"
RAW = dg.AssetKey(["raw", DATASET])
PORTALS = ("portal_montpellier", "portal_herault")


@pytest.fixture
def dry_run_portals(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("MONTPELLIER_PORTAL_URL", "HERAULT_DATA_URL"):
        monkeypatch.delenv(variable, raising=False)


def test_backfill_of_two_raw_partitions_keeps_two_snapshots(
    cadence_defs: dg.Definitions, opendata_home: Path, instance: dg.DagsterInstance
) -> None:
    """What a UI backfill of raw/<id> over two days launches: one run per partition."""
    policy = cadence_defs.resolve_assets_def(RAW).backfill_policy
    assert policy is None or policy.max_partitions_per_run == 1  # never a range in one run
    job = cadence_defs.resolve_job_def(DAILY_JOB)
    days = ["2026-01-05", "2026-01-06"]
    for day in days:
        result = job.execute_in_process(partition_key=day, asset_selection=[RAW], instance=instance)
        assert result.success
    snapshots = sorted(p for p in (opendata_home / "raw" / DATASET).iterdir() if p.is_dir())
    assert [p.name for p in snapshots] == days
    assert all((p / "manifest.json").is_file() for p in snapshots)
    assert instance.get_materialized_partitions(RAW) == set(days)


def test_the_daily_request_runs_the_dataset_through_to_the_portals(
    cadence_defs: dg.Definitions,
    opendata_home: Path,
    instance: dg.DagsterInstance,
    dry_run_portals: None,
) -> None:
    first_of_april = datetime(2026, 4, 1, 5, tzinfo=PARIS)
    requests, _ = tick(cadence_defs, f"{DAILY_JOB}_schedule", instance, first_of_april)
    request = next(r for r in requests if r.tags["dataset"] == DATASET)
    result = cadence_defs.resolve_job_def(DAILY_JOB).execute_in_process(
        partition_key=request.partition_key,
        asset_selection=request.asset_selection,
        instance=instance,
    )
    assert result.success
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert materialized == set(request.asset_selection or [])
    assert (opendata_home / "clean" / DATASET / "2026-04-01.parquet").is_file()
    assert (opendata_home / "published" / DATASET / f"{DATASET}.parquet").is_file()

    portals_only = [dg.AssetKey([portal, DATASET]) for portal in PORTALS]
    result = cadence_defs.resolve_job_def(DAILY_JOB).execute_in_process(
        partition_key=request.partition_key, asset_selection=portals_only, instance=instance
    )  # what the daily run of a continuous/hourly dataset requests
    assert result.success
    assert {e.asset_key for e in result.get_asset_materialization_events()} == set(portals_only)

    next_day = datetime(2026, 4, 2, 5, tzinfo=PARIS)
    requests, _ = tick(cadence_defs, f"{DAILY_JOB}_schedule", instance, next_day)
    assert DATASET not in {r.tags["dataset"] for r in requests}  # published: back to its cadence
    assert "dae-daily" in {r.tags["dataset"] for r in requests}

    result = cadence_defs.resolve_job_def(CATALOGUE_JOB).execute_in_process(instance=instance)
    assert result.success
    assert (opendata_home / "warehouse.duckdb").is_file()
    assert (opendata_home / "catalog" / "dcat.ttl").is_file()


def test_a_run_blocked_by_a_legal_check_is_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project's dagster.yaml retries runs that died outside a step, never a failed step: a
    blocking check failure is deterministic (dagster's own re-execution decision is asked)."""
    from dagster._core.events import RunFailureReason
    from dagster._core.execution.retries import auto_reexecution_should_retry_run
    from dagster._daemon.auto_run_reexecution.auto_run_reexecution import should_retry

    from opendata_pipeline.cli.instance import ensure_dagster_home

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    home = ensure_dagster_home()

    @dg.asset(
        key=["clean", DATASET],
        check_specs=[
            dg.AssetCheckSpec("personal_data_absent", asset=["clean", DATASET], blocking=True)
        ],
    )
    def clean() -> Iterator[dg.MaterializeResult[None] | dg.AssetCheckResult]:
        yield dg.MaterializeResult()
        yield dg.AssetCheckResult(
            check_name="personal_data_absent", passed=False, severity=dg.AssetCheckSeverity.ERROR
        )

    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.run_retries_enabled and instance.run_retries_max_retries == 1
        result = dg.materialize([clean], instance=instance, raise_on_error=False)
        assert not result.success
        run = instance.get_run_by_id(result.run_id)
        assert run is not None
        assert run.tags["dagster/failure_reason"] == RunFailureReason.STEP_FAILURE.value
        assert not should_retry(run, instance)
        # with retries of failed steps allowed (the default we turned off) it would be retried
        allowed = run.with_tags({"dagster/retry_on_asset_or_op_failure": "true"})
        assert auto_reexecution_should_retry_run(instance, allowed, RunFailureReason.STEP_FAILURE)
