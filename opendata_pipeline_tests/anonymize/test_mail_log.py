"""A log of citizens' e-mails and the administration's answers: the services' own mailboxes
(named after a function or a service, at a domain no mail provider's) and the landline written
after one stay wherever they are written; an agent's « prénom.nom@ », a citizen's webmail box and
a mobile go. Through the command line, with invented rows."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows

DESKS = [
    "Pour toute question : cimetieres@ville-exemple.fr ou 04 67 20 31 {i:02d}.",
    "Votre demande est transmise. Renseignements : stationnement.fourriere@agglo-exemple.fr, "
    "04 99 41 12 {i:02d}",
    "Contact : dsi.guichet@metropole-exemple.fr / 04 67 88 10 {i:02d}",
]
PERSONAL = [
    "Pour toute question : odile.grangier@ville-exemple.fr ou 04 67 20 32 {i:02d}.",
    "Réponse envoyée à contact.vialard@laposte.net ou 04 67 20 33 {i:02d}.",
    "Pour toute question : cimetieres@ville-exemple.fr ou 06 41 20 34 {i:02d}.",
]


def test_a_services_mailbox_and_the_landline_after_it_stay_in_prose(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = [[f"R{i:03d}", (DESKS + PERSONAL)[i % 6].format(i=i)] for i in range(36)]
    after = anonymize_rows(tmp_path, ["Référence", "Réponse du service"], rows)
    for i, ((_, text), out) in enumerate(zip(rows, after, strict=True)):
        answer = out["Réponse du service"]
        if i % 6 < len(DESKS):
            assert answer == text
        elif i % 6 == 5:
            assert "cimetieres@ville-exemple.fr" in answer and "[TEL]" in answer, answer
        else:
            assert "[EMAIL]" in answer and "[TEL]" in answer, answer
            assert "grangier" not in answer and "vialard" not in answer


def test_a_forwarded_mails_header_keeps_the_services_box_not_the_senders(
    tmp_path: Path, opendata_home: Path
) -> None:
    message = (
        "De : Gaspard Vialard <g.vialard{i}@orange.fr>\n"
        "Envoyé : mardi 3 juin 2025 10:12\n"
        "À : Accueil Mairie <accueil.etat-civil@mairie-exemple.fr>\n"
        "Objet : acte de naissance\n\nBonjour, je souhaite un acte. Merci."
    )
    rows = [[f"R{i:03d}", message.format(i=i)] for i in range(20)]
    after = anonymize_rows(tmp_path, ["Référence", "Message"], rows)
    for out in after:
        text = out["Message"]
        assert "<accueil.etat-civil@mairie-exemple.fr>" in text, text
        assert "vialard" not in text.lower() and "[EMAIL]" in text


def test_the_commune_on_the_line_after_a_signatures_street_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    communes = ["Saussan", "Murviel-lès-Montpellier", "Saint-Drézéry"]
    message = "Merci de votre aide.\nBertille Fontvieille\n{n} rue des Tisserands\n{commune}"
    rows = [[f"R{i:03d}", message.format(n=i + 3, commune=communes[i % 3])] for i in range(30)]
    after = anonymize_rows(tmp_path, ["Référence", "Message"], rows)
    for i, out in enumerate(after):
        text = out["Message"]
        assert text.endswith(f"[ADRESSE]\n{communes[i % 3]}"), text
        assert "Tisserands" not in text and "Fontvieille" not in text


def test_a_public_figure_quoted_in_a_saying_stays_a_person_quoted_goes(
    tmp_path: Path, opendata_home: Path
) -> None:
    texts = [
        "Bonjour,\nComme l'a dit Théodore Monod, il faut agir.\nCordialement",
        "Comme le disait Haroun Tazieff, la terre bouge. Merci de passer.",
        "Comme l'a dit M. Fontvieille au guichet, le dossier est complet.",
        "Comme me l'a dit ma voisine Bertille Fontvieille, rien ne change.",
    ]
    rows = [[f"R{i:03d}", texts[i % 4]] for i in range(24)]
    after = anonymize_rows(tmp_path, ["Référence", "Message"], rows)
    for i, ((_, text), out) in enumerate(zip(rows, after, strict=True)):
        if i % 4 < 2:
            assert out["Message"] == text
        else:
            assert "Fontvieille" not in out["Message"] and "[NOM]" in out["Message"]
