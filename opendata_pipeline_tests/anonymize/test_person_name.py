"""Person names: shapes recognised without the first-name lexicon, legal persons kept."""

from __future__ import annotations

import pytest

from opendata_pipeline.anonymize.detectors.person_name import find_names
from opendata_pipeline.anonymize.detectors.person_name.lexicon import is_first_name
from opendata_pipeline.anonymize.detectors.person_name.persons import is_natural_person


def _names(text: str) -> list[str]:
    return [text[a:b] for a, b in find_names(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Relance envoyée. Nyokabi Le Bihan rappellera demain", "Nyokabi Le Bihan"),
        ("Ferreira Wanjiru est passée au guichet", "Ferreira Wanjiru"),
        ("Wanjiru Ben Saïd (neveu) 06 12 34 56 78", "Wanjiru Ben Saïd"),
        ("Relance envoyée. wanjiru dos santos est passé(e)", "wanjiru dos santos"),
        ("Son voisin, nyokabi le goff, fait du bruit", "nyokabi le goff"),
    ],
)
def test_names_without_the_lexicon(text: str, name: str) -> None:
    assert not is_first_name(name.split()[0].capitalize())
    assert _names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Le Comité de Quartier Figuerolles demande une salle",
        "Réunion avec comité directeur le 12/03/2021",
        "Rdv pris avec Orange Business Services",
        "Subvention pour Graines de Soleil",
    ],
)
def test_organisations_are_kept(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize("value", ["MUC Vacances", "PASSERELLES-INSERTION", "Benjamins Média"])
def test_legal_persons_in_a_name_column(value: str) -> None:
    assert not is_natural_person(value, name_column=True)


def test_common_words_are_no_first_names() -> None:
    assert not any(map(is_first_name, ["Happy", "Alter", "Média"]))
    assert is_natural_person("Soizic Tourreil", name_column=True)
