"""Steward alert sensors: failed asset checks, failed runs and stale datasets.

Thin Dagster edge over `opendata_pipeline.alerts`: each sensor turns what the instance knows into
`Alert`s for the dataset's steward (from the catalogue) and calls `dispatch`, which deduplicates,
sends French e-mails/webhook posts and keeps undelivered ones for the next tick. Sensors launch
no run and are quiet when everything passes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import dagster as dg
from dagster import AssetCheckKey, AssetKey, DagsterInstance

from opendata_pipeline.alerts.build import (
    check_failure_alert,
    stale_alert,
    step_failure_alert,
)
from opendata_pipeline.alerts.model import Alert
from opendata_pipeline.alerts.render import asset_link, run_link
from opendata_pipeline.alerts.store import AlertStore
from opendata_pipeline.catalog import Catalog, load_catalog
from opendata_pipeline.catalog.model import Steward
from opendata_pipeline.publish.portals import PORTALS

CHECK_SENSOR = "steward_check_failure_alerts"
RUN_FAILURE_SENSOR = "steward_run_failure_alerts"
FRESHNESS_SENSOR = "steward_freshness_alerts"
STAGES = ("raw", "clean", "published", *(p.asset_prefix for p in PORTALS))
# a failed blocking check also fails its step: the check sensor already reports it
CHECK_STEP_ERRORS = frozenset({"DagsterAssetCheckFailedError"})
DEFAULT_STEWARD_NAME = "Responsable du jeu de données"
FALLBACK_NAME = "Équipe data"


class _Log(Protocol):
    def error(self, msg: str) -> None: ...

    def warning(self, msg: str) -> None: ...


EVENTS_PER_QUERY = 1000  # event-log records read per query; a tick pages until it is done
ALERT_DB = "opendata_alerts.db"


def store_url(instance: DagsterInstance) -> str:
    """Where alert state lives: the instance's PostgreSQL database in production, else a SQLite
    file in the instance's storage folder (DAGSTER_HOME), never the pod's OPENDATA_HOME."""
    postgres_url = getattr(instance.run_storage, "postgres_url", None)
    if isinstance(postgres_url, str):
        return postgres_url
    folder = Path(instance.storage_directory())
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / ALERT_DB}"


@dataclass(frozen=True)
class StoredCheckEvaluation:
    """One completed evaluation of an asset check (metadata as plain values)."""

    key: AssetCheckKey
    run_id: str
    passed: bool
    severity: dg.AssetCheckSeverity
    metadata: dict[str, object]


def _plain(value: object) -> object:
    raw = getattr(value, "value", value)
    if isinstance(raw, bool | int | str):
        return raw
    if isinstance(raw, list | tuple) and all(isinstance(item, str) for item in raw):
        return list(raw)
    return None  # tables, JSON, Markdown...: never copied into an alert


def new_events(
    instance: DagsterInstance, event_type: dg.DagsterEventType, cursor: str | None
) -> tuple[list[dg.EventLogRecord], str | None]:
    """Event-log records of `event_type` stored since `cursor`, oldest first, and the next cursor.

    Storages with one event log (PostgreSQL, consolidated SQLite, and the asset index that
    run-sharded SQLite keeps for asset events): one indexed query after the last storage id per
    `EVENTS_PER_QUERY` records, whatever the size of the catalogue. Run-sharded SQLite keeps check
    evaluations in each run's file: Dagster's cross-run read then opens only the runs updated
    since the last tick (the cursor is that tick's time; a run read twice is deduplicated by the
    alert store).
    """
    storage = instance.event_log_storage
    if storage.is_run_sharded and event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
        started = datetime.now(UTC)
        since = cursor.removeprefix("t:") if cursor and cursor.startswith("t:") else None
        after = (
            dg.RunShardedEventsCursor(id=0, run_updated_after=datetime.fromisoformat(since))
            if since
            else None
        )
        records = storage.get_event_records(
            dg.EventRecordsFilter(event_type=event_type, after_cursor=after), ascending=True
        )
        return sorted(records, key=lambda r: r.timestamp), f"t:{started.isoformat()}"
    after_id = int(cursor) if cursor and cursor.isdigit() else None
    out: list[dg.EventLogRecord] = []
    while True:
        page = storage.get_event_records(
            dg.EventRecordsFilter(event_type=event_type, after_cursor=after_id),
            limit=EVENTS_PER_QUERY,
            ascending=True,
        )
        out += page
        if page:
            after_id = page[-1].storage_id
        if len(page) < EVENTS_PER_QUERY:
            return out, None if after_id is None else str(after_id)


def new_check_evaluations(
    instance: DagsterInstance, cursor: str | None
) -> tuple[list[StoredCheckEvaluation], str | None]:
    """The latest of the check evaluations stored since `cursor`, one per check, and the next
    cursor (a failed check does not fail the run, dagster#29896: the sensor reads the events)."""
    latest: dict[AssetCheckKey, StoredCheckEvaluation] = {}
    records, cursor = new_events(instance, dg.DagsterEventType.ASSET_CHECK_EVALUATION, cursor)
    for record in records:
        event = record.event_log_entry.dagster_event
        evaluation = event.event_specific_data if event is not None else None
        if not isinstance(evaluation, dg.AssetCheckEvaluation):
            continue
        metadata = {name: _plain(value) for name, value in evaluation.metadata.items()}
        latest[evaluation.asset_check_key] = StoredCheckEvaluation(
            key=evaluation.asset_check_key,
            run_id=record.run_id,
            passed=evaluation.passed,
            severity=evaluation.severity,
            metadata={name: value for name, value in metadata.items() if value is not None},
        )
    return list(latest.values()), cursor


def _dataset_of(repo: dg.RepositoryDefinition | None, key: AssetKey) -> str:
    if repo is not None and repo.asset_graph.has(key):
        tag = repo.asset_graph.get(key).tags.get("dataset")
        if tag:
            return tag
    return key.path[-1]


def _stage_of(key: AssetKey) -> str:
    return key.path[0] if len(key.path) == 2 and key.path[0] in STAGES else key.to_user_string()


def _steward(
    catalog: Catalog, dataset: str, repo: dg.RepositoryDefinition | None, key: AssetKey | None
) -> Steward | None:
    """The catalogue's steward of `dataset`, else the first e-mail among the asset's owners,
    else `STEWARD_FALLBACK_EMAIL` (e.g. the data team, for assets shared by all datasets)."""
    if dataset in catalog.entries:
        return catalog[dataset].steward
    candidates: list[tuple[str, str]] = []
    if repo is not None and key is not None and repo.asset_graph.has(key):
        owners = repo.asset_graph.get(key).owners
        candidates += [(DEFAULT_STEWARD_NAME, owner) for owner in owners if "@" in owner]
    fallback = os.environ.get("STEWARD_FALLBACK_EMAIL", "").strip()
    if fallback:
        candidates.append((FALLBACK_NAME, fallback))
    for name, email in candidates:
        try:
            return Steward(name=name, email=email)
        except ValueError:  # not a valid address: try the next one
            continue
    return None


def _send(
    context: dg.SensorEvaluationContext | dg.RunFailureSensorContext,
    opened: Sequence[Alert],
    resolved: Sequence[tuple[str, str]],
    *,
    store: AlertStore | None = None,
    digest_hour: int | None = None,
) -> str | None:
    """Dispatch; a summary for the tick, or None (logged) when the alerting itself failed."""
    from opendata_pipeline.alerts.channels import configured_channels
    from opendata_pipeline.alerts.dispatch import dispatch

    try:
        store = store or AlertStore(store_url(context.instance))
        result = dispatch(
            opened, resolved, configured_channels(), store=store, digest_hour=digest_hour
        )
    except Exception as exc:  # never crash the sensor: the next tick tries again
        context.log.error(f"Steward alerting failed ({type(exc).__name__}: {exc})")
        return None
    for error in result.errors:
        context.log.error(f"Steward alert not delivered, kept for the next tick: {error}")
    return (
        f"{result.opened} new alert(s), {result.resolved} recovery(ies), "
        f"{result.delivered} message(s) delivered, {result.pending} pending"
    )


def _unknown_steward(log: _Log, dataset: str) -> None:
    log.warning(
        f"No steward for dataset '{dataset}' (not in the catalogue, no owner e-mail, "
        "no STEWARD_FALLBACK_EMAIL): no alert"
    )


def _check_failures(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    repo = context.repository_def
    if repo is None:
        return dg.SkipReason("no repository")
    graph = repo.asset_graph
    evaluations, cursor = new_check_evaluations(context.instance, context.cursor)
    catalog = load_catalog()
    opened: list[Alert] = []
    resolved: list[tuple[str, str]] = []
    for outcome in evaluations:
        key = outcome.key
        dataset = _dataset_of(repo, key.asset_key)
        if outcome.passed:
            resolved.append((dataset, f"check:{key.name}"))
            continue
        steward = _steward(catalog, dataset, repo, key.asset_key)
        if steward is None:
            _unknown_steward(context.log, dataset)
            continue
        blocking = key in graph.asset_check_keys and graph.get_check_spec(key).blocking
        opened.append(
            check_failure_alert(
                dataset,
                key.name,
                outcome.metadata,
                steward,
                run_link(outcome.run_id),
                blocks_publication=blocking and outcome.severity == dg.AssetCheckSeverity.ERROR,
            )
        )
    summary = _send(context, opened, resolved)
    if summary is None:
        return dg.SkipReason("alerting failed: see the logs; retried on the next tick")
    if cursor is not None:
        context.update_cursor(cursor)
    return dg.SkipReason(summary)


def _root_error_class(event: dg.DagsterEvent) -> str | None:
    """The user exception's class name under Dagster's wrappers (its message is never read)."""
    data = event.step_failure_data
    error = data.error if data is not None else None
    while error is not None and (error.cls_name or "").startswith("Dagster") and error.cause:
        error = error.cause
    return error.cls_name if error is not None else None


def _planned_assets(instance: DagsterInstance, run_id: str) -> dict[str, list[AssetKey]]:
    """Step key -> assets it was to materialize and did not (a step such as `ingest__<id>`
    may have materialized `raw/<id>` before `clean/<id>` failed)."""

    def keys_by_step(event_type: dg.DagsterEventType) -> dict[str, list[AssetKey]]:
        out: dict[str, list[AssetKey]] = {}
        for record in instance.get_records_for_run(run_id, of_type=event_type).records:
            entry = record.event_log_entry
            event = entry.dagster_event
            if entry.step_key and event is not None and event.asset_key is not None:
                out.setdefault(entry.step_key, []).append(event.asset_key)
        return out

    done = keys_by_step(dg.DagsterEventType.ASSET_MATERIALIZATION)
    return {
        step: [key for key in keys if key not in done.get(step, [])]
        for step, keys in keys_by_step(dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED).items()
    }


def _run_failure(context: dg.RunFailureSensorContext) -> dg.SkipReason:
    run = context.dagster_run
    repo = context.repository_def
    planned = _planned_assets(context.instance, run.run_id)
    failures: list[tuple[AssetKey, str | None]] = []
    for event in context.get_step_failure_events():
        error_class = _root_error_class(event)
        if error_class in CHECK_STEP_ERRORS:
            continue
        failures += [(key, error_class) for key in planned.get(event.step_key or "", [])]
    if not context.get_step_failure_events():  # the run failed outside any step
        failures = [(key, None) for key in sorted(run.asset_selection or (), key=str)]
    catalog = load_catalog()
    alerts: dict[tuple[str, str], Alert] = {}
    for key, error_class in failures:
        dataset = _dataset_of(repo, key)
        steward = _steward(catalog, dataset, repo, key)
        if steward is None:
            _unknown_steward(context.log, dataset)
            continue
        alert = step_failure_alert(
            dataset, _stage_of(key), error_class, steward, run_link(run.run_id)
        )
        alerts.setdefault(alert.problem, alert)
    if not alerts:
        return dg.SkipReason("no dataset to alert for this failure")
    summary = _send(context, list(alerts.values()), [])
    return dg.SkipReason(summary or "alerting failed: see the logs")


def _digest_hour(log: _Log) -> int | None:
    """`STEWARD_DIGEST_HOUR` (0-23, Europe/Paris), or None: no daily digest."""
    value = os.environ.get("STEWARD_DIGEST_HOUR", "").strip()
    if value.isdigit() and int(value) < 24:
        return int(value)
    if value:
        log.error(f"STEWARD_DIGEST_HOUR must be an hour from 0 to 23 (got '{value}'): no digest")
    return None


def _recovered_steps(instance: DagsterInstance, store: AlertStore) -> list[tuple[str, str]]:
    """Open `step:<stage>` problems whose asset materialized since the alert."""
    resolved: list[tuple[str, str]] = []
    for problem in store.open_problems():
        stage = problem.alert.problem_key.removeprefix("step:")
        if stage == problem.alert.problem_key:
            continue
        done = instance.get_latest_materialization_event(AssetKey([stage, problem.alert.dataset]))
        if done is not None and done.timestamp > problem.opened_at:
            resolved.append(problem.alert.problem)
    return resolved


def _freshness_changes(
    instance: DagsterInstance, cursor: str | None
) -> tuple[dict[str, str], str | None]:
    """The latest freshness state (`PASS`, `WARN`, `FAIL`...) of each `published/<id>` whose
    state changed after `after`, as recorded by Dagster's freshness daemon, and the new cursor."""
    states: dict[str, str] = {}
    records, cursor = new_events(instance, dg.DagsterEventType.FRESHNESS_STATE_CHANGE, cursor)
    for record in records:
        key = record.asset_key
        event = record.event_log_entry.dagster_event
        state = getattr(event.event_specific_data if event else None, "new_state", None)
        if key is not None and len(key.path) == 2 and key.path[0] == "published" and state:
            states[key.path[1]] = str(getattr(state, "value", state))
    return states, cursor


def _freshness(context: dg.SensorEvaluationContext, now: float) -> dg.SkipReason:
    """Stale datasets (R-FRESHNESS, from the freshness events of `published/<id>`), recoveries
    of failed steps, and the optional digest."""
    instance = context.instance
    states, cursor = _freshness_changes(instance, context.cursor)
    catalog = load_catalog()
    opened: list[Alert] = []
    resolved: list[tuple[str, str]] = []
    for dataset, state in states.items():
        if dataset not in catalog.entries:
            continue
        entry = catalog[dataset]
        if state == "PASS":
            resolved.append((dataset, "stale"))
        elif state == "FAIL" and entry.period_hours is not None:
            key = AssetKey(["published", dataset])
            event = instance.get_latest_materialization_event(key)
            if event is None:  # never published: the daily schedule picks it up
                continue
            age_hours = (now - event.timestamp) / 3600
            link = asset_link(key.path)
            opened.append(stale_alert(dataset, age_hours, entry.period_hours, entry.steward, link))
    try:
        store = AlertStore(store_url(instance))
        resolved += _recovered_steps(instance, store)
    except Exception as exc:  # e.g. the database is unreachable: say so, retry next tick
        context.log.error(f"Steward alert store unavailable ({type(exc).__name__}: {exc})")
        return dg.SkipReason("alerting failed: see the logs; retried on the next tick")
    summary = _send(context, opened, resolved, store=store, digest_hour=_digest_hour(context.log))
    if summary is None:
        return dg.SkipReason("alerting failed: see the logs; retried on the next tick")
    if cursor is not None:
        context.update_cursor(cursor)
    return dg.SkipReason(summary)


def alerting_sensors(
    check_interval_s: int = 60,
    freshness_interval_s: int = 600,
    clock: Callable[[], float] = time.time,
) -> list[dg.SensorDefinition]:
    """The three steward alert sensors, running by default (`clock`: seconds since the epoch)."""

    def freshness(context: dg.SensorEvaluationContext) -> dg.SkipReason:
        return _freshness(context, clock())

    running = dg.DefaultSensorStatus.RUNNING
    return [
        dg.SensorDefinition(
            name=CHECK_SENSOR,
            evaluation_fn=_check_failures,
            minimum_interval_seconds=check_interval_s,
            default_status=running,
            description="Alerts the steward when an asset check fails, and when it passes again.",
        ),
        dg.run_failure_sensor(
            name=RUN_FAILURE_SENSOR,
            default_status=running,
            description="Alerts the stewards of the datasets whose steps failed in a run.",
        )(_run_failure),
        dg.SensorDefinition(
            name=FRESHNESS_SENSOR,
            evaluation_fn=freshness,
            minimum_interval_seconds=freshness_interval_s,
            default_status=running,
            description=(
                "Alerts on stale datasets (older than 1.5 x their declared period), confirms "
                "recoveries of failed steps and sends the optional daily digest."
            ),
        ),
    ]


@dg.definitions
def defs() -> dg.Definitions:
    """Picked up by `load_from_defs_folder` with the rest of `defs/`."""
    return dg.Definitions(sensors=alerting_sensors())
