"""Who a row is about decides its contact details: an organisation the file shows acting
through a representative is one on every row, a sole trader is a person whatever the first
name. Through the command line, with invented rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

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


def _permits(categories: list[tuple[str, str, str, str]]) -> list[list[str]]:
    rows = []
    for i in range(40):
        name, category, contact, address = categories[i % len(categories)]
        rows.append([f"PC {i:04d}", name, category, address, contact.format(i=i), str(80 + i)])
    return rows


_PERMIT_HEADER = [
    "N° de dossier",
    "Pétitionnaire",
    "Catégorie du demandeur",
    "Adresse du pétitionnaire",
    "Courriel",
    "Surface",
]
# Names whose text alone misleads: « LMR Habitat » reads like « DUPONT Anh », « Rosier
# Bâtiment » like a person, « Maison Pujol » like an organisation.
_APPLICANTS = [
    ("LMR Habitat", "Bailleur social", "accueil@lmr-habitat.fr", "12 rue du Fer à Cheval, Lattes"),
    ("Castel Pradès", "Promoteur", "contact@castel-prades.fr", "410 avenue de Barcelone, Jacou"),
    ("KDS Horizons", "Personne morale", "kds.horizons@gmail.com", "7 rue Levat, Grabels"),
    ("Maison Pujol", "Particulier", "maison.pujol{i}@orange.fr", "8 rue des Lilas, 34000 Montpellier"),
    ("Julie Fabregat", "particulier", "julie.fabregat{i}@gmail.com", "5 impasse des Cigales, 34970 Lattes"),
    ("SARL Sud Étanchéité, représentée par M. Paul Rascalou", "Personne morale",
     "04 67 41 {i:02d} 80", "3 rue Proudhon, Montpellier"),
    ("Arnaud Ségala", "", "arnaud.segala{i}@free.fr", "2 rue Fontaine, 34000 Montpellier"),
    ("Commune de Jacou", "Collectivité", "mairie@jacou.fr", "Place de la Mairie, Jacou"),
]  # fmt: skip


@pytest.mark.parametrize("policy", [False, True])
def test_a_category_column_decides_who_each_row_is_about(
    tmp_path: Path, opendata_home: Path, policy: bool
) -> None:
    """« Catégorie du demandeur » says who each row is about: a « Bailleur social », a
    « Promoteur », a « Personne morale » keeps its name, seat and mailbox whatever its name
    looks like (« LMR Habitat »); a « Particulier » is a person whatever his name looks like
    (« Maison Pujol »): name, home and mailbox go; the representative an organisation's cell
    names still goes; a blank category leaves the name's text to decide. With a policy naming
    the subject (no scan) as in auto mode."""
    rows = _permits(_APPLICANTS)
    src = write_csv(tmp_path / "permis.csv", _PERMIT_HEADER, rows)
    out = tmp_path / "out.csv"
    args = ["anonymize", str(src), "--output", str(out)]
    if policy:
        yaml = tmp_path / "policy.yaml"
        yaml.write_text(
            "version: 1\nsubject: Pétitionnaire\n"
            "subject_columns: [Adresse du pétitionnaire, Courriel]\n"
            "default: keep\ncolumns:\n  Pétitionnaire: redact_natural_persons\n",
            encoding="utf-8",
        )
        args += ["--policy", str(yaml)]
    assert run_cli(*args) == 0
    for before, after in zip(rows, _read(out), strict=True):
        name, category = before[1], before[2]
        person = category.lower() == "particulier" or not category
        assert (after["Courriel"] == before[4]) is not person, name
        assert (after["Adresse du pétitionnaire"] == before[3]) is not person, name
        if person:
            assert name.split()[-1] not in after["Pétitionnaire"], name
        elif "Rascalou" in name:
            assert "Rascalou" not in after["Pétitionnaire"]
            assert after["Pétitionnaire"].startswith("SARL Sud Étanchéité")
        else:
            assert after["Pétitionnaire"] == name


def test_scan_shows_the_column_saying_who_the_rows_are_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The scan names the category column beside the subject; a column of other labels
    (« Type » of permit) is none."""
    rows = [[*r, "Permis de construire"] for r in _permits(_APPLICANTS)]
    src = write_csv(tmp_path / "permis.csv", [*_PERMIT_HEADER, "Type"], rows)
    assert run_cli("scan", str(src), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["subject"] == "Pétitionnaire"
    assert report["subject_category"] == "Catégorie du demandeur"


def test_a_declarants_mailbox_shortening_his_surname_goes_on_a_companys_row(
    tmp_path: Path, opendata_home: Path
) -> None:
    """A company's row keeps its own mailbox (« contact@… », one spelling its name); the
    declarant's own, his first name and his surname's first letters (« laetitiadur34@… »
    beside « Mme Laetitia Durand », « mohandgau@… » beside « GAUSSEN Mohand »), goes."""
    declarations = [
        ("SASU Maçonnerie Renard", "GAUSSEN Mohand", "mohandgau2001@neuf.fr", False),
        ("SARL Menuiserie Bouchet", "Mme Laetitia Durand", "laetitiadur34@numericable.fr", False),
        ("SAS Cave Duval", "Mr Laporte", "contact@cave-duval.fr", True),
        ("EURL Fromagerie Lamy", "Mme Fatima PAGÈS", "fromagerielamy@gmail.com", True),
    ]
    rows = [
        [f"T{i:03d}", company, declarant, mail, f"{100 + i},00"]
        for i, (company, declarant, mail, _) in enumerate(declarations * 8)
    ]
    src = write_csv(
        tmp_path / "tlpe.csv", ["N°", "Redevable", "Déclarant", "Courriel", "Montant"], rows
    )
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\nsubject: Redevable\nsubject_columns: [Courriel]\ndefault: auto\n"
        "columns:\n  Redevable: redact_natural_persons\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out), "--policy", str(policy)) == 0
    kept = {mail: own for *_, mail, own in declarations}
    for before, after in zip(rows, _read(out), strict=True):
        assert after["Redevable"] == before[1]
        assert (after["Courriel"] == before[3]) is kept[before[3]], before[3]


def test_a_register_of_associations_is_about_the_associations_not_their_presidents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """« Nom de l'association » names organisations (« Nom » qualifies what it names): the rows
    are about them, their seat, line and mailbox stay; the officers' names go."""
    associations = [
        ("Amicale des Pêcheurs du Lez", "Hortense Valat", "Basile Ferrand"),
        ("Club de Scrabble de Clapiers", "Ondine Marcou", "Ruben Astié"),
        ("Les Amis du Vieux Castries", "Gaspard Issert", "Mireille Coste"),
        ("Comité des Fêtes de Saussan", "Lila Bardou", "Anselme Rigal"),
        ("Chorale À Cœur Joie Lavérune", "Noémie Pradel", "Fabien Cazals"),
        ("Ludothèque Pirouette", "Élodie Sabatier", "Marius Teisseire"),
    ]
    rows = []
    for i in range(60):
        name, president, treasurer = associations[i % len(associations)]
        slug = name.split()[-1].lower()
        rows.append([f"W34{i:07d}", f"{name} {i}", f"{10 + i} rue des Écoles", president,
                     treasurer, f"04 67 {i:02d} 30 12", f"secretariat@{slug}{i}.fr"])  # fmt: skip
    header = ["N° RNA", "Nom de l'association", "Siège social", "Président(e)", "Trésorier(e)",
              "Téléphone", "Courriel"]  # fmt: skip
    src = write_csv(tmp_path / "associations.csv", header, rows)
    assert run_cli("scan", str(src), "--json") == 0
    assert json.loads(capsys.readouterr().out)["subject"] == "Nom de l'association"
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    for before, after in zip(rows, _read(out), strict=True):
        assert [after[h] for h in ("Nom de l'association", "Siège social", "Téléphone", "Courriel")] == [
            before[1], before[2], before[5], before[6]
        ]  # fmt: skip
        assert before[3] not in after["Président(e)"] and before[4] not in after["Trésorier(e)"]


def test_scan_counts_a_persons_address_as_personal_where_the_subject_mixes_persons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Holders mixing residents and companies, no other column about persons: the address
    column goes on the residents' rows, so the scan lists it as personal."""
    holders = ["Mme Julie Fabregat", "M. Anselme Rigal", "Noémie Pradel", "SCI Les Terrasses du Lez",
               "M. Basile Ferrand", "Hortense Valat", "SARL Maurin Frères", "Mme Lila Bardou"]  # fmt: skip
    rows = [[holders[i % len(holders)], f"{i + 2} rue des Lilas, 34000 Montpellier", f"Z{i % 3}"]
            for i in range(40)]  # fmt: skip
    src = write_csv(tmp_path / "vignettes.csv", ["Titulaire", "Adresse", "Zone"], rows)
    assert run_cli("scan", str(src), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    kinds = {c["column"]: c["kind"] for c in report["columns"]}
    assert (kinds["Titulaire"], kinds["Adresse"]) == ("mixed_persons", "address")
    assert report["subject"] == "Titulaire" and report["subject_columns"] == ["Adresse"]
    assert report["personal_columns"] == ["Titulaire", "Adresse"]


def test_the_official_who_signs_a_permit_is_not_whom_it_is_about(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« Élu signataire » names the council's side of every row: the holder (a company, or a
    sole trader) stays the subject, so a company's premises keep their address and a sole
    trader's goes."""
    holders = ["SAS Brasserie des Arceaux", "Sidonie Cabanis (EI)", "SARL Le Comptoir du Lez"]
    officials = ["Anselme Estarac", "Octavie Roumieu"]
    rows = [
        [holders[i % 3], f"{i + 2} rue des Micocouliers", officials[i % 2], str(10 + i)]
        for i in range(30)
    ]
    header = ["Exploitant", "Adresse de l'établissement", "Élu signataire", "Surface"]
    src = write_csv(tmp_path / "terrasses.csv", header, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    for before, after in zip(rows, _read(out), strict=True):
        sole_trader = before[0].endswith("(EI)")
        assert after["Exploitant"] == ("Personne physique" if sole_trader else before[0])
        assert after["Adresse de l'établissement"] == ("[ADRESSE]" if sole_trader else before[1])
        assert after["Élu signataire"] == "[NOM]"
