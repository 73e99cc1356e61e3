"""Bad input: one clear error per problem (dataset, file, row/field), the others still materialize,
nothing partial in `published/`, and a failed dataset keeps its previous release."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from opendata_pipeline.catalog.loader import load_catalog
from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline.pipeline import stages

ENTRY = """\
id: {id}
title: Jeu {id}
description: Un jeu de données de test lu depuis un fichier local.
steward: {{name: Service test, email: test@example.org}}
licence: etalab-2.0
source: {{kind: csv, url: "file://{path}"{extra}}}
publication_basis: L312-1-1-3
record_subject: asset
issued: 2014-05-26
secrets_review: {{by: Service juridique, date: 2026-11-02}}
anonymisation_review: {{by: DPO, date: 2026-11-02}}
personal_data:
  not_personal: {{NOM: nom du parking}}
  default: keep
"""


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, realdata: Path) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(realdata / "parking/VilleMTP_MTP_ParkingOuv.csv", data / "parkings.csv")
    (data / "ragged.csv").write_text("a;b;c\n1;2;3\nx;y\n", encoding="utf-8")
    shutil.copy(realdata / "tabular/VilleMTP_MTP_BudgetPri_2014.csv", data / "budget.csv")
    entries = {
        "bon": (data / "parkings.csv", ""),
        "absent": (data / "absent.csv", ""),
        "decalee": (data / "ragged.csv", ""),
        "mal-encodee": (data / "budget.csv", ", encoding: utf-8"),
    }
    for dataset, (path, extra) in entries.items():
        (folder / f"{dataset}.yaml").write_text(
            ENTRY.format(id=dataset, path=path, extra=extra), "utf-8"
        )
    (folder / "casse.yaml").write_text("id: casse\ntitle: [\n", "utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return data


def test_each_problem_is_named_and_the_rest_is_published(
    catalog: Path, opendata_home: Path
) -> None:
    out = io.StringIO()
    code = run_pipeline(partition="2026-11-28", out=out)
    text = out.getvalue()
    assert code == 1
    assert "catalogue error (entry skipped): casse.yaml: line" in text
    assert "raw/absent: dataset 'absent': local file not found (" in text and "absent.csv)" in text
    assert (
        "clean/decalee: dataset 'decalee', file 'ragged.csv', line 3: ragged row: expected 3 fields, found 2"
        in text
    )
    assert "clean/mal-encodee: dataset 'mal-encodee', file 'budget.csv', line 2" in text
    assert "Traceback" not in text
    published = opendata_home / "published"
    assert sorted(p.name for p in published.iterdir()) == ["bon"]
    assert json.loads((published / "bon/manifest.json").read_text("utf-8"))["rows"] == 22
    # the warehouse is refreshed over what was published despite the failures
    assert (opendata_home / "warehouse.duckdb").is_file()
    # a failed parse never loses the raw bytes
    assert (opendata_home / "raw/decalee/2026-11-28/ragged.csv").read_bytes() == (
        catalog / "ragged.csv"
    ).read_bytes()


def test_failed_dataset_keeps_its_previous_release(catalog: Path, opendata_home: Path) -> None:
    Path(os.environ["OPENDATA_CATALOG_DIR"], "casse.yaml").unlink()
    assert run_pipeline(datasets=["bon"], partition="2026-11-27", out=io.StringIO()) == 0
    release = opendata_home / "published/bon"
    before = {p.name: p.read_bytes() for p in release.iterdir()}
    (catalog / "parkings.csv").write_text("ID,NOM\n1,a,b\n", encoding="utf-8")
    out = io.StringIO()
    assert run_pipeline(datasets=["bon"], partition="2026-11-28", out=out) == 1
    assert "ragged row" in out.getvalue()
    assert {p.name: p.read_bytes() for p in release.iterdir()} == before


def test_unreadable_clean_file_keeps_the_previous_release(
    catalog: Path, opendata_home: Path
) -> None:
    """DuckDB failing in the middle of the published files (a clean file damaged after its
    footer was written) leaves the previous release whole and nothing half-written behind."""
    Path(os.environ["OPENDATA_CATALOG_DIR"], "casse.yaml").unlink()
    assert run_pipeline(datasets=["bon"], partition="2026-11-27", out=io.StringIO()) == 0
    release = opendata_home / "published/bon"
    before = {p.name: p.read_bytes() for p in release.iterdir()}
    clean = opendata_home / "clean/bon/2026-11-27.parquet"
    [pages] = duckdb.execute(
        f"SELECT data_page_offset, total_compressed_size FROM parquet_metadata('{clean}') "
        "ORDER BY total_compressed_size DESC LIMIT 1"
    ).fetchall()
    damaged = bytearray(clean.read_bytes())
    damaged[pages[0] + 8 : pages[0] + pages[1] - 8] = b"\xff" * (pages[1] - 16)
    staged = clean.with_suffix(".damaged")
    staged.write_bytes(bytes(damaged))
    os.replace(staged, clean)  # a new file: the release's hard link keeps the original bytes
    entry = load_catalog()["bon"]
    with pytest.raises(duckdb.Error):
        stages.build_published(entry, "2026-11-27")
    assert {p.name: p.read_bytes() for p in release.iterdir()} == before
    assert [p.name for p in release.parent.iterdir()] == ["bon"]  # no temporary folder or pipe


def test_unknown_dataset_is_refused(catalog: Path, opendata_home: Path) -> None:
    out = io.StringIO()
    assert run_pipeline(datasets=["inconnu"], out=out) == 1
    assert "unknown dataset(s): inconnu" in out.getvalue()
