"""Time one tick of each steward alert sensor over a generated catalogue and a populated event log.

For each catalogue size (default 100 and 1,000 datasets, from `load_definitions.write_catalogue`),
a Dagster instance with one event log (ConsolidatedSqliteEventLogStorage: what the PostgreSQL of
production is, one table with global storage ids) gets `--days` evaluations of every asset check
and a freshness state per `published/<id>`, then:
- a catch-up tick of each sensor (no cursor: every event read once);
- one new failing check and one dataset turning stale, then the timed steady-state tick;
- for contrast, the previous check sensor's work: the latest evaluation of every check, one query
  per check (`get_latest_asset_check_evaluation_record`).
Goal (issue 22): each steady tick ≤ 2 s and constant in the number of datasets.

Usage: python bench/sensor_ticks.py [--datasets 100 1000] [--days 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import dagster as dg
from dagster._core.definitions.freshness import FreshnessState, FreshnessStateChange

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_definitions import write_catalogue


def _instance(home: Path) -> dg.DagsterInstance:
    (home / "dagster.yaml").write_text(
        "event_log_storage:\n"
        "  module: dagster._core.storage.event_log\n"
        "  class: ConsolidatedSqliteEventLogStorage\n"
        f"  config: {{base_dir: {home / 'events'}}}\n"
        "telemetry: {enabled: false}\n"
    )
    return dg.DagsterInstance.from_config(str(home))


def _populate(instance: dg.DagsterInstance, graph: dg.AssetGraph, days: int) -> int:
    """Runless events as runs would leave them: check evaluations, publications, freshness."""
    events = 0
    published = [k for k in graph.get_all_asset_keys() if k.path[0] == "published"]
    for _ in range(days):
        for check in graph.asset_check_keys:
            instance.report_runless_asset_event(
                dg.AssetCheckEvaluation(
                    asset_key=check.asset_key, check_name=check.name, passed=True
                )
            )
            events += 1
        for key in published:
            instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=key))
            events += 1
    for key in published:
        instance.report_runless_asset_event(_freshness(key, FreshnessState.PASS))
        events += 1
    return events


def _freshness(key: dg.AssetKey, state: FreshnessState) -> FreshnessStateChange:
    return FreshnessStateChange(
        key=key,
        new_state=state,
        previous_state=FreshnessState.UNKNOWN,
        state_change_timestamp=time.time(),
    )


def _tick(
    sensor: dg.SensorDefinition,
    instance: dg.DagsterInstance,
    defs: dg.Definitions,
    cursor: str | None,
) -> tuple[float, str | None]:
    context = dg.build_sensor_context(instance=instance, definitions=defs, cursor=cursor)
    start = time.perf_counter()
    data = sensor.evaluate_tick(context)
    return time.perf_counter() - start, data.cursor


def measure(datasets: int, days: int) -> dict[str, float]:
    from opendata_pipeline.defs.alerting import CHECK_SENSOR, FRESHNESS_SENSOR, alerting_sensors

    with tempfile.TemporaryDirectory(prefix="opendata-sensors-") as tmp:
        root = Path(tmp)
        (root / "catalog").mkdir()
        (root / "home").mkdir()
        write_catalogue(root / "catalog", datasets)
        os.environ.update(
            OPENDATA_CATALOG_DIR=str(root / "catalog"), OPENDATA_HOME=str(root / "od")
        )
        for name in ("STEWARD_SMTP_HOST", "STEWARD_WEBHOOK_URL"):
            os.environ.pop(name, None)  # alerts recorded, nothing sent
        from opendata_pipeline.definitions import defs as load

        defs = load()
        graph = defs.resolve_asset_graph()
        sensors = {s.name: s for s in alerting_sensors(clock=lambda: time.time() + 3 * 86400)}
        with _instance(root / "home") as instance:
            start = time.perf_counter()
            events = _populate(instance, graph, days)
            populate_s = time.perf_counter() - start
            catch_up: dict[str, float] = {}
            cursors: dict[str, str | None] = {}
            for name in (CHECK_SENSOR, FRESHNESS_SENSOR):
                catch_up[name], cursors[name] = _tick(sensors[name], instance, defs, None)

            check = next(iter(graph.asset_check_keys))
            instance.report_runless_asset_event(
                dg.AssetCheckEvaluation(
                    asset_key=check.asset_key, check_name=check.name, passed=False
                )
            )
            stale = next(k for k in graph.get_all_asset_keys() if k.path[0] == "published")
            instance.report_runless_asset_event(_freshness(stale, FreshnessState.FAIL))
            steady = {
                name: _tick(sensors[name], instance, defs, cursors[name])[0]
                for name in (CHECK_SENSOR, FRESHNESS_SENSOR)
            }
            start = time.perf_counter()
            for key in graph.asset_check_keys:
                instance.get_latest_asset_check_evaluation_record(key)
            per_check_s = time.perf_counter() - start
        print(
            f"{datasets:>5} datasets, {len(graph.asset_check_keys):>5} checks, {events:>6} events "
            f"(written in {populate_s:.0f} s)\n"
            f"      check sensor:     catch-up {catch_up[CHECK_SENSOR]:6.2f} s, "
            f"steady tick {steady[CHECK_SENSOR]:5.2f} s  | previous design (one query per "
            f"check) {per_check_s:5.2f} s = {per_check_s / steady[CHECK_SENSOR]:.0f}x\n"
            f"      freshness sensor: catch-up {catch_up[FRESHNESS_SENSOR]:6.2f} s, "
            f"steady tick {steady[FRESHNESS_SENSOR]:5.2f} s"
        )
        return steady


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--days", type=int, default=2)
    args = parser.parse_args()
    print(
        f"one tick of each steward alert sensor ({timedelta(days=args.days).days} days of events)"
    )
    for count in args.datasets:
        measure(count, args.days)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
