"""« Traitements appliqués » from a real run, the SHACL gate of the catalogue, the status page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph

from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline.publish.dcat import write_catalog
from opendata_pipeline.publish.lineage import lineage
from opendata_pipeline.publish.outbox import OutboxPublisher
from opendata_pipeline.publish.reconcile import html_page, reconcile
from opendata_pipeline.publish.service import publish_dataset
from opendata_pipeline.validate.report import write_compliance_report
from opendata_pipeline.validate.rules import RuleResult
from opendata_pipeline_tests.publish.conftest import make_entry, write_published

PERSONS = [  # planted values: none may reach the paragraph
    ("Éloïse Vandermeersch", "eloise.vandermeersch@gmail.com", "06 12 34 56 78", "12,50",
     "03/02/2021", "Rappeler Mme Vandermeersch au 06 12 34 56 78 avant jeudi"),
    ("Gwendal Kerhervé", "g.kerherve@orange.fr", "07 98 76 54 32", "8,75", "15/06/2022",
     "Dossier complet, ecrire a g.kerherve@orange.fr"),
    ("Anouk Labbé-Saint", "anouk.labbe@free.fr", "06 55 44 33 22", "101,00", "28/09/2023",
     "Aucune remarque particulière sur ce dossier"),
]  # fmt: skip
ENTRY = """\
id: inscriptions-atelier
title: Inscriptions à l'atelier vélo
description: Inscriptions à l'atelier de réparation de vélos du quartier, montant réglé et date.
steward: {{name: Service test, email: test@example.org}}
licence: etalab-2.0
source: {{kind: csv, url: "file://{path}"}}
publication_basis: L312-1-1-3
record_subject: legal_person
issued: 2024-01-01
secrets_review: {{by: Service juridique, date: 2026-11-02}}
anonymisation_review: {{by: DPO, date: 2026-11-02}}
personal_data:
  columns: {{nom: drop}}
  default: auto
portals:
  montpellier: {{name: inscriptions-atelier}}
"""


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opendata_home: Path) -> Path:
    source = tmp_path / "inscriptions.csv"
    with source.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["nom", "canal_1", "canal_2", "montant", "date", "commentaire"])
        writer.writerows(PERSONS)
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "inscriptions-atelier.yaml").write_text(ENTRY.format(path=source), "utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(catalog))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return source


def test_the_paragraph_lists_auto_decisions_and_no_input_value(
    planted: Path, opendata_home: Path
) -> None:
    """`opendata-pipeline run` on planted personal data: the paragraph names every column the
    automatic mode transformed, the drop the policy asked for, the conversions — and none of
    the file's values; the portal is sent it in the description."""
    out = io.StringIO()
    assert run_pipeline(partition="2026-11-28", out=out) == 0, out.getvalue()
    folder = opendata_home / "published/inscriptions-atelier"
    paragraph = json.loads((folder / "manifest.json").read_text("utf-8"))["treatments"]
    assert paragraph.startswith("Traitements appliqués : 3 lignes lues, 3 lignes publiées")
    assert "colonnes supprimées : « nom »" in paragraph
    assert "« canal_1 » (adresses électroniques, 3 cellules modifiées, décision automatique)" in (
        paragraph
    )
    assert "« canal_2 » (numéros de téléphone, 3 cellules modifiées, décision automatique)" in (
        paragraph
    )
    assert "« commentaire » (" in paragraph and "décision automatique)" in paragraph
    assert "nombres à virgule décimale convertis au point (« montant »)" in paragraph
    assert "dates jj/mm/aaaa converties au format ISO 8601 (« date »)" in paragraph
    assert "encodage cp1252 converti en UTF-8" in paragraph
    words = {w for row in PERSONS for cell in row for w in [cell, *cell.split()] if len(w) > 3}
    assert [w for w in words if w in paragraph] == []
    sent = json.loads(
        (opendata_home / "outbox/montpellier/inscriptions-atelier/requests.json").read_text()
    )
    body = sent["requests"][1]["json"]["body"]["und"][0]["value"]
    assert body.endswith(paragraph) and body.startswith("Inscriptions à l'atelier")


def test_a_catalogue_that_breaks_the_shapes_replaces_nothing(opendata_home: Path) -> None:
    write_published(opendata_home)
    write_published(opendata_home, "parkings")
    entries = [make_entry(), make_entry("parkings", high_value="mobility")]
    folder = opendata_home / "catalog"
    folder.mkdir()
    good = write_catalog(entries, folder)
    assert good.conforms and good.shacl.datasets == {"DCAT-AP 3.0.0": 2, "DCAT-AP HVD 3.0.0": 1}
    published = (folder / "dcat.ttl").read_bytes()
    manifest_path = opendata_home / "published/parkings/manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["csv"]["sha256"] = "pas-une-empreinte"  # a corrupted manifest
    manifest_path.write_text(json.dumps(manifest))
    bad = write_catalog(entries, folder)
    assert not bad.conforms
    assert {(i.path, i.constraint) for i in bad.shacl.issues} == {
        ("spdx:checksumValue", "DatatypeConstraintComponent")
    }
    assert "non conforme" in bad.shacl.summary_fr()
    assert (folder / "dcat.ttl").read_bytes() == published  # the previous one stays
    assert "spdx:checksumValue" in (folder / "dcat-shacl.html").read_text("utf-8")
    assert len(Graph().parse(folder / "dcat.rejected.ttl")) == len(bad.graph)


def test_the_status_page_says_blocked_missing_stale_and_why(opendata_home: Path) -> None:
    published = write_published(opendata_home)
    entry = make_entry(high_value="statistics")
    from opendata_pipeline.publish.model import PublishedDataset

    release = PublishedDataset.load(published)
    publishers = {p: OutboxPublisher(p) for p in ("montpellier", "herault_data")}
    publish_dataset(entry, release, publishers["montpellier"])
    rows = {r["portal"]: r for r in reconcile([entry], publishers)}
    assert rows["herault_data"]["status"] == "missing"
    assert rows["montpellier"]["status"] == "up_to_date"  # nothing to link to yet
    publish_dataset(entry, release, publishers["herault_data"])
    rows = {r["portal"]: r for r in reconcile([entry], publishers)}
    assert rows["herault_data"]["status"] == "up_to_date"
    assert rows["montpellier"]["status"] == "stale"  # published before its twin existed
    assert "lien vers la fiche de l'autre portail absent" in rows["montpellier"]["reasons"][0]
    blocked = RuleResult("R-HVD", "FAIL", "BLOCK", "Licence « odbl-1.0 » incompatible.")
    write_compliance_report(entry, [blocked], opendata_home / "reports" / entry.id,
                            release="2026-11-29", evidence={})  # fmt: skip
    rows = reconcile([entry], publishers)
    assert {r["status"] for r in rows} == {"blocked"}
    unpublished = make_entry("parkings")  # no release yet: the lineage says so, no crash
    (traced, untraced) = lineage([entry, unpublished], rows)
    assert [r["status"] for r in traced["records"]] == ["blocked", "blocked"]
    assert traced["release"]["rows_published"] == release.rows
    assert traced["release"]["rows_read"] is None  # no clean report for this release
    assert untraced["release"] is None and untraced["records"] == []
    page = html_page(rows, "2026-11-29T06:00:00+00:00")
    assert page.count("<tr class='blocked'>") == 2
    assert "R-HVD : Licence « odbl-1.0 » incompatible." in page
    assert "https://data.montpellier3m.fr/dataset/subventions-associations" in page
    assert "https://www.herault-data.fr/explore/dataset/subventions-associations-3m/" in page
