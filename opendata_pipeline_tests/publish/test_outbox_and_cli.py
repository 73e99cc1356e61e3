"""Outbox (dry-run) content, publisher selection from the environment, the `publish` command."""

from __future__ import annotations

import json

import pytest

from opendata_pipeline.publish.ckan import CkanPublisher
from opendata_pipeline.publish.config import publisher_for
from opendata_pipeline.publish.dkan import Dkan7Publisher
from opendata_pipeline.publish.errors import MappingError
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline.publish.outbox import OutboxPublisher
from opendata_pipeline.publish.service import publish_dataset, read_back
from opendata_pipeline_tests.publish.conftest import (
    CAR_PARKS,
    ROWS,
    make_entry,
    realtime_entry,
    write_published,
    write_realtime,
)
from opendata_pipeline_tests.publish.conftest import cli as _cli


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


def test_outbox_shows_the_field_configuration_and_the_pushed_batches(opendata_home) -> None:
    publisher = publisher_for("herault_data", {})
    entry = realtime_entry()
    result = publish_dataset(entry, write_realtime(opendata_home), publisher)
    folder = opendata_home / "outbox" / "herault_data" / entry.id
    assert result.uploaded_files == ["pushes.json"] and result.records_pushed == 5
    requests = json.loads((folder / "requests.json").read_text("utf-8"))["requests"]
    configs = [r["json"] for r in requests if r["path"].endswith("/fields/")]
    assert {"type": "annotate", "label": "opendata-pipeline · clé unique · id", "field": "id",
            "annotation": "id"} in configs  # fmt: skip
    assert {"type": "type", "label": "opendata-pipeline · type · geo_point_2d",
            "field": "geo_point_2d", "type_param": "geo_point_2d"} in configs  # fmt: skip
    assert not any("/resources/" in r["path"] for r in requests)  # declared in the back office
    pushes = json.loads((folder / "pushes.json").read_text("utf-8"))["batches"]
    (batch,) = pushes
    assert batch["path"] == "/api/push/1.0/disponibilite-parkings-3m/realtime/push/"
    assert batch["params"] == {"pushkey": "<HERAULT_DATA_PUSH_KEYS['disponibilite-parkings-3m']>"}
    assert [r["name"] for r in batch["json"]] == [p[1] for p in CAR_PARKS]
    assert read_back(entry, write_realtime(opendata_home), publisher).passed
    again = publish_dataset(entry, write_realtime(opendata_home), publisher)
    assert again.action == "unchanged" and again.records_pushed == 0
    parks = [(*CAR_PARKS[0][:5], 10, "Open"), *CAR_PARKS[1:4]]
    third = publish_dataset(entry, write_realtime(opendata_home, parks=parks), publisher)
    assert (third.records_pushed, third.records_deleted) == (1, 1)
    batches = json.loads((folder / "pushes.json").read_text("utf-8"))["batches"]
    assert [b["path"].rsplit("/", 2)[-2] for b in batches] == ["push", "delete"]


def test_outbox_field_configuration_of_a_file_dataset(opendata_home) -> None:
    publisher = publisher_for("herault_data", {})
    entry = make_entry("parkings-ouvrages", licence="odbl-1.0")
    published = write_realtime(opendata_home, dataset="parkings-ouvrages")
    publish_dataset(entry, published, publisher)
    folder = opendata_home / "outbox" / "herault_data" / entry.id
    requests = json.loads((folder / "requests.json").read_text("utf-8"))["requests"]
    steps = [r["path"].rsplit("/", 2)[-2] for r in requests]
    assert steps[:3] == ["datasets", "files", "resources"] and steps[-1] == "publish"
    assert steps.count("fields") >= len(published.columns) + 1  # one type per field + the point
    header = (folder / "parkings-ouvrages.csv").read_text("utf-8").splitlines()[0]
    assert header.endswith(",geo_point_2d")
    assert read_back(entry, published, publisher).passed
