"""Names in free text the way municipal logs write them: after an elided cue, heading a message
between a dash and a colon, in a list of signatories. Invented names, no corpus value."""

from __future__ import annotations

import pytest

from opendata_pipeline.anonymize.detectors.person_name import find_names
from opendata_pipeline.anonymize.masking import mask_text


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
