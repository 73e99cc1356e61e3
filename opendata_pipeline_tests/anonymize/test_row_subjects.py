"""Who a row is about decides its contact details: an organisation the file shows acting
through a representative is one on every row, a sole trader is a person whatever the first
name. Through the command line, with invented rows."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv


def _read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def test_an_organisation_shown_represented_keeps_its_name_and_contact_details_on_every_row(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« LMR Habitat » reads like « DUPONT Anh »; the same column shows it « représentée par »
    someone: its rows keep the name, the seat and the line. A person represented (« M. Castan,
    représenté par sa fille ») stays a person on the rows naming him alone."""
    applicants = [
        ("LMR Habitat", "04 67 20 {i:02d} 11", "12 RUE DU FER A CHEVAL 34070 MONTPELLIER"),
        ("LMR Habitat, représentée par Me Gaspard Issert", "urbanisme@lmr-habitat.fr",
         "3 RUE PROUDHON 34090 MONTPELLIER"),
        ("KDS Horizons", "contact@kds-horizons.fr", "410 AVENUE DE BARCELONE 34080 MONTPELLIER"),
        ("KDS Horizons, représentée par Monsieur Paul Rascalou", "04 67 41 {i:02d} 80",
         "7 RUE LEVAT 34000 MONTPELLIER"),
        ("M. Castan, représenté par sa fille", "06 12 {i:02d} 45 78", "8 rue des Lilas, 34000 Montpellier"),
        ("M. Castan", "07 61 {i:02d} 22 18", "8 rue des Lilas, 34000 Montpellier"),
        ("Julie Fabregat", "julie.fabregat@gmail.com", "5 impasse des Cigales, 34970 Lattes"),
        ("SCI Les Terrasses du Lez", "04 67 92 {i:02d} 10", "284 RUE FLOREAL 34090 MONTPELLIER"),
        ("SAS Établissements Maurin", "04 67 13 {i:02d} 59", "10 RUE HENRI GUINIER 34000 MONTPELLIER"),
        ("SA d'HLM Promologis", "04 67 41 {i:02d} 71", "6 BOULEVARD VIEUSSENS 34000 MONTPELLIER"),
    ]  # fmt: skip
    rows = []
    for i in range(40):
        name, contact, address = applicants[i % len(applicants)]
        rows.append([name, address, contact.format(i=i), str(80 + i)])
    src = write_csv(
        tmp_path / "permis.csv",
        ["Pétitionnaire", "Adresse du pétitionnaire", "Contact", "Surface"],
        rows,
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    for before, after in zip(rows, _read(out), strict=True):
        organisation = before[0].startswith(("LMR", "KDS", "S"))
        assert (after["Contact"] == before[2]) is organisation, before[0]
        assert (after["Adresse du pétitionnaire"] == before[1]) is organisation, before[0]
        if before[0] in ("LMR Habitat", "KDS Horizons"):
            assert after["Pétitionnaire"] == before[0]
        elif not organisation:
            assert (
                "Castan" not in after["Pétitionnaire"] and "Fabregat" not in after["Pétitionnaire"]
            )


def test_a_sole_traders_row_is_a_persons_whatever_the_first_name(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« Octave Rascalou, artisan », « EI Modeste Pélissou »: first names the lexicon may not
    know, yet a sole trader's name is its owner's — the name, the home address and the e-mail
    go; the companies beside keep theirs."""
    awardees = [
        ("Octave Rascalou, artisan", True),
        ("EI Modeste Pélissou", True),
        ("Entreprise individuelle Modeste Vergnolle", True),
        ("SARL Sud Étanchéité", False),
        ("SAS Méditerranée Paysages", False),
    ]
    rows = []
    for i in range(30):
        name, _ = awardees[i % len(awardees)]
        mail = f"{name.split()[-1].lower()}{i}@outlook.fr"
        rows.append([name, f"{10 + i} rue des Micocouliers, 34830 Clapiers", mail, f"{1000 + i}"])
    src = write_csv(
        tmp_path / "marches.csv",
        ["Attributaire", "Adresse attributaire", "Courriel", "Montant"],
        rows,
    )
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\ncolumns:\n  Attributaire: redact_natural_persons\ndefault: auto\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out), "--policy", str(policy)) == 0
    for i, after in enumerate(_read(out)):
        natural = awardees[i % len(awardees)][1]
        before = rows[i]
        assert (after["Attributaire"] == "Personne physique") is natural, before[0]
        assert (after["Courriel"] == "[EMAIL]") is natural, before[0]
        assert after["Adresse attributaire"] == (
            "[ADRESSE], 34830 Clapiers" if natural else before[1]
        ), before[0]
