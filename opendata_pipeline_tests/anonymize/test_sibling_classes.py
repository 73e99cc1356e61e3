"""A sibling's first name followed by a school class in brackets (« Fratrie : X (CM1) ») is a
child's, even a first name that is also a common word. Through the command a steward runs."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows


def test_a_siblings_first_name_before_a_class_goes(tmp_path: Path, opendata_home: Path) -> None:
    """« Fratrie : Marin (CE2) et Olive (GS) » loses both names; the classes and a class named
    without a child (« Fratrie : classe (CM1) ») stay."""
    notes = [
        ("Fratrie : Marin (CE2) et Olive (GS) inscrits également.", ["Marin", "Olive"], ["(CE2)"]),
        ("Sœur déjà inscrite : Prince (MS).", ["Prince"], ["(MS)"]),
        ("Fratrie : Olive (CM1) inscrite également.", ["Olive"], ["(CM1)"]),
        ("Fratrie : classe (CM1) à confirmer.", [], ["classe (CM1)"]),
        ("Transport le mercredi uniquement, arrêt Gare Saint-Roch.", [], ["Gare Saint-Roch"]),
    ]
    rows = [[f"INS-{i:03d}", notes[i % len(notes)][0]] for i in range(40)]
    out = anonymize_rows(tmp_path, ["N° inscription", "Observations"], rows, "inscriptions.csv")
    after = [r["Observations"] for r in out]
    for i, text in enumerate(after):
        _, gone, kept = notes[i % len(notes)]
        assert not any(g in text for g in gone), text
        assert all(k in text for k in kept), text
