"""The published GeoJSON: one feature per row with coordinates, in file order, every other column
as a property; JSON whatever the text holds; hashed as written (`opendata-pipeline run`)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import duckdb
import pytest

from opendata_pipeline.cli.run import run_pipeline

ENTRY = """\
id: {id}
title: Jeu {id}
description: Des points avec du texte difficile, lus depuis un fichier local.
steward: {{name: Service test, email: test@example.org}}
licence: etalab-2.0
source: {{kind: csv, url: "file://{path}"}}
publication_basis: L312-1-1-3
record_subject: asset
issued: 2014-05-26
secrets_review: {{by: Service juridique, date: 2026-11-02}}
anonymisation_review: {{by: DPO, date: 2026-11-02}}
personal_data:
  not_personal: {{nom: nom d'un lieu}}
  default: keep
{geo}"""

# Quotes, the delimiter, commas, a line break, a backslash, a tab, accents, an emoji, an empty
# text and a row without coordinates.
ROWS = (
    "nom;note;longitude;latitude\n"
    '"Place de la ""Comédie""";"a, b; c";3.8797;43.6083\n'
    '"Deux\nlignes";\\chemin\\ \ttab;3.88;43.61\n'
    "Œuvre 🎨;;3.9;43.62\n"
    "sans point;rien;;\n"
)


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (tmp_path / "points.csv").write_text(ROWS, encoding="utf-8")
    (tmp_path / "vides.csv").write_text("nom;x;y\nun;;\ndeux;;\n", encoding="utf-8")
    entries = {
        "points": ("points.csv", ""),
        "vides": ("vides.csv", "geo: {longitude: x, latitude: y}\n"),  # named, never filled
    }
    for dataset, (name, geo) in entries.items():
        text = ENTRY.format(id=dataset, path=tmp_path / name, geo=geo)
        (folder / f"{dataset}.yaml").write_text(text, "utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return folder


def test_features_hold_every_row_with_coordinates(catalog: Path, opendata_home: Path) -> None:
    out = io.StringIO()
    assert run_pipeline(datasets=["points", "vides"], partition="2026-11-28", out=out) == 0, (
        out.getvalue()
    )
    release = opendata_home / "published" / "points"
    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    data = (release / "points.geojson").read_bytes()
    assert hashlib.sha256(data).hexdigest() == manifest["files"]["geojson"]["sha256"]
    geo = json.loads(data)
    assert geo["type"] == "FeatureCollection" and manifest["geo"]["features"] == 3
    rows = duckdb.execute(
        f"SELECT nom, note, longitude, latitude FROM read_parquet('{release / 'points.parquet'}') "
        "WHERE longitude IS NOT NULL"
    ).fetchall()
    assert [
        (f["properties"]["nom"], f["properties"]["note"], *f["geometry"]["coordinates"])
        for f in geo["features"]
    ] == rows
    assert rows[0][0] == 'Place de la "Comédie"'
    assert rows[1][:2] == ("Deux\nlignes", "\\chemin\\ \ttab")
    assert [f["type"] for f in geo["features"]] == ["Feature"] * 3
    assert {f["geometry"]["type"] for f in geo["features"]} == {"Point"}
    empty = opendata_home / "published" / "vides"
    assert json.loads((empty / "vides.geojson").read_text("utf-8")) == {
        "type": "FeatureCollection",
        "features": [],
    }
    assert json.loads((empty / "manifest.json").read_text("utf-8"))["geo"]["features"] == 0
    # a release is served: its folder is made like any other (umask), not private like a temp dir
    (opendata_home / "published" / "plain").mkdir()
    mode = (opendata_home / "published" / "plain").stat().st_mode & 0o777
    assert {path.stat().st_mode & 0o777 for path in (release, empty)} == {mode}
