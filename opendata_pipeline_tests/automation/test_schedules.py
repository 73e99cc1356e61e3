"""Schedules evaluated tick by tick against a temporary instance, as the scheduler daemon does.

Covers which datasets each daily tick runs (declared cadence, Europe/Paris days, never-published
datasets), the partition key of each run, the real-time interval from `MOBILITY_REFRESH_MINUTES`
and the skip while a refresh is unfinished. Running the requested runs is in test_runs.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from opendata_pipeline.catalog.loader import load_catalog
from opendata_pipeline.defs.automation import (
    CATALOGUE_JOB,
    CATALOGUE_KEYS,
    CATALOGUE_SENSOR,
    DAILY_JOB,
    REALTIME_JOB,
    REFRESH_ENV,
    build_automation,
    is_due,
)
from opendata_pipeline_tests.automation.conftest import (
    FREQUENCIES,
    publish,
    tick,
    write_catalogue,
)

PARIS = ZoneInfo("Europe/Paris")
DAILY = f"{DAILY_JOB}_schedule"
REALTIME = f"{REALTIME_JOB}_schedule"
MOBILITY = [
    dg.AssetKey(["mobility", "parking_occupancy"]),
    dg.AssetKey(["mobility", "bike_availability"]),
    dg.AssetKey(["mobility", "maps"]),
]
EVERY_DAY = {"continuous", "hourly", "daily"}
PORTALS = ("portal_montpellier", "portal_herault")


def _pipeline(dataset: str) -> list[dg.AssetKey]:
    return [dg.AssetKey([stage, dataset]) for stage in ("raw", "clean", "published")]


def test_schedules_and_jobs_are_declared_running(cadence_defs: dg.Definitions) -> None:
    for job in (DAILY_JOB, REALTIME_JOB):
        assert cadence_defs.resolve_job_def(job).name == job
        schedule = cadence_defs.resolve_schedule_def(f"{job}_schedule")
        assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
        assert schedule.execution_timezone == "Europe/Paris"
        assert schedule.job_name == job
    assert cadence_defs.resolve_schedule_def(DAILY).cron_schedule == "0 5 * * *"
    assert cadence_defs.resolve_schedule_def(REALTIME).cron_schedule == "*/10 * * * *"
    assert cadence_defs.resolve_job_def(CATALOGUE_JOB).name == CATALOGUE_JOB  # by hand


def test_jobs_mix_daily_partitions_and_unpartitioned_assets(cadence_defs: dg.Definitions) -> None:
    daily = cadence_defs.resolve_job_def(DAILY_JOB)
    realtime = cadence_defs.resolve_job_def(REALTIME_JOB)
    for job in (daily, realtime):
        assert isinstance(job.partitions_def, dg.DailyPartitionsDefinition)
        assert job.partitions_def.timezone == "Europe/Paris"
    assert cadence_defs.resolve_job_def(CATALOGUE_JOB).partitions_def is None
    graph = cadence_defs.resolve_asset_graph()
    assert graph.get(dg.AssetKey(["published", "dae-daily"])).partitions_def is None
    assert graph.get(dg.AssetKey(["raw", "dae-daily"])).partitions_def is not None


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (date(2026, 3, 2), EVERY_DAY | {"weekly"}),  # a Monday
        (date(2026, 3, 3), EVERY_DAY),  # a Tuesday
        (date(2026, 5, 1), EVERY_DAY | {"monthly"}),  # a Friday, 1st of a month
        (date(2026, 4, 1), EVERY_DAY | {"monthly", "quarterly"}),
        (date(2026, 6, 1), EVERY_DAY | {"weekly", "monthly"}),  # a Monday, 1st of June
        (date(2026, 7, 1), EVERY_DAY | {"monthly", "quarterly", "semiannual"}),
        (date(2027, 1, 1), set(FREQUENCIES) - {"weekly", "irregular", "unknown"}),  # a Friday
    ],
)
def test_daily_tick_runs_the_datasets_due_by_cadence(
    cadence_defs: dg.Definitions, published: dg.DagsterInstance, day: date, due: set[str]
) -> None:
    when = datetime(day.year, day.month, day.day, 5, tzinfo=PARIS)
    requests, _ = tick(cadence_defs, DAILY, published, when)
    assert {r.tags["dataset"] for r in requests} == {f"dae-{f}" for f in due}
    for request in requests:
        dataset = request.tags["dataset"]
        assert request.partition_key == day.isoformat()
        assert request.tags["dagster/partition"] == day.isoformat()
        assert request.run_key == f"{dataset}:{day.isoformat()}"
        portals = [
            dg.AssetKey(["portal_montpellier", dataset]),
            dg.AssetKey(["portal_herault", dataset]),
            dg.AssetKey(["portal_links", dataset]),  # each record links to the other
        ]
        if request.tags["frequency"] in ("continuous", "hourly"):  # the real-time job's files
            assert request.asset_selection == portals
        else:
            assert request.asset_selection == [*_pipeline(dataset), *portals]


def test_daily_tick_takes_the_paris_day(
    cadence_defs: dg.Definitions, published: dg.DagsterInstance
) -> None:
    """23:30 UTC on Sunday is already Monday in Paris: Monday's partition, weekly datasets due."""
    requests, _ = tick(cadence_defs, DAILY, published, datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    assert "dae-weekly" in {r.tags["dataset"] for r in requests}
    assert {r.partition_key for r in requests} == {"2026-03-02"}


def test_never_published_datasets_are_due_whatever_their_cadence(
    cadence_defs: dg.Definitions, instance: dg.DagsterInstance
) -> None:
    done = ("daily", "weekly", "annual")
    publish(instance, done)
    when = datetime(2026, 3, 3, 5, tzinfo=PARIS)  # a Tuesday: no weekly, monthly... cadence
    requests, _ = tick(cadence_defs, DAILY, instance, when)
    expected = (set(FREQUENCIES) - set(done)) | {"daily"}
    assert {r.tags["dataset"] for r in requests} == {f"dae-{f}" for f in expected}


@pytest.mark.parametrize(
    ("local_time", "with_hourly"),
    [((10, 0), True), ((10, 10), False), ((10, 50), False), ((0, 0), True)],
)
def test_realtime_tick_refreshes_mobility_and_continuous_feeds(
    cadence_defs: dg.Definitions,
    published: dg.DagsterInstance,
    local_time: tuple[int, int],
    with_hourly: bool,
) -> None:
    when = datetime(2026, 3, 3, *local_time, tzinfo=PARIS)
    requests, _ = tick(cadence_defs, REALTIME, published, when)
    assert len(requests) == 1
    # a continuous entry declared on Hérault Data is pushed there at every tick (the map is at
    # most one tick behind the feed); the other portal copies get the daily snapshot
    pushed = dg.AssetKey(["portal_herault", "dae-continuous"])
    expected = [*MOBILITY, *_pipeline("dae-continuous"), pushed]
    if with_hourly:
        expected += _pipeline("dae-hourly")
    assert sorted(requests[0].asset_selection or [], key=str) == sorted(expected, key=str)
    assert requests[0].partition_key == "2026-03-03"
    portals = [k for k in requests[0].asset_selection or [] if k.path[0].startswith("portal_")]
    assert portals == [pushed]


def test_realtime_partition_is_the_paris_day(
    cadence_defs: dg.Definitions, published: dg.DagsterInstance
) -> None:
    when = datetime(2026, 7, 14, 22, 30, tzinfo=UTC)  # 00:30 on 15 July in Paris (UTC+2)
    requests, _ = tick(cadence_defs, REALTIME, published, when)
    assert requests[0].partition_key == "2026-07-15"


def test_realtime_tick_skips_while_the_previous_refresh_is_unfinished(
    cadence_defs: dg.Definitions, instance: dg.DagsterInstance
) -> None:
    job = cadence_defs.resolve_job_def(REALTIME_JOB)
    run = instance.create_run_for_job(job_def=job, run_config={})
    now = datetime.now(UTC).replace(microsecond=0)
    requests, skipped = tick(cadence_defs, REALTIME, instance, now)
    assert requests == []
    assert skipped is not None and run.run_id in skipped
    requests, _ = tick(cadence_defs, REALTIME, instance, now + timedelta(hours=2))
    assert len(requests) == 1  # a run unfinished for over an hour (crashed) no longer blocks
    instance.report_run_failed(run)
    requests, skipped = tick(cadence_defs, REALTIME, instance, now)
    assert len(requests) == 1 and skipped is None


@pytest.mark.parametrize(("value", "cron"), [("5", "*/5 * * * *"), ("15", "*/15 * * * *")])
def test_realtime_interval_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, cron: str
) -> None:
    from opendata_pipeline.definitions import defs

    monkeypatch.setenv(REFRESH_ENV, value)
    assert defs().resolve_schedule_def(REALTIME).cron_schedule == cron


@pytest.mark.parametrize("value", ["7", "0", "60", "ten", "-5"])
def test_an_invalid_interval_is_refused_with_the_variable_name(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(REFRESH_ENV, value)
    with pytest.raises(ValueError, match=REFRESH_ENV):
        build_automation(load_catalog())


def test_without_catalogue_the_realtime_schedule_refreshes_mobility_alone(
    tmp_path: Path, instance: dg.DagsterInstance
) -> None:
    from opendata_pipeline.defs.mobility import defs as mobility_defs
    from opendata_pipeline.defs.resources import defs as resources_defs

    automation = build_automation(load_catalog(write_catalogue(tmp_path, [])))
    assert [s.name for s in automation.schedules or []] == [REALTIME]
    location = dg.Definitions.merge(automation, mobility_defs(), resources_defs())
    assert location.resolve_job_def(REALTIME_JOB).partitions_def is None
    requests, _ = tick(location, REALTIME, instance, datetime(2026, 3, 3, 10, tzinfo=PARIS))
    assert len(requests) == 1
    assert requests[0].asset_selection == MOBILITY
    assert requests[0].partition_key is None


@pytest.mark.parametrize(
    ("frequency", "days"),
    [
        ("daily", 365),
        ("continuous", 365),
        ("weekly", 52),
        ("monthly", 12),
        ("quarterly", 4),
        ("semiannual", 2),
        ("annual", 1),
        ("irregular", 0),
        ("unknown", 0),
    ],
)
def test_cadence_over_a_whole_year(frequency: str, days: int) -> None:
    year = [date.fromordinal(date(2026, 1, 1).toordinal() + n) for n in range(365)]
    assert sum(is_due(frequency, day) for day in year) == days


def test_catalogue_assets_wait_for_the_dataset_runs(
    cadence_defs: dg.Definitions, instance: dg.DagsterInstance
) -> None:
    """Warehouse, DCAT and reconciliation run once a day after 07:00, not while a dataset run
    they read is queued or running (the automation sensor's own evaluation)."""
    catalogue = dg.AssetSelection.assets(*CATALOGUE_KEYS)
    sensor = cadence_defs.resolve_sensor_def(CATALOGUE_SENSOR)
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING

    def requested(when: datetime, cursor: object = None) -> tuple[set[dg.AssetKey], object]:
        result = dg.evaluate_automation_conditions(
            cadence_defs, instance, asset_selection=catalogue, evaluation_time=when, cursor=cursor
        )
        return {k for k in CATALOGUE_KEYS if result.get_requested_partitions(k)}, result.cursor

    morning = datetime(2026, 3, 3, 6, 50, tzinfo=PARIS)
    keys, cursor = requested(morning)
    assert keys == set()
    job = cadence_defs.resolve_job_def(DAILY_JOB)
    daily_run = [*_pipeline("dae-daily"), *(dg.AssetKey([p, "dae-daily"]) for p in PORTALS)]
    run = instance.create_run_for_job(
        job, asset_selection=frozenset(daily_run), status=dg.DagsterRunStatus.STARTED
    )
    keys, cursor = requested(morning + timedelta(minutes=20), cursor)  # 07:10, a run in progress
    assert keys == set()
    instance.report_run_failed(run)
    keys, cursor = requested(morning + timedelta(minutes=25), cursor)
    assert keys == set(CATALOGUE_KEYS)
    keys, cursor = requested(morning + timedelta(minutes=30), cursor)  # once a day
    assert keys == set()


def test_no_daily_run_for_a_dataset_whose_previous_run_is_unfinished(
    cadence_defs: dg.Definitions, published: dg.DagsterInstance
) -> None:
    job = cadence_defs.resolve_job_def(DAILY_JOB)
    stuck = published.create_run_for_job(
        job,
        asset_selection=frozenset(_pipeline("dae-daily")),
        status=dg.DagsterRunStatus.STARTED,
        tags={"dataset": "dae-daily"},
    )
    try:
        requests, _ = tick(cadence_defs, DAILY, published, datetime(2026, 3, 3, 5, tzinfo=PARIS))
        assert {r.tags["dataset"] for r in requests} == {f"dae-{f}" for f in EVERY_DAY - {"daily"}}
    finally:
        published.report_run_canceled(stuck)
    requests, _ = tick(cadence_defs, DAILY, published, datetime(2026, 3, 4, 5, tzinfo=PARIS))
    assert "dae-daily" in {r.tags["dataset"] for r in requests}
