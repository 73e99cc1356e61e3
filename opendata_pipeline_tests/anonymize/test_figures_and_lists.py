"""Public figures named beside an event, titles and organisations that are no persons, names
listed beside names, kinship before a colon, life spans. Invented names, no corpus value."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from opendata_pipeline.anonymize.detectors.person_name import find_names
from opendata_pipeline.anonymize.detectors.person_name.persons import is_legal_person
from opendata_pipeline_tests.anonymize.cli import run_cli


def _names(text: str) -> list[str]:
    return [text[a:b] for a, b in find_names(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # every item of an enumeration is a name: the unknown or lower-case ones too
        ("Présents : Mme Falguière et Octavien Quintard", ["Falguière", "Octavien Quintard"]),
        (
            "bertille pujade, Dr Falguière, Ermengarde Quintard",
            ["bertille pujade", "Falguière", "Ermengarde Quintard"],
        ),
        # a name written again the other way round
        (
            "Je soussigné QUINTARD Octavien, demeurant ici.\nBien à vous,\noctavien quintard",
            ["QUINTARD Octavien", "octavien quintard"],
        ),
        # a relative before a colon, a role cue of the cemetery registers
        ("Son petit-fils : Ermengarde Pujade, joignable", ["Ermengarde Pujade"]),
        ("Sa petite-fille : bertille pujade, joignable", ["bertille pujade"]),
        ("Ayant droit : Octavien Quintard, 3 rue Neuve", ["Octavien Quintard"]),
        # a surname may end like an abstract noun in "-ité"
        ("Rendez-vous avec Mr Koulibité, puis Awa Sankarité", ["Koulibité", "Awa Sankarité"]),
        # an event noun inside a run ends the name before it
        ("Merci. A. Quintard Centenaire de Jean Giono prévu", ["A. Quintard"]),
    ],
)
def test_names_listed_echoed_and_cued(text: str, names: list[str]) -> None:
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        # a public figure named before the event about him or her
        "Dossier clos ; voir aussi Louise Weiss (exposition au musée Fabre).",
        "Rendez-vous avec Albert Camus, conférence le 3 mai",
        # abstract nouns are no surnames, initials may spell an organisation word
        "Créé par la loi Solidarité et Renouvellement Urbain (SRU)",
        "Élaboré par AFNOR Certification et le CNFPT",
        "Z.A.C. du Coteau_x0001_Acquisition de terrains",
        # a brand going on after an apostrophe
        "Cotisation au CLIC Maill'âge pour 2013",
        # a firm named after its partners
        "Plans de Quintard-Pujade Architectes",
        # a list with an item that is no name is no list of persons
        "Réunion avec Service Urbanisme, Police Municipale",
    ],
)
def test_no_person_in_these(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(
    "value", ["ACM Habitat", "Quintard-Pujade Architectes", "Pompes funèbres Quintard"]
)
def test_organisations_without_a_legal_form(value: str) -> None:
    assert is_legal_person(value)


def test_cli_life_spans_lists_and_public_figures(tmp_path: Path, opendata_home: Path) -> None:
    """Through the command (vectorized, digit-folded texts): a life span after a name whatever
    its years, names listed beside names, a public figure before an exhibition."""
    src = tmp_path / "registre.csv"
    first = ["Anselme", "Ermengarde", "Bertille", "Octavien", "Sidonie"]
    last = ["Quintard", "Pujade", "Falguière", "Ausset", "Cabanis", "Vidourle", "Estarac"]
    rows = [
        (
            str(i),
            f"{first[i % 5]} {last[i % 7]} (19{10 + i}-20{10 + i % 9})",
            f"{first[(i + 1) % 5].lower()} {last[(i + 2) % 7].lower()}, Mme {last[(i + 3) % 7]}",
            "Voir aussi Louise Weiss (exposition au musée Fabre).",
        )
        for i in range(40)
    ]
    with src.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["N°", "Défunts inhumés", "Présents", "Réponse"])
        writer.writerows(rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    got = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    for i, row in enumerate(got):
        assert last[i % 7] not in row["Défunts inhumés"]
        assert not {last[(i + 2) % 7].lower(), last[(i + 3) % 7]} & set(row["Présents"].split())
        assert row["Réponse"] == rows[i][3]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Contact riverains : bertille pujade, b.p@example.org.", ["bertille pujade"]),
        ("Contact riverains : Octavien Quintard, 06 00 00 00 00", ["Octavien Quintard"]),
    ],
)
def test_a_role_cue_qualified_before_its_colon(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_cli_masks_a_legal_persons_representative(tmp_path: Path, opendata_home: Path) -> None:
    """A company stays, the person it says represents it goes; a natural person's cell goes."""
    src = tmp_path / "permis.csv"
    rows = [
        ("1", "SCI Les Terrasses du Lez, représentée par Mme Ermengarde Quintard"),
        ("2", "Hérault Logement, représentée par Octavien Pujade"),
        ("3", "SARL Garage des Cévennes"),
        ("4", "Bertille Falguière"),
    ]
    with src.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["N°", "Pétitionnaire"])
        writer.writerows(rows)
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        'version: 1\ncolumns:\n  "Pétitionnaire": redact_natural_persons\n', encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out), "--policy", str(policy)) == 0
    got = [r["Pétitionnaire"] for r in csv.DictReader(out.read_text("utf-8").splitlines())]
    assert got == [
        "SCI Les Terrasses du Lez, représentée par Mme [NOM]",
        "Hérault Logement, représentée par [NOM]",
        "SARL Garage des Cévennes",
        "Personne physique",
    ]


def _owners(tmp_path: Path, owners: list[str]) -> list[str]:
    src = tmp_path / "catalogue.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Titre", "Propriétaire"])
        writer.writerows([f"Jeu de données {i}", o] for i, o in enumerate(owners))
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    return [r["Propriétaire"] for r in csv.DictReader(out.read_text("utf-8").splitlines())]


def test_cli_keeps_acronyms_among_organisations(tmp_path: Path, opendata_home: Path) -> None:
    """A header naming persons ("Propriétaire") over a column of organisations: upper-case
    acronyms are no surnames when no cell plainly names a person."""
    owners = ["Ville de Montpellier"] * 12 + ["Office de Tourisme"] * 3 + ["ASF", "TELA BOTANICA"]
    assert _owners(tmp_path, owners) == owners


def test_cli_bare_surnames_beside_persons_still_go(tmp_path: Path, opendata_home: Path) -> None:
    owners = ["Ville de Montpellier"] * 12 + ["Mme Bertille Falguière", "QUINTARD"]
    got = _owners(tmp_path, owners)
    assert got[:12] == owners[:12] and "QUINTARD" not in got and "Falguière" not in got[12]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # civil-register mentions: "d'avec", a birth after a name the weak "avec" introduces
        ("Divorcé d'avec Octavien Quintard par jugement du 3 mai.", ["Octavien Quintard"]),
        (
            "Pacte enregistré par l'officier avec Ermengarde Pujade-Ausset, née le 3 mai à Sète.",
            ["Ermengarde Pujade-Ausset"],
        ),
        # a lower-case name with a second surname closing the clause
        ("Adoption prononcée au profit de bertille pujade ausset.", ["bertille pujade ausset"]),
        (
            "Le voisin, sidonie de saint-estève cabanis (2e), se plaint",
            ["sidonie de saint-estève cabanis"],
        ),
    ],
)
def test_civil_register_mentions(text: str, names: list[str]) -> None:
    assert _names(text) == names


@pytest.mark.parametrize(
    ("value", "legal"),
    [
        ("VALMIRE Exploitation", True),
        ("Quintard Aménagement", True),
        ("Indivision QUINTARD", False),
        ("Succession de Madame Bertille Pujade", False),
        ("Succession Quintard", False),
    ],
)
def test_abstract_nouns_name_organisations_not_estates(value: str, legal: bool) -> None:
    assert is_legal_person(value) is legal


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rendez-vous au sujet de son fils Dariusz.\nMerci", ["Dariusz"]),
        ("Enfants à charge : sa sœur Lucija et son voisin Octavien", ["Lucija", "Octavien"]),
        ("Réunion avec le fils Dariusz.", []),  # no possessive: maybe no relative of the writer
    ],
)
def test_ones_own_relative_named_alone(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_cli_a_dated_cue_introduces_a_lower_case_name(tmp_path: Path, opendata_home: Path) -> None:
    """ "Opposition reçue le 03/03/2019 de x y": the date inside the cue (vectorized path)."""
    src = tmp_path / "bans.csv"
    people = ["bertille pujade", "sidonie ausset", "mathilde cabanis"]
    rows = [
        (str(i), f"Opposition reçue le {1 + i % 28:02d}/03/2019 de {people[i % 3]}, tél. à venir")
        for i in range(30)
    ]
    with src.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["N°", "Observations"])
        writer.writerows(rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    got = [r["Observations"] for r in csv.DictReader(out.read_text("utf-8").splitlines())]
    assert all(
        people[i % 3] not in cell and "Opposition reçue le" in cell for i, cell in enumerate(got)
    )


FIGURES = [
    "Jardin partagé baptisé en l'honneur de Lucie Aubrac, rue des Tilleuls.",
    "Comme le chantait Jacques Brel, « il faut du temps ».",
    "Atelier peinture à la manière de Paul Klee, le samedi.",
    "Tombe voisine de celle de Victor Hugo (intérêt historique), allée centrale.",
]
PRIVATE = [
    "Pot de départ en l'honneur de Sidonie Cabanis, agente d'accueil.",
    "Comme l'écrit Mme Estarac dans son courrier, la haie déborde.",
    "Jardin baptisé en l'honneur de Mme Vidourle, ancienne directrice.",
    "Tombe de Anselme Ausset (concession perpétuelle), allée centrale.",
]


def test_cli_a_place_named_after_an_author_quoted_or_a_listed_grave_keeps_the_figure(
    tmp_path: Path, opendata_home: Path
) -> None:
    """Through the command: the frame keeps the public figure; a civility, a farewell or a
    plain grave keeps the private person masked."""
    src = tmp_path / "remarques.csv"
    texts = FIGURES + PRIVATE
    rows = [(f"{i + 1:02d}/06/2026", texts[i % 8]) for i in range(40)]
    with src.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Date", "Remarque"])
        writer.writerows(rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    got = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    for i, row in enumerate(got):
        if i % 8 < len(FIGURES):
            assert row["Remarque"] == rows[i][1]
        else:
            assert "[NOM]" in row["Remarque"]
            assert not {"Cabanis", "Estarac", "Vidourle", "Ausset"} & set(row["Remarque"].split())
