"""The legal gate blocks publication in a real in-process run: nothing reaches `published/` or a
portal outbox, the run exits 1, and the check metadata names rules and counts — never values."""

from __future__ import annotations

import io
import json
from pathlib import Path

import dagster as dg
import pytest

from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline_tests.leaky_dataset import CLEAN_ROWS, LEAKY_ROWS, SECRET, install

PORTALS = "portals:\n  montpellier: {name: signalements, organization: montpellier-mediterranee-metropole}\n"


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opendata_home: Path) -> Path:
    return install(tmp_path, monkeypatch, CLEAN_ROWS, PORTALS)


def test_leftover_email_blocks_publication(setup: Path, opendata_home: Path) -> None:
    assert run_pipeline(datasets=["signalements"], partition="2026-11-27", out=io.StringIO()) == 0
    release = opendata_home / "published/signalements"
    before = {p.name: p.read_bytes() for p in release.iterdir()}
    outbox = opendata_home / "outbox/montpellier/signalements"
    sent_before = sorted(p.name for p in outbox.rglob("*"))

    setup.write_text(LEAKY_ROWS, "utf-8")
    out = io.StringIO()
    assert run_pipeline(datasets=["signalements"], partition="2026-11-28", out=out) == 1
    text = out.getvalue()
    assert "clean/signalements: personal_data_absent failed (ERROR)" in text
    assert "published/signalements" not in text.split("Published")[0].replace("[check]", "")
    assert SECRET not in text
    # the previous release and the outbox are untouched
    assert {p.name: p.read_bytes() for p in release.iterdir()} == before
    assert sorted(p.name for p in outbox.rglob("*")) == sent_before

    instance = dg.DagsterInstance.get()
    try:
        record = instance.get_latest_asset_check_evaluation_record(
            dg.AssetCheckKey(dg.AssetKey(["clean", "signalements"]), "personal_data_absent")
        )
        assert record is not None and record.event is not None
        evaluation = record.event.dagster_event.event_specific_data  # type: ignore[union-attr]
        assert evaluation.passed is False
        metadata = {k: v.value for k, v in evaluation.metadata.items()}
        assert metadata["rule_id"] == "R-ANON-DIRECT-ID"
        assert metadata["commentaire:email"] == 1
        assert SECRET not in json.dumps(metadata, default=str)
    finally:
        instance.dispose()
    report = json.loads((opendata_home / "reports/signalements/compliance.json").read_text("utf-8"))
    assert report["blocked"] is True
    assert SECRET not in json.dumps(report)
