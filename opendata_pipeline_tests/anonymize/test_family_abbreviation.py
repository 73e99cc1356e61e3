"""« fam. X », the abbreviation of « famille » before a surname, names a household of persons,
in a cell alone or in prose; an organisation beside it stays, and so does a club whose name
opens with « Fam » without the dot. Through the command line, with invented rows."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows

SURNAMES = ["Escudier", "Berthoumieu", "Lagarrigue", "Vidalenc", "Roucairol", "Alric"]


def test_an_abbreviated_family_word_before_a_surname_names_persons(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = [
        [
            f"fam. {SURNAMES[i % 6]}"
            if i % 2
            else ("Association Lou Clapas", "Fam Garrigue")[i % 4 // 2],
            f"Gêne signalée, voisin concerné : fam. {SURNAMES[(i + 1) % 6]}, au {i % 5 + 1}e étage.",
        ]
        for i in range(36)
    ]
    after = anonymize_rows(tmp_path, ["Requérant", "Exposé des faits"], rows)
    for i, ((who, _), out) in enumerate(zip(rows, after, strict=True)):
        assert SURNAMES[(i + 1) % 6] not in out["Exposé des faits"], out
        if i % 2:
            assert SURNAMES[i % 6] not in out["Requérant"], out
        else:
            assert out["Requérant"] == who
