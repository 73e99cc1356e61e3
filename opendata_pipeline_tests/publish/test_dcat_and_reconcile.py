"""DCAT-AP catalogue content and the portal reconciliation report."""

from __future__ import annotations

import copy
import json

import pytest
from rdflib import Graph, Literal, URIRef, namespace

from opendata_pipeline.publish.ckan import CkanPublisher
from opendata_pipeline.publish.dcat import DCATAP, SPDX, build_catalog, write_jsonld, write_turtle
from opendata_pipeline.publish.dkan import Dkan7Publisher
from opendata_pipeline.publish.errors import PublishError
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline.publish.outbox import OutboxPublisher
from opendata_pipeline.publish.reconcile import markdown_table, reconcile
from opendata_pipeline.publish.service import link_twins, publish_dataset
from opendata_pipeline_tests.publish.conftest import ROWS, make_entry, write_published

IDENT = URIRef("https://data.montpellier3m.fr/id/dataset/subventions-associations")


def test_catalog_has_datasets_distributions_licence_and_hvd(opendata_home, tmp_path) -> None:
    folder = write_published(opendata_home)
    hvd = make_entry("parkings", high_value="mobility", themes=["Mobilité"])
    write_published(opendata_home, "parkings")
    unpublished = make_entry("jamais-publie")
    graph = build_catalog([make_entry(), hvd, unpublished])  # default: OPENDATA_HOME/published
    datasets = set(graph.subjects(namespace.RDF.type, namespace.DCAT.Dataset))
    assert IDENT in datasets and len(datasets) == 2
    assert graph.value(IDENT, namespace.DCTERMS.identifier) == Literal(str(IDENT))
    assert graph.value(IDENT, namespace.DCAT.landingPage) == URIRef(
        "https://data.montpellier3m.fr/dataset/subventions-associations"
    )
    assert graph.value(IDENT, namespace.DCTERMS.relation) == URIRef(
        "https://www.herault-data.fr/explore/dataset/subventions-associations-3m/"
    )
    distributions = list(graph.objects(IDENT, namespace.DCAT.distribution))
    assert len(distributions) == 3  # parquet, csv, and Hérault Data's full CSV export
    manifest = json.loads((folder / "manifest.json").read_text())
    export = URIRef(f"{IDENT}/distribution/herault_data-export-csv")
    assert graph.value(export, namespace.DCAT.downloadURL) == URIRef(
        "https://www.herault-data.fr/api/explore/v2.1/catalog/datasets/"
        "subventions-associations-3m/exports/csv"
    )
    assert graph.value(export, SPDX.checksum) is None  # the portal's bytes, not our file
    for dist in set(distributions) - {export}:
        assert graph.value(dist, namespace.DCTERMS.license) == URIRef(
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
        )
        checksum = graph.value(dist, SPDX.checksum)
        assert str(graph.value(checksum, SPDX.checksumValue)) in {
            f["sha256"] for f in manifest["files"].values()
        }
        assert graph.value(dist, namespace.DCAT.accessURL) is not None
    parking = URIRef("https://data.montpellier3m.fr/id/dataset/parkings")
    assert graph.value(parking, DCATAP.hvdCategory) == URIRef(
        "http://data.europa.eu/bna/c_b79e35eb"
    )
    assert graph.value(parking, DCATAP.applicableLegislation) == URIRef(
        "http://data.europa.eu/eli/reg_impl/2023/138/oj"
    )
    assert graph.value(IDENT, DCATAP.hvdCategory) is None
    assert graph.value(IDENT, namespace.DCTERMS.provenance) is not None
    ttl = write_turtle(graph, tmp_path / "catalog.ttl")
    jsonld = write_jsonld(graph, tmp_path / "catalog.jsonld")
    again = Graph().parse(ttl, format="turtle")
    assert len(again) == len(graph)
    assert len(Graph().parse(jsonld, format="json-ld")) == len(graph)


def test_reconcile_outbox_states(opendata_home, entry) -> None:
    published = PublishedDataset.load(write_published(opendata_home))
    publishers = {p: OutboxPublisher(p) for p in ("montpellier", "herault_data")}
    rows = reconcile([entry], publishers)
    assert [r["status"] for r in rows] == ["missing", "missing"]
    publishers["montpellier"].publish(entry, published)
    write_published(opendata_home, rows=ROWS[:2])
    status = {r["portal"]: r for r in reconcile([entry], publishers)}
    assert status["montpellier"]["status"] == "stale"
    assert status["montpellier"]["stale_files"] == ["subventions-associations.csv"]
    assert status["herault_data"]["label"] == "absent"
    table = markdown_table(list(status.values()))
    assert "| subventions-associations | montpellier | périmé |" in table


def test_reconcile_real_clients_up_to_date_duplicate_and_error(
    fake_ckan, fake_ods, entry, published, policy
) -> None:
    ckan = CkanPublisher("montpellier", fake_ckan.url, "tok-editor", policy=policy)
    ods = OdsPublisher("herault_data", fake_ods.url, "key-publisher", policy=policy,
                       poll_s=(0.01, 0.01))  # fmt: skip
    ckan.publish(entry, published)
    ods.publish(entry, published)
    rows = {r["portal"]: r for r in reconcile([entry], {"montpellier": ckan, "herault_data": ods})}
    assert rows["montpellier"]["status"] == "up_to_date"
    assert rows["herault_data"]["status"] == "up_to_date"
    twin = copy.deepcopy(next(iter(fake_ckan.packages.values())))
    twin.update(id="other-id", name="subventions-associations-copie")
    fake_ckan.packages["other-id"] = twin
    fake_ods.fail("/datasets/", status=503, times=10)
    rows = {r["portal"]: r for r in reconcile([entry], {"montpellier": ckan, "herault_data": ods})}
    assert (
        rows["montpellier"]["status"] == "duplicate" and len(rows["montpellier"]["portal_ids"]) == 2
    )
    assert (
        rows["herault_data"]["status"] == "error"
        and "indisponible" in rows["herault_data"]["detail"]
    )


def test_reconcile_dkan_and_hvd_twin(fake_dkan, published, policy) -> None:
    entry = make_entry(high_value="statistics")
    dkan = Dkan7Publisher("montpellier", fake_dkan.url, "pipeline", "pw-secret", policy=policy)
    ods = OutboxPublisher("herault_data")
    publish_dataset(entry, published, dkan)
    publish_dataset(entry, published, ods)
    assert [r.portal for r in link_twins(entry, published, {"montpellier": dkan,
                                                            "herault_data": ods})] == ["montpellier"]  # fmt: skip
    (row, _) = reconcile([entry], {"montpellier": dkan, "herault_data": ods})
    assert row["status"] == "up_to_date" and row["high_value"]
    assert row["twin"] == "https://www.herault-data.fr/explore/dataset/subventions-associations-3m/"
    (node,) = [n for n in fake_dkan.nodes.values() if n["type"] == "dataset"]
    info = {i["first"]: i["second"] for i in node["field_additional_info"]["und"]}
    assert info["relation"] == row["twin"]
    assert info["hvd_category"] == "http://data.europa.eu/bna/c_e1da4e07"
    assert link_twins(entry, published, {"montpellier": dkan, "herault_data": ods}) == []


def test_a_portal_down_leaves_the_twin_link_to_the_next_run(fake_dkan, published, policy) -> None:
    """DKAN published first (no twin yet), Hérault Data second; DKAN is down when the link is
    to be added: nothing is lost, the status page says the link is missing, the next run adds
    it, and a third sends nothing."""
    entry = make_entry(high_value="mobility")
    dkan = Dkan7Publisher("montpellier", fake_dkan.url, "pipeline", "pw-secret", policy=policy)
    publishers = {"montpellier": dkan, "herault_data": OutboxPublisher("herault_data")}
    publish_dataset(entry, published, dkan)
    publish_dataset(entry, published, publishers["herault_data"])
    fake_dkan.fail("/", status=503, times=100)
    with pytest.raises(PublishError) as down:
        link_twins(entry, published, publishers)
    assert down.value.retryable
    fake_dkan.faults.clear()
    rows = {r["portal"]: r for r in reconcile([entry], publishers)}
    assert rows["montpellier"]["status"] == "stale" and rows["montpellier"]["twin_linked"] is False
    assert [r.portal for r in link_twins(entry, published, publishers)] == ["montpellier"]
    (node,) = [n for n in fake_dkan.nodes.values() if n["type"] == "dataset"]
    info = {i["first"]: i["second"] for i in node["field_additional_info"]["und"]}
    assert info["relation"] == rows["montpellier"]["twin"]
    rows = {r["portal"]: r for r in reconcile([entry], publishers)}
    assert {r["status"] for r in rows.values()} == {"up_to_date"}
    fake_dkan.reset_journal()
    assert link_twins(entry, published, publishers) == []
    assert fake_dkan.writes() == []


def test_a_dataset_in_an_official_schema_conforms_to_it(opendata_home) -> None:
    write_published(opendata_home)
    write_published(opendata_home, "autre")
    graph = build_catalog(
        [make_entry(schema="scdl/subventions"), make_entry("autre")]  # the latter: no schema
    )
    url = URIRef("https://gitlab.com/opendatafrance/scdl/subventions/raw/v2.1.1/schema.json")
    assert graph.value(IDENT, namespace.DCTERMS.conformsTo) == url
    assert (url, namespace.RDF.type, namespace.DCTERMS.Standard) in graph
    assert str(graph.value(url, namespace.OWL.versionInfo)) == "2.1.1"
    assert str(graph.value(url, namespace.DCTERMS.identifier)) == "scdl/subventions"
    assert graph.value(url, namespace.FOAF.page) == URIRef(
        "https://schema.data.gouv.fr/scdl/subventions/2.1.1/"
    )
    by_format = {
        str(graph.value(d, namespace.DCTERMS.title)).rsplit(".", 1)[-1]: d
        for d in graph.objects(IDENT, namespace.DCAT.distribution)
    }
    assert graph.value(by_format["csv"], namespace.DCTERMS.conformsTo) == url
    assert graph.value(by_format["parquet"], namespace.DCTERMS.conformsTo) is None
    other = URIRef("https://data.montpellier3m.fr/id/dataset/autre")
    assert graph.value(other, namespace.DCTERMS.conformsTo) is None


def test_the_schema_reference_the_portals_send(fake_ckan, opendata_home, policy) -> None:
    from opendata_pipeline.publish import crosswalk

    entry = make_entry(schema="scdl/deliberations")
    assert crosswalk.common_metadata(entry)["schema"] == {
        "name": "scdl/deliberations",
        "version": "2.1.5",
        "title": "Délibérations",
        "url": "https://gitlab.com/opendatafrance/scdl/deliberations/raw/v2.1.5/schema.json",
        "page": "https://schema.data.gouv.fr/scdl/deliberations/2.1.5/",
        "dictionary_type": "application/vnd.tableschema+json",
    }
    assert crosswalk.common_metadata(make_entry())["conforms_to"] is None
    CkanPublisher("montpellier", fake_ckan.url, "tok-editor", policy=policy).publish(
        entry, PublishedDataset.load(write_published(opendata_home))
    )
    (package,) = fake_ckan.packages.values()
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["conforms_to"] == crosswalk.common_metadata(entry)["conforms_to"]
