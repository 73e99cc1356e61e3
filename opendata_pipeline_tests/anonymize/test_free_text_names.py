"""Names in free text the way municipal logs write them: after an elided cue, heading a message
between a dash and a colon, in a list of signatories, alone or in lower case (a first name after
a relative, a surname after a civility, a signature, a name announced or corrected). Invented
names, no corpus value."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from opendata_pipeline.anonymize.detectors.person_name import find_names
from opendata_pipeline.anonymize.masking import mask_text
from opendata_pipeline_tests.anonymize.cli import run_cli


def _names(text: str) -> list[str]:
    return [text[a:b] for a, b in find_names(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # "de" elided before a vowel: the cue still introduces the name, the "d'" stays
        ("[02/03/2025 10:12] Courriel d'Ysoline Carbonel : le bruit reprend", ["Ysoline Carbonel"]),
        ("Message d'Aurèle de Montvalon : rien ne bouge", ["Aurèle de Montvalon"]),
        ("Inhumation d'Oanh TOURREIL par les pompes funèbres", ["Oanh TOURREIL"]),
        ("Appel d'ysoline carbonel : merci de rappeler", ["ysoline carbonel"]),
        ("Le fils d'Ysoline Carbonel est inscrit", ["Ysoline Carbonel"]),
        # the author of a message between a dash and a colon
        (
            "[05/04/2025] Formulaire en ligne - ysoline carbonel : voiture ventouse",
            ["ysoline carbonel"],
        ),
        # a list of signatories: one name may end where the next begins ("Kaya" is a first name)
        (
            "Pétition signée par plusieurs voisins, dont Aurèle Kaya et Ysoline Carbonel.",
            ["Aurèle Kaya et Ysoline Carbonel"],
        ),
    ],
)
def test_names_in_messages(text: str, names: list[str]) -> None:
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Appel d'offres lancé : trois candidats",
        "Appel d'urgence reçu : pas de suite",
        "Nouvelle plaque avenue d'Estienne d'Orves",
        "Réouverture du jardin d'Élise Martin",
        "Secteur - pierre rouge : travaux",
        "Pétition signée par plusieurs voisins du quartier.",
    ],
)
def test_elisions_and_dashes_without_a_person(text: str) -> None:
    assert _names(text) == []


def test_every_signatory_is_masked() -> None:
    masked, _ = mask_text("Signée par Aurèle Kaya et Ysoline Carbonel, riverains.")
    assert "Carbonel" not in masked and "Kaya" not in masked


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a role before a comma introduces the name ("la gérante, X,")
        ("La gérante, Oanh-Lys DER TAVITIAN, refuse de baisser le son.", ["Oanh-Lys DER TAVITIAN"]),
        # the author of a message between a dash and a colon, first name unknown to the lexicon
        ("[01/02/2025] Formulaire en ligne - Wanjiru Tourreil : bruit", ["Wanjiru Tourreil"]),
        # a name found once, written again in another case in the same text
        (
            "Appel de Mme Wanjiru Tourreil : rien.\n[02/02] Appel d'wanjiru tourreil : relance",
            ["Wanjiru Tourreil", "wanjiru tourreil"],
        ),
        # siblings listed by first name alone
        ("Fratrie : Capucine (CE2) inscrite également.", ["Capucine"]),
        # a life span or a birth after a name, in a register of graves
        ("Wanjiru TOURREIL (1931-2004) et son époux", ["Wanjiru TOURREIL"]),
        ("NYOKABI ISSERT, née le 02/03/1931, décédée en 2004", ["NYOKABI ISSERT"]),
    ],
)
def test_names_framed_by_roles_dashes_and_echoes(text: str, names: list[str]) -> None:
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Ligne 4 - Place Albert 1er : travaux",
        "Service - Urbanisme Nord : fermé",
        "Le Gérant, SARL Dumas Frères, refuse",
        "La fratrie est inscrite.",
        "Exposition Victor Hugo (1802-1885) au musée",
        "Travaux Ligne Nord (2020-2024)",
    ],
)
def test_dashes_and_roles_without_a_person(text: str) -> None:
    assert _names(text) == []


# Names that stand alone or in lower case: a first name after a relative and "de", a surname
# after a civility in lower case, a signature on the closing's line, a name announced or quoted
# around a change, a lower-case name after a placed relative.
@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a first name after a relative and "de", elided or not
        ("Frère de Clémentine (inscrite en harpe).", ["Clémentine"]),
        ("Enfant récupéré par la grand-mère d'Ophélie.", ["Ophélie"]),
        ("Vu avec l'ami d'Émeline ce matin.", ["Émeline"]),
        # a surname in lower case after a civility: one word, two when they close the text
        ("Le dépôt est toujours là.\nMme ferrandis", ["ferrandis"]),
        ("Appel de mme ferrandis ce matin", ["ferrandis"]),
        ("Merci de passer.\nMonsieur de la bastide", ["de la bastide"]),
        ("Merci de passer.\nMadame ben salem", ["ben salem"]),
        # a signature on the closing's line, a single lower-case first name after a closing
        ("Les bacs débordent.\ncdlt Ophélie", ["Ophélie"]),
        ("Les bacs débordent.\ncordialement Clémentine", ["Clémentine"]),
        ("Les bacs débordent.\nBien à vous,\nophélie", ["ophélie"]),
        # a name announced as such, quoted names around a change or a correction
        ("L'intéressée portera désormais le nom de FERRANDIS.", ["FERRANDIS"]),
        ("Nom d'usage : Castelnau", ["Castelnau"]),
        ("Prénom modifié : « Kévin » devient « Hugo ».", ["Kévin", "Hugo"]),
        ("Erratum : lire « Poujol » au lieu de « Pujol ».", ["Poujol", "Pujol"]),
        # a lower-case name after a placed relative, after "le voisin,", after "au profit de"
        ("C'est le voisin du 2e hugo ferrandis qui laisse ses sacs", ["hugo ferrandis"]),
        ("Le voisin, hugo ferrandis (bât. B), se plaint aussi", ["hugo ferrandis"]),
        ("Adoption simple au profit de hugo ferrandis.", ["hugo ferrandis"]),
        # a compound first name listed whole whose part alone is a common word
        ("Marie-Ange Castelnau", ["Marie-Ange Castelnau"]),
        # apostrophes inside a surname, an upper-case particle opening it, a couple after civilities
        ("Courrier de LE GUÉVEL'H Soizic reçu", ["LE GUÉVEL'H Soizic"]),
        ("Mme et M. Hugo et Ani CASTELNAU", ["Hugo et Ani CASTELNAU"]),
        ("M. & Mme Ferrandis-O'Brien", ["Ferrandis-O'Brien"]),
    ],
)
def test_lone_and_lower_case_names(text: str, names: list[str]) -> None:
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Madame souhaite être rappelée demain",
        "Monsieur indique que le portail est cassé",
        "M. le maire a signé l'arrêté",
        "Madame la directrice a répondu",
        "Madame, Monsieur,\nles déchets sont toujours là",
        "Le gymnase du quartier portera le nom de Brassens.",
        "Erratum : lire « Rue Neuve » au lieu de « Rue Vieille ».",
        "Erratum : lire « Conseil municipal » au lieu de « Bureau municipal ».",
        "Les Amis de Pauline organisent une fête",
        "Association des Amis d'Émeline",
        "Merci beaucoup\nà bientôt",
        "Merci de rappeler au plus vite",
        "Le fils de Montpellier Danse",
        # a poem's author is a public figure ("poème" as well as "poèmes")
        "Lecture d'un poème de Louis Aragon par la mariée",
    ],
)
def test_no_person_in_these(text: str) -> None:
    assert _names(text) == []


def test_cli_masks_lone_names_and_keeps_places(tmp_path: Path, opendata_home: Path) -> None:
    src = tmp_path / "signalements.csv"
    rows = [
        ("1", "Tags sur le mur de la salle Georges Brassens.\nMme ferrandis", "Lattes"),
        ("2", "C'est le voisin du 2e hugo ferrandis qui laisse ses sacs.", "Pérols"),
        ("3", "Élève récupéré par la grand-mère d'Ophélie.", "Mauguio"),
        ("4", "Les bacs débordent rue Jean Jaurès.\ncdlt Clémentine", "Lattes"),
        ("5", "Erratum : lire « Poujol » au lieu de « Pujol ».", "Castries"),
        ("6", "Madame souhaite un rappel avant l'exposition Frida Kahlo.", "Lattes"),
    ]
    with src.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["N°", "Message", "Commune"])
        writer.writerows(rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    got = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    text = "\n".join(r["Message"] for r in got)
    for name in ("ferrandis", "Ophélie", "Clémentine", "Poujol", "Pujol"):
        assert name not in text
    # places, public figures and what is no name stay as written
    assert "salle Georges Brassens" in text and "rue Jean Jaurès" in text
    assert got[5]["Message"] == rows[5][1]
    assert [r["Commune"] for r in got] == [r[2] for r in rows]


def test_form_fields_and_lower_case_couples_through_the_cli(
    tmp_path: Path, opendata_home: Path
) -> None:
    """An online form pasted in one cell (« Nom : X » / « Prénom : y » on their own lines) and
    a couple written in lower case after two civilities: the names go, the form's other fields
    and an organisation named in a « Nom » field stay."""
    texts = [
        ("Nom : PEREIRA\nPrénom : Enzo\nMessage : bruit de perceuse le dimanche",
         "Nom : [NOM]\nPrénom : [NOM]\nMessage : bruit de perceuse le dimanche"),
        ("nom: hoarau\nprénom: soazig\nmessage: musique forte la nuit",
         "nom: [NOM]\nprénom: [NOM]\nmessage: musique forte la nuit"),
        ("Nom : Association Les Amis du Lez\nMessage : merci pour la salle",
         "Nom : Association Les Amis du Lez\nMessage : merci pour la salle"),
        ("les voisins (monsieur et madame ouali) font des travaux le dimanche matin",
         "les voisins (monsieur et madame [NOM]) font des travaux le dimanche matin"),
        ("Nom de la salle : Salle Molière, réservée le samedi",
         "Nom de la salle : Salle Molière, réservée le samedi"),
    ]  # fmt: skip
    src = tmp_path / "plaintes.csv"
    with src.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["N°", "Récit du plaignant"])
        writer.writerows([[str(i), texts[i % len(texts)][0]] for i in range(25)])
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        result = list(csv.DictReader(handle))
    assert [r["Récit du plaignant"] for r in result] == [texts[i % 5][1] for i in range(25)]


def test_cli_masks_lower_case_names_opening_call_notes(tmp_path: Path, opendata_home: Path) -> None:
    """A call-centre note opening with a lower-case « prénom nom », or a lower-case civility and
    a surname, before a participle without its auxiliary: the name goes; two plain words or a
    title before such a participle stay."""
    texts = [
        ("soizic tremolat rappelé(e), ok pr le créneau. code 12.",
         "[NOM] rappelé(e), ok pr le créneau. code 12."),
        ("rdv fixé. gaspard vernhes-lacoste joint ce matin.", "rdv fixé. [NOM] joint ce matin."),
        ("dossier client rappelé, ok pr le créneau.", "dossier client rappelé, ok pr le créneau."),
        ("appel reçu. colis bien joint au dossier.", "appel reçu. colis bien joint au dossier."),
        # a civility in lower case frames a surname; a title stays
        ("m. le gall rappelé(e), ok.", "m. [NOM] rappelé(e), ok."),
        ("dr di vernhes joint ce matin.", "dr [NOM] joint ce matin."),
        ("m. le maire prévenu, ok.", "m. le maire prévenu, ok."),
    ]  # fmt: skip
    src = tmp_path / "encombrants.csv"
    with src.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["N°", "Note conseiller"])
        writer.writerows([[str(i), texts[i % len(texts)][0]] for i in range(20)])
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        result = list(csv.DictReader(handle))
    assert [r["Note conseiller"] for r in result] == [texts[i % len(texts)][1] for i in range(20)]
