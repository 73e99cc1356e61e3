"""Outbox (dry-run) content, publisher selection from the environment, the `publish` command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
import yaml

from opendata_pipeline.publish import commands
from opendata_pipeline.publish.ckan import CkanPublisher
from opendata_pipeline.publish.config import publisher_for
from opendata_pipeline.publish.dkan import Dkan7Publisher
from opendata_pipeline.publish.errors import MappingError
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline.publish.outbox import OutboxPublisher
from opendata_pipeline.publish.service import publish_dataset, read_back
from opendata_pipeline_tests.publish.conftest import ROWS, entry_data, make_entry, write_published


def test_outbox_writes_the_dkan_requests_and_files(opendata_home, entry, published) -> None:
    publisher = publisher_for("montpellier", {})
    assert isinstance(publisher, OutboxPublisher)
    result = publish_dataset(entry, published, publisher)
    folder = opendata_home / "outbox" / "montpellier" / entry.id
    assert result.action == "created"
    assert result.uploaded_files == [f"{entry.id}.csv", f"{entry.id}.schema.json"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "requests.json", f"{entry.id}.csv", f"{entry.id}.schema.json"]  # fmt: skip
    assert (folder / f"{entry.id}.csv").read_bytes() == published.files["csv"].path.read_bytes()
    manifest = json.loads((folder / "requests.json").read_text(encoding="utf-8"))
    steps = [(r["method"], r["path"]) for r in manifest["requests"]]
    assert steps[0] == ("POST", "/api/dataset/user/login") and steps[-2][1].endswith("/attach_file")
    assert manifest["requests"][-1]["json"]["field_data_dictionary"] == {
        "und": [{"value": f"<URL publique de {entry.id}.schema.json>"}]}  # fmt: skip
    node = manifest["requests"][1]["json"]
    assert node["field_license"] == {"und": [{"value": "etalab-2.0"}]}
    assert read_back(entry, published, publisher).passed


def test_outbox_is_idempotent_and_tracks_changes(opendata_home, entry, published) -> None:
    publisher = publisher_for("herault_data", {})
    publish_dataset(entry, published, publisher)
    folder = opendata_home / "outbox" / "herault_data" / entry.id
    before = (folder / "requests.json").stat().st_mtime_ns
    again = publish_dataset(entry, published, publisher)
    assert again.action == "unchanged" and not again.uploaded
    assert (folder / "requests.json").stat().st_mtime_ns == before
    rows = [*ROWS, {"commune": "Pérols", "association": "Judo", "montant": "5"}]
    changed = PublishedDataset.load(write_published(opendata_home, rows=rows))
    third = publish_dataset(entry, changed, publisher)
    assert third.action == "updated" and third.uploaded_files == [f"{entry.id}.csv"]
    body = json.loads((folder / "requests.json").read_text(encoding="utf-8"))["requests"][0]["json"]
    assert body["dataset_id"] == "subventions-associations-3m"
    assert body["metadata"]["dcat"]["accrualperiodicity"]["value"].endswith("/ANNUAL")
    assert read_back(entry, changed, publisher).passed


def test_outbox_still_refuses_unmappable_metadata(opendata_home, published) -> None:
    with pytest.raises(MappingError, match="licence"):
        publish_dataset(make_entry(licence="wtfpl"), published, publisher_for("montpellier", {}))
    assert not (opendata_home / "outbox").exists()


def test_manifest_licence_must_match_the_catalogue(published) -> None:
    with pytest.raises(MappingError, match="licence du manifeste"):
        publish_dataset(make_entry(licence="odbl-1.0"), published, publisher_for("montpellier", {}))


def test_publisher_selection_from_environment(fake_ckan, fake_dkan, fake_ods) -> None:
    ckan = publisher_for("montpellier", {"MONTPELLIER_PORTAL_URL": fake_ckan.url,
                                         "MONTPELLIER_PORTAL_API_KEY": "very-secret-key"})  # fmt: skip
    assert isinstance(ckan, CkanPublisher) and "very-secret" not in repr(ckan)
    dkan = publisher_for("montpellier", {"MONTPELLIER_PORTAL_URL": fake_dkan.url})
    assert isinstance(dkan, Dkan7Publisher)
    forced = publisher_for("montpellier", {"MONTPELLIER_PORTAL_URL": fake_ckan.url,
                                           "MONTPELLIER_PORTAL_KIND": "dkan7"})  # fmt: skip
    assert isinstance(forced, Dkan7Publisher)
    ods = publisher_for(
        "herault_data", {"HERAULT_DATA_URL": fake_ods.url, "HERAULT_DATA_API_KEY": "k"}
    )
    assert isinstance(ods, OdsPublisher)
    dry = publisher_for("herault_data", {"HERAULT_DATA_URL": fake_ods.url}, dry_run=True)
    assert isinstance(dry, OutboxPublisher)
    with pytest.raises(MappingError, match="MONTPELLIER_PORTAL_KIND"):
        publisher_for("montpellier", {"MONTPELLIER_PORTAL_URL": "http://127.0.0.1:9",
                                      "MONTPELLIER_PORTAL_KIND": "drupal"})  # fmt: skip


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="opendata-pipeline")
    commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "subventions-associations.yaml").write_text(
        yaml.safe_dump(entry_data(), allow_unicode=True), encoding="utf-8"
    )
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    return folder


def test_cli_one_portal_failing_does_not_block_the_other(
    catalog_dir, opendata_home, fake_dkan, fake_ods, monkeypatch, capsys
) -> None:
    write_published(opendata_home)
    fake_ods.processing_polls = 0  # the CLI polls with the production backoff
    monkeypatch.setenv("MONTPELLIER_PORTAL_URL", fake_dkan.url)
    monkeypatch.setenv("MONTPELLIER_PORTAL_KIND", "dkan7")
    monkeypatch.setenv("MONTPELLIER_PORTAL_USER", "pipeline")
    monkeypatch.setenv("MONTPELLIER_PORTAL_PASSWORD", "pw-secret")
    monkeypatch.setenv("HERAULT_DATA_URL", fake_ods.url)
    monkeypatch.setenv("HERAULT_DATA_API_KEY", "revoked-key")
    code = _cli(["publish", "--dataset", "subventions-associations", "--json"])
    captured = capsys.readouterr()
    assert code == 1
    report = {r["portal"]: r for r in json.loads(captured.out)}
    assert (
        report["montpellier"]["action"] == "created"
        and report["montpellier"]["read_back"]["passed"]
    )
    assert "authentification refusée" in report["herault_data"]["error"]
    assert "revoked-key" not in captured.out + captured.err
    assert "pw-secret" not in captured.out + captured.err
    # re-run after fixing the key: only Hérault Data gets work, Montpellier sends nothing
    monkeypatch.setenv("HERAULT_DATA_API_KEY", "key-publisher")
    fake_dkan.reset_journal()
    assert _cli(["publish", "--dataset", "subventions-associations"]) == 0
    assert fake_dkan.writes() == [] and len(fake_ods.uploads()) == 1


def test_cli_dry_run_and_errors(catalog_dir, opendata_home, monkeypatch, capsys) -> None:
    assert _cli(["publish", "--dataset", "inconnu"]) == 2
    assert _cli(["publish", "--dataset", "subventions-associations"]) == 1  # nothing published yet
    write_published(opendata_home)
    monkeypatch.setenv("HERAULT_DATA_URL", "http://127.0.0.1:9")
    code = _cli(["publish", "--dataset", "subventions-associations", "--portal", "herault_data",
                 "--dry-run"])  # fmt: skip
    assert code == 0
    assert (
        opendata_home / "outbox" / "herault_data" / "subventions-associations" / "requests.json"
    ).is_file()
    assert not (opendata_home / "outbox" / "montpellier").exists()
    assert "herault_data : created" in capsys.readouterr().out
