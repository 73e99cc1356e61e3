"""Auto mode on the real Montpellier files (values are never printed: counts only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from opendata_pipeline.anonymize.engine import anonymize_parquet
from opendata_pipeline.anonymize.scan import find_direct_identifiers, scan_parquet
from opendata_pipeline.ingest.csv_reader import csv_to_parquet

Convert = Callable[[Path], tuple[Path, Path]]


@pytest.fixture
def convert(tmp_path: Path, opendata_home: Path) -> Convert:
    """CSV -> typed Parquet with the pipeline's reader; returns (input, output path)."""

    def _convert(src: Path) -> tuple[Path, Path]:
        parquet = tmp_path / f"{src.stem}.parquet"
        csv_to_parquet(src, parquet)
        return parquet, tmp_path / f"{src.stem}.anon.parquet"

    return _convert


def _unchanged(src: Path, out: Path, column: str) -> float:
    before = pq.read_table(src).column(column).to_pylist()
    after = pq.read_table(out).column(column).to_pylist()
    return sum(a == b for a, b in zip(before, after, strict=True)) / len(before)


def test_association_directory(realdata: Path, convert: Convert) -> None:
    src, out = convert(realdata / "personal-data" / "VilleMTP_MTP_ListeAssoc_2011.csv")
    found = find_direct_identifiers(src)
    assert found["Mail_Asso"]["email"] > 1800 and found["Tel_Asso"]["phone"] > 1800
    scan = scan_parquet(src)
    assert scan.subject == "NomAsso"
    assert {"Mail_Asso", "Tel_Asso"} <= set(scan.subject_columns)
    report = anonymize_parquet(src, out, None)
    assert report.rows_out == report.rows_in == 2452
    assert {c.column: c.kind for c in report.columns}["NomAsso"] == "mixed_persons"
    # Row linkage: an association's contact details stay, a natural person's go with the name.
    before, after = pq.read_table(src).to_pydict(), pq.read_table(out).to_pydict()
    persons = [i for i, name in enumerate(after["NomAsso"]) if name == "Personne physique"]
    assert 0 < len(persons) < 0.01 * len(after["NomAsso"])
    for i in persons:
        assert after["Mail_Asso"][i] in (None, "", "[EMAIL]")
        assert after["Tel_Asso"][i] in (None, "", "[TEL]")
        assert after["Adresse"][i] in (None, "", "[ADRESSE]")
    kept = [i for i in range(len(before["NomAsso"])) if i not in set(persons)]
    for column in ("Mail_Asso", "Tel_Asso", "Adresse"):
        assert all(after[column][i] == before[column][i] for i in kept), column
    assert _unchanged(src, out, "NomAsso") > 0.99  # legal persons survive
    assert _unchanged(src, out, "Code_Postal") == 1.0


def test_deliberations(realdata: Path, convert: Convert) -> None:
    src, out = convert(realdata / "tabular" / "VilleMTP_MTP_Delibs.csv")
    report = anonymize_parquet(src, out, None)
    actions = {c.column: c.action for c in report.columns}
    assert actions["Elu(s)"] == "redact"
    assert actions["Titre"] == "mask_text"
    assert _unchanged(src, out, "Titre") > 0.95
    titles = pq.read_table(out).column("Titre").to_pylist()
    assert any("Madame [NOM]" in t for t in titles if t)


def test_defibrillators_keep_places(realdata: Path, convert: Convert) -> None:
    src, out = convert(realdata / "tabular" / "VilleMTP_MTP_Defibrillateurs.csv")
    report = anonymize_parquet(src, out, None)
    assert _unchanged(src, out, "Nom") == 1.0
    assert _unchanged(src, out, "Adresse") == 1.0
    assert {c.column: c.action for c in report.columns}["Tel"] == "redact"


def test_elected_officials_birth_dates(realdata: Path, convert: Convert) -> None:
    src, out = convert(realdata / "personal-data" / "rne_conseillers_departementaux_herault.csv")
    kinds = {c.column: c.kind for c in scan_parquet(src).columns}
    assert kinds["Date de naissance"] == "birth_date"
    assert kinds["Nom de l'élu"] == kinds["Prénom de l'élu"] == "person_name"
    anonymize_parquet(src, out, None)
    years = pq.read_table(out).column("Date de naissance").to_pylist()
    assert all(len(y) == 4 for y in years)
    assert _unchanged(src, out, "Libellé du canton") == 1.0


@pytest.mark.parametrize(
    "relative",
    ["tabular/MMM_MMM_GeolocCompteurs.csv", "tabular/laposte_hexasmal_herault.csv"],
)
def test_reference_tables_keep_every_cell(realdata: Path, convert: Convert, relative: str) -> None:
    # Counters named after streets ("Compteur Vélo <person>"), longitudes whose decimals read
    # like a phone number ("4.0210678464"): no personal data, nothing to mask.
    src, out = convert(realdata / relative)
    anonymize_parquet(src, out, None)
    assert pq.read_table(out).equals(pq.read_table(src))


def test_traffic_counts_keep_station_codes_and_streets(realdata: Path, convert: Convert) -> None:
    # "1940TR38", "819TR971": plate-shaped, but every one shares its letters (a code scheme);
    # "Carrefour <person>", "Viaduc <person>": streets (19 cells masked before, 5 now).
    src, out = convert(realdata / "tabular" / "VilleMTP_MTP_Comptage.csv")
    anonymize_parquet(src, out, None)
    assert _unchanged(src, out, "IDENT") == 1.0
    assert _unchanged(src, out, "NOM") > 0.998  # a misspelt "Avnue <person>" stays masked
