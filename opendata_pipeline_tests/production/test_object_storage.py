"""Data zones on S3-compatible storage (`OPENDATA_ZONES_URL`), against a real S3 server on 127.0.0.1.

moto's server speaks the S3 protocol over HTTP; the pipeline reaches it through pyarrow's S3
client exactly as it would reach MinIO or Ceph RGW. The dataset goes through `opendata-pipeline
run` (the user's path) and the Dagster job, the mobility histories through their assets with
the feeds served on 127.0.0.1; between runs the working directory is wiped, as a fresh run pod
would find it.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import dagster as dg
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import requests
from moto.server import ThreadedMotoServer
from rdflib import Graph, URIRef, namespace

from opendata_pipeline.cli.instance import ensure_dagster_home
from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline.mobility.feeds import SAMPLES_DIR
from opendata_pipeline.storage import zones
from opendata_pipeline.storage.paths import opendata_home
from opendata_pipeline_tests.mobility.helpers import serve_feeds

BUCKET = "opendata-zones"
PREFIX = "montpellier/prod"
DATASET = "defibrillateurs"
ROWS = 167
DAY1, DAY2 = "2026-11-27", "2026-11-28"
KEY_ID = "opendata-pipeline"
SECRET = f"zones-{secrets.token_hex(12)}"
REGION = "eu-west-3"


class _Objects(dict[str, bytes]):
    """The bucket's content under the prefix, re-read at each `refresh()`."""

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client

    def refresh(self) -> _Objects:
        self.clear()
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=BUCKET, Prefix=f"{PREFIX}/"
        )
        for page in pages:
            for item in page.get("Contents", []):
                body = self.client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"]
                self[item["Key"].removeprefix(f"{PREFIX}/")] = body.read()
        return self

    def json(self, key: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self[key])
        return data


@pytest.fixture
def bucket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Objects]:
    """An empty bucket on a local S3 server and the pipeline configured for it."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    requests.post(f"{endpoint}/moto-api/reset", timeout=10).raise_for_status()  # state is global
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name=REGION,
        aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    monkeypatch.setenv("OPENDATA_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.delenv("OPENDATA_CATALOG_DIR", raising=False)
    monkeypatch.setenv("OPENDATA_ZONES_URL", f"s3://{BUCKET}/{PREFIX}/")
    monkeypatch.setenv("OPENDATA_S3_ENDPOINT", endpoint)
    monkeypatch.setenv("OPENDATA_S3_REGION", REGION)
    monkeypatch.setenv("OPENDATA_S3_KEY_ID", KEY_ID)
    monkeypatch.setenv("OPENDATA_S3_SECRET", SECRET)
    objects = _Objects(client)
    try:
        yield objects
    finally:
        server.stop()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fresh_pod() -> None:
    """What a new run pod finds: an empty working directory (the instance state is kept)."""
    shutil.rmtree(opendata_home())
    opendata_home().mkdir()


def _materialize(*keys: str, partition: str | None = None) -> dg.ExecuteInProcessResult:
    """`dagster asset materialize --select … [--partition …]`, in process."""
    from opendata_pipeline.definitions import defs

    job = defs().resolve_implicit_global_asset_job_def()
    return job.execute_in_process(
        asset_selection=[dg.AssetKey.from_user_string(k) for k in keys],
        partition_key=partition,
        instance=dg.DagsterInstance.get(),
    )


def test_zones_live_in_the_bucket_and_fresh_pods_rebuild_from_it(
    bucket: _Objects, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    day1 = io.StringIO()
    assert run_pipeline(datasets=[DATASET], partition=DAY1, out=day1) == 0, day1.getvalue()

    # every zone written by the stages is in the bucket, byte for byte
    objects = bucket.refresh()
    raw = objects.json(f"raw/{DATASET}/{DAY1}/manifest.json")
    [raw_file] = raw["files"]
    assert _sha(objects[f"raw/{DATASET}/{DAY1}/{raw_file['name']}"]) == raw["sha256"]
    published = objects.json(f"published/{DATASET}/manifest.json")
    assert published["rows"] == ROWS and published["partition"] == DAY1
    files = published["files"]
    assert set(files) == {"parquet", "csv", "geojson"}
    for info in files.values():
        data = objects[f"published/{DATASET}/{info['path']}"]
        assert _sha(data) == info["sha256"] and len(data) == info["bytes"]
    clean = objects[f"clean/{DATASET}/{DAY1}.parquet"]
    assert _sha(clean) == published["validated_sha256"]
    assert (opendata_home() / "clean" / DATASET / f"{DAY1}.parquet").read_bytes() == clean
    assert json.loads(objects[f"reports/{DATASET}/compliance.json"])
    assert f"reports/{DATASET}/{DAY1}/policy.json" in objects
    ledgers = sorted(k for k in objects if k.startswith("ledger/"))  # what each portal received
    assert ledgers and all(
        k.endswith(tuple(f"/{DATASET}{r}.json" for r in ("", ".modified", ".published")))
        for k in ledgers
    )

    # a fresh pod publishes from the clean object alone; stale objects of the release go away
    _fresh_pod()
    bucket.client.put_object(
        Bucket=BUCKET, Key=f"{PREFIX}/published/{DATASET}/old-format.xls", Body=b"stale"
    )
    assert _materialize(f"published/{DATASET}").success
    local = opendata_home() / "published" / DATASET
    rebuilt = json.loads((local / "manifest.json").read_text("utf-8"))
    assert rebuilt["partition"] == DAY1 and rebuilt["validated_sha256"] == _sha(clean)
    for kind, info in rebuilt["files"].items():  # the same bytes as the first publication
        assert info["sha256"] == files[kind]["sha256"], kind
    assert sorted(p.name for p in (opendata_home() / "raw" / DATASET / DAY1).iterdir()) == [
        "manifest.json"
    ]  # the publication needs the raw manifest, not the raw bytes
    objects = bucket.refresh()
    assert f"published/{DATASET}/old-format.xls" not in objects
    assert objects.json(f"published/{DATASET}/manifest.json") == rebuilt

    # the next day in another fresh pod: the unchanged source is not stored again (the previous
    # manifest is fetched to compare), and clean reads the bytes of the day that holds them
    _fresh_pod()
    day2 = io.StringIO()
    assert run_pipeline(datasets=[DATASET], partition=DAY2, out=day2) == 0, day2.getvalue()
    objects = bucket.refresh()
    assert objects.json(f"raw/{DATASET}/{DAY2}/manifest.json")["same_as"] == DAY1
    assert [k for k in objects if k.startswith(f"raw/{DATASET}/{DAY2}/")] == [
        f"raw/{DATASET}/{DAY2}/manifest.json"
    ]
    assert objects.json(f"published/{DATASET}/manifest.json")["partition"] == DAY2
    assert objects[f"clean/{DATASET}/{DAY2}.parquet"]

    # the warehouse, built in yet another fresh pod, holds tables (not views over pod paths)
    _fresh_pod()
    assert _materialize("warehouse").success
    objects = bucket.refresh()
    copy = opendata_home() / "downloaded.duckdb"
    copy.write_bytes(objects["warehouse.duckdb"])
    shutil.rmtree(opendata_home() / "published")  # the copy must not need the pod's files
    with duckdb.connect(str(copy), read_only=True) as warehouse:
        assert warehouse.execute("SELECT count(*) FROM defibrillateurs").fetchone() == (ROWS,)
        kinds = warehouse.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = 'defibrillateurs'"
        ).fetchall()
        assert kinds == [("BASE TABLE",)]

    # the DCAT catalogue, built in a fresh pod from the manifests in the bucket, is put where
    # harvesters fetch it, once it conforms to the DCAT-AP shapes
    _fresh_pod()
    assert _materialize("catalog/dcat").success
    objects = bucket.refresh()
    catalogue = Graph().parse(data=objects["catalog/dcat.ttl"].decode("utf-8"), format="turtle")
    node = URIRef(f"https://data.montpellier3m.fr/id/dataset/{DATASET}")
    assert (node, namespace.RDF.type, namespace.DCAT.Dataset) in catalogue
    assert json.loads(objects["catalog/dcat.jsonld"])
    # so are the status page and the lineage export, whatever pod built them
    assert _materialize("catalog/portal_reconciliation").success
    objects = bucket.refresh()
    statuses = json.loads(objects["catalog/portal_reconciliation.json"])
    assert {row["dataset"] for row in statuses} >= {DATASET}
    assert b"<html" in objects["catalog/portal_reconciliation.html"]
    assert DATASET in {d["dataset"] for d in json.loads(objects["catalog/lineage.json"])}

    # analysts query the published Parquet on the object store from DuckDB
    con = duckdb.connect()
    con.register("dae", zones.published_dataset(DATASET))
    assert con.execute("SELECT count(*) FROM dae").fetchone() == (ROWS,)

    # the secret key shows up in no output, no Dagster event and no object
    instance = dg.DagsterInstance.get()
    messages = [
        str(e.dagster_event or "") + e.user_message
        for run in instance.get_runs()
        for e in instance.all_logs(run.run_id)
    ]
    captured = capfd.readouterr()
    texts = [day1.getvalue(), day2.getvalue(), captured.out, captured.err, caplog.text, *messages]
    assert messages and not any(SECRET in t for t in texts)
    assert not any(SECRET.encode() in data for data in objects.values())


def _parquet(data: bytes) -> pa.Table:
    return pq.read_table(io.BytesIO(data))


def test_mobility_history_survives_fresh_pods(
    bucket: _Objects, monkeypatch: pytest.MonkeyPatch
) -> None:
    parking = (SAMPLES_DIR / "ngsi" / "offstreetparking.json").read_bytes()  # 23 + 1 stale
    history = "clean/mobility/parking_occupancy"
    ensure_dagster_home()  # the project's dagster.yaml (pool `mobility_history`)
    with serve_feeds() as feeds:
        monkeypatch.setenv("MOBILITY_API_URL", f"{feeds.url}/api")
        monkeypatch.setenv("MOBILITY_XML_URL", f"{feeds.url}/xml")  # no fallback to the samples
        feeds.routes["/api/offstreetparking?limit=1000"] = parking
        feeds.routes["/api/bikestation?limit=1000"] = (
            SAMPLES_DIR / "ngsi" / "bikestation.json"
        ).read_bytes()  # 53 stations on 2025-12-21, 4 stale ones on 4 earlier days
        assert _materialize("mobility/parking_occupancy", "mobility/bike_availability").success
        objects = bucket.refresh()
        assert _parquet(objects[f"{history}/2025-02-27.parquet"]).num_rows == 23
        assert _parquet(objects[f"{history}/2024-10-17.parquet"]).num_rows == 1
        bikes = sorted(k for k in objects if k.startswith("clean/mobility/bike_availability/"))
        assert len(bikes) == 5
        for name in ("parking_current", "parking_daily", "bike_current", "bike_daily"):
            assert _parquet(objects[f"mobility/{name}.parquet"]).num_rows
        raws = [k for k in objects if k.startswith("raw/parking_occupancy/")]
        assert [objects[k] for k in raws] == [parking]
        assert {"maps/parking.html", "maps/parking.png", "maps/bike.html"} <= set(objects)

        # a fresh pod, a later snapshot of the same day: merged into the day file of the bucket
        _fresh_pod()
        later = parking.replace(b'"2025-02-27T13:', b'"2025-02-27T14:')
        feeds.routes["/api/offstreetparking?limit=1000"] = later
        result = _materialize("mobility/parking_occupancy")
        assert result.success
        [materialization] = result.asset_materializations_for_node("mobility__parking_occupancy")
        assert materialization.metadata["rows_added"].value == 23
        objects = bucket.refresh()
        day = _parquet(objects[f"{history}/2025-02-27.parquet"])
        assert day.num_rows == 46  # both refreshes
        assert {t.hour for t in day.column("observed_at").to_pylist()} == {13, 14}
        assert _parquet(objects[f"{history}/2024-10-17.parquet"]).num_rows == 1
        daily = _parquet(objects["mobility/parking_daily.parquet"])
        assert sum(daily.column("observations").to_pylist()) == 47
        assert sorted(objects[k] for k in objects if k.startswith("raw/parking_occupancy/")) == (
            sorted([parking, later])
        )

    # the maps in a fresh pod: the whole car-park history (profile), the last 2 days of bikes
    _fresh_pod()
    result = _materialize("mobility/maps")
    assert result.success
    [maps] = result.asset_materializations_for_node("mobility__maps")
    assert maps.metadata["parking_markers"].value == 24
    assert maps.metadata["bike_markers"].value == 54  # 2025-12-21 and 2025-11-17
    local = opendata_home() / "clean" / "mobility"
    assert len(list((local / "parking_occupancy").glob("*.parquet"))) == 2
    assert len(list((local / "bike_availability").glob("*.parquet"))) == 2
    objects = bucket.refresh()
    for name in ("parking.html", "parking.png", "bike.html", "bike.png", "parking_profile.png"):
        assert objects[f"maps/{name}"] == (opendata_home() / "maps" / name).read_bytes()

    # the catalogue datasets built from the tables, in a fresh pod: the source is in the bucket
    _fresh_pod()
    selection = [
        f"{zone}/{dataset}"
        for dataset in ("parkings-temps-reel", "parkings-historique-journalier")
        for zone in ("raw", "clean", "published")
    ]
    assert _materialize(*selection, partition=DAY1).success
    objects = bucket.refresh()
    current = objects.json("published/parkings-temps-reel/manifest.json")
    assert current["rows"] == 24
    path = objects.json("published/parkings-historique-journalier/manifest.json")["files"][
        "parquet"
    ]["path"]
    published = _parquet(objects[f"published/parkings-historique-journalier/{path}"])
    assert sum(published.column("observations").to_pylist()) == 47


def test_a_stage_uploads_what_it_wrote_and_nothing_half_done(bucket: _Objects) -> None:
    home = opendata_home()
    ledger, release = home / "ledger" / "dkan", home / "published" / "essai"
    ledger.mkdir(parents=True)
    (ledger / "essai.json").write_text("{}", "utf-8")  # there before the stage, left unchanged
    # a failing stage: the records it must keep are uploaded, its other outputs are not
    with pytest.raises(RuntimeError), zones.stage(outputs=[ledger], on_error=True):
        (ledger / "essai.modified.json").write_text("{}", "utf-8")
        (ledger / ".essai.json.part").write_text("", "utf-8")  # a temporary file, hidden
        raise RuntimeError
    with pytest.raises(RuntimeError), zones.stage(outputs=[release / "manifest.json"]):
        (release / "manifest.json").parent.mkdir(parents=True)
        (release / "manifest.json").write_text("{}", "utf-8")
        raise RuntimeError
    assert sorted(bucket.refresh()) == ["ledger/dkan/essai.modified.json"]
    with zones.stage(inputs=[ledger], outputs=[release / "manifest.json"]):
        (release / "manifest.json").write_text('{"rows": 1}', "utf-8")
    assert bucket.refresh().json("published/essai/manifest.json") == {"rows": 1}


def test_without_zones_url_the_zones_stay_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENDATA_ZONES_URL", raising=False)
    assert zones.object_store() is None
    monkeypatch.setenv("OPENDATA_ZONES_URL", "/srv/opendata")
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        zones.object_store()
