"""Small files whose name column repeats a few names under a header naming persons: every name
goes, first names the lexicon lacks included. Through the command a steward runs, with invented
names."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv


def test_a_few_names_repeated_under_a_person_header_go(tmp_path: Path, opendata_home: Path) -> None:
    """« Représentant légal » or « Tuteur » repeating two to four names, first names the lexicon
    knows or not (« Oanh Tourreil »), in 5 to 30 rows: none is kept (fail closed)."""
    pools = [
        ["Oanh Tourreil", "Wanjiru Kerboul"],
        ["Oanh Tourreil", "Wanjiru Kerboul", "Sakura Issert", "Nyokabi Rigaud"],
        ["Julien Marchal", "Oanh Tourreil", "Wanjiru Kerboul"],
    ]
    for header in ("Représentant légal", "Tuteur"):
        for rows in (5, 12, 30):
            for pool in pools:
                table = [[f"D-{i:03d}", pool[i % len(pool)], f"{120 + i} €"] for i in range(rows)]
                src = write_csv(tmp_path / "dossiers.csv", ["N° dossier", header, "Montant"], table)
                out = tmp_path / "out.csv"
                assert run_cli("anonymize", str(src), "--output", str(out)) == 0
                after = {r[header] for r in csv.DictReader(out.open(encoding="utf-8"))}
                assert not after & set(pool), (header, rows, len(pool))
