"""Contact details written in prose: an organisation's switchboard after its name stays, a
person's line goes, in every layout people type (a digit short, an e-mail cut short or
obfuscated); an address named as a home goes even under a header naming a place. Through the
command line, with invented rows."""

from __future__ import annotations

import re
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows

KEPT = [
    "Proposition de l'Amicale Lou Clapas (04 67 12 34 {i:02d}) pour un vide-grenier en mai.",
    "Dossier suivi par Pompes funèbres Martin & Fils, 04 67 20 30 {i:02d}, pour la famille.",
    "Pour la salle, la mairie : 04 67 34 12 {i:02d}, le matin seulement.",
]
MASKED = [
    "Contact riverains : Paul Durand, 04 67 55 66 {i:02d}, pour la pétition du quartier.",
    "Le club de judo au 06 12 34 56 {i:02d}, demande de créneau pour le gymnase.",
    "Paul Durand de l'association des Amis du Musée (04 67 11 22 {i:02d}) demande une salle.",
]


def test_an_organisations_landline_after_its_name_stays_and_a_persons_goes(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = [[f"{i + 1:02d}/05/2026", (KEPT + MASKED)[i % 6].format(i=i)] for i in range(36)]
    after = anonymize_rows(tmp_path, ["Date", "Compte rendu"], rows)
    for i, ((_, text), out) in enumerate(zip(rows, after, strict=True)):
        if i % 6 < len(KEPT):
            assert out["Compte rendu"] == text
        else:
            assert "[TEL]" in out["Compte rendu"]
            assert not re.search(r"\d\d \d\d \d\d \d\d \d\d", out["Compte rendu"])


def test_lines_and_mailboxes_typed_a_character_short_or_obfuscated_go(
    tmp_path: Path, opendata_home: Path
) -> None:
    texts = [
        "Opposition reçue de M. Durand, tél. 07 83 43 70 {d}, à rappeler.",
        "Son fils : Paul Durand, 06.50.58.52.{d}, présent à la cérémonie.",
        "Merci de me répondre. Courriel : pdurand{d}@outlook.\nCordialement",
        "Pièces envoyées par mail : pdurand{d}[at]orange[.]fr la semaine passée.",
    ]
    rows = [[f"{i + 1:02d}/05/2026", texts[i % 4].format(d=i % 10)] for i in range(40)]
    after = anonymize_rows(tmp_path, ["Date", "Observations"], rows)
    for i, out in enumerate(after):
        text = out["Observations"]
        assert ("[TEL]" if i % 4 < 2 else "[EMAIL]") in text, text
        assert "43 70" not in text and "52." not in text and "pdurand" not in text


def test_an_address_named_as_a_home_goes_under_a_header_naming_a_place(
    tmp_path: Path, opendata_home: Path
) -> None:
    places = ["Clinique Saint-Roch", "Hôpital Saint-Éloi", "EHPAD Les Aubes"]
    rows = [
        [
            f"DURAND Paul{i}",
            f"{i + 1:02d}/03/2025",
            f"Domicile, {i + 3} rue des Lilas" if i % 2 else places[i % 3],
        ]
        for i in range(30)
    ]
    after = anonymize_rows(tmp_path, ["Défunt", "Date du décès", "Lieu du décès"], rows)
    for before, out in zip(rows, after, strict=True):
        home = before[2].startswith("Domicile")
        assert out["Lieu du décès"] == ("Domicile, [ADRESSE]" if home else before[2])


TRADES_KEPT = [
    "Mère joignable au travail (Pâtisserie Lacombe) : 04 67 40 21 {i:02d}",
    "Pièces transmises par le mandataire Atelier Mirabel Géomètres, tél. 04 67 41 22 {i:02d}",
    "Entretien des haies : Direction des Espaces naturels, 04 67 42 23 {i:02d}",
    "Répète avec l'Harmonie de Vendargues (04 67 43 24 {i:02d}) le jeudi.",
]
TRADES_MASKED = [
    "Mère joignable au travail : 04 67 44 25 {i:02d}",
    "Pièces transmises par Mme Lacombe, mandataire, tél. 04 67 45 26 {i:02d}",
    "Mère joignable au travail (Pâtisserie Lacombe) : 06 47 46 27 {i:02d}",
    "Entretien des haies : Direction des Espaces naturels, Paul Mirabel, 04 67 47 28 {i:02d}",
]


def test_a_trades_or_a_services_landline_after_its_name_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    texts = TRADES_KEPT + TRADES_MASKED
    rows = [[f"{i + 1:02d}/06/2026", texts[i % 8].format(i=i)] for i in range(40)]
    after = anonymize_rows(tmp_path, ["Date", "Observations"], rows)
    for i, ((_, text), out) in enumerate(zip(rows, after, strict=True)):
        if i % 8 < len(TRADES_KEPT):
            assert out["Observations"] == text
        else:
            assert "[TEL]" in out["Observations"]
            assert not re.search(r"\d\d \d\d \d\d \d\d \d\d", out["Observations"])


def test_a_desks_or_an_offices_mailbox_after_the_organisations_name_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    texts = [
        "Dossier transmis à la Régie du stationnement (04 67 50 60 {i:02d}, "
        "facturation{i}@regie-stationnement.fr).",
        "Avis rendu.\nLe Conciliateur de la Métropole\nconciliateur{i}@metropole-sud.fr",
        "Dossier transmis à Mme Lacombe (facturation{i}@regie-stationnement.fr).",
        "Avis rendu.\nLe Conciliateur de la Métropole\nj.lacombe{i}@metropole-sud.fr",
    ]
    rows = [[f"{i + 1:02d}/06/2026", texts[i % 4].format(i=i)] for i in range(40)]
    after = anonymize_rows(tmp_path, ["Date", "Réponse"], rows)
    for i, ((_, text), out) in enumerate(zip(rows, after, strict=True)):
        if i % 4 < 2:
            assert out["Réponse"] == text
        else:
            assert "[EMAIL]" in out["Réponse"] and "@" not in out["Réponse"]


def test_a_residents_status_before_an_organisations_name_keeps_the_line_masked(
    tmp_path: Path, opendata_home: Path
) -> None:
    texts = [
        "Réclamation de Lacombe, locataire du Foyer Les Micocouliers, 04 67 51 61 {i:02d}",
        "Signalé par Mirabel, riverain de la Régie des fêtes, tél. 04 67 52 62 {i:02d}",
    ]
    rows = [[f"{i + 1:02d}/06/2026", texts[i % 2].format(i=i)] for i in range(30)]
    for out in anonymize_rows(tmp_path, ["Date", "Observations"], rows):
        assert "[TEL]" in out["Observations"], out["Observations"]


def test_an_address_right_after_a_facilitys_or_an_organisations_name_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    texts = [
        "Dossier transmis au service compétent, Espace Lamartine, {n} rue des Tilleuls.",
        "Permanence à la Médiathèque Jules Verne, {n} avenue des Platanes, le mardi.",
        "Dossier transmis à Mme Lacombe, Espace Lamartine, {n} rue des Tilleuls.",
        "Réclamation de Lacombe, locataire du Foyer Les Micocouliers, {n} rue des Tilleuls",
        "Paul Mirabel, Espace Lamartine, {n} rue des Tilleuls.",
    ]
    rows = [[f"{i + 1:02d}/06/2026", texts[i % 5].format(n=i + 2)] for i in range(40)]
    after = anonymize_rows(tmp_path, ["Date", "Suite donnée"], rows)
    for i, ((_, text), out) in enumerate(zip(rows, after, strict=True)):
        if i % 5 < 2:
            assert out["Suite donnée"] == text
        else:
            assert "[ADRESSE]" in out["Suite donnée"] and "Tilleuls" not in out["Suite donnée"]


DESKS_KEPT = [
    "Transféré à la direction, contact volontariat@agglo-exemple.fr ou 04 67 50 60 {i:02d}.",
    "Orienté vers le pôle, contact archives.municipales@agglo-exemple.fr ou 04 67 51 61 {i:02d}.",
]
DESKS_MASKED = [
    "Transféré à la direction, contact jeanne.fabre@agglo-exemple.fr ou 04 67 52 62 {i:02d}.",
    "Orienté vers le pôle, contact Mme Fabre volontariat@agglo-exemple.fr ou 04 67 53 63 {i:02d}.",
    "Transféré à la direction, contact volontariat@agglo-exemple.fr ou 06 12 54 64 {i:02d}.",
]


def test_a_services_mailbox_labelled_contact_stays_with_its_line(
    tmp_path: Path, opendata_home: Path
) -> None:
    """A mailbox of service words, plural ones or nouns of an activity, labelled « contact »
    in a reply, is the service's and so is the landline after it; a person's box, a box after
    a named person and a mobile still go."""
    texts = DESKS_KEPT + DESKS_MASKED
    rows = [[f"S-{i:03d}", texts[i % 5].format(i=i)] for i in range(40)]
    after = anonymize_rows(tmp_path, ["Référence", "Réponse apportée"], rows)
    for i, ((_, text), out) in enumerate(zip(rows, after, strict=True)):
        if i % 5 < len(DESKS_KEPT):
            assert out["Réponse apportée"] == text
        else:
            assert "[TEL]" in out["Réponse apportée"], out
    assert not any("fabre@" in out["Réponse apportée"] for out in after)
