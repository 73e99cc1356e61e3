"""The whole graph on the bundled sample catalogue, through `opendata-pipeline run` (the user's path).

Runs in-process against a temporary OPENDATA_HOME and DAGSTER_HOME (SQLite instance configured by
the project's dagster.yaml); asserts row counts, types and values read from the real files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import yaml

from opendata_pipeline.catalog.loader import BUNDLED_CATALOG_DIR, PACKAGE_DIR
from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline.storage.sql import CSV_OPTIONS

PARTITION = "2026-11-28"
EXPECTED_ROWS = {
    "budget-primitif-2014": 1448,
    "comptages-routiers": 3314,
    "parkings-ouvrages": 22,
    "permis-de-construire": 4738,
    "elections-europeennes-2014": 3275,
    "defibrillateurs": 167,
    "deliberations-conseil-municipal": 160,
    "annuaire-associations": 2452,
    "parkings-temps-reel": 24,
    "velomagg-stations": 57,
    "parkings-historique-journalier": 24,
    "velomagg-historique-journalier": 57,
    "catalogue-ville-de-montpellier": 8,  # the Ville's 8 other datasets (SCDL catalogue)
}
# Datasets published in an official schema: the published CSV re-validated by frictionless.
OFFICIAL = {
    "deliberations-conseil-municipal": "scdl/deliberations",
    "catalogue-ville-de-montpellier": "scdl/catalogue",
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    base = tmp_path_factory.mktemp("run")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPENDATA_HOME", str(base / "var"))
        mp.setenv("DAGSTER_HOME", str(base / "dagster_home"))
        mp.delenv("OPENDATA_CATALOG_DIR", raising=False)
        yield base / "var", base / "dagster_home"


@pytest.fixture(scope="module")
def first_run(homes: tuple[Path, Path]) -> tuple[int, str]:
    out = io.StringIO()
    code = run_pipeline(partition=PARTITION, out=out)
    return code, out.getvalue()


def test_run_succeeds_and_prints_a_summary(first_run: tuple[int, str]) -> None:
    code, output = first_run
    assert code == 0, output
    assert f"Published {len(EXPECTED_ROWS)} dataset(s)" in output
    for dataset, rows in EXPECTED_ROWS.items():
        assert f"{dataset:<40} {rows:>8} rows" in output
    assert "[     ok] published/budget-primitif-2014" in output


def test_dagster_home_uses_the_project_config(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    installed = homes[1] / "dagster.yaml"
    assert installed.read_bytes() == (PACKAGE_DIR.parent / "dagster.yaml").read_bytes()
    assert (homes[1] / "history").is_dir() or any(homes[1].iterdir())


@pytest.mark.parametrize("dataset", sorted(EXPECTED_ROWS))
def test_every_sample_dataset_is_published(
    first_run: tuple[int, str], homes: tuple[Path, Path], dataset: str, tmp_path: Path
) -> None:
    published = homes[0] / "published" / dataset
    manifest = json.loads((published / "manifest.json").read_text("utf-8"))
    assert manifest["rows"] == EXPECTED_ROWS[dataset]
    parquet = published / f"{dataset}.parquet"
    assert pq.ParquetFile(parquet).metadata.num_rows == EXPECTED_ROWS[dataset]
    kv = {
        k.decode(): v.decode()
        for k, v in pq.ParquetFile(parquet).schema_arrow.metadata.items()
        if not k.startswith(b"ARROW")
    }
    assert kv["dataset"] == dataset and kv["licence"] == manifest["licence"]
    assert kv["source_sha256"] == manifest["source"]["sha256"] and kv["partition"] == PARTITION
    assert pq.ParquetFile(parquet).metadata.row_group(0).column(0).compression == "ZSTD"
    for kind, info in manifest["files"].items():
        assert _sha(published / info["path"]) == info["sha256"], kind
    assert sorted(p.name for p in published.iterdir()) == sorted(
        ["manifest.json", *(f["path"] for f in manifest["files"].values())]
    )  # nothing else (the pipes the files were hashed through are gone)
    if dataset not in OFFICIAL:  # the CSV is DuckDB's own rendering of the Parquet, every byte
        direct = tmp_path / "direct.csv"
        with duckdb.connect() as con:
            con.execute(f"COPY (FROM read_parquet('{parquet}')) TO '{direct}' ({CSV_OPTIONS})")
        assert (published / f"{dataset}.csv").read_bytes() == direct.read_bytes()
    csv_text = (published / f"{dataset}.csv").read_text("utf-8")
    assert csv_text.splitlines()[0].split(",")[0].strip('"') == manifest["columns"][0]["name"]
    # the raw snapshot keeps the original bytes, with its checksum in the manifest
    raw = json.loads((homes[0] / "raw" / dataset / PARTITION / "manifest.json").read_text("utf-8"))
    raw_file = homes[0] / "raw" / dataset / PARTITION / raw["files"][0]["name"]
    assert _sha(raw_file) == raw["sha256"] == manifest["source"]["sha256"]


def test_values_from_the_real_files(first_run: tuple[int, str], homes: tuple[Path, Path]) -> None:
    pub = homes[0] / "published"

    def q(dataset: str, sql: str) -> list[tuple[object, ...]]:
        return duckdb.sql(
            sql.replace("FROM T", f"FROM read_parquet('{pub / dataset / dataset}.parquet')")
        ).fetchall()

    assert q("budget-primitif-2014", 'SELECT "BP" FROM T LIMIT 1') == [(1063850.0,)]
    assert (
        str(q("parkings-ouvrages", 'SELECT "DATFC" FROM T WHERE "NOM" = \'Pitot\'')[0][0])
        == "2056-12-31"
    )
    assert (
        q("elections-europeennes-2014", "SELECT count(*) FROM T WHERE \"Canton\" = '01'")[0][0] > 0
    )
    geo = json.loads((pub / "parkings-ouvrages" / "parkings-ouvrages.geojson").read_text("utf-8"))
    assert len(geo["features"]) == 22
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert (round(lon, 4), round(lat, 4)) == (3.8732, 43.611)
    assert geo["features"][0]["properties"]["NOM"] == "Arc de Triomphe"
    realtime = json.loads((pub / "parkings-temps-reel" / "manifest.json").read_text("utf-8"))
    assert realtime["geo"]["features"] == 24


@pytest.mark.parametrize("dataset", sorted(OFFICIAL))
def test_published_in_an_official_schema_frictionless_finds_no_error(
    first_run: tuple[int, str], homes: tuple[Path, Path], dataset: str
) -> None:
    from frictionless import Resource, Schema

    schema = json.loads(
        (PACKAGE_DIR / "schemas" / OFFICIAL[dataset] / "schema.json").read_text("utf-8")
    )
    schema.pop("custom_checks")  # Validata's extension, unknown to frictionless
    folder = homes[0] / "published" / dataset
    resource = Resource(
        path=f"{dataset}.csv", basepath=str(folder), schema=Schema.from_descriptor(schema)
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    header = (folder / f"{dataset}.csv").read_text("utf-8").splitlines()[0].split(",")
    assert header == [f["name"] for f in schema["fields"]]  # the schema's columns, in its order
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["schema"]["name"] == OFFICIAL[dataset] and manifest["schema"]["mapped"]
    compliance = json.loads((homes[0] / "reports" / dataset / "compliance.json").read_text("utf-8"))
    verdicts = {r["rule"]: r["verdict"] for r in compliance["rules"]}
    assert verdicts["R-SCHEMA"] == verdicts["R-SCHEMA-CUSTOM"] == "PASS"
    fields = compliance["schema_fields"]["fields"]
    assert [f["field"] for f in fields] == header
    assert all(f["invalid"] == 0 and f["valid"] == manifest["rows"] for f in fields if f["present"])


def test_values_of_the_official_schemas(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    pub = homes[0] / "published"
    delibs = duckdb.sql(
        f"SELECT DELIB_ID, DELIB_DATE, DELIB_MATIERE_CODE, COLL_SIRET FROM read_parquet("
        f"'{pub}/deliberations-conseil-municipal/deliberations-conseil-municipal.parquet') "
        "WHERE DELIB_ID = '466'"
    ).fetchall()
    assert [(d, str(day), code, siret) for d, day, code, siret in delibs] == [
        ("466", "2013-11-25", "7.1", "21340172202058")  # Débat d'Orientation Budgétaire 2014
    ]
    rows = duckdb.sql(
        f"SELECT ID, FREQ_MAJ, LICENCE, COUV_TEMP_DEBUT FROM read_parquet("
        f"'{pub}/catalogue-ville-de-montpellier/catalogue-ville-de-montpellier.parquet') "
        "ORDER BY ID"
    ).fetchall()
    publishers = {"Ville de Montpellier"}
    ville = sorted(
        d for d in EXPECTED_ROWS if d != "catalogue-ville-de-montpellier"
        and yaml.safe_load((BUNDLED_CATALOG_DIR / f"{d}.yaml").read_text("utf-8")).get(
            "publisher") in publishers
    )  # fmt: skip
    assert [r[0] for r in rows] == ville
    assert rows[1][:3] == ("budget-primitif-2014", "Annuelle", "Licence Ouverte-LO")
    con = duckdb.connect(str(homes[0] / "warehouse.duckdb"), read_only=True)
    try:  # the original columns stay queryable beside the schema's
        source = con.execute(
            "SELECT count(*) FROM deliberations_conseil_municipal__source WHERE \"Elu(s)\" <> ''"
        ).fetchone()
        assert source == (160,)
    finally:
        con.close()


def test_personal_contacts_do_not_reach_published_files(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    csv_text = (homes[0] / "published/annuaire-associations/annuaire-associations.csv").read_text(
        "utf-8"
    )
    assert "@" not in csv_text
    assert "04 67 60 00 31" not in csv_text


def _high_value() -> list[str]:
    entries = [yaml.safe_load(p.read_text("utf-8")) for p in BUNDLED_CATALOG_DIR.glob("*.yaml")]
    return sorted(e["id"] for e in entries if e.get("high_value"))


def test_the_catalogue_conforms_to_dcat_ap_3_and_hvd_shapes(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    """pyshacl on the run's `dcat.ttl`: DCAT-AP 3.0.0 on all of it, HVD 3.0.0 on its
    high-value datasets (the HVD shapes target every dataset of the graph they read)."""
    from pyshacl import validate
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCAT, RDF

    from opendata_pipeline.publish.dcat import DCATAP
    from opendata_pipeline.publish.shacl import SHAPES_DIR, high_value_part

    graph = Graph().parse(homes[0] / "catalog" / "dcat.ttl", format="turtle")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(EXPECTED_ROWS)
    shapes = Graph().parse(SHAPES_DIR / "dcat-ap-3.0.0-SHACL.ttl", format="turtle")
    conforms, _, text = validate(graph, shacl_graph=shapes)
    assert conforms, text
    high_value = {URIRef(f"https://data.montpellier3m.fr/id/dataset/{d}") for d in _high_value()}
    assert len(high_value) >= 3 and high_value <= datasets
    assert all(graph.value(d, DCATAP.hvdCategory) is not None for d in high_value)
    hvd_shapes = Graph().parse(SHAPES_DIR / "dcat-ap-hvd-3.0.0-SHACL.ttl", format="turtle")
    part = high_value_part(graph, high_value)
    assert set(part.subjects(RDF.type, DCAT.Dataset)) == high_value
    conforms, _, text = validate(part, shacl_graph=hvd_shapes)
    assert conforms, text
    # the shapes do bite: the HVD shapes reject the non-high-value datasets
    assert not validate(graph, shacl_graph=hvd_shapes)[0]


def test_high_value_datasets_on_both_outboxes_cross_referenced_and_described(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    outbox = homes[0] / "outbox"
    checked = 0
    for dataset in _high_value():
        entry = yaml.safe_load((BUNDLED_CATALOG_DIR / f"{dataset}.yaml").read_text("utf-8"))
        pages = {
            "montpellier": f"https://data.montpellier3m.fr/dataset/{entry['portals']['montpellier']['name']}",
            "herault_data": "https://www.herault-data.fr/explore/dataset/"
            f"{entry['portals']['herault_data']['dataset_id']}/",
        }
        for portal, twin in (("montpellier", pages["herault_data"]),
                             ("herault_data", pages["montpellier"])):  # fmt: skip
            sent = json.loads((outbox / portal / dataset / "requests.json").read_text("utf-8"))
            text = json.dumps(sent["requests"], ensure_ascii=False)
            assert twin in text, (portal, dataset)
            assert "Traitements appliqués : " in text, (portal, dataset)
        checked += 1
    assert checked >= 3
    # and DCAT says so: the twin record, the paragraph as provenance, the run that wrote it
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDFS

    graph = Graph().parse(homes[0] / "catalog" / "dcat.ttl", format="turtle")
    node = URIRef("https://data.montpellier3m.fr/id/dataset/elections-europeennes-2014")
    assert str(graph.value(node, DCTERMS.relation)) == (
        "https://www.herault-data.fr/explore/dataset/elections-europeennes-2014-montpellier/"
    )
    statement = graph.value(node, DCTERMS.provenance)
    assert str(graph.value(statement, RDFS.label)).startswith("Traitements appliqués : ")
    activity = graph.value(node, PROV.wasGeneratedBy)
    assert graph.value(activity, PROV.endedAtTime) is not None
    assert graph.value(graph.value(activity, PROV.used), DCTERMS.identifier) is not None


def test_the_treatments_paragraph_lists_auto_decisions_and_no_input_value(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    """The association directory: e-mails found by the automatic mode in the web-site column;
    every value of the real input file is absent from the published paragraph."""
    manifest = json.loads(
        (homes[0] / "published/annuaire-associations/manifest.json").read_text("utf-8")
    )
    paragraph = manifest["treatments"]
    assert "« INTERNET » (retirés : 12 adresses électroniques" in paragraph
    assert "décision automatique" in paragraph
    assert "« Mail_Asso » (adresses électroniques, 1\u202f884 cellules modifiées)" in paragraph
    assert "2\u202f452 lignes lues, 2\u202f452 lignes publiées" in paragraph
    assert "encodage" in paragraph and "converti en UTF-8" in paragraph
    raw = homes[0] / "raw/annuaire-associations" / PARTITION
    (source,) = [p for p in raw.iterdir() if p.name != "manifest.json"]
    header, *rows = csv.reader(source.read_bytes().decode("cp1252").splitlines())
    values = {v.strip() for row in rows for v in row} - {h.strip() for h in header}
    leaked = sorted(v for v in values if len(v) >= 4 and v in paragraph)
    assert len(values) > 5000 and leaked == []


def test_lineage_export_follows_each_dataset_from_its_source_to_both_portal_records(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    """`catalog/lineage.json`: the source file's sha256 as fetched into raw/, the run, the rows,
    the published files' sha256 and the record on each declared portal."""
    exported = json.loads((homes[0] / "catalog" / "lineage.json").read_text("utf-8"))
    docs = {d["dataset"]: d for d in exported}
    assert set(docs) == set(EXPECTED_ROWS)
    for dataset in _high_value():
        doc, release = docs[dataset], docs[dataset]["release"]
        folder = homes[0] / "published" / dataset
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        raw = homes[0] / "raw" / dataset / release["partition"] / "manifest.json"
        assert doc["source"]["sha256"] == json.loads(raw.read_text("utf-8"))["sha256"]
        assert release["run_id"] == manifest["run"]["id"]
        assert release["rows_published"] == EXPECTED_ROWS[dataset] <= release["rows_read"]
        assert {f["name"]: f["sha256"] for f in release["files"]} == {
            f["path"]: _sha(folder / f["path"]) for f in manifest["files"].values()
        }
        records = {r["portal"]: r for r in doc["records"]}
        assert set(records) == {"montpellier", "herault_data"}, dataset
        assert all(r["portal_ids"] and r["page"] for r in records.values()), dataset
        assert records["montpellier"]["twin"] == records["herault_data"]["page"]


def test_warehouse_has_a_view_per_dataset(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    con = duckdb.connect(str(homes[0] / "warehouse.duckdb"), read_only=True)
    try:
        for dataset, rows in EXPECTED_ROWS.items():
            view = dataset.replace("-", "_")
            assert con.execute(f'SELECT count(*) FROM "{view}"').fetchone() == (rows,)
    finally:
        con.close()


def test_rerun_is_idempotent(first_run: tuple[int, str], homes: tuple[Path, Path]) -> None:
    raw_manifest = homes[0] / "raw/budget-primitif-2014" / PARTITION / "manifest.json"
    published = homes[0] / "published/budget-primitif-2014"
    before = raw_manifest.read_bytes(), _sha(published / "budget-primitif-2014.csv")
    code = run_pipeline(partition=PARTITION, out=io.StringIO())
    assert code == 0
    assert (raw_manifest.read_bytes(), _sha(published / "budget-primitif-2014.csv")) == before
    assert len(list((homes[0] / "raw/budget-primitif-2014" / PARTITION).iterdir())) == 2
    leftovers = [p.name for p in (homes[0] / "published").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_unchanged_source_next_day_stores_no_new_copy(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    code = run_pipeline(datasets=["parkings-ouvrages"], partition="2026-11-29", out=io.StringIO())
    assert code == 0
    folder = homes[0] / "raw/parkings-ouvrages/2026-11-29"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["same_as"] == PARTITION
    assert [p.name for p in folder.iterdir()] == ["manifest.json"]


def test_graph_of_the_bundled_catalogue_has_the_three_stages() -> None:
    assert len(list(BUNDLED_CATALOG_DIR.glob("*.yaml"))) == len(EXPECTED_ROWS)


def test_portals_get_the_exact_requests_in_outbox_mode(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    """With no portal URL configured (the default of `make run`), publications go to the outbox."""
    outbox = homes[0] / "outbox"
    for portal, dataset in (
        ("montpellier", "budget-primitif-2014"),
        ("herault_data", "parkings-temps-reel"),
    ):
        folder = outbox / portal / dataset
        assert (folder / "requests.json").is_file(), folder
        sent = json.loads((folder / "requests.json").read_text("utf-8"))
        assert sent, portal
    assert not (outbox / "herault_data" / "comptages-routiers").exists()  # not declared for Hérault


def test_herault_data_outbox_shows_field_configuration_and_pushed_batches(
    first_run: tuple[int, str], homes: tuple[Path, Path]
) -> None:
    """`make run`: every Hérault Data publication carries its field configuration; the two
    realtime datasets show the record batches they push (all records at the first run)."""
    outbox = homes[0] / "outbox" / "herault_data"
    for folder in outbox.iterdir():
        sent = json.loads((folder / "requests.json").read_text("utf-8"))["requests"]
        types = [r["json"] for r in sent if r["path"].endswith("/fields/")]
        assert any(c["type"] == "type" for c in types), folder.name
    for dataset, records in (("parkings-temps-reel", 24), ("velomagg-stations", 57)):
        folder = outbox / dataset
        sent = json.loads((folder / "requests.json").read_text("utf-8"))["requests"]
        configs = [r["json"] for r in sent if r["path"].endswith("/fields/")]
        assert {"type": "annotate", "field": "id", "annotation": "id"}.items() <= next(
            c for c in configs if c.get("annotation") == "id"
        ).items()
        assert any(c.get("type_param") == "geo_point_2d" for c in configs)
        assert any(c.get("field_label") == "Position" for c in configs)
        batches = json.loads((folder / "pushes.json").read_text("utf-8"))["batches"]
        assert sum(len(b["json"]) for b in batches) == records
        assert all("," in r["geo_point_2d"] for b in batches for r in b["json"])
