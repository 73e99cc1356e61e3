"""Rows whose subject the name column leaves undecided, and persons named in short notes: a
family in brackets. Invented names and contact details, no corpus value."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows


def test_a_family_in_brackets_is_masked(tmp_path: Path) -> None:
    notes = [
        "Haie mitoyenne à tailler (famille Ng).",
        "Clôture abîmée (Famille Le Bihan), devis demandé.",
        "Arrosage partagé «famille Quérel» depuis mai.",
    ]
    rows = [[f"J-{i}", note] for i, note in enumerate(notes)]
    out = anonymize_rows(tmp_path, ["Lot", "Remarques"], rows)
    masked = " ".join(r["Remarques"] for r in out)
    for surname in ("Ng", "Le Bihan", "Quérel"):
        assert surname not in masked
    assert "Haie mitoyenne à tailler" in masked


_PERSONS = [
    ("Mathilde Carrère", "06 12 45 78 90", "mathilde.carrere@gmail.com"),
    ("VIDAL Benoît", "07 21 54 87 09", "bvidal34@orange.fr"),
    ("Hélène Bousquet", "06 33 14 25 36", "h.bousquet@free.fr"),
    ("ESTÈVE Pascal", "06 47 58 69 70", "pascal.esteve@laposte.net"),
    ("Joëlle Fabre", "07 81 92 03 14", "joelle.fabre@hotmail.fr"),
    ("Thierry Granier", "06 25 36 47 58", "tgranier@yahoo.fr"),
    ("Sandrine Pujol", "06 69 70 81 92", "sandrine.pujol@sfr.fr"),
]
_ORGANISATIONS = [
    ("Association des Jardins du Verdanson", "04 67 11 22 33", "contact@jardins-verdanson.fr"),
    ("Collège Frédéric Mistral", "04 67 44 55 66", "secretariat@college-mistral.fr"),
    ("Comité de quartier des Aubes", "06 98 76 54 32", "comitedesaubes@gmail.com"),
    # no organisation word, but its landline and its desk at its own domain
    ("Verdalys Ouest", "04 67 90 12 34", "gestion@verdalys-ouest.fr"),
]
# Names the column cannot read alone: first names no lexicon holds, no surname seen elsewhere.
_UNREAD = [
    ("Zorvan Quillet", "+33 6 58 47 36 25", "zorvan.quillet [at] hotmail.fr"),
    ("yelvine tarragou", "+33751628394", "ytarragou(at)outlook.fr"),
]


def test_an_unread_name_loses_its_mobile_and_personal_mailbox(tmp_path: Path) -> None:
    """A row whose subject is no sure organisation keeps no mobile, no personal mailbox (an
    organisation's landline and desk stay)."""
    rows = [
        [f"L-{i}", name, phone, mail]
        for i, (name, phone, mail) in enumerate(_PERSONS + _ORGANISATIONS + _UNREAD)
    ]
    out = anonymize_rows(tmp_path, ["Lot", "Titulaire du lot", "Téléphone", "Courriel"], rows)
    by_lot = {r["Lot"]: r for r in out}
    for i, (_, phone, mail) in enumerate(_UNREAD, start=len(_PERSONS) + len(_ORGANISATIONS)):
        assert by_lot[f"L-{i}"]["Téléphone"] != phone
        assert by_lot[f"L-{i}"]["Courriel"] != mail
    for i, (name, phone, mail) in enumerate(_ORGANISATIONS, start=len(_PERSONS)):
        assert by_lot[f"L-{i}"]["Titulaire du lot"] == name
        assert (by_lot[f"L-{i}"]["Téléphone"], by_lot[f"L-{i}"]["Courriel"]) == (phone, mail)


def test_a_name_shaped_cell_in_a_column_of_persons_is_a_person(tmp_path: Path) -> None:
    """Where the column is mostly persons, a cell shaped like a name and no organisation is a
    person's: in lower case whatever its first name, capitalised with a known first name (a
    month word beside it is a given name); a trade's name stays."""
    persons = [
        *_PERSONS,
        ("Gilles Roques", "06 14 25 36 47", "gilles.roques@gmail.com"),
        ("Nadia Benali", "07 58 69 70 81", "nbenali@free.fr"),
        ("Laurent Combes", "06 92 03 14 25", "l.combes@orange.fr"),
    ]
    unread = [
        _UNREAD[1],
        ("MOUREN Avril Laure", "06 03 14 25 36", "avril.mouren@gmail.com"),
        ("Tarragou Juin Mathéo", "06 36 47 58 69", "juin.tarragou@free.fr"),
    ]
    organisations = [*_ORGANISATIONS[:2], ("Serrurerie Quillet", "04 67 80 91 02", "")]
    rows = [
        [f"L-{i}", name, phone, mail]
        for i, (name, phone, mail) in enumerate(persons + organisations + unread)
    ]
    out = anonymize_rows(tmp_path, ["Lot", "Titulaire du lot", "Téléphone", "Courriel"], rows)
    cells = {r["Titulaire du lot"] for r in out}
    assert not cells & {name for name, _, _ in unread}
    assert {name for name, _, _ in organisations} <= cells


def test_persons_in_short_notes_whatever_their_first_name(tmp_path: Path) -> None:
    """A former operator, a co-holder, a project's other bearer, a neighbour placed in the
    building: persons even when the lexicon lacks their first name; organisations after the
    same words stay."""
    notes = [
        ("Ancien exploitant : Zorvan Quillet. Terrasse fermée à 22h.", "Zorvan Quillet"),
        ("Repreneuse : Kélisse Arrouy, depuis mars.", "Kélisse Arrouy"),
        ("Lot partagé avec Yelvine Tarragou. Cabanon commun.", "Yelvine Tarragou"),
        ("Projet porté aussi par Ondrel Vasquière, qui fournit le bois.", "Ondrel Vasquière"),
        ("Nuisances sonores (Tiavane Rocheblave, 3e étage).", "Tiavane Rocheblave"),
        ("Proposé par Maëlwen Estibal, habitante du quartier.", "Maëlwen Estibal"),
        ("Exploitant précédent : Ivrane Mazoyer.", "Ivrane Mazoyer"),
        ("Ex-gérante : Soulenn Cabrol, partie en 2023.", "Soulenn Cabrol"),
    ]
    kept = [
        "Ancien exploitant : Brasserie des Arceaux.",
        "Lot partagé avec Collège Camille Claudel.",
        "Projet porté aussi par Maison pour tous Léo Lagrange.",
        "Exploitant précédent : SARL Les Tilleuls du Lez.",
    ]
    rows = [[f"N-{i}", text] for i, text in enumerate([n for n, _ in notes] + kept)]
    out = anonymize_rows(tmp_path, ["Dossier", "Observations"], rows)
    texts = [r["Observations"] for r in out]
    for text, (_, name) in zip(texts, notes, strict=False):
        assert name not in text and "[NOM]" in text
    assert texts[len(notes) :] == kept


def test_in_a_directory_an_unread_name_is_an_organisation(tmp_path: Path) -> None:
    """In a column the scan finds mostly organisations (a directory), a name it cannot read is
    one more organisation: its webmail box stays."""
    organisations = [
        (f"Association {w} du Lez", f"04 67 20 30 {i:02d}", f"contact@{w.lower()}-lez.fr")
        for i, w in enumerate(["Jardins", "Chorale", "Théâtre", "Randonnée", "Échecs", "Vélo"])
    ]
    unread = [("Kalimbao Sud", "04 67 20 40 50", "kalimbao.sud@gmail.com")]
    rows = [
        [f"A-{i}", name, phone, mail]
        for i, (name, phone, mail) in enumerate(organisations + unread + _PERSONS[:1])
    ]
    out = anonymize_rows(tmp_path, ["Code", "Nom de l'association", "Téléphone", "Courriel"], rows)
    by_code = {r["Code"]: r for r in out}
    assert by_code[f"A-{len(organisations)}"]["Courriel"] == "kalimbao.sud@gmail.com"
    assert by_code[f"A-{len(organisations) + 1}"]["Courriel"] != _PERSONS[0][2]


def test_a_subject_pointing_back_at_the_person_loses_its_home_address(tmp_path: Path) -> None:
    """A subject cell pointing back at the person the row is about (« idem », « l'intéressée »)
    is a natural person: the street of the address goes whatever the header calls it, its
    commune stays; an organisation's seat stays whole."""
    streets = ["rue des Capucines", "chemin du Pigeonnier", "impasse des Romarins"]
    persons = [
        (name, f"{12 + i} {streets[i % 3]}", ", 34400 Lunel")
        for i, (name, _, _) in enumerate(_PERSONS)
    ]
    same = [
        ("idem", "41 bis allée des Micocouliers", " - 34190 Ganges"),
        ("Idem.", "8 ter chemin des Lavandes", " 34800 Clermont-l'Hérault"),
        ("L'intéressée", "résidence Les Oliviers, bât. C, apt 7, 3 rue du Four", ", 34270 Claret"),
        ("elle-même", "15 avenue des Cistes", ", 34980 Combaillaux"),
    ]
    organisations = [
        ("Association des Jardins du Verdanson", "5 rue de la Fontaine", ", 34000 Montpellier"),
        ("SARL Les Tilleuls du Lez", "27 avenue des Platanes", " - 34170 Castelnau-le-Lez"),
    ]
    everyone = persons + same + organisations
    rows = [
        [f"D-{i}", name, street + commune] for i, (name, street, commune) in enumerate(everyone)
    ]
    out = anonymize_rows(tmp_path, ["Dossier", "Demandeur", "Adresse d'envoi"], rows)
    sent = [r["Adresse d'envoi"] for r in out]
    for cell, (_, street, commune) in zip(sent, persons + same, strict=False):
        assert cell == "[ADRESSE]" + commune, street
    assert sent[len(persons) + len(same) :] == [s + c for _, s, c in organisations]
