"""Rows whose subject the name column leaves undecided, and persons named in short notes: a
family in brackets. Invented names and contact details, no corpus value."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows


def test_a_family_in_brackets_is_masked(tmp_path: Path) -> None:
    notes = [
        "Haie mitoyenne à tailler (famille Ng).",
        "Clôture abîmée (Famille Le Bihan), devis demandé.",
        "Arrosage partagé «famille Quérel» depuis mai.",
    ]
    rows = [[f"J-{i}", note] for i, note in enumerate(notes)]
    out = anonymize_rows(tmp_path, ["Lot", "Remarques"], rows)
    masked = " ".join(r["Remarques"] for r in out)
    for surname in ("Ng", "Le Bihan", "Quérel"):
        assert surname not in masked
    assert "Haie mitoyenne à tailler" in masked
