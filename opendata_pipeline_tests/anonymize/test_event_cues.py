"""A person's name after an event that befell them (« Accident d'X Y »), elided or not, first
names the lexicon knows or not. Through the command a steward runs, with invented names."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows


def test_the_name_after_an_accident_goes(tmp_path: Path, opendata_home: Path) -> None:
    """« Accident d'Antoine Castagnol », « Accident de Wanjiru Kerboul » lose the name; « Accident
    de la route », a place after the cue stay."""
    notes = [
        ("Accident d'Antoine Castagnol à l'entraînement du 12/03/2023.", "Castagnol", ""),
        ("Accident d'Oanh Tourreil au stade ; prise en charge par l'assurance.", "Tourreil", ""),
        ("Accident de Wanjiru Kerboul au gymnase, déclaré le 04/05/2024.", "Kerboul", ""),
        ("Accident de la route avenue de Toulouse, aucun blessé.", "", "avenue de Toulouse"),
        ("Accident de Saint-Jean-de-Védas signalé par la police.", "", "Saint-Jean-de-Védas"),
    ]
    rows = [[f"SUB-{i:03d}", notes[i % len(notes)][0]] for i in range(40)]
    out = anonymize_rows(tmp_path, ["Référence", "Objet / observations"], rows, "subventions.csv")
    after = [r["Objet / observations"] for r in out]
    for i, text in enumerate(after):
        _, gone, kept = notes[i % len(notes)]
        assert not gone or gone not in text, text
        assert kept in text, text
