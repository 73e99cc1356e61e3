"""`catalog/inventory`: the répertoire of published datasets, one Parquet file per publisher."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from opendata_pipeline.publish.inventory import inventory_dir, write_inventory
from opendata_pipeline.storage.paths import published_dir
from opendata_pipeline_tests.publish.conftest import make_entry, write_published


def test_one_file_per_publisher_without_the_readers(opendata_home: Path) -> None:
    metropole = make_entry(themes=["ECON"], keywords=["subventions", "associations"])
    ville = make_entry("budget", publisher="Ville de Montpellier", temporal="2014",
                       issued="2014-05-26", portals={})  # fmt: skip
    reader = make_entry(
        "catalogue",
        publisher="Ville de Montpellier",
        source={"kind": "parquet", "url": "file://x.parquet", "upstream": ["catalog/inventory"]},
    )
    never = make_entry("jamais-publie", publisher="Ville de Montpellier")
    for dataset in ("subventions-associations", "budget", "catalogue"):
        write_published(opendata_home, dataset)
    stale = inventory_dir() / "ancien-editeur.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    entries = [metropole, ville, reader, never]
    counts = write_inventory(entries, {e.id: published_dir(e.id) for e in entries})
    assert counts == {"montpellier-mediterranee-metropole.parquet": 1,
                      "ville-de-montpellier.parquet": 1}  # fmt: skip
    assert not stale.exists()
    [row] = pq.read_table(
        inventory_dir() / "montpellier-mediterranee-metropole.parquet"
    ).to_pylist()
    assert row["identifiant"] == "subventions-associations" and row["theme"] == "ECON"
    assert (str(row["debut"]), str(row["fin"])) == ("2021-01-01", "2021-12-31")
    assert row["mots_cles"] == "subventions;associations" and row["ressources"] == 2
    assert row["formats"] == "csv;parquet" and row["frequence"] == "annual"
    assert str(row["mise_a_jour"]) == "2026-11-28"
    assert row["page"] == "https://data.montpellier3m.fr/dataset/subventions-associations"
    [budget] = pq.read_table(inventory_dir() / "ville-de-montpellier.parquet").to_pylist()
    # a year is not a date the SCDL catalogue can hold: left empty (the schema check says so)
    assert budget["debut"] is None and budget["page"] is None
