"""A social-security number mistyped (13 to 15 digits, however spaced) later in the clause its
label opens goes; other long numbers stay. Through the command a steward runs, invented numbers."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows


def test_a_mistyped_nir_after_its_label_goes(tmp_path: Path, opendata_home: Path) -> None:
    """« sécurité sociale de l'enfant (mutuelle) : » then 14 digits, compact or oddly spaced,
    is a NIR; a SIRET after a sentence end or a code, a meter after « ; » are not."""
    notes = [
        ("N° de sécurité sociale de l'enfant (mutuelle) : 27104341720051.", "27104341720051", ""),
        ("Sécu de l'élève pour l'assurance : 1 71 04 34 172 00 51 (à vérifier)", "172 00 51", ""),
        ("NIR transmis. SIRET du club 21340172201787", "", "21340172201787"),
        ("Code INSEE 34172, SIRET 21340172201787", "", "21340172201787"),
        ("NIR vérifié ; compteur n° 2710434172005", "", "2710434172005"),
    ]
    rows = [[f"DOS-{i:03d}", notes[i % len(notes)][0]] for i in range(40)]
    out = anonymize_rows(tmp_path, ["Référence", "Observations"], rows, "dossiers.csv")
    after = [r["Observations"] for r in out]
    for i, text in enumerate(after):
        _, gone, kept = notes[i % len(notes)]
        assert not gone or gone not in text, text
        assert kept in text, text
