"""Steward alert sensors: failed asset checks, failed runs and stale datasets.

Thin Dagster edge over `opendata_pipeline.alerts`: each sensor turns what the instance knows into
`Alert`s for the dataset's steward (from the catalogue) and calls `dispatch`, which deduplicates,
sends French e-mails/webhook posts and keeps undelivered ones for the next tick. Sensors launch
no run and are quiet when everything passes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import dagster as dg
from dagster import AssetCheckKey, AssetKey, DagsterInstance

from opendata_pipeline.alerts.build import (
    check_failure_alert,
    is_stale,
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


@dataclass(frozen=True)
class CheckOutcome:
    """The latest completed evaluation of one asset check (metadata as plain values)."""

    record_id: int
    run_id: str
    passed: bool
    blocks_publication: bool
    metadata: dict[str, object]


def _plain(value: object) -> object:
    raw = getattr(value, "value", value)
    if isinstance(raw, bool | int | str):
        return raw
    if isinstance(raw, list | tuple) and all(isinstance(item, str) for item in raw):
        return list(raw)
    return None  # tables, JSON, Markdown...: never copied into an alert


def latest_check_outcomes(
    instance: DagsterInstance, asset_graph_checks: Iterable[tuple[AssetCheckKey, bool]]
) -> dict[AssetCheckKey, CheckOutcome]:
    """Latest completed evaluation of each (check, blocking) pair.

    The one place that reads `DagsterInstance.get_latest_asset_check_evaluation_record`, an
    instance method not marked public (a failed check does not fail the run, dagster#29896).
    """
    outcomes: dict[AssetCheckKey, CheckOutcome] = {}
    for key, blocking in asset_graph_checks:
        record = instance.get_latest_asset_check_evaluation_record(key)
        if record is None or record.event is None:
            continue
        if record.status.value not in ("SUCCEEDED", "FAILED"):  # still planned / in progress
            continue
        evaluation = record.event.asset_check_evaluation
        if evaluation is None:
            continue
        metadata = {name: _plain(value) for name, value in evaluation.metadata.items()}
        outcomes[key] = CheckOutcome(
            record_id=record.id,
            run_id=record.run_id,
            passed=evaluation.passed,
            blocks_publication=blocking and evaluation.severity == dg.AssetCheckSeverity.ERROR,
            metadata={name: value for name, value in metadata.items() if value is not None},
        )
    return outcomes


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
    log: _Log,
    opened: Sequence[Alert],
    resolved: Sequence[tuple[str, str]],
    *,
    store: AlertStore | None = None,
    digest_hour: int | None = None,
) -> str | None:
    """Dispatch; a summary for the tick, or None (logged) when the alerting itself failed."""
    from opendata_pipeline.alerts.channels import channels_from_env
    from opendata_pipeline.alerts.dispatch import dispatch

    try:
        result = dispatch(
            opened, resolved, channels_from_env(), store=store, digest_hour=digest_hour
        )
    except Exception as exc:  # never crash the sensor: the next tick tries again
        log.error(f"Steward alerting failed ({type(exc).__name__}: {exc})")
        return None
    for error in result.errors:
        log.error(f"Steward alert not delivered, kept for the next tick: {error}")
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
    checks = [(key, graph.get_check_spec(key).blocking) for key in graph.asset_check_keys]
    seen: dict[str, int] = json.loads(context.cursor) if context.cursor else {}
    catalog = load_catalog()
    opened: list[Alert] = []
    resolved: list[tuple[str, str]] = []
    cursor = dict(seen)
    for key, outcome in latest_check_outcomes(context.instance, checks).items():
        name = key.to_user_string()
        if seen.get(name) == outcome.record_id:
            continue
        cursor[name] = outcome.record_id
        dataset = _dataset_of(repo, key.asset_key)
        if outcome.passed:
            resolved.append((dataset, f"check:{key.name}"))
            continue
        steward = _steward(catalog, dataset, repo, key.asset_key)
        if steward is None:
            _unknown_steward(context.log, dataset)
            continue
        opened.append(
            check_failure_alert(
                dataset,
                key.name,
                outcome.metadata,
                steward,
                run_link(outcome.run_id),
                blocks_publication=outcome.blocks_publication,
            )
        )
    summary = _send(context.log, opened, resolved)
    if summary is None:
        return dg.SkipReason("alerting failed: see the logs; retried on the next tick")
    context.update_cursor(json.dumps(cursor, sort_keys=True))
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
    summary = _send(context.log, list(alerts.values()), [])
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


def _freshness(context: dg.SensorEvaluationContext, now: float) -> dg.SkipReason:
    """Stale datasets (R-FRESHNESS) and recoveries of failed steps, plus the optional digest."""
    instance = context.instance
    opened: list[Alert] = []
    resolved: list[tuple[str, str]] = []
    for entry in load_catalog():
        event = instance.get_latest_materialization_event(AssetKey(["published", entry.id]))
        if event is None or entry.period_hours is None:
            continue  # never published yet, or no declared cadence
        age_hours = (now - event.timestamp) / 3600
        if is_stale(age_hours, entry.period_hours):
            link = asset_link(["published", entry.id])
            opened.append(stale_alert(entry.id, age_hours, entry.period_hours, entry.steward, link))
        else:
            resolved.append((entry.id, "stale"))
    try:
        store = AlertStore()
        resolved += _recovered_steps(instance, store)
    except Exception as exc:  # e.g. OPENDATA_HOME not writable: say so, retry next tick
        context.log.error(f"Steward alert store unavailable ({type(exc).__name__}: {exc})")
        return dg.SkipReason("alerting failed: see the logs; retried on the next tick")
    summary = _send(
        context.log, opened, resolved, store=store, digest_hour=_digest_hour(context.log)
    )
    return dg.SkipReason(summary or "alerting failed: see the logs; retried on the next tick")


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
