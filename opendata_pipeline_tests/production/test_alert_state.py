"""Steward alert state in the production database: the instance's PostgreSQL keeps open problems
and undelivered messages across pods, so a redeploy neither repeats an alert nor loses the
"Résolu" (a real PostgreSQL cluster, a real SMTP server, the real check sensor)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
import yaml

from opendata_pipeline.alerts.store import AlertStore
from opendata_pipeline.defs.alerting import CHECK_SENSOR, alerting_sensors, store_url
from opendata_pipeline_tests.alerts.conftest import SmtpServer
from opendata_pipeline_tests.production.postgres_server import PostgresServer

REPO = Path(__file__).resolve().parents[2]
DATASET = "subventions-test"
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
def pg_home(postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DAGSTER_HOME with the production profile's PostgreSQL storage, tables emptied."""
    for name, value in postgres.env().items():
        monkeypatch.setenv(name, value)
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / f"{DATASET}.yaml").write_text(ENTRY, encoding="utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(catalog))
    profile = yaml.safe_load((REPO / "deploy" / "dagster.production.yaml").read_text())
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(yaml.safe_dump({"storage": profile["storage"]}))
    instance = dg.DagsterInstance.from_config(str(home))
    instance.wipe()
    with AlertStore(store_url(instance))._engine.begin() as db:  # a previous test's state
        for table in ("opendata_alert_outbox", "opendata_alert_problems", "opendata_alert_meta"):
            db.exec_driver_sql(f"DELETE FROM {table}")
    instance.dispose()
    return home


def _pod(
    home: Path, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dg.DagsterInstance]:
    monkeypatch.setenv("OPENDATA_HOME", str(tmp_path / name))
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        yield instance
    finally:
        instance.dispose()


def _asset(state: dict[str, bool]) -> dg.AssetsDefinition:
    @dg.asset(
        key=["clean", DATASET],
        tags={"dataset": DATASET},
        check_specs=[dg.AssetCheckSpec("rows_present", asset=["clean", DATASET])],
    )
    def clean() -> Iterator[dg.MaterializeResult[None] | dg.AssetCheckResult]:
        yield dg.MaterializeResult()
        yield dg.AssetCheckResult(check_name="rows_present", passed=state["passed"])

    return clean


def _tick(instance: dg.DagsterInstance, defs: dg.Definitions, cursor: str | None) -> str | None:
    sensor = next(s for s in alerting_sensors() if s.name == CHECK_SENSOR)
    context = dg.build_sensor_context(instance=instance, definitions=defs, cursor=cursor)
    return sensor.evaluate_tick(context).cursor


def test_alert_state_survives_a_new_pod(
    pg_home: Path, smtp_env: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = {"passed": False}
    asset = _asset(state)
    defs = dg.Definitions(assets=[asset])
    for instance in _pod(pg_home, tmp_path, "pod-1", monkeypatch):
        assert store_url(instance).startswith("postgresql+psycopg2://")
        dg.materialize([asset], instance=instance)
        _tick(instance, defs, None)
    assert len(smtp_env.messages) == 1

    for instance in _pod(pg_home, tmp_path, "pod-2", monkeypatch):
        cursor = _tick(instance, defs, None)  # lost cursor too: every evaluation read again
        assert len(smtp_env.messages) == 1
        state["passed"] = True
        dg.materialize([asset], instance=instance)
        _tick(instance, defs, cursor)
    subjects = [m.message["Subject"] for m in smtp_env.messages]
    assert subjects[1].startswith("[Open data] Résolu")
    assert not (tmp_path / "pod-2").exists() or list((tmp_path / "pod-2").iterdir()) == []
