"""Persons written in lower case in messages and phone notes: a caller introducing themselves
after a greeting (« bjr c x y »), a cue in capitals (« RAPPEL DE x y »), a person present or
met through a relative, a sibling announced before a colon; a letter's signatory after « je
soussigné », a relative heading a contact note. Invented names, no corpus value."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli


def _anonymize(tmp_path: Path, header: str, texts: list[str]) -> list[str]:
    """`texts` in one free-text column (25 rows, cycled) through `opendata-pipeline anonymize`."""
    src = tmp_path / "notes.csv"
    with src.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["N°", header])
        writer.writerows([[str(i), texts[i % len(texts)]] for i in range(25)])
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        return [row[header] for row in csv.DictReader(handle)][: len(texts)]


def test_callers_in_lower_case_through_the_cli(tmp_path: Path, opendata_home: Path) -> None:
    texts = [
        ("bjr c gaspard vilanova le tram passe pas!! rappelez moi",
         "bjr c [NOM] le tram passe pas!! rappelez moi"),
        ("Bonjour, ici noémie fabregat, toujours pas de collecte",
         "Bonjour, ici [NOM], toujours pas de collecte"),
        ("slt c'est gaspard da silva, la benne déborde", "slt c'est [NOM], la benne déborde"),
        ("RAPPEL DE noémie fabregat ce jour 9h, à rappeler", "RAPPEL DE [NOM] ce jour 9h, à rappeler"),
        # an unknown first name: the cue and the day after it frame the name
        ("Appel de zorvak tchakamian ce jour 10h, mécontent", "Appel de [NOM] ce jour 10h, mécontent"),
        ("en présence de gaspard vilanova – dossier transmis", "en présence de [NOM] – dossier transmis"),
        ("vu avec son fils gaspard vilanova – dossier clos", "vu avec son fils [NOM] – dossier clos"),
        ("frère/soeur déjà inscrit(e) : zorvak tchakamian", "frère/soeur déjà inscrit(e) : [NOM]"),
        # a letter's signatory in capitals, a relative heading a contact note
        ("Je soussigné ZORVAK TCHAKAMIAN, conteste l'avis", "Je soussigné [NOM], conteste l'avis"),
        ("Voisine, Zorvak Tchakamian", "Voisine, [NOM]"),
        # no name after the cue
        ("bjr c pour signaler un dépôt rue de la Gare", "bjr c pour signaler un dépôt rue de la Gare"),
        ("Bonjour c'est la voisine du dessus", "Bonjour c'est la voisine du dessus"),
        ("vu avec son fils pour le dossier", "vu avec son fils pour le dossier"),
        ("RAPPEL DE LA PROCÉDURE : voir le service", "RAPPEL DE LA PROCÉDURE : voir le service"),
        ("Voisine, pas de contact", "Voisine, pas de contact"),
        ("Je soussigné, directeur de l'école, atteste", "Je soussigné, directeur de l'école, atteste"),
    ]  # fmt: skip
    assert _anonymize(tmp_path, "Note d'entretien", [t for t, _ in texts]) == [m for _, m in texts]
