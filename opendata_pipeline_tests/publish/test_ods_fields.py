"""The field dictionary on OpenDataSoft (portal-apis.md §9.2): types, French labels and
descriptions, facets, the map point from longitude/latitude; idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from opendata_pipeline.catalog.model import ColumnDoc
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline_tests.publish.conftest import (
    ROWS,
    make_entry,
    write_published,
    write_realtime,
)
from opendata_pipeline_tests.publish.fakes.ods import FakeOds


def _client(fake: FakeOds, policy: RetryPolicy) -> OdsPublisher:
    return OdsPublisher("herault_data", fake.url, "key-publisher", policy=policy,
                        poll_s=(0.01, 0.01))  # fmt: skip


def _explore(fake: FakeOds, dataset_id: str) -> dict:
    answer = requests.get(f"{fake.url}/api/explore/v2.1/catalog/datasets/{dataset_id}", timeout=5)
    assert answer.status_code == 200
    return answer.json()


def _fields(fake: FakeOds, dataset_id: str) -> dict[str, dict]:
    return {f["name"]: f for f in _explore(fake, dataset_id)["fields"]}


def _config_writes(fake: FakeOds) -> list:
    return [c for c in fake.writes() if "/fields/" in c.path]


def test_types_labels_and_descriptions_from_the_catalogue(fake_ods, published, policy) -> None:
    entry = make_entry(columns={
        "montant": ColumnDoc(label="Montant attribué", description="En euros.", unit="EUR"),
        "association": ColumnDoc(label="Association bénéficiaire")})  # fmt: skip
    _client(fake_ods, policy).publish(entry, published)
    fields = _fields(fake_ods, "subventions-associations-3m")
    assert fields["montant"]["type"] == "int" and fields["commune"]["type"] == "text"
    assert fields["montant"]["label"] == "Montant attribué"
    assert fields["montant"]["description"] == "En euros."
    assert fields["montant"]["annotations"] == {"unit": ["EUR"]}
    assert fields["association"]["label"] == "Association bénéficiaire"
    fake_ods.reset_journal()
    _client(fake_ods, policy).publish(entry, published)
    assert fake_ods.writes() == []  # unchanged configuration: nothing sent


def test_labels_from_the_table_schema(fake_ods, published, policy, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"fields": [
        {"name": "commune", "type": "string", "title": "Commune du siège",
         "constraints": {"enum": ["Montpellier", "Lattes", "Castelnau-le-Lez"]}},
        {"name": "montant", "type": "number", "title": "Montant", "description": "Euros."},
    ]}), encoding="utf-8")  # fmt: skip
    fake_ods.accept_facets = True
    _client(fake_ods, policy).publish(make_entry(schema=str(schema)), published)
    fields = _fields(fake_ods, "subventions-associations-3m")
    assert fields["commune"]["label"] == "Commune du siège"
    assert "facet" in fields["commune"]["annotations"]  # an enumeration is a facet
    assert fields["montant"]["type"] == "double" and fields["montant"]["description"] == "Euros."


def test_changed_configuration_is_updated_removed_ones_deleted_hand_made_kept(
    fake_ods, published, policy
) -> None:
    entry = make_entry(columns={"montant": ColumnDoc(label="Montant", description="Euros.")})
    _client(fake_ods, policy).publish(entry, published)
    (dataset,) = fake_ods.datasets.values()
    requests.post(
        f"{fake_ods.url}/api/automation/v1.0/datasets/{dataset['uid']}/fields/",
        json={"type": "annotate", "label": "fait à la main", "field": "montant",
              "annotation": "sortable"},
        headers={"Authorization": "apikey key-publisher"}, timeout=5,
    )  # fmt: skip
    fake_ods.reset_journal()
    changed = entry.model_copy(update={"columns": {"montant": ColumnDoc(label="Montant (€)")}})
    _client(fake_ods, policy).publish(changed, published)
    assert sorted(c.method for c in _config_writes(fake_ods)) == ["DELETE", "PUT"]
    assert any(c.path.endswith("/publish/") for c in fake_ods.writes())  # applied by a publish
    labels = {c["label"] for c in dataset["fields"].values()}
    assert "fait à la main" in labels
    assert _fields(fake_ods, "subventions-associations-3m")["montant"]["label"] == "Montant (€)"


def test_categorical_columns_are_facets_when_the_domain_accepts_them(
    fake_ods, opendata_home, policy
) -> None:
    rows = [{"commune": c, "association": f"Asso {i}", "montant": str(i)}
            for i, c in enumerate(["Montpellier", "Lattes"] * 6)]  # fmt: skip
    published = PublishedDataset.load(write_published(opendata_home, rows=rows))
    fake_ods.accept_facets = True
    _client(fake_ods, policy).publish(make_entry(), published)
    fields = _fields(fake_ods, "subventions-associations-3m")
    assert "facet" in fields["commune"]["annotations"]
    assert "facet" not in fields["association"]["annotations"]  # as many values as rows


def test_a_domain_refusing_facets_publishes_without_and_stops_asking(
    fake_ods, opendata_home, policy
) -> None:
    rows = [{"commune": c, "association": "A", "montant": "1"} for c in ["Lattes", "Pérols"] * 4]
    published = PublishedDataset.load(write_published(opendata_home, rows=rows))
    result = _client(fake_ods, policy).publish(make_entry(), published)
    assert result.action == "created" and "facet" in result.notes[-1]
    assert [c.status for c in fake_ods.calls(path="/fields/") if c.status >= 400] == [400]
    fake_ods.reset_journal()
    _client(fake_ods, policy).publish(make_entry(), published)
    assert fake_ods.writes() == []


def test_longitude_latitude_become_a_map_point(fake_ods, opendata_home, policy) -> None:
    published = write_realtime(opendata_home, dataset="parkings-ouvrages")
    entry = make_entry("parkings-ouvrages", licence="odbl-1.0")
    result = _client(fake_ods, policy).publish(entry, published)
    fields = _fields(fake_ods, "parkings-ouvrages-3m")
    assert fields["geo_point_2d"]["type"] == "geo_point_2d"
    assert fields["geo_point_2d"]["label"] == "Position (latitude, longitude)"
    assert fields["longitude"]["type"] == "double"
    uploaded = next(iter(fake_ods.files.values()))[1].decode()
    header, first = uploaded.splitlines()[:2]
    assert header.endswith(",geo_point_2d") and first.endswith(',"43.60856,3.879858"')
    assert result.uploaded_files == ["parkings-ouvrages.csv"]
    assert _client(fake_ods, policy).read_back(entry, published).passed
    fake_ods.reset_journal()
    _client(fake_ods, policy).publish(entry, published)
    assert fake_ods.uploads() == [] and fake_ods.writes() == []


def test_data_change_reuploads_with_the_map_point(fake_ods, opendata_home, policy) -> None:
    entry = make_entry()
    _client(fake_ods, policy).publish(entry, PublishedDataset.load(write_published(opendata_home)))
    rows = [*ROWS, {"commune": "Pérols", "association": "Judo", "montant": "5"}]
    second = PublishedDataset.load(write_published(opendata_home, rows=rows))
    fake_ods.reset_journal()
    _client(fake_ods, policy).publish(entry, second)
    assert len(fake_ods.uploads()) == 1 and not _config_writes(fake_ods)
