"""An elected official named with their office in apposition (« X, maire de … », « X (première
adjointe) », « X, vice-présidente de la Métropole ») is public and stays; a private person stays
masked when another role word follows the name (« X, voisin du maire »). Through the command a
steward runs, with invented names."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows

OFFICIALS = [
    ("Ghislaine Vidalenc", ", maire de Teyran"),
    ("Firmin Estagel", ", adjoint au maire délégué aux sports"),
    ("Odile Carbonnel", " (conseillère métropolitaine déléguée au patrimoine)"),
    ("Rémi Fabrègue", ", vice-président de la Métropole"),
    ("Anouk Lesparre", " – première adjointe"),
    ("Basile Terrisse", ", conseiller départemental"),
    ("Margaux Sérane", ", adjointe à la vie associative"),
    ("Lison Audibert", ", présidente du Conseil régional"),
    ("Gaspard Mialhe", ", député de la circonscription"),
    ("Clémence Aussel", ", élue municipale déléguée aux écoles"),
]
PRIVATE = [
    ("Lucien Pagès", ", voisin du maire"),
    ("Aurore Fontanel", ", présidente de l'association des riverains"),
    ("Jonas Cabrol", ", adjoint au chef de service"),
    ("Pauline Roudil", " (collaboratrice de la députée)"),
    ("Hugo Sarrail", ", conseiller financier"),
    ("Romain Bastide", ", élu du personnel"),
]


def test_officials_in_their_function_stay(tmp_path: Path, opendata_home: Path) -> None:
    """In a column of its own and in a note, an official with their office stays verbatim; a
    name followed by a role that is no elective office goes."""
    people = OFFICIALS + PRIVATE
    rows = [
        [
            f"DEN-{i:03d}",
            f"{name}{office}",
            f"Plaque dévoilée le 0{i % 9 + 1}/05/2019 en présence de {name}{office}.",
        ]
        for i, (name, office) in enumerate(people * 3)
    ]
    out = anonymize_rows(tmp_path, ["Identifiant", "Rapporteur", "Note"], rows, "denominations.csv")
    for row, (name, office) in zip(out, people * 3, strict=True):
        for column in ("Rapporteur", "Note"):
            if (name, office) in OFFICIALS:
                assert f"{name}{office}" in row[column], row[column]
            else:
                assert name not in row[column] and office in row[column], row[column]


def test_an_office_before_the_name_makes_it_its_holder(tmp_path: Path, opendata_home: Path) -> None:
    """« M. le maire X », « la conseillère municipale X », « en présence du maire, X » keep the
    official; « le fils du maire, X », « la voisine de l'adjointe au maire, X » and a verb
    between the office and the name (« le maire a reçu X ») leave a private person, masked."""
    notes = [
        ("Ruban coupé par M. le maire Ghislaine Vidalenc.", "Ghislaine Vidalenc", True),
        ("Accueil par la conseillère municipale Odile Carbonnel.", "Odile Carbonnel", True),
        ("Discours en présence du maire, Firmin Estagel.", "Firmin Estagel", True),
        ("Allocution de l'adjointe au maire déléguée aux sports, Anouk Lesparre.", "Anouk", True),
        ("Madame la députée Lison Audibert a dévoilé la plaque.", "Lison Audibert", True),
        ("Réclamation du fils du maire, Lucien Pagès, sur la plaque.", "Lucien Pagès", False),
        ("Demande de la voisine de l'adjointe au maire, Aurore Fontanel.", "Fontanel", False),
        ("Le maire a reçu le riverain Jonas Cabrol en mairie.", "Jonas Cabrol", False),
    ]
    rows = [[f"DEN-{i:03d}", notes[i % len(notes)][0]] for i in range(24)]
    out = anonymize_rows(tmp_path, ["Identifiant", "Note"], rows, "denominations.csv")
    for i, row in enumerate(out):
        text, name, public = notes[i % len(notes)]
        assert (row["Note"] == text) if public else (name not in row["Note"]), row["Note"]
