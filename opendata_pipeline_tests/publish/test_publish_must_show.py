"""`opendata-pipeline publish --portal all` against both strict fakes on 127.0.0.1 (issue 17).

Both portals created and read back, a second run that uploads nothing, a 503 / slow-commit /
busy-processing profile survived; wrong credentials: exit 1, a French sentence, no secret in the
output, in OPENDATA_HOME or in Dagster's event log.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pytest

from opendata_pipeline_tests.publish.conftest import cli as _cli
from opendata_pipeline_tests.publish.conftest import make_entry, write_published
from opendata_pipeline_tests.publish.fakes.dkan7 import FakeDkan7
from opendata_pipeline_tests.publish.fakes.ods import FakeOds

DATASET = "subventions-associations"
BAD_KEY, BAD_PASSWORD = "ods-key-3b9f7c21", "drupal-pw-5e81a0"
pytestmark = pytest.mark.slow  # the command line polls and backs off with production delays


@pytest.fixture
def portals(
    catalog_dir: Path, opendata_home: Path, fake_dkan: FakeDkan7, fake_ods: FakeOds,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[FakeDkan7, FakeOds]:  # fmt: skip
    write_published(opendata_home)
    for name, value in {
        "MONTPELLIER_PORTAL_URL": fake_dkan.url, "MONTPELLIER_PORTAL_KIND": "dkan7",
        "MONTPELLIER_PORTAL_USER": "pipeline", "MONTPELLIER_PORTAL_PASSWORD": "pw-secret",
        "HERAULT_DATA_URL": fake_ods.url, "HERAULT_DATA_API_KEY": "key-publisher",
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    fake_ods.processing_polls = 1
    return fake_dkan, fake_ods


def _resources() -> dict[str, object]:
    """The code location's configuration resource, as `definitions.py` binds it."""
    from opendata_pipeline.defs.resources import SETTINGS_KEY, pipeline_settings

    return {SETTINGS_KEY: pipeline_settings()}


def _report(capsys: pytest.CaptureFixture[str]) -> dict[str, dict]:
    return {r["portal"]: r for r in json.loads(capsys.readouterr().out)}


def test_publish_all_creates_reads_back_survives_faults_and_is_idempotent(
    portals: tuple[FakeDkan7, FakeOds], capsys: pytest.CaptureFixture[str]
) -> None:
    dkan, ods = portals
    dkan.fail("/api/dataset/node.json", status=503, times=2)
    dkan.fail("/api/dataset/node", method="POST", status=504, commit=True, delay_s=0.3)
    ods.fail("/metadata/templates/", status=503, times=2)
    ods.fail("/v1.0/datasets/", method="POST", status=504, commit=True, delay_s=0.3)
    ods.fail("/resources/files/", status=400, times=1,
             body={"error_code": "invalid_dataset_status", "message": "status is processing"})  # fmt: skip
    argv = ["publish", "--dataset", DATASET, "--portal", "all", "--json"]
    assert _cli(argv) == 0
    report = _report(capsys)
    for portal in ("montpellier", "herault_data"):
        assert report[portal]["action"] == "created", report[portal]
        check = report[portal]["read_back"]
        assert check["passed"], check
        assert {c["name"] for c in check["checks"]} >= {"présence", "lignes", "colonnes", "licence"}
    assert len([n for n in dkan.nodes.values() if n["type"] == "dataset"]) == 1
    assert len(ods.datasets) == 1
    dkan.reset_journal()
    ods.reset_journal()
    (dataset,) = ods.datasets.values()
    dataset.update(status="processing", pending=("publish", 1))  # busy when the run starts
    assert _cli(argv) == 0
    report = _report(capsys)
    assert [report[p]["action"] for p in ("montpellier", "herault_data")] == ["unchanged"] * 2
    assert dkan.uploads() == [] and ods.uploads() == []
    assert dkan.writes() == [] and ods.writes() == []


def test_wrong_credentials_exit_1_in_french_without_leaking_them(
    portals: tuple[FakeDkan7, FakeOds],
    opendata_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HERAULT_DATA_API_KEY", BAD_KEY)
    monkeypatch.setenv("MONTPELLIER_PORTAL_PASSWORD", BAD_PASSWORD)
    assert _cli(["publish", "--dataset", DATASET, "--portal", "all"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    montpellier = next(line for line in lines if "'montpellier'" in line)
    herault = next(line for line in lines if "'herault_data'" in line)
    assert (
        "authentification refusée" in montpellier and "MONTPELLIER_PORTAL_PASSWORD" in montpellier
    )
    assert "authentification refusée" in herault and "vérifiez HERAULT_DATA_API_KEY" in herault
    files = [p for p in opendata_home.rglob("*") if p.is_file()]
    written = "".join(p.read_text("utf-8", errors="replace") for p in files)
    for secret in (BAD_KEY, BAD_PASSWORD):
        assert secret not in captured.out + captured.err + written


def test_the_dagster_event_log_holds_no_secret(
    portals: tuple[FakeDkan7, FakeOds], monkeypatch: pytest.MonkeyPatch
) -> None:
    from opendata_pipeline.defs.portals import build_portal_asset
    from opendata_pipeline.publish.portals import HERAULT_DATA

    monkeypatch.setenv("HERAULT_DATA_API_KEY", BAD_KEY)
    asset = build_portal_asset(make_entry(), HERAULT_DATA)
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [asset], instance=instance, raise_on_error=False, resources=_resources()
        )
        assert not result.success
        events = instance.all_logs(result.run_id)
        text = "".join(str(e) for e in events)
    assert "authentification refusée" in text and BAD_KEY not in text


def test_the_portal_asset_warns_the_steward_of_left_out_metadata(
    portals: tuple[FakeDkan7, FakeOds],
) -> None:
    from opendata_pipeline.defs.portals import build_portal_asset
    from opendata_pipeline.publish.portals import HERAULT_DATA

    asset = build_portal_asset(make_entry(themes=["HEAL", "ECON"]), HERAULT_DATA)
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([asset], instance=instance, resources=_resources())
        checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    assert checks["read_back"].passed
    warning = checks["optional_metadata"]
    assert not warning.passed and warning.severity == dg.AssetCheckSeverity.WARN
    message = warning.metadata["message_fr"].value
    assert message.startswith("Publié sur Hérault Data sans certaines métadonnées facultatives")
    assert "thème « HEAL »" in message
