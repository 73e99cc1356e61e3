"""A home named without a street number (« demeurant Domaine des Pins, 34170 … ») in a
letter: the name goes, the commune stays. Through the command line, invented places."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv


def test_a_named_home_after_demeurant_goes(tmp_path: Path, opendata_home: Path) -> None:
    letters = [
        ("Je soussignée X, demeurant Domaine des Pins, 34170 Castelnau-le-Lez, conteste la facture",
         "Je soussignée X, demeurant [ADRESSE], 34170 Castelnau-le-Lez, conteste la facture"),
        ("Je, Y, domiciliée Villa Les Lauriers fleurie, 34000 Montpellier, conteste l'avis",
         "Je, Y, domiciliée [ADRESSE], 34000 Montpellier, conteste l'avis"),
        ("Je, Z, demeurant Les Hauts de Jacou, 34830 Jacou, conteste le refus",
         "Je, Z, demeurant [ADRESSE], 34830 Jacou, conteste le refus"),
        # a commune after « à » is no home's name
        ("Je, W, demeurant à Lattes depuis 2019, 34970 Lattes, conteste",
         "Je, W, demeurant à Lattes depuis 2019, 34970 Lattes, conteste"),
    ]  # fmt: skip
    src = write_csv(
        tmp_path / "reclamations.csv",
        ["N°", "Message du requérant"],
        [[str(i), letters[i % len(letters)][0]] for i in range(24)],
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        result = [r["Message du requérant"] for r in csv.DictReader(handle)]
    assert result == [letters[i % len(letters)][1] for i in range(24)]
