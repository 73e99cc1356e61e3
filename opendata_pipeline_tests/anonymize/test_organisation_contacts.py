"""An organisation's contact details are public data and stay; a person's go. Decided on
evidence (who the row is about, whose details a header names, a landline or a function's
mailbox), never by dropping detection. Through the command line, with invented rows."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows, run_cli, write_csv

VENUES = ["salle des fêtes", "maison pour tous Albert Camus", "médiathèque Émile Zola"]
ORGANISERS = ["Comité des fêtes de Lavérune", "Amicale des Aînés", "Foyer rural"]


def test_an_agenda_without_persons_keeps_its_landlines_and_functional_mailboxes(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = []
    for i in range(30):
        line = f"07 68 {i:02d} 41 90" if i % 10 == 3 else f"04 67 {i:02d} 41 90"
        box = f"r.vidal{i}@orange.fr" if i % 10 == 7 else f"accueil{i}@foyer-rural.fr"
        rows.append(
            [f"{i + 1:02d}/05/2026", VENUES[i % 3], "Atelier cuisine", ORGANISERS[i % 3], line, box]
        )
    header = ["Date", "Lieu", "Intitulé", "Organisateur", "Renseignements", "Inscriptions"]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        mobile, personal = before[4].startswith("07"), before[5].startswith("r.")
        assert after["Renseignements"] == ("[TEL]" if mobile else before[4])
        assert after["Inscriptions"] == ("[EMAIL]" if personal else before[5])


def test_a_header_naming_a_phone_still_fails_closed_without_persons(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = [[f"Poste {i}", f"04 67 {i:02d} 41 90"] for i in range(20)]
    for after in anonymize_rows(tmp_path, ["Poste", "Téléphone"], rows):
        assert after["Téléphone"] == "[TEL]"


CLUBS = [
    # club, president, seat, phone, e-mail: the president's own mailbox on odd rows
    ("Cercle nautique de Palavas", "Mme Odile FERRAND", "4 quai Paul Cunq, 34250 Palavas"),
    ("Union bouliste de Jacou", "VASSEUR Hugo", "12 rue du Stade, 34830 Jacou"),
    ("Échiquier de Saussan", "Inès Marchetti", "1 place de la Mairie, 34570 Saussan"),
    ("Tambourin club de Cournonsec", "M. Karim Benali", "9 avenue du Lez, 34660 Cournonsec"),
]


def test_a_representatives_mailbox_takes_only_the_mailbox_with_it(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = []
    for i in range(24):
        club, president, seat = CLUBS[i % 4]
        surname = president.split()[-1].lower() if i % 4 != 1 else "vasseur"
        own = i % 2 == 1
        mail = f"{surname}.{i}@gmail.com" if own else f"secretariat@club{i}.fr"
        phone = f"04 67 {i:02d} 45 67"
        if i % 6 == 5:  # a mobile, one of them mistyped with a digit too many
            phone = f"06 12 {i:02d} 45 678" if i % 12 == 11 else f"06 12 {i:02d} 45 67"
        rows.append([club, president, seat, phone, mail])
    header = ["Association", "Président(e)", "Siège social", "Téléphone", "Courriel"]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        assert after["Association"] == before[0]
        assert after["Président(e)"] != before[1]
        assert after["Siège social"] == before[2]  # the association's seat
        mobile = before[3].startswith("06")
        assert after["Téléphone"] == ("[TEL]" if mobile else before[3])
        own = not before[4].startswith("secretariat")
        assert after["Courriel"] == ("[EMAIL]" if own else before[4])


GUARDIANS = ["Sandrine VIDAL", "ROUX Patrice", "Aide sociale à l'enfance de l'Hérault"]


def test_contact_columns_follow_the_person_their_header_names(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = []
    for i in range(30):
        guardian = GUARDIANS[i % 3]
        rows.append(
            [
                ["Léa", "Tom", "Inès"][i % 3],
                ["MARTIN", "Durand", "PETIT"][i % 3] + f"{'e' * (i % 4)}",
                guardian,
                f"04 67 {i:02d} 12 34",
                f"contact{i}@ase34.fr" if i % 3 == 2 else f"parent{i}@free.fr",
            ]
        )
    header = [
        "Prénom de l'élève",
        "Nom de l'élève",
        "Responsable légal",
        "Téléphone du responsable",
        "Courriel du responsable",
    ]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        service = before[2].startswith("Aide sociale")
        assert after["Nom de l'élève"] != before[1]
        assert after["Téléphone du responsable"] == (before[3] if service else "[TEL]")
        assert after["Courriel du responsable"] == (before[4] if service else "[EMAIL]")


PARENTS = ["Sandrine VIDAL", "Mai Carvalho", "ROUX Patrice", "Famille d'accueil Tessier", "Jean Vu"]
SURNAMES = ["Bonnet", "Lefebvre", "Caizergues", "Nguyen", "Azéma", "Roques", "Ferrand", "Mallet"]
SERVICES = ["Maison d'enfants Les Tilleuls", "MECS La Garrigue", "Foyer départemental de l'enfance"]


def test_a_guardian_column_keeps_its_organisations_and_their_lines(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = []
    for i in range(40):
        service = i % 5 == 4
        guardian = SERVICES[i % 3] if service else f"{PARENTS[i % 5]} {SURNAMES[i % 8]}"
        rows.append(
            [
                ["Léa", "Tom", "Inès", "Noé"][i % 4],
                ["MARTIN", "Durand", "PETIT", "Garcia"][i % 4] + "e" * (i % 3),
                guardian,
                f"{i + 2} rue des Lilas, 34000 Montpellier",
                f"04 67 {i:02d} 12 34",
                f"accueil{i}@enfance34.fr" if service else f"parent{i}@free.fr",
            ]
        )
    header = ["Prénom élève", "Nom élève", "Représentant légal", "Adresse", "Téléphone", "Courriel"]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        service = before[2] in SERVICES
        assert after["Représentant légal"] == (before[2] if service else "Personne physique")
        assert after["Adresse"] == "[ADRESSE], 34000 Montpellier"  # the pupil's home
        assert after["Téléphone"] == (before[4] if service else "[TEL]")
        assert after["Courriel"] == (before[5] if service else "[EMAIL]")


def test_a_redacted_home_address_keeps_its_commune(tmp_path: Path, opendata_home: Path) -> None:
    addresses = [
        (
            "17 impasse des Cistes, 34980 Montferrier-sur-Lez",
            "[ADRESSE], 34980 Montferrier-sur-Lez",
        ),
        ("3 bis chemin de la Garrigue 34570 Pignan", "[ADRESSE] 34570 Pignan"),
        ("lieu-dit Les Clapas, Murviel-lès-Montpellier", "[ADRESSE], Murviel-lès-Montpellier"),
        ("Mas des Oliviers, impasse du Puits", "[ADRESSE]"),  # a street, no commune: all goes
        ("Résidence Les Pins, bât. B, 8 rue Haute", "[ADRESSE]"),
    ]
    rows = [
        [f"Mme Claire {name}", address, f"{i * 10} m²"]
        for i, (name, (address, _)) in enumerate(
            zip(["BOYER", "Fabre", "ROQUES", "Sabatier", "MAUREL"] * 4, addresses * 4, strict=True)
        )
    ]
    result = anonymize_rows(
        tmp_path, ["Pétitionnaire", "Adresse du pétitionnaire", "Surface"], rows
    )
    expected = dict(addresses)
    for before, after in zip(rows, result, strict=True):
        assert after["Adresse du pétitionnaire"] == expected[before[1]]


def test_messages_under_a_header_naming_people_are_free_text(
    tmp_path: Path, opendata_home: Path
) -> None:
    streets = ["rue des Capucins", "avenue de Lodève", "boulevard Gambetta", "place Candolle"]
    rows = [
        [
            f"S{i}",
            f"Bonjour, j'habite au {i + 2} {streets[i % 4]} et le container de la médiathèque "
            "déborde depuis lundi.",
        ]
        for i in range(24)
    ]
    result = anonymize_rows(tmp_path, ["N°", "Message de l'usager"], rows)
    for before, after in zip(rows, result, strict=True):
        assert "[ADRESSE]" in after["Message de l'usager"], before[1]
        assert streets[0] not in after["Message de l'usager"]


def test_places_named_by_the_rows_keep_their_lines_under_explicit_headers(
    tmp_path: Path, opendata_home: Path
) -> None:
    # The rows are about places ("Lieu"): their "Téléphone" and "Courriel" are the places' own.
    rows = []
    for i in range(30):
        line = f"06 71 {i:02d} 33 18" if i % 10 == 4 else f"04 99 {i:02d} 52 10"
        box = f"nadia.roux{i}@gmail.com" if i % 10 == 6 else f"contact{i}@mediatheques.fr"
        rows.append([f"L{i}", VENUES[i % 3], "Lecture de contes", line, box])
    header = ["Code", "Lieu", "Animation", "Téléphone", "Courriel"]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        assert after["Téléphone"] == ("[TEL]" if before[3].startswith("06") else before[3])
        assert after["Courriel"] == ("[EMAIL]" if before[4].startswith("nadia") else before[4])


def test_contract_awardees_keep_their_details_unless_sole_traders(
    tmp_path: Path, opendata_home: Path
) -> None:
    companies = ["SAS Travaux du Lez", "SARL Peinture Occitane", "Entreprise Garrigues et Fils"]
    traders = ["Entreprise individuelle Odile Pradal", "MARTY Lucien - micro-entreprise"]
    rows = []
    for i in range(30):
        awardee = traders[i % 2] if i % 5 == 0 else companies[i % 3]
        rows.append(
            [f"M{i}", awardee, f"{i + 3} rue de la Gare, 34970 Lattes", f"offres{i}@entreprise.fr"]
        )
    header = ["N° marché", "Attributaire", "Adresse attributaire", "Courriel"]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        if before[1] in traders:
            assert (
                before[1].split()[-1] not in after["Attributaire"] or "[" in after["Attributaire"]
            )
            assert after["Courriel"] == "[EMAIL]" and after["Adresse attributaire"] != before[2]
        else:
            assert after["Attributaire"] == before[1]
            assert after["Courriel"] == before[3] and after["Adresse attributaire"] == before[2]


def test_an_agendas_contact_column_keeps_the_organisers_lines(
    tmp_path: Path, opendata_home: Path
) -> None:
    """A « Contact » column mixing phones and e-mails, in a file naming no person: landlines
    and function mailboxes stay, a mobile or a personal mailbox takes its cell."""
    contacts = [
        ("04 99 54 96 66 / accueil@brassens-en-occitanie.fr", True),
        ("contact@radio-france-occitanie.fr - 04 99 86 96 70", True),
        ("06 12 34 56 78 / billetterie@corum.fr", False),
        ("04 67 78 61 41 - jean.dupont@gmail.com", False),
        ("secretariat@comedie-du-livre.fr", True),
    ]
    rows = [[f"Spectacle {i}", "Salle Molière", contacts[i % 5][0]] for i in range(30)]
    src = write_csv(tmp_path / "agenda.csv", ["Spectacle", "Lieu", "Contact organisateur"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    result = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    for i, row in enumerate(result):
        value, kept = contacts[i % 5]
        assert row["Contact organisateur"] == (value if kept else "[MASQUÉ]")


def test_a_directory_of_organisations_alone_stays_the_rows_subject(
    tmp_path: Path, opendata_home: Path
) -> None:
    """Every name an organisation's, beside a president column: the associations' landlines
    and mailboxes stay, the presidents go."""
    names = ["Chorale des Garrigues", "Atelier Théâtre du Lez", "Club de tennis du Lez"]
    presidents = ["Sidonie Cabanis", "ESTARAC Anselme", "octavien ausset"]
    rows = [
        [
            f"W34{i:07d}",
            f"{names[i % 3]} {i}",
            presidents[i % 3],
            f"04 67 {i:02d} 52 63",
            f"contact{i}@asso-exemple.fr",
        ]
        for i in range(30)
    ]
    header = ["N° RNA", "Nom de l'association", "Président(e)", "Téléphone", "Courriel"]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        assert after["Président(e)"] == "[NOM]"
        assert after["Téléphone"] == before[3] and after["Courriel"] == before[4]


PRACTICES = ["Clinique vétérinaire des Garrigues", "Cabinet Orsini et Laffargue", "Vétocéan"]
OWNERS = ["Mathis Ruffel", "Léna Baudouin", "Yanis Cazorla", "Maëlle Troncin", "Hugo Peyrat"]


def test_a_header_naming_a_practice_keeps_its_landlines_not_a_persons_line(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« Tél. vétérinaire » beside the owners: the practices' landlines stay, a mobile goes;
    « Tél. référent de la structure » names a person and fails closed, landlines too."""
    rows = []
    for i in range(30):
        vet = f"07 81 {i:02d} 52 30" if i % 10 == 4 else f"04 99 {i:02d} 52 30"
        rows.append(
            [OWNERS[i % 5], f"06 40 {i:02d} 18 77", PRACTICES[i % 3], vet, f"04 67 {i:02d} 90 12"]
        )
    header = [
        "Propriétaire",
        "Téléphone",
        "Vétérinaire",
        "Tél. vétérinaire",
        "Tél. référent de la structure",
    ]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        assert after["Propriétaire"] != before[0]
        assert after["Téléphone"] == "[TEL]"
        assert after["Tél. vétérinaire"] == ("[TEL]" if before[3].startswith("07") else before[3])
        assert after["Tél. référent de la structure"] == "[TEL]"


def test_a_service_given_at_home_names_no_home_address(tmp_path: Path, opendata_home: Path) -> None:
    """« Service d'aide à domicile » names the provider, not where a person lives: its
    organisations stay beside the beneficiaries, whose home address goes."""
    providers = ["Domicile Assistance Garrigues", "CCAS de Lavérune", "SAAD Les Aidants de l'Orb"]
    names = ["ESTARAC Anselme", "Sidonie Cabanis", "Mme Octavie Roumieu", "FALGUIÈRE, Bastien"]
    rows = [[names[i % 4], f"{i + 3} rue des Micocouliers", providers[i % 3]] for i in range(30)]
    header = ["Bénéficiaire", "Adresse", "Service d'aide à domicile"]
    for before, after in zip(rows, anonymize_rows(tmp_path, header, rows), strict=True):
        assert after["Bénéficiaire"] == "[NOM]" and after["Adresse"] == "[ADRESSE]"
        assert after["Service d'aide à domicile"] == before[2]
