"""From a real run to the steward's inbox: a blocking check fails in `opendata-pipeline run`, the
check-failure sensor of the real code location reads it from the instance and the SMTP server on
127.0.0.1 receives one French e-mail — with the rule and the column, never the value."""

from __future__ import annotations

import io
from pathlib import Path

import dagster as dg
import pytest

from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline_tests.alerts.conftest import SmtpServer
from opendata_pipeline_tests.leaky_dataset import LEAKY_ROWS, SECRET, install


def test_blocked_dataset_reaches_its_steward(
    smtp_env: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opendata_home: Path
) -> None:
    install(tmp_path, monkeypatch, LEAKY_ROWS)
    monkeypatch.setenv("DAGSTER_UI_URL", "http://dagster.example.org")

    assert run_pipeline(datasets=["signalements"], partition="2026-11-28", out=io.StringIO()) == 1

    from opendata_pipeline.definitions import defs

    definitions = defs()
    sensor = next(s for s in definitions.sensors if s.name == "steward_check_failure_alerts")
    instance = dg.DagsterInstance.get()
    try:
        sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=definitions))
    finally:
        instance.dispose()

    # one alert per failed check (the blocking ones and the warnings), all to the steward
    assert smtp_env.messages
    assert all(m.recipients == ["voirie@example.org"] for m in smtp_env.messages)
    assert all(SECRET not in m.raw and "jeanne" not in m.raw.lower() for m in smtp_env.messages)
    bodies = [m.body() for m in smtp_env.messages]
    body = next(b for b in bodies if "R-ANON-DIRECT-ID" in b and "commentaire" in b)
    assert "non conformes" in body and "http://dagster.example.org/" in body
    subjects = [str(m.message["Subject"]) for m in smtp_env.messages]
    assert all("signalements" in s for s in subjects)
    assert len(set(subjects)) == len(subjects)  # no duplicate alert for one problem
