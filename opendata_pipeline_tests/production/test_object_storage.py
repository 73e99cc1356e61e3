"""Data zones on S3-compatible storage (`OPENDATA_ZONES_URL`), against a real S3 server on 127.0.0.1.

moto's server speaks the S3 protocol over HTTP; the pipeline reaches it through pyarrow's S3
client exactly as it would reach MinIO or Ceph RGW. The dataset goes through `opendata-pipeline
run` (the user's path) and the Dagster job; between runs the working directory is wiped, as a
fresh run pod would find it.
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
import pytest
from moto.server import ThreadedMotoServer

from opendata_pipeline import zones
from opendata_pipeline.paths import opendata_home
from opendata_pipeline.run import run_pipeline

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
        k.endswith((f"/{DATASET}.json", f"/{DATASET}.modified.json")) for k in ledgers
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


def test_without_zones_url_the_zones_stay_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENDATA_ZONES_URL", raising=False)
    assert zones.object_store() is None
    monkeypatch.setenv("OPENDATA_ZONES_URL", "/srv/opendata")
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        zones.object_store()
