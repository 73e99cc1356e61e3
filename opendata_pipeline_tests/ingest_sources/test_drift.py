"""Schema drift between snapshots, including a real one: the car-park XML read with and
without declared types, and the parking feed gaining an attribute."""

from __future__ import annotations

import json
from pathlib import Path

from opendata_pipeline.ingest import ngsi, xml_reader
from opendata_pipeline.ingest.drift import schema_drift
from opendata_pipeline.ingest.kinds import make_source

BEFORE = [("id", "VARCHAR"), ("nom", "VARCHAR"), ("places", "BIGINT"), ("ouvert", "BOOLEAN")]


def test_first_snapshot_and_no_change() -> None:
    first = schema_drift(None, BEFORE)
    assert first.first_snapshot and not first.has_changes
    assert "Premier instantané" in first.to_markdown()
    same = schema_drift(BEFORE, list(BEFORE))
    assert not same.has_changes and same.to_markdown() == (
        "Schéma inchangé depuis l'instantané précédent."
    )


def test_added_removed_renamed_retyped() -> None:
    after = [("id", "VARCHAR"), ("name", "VARCHAR"), ("places", "DOUBLE"), ("maj", "TIMESTAMP")]
    report = schema_drift(BEFORE, after)
    assert report.renamed == [("nom", "name", "VARCHAR")]
    assert report.retyped == [("places", "BIGINT", "DOUBLE")]
    assert report.added == [("maj", "TIMESTAMP")]  # same position as ouvert, other type
    assert report.removed == [("ouvert", "BOOLEAN")]
    assert report.has_changes
    markdown = report.to_markdown()
    assert "| renommée | `nom` → `name` | VARCHAR | VARCHAR |" in markdown
    assert "| type modifié | `places` | BIGINT | DOUBLE |" in markdown
    assert "| ajoutée | `maj` | | TIMESTAMP |" in markdown
    assert "| supprimée | `ouvert` | BOOLEAN | |" in markdown
    assert report.to_dict()["has_changes"] is True
    assert report.to_dict()["renamed"] == [("nom", "name", "VARCHAR")]


def test_real_snapshots(realdata: Path, tmp_path: Path) -> None:
    path = realdata / "parking/FR_MTP_ANTI_2020-07-10.xml"
    untyped = xml_reader.to_parquet(
        [path], tmp_path / "a.parquet", make_source(kind="xml", url="x"), "p"
    )
    typed = xml_reader.to_parquet(
        [path], tmp_path / "b.parquet",
        make_source(kind="xml", url="x", fields={"Free": "integer", "Total": "integer"},
               options={}),
        "p",
    )  # fmt: skip
    # with fields, only the declared columns are kept: three removed, two retyped
    report = schema_drift(untyped.columns, typed.columns)
    assert report.retyped == [("Free", "VARCHAR", "BIGINT"), ("Total", "VARCHAR", "BIGINT")]
    assert [n for n, _ in report.removed] == ["DateTime", "Name", "Status"]

    entities = json.loads((realdata / "parking/offstreetparking_2025-02-27.json").read_bytes())
    for entity in entities:
        entity["occupancy"] = {"type": "Number", "value": 0.5, "metadata": {}}
    later = tmp_path / "later.json"
    later.write_text(json.dumps(entities))
    source = make_source(kind="ngsi", url="x")
    old = ngsi.to_parquet([realdata / "parking/offstreetparking_2025-02-27.json"],
                          tmp_path / "o.parquet", source, "p")  # fmt: skip
    new = ngsi.to_parquet([later], tmp_path / "n.parquet", source, "p")
    assert schema_drift(old.columns, new.columns).added == [("occupancy", "DOUBLE")]
