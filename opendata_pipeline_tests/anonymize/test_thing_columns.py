"""Columns whose header names a thing (« Véhicule », « Variété ») hold things named like persons,
not persons; headers naming persons still fail closed. Through the command a steward runs, with
invented names."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows

_HOLDERS = [
    "Ophélie Garnaud",
    "VASSEUR Gaspard",
    "Mme Lucie Ferrandiz",
    "Tanguy Roubaud",
    "Maëlys Castagnol",
    "Jordi Lebrec",
]
_MODELS = ["Nissan Micra", "Kia Picanto", "Mazda Premacy", "Seat Leon", "Ford Fiesta"]
_VARIETIES = ["Pierre de Ronsard", "Reine Claude", "Louise Bonne", "Marie Louise"]


def test_models_and_varieties_named_like_persons_stay(tmp_path: Path, opendata_home: Path) -> None:
    """« Nissan Micra », « Pierre de Ronsard » under « Véhicule », « Variété » are kept; the
    holders' names go, and so do the same kind of cells under « Propriétaire du véhicule »."""
    header = ["N° vignette", "Titulaire", "Véhicule", "Variété", "Propriétaire du véhicule"]
    rows = [
        [
            f"VG-{i:04d}",
            f"{_HOLDERS[i % len(_HOLDERS)]} {i}",
            _MODELS[i % len(_MODELS)],
            _VARIETIES[i % len(_VARIETIES)],
            _MODELS[i % len(_MODELS)],
        ]
        for i in range(60)
    ]
    after = anonymize_rows(tmp_path, header, rows)
    assert [r["Véhicule"] for r in after] == [row[2] for row in rows]
    assert [r["Variété"] for r in after] == [row[3] for row in rows]
    assert not any(h.split()[-1] in r["Titulaire"] for r in after for h in _HOLDERS)
    assert not any(m in r["Propriétaire du véhicule"] for r in after for m in _MODELS)


def test_a_person_named_in_a_thing_column_goes(tmp_path: Path, opendata_home: Path) -> None:
    """One cell naming a person among other words (« prêtée par Mme X ») is enough: the names
    of the column go, as in short texts."""
    rows = [[f"VG-{i:04d}", _MODELS[i % len(_MODELS)]] for i in range(60)]
    rows[17][1] = "Kia Picanto prêtée par Mme Ophélie Garnaud"
    after = anonymize_rows(tmp_path, ["N° vignette", "Véhicule"], rows)
    assert not any("Garnaud" in r["Véhicule"] for r in after)
