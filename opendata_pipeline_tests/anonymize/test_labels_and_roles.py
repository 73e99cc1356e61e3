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
