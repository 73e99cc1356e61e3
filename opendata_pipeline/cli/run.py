"""Headless materialization for `opendata-pipeline run` and `make run`, with progress and a summary."""

from __future__ import annotations

import logging
import sys
from collections import defaultdict
from typing import Any, TextIO

import dagster as dg

from opendata_pipeline.catalog.loader import load_catalog
from opendata_pipeline.cli.instance import ensure_dagster_home
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.storage.paths import opendata_home

_SHOWN = {"STEP_SUCCESS": "ok", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}


class _ProgressHandler(logging.Handler):
    """Prints one line per finished step and per failed check (Dagster's own log is too chatty)."""

    def __init__(self, out: TextIO, step_assets: dict[str, list[str]]) -> None:
        super().__init__()
        self.out = out
        self.step_assets = step_assets

    def emit(self, record: logging.LogRecord) -> None:
        meta: dict[str, Any] = getattr(record, "dagster_meta", {}) or {}
        event = meta.get("dagster_event")
        if event is None:
            return
        kind = event.event_type_value
        if kind in _SHOWN:
            step = str(meta.get("step_key") or "")
            key = " + ".join(self.step_assets.get(step, [step]))
            print(f"  [{_SHOWN[kind]:>7}] {key}", file=self.out, flush=True)
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation: Any = event.event_specific_data
            if not evaluation.passed:
                key = evaluation.asset_key.to_user_string()
                level = evaluation.severity.value
                print(
                    f"  [  check] {key}: {evaluation.check_name} failed ({level})",
                    file=self.out,
                    flush=True,
                )


def _progress_logger(out: TextIO, step_assets: dict[str, list[str]]) -> dg.LoggerDefinition:
    def progress(_init_context: dg.InitLoggerContext) -> logging.Logger:
        log = logging.getLogger("opendata_pipeline.progress")
        log.handlers = [_ProgressHandler(out, step_assets)]
        log.setLevel(logging.DEBUG)
        log.propagate = False
        return log

    return dg.LoggerDefinition(progress, description="compact progress for the command line")


def _exception_recorder(raised: dict[str, BaseException]) -> dg.HookDefinition:
    """A failure hook keeping the exception each failed step raised (the run is in process)."""

    @dg.failure_hook(name="keep_step_exception")
    def keep(context: dg.HookContext) -> None:
        if context.op_exception is not None:
            raised[context.step_key] = context.op_exception

    return keep


def _failure_line(
    failure: dg.DagsterEvent,
    step_assets: dict[str, list[str]],
    planned: set[str],
    materialized: set[str],
    raised: dict[str, BaseException],
) -> str:
    """`asset: reason` from the innermost error (our `DatasetError`s name dataset, file and row)."""
    error = failure.step_failure_data.error
    while error is not None and error.cause is not None:
        error = error.cause
    message = error.message.strip().splitlines()[0] if error else "unknown error"
    exception = raised.get(failure.step_key or "")
    while exception is not None and exception.__cause__ is not None:
        exception = exception.__cause__
    if isinstance(exception, DatasetError):
        message = str(exception).strip().splitlines()[0]  # names dataset, file and place
    step = failure.step_key or ""
    assets = step_assets.get(step, [step])
    # the step runs its assets in order: the first one planned and not materialized failed
    failed = next((a for a in assets if a in planned and a not in materialized), assets[0])
    return f"{failed}: {message}"


def _summary(results: list[dg.ExecuteInProcessResult], out: TextIO,
             step_assets: dict[str, list[str]], planned: set[str],
             raised: dict[str, BaseException]) -> None:  # fmt: skip
    rows: dict[str, int] = {}
    files: dict[str, int] = defaultdict(int)
    portals: dict[str, object] = {}
    materialized: set[str] = set()
    events = [e for result in results for e in result.all_events]
    for event in events:
        if event.event_type_value != "ASSET_MATERIALIZATION":
            continue
        mat: Any = event.step_materialization_data.materialization
        materialized.add(mat.asset_key.to_user_string())
        path = mat.asset_key.path
        meta = mat.metadata
        if path[0] == "published" and "dagster/row_count" in meta:
            rows[path[1]] = int(meta["dagster/row_count"].value)
            files[path[1]] = sum(1 for k in meta if k.endswith("_sha256"))
        if path[0].startswith("portal_") and "action" in meta:
            target = meta["kind"].value if "kind" in meta else "?"
            portals["/".join(path)] = f"{meta['action'].value} ({target})"
    checks: list[Any] = [
        e.event_specific_data for e in events if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    passed = sum(1 for c in checks if c.passed)
    errors = sum(1 for c in checks if not c.passed and c.severity.value == "ERROR")
    print(f"\nPublished {len(rows)} dataset(s) into {opendata_home() / 'published'}:", file=out)
    for dataset in sorted(rows):
        print(f"  {dataset:<40} {rows[dataset]:>8} rows  {files[dataset]} files", file=out)
    if portals:
        print(f"Portals: {len(portals)} publication(s)", file=out)
        for key, action in sorted(portals.items()):
            print(f"  {key:<60} {action}", file=out)
    print(
        f"Checks: {passed} passed, {len(checks) - passed} failed "
        f"({errors} error(s), {len(checks) - passed - errors} warning(s))",
        file=out,
    )
    failures = [e for e in events if e.event_type_value == "STEP_FAILURE"]
    if failures:
        print(f"{len(failures)} step(s) failed:", file=out)
        for failure in failures:
            line = _failure_line(failure, step_assets, planned, materialized, raised)
            print(f"  {line}", file=out)
    print(f"Warehouse: {opendata_home() / 'warehouse.duckdb'}", file=out)


def run_pipeline(datasets: list[str] | None = None, partition: str | None = None,
                 out: TextIO = sys.stdout) -> int:  # fmt: skip
    """Materialize the catalogue's assets for one partition; 0 when everything succeeded."""
    ensure_dagster_home()
    from opendata_pipeline.definitions import defs
    from opendata_pipeline.defs.partitions import today_partition

    catalog = load_catalog()
    for error in catalog.errors:
        print(f"catalogue error (entry skipped): {error}", file=out)
    unknown = sorted(set(datasets or []) - set(catalog.entries))
    if unknown:
        print(f"unknown dataset(s): {', '.join(unknown)}", file=out)
        return 1
    base = defs()
    step_assets = {  # step key (op name) -> the assets it materializes, in order
        assets_def.node_def.name: [spec.key.to_user_string() for spec in assets_def.specs]
        for assets_def in base.resolve_asset_graph().assets_defs
        if assets_def.is_executable
    }
    progress = _progress_logger(out, step_assets)
    definitions = dg.Definitions.merge(base, dg.Definitions(loggers={"console": progress}))
    graph = definitions.resolve_asset_graph()
    keys = [
        key
        for key in graph.get_all_asset_keys()
        if datasets is None or (len(key.path) > 1 and key.path[-1] in datasets)
    ]
    partition = partition or today_partition()
    print(
        f"Materializing {len(keys)} assets (partition {partition}), OPENDATA_HOME={opendata_home()}",
        file=out,
    )
    raised: dict[str, BaseException] = {}
    job = definitions.resolve_implicit_global_asset_job_def().with_hooks(
        {_exception_recorder(raised)}
    )
    instance = dg.DagsterInstance.get()

    def execute(selection: list[dg.AssetKey]) -> dg.ExecuteInProcessResult:
        return job.execute_in_process(
            partition_key=partition,
            instance=instance,
            raise_on_error=False,
            asset_selection=selection,
            tags={"launched_by": "opendata-pipeline run"},
            run_config={"loggers": {"console": {}}},
        )

    results = [execute(keys)]
    warehouse = dg.AssetKey(["warehouse"])
    if warehouse in keys and not _materialized(results[0], warehouse):
        # a failed dataset skips the warehouse: refresh it over what is published
        results.append(execute([warehouse]))
    _summary(results, out, step_assets, {k.to_user_string() for k in keys}, raised)
    return 0 if all(r.success for r in results) and not catalog.errors else 1


def _materialized(result: dg.ExecuteInProcessResult, key: dg.AssetKey) -> bool:
    return any(
        e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key == key
        for e in result.all_events
    )
