"""Identifiers in free text written the way registers write them: a NIR in its own groups with a
mistyped or missing key, a birth date of the nineteenth century. Invented values."""

from __future__ import annotations

import pytest

from opendata_pipeline.anonymize.masking import mask_text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("N° de sécurité sociale : 2 71 04 34 172 005.", "N° de sécurité sociale : [NIR]."),
        ("NIR 1 62 11 34 088 415 07 (clé à vérifier)", "NIR [NIR] (clé à vérifier)"),
        ("NIR 1 62 11 34 088 415 / 07", "NIR [NIR]"),
        (
            "Inhumée : X, née le 9/4/1887, décédée en 1961",
            "Inhumée : X, née le [DATE_NAISSANCE], décédée en 1961",
        ),
        ("Y, né le 3 mars 1869 à Lodève", "Y, né le [DATE_NAISSANCE] à Lodève"),
    ],
)
def test_identifiers_are_masked(text: str, masked: str) -> None:
    assert mask_text(text)[0] == masked


@pytest.mark.parametrize(
    "text",
    [
        "Réf. dossier 2710434172005",
        "2 55 08 2A 123 456 00",
        "Montant : 1 234 567 890 123 €",
        "Chapelle construite le 12/05/1887",
    ],
)
def test_other_numbers_and_dates_are_kept(text: str) -> None:
    assert mask_text(text)[0] == text
