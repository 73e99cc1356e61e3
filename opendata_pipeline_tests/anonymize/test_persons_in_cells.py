"""Persons inside cells written for something else: a name glued to the placeholder before it
(two cells joined without a blank). Through the command line, invented names."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv


def test_a_name_glued_to_the_word_before_it_goes(tmp_path: Path, opendata_home: Path) -> None:
    rows = [
        ("néantGaspard Vilanova (neveu)", "néant[NOM] (neveu)"),
        ("néantG. Fabregat (épouse)\nMme Noémie Orsini (fille)",
         "néant[NOM] (épouse)\nMme [NOM] (fille)"),
        ("aucunORSINI Gaspard (fils), Mme Roux (fille)", "aucun[NOM] (fils), Mme [NOM] (fille)"),
        ("Noémie Vilanova (fille)", "[NOM] (fille)"),
        ("néant", "néant"),
    ]  # fmt: skip
    notes = ["Concession trentenaire", "Présentation sous PowerPoint Jeudi"]
    src = write_csv(
        tmp_path / "concessions.csv",
        ["N°", "Ayants droit", "Observations"],
        [[str(i), rows[i % len(rows)][0], notes[i % 2]] for i in range(25)],
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        result = list(csv.DictReader(handle))
    assert [r["Ayants droit"] for r in result] == [rows[i % len(rows)][1] for i in range(25)]
    # a brand written in camel case stays
    assert [r["Observations"] for r in result] == [notes[i % 2] for i in range(25)]
