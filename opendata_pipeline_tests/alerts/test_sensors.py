"""The alert sensors evaluated against a real (temporary) Dagster instance: assets materialized
in-process, real check failures and step failures, alerts received by a real SMTP server.

Not exercised: the daemon's scheduling of ticks (sensors are evaluated directly, as the daemon
would, with `evaluate_tick` and the cursor it returns).
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import pytest
import requests

from opendata_pipeline.alerts.store import AlertStore
from opendata_pipeline.defs.alerting import (
    CHECK_SENSOR,
    FRESHNESS_SENSOR,
    RUN_FAILURE_SENSOR,
    alerting_sensors,
    store_url,
)
from opendata_pipeline_tests.alerts.conftest import SmtpServer, free_port, start_smtp

DATASET = "subventions-test"
PLANTED = ("jeanne.durand@orange.fr", "04 67 12 34 56")
ENTRY = f"""
id: {DATASET}
title: Subventions (test)
description: Jeu de test des alertes
steward: {{name: Service Vie associative, email: vie-associative@example.org}}
licence: etalab-2.0
frequency: daily
source: {{kind: csv, url: "file://subventions.csv"}}
personal_data: none
"""


@pytest.fixture
def env(
    smtp_env: SmtpServer, opendata_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> SmtpServer:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / f"{DATASET}.yaml").write_text(ENTRY, encoding="utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(catalog))
    return smtp_env


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test() as test_instance:
        yield test_instance


def _sensor(name: str, **options: object) -> dg.SensorDefinition:
    return next(s for s in alerting_sensors(**options) if s.name == name)  # type: ignore[arg-type]


def _tick(
    name: str, instance: dg.DagsterInstance, defs: dg.Definitions, cursor: str | None = None,
    **options: object,
) -> str | None:  # fmt: skip
    """Evaluate one tick like the daemon; returns the new cursor."""
    context = dg.build_sensor_context(instance=instance, definitions=defs, cursor=cursor)
    data = _sensor(name, **options).evaluate_tick(context)
    assert data.run_requests == []
    return data.cursor


def _checked_asset(state: dict[str, bool]) -> dg.AssetsDefinition:
    @dg.asset(
        key=["clean", DATASET],
        tags={"dataset": DATASET},
        check_specs=[
            dg.AssetCheckSpec("personal_data_absent", asset=["clean", DATASET], blocking=True)
        ],
    )
    def clean() -> Iterator[dg.MaterializeResult[None] | dg.AssetCheckResult]:
        yield dg.MaterializeResult()
        passed = state["passed"]
        yield dg.AssetCheckResult(
            check_name="personal_data_absent",
            passed=passed,
            severity=dg.AssetCheckSeverity.ERROR,
            description=None if passed else f"trouvé {PLANTED[0]}",
            metadata={
                "rule_id": "R-PD-DIRECT",
                "message_fr": f"Données personnelles dans « Objet » ({PLANTED[1]})",
                "cellules": 0 if passed else 7,
                "columns": ["Objet"],
                "exemple": PLANTED[0],
            },
        )

    return clean


def test_failed_check_alerts_once_then_recovers(
    env: SmtpServer, instance: dg.DagsterInstance
) -> None:
    state = {"passed": False}
    asset = _checked_asset(state)
    defs = dg.Definitions(assets=[asset])

    failed = dg.materialize([asset], instance=instance, raise_on_error=False)
    cursor = _tick(CHECK_SENSOR, instance, defs)

    [received] = env.messages
    assert received.recipients == ["vie-associative@example.org"]
    assert received.message["Subject"] == (
        f"[Open data] Données non conformes (règle R-PD-DIRECT) : {DATASET}"
    )
    body = received.body()
    assert "Nature du problème : les données sont non conformes (problème de contenu)" in body
    assert "Colonnes concernées : Objet" in body
    assert "cellules : 7" in body
    assert f"http://dagster.test:3000/runs/{failed.run_id}" in body
    assert "La version publiée précédente reste en ligne" in body
    for value in PLANTED:
        assert value not in received.raw + body + received.body("html")

    # next tick, same evaluation: nothing new
    cursor = _tick(CHECK_SENSOR, instance, defs, cursor)
    # the check fails again in a new run: still one alert (same problem, not fixed)
    dg.materialize([asset], instance=instance, raise_on_error=False)
    cursor = _tick(CHECK_SENSOR, instance, defs, cursor)
    assert len(env.messages) == 1

    state["passed"] = True
    assert dg.materialize([asset], instance=instance).success
    _tick(CHECK_SENSOR, instance, defs, cursor)
    assert len(env.messages) == 2
    assert (
        env.messages[1].message["Subject"].startswith("[Open data] Résolu : Données non conformes")
    )


def test_alert_kept_when_smtp_is_down_at_the_tick(
    env: SmtpServer, instance: dg.DagsterInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    asset = _checked_asset({"passed": False})
    defs = dg.Definitions(assets=[asset])
    dg.materialize([asset], instance=instance, raise_on_error=False)

    port = free_port()  # nothing listens there yet: the SMTP server is down
    monkeypatch.setenv("STEWARD_SMTP_PORT", str(port))
    cursor = _tick(CHECK_SENSOR, instance, defs)  # no exception: logged and kept
    assert AlertStore(store_url(instance)).pending_count() == 1

    server = start_smtp(port)
    try:
        _tick(CHECK_SENSOR, instance, defs, cursor)
        assert [m.recipients for m in server.messages] == [["vie-associative@example.org"]]
        assert AlertStore(store_url(instance)).pending_count() == 0
    finally:
        server.controller.stop()
    assert env.messages == []


def test_broken_alert_configuration_is_logged_and_retried(
    env: SmtpServer, instance: dg.DagsterInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    asset = _checked_asset({"passed": False})
    defs = dg.Definitions(assets=[asset])
    dg.materialize([asset], instance=instance, raise_on_error=False)

    monkeypatch.setenv("STEWARD_SMTP_SECURITY", "tls-please")
    context = dg.build_sensor_context(instance=instance, definitions=defs)
    data = _sensor(CHECK_SENSOR).evaluate_tick(context)
    assert data.skip_message == "alerting failed: see the logs; retried on the next tick"
    assert data.cursor is None  # the evaluation is not marked as seen
    assert env.messages == []

    monkeypatch.delenv("STEWARD_SMTP_SECURITY")
    _tick(CHECK_SENSOR, instance, defs, data.cursor)
    assert len(env.messages) == 1


def _failing_check_on(key: list[str], owners: list[str]) -> dg.AssetsDefinition:
    @dg.asset(key=key, owners=owners, check_specs=[dg.AssetCheckSpec("not_empty", asset=key)])
    def shared() -> Iterator[dg.MaterializeResult[None] | dg.AssetCheckResult]:
        yield dg.MaterializeResult()
        yield dg.AssetCheckResult(check_name="not_empty", passed=False, metadata={"rows": 0})

    return shared


def test_assets_outside_the_catalogue_alert_their_owner_or_the_fallback(
    env: SmtpServer, instance: dg.DagsterInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STEWARD_FALLBACK_EMAIL", "equipe-data@example.org")
    assets = [
        _failing_check_on(["catalog", "dcat"], ["dcat@example.org"]),
        _failing_check_on(["mobility", "parking_occupancy"], ["team:mobility"]),
    ]
    dg.materialize(assets, instance=instance)
    _tick(CHECK_SENSOR, instance, dg.Definitions(assets=assets))

    by_recipient = {m.recipients[0]: m for m in env.messages}
    assert set(by_recipient) == {"dcat@example.org", "equipe-data@example.org"}
    fallback = by_recipient["equipe-data@example.org"]
    assert fallback.message["Subject"] == (
        "[Open data] Données non conformes (contrôle « not_empty ») : parking_occupancy"
    )
    assert "Ce contrôle ne bloque pas la publication." in fallback.body()


def _failing_assets(error: Exception) -> list[dg.AssetsDefinition]:
    @dg.asset(key=["raw", DATASET], tags={"dataset": DATASET})
    def raw() -> None:
        raise error

    @dg.asset(key=["clean", DATASET], deps=[raw], tags={"dataset": DATASET})
    def clean() -> None:
        return None

    return [raw, clean]


def _run_failure_tick(instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult) -> None:
    failure = result.get_run_failure_event()
    context = dg.build_run_status_sensor_context(
        sensor_name=RUN_FAILURE_SENSOR,
        dagster_event=failure,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
    ).for_run_failure()
    _sensor(RUN_FAILURE_SENSOR)(context)


@pytest.mark.parametrize(
    ("error", "subject", "nature"),
    [
        (
            requests.ConnectionError(f"refused for {PLANTED[0]}"),
            f"[Open data] Source injoignable : {DATASET}",
            "la source est injoignable (problème d'accès, pas de données en cause)",
        ),
        (
            ValueError(f"cannot parse {PLANTED[1]}"),
            f"[Open data] Échec technique du traitement : {DATASET}",
            "échec technique du traitement",
        ),
    ],
    ids=["source_down", "run_failure"],
)
def test_failed_step_alerts_its_dataset_steward(
    env: SmtpServer, instance: dg.DagsterInstance, error: Exception, subject: str, nature: str
) -> None:
    assets = _failing_assets(error)
    result = dg.materialize(assets, instance=instance, raise_on_error=False)
    assert not result.success

    _run_failure_tick(instance, result)

    [received] = env.messages
    assert received.recipients == ["vie-associative@example.org"]
    assert received.message["Subject"] == subject
    assert f"Nature du problème : {nature}" in received.body()
    assert f"/runs/{result.run_id}" in received.body()
    for value in PLANTED:
        assert value not in received.raw + received.body()


def test_failed_blocking_check_is_not_reported_twice(
    env: SmtpServer, instance: dg.DagsterInstance
) -> None:
    asset = _checked_asset({"passed": False})
    defs = dg.Definitions(assets=[asset])
    result = dg.materialize([asset], instance=instance, raise_on_error=False)
    assert not result.success  # a blocking ERROR check fails its step

    _run_failure_tick(instance, result)
    assert env.messages == []  # left to the check sensor
    _tick(CHECK_SENSOR, instance, defs)
    assert len(env.messages) == 1


FRESHNESS_DEFS = f"""
import dagster as dg
from opendata_pipeline.defs.automation import freshness_window

@dg.asset(
    key=["published", "{DATASET}"],
    tags={{"dataset": "{DATASET}"}},
    freshness_policy=dg.FreshnessPolicy.time_window(fail_window=freshness_window("daily")),
)
def published() -> None:
    return None

defs = dg.Definitions(assets=[published])
"""


@pytest.fixture
def freshness_daemon(
    instance: dg.DagsterInstance, tmp_path: Path
) -> Iterator[tuple[Callable[[float], None], dg.AssetsDefinition]]:
    """Dagster's own freshness daemon over a code location holding `published/<id>` (daily
    policy); calling it at a given time records the FreshnessStateChange events it finds."""
    from dagster._core.remote_origin import InProcessCodeLocationOrigin
    from dagster._core.test_utils import freeze_time
    from dagster._core.types.loadable_target_origin import LoadableTargetOrigin
    from dagster._core.workspace.context import WorkspaceProcessContext
    from dagster._core.workspace.load_target import InProcessWorkspaceLoadTarget
    from dagster._daemon.freshness import FreshnessDaemon

    module = tmp_path / "freshness_defs.py"
    module.write_text(FRESHNESS_DEFS, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("freshness_defs", module)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    origin = InProcessCodeLocationOrigin(
        LoadableTargetOrigin(python_file=str(module), attribute="defs"), location_name="test"
    )
    with WorkspaceProcessContext(instance, InProcessWorkspaceLoadTarget([origin])) as workspace:

        def evaluate(at: float) -> None:
            with freeze_time(at):
                list(FreshnessDaemon().run_iteration(workspace))

        yield evaluate, loaded.published


def test_stale_dataset_alerts_then_recovers(
    env: SmtpServer,
    instance: dg.DagsterInstance,
    freshness_daemon: tuple[Callable[[float], None], dg.AssetsDefinition],
) -> None:
    evaluate, asset = freshness_daemon
    defs = dg.Definitions(assets=[asset])
    assert dg.materialize([asset], instance=instance).success
    now = time.time()

    evaluate(now + 35 * 3600)  # daily: stale after 1.5 x 24 h
    cursor = _tick(FRESHNESS_SENSOR, instance, defs, clock=lambda: now + 35 * 3600)
    assert env.messages == []
    evaluate(now + 37 * 3600)
    cursor = _tick(FRESHNESS_SENSOR, instance, defs, cursor, clock=lambda: now + 37 * 3600)
    evaluate(now + 38 * 3600)  # still failing: no new event, no new alert
    cursor = _tick(FRESHNESS_SENSOR, instance, defs, cursor, clock=lambda: now + 38 * 3600)
    [received] = env.messages
    assert received.message["Subject"] == (f"[Open data] Jeu de données non mis à jour : {DATASET}")
    assert "Règle : R-FRESHNESS" in received.body()
    assert "dernière publication date de 37 h" in received.body()
    assert f"http://dagster.test:3000/assets/published/{DATASET}" in received.body()

    assert dg.materialize([asset], instance=instance).success
    evaluate(time.time() + 3600)
    _tick(FRESHNESS_SENSOR, instance, defs, cursor)
    assert env.messages[1].message["Subject"].startswith("[Open data] Résolu : Jeu de données")


def test_failed_source_recovers_when_its_asset_materializes(
    env: SmtpServer, instance: dg.DagsterInstance
) -> None:
    assets = _failing_assets(requests.ConnectTimeout("timeout"))
    _run_failure_tick(instance, dg.materialize(assets, instance=instance, raise_on_error=False))
    assert len(env.messages) == 1

    @dg.asset(key=["raw", DATASET], tags={"dataset": DATASET})
    def raw() -> None:
        return None

    assert dg.materialize([raw], instance=instance).success
    _tick(FRESHNESS_SENSOR, instance, dg.Definitions(assets=[raw]))
    assert env.messages[1].message["Subject"] == (
        f"[Open data] Résolu : Source injoignable : {DATASET}"
    )


def test_sensors_are_running_by_default() -> None:
    sensors = alerting_sensors()
    assert {s.name for s in sensors} == {CHECK_SENSOR, RUN_FAILURE_SENSOR, FRESHNESS_SENSOR}
    assert all(s.default_status == dg.DefaultSensorStatus.RUNNING for s in sensors)
    dg.Definitions(sensors=sensors).get_repository_def()  # they load together


def test_restarted_pod_sends_no_duplicate_and_delivers_the_recovery(
    env: SmtpServer, instance: dg.DagsterInstance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alert state lives in the Dagster instance's storage: a new pod (empty OPENDATA_HOME, even
    a lost sensor cursor) neither repeats an open alert nor forgets to send its "Résolu"."""
    state = {"passed": False}
    asset = _checked_asset(state)
    defs = dg.Definitions(assets=[asset])
    dg.materialize([asset], instance=instance, raise_on_error=False)
    _tick(CHECK_SENSOR, instance, defs)
    assert len(env.messages) == 1

    new_pod = tmp_path / "new-pod-home"
    new_pod.mkdir()
    monkeypatch.setenv("OPENDATA_HOME", str(new_pod))
    cursor = _tick(CHECK_SENSOR, instance, defs, cursor=None)  # re-reads every evaluation
    assert len(env.messages) == 1

    state["passed"] = True
    assert dg.materialize([asset], instance=instance).success
    _tick(CHECK_SENSOR, instance, defs, cursor)
    assert [m.message["Subject"].startswith("[Open data] Résolu") for m in env.messages] == [
        False,
        True,
    ]
    assert list(new_pod.iterdir()) == []  # nothing written in the pod's scratch space


def _many_checked_assets(count: int) -> list[dg.AssetsDefinition]:
    def make(index: int) -> dg.AssetsDefinition:
        key = ["clean", f"jeu-{index:04d}"]

        @dg.asset(key=key, check_specs=[dg.AssetCheckSpec("rows_present", asset=key)])
        def clean() -> Iterator[dg.MaterializeResult[None] | dg.AssetCheckResult]:
            yield dg.MaterializeResult()
            yield dg.AssetCheckResult(check_name="rows_present", passed=True)

        return clean

    return [make(index) for index in range(count)]


@pytest.fixture
def consolidated_instance(tmp_path: Path) -> Iterator[dg.DagsterInstance]:
    """An instance with one event log (as PostgreSQL in production): storage-id cursors work."""
    storage = {
        "module": "dagster._core.storage.event_log",
        "class": "ConsolidatedSqliteEventLogStorage",
        "config": {"base_dir": str(tmp_path / "events")},
    }
    with dg.instance_for_test(overrides={"event_log_storage": storage}) as test_instance:
        yield test_instance


@pytest.mark.parametrize("datasets", [3, 30])
def test_check_sensor_reads_only_new_events(
    env: SmtpServer, consolidated_instance: dg.DagsterInstance, datasets: int
) -> None:
    import sqlalchemy as sa

    instance = consolidated_instance
    assets = _many_checked_assets(datasets)
    defs = dg.Definitions(assets=assets)
    dg.materialize(assets, instance=instance)
    cursor = _tick(CHECK_SENSOR, instance, defs)
    dg.materialize(assets[:1], instance=instance)

    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "event_logs" in statement:
            statements.append(statement)

    sa.event.listen(sa.Engine, "before_cursor_execute", count)
    try:
        _tick(CHECK_SENSOR, instance, defs, cursor)
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements  # whatever the number of checks
    assert "event_logs.id >" in statements[0]
