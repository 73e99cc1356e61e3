"""An IBAN of any country goes, in either case, grouped or compact, whatever its bank's national
check digits; after an IBAN/RIB label a wrong key is a typo. Through the command a steward runs,
invented accounts."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows


def test_ibans_of_every_country_go(tmp_path: Path, opendata_home: Path) -> None:
    """Belgian and Spanish accounts with a right mod-97 key but no national key, a German one
    with a wrong key after « RIB transmis : » go; the same wrong key without a label, a code
    of no IBAN country and a cut account stay."""
    notes = [
        ("Virement mensuel sur be38 3100 0271 8455 (compte joint).", "0271 8455", ""),
        ("Compte ES98 2038 1234 5612 3456 7890 pour la caution.", "5612 3456", ""),
        ("Coordonnées bancaires, IBAN : BE79731004432816.", "BE79731004432816", ""),
        ("RIB transmis : de45 5001 0517 5407 3249 31, à vérifier.", "5407 3249", ""),
        ("Colis DE45 5001 0517 5407 3249 31 livré au local.", "", "DE45 5001 0517 5407 3249 31"),
        ("Commande XY12 3456 7890 1234 soldée.", "", "XY12 3456 7890 1234"),
        ("Lot BE38 3100 0271 845 réceptionné.", "", "BE38 3100 0271 845"),
    ]
    rows = [[f"ADH-{i:03d}", notes[i % len(notes)][0]] for i in range(42)]
    out = anonymize_rows(tmp_path, ["Adhérent", "Remarques"], rows, "adherents.csv")
    for i, row in enumerate(out):
        text = row["Remarques"]
        _, gone, kept = notes[i % len(notes)]
        assert not gone or gone not in text, text
        assert kept in text, text
