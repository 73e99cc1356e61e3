"""Columns listing persons (« Habitants présents », « Défunts inhumés »): every cell goes,
the names the finder misses in it (lower case, bare) as much as the others; lists of
organisations or of short phrases stay. Through the command line, invented names."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv

PRESENT = [
    "Madame Chaptal-Roux, BESSIÈRE Bogdana",
    "sakura boudjemaa, M. Lamouroux, Me Lafargue",
    "Mme BEN YOUSSEF, cosette salvetat",
    "Léocadie Vasconcelos, eudoxe thérond, Monsieur Adjovi",
    "brahim rouanet",
    "Oriane Maalouf, Mr Touzani",
]
BURIED = [
    "Jean-Baptiste Ndiaye-Faye (1900-2024)",
    "MARTY-RAMEL Hanae (1939-1982) ; Kenza Palazuelos (1923-1996)",
    "Bartolomé Boissonnade (1913-1968)",
    "dariusz kaczmarek (1920-2009)",
]
PARTNERS = [
    "Association Les Amis du Lez, Comité de quartier des Aubes",
    "Mairie de Lattes, SARL Boulangerie Vidalou",
    "Club de bridge, Maison pour tous Léo Lagrange",
]
TOPICS = ["Propreté, voirie et stationnement", "Éclairage public, nids de poule", "Bruit nocturne"]


def test_lists_of_persons_go_whole_lists_of_organisations_stay(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = [
        [PRESENT[i % 6], BURIED[i % 4], PARTNERS[i % 3], TOPICS[i % 3], str(i)] for i in range(40)
    ]
    header = ["Habitants présents", "Défunts inhumés", "Partenaires", "Thèmes", "N°"]
    src = write_csv(tmp_path / "conseils.csv", header, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    result = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    for before, after in zip(rows, result, strict=True):
        assert after["Habitants présents"] == "[NOM]"
        assert after["Défunts inhumés"] == "[NOM]"
        assert after["Partenaires"] == before[2]
        assert after["Thèmes"] == before[3]
