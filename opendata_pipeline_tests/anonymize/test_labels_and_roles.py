"""Names after a label or a role noun in notes (« Contact sur place : Mme X », « Gardien de la
résidence : X »): a place word inside a label is no street naming the person after the colon.
Through the command a steward runs, with invented names."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows


def test_a_label_holding_a_place_word_does_not_keep_the_name_after_it(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« sur place », « de la résidence », « sur site » in a label and « sur place avec » before a
    name: the name goes; a street, a school named after its label (« École : ») stay."""
    notes = [
        ("Contact sur place : Mme Valcrozier - joignable le matin.", "Valcrozier", ""),
        ("Contact sur place : Dr Ermeline Sautarel. Accès : place Jean Moulin.", "Sautarel", ""),
        ("Gardien de la résidence : Anselme Pradalié, bât. B.", "Pradalié", ""),
        ("Intervention sur place avec Anselme Pradalié, locataire.", "Pradalié", ""),
        ("Référent établissement : M. Tarrisse.", "Tarrisse", ""),
        ("Dépôt constaté place Jean Moulin, devant l'entrée.", "", "place Jean Moulin"),
        ("Établissement : École Jules Ferry, classe de CM2.", "", "École Jules Ferry"),
        ("Rue : Jean Jaurès, numéro 14.", "", "Jean Jaurès"),
    ]
    rows = [[f"OBS-{i:03d}", notes[i % len(notes)][0]] for i in range(40)]
    out = anonymize_rows(tmp_path, ["Référence", "Observations"], rows, "relevés.csv")
    for i, row in enumerate(out):
        _, gone, kept = notes[i % len(notes)]
        text = row["Observations"]
        assert not gone or gone not in text, text
        assert kept in text, text


def test_names_after_a_private_partys_role_go_in_any_case(
    tmp_path: Path, opendata_home: Path
) -> None:
    """A role of a private party (heir, co-tenant, holder, former occupant, file manager, caretaker)
    heading a label or right before a name, in lower case, capitals or « NOM, Prénom »: the name
    goes; the organisation after such a label stays."""
    notes = [
        ("Indivision : héritière zorvakine espagnac. Paiement reçu.", "espagnac", ""),
        ("Cotitulaire déclaré : bérangère loubatières.", "loubatières", ""),
        ("Détentrice habituelle : zorvakine vidaillac.", "vidaillac", ""),
        ("Résiliation, ancienne occupante Zorvakine PEYRESBLANQUES. Clés rendues.", "PEYRES", ""),
        ("Résiliation, ancien occupant ESPAGNAC, Zorvakine. Clés rendues.", "ESPAGNAC", ""),
        ("Mandataire du dossier : Zorvakine Vidaillac - joignable le matin.", "Vidaillac", ""),
        ("rappel fait. le concierge anselme loubatières garde le badge.", "loubatières", ""),
        ("Propriétaire : Ville de Montpellier.", "", "Ville de Montpellier"),
        ("Gestionnaire du dossier : service clientèle.", "", "service clientèle"),
    ]
    rows = [[f"DOS-{i:03d}", notes[i % len(notes)][0]] for i in range(45)]
    out = anonymize_rows(tmp_path, ["Dossier", "Observations"], rows, "contrats.csv")
    for i, row in enumerate(out):
        _, gone, kept = notes[i % len(notes)]
        text = row["Observations"]
        assert not gone or gone not in text, text
        assert kept in text, text


def test_lower_case_names_with_a_particle_or_two_given_names_go(
    tmp_path: Path, opendata_home: Path
) -> None:
    """Call notes in lower case: a particle inside the name (« ould », « der », « lo », « al »)
    before a participle or after a relative, two given names before the surname after a
    neighbour; « anne marie garde la clé » keeps its verb."""
    notes = [
        ("firmin ould belkheir rappelé(e), ok pour le passage.", "belkheir", ""),
        ("anselme der hovanessian rappelé(e), créneau confirmé.", "hovanessian", ""),
        ("rappel fait. le voisin firmin lo cascio garde la clé du local.", "cascio", ""),
        ("rappel fait. la voisine ngoc anh vidaillac garde la clé du local.", "vidaillac", ""),
        ("rappel fait. la voisine anne marie garde la clé du local.", "anne", "garde la clé"),
    ]
    rows = [[f"ENC-{i:03d}", notes[i % len(notes)][0]] for i in range(40)]
    out = anonymize_rows(tmp_path, ["Ticket", "Note conseiller"], rows, "appels.csv")
    for i, row in enumerate(out):
        _, gone, kept = notes[i % len(notes)]
        text = row["Note conseiller"]
        assert gone not in text, text
        assert kept in text, text
