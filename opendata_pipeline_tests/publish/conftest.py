"""Fixtures of the publication tests: published folders, catalogue entries, fake portals."""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline_tests.publish.fakes.ckan import FakeCkan
from opendata_pipeline_tests.publish.fakes.dkan7 import FakeDkan7
from opendata_pipeline_tests.publish.fakes.ods import FakeOds

ROWS = [
    {"commune": "Montpellier", "association": "Club de voile", "montant": "1200"},
    {"commune": "Lattes", "association": "Chorale du Lez", "montant": "800"},
    {"commune": "Castelnau-le-Lez", "association": "Atelier vélo", "montant": "2500"},
]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_published(
    home: Path,
    dataset: str = "subventions-associations",
    rows: list[dict[str, str]] | None = None,
    published_at: str = "2026-11-28T06:00:00+00:00",
) -> Path:
    """A `published/<id>/` folder as the convert step writes it (Parquet zstd, CSV, manifest)."""
    rows = ROWS if rows is None else rows
    folder = home / "published" / dataset
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.table({
        "commune": [r["commune"] for r in rows],
        "association": [r["association"] for r in rows],
        "montant": pa.array([int(r["montant"]) for r in rows], pa.int64()),
    })  # fmt: skip
    table = table.replace_schema_metadata({"dataset": dataset})
    pq.write_table(table, folder / f"{dataset}.parquet", compression="zstd")
    with (folder / f"{dataset}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["commune", "association", "montant"])
        writer.writeheader()
        writer.writerows(rows)
    files = {
        kind: {
            "path": f"{dataset}.{kind}",
            "sha256": _sha(folder / f"{dataset}.{kind}"),
            "bytes": (folder / f"{dataset}.{kind}").stat().st_size,
        }
        for kind in ("parquet", "csv")
    }
    manifest = {
        "dataset": dataset,
        "rows": len(rows),
        "columns": [
            {"name": "commune", "type": "string"},
            {"name": "association", "type": "string"},
            {"name": "montant", "type": "integer"},
        ],
        "partition": "2026-11-28",
        "files": files,
        "source": {"url": "file://samples/subventions.csv", "sha256": "0" * 64},
        "licence": "etalab-2.0",
        "published_at": published_at,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


# Car parks as the mobility feed's current state holds them (names and places from the real
# Montpellier feed; occupancy figures made up).
CAR_PARKS = [
    ("urn:ngsi-ld:parking:001", "Comédie", 3.879858, 43.608560, 1100, 412, "Open"),
    ("urn:ngsi-ld:parking:002", "Corum", 3.882418, 43.613981, 480, 23, "Open"),
    ("urn:ngsi-ld:parking:003", "Antigone", 3.888818, 43.608716, 240, 0, "Full"),
    ("urn:ngsi-ld:parking:004", "Gare Saint-Roch", 3.878119, 43.603832, 660, 301, "Open"),
    ("urn:ngsi-ld:parking:005", "Arceaux", 3.867597, 43.611944, 400, 120, "Closed"),
]
REALTIME_FIELDS = ["id", "name", "commune", "capacity", "available", "occupancy_rate", "status",
                   "observed_at", "longitude", "latitude", "geo_point_2d"]  # fmt: skip


def write_realtime(
    home: Path,
    dataset: str = "parkings-temps-reel",
    parks: list[tuple[Any, ...]] | None = None,
    observed: str = "2026-11-28T08:00:00+00:00",
) -> PublishedDataset:
    """`published/<id>/` of a realtime dataset (Parquet with a UTC timestamp, CSV, manifest)."""
    from datetime import datetime

    parks = CAR_PARKS if parks is None else parks
    when = datetime.fromisoformat(observed)
    table = pa.table({
        "id": [p[0] for p in parks], "name": [p[1] for p in parks],
        "commune": ["Montpellier"] * len(parks),
        "capacity": pa.array([p[4] for p in parks], pa.int32()),
        "available": pa.array([p[5] for p in parks], pa.int32()),
        "occupancy_rate": [round(1 - p[5] / p[4], 4) for p in parks],
        "status": [p[6] for p in parks],
        "observed_at": pa.array([when] * len(parks), pa.timestamp("us", tz="UTC")),
        "longitude": [p[2] for p in parks], "latitude": [p[3] for p in parks],
    })  # fmt: skip
    folder = home / "published" / dataset
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / f"{dataset}.parquet", compression="zstd")
    table.to_pandas().to_csv(folder / f"{dataset}.csv", index=False)
    files = {
        kind: {"path": f"{dataset}.{kind}", "sha256": _sha(folder / f"{dataset}.{kind}"),
               "bytes": (folder / f"{dataset}.{kind}").stat().st_size}
        for kind in ("parquet", "csv")
    }  # fmt: skip
    types = {"capacity": "INTEGER", "available": "INTEGER", "occupancy_rate": "DOUBLE",
             "observed_at": "TIMESTAMP WITH TIME ZONE", "longitude": "DOUBLE",
             "latitude": "DOUBLE"}  # fmt: skip
    manifest = {
        "dataset": dataset, "rows": len(parks), "partition": "2026-11-28", "files": files,
        "columns": [{"name": n, "type": types.get(n, "VARCHAR")} for n in table.column_names],
        "licence": "odbl-1.0", "published_at": observed,
        "geo": {"longitude": "longitude", "latitude": "latitude", "features": len(parks)},
    }  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return PublishedDataset.load(folder)


def realtime_entry(dataset: str = "parkings-temps-reel", **overrides: Any) -> DatasetEntry:
    """A `frequency: continuous` entry pushed to Hérault Data's realtime source `realtime`."""
    data = entry_data(
        dataset, title="Disponibilité des parkings en temps réel", licence="odbl-1.0",
        themes=["TRAN"], keywords=["stationnement"], frequency="continuous", temporal=None,
        portals={"herault_data": {"dataset_id": "disponibilite-parkings-3m",
                                  "realtime_resource": "realtime"}},
        columns={"available": {"label": "Places libres", "unit": "places"},
                 "name": {"label": "Nom du parking"}},
    )  # fmt: skip
    data.update(overrides)
    return DatasetEntry.model_validate(data)


def entry_data(dataset: str = "subventions-associations", **overrides: Any) -> dict[str, Any]:
    """A catalogue entry as YAML would hold it."""
    data: dict[str, Any] = {
        "id": dataset,
        "title": "Subventions attribuées aux associations",
        "description": "Montants des subventions versées par la Métropole aux associations.",
        "publisher": "Montpellier Méditerranée Métropole",
        "steward": {"name": "Service Vie associative", "email": "vie-associative@example.org"},
        "licence": "etalab-2.0",
        "themes": ["Économie"],
        "keywords": ["subventions", "associations"],
        "frequency": "annual",
        "source": {"kind": "csv", "url": "file://samples/subventions.csv"},
        "personal_data": "none",
        "spatial": "https://id.insee.fr/geo/intercommunalite/243400017",
        "temporal": "2021-01-01/2021-12-31",
        "portals": {
            "montpellier": {"name": dataset, "organization": "montpellier-3m"},
            "herault_data": {"dataset_id": f"{dataset}-3m"},
        },
    }
    data.update(overrides)
    return data


def make_entry(dataset: str = "subventions-associations", **overrides: Any) -> DatasetEntry:
    return DatasetEntry.model_validate(entry_data(dataset, **overrides))


@pytest.fixture
def published(opendata_home: Path) -> PublishedDataset:
    return PublishedDataset.load(write_published(opendata_home))


@pytest.fixture
def entry() -> DatasetEntry:
    return make_entry()


class SleepRecorder:
    """Records backoff waits instead of sleeping (no timing in tests)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def policy(sleeps: SleepRecorder) -> RetryPolicy:
    return RetryPolicy(attempts=3, backoff_s=0.01, read_timeout_s=5, sleep=sleeps)


def _serve(factory: Callable[[], Any]) -> Iterator[Any]:
    fake = factory()
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def fake_ckan() -> Iterator[FakeCkan]:
    yield from _serve(FakeCkan)


@pytest.fixture
def fake_dkan() -> Iterator[FakeDkan7]:
    yield from _serve(FakeDkan7)


@pytest.fixture
def fake_ods() -> Iterator[FakeOds]:
    yield from _serve(FakeOds)


def cli(argv: list[str]) -> int:
    """`opendata-pipeline publish …` as the command line runs it (exit code)."""
    from opendata_pipeline.cli import publish as commands

    parser = argparse.ArgumentParser(prog="opendata-pipeline")
    commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def write_catalog(folder: Path, *entries: DatasetEntry | dict[str, Any]) -> Path:
    """A catalogue folder (one YAML file per entry) for `OPENDATA_CATALOG_DIR`."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        data = (
            entry.model_dump(mode="json", by_alias=True, exclude_none=True)
            if isinstance(entry, DatasetEntry)
            else entry
        )
        text = yaml.safe_dump(data, allow_unicode=True)
        (folder / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_catalog(tmp_path / "catalog", entry_data())
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    return folder
