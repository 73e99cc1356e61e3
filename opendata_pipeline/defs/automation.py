"""Schedules and freshness: when each dataset is refreshed, and when it counts as stale.

- `datasets_daily` (05:00 Europe/Paris): one run per dataset due that day by its declared cadence
  (daily every day, weekly on Mondays, monthly on the 1st...), or never published yet; it
  materializes `raw`/`clean` for the day's partition, then `published` and the portal assets
  (for `continuous`/`hourly` datasets only the portal assets: the real-time schedule owns the
  rest, and two runs never write the same files).
- The cross-dataset assets (warehouse, DCAT, portal reconciliation, the
  répertoire `catalog/inventory` the SCDL catalogue entries read) run once a day after 07:00,
  as soon as none of the dataset assets they read is queued or running (a declarative automation
  condition, `after_dataset_runs`): with 1,000 datasets and a 4-run queue the morning's runs may
  last past 07:00, and those assets then wait for them. `catalogue_daily` runs them by hand.
- `realtime_refresh` (every `MOBILITY_REFRESH_MINUTES`, default 10): the mobility histories and
  maps, and the catalogue entries declared `continuous` (every tick) or `hourly` (first tick of
  each hour) — raw to published, then the Hérault Data realtime push of the entries that have
  one (`DatasetEntry.realtime`), so the portal's map is at most one tick behind the feed; the
  other portal copies get the daily snapshot.
- R-FRESHNESS: a dataset is stale 1.5 x its declared period after its last publication; the
  `FreshnessPolicy` of `published/<id>` shows it in the UI (the alerting sensor mails it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from opendata_pipeline.alerts.build import STALE_FACTOR
from opendata_pipeline.catalog.loader import Catalog, load_catalog
from opendata_pipeline.catalog.model import FREQUENCY_HOURS, DatasetEntry
from opendata_pipeline.defs.partitions import TIMEZONE

DAILY_JOB = "datasets_daily"
CATALOGUE_JOB = "catalogue_daily"
REALTIME_JOB = "realtime_refresh"
DAILY_CRON = "0 5 * * *"
CATALOGUE_CRON = "0 7 * * *"  # not before: the morning's dataset runs are queued by then
CATALOGUE_SENSOR = "catalogue_after_dataset_runs"
CATALOGUE_KEYS = (
    dg.AssetKey(["warehouse"]),
    dg.AssetKey(["catalog", "dcat"]),
    dg.AssetKey(["catalog", "portal_reconciliation"]),
    dg.AssetKey(["catalog", "inventory"]),
)
REFRESH_ENV = "MOBILITY_REFRESH_MINUTES"
DEFAULT_REFRESH_MINUTES = 10
# divisors of 60 (a regular cron step) that keep continuous feeds within R-FRESHNESS (22.5 min)
REFRESH_CHOICES = (5, 6, 10, 12, 15)
REALTIME_FREQUENCIES = frozenset({"continuous", "hourly"})
QUARTER_MONTHS = frozenset({1, 4, 7, 10})
HALF_YEAR_MONTHS = frozenset({1, 7})
STUCK_AFTER = timedelta(hours=1)  # an older unfinished refresh (a crashed run) no longer blocks
UNFINISHED = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def is_due(frequency: str, day: date) -> bool:
    """Whether the daily run of `day` (Europe/Paris) refreshes a dataset of this cadence.

    `irregular` and `unknown` datasets have no cadence: they run on demand (or when never
    published yet, see `datasets_due`).
    """
    first = day.day == 1
    rules: dict[str, bool] = {
        "continuous": True,
        "hourly": True,
        "daily": True,
        "weekly": day.isoweekday() == 1,
        "monthly": first,
        "quarterly": first and day.month in QUARTER_MONTHS,
        "semiannual": first and day.month in HALF_YEAR_MONTHS,
        "annual": first and day.month == 1,
    }
    return rules.get(frequency, False)


def freshness_window(frequency: str) -> timedelta | None:
    """R-FRESHNESS: 1.5 x the declared period; None for `irregular`/`unknown`."""
    hours = FREQUENCY_HOURS.get(frequency)
    return None if hours is None else timedelta(hours=STALE_FACTOR * hours)


def freshness_policy_for(entry: DatasetEntry) -> dg.FreshnessPolicy | None:
    """The freshness policy of `published/<id>`: failed 1.5 x the declared period after the last
    publication (same threshold as the steward alert); None without a declared period."""
    return _policy(entry.frequency)


def realtime_freshness_policy() -> dg.FreshnessPolicy:
    """The policy of the mobility histories: those of a `continuous` feed (22.5 minutes)."""
    policy = _policy("continuous")
    assert policy is not None
    return policy


def _policy(frequency: str) -> dg.FreshnessPolicy | None:
    window = freshness_window(frequency)
    return None if window is None else dg.FreshnessPolicy.time_window(fail_window=window)


def after_dataset_runs(realtime: list[dg.AssetKey]) -> dg.AutomationCondition:
    """Once a day after `CATALOGUE_CRON`, as soon as no upstream asset is queued or running (the
    real-time datasets, refreshed every few minutes, are not waited for) and not while the asset
    itself runs."""
    upstream_running = dg.AutomationCondition.any_deps_match(
        dg.AutomationCondition.in_progress()
    ).ignore(dg.AssetSelection.assets(*realtime))
    tick: dg.AutomationCondition = dg.AutomationCondition.cron_tick_passed(CATALOGUE_CRON, TIMEZONE)
    return (
        tick.since_last_handled() & ~upstream_running & ~dg.AutomationCondition.in_progress()
    ).with_label("daily after 07:00, once the dataset runs it reads are finished")


def catalogue_condition(catalog: Catalog) -> dg.AutomationCondition:
    """`after_dataset_runs` for the catalogue's cross-dataset assets."""
    keys = dataset_keys(catalog)
    return after_dataset_runs(
        [keys[e.id].published for e in catalog if e.frequency in REALTIME_FREQUENCIES]
    )


def refresh_minutes() -> int:
    """`MOBILITY_REFRESH_MINUTES`, the interval of the real-time schedule (default 10)."""
    value = os.environ.get(REFRESH_ENV, "").strip()
    if not value:
        return DEFAULT_REFRESH_MINUTES
    if not value.isdigit() or int(value) not in REFRESH_CHOICES:
        allowed = ", ".join(str(m) for m in REFRESH_CHOICES)
        raise ValueError(f"{REFRESH_ENV} must be one of {allowed} (minutes), got '{value}'")
    return int(value)


@dataclass(frozen=True)
class DatasetKeys:
    """The assets one dataset's runs materialize."""

    partitioned: tuple[dg.AssetKey, ...]  # raw, clean: the day's partition
    published: dg.AssetKey
    portals: tuple[dg.AssetKey, ...]
    pushed: tuple[dg.AssetKey, ...] = ()  # portal copies fed at the real-time cadence (push)

    @property
    def pipeline(self) -> list[dg.AssetKey]:
        """raw → clean → published, without the portals."""
        return [*self.partitioned, self.published]

    @property
    def refresh(self) -> list[dg.AssetKey]:
        """What the real-time refresh materializes: the pipeline, then the realtime push."""
        return [*self.pipeline, *self.pushed]

    @property
    def all(self) -> list[dg.AssetKey]:
        return [*self.pipeline, *self.portals]

    def daily(self, frequency: str) -> list[dg.AssetKey]:
        """What the daily run materializes: real-time datasets get only their portal copies."""
        return list(self.portals) if frequency in REALTIME_FREQUENCIES else self.all


def dataset_keys(catalog: Catalog) -> dict[str, DatasetKeys]:
    """Asset keys of every dataset, as the factories of `datasets.py` and `portals.py` name them."""
    # imported here, not at the top: `datasets.py` and `mobility.py` import this module
    from opendata_pipeline.defs.datasets import clean_key, published_key, raw_key
    from opendata_pipeline.defs.portals import portal_key
    from opendata_pipeline.publish.portals import HERAULT_DATA, declared_portals

    return {
        entry.id: DatasetKeys(
            partitioned=(raw_key(entry.id), clean_key(entry.id)),
            published=published_key(entry.id),
            portals=tuple(portal_key(p.id, entry.id) for p in declared_portals(entry)),
            pushed=(portal_key(HERAULT_DATA.id, entry.id),) if entry.realtime else (),
        )
        for entry in catalog
    }


def _local(context: dg.ScheduleEvaluationContext) -> datetime:
    return context.scheduled_execution_time.astimezone(ZoneInfo(TIMEZONE))


def datasets_due(catalog: Catalog, day: date, published: Mapping[str, bool]) -> list[DatasetEntry]:
    """Entries the daily run of `day` refreshes: due by cadence, or never published yet."""
    return [e for e in catalog if is_due(e.frequency, day) or not published.get(e.id, False)]


def daily_schedule(catalog: Catalog, job: dg.UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    """One run per due dataset, for the partition of the day (the snapshot taken that day)."""
    keys = dataset_keys(catalog)

    @dg.schedule(
        name=f"{DAILY_JOB}_schedule",
        job=job,
        cron_schedule=DAILY_CRON,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Each morning, one run per dataset due by its declared cadence (daily; "
        "weekly on Mondays; monthly, quarterly, half-yearly, yearly on the 1st) or never "
        "published: raw and clean for the day's partition, then published and the portals "
        "(only the portals for continuous/hourly datasets, refreshed by the real-time job); "
        "none for a dataset whose previous run is still queued or running.",
    )
    def evaluate(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
        day = _local(context).date()
        records = context.instance.get_asset_records([k.published for k in keys.values()])
        done = {r.asset_entry.asset_key for r in records if r.asset_entry.last_materialization}
        published = {dataset: k.published in done for dataset, k in keys.items()}
        unfinished = context.instance.get_runs(
            filters=dg.RunsFilter(job_name=DAILY_JOB, statuses=UNFINISHED)
        )
        busy = {run.tags.get("dataset") for run in unfinished}
        for dataset in sorted(d for d in busy if d in keys):
            context.log.info(f"{dataset}: its previous run is not finished, no new run today")
        return [
            dg.RunRequest(
                run_key=f"{entry.id}:{day.isoformat()}",
                partition_key=day.isoformat(),
                asset_selection=keys[entry.id].daily(entry.frequency),
                tags={"dataset": entry.id, "frequency": entry.frequency},
            )
            for entry in datasets_due(catalog, day, published)
            if keys[entry.id].daily(entry.frequency) and entry.id not in busy
        ]

    return evaluate


def realtime_schedule(
    catalog: Catalog, job: dg.UnresolvedAssetJobDefinition, mobility: list[dg.AssetKey]
) -> dg.ScheduleDefinition:
    """Every few minutes: mobility histories and maps, `continuous` and `hourly` datasets."""
    minutes = refresh_minutes()
    keys = dataset_keys(catalog)
    partitioned = any(entry.frequency in REALTIME_FREQUENCIES for entry in catalog)

    @dg.schedule(
        name=f"{REALTIME_JOB}_schedule",
        job=job,
        cron_schedule=f"*/{minutes} * * * *",
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Every {minutes} minutes ({REFRESH_ENV}): car-park and Vélomagg histories "
        "and maps, and the datasets declared continuous (every tick) or hourly (once an hour), "
        "raw to published, then their Hérault Data realtime push; skipped while the previous "
        "refresh still runs.",
    )
    def evaluate(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
        tick = _local(context)
        runs = context.instance.get_runs(
            filters=dg.RunsFilter(
                job_name=REALTIME_JOB,
                statuses=UNFINISHED,
                created_after=tick.astimezone(UTC) - STUCK_AFTER,  # compared as naive UTC
            ),
            limit=1,
        )
        if runs:
            return dg.SkipReason(f"run {runs[0].run_id} of the previous refresh is not finished")
        selection = list(mobility)
        for entry in catalog:
            if entry.frequency == "continuous" or (
                entry.frequency == "hourly" and tick.minute < minutes
            ):
                selection += keys[entry.id].refresh
        return dg.RunRequest(
            run_key=tick.isoformat(),
            partition_key=tick.date().isoformat() if partitioned else None,
            asset_selection=selection,
        )

    return evaluate


def build_automation(catalog: Catalog) -> dg.Definitions:
    """Jobs and schedules of the catalogue and of the real-time feeds."""
    from opendata_pipeline.defs.mobility import KEYS, mobility_maps

    mobility = [*KEYS.values(), mobility_maps.key]
    keys = dataset_keys(catalog)
    realtime_keys = [
        key
        for entry in catalog
        if entry.frequency in REALTIME_FREQUENCIES
        for key in keys[entry.id].refresh
    ]
    realtime_job = dg.define_asset_job(
        REALTIME_JOB,
        selection=dg.AssetSelection.assets(*mobility, *realtime_keys),
        description="Real-time feeds: mobility histories and maps, continuous/hourly datasets, "
        "the Hérault Data realtime push.",
    )
    jobs: list[dg.UnresolvedAssetJobDefinition] = [realtime_job]
    schedules = [realtime_schedule(catalog, realtime_job, mobility)]
    sensors: list[dg.SensorDefinition] = []
    if catalog.entries:
        daily_job = dg.define_asset_job(
            DAILY_JOB,
            selection=dg.AssetSelection.assets(*(k for d in keys.values() for k in d.all)),
            description="Every dataset, raw to portals; the daily schedule runs a subset per "
            "dataset; backfills of past partitions start here or from the asset pages.",
        )
        catalogue_job = dg.define_asset_job(
            CATALOGUE_JOB,
            selection=dg.AssetSelection.assets(*CATALOGUE_KEYS),
            description="Cross-dataset assets: warehouse views, DCAT catalogue, portal "
            "reconciliation (run by the automation sensor after the morning's dataset runs; "
            "this job runs them by hand).",
        )
        jobs += [daily_job, catalogue_job]
        schedules.append(daily_schedule(catalog, daily_job))
        sensors.append(
            dg.AutomationConditionSensorDefinition(
                CATALOGUE_SENSOR,
                target=dg.AssetSelection.assets(*CATALOGUE_KEYS),
                default_status=dg.DefaultSensorStatus.RUNNING,
                description="Runs the warehouse, the DCAT catalogue, the portal reconciliation "
                "and the répertoire once a day after 07:00, once the dataset runs they read are "
                "finished.",
            )
        )
    return dg.Definitions(jobs=jobs, schedules=schedules, sensors=sensors)


@dg.definitions
def defs() -> dg.Definitions:
    """Picked up by `load_from_defs_folder` with the rest of `defs/`."""
    return build_automation(load_catalog())
