"""Generate the labelled evaluation corpus (deterministic: same seed, same files).

Writes, next to this script:
- `free_text.csv`: id, text, planted (JSON [[kind, value], ...]), decoys (JSON [[kind, value]]);
- `people.csv` + `people.labels.json`: a person-level table (identifier columns, mixed columns,
  free text) with the planted value of every cell and the decoy columns;
- `people.policy.yaml`: the policy a steward would write for `people.csv`;
- `clean_*.csv`: files without personal data that must come out byte-for-byte intact.

All identifiers are synthetic (valid check digits, fictitious persons). Run:
`python opendata_pipeline_tests/anonymize/corpus/generate.py`.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from stdnum import iban, luhn
from stdnum.fr import nir

HERE = Path(__file__).resolve().parent
SEED = 20261129


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    """Jean Marie Pierre Sophie Nicolas Nathalie Karim Fatima Lucas Chloé Jean-Pierre
Marie-Claire Anne-Sophie Kévin Élodie Hélène François Josiane Mohamed Aïcha Yannick Ludovic
Camille Thierry Brigitte Gérard Isabelle Sylvie Océane Enzo Léa Inès Mathéo Nadia Rachid Samir
Yasmine Jérôme Véronique Christophe Stéphanie Aurélien Manon Hugo Emma Louise Gabriel Raphaël
Zoé Maëlle Noémie Frédéric Bernadette Marcel Odette Ginette Joël Pascale Didier Corinne Laurent
Patricia Sébastien Delphine Grégoire Agnès Benoît Cécile Damien Françoise Guillaume Jacqueline
Mathieu Murielle Olivier Pauline Quentin Sandrine Valérie Xavier Yves Adèle Baptiste Clément"""
)
LAST = _words(
    """Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent
Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier
Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry
Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin
Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer
Lucas Meunier Jean Perez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt
Leroux Colin Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois
Renaud Lemoine Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Hoarau
N'Diaye Le_Gall d'Aubigné de_La_Fontaine Ben_Ahmed Diallo Traoré Haddad Benali Kowalski"""
)
LAST = [n.replace("_", " ") for n in LAST]
STREETS = """rue des Lilas|avenue de la Liberté|chemin de la Rauze|impasse du Moulin|allée des Pins
|boulevard Gambetta|route de Lodève|rue du Faubourg Figuerolles|place Saint-Denis|rue de l'Aiguillerie
|avenue du Pont Juvénal|rue des Écoles Laïques|chemin de Moularès|rue Marcel de Serres""".replace(
    "\n", ""
).split("|")
COMMUNES = [
    ("34000", "Montpellier"),
    ("34070", "Montpellier"),
    ("34170", "Castelnau-le-Lez"),
    ("34430", "Saint-Jean-de-Védas"),
    ("34970", "Lattes"),
    ("34920", "Le Crès"),
    ("34880", "Laverune"),
    ("34990", "Juvignac"),
]
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS_L = MONTHS.split()
PLACES_AFTER_PEOPLE = """Collège Jean Moulin|avenue Jean Jaurès|Médiathèque Émile Zola|Lycée Jules Guesde
|place Charles de Gaulle|Groupe scolaire Jules Ferry|rue du Général Leclerc|Stade Yves du Manoir
|Gymnase Françoise Spinosi|Parc Georges Brassens|école maternelle Pauline Kergomard|Espace Jean Monnet
|Piscine Jean Taris|Théâtre Jean Vilar|allée Jules Milhau|boulevard Louis Blanc|Maison pour tous Léo Lagrange
|Centre hospitalier Arnaud de Villeneuve|salle Pétrarque|Cours Gambetta|Quai Louis Le Vau
|Résidence Marie Curie|Cité Pierre Mendès France|Bibliothèque Victor Hugo|Conservatoire Henri Dutilleux
|arrêt Léon Blum|station Albert Camus|Pôle Simone Veil|Halle Tropisme|Lycée Jean Mermoz""".replace(
    "\n", ""
).split("|")
LEGAL_PERSONS = """Association Les Amis de Jean Moulin|SARL Dupont et Fils|Association sportive Montpellier
Mosson|Comité de quartier Figuerolles|Fondation Pierre Fabre|Cabinet Martin Conseil|SCI Les Oliviers
|Club de judo Jean Bouin|Amicale des locataires Paul Valéry|Compagnie théâtrale La Baignoire
|Fédération des Foyers Ruraux|Union sportive Castelnau|Société Durand Immobilier|Ets Lefèvre
|Montpellier Méditerranée Métropole|Ville de Lattes|CCAS de Montpellier|Centre communal d'action sociale
|Les Restos du Coeur|Syndicat mixte du bassin du Lez""".replace("\n", " ").split("|")
LEGAL_PERSONS = [" ".join(p.split()) for p in LEGAL_PERSONS]
PLAIN = """Renouvellement du marché de nettoyage des locaux administratifs
|Travaux de réfection de la voirie et des trottoirs
|Demande de subvention pour la fête du quartier
|Avis favorable de la commission d'urbanisme
|Signalement d'un dépôt sauvage près du conteneur à verre
|Installation de bancs et de corbeilles dans le square
|Étude de faisabilité pour une piste cyclable
|Remplacement de l'éclairage public par des LED
|Acquisition de matériel informatique pour les écoles
|Organisation du marché de Noël et des animations""".replace("\n", "").split("|")


def _nir(rnd: random.Random) -> str:
    sex = rnd.choice("12")
    dept = rnd.choice(["34", "30", "75", "2A", "2B", "13"])
    base = f"{sex}{rnd.randint(40, 99):02d}{rnd.randint(1, 12):02d}{dept}{rnd.randint(1, 999):03d}"
    base += f"{rnd.randint(1, 999):03d}"
    key = nir.calc_check_digits(base)
    full = base + key
    if rnd.random() < 0.5:
        return " ".join([full[0], full[1:3], full[3:5], full[5:7], full[7:10], full[10:13], key])
    return full


def _iban(rnd: random.Random) -> str:
    bban = "".join(str(rnd.randint(0, 9)) for _ in range(21)) + f"{rnd.randint(10, 97)}"
    check = iban.calc_check_digits("FR00" + bban)
    value = f"FR{check}{bban}"
    if rnd.random() < 0.6:
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return value


def _card(rnd: random.Random) -> str:
    prefix = rnd.choice(["4970", "5132", "4539", "5412"])
    body = prefix + "".join(str(rnd.randint(0, 9)) for _ in range(11))
    number = body + luhn.calc_check_digit(body)
    sep = rnd.choice([" ", "-", ""])
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def _phone(rnd: random.Random) -> str:
    head = rnd.choice(["06", "07", "04", "09", "05", "01"])
    if head == "07":
        head = "07" + str(rnd.randint(3, 9))
        digits = head + "".join(str(rnd.randint(0, 9)) for _ in range(7))
    else:
        digits = head + "".join(str(rnd.randint(0, 9)) for _ in range(8))
    pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
    form = rnd.randrange(9)
    if form == 0:
        return digits
    if form == 1:
        return " ".join(pairs)
    if form == 2:
        return ".".join(pairs)
    if form == 3:
        return "-".join(pairs)
    if form == 4:
        return "+33 " + digits[1] + " " + " ".join(pairs[1:])
    if form == 5:
        return "+33 (0)" + digits[1] + " " + " ".join(pairs[1:])
    if form == 6:
        return "0033 " + digits[1] + " " + " ".join(pairs[1:])
    if form == 7:
        return "33" + digits[1:]
    return "\u00a0".join(pairs)


def _email(rnd: random.Random, first: str, last: str) -> str:
    local = rnd.choice(
        [
            f"{first}.{last}",
            f"{first[0]}{last}",
            f"{last}{rnd.randint(1, 99)}",
            f"{first}_{last}",
        ]
    )
    local = (
        local.lower()
        .replace(" ", "")
        .replace("'", "")
        .translate(str.maketrans("éèëêïîçôöàâüû", "eeeeiicooaauu"))
    )
    domain = rnd.choice(
        ["gmail.com", "orange.fr", "free.fr", "wanadoo.fr", "laposte.net", "yahoo.fr"]
    )
    form = rnd.randrange(6)
    if form == 0:
        return f"{local}@{domain}".upper()
    if form == 1:
        return f"{local} [at] {domain.replace('.', ' [dot] ')}"
    if form == 2:
        return f"{local}(at){domain}"
    if form == 3:
        return f"{local} arobase {domain}"
    return f"{local}@{domain}"


def _plate(rnd: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
    if rnd.random() < 0.7:
        a = rnd.choice(letters[:-3]) + rnd.choice(letters)
        b = rnd.choice(letters) + rnd.choice(letters)
        sep = rnd.choice(["-", " ", ""])
        value = f"{a}{sep}{rnd.randint(100, 999)}{sep}{b}"
        return value.lower() if sep != " " and rnd.random() < 0.2 else value
    sep = rnd.choice([" ", "-"])
    let = "".join(rnd.choice(letters) for _ in range(rnd.randint(2, 3)))
    return f"{rnd.randint(1, 9999)}{sep}{let}{sep}{rnd.choice(['34', '30', '13', '2A', '75'])}"


def _birth(rnd: random.Random) -> str:
    d, m, y = rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(1930, 2010)
    form = rnd.randrange(4)
    if form == 0:
        return f"{d:02d}/{m:02d}/{y}"
    if form == 1:
        return f"{d:02d}.{m:02d}.{y}"
    if form == 2:
        return f"{'1er' if d == 1 else d} {MONTHS_L[m - 1]} {y}"
    return f"{y}-{m:02d}-{d:02d}"


def _address(rnd: random.Random) -> str:
    num = f"{rnd.randint(1, 250)}{rnd.choice(['', '', ' bis', ' ter', 'B'])}"
    cp, commune = rnd.choice(COMMUNES)
    street = rnd.choice(STREETS)
    if rnd.random() < 0.7:
        return f"{num} {street} {cp} {commune}"
    return f"{num}, {street}"


def _name(rnd: random.Random) -> tuple[str, str, str, str]:
    """(display form, the name part that must disappear, first name, last name)."""
    first, last = rnd.choice(FIRST), rnd.choice(LAST)
    form = rnd.randrange(9)
    shown, name = {
        0: (f"{first} {last}", f"{first} {last}"),
        1: (f"{last.upper()} {first}", f"{last.upper()} {first}"),
        2: (f"{first} {last.upper()}", f"{first} {last.upper()}"),
        3: (f"M. {last}", last),
        4: (f"Mme {first} {last.upper()}", f"{first} {last.upper()}"),
        5: (f"M. et Mme {last}", last),
        6: (f"{first[0]}. {last}", f"{first[0]}. {last}"),
        7: (f"Madame {last}", last),
        8: (f"{last} {first}", f"{last} {first}"),
    }[form]
    return shown, name, first, last


def _caf(rnd: random.Random) -> tuple[str, str]:
    number = f"{rnd.randint(1000000, 9999999)}"
    cue = rnd.choice(["n° allocataire CAF", "numéro CAF", "allocataire n°", "N° CAF :"])
    return f"{cue} {number}", number


def free_text_rows(rnd: random.Random, n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        planted: list[list[str]] = []
        decoys: list[list[str]] = []
        parts: list[str] = []
        r = rnd.random()
        if r < 0.55:
            kind = rnd.choice(
                [
                    "person_name",
                    "person_name",
                    "email",
                    "phone",
                    "nir",
                    "iban",
                    "card",
                    "plate",
                    "birth_date",
                    "address",
                    "caf",
                ]
            )
            shown, name, first, last = _name(rnd)
            if kind == "person_name":
                parts.append(
                    rnd.choice(
                        [
                            f"Demande de {shown} concernant le stationnement",
                            f"Courrier de {shown} reçu le 3 mai",
                            f"Rendez-vous avec {shown} en mairie annexe",
                            f"{shown} signale une fuite d'eau",
                            f"Dossier suivi pour {shown}, relance prévue",
                        ]
                    )
                )
                planted.append(["person_name", name])
            elif kind == "email":
                value = _email(rnd, first, last)
                parts.append(
                    rnd.choice([f"Contact : {value}", f"écrire à {value} pour le dossier"])
                )
                planted.append(["email", value])
            elif kind == "phone":
                value = _phone(rnd)
                parts.append(rnd.choice([f"Tél. {value}", f"rappeler au {value} en soirée"]))
                planted.append(["phone", value])
            elif kind == "nir":
                value = _nir(rnd)
                parts.append(f"N° de sécurité sociale {value} transmis")
                planted.append(["nir", value])
            elif kind == "iban":
                value = _iban(rnd)
                parts.append(f"Remboursement sur IBAN {value} accepté")
                planted.append(["iban", value])
            elif kind == "card":
                value = _card(rnd)
                parts.append(f"Paiement par carte {value} refusé")
                planted.append(["card", value])
            elif kind == "plate":
                value = _plate(rnd)
                parts.append(f"Véhicule immatriculé {value} en stationnement gênant")
                planted.append(["plate", value])
            elif kind == "birth_date":
                value = _birth(rnd)
                parts.append(rnd.choice([f"Usager né le {value}", f"date de naissance : {value}"]))
                planted.append(["birth_date", value])
            elif kind == "address":
                value = _address(rnd)
                parts.append(f"Habite au {value}, demande un composteur")
                planted.append(["address", value])
            else:
                text, number = _caf(rnd)
                parts.append(f"Aide au logement, {text}")
                planted.append(["caf", number])
        if rnd.random() < 0.5:
            kind = rnd.choice(["place", "place", "legal_person", "date", "number", "commune"])
            if kind == "place":
                value = rnd.choice(PLACES_AFTER_PEOPLE)
                parts.append(rnd.choice([f"au {value}", f"près du {value}", f"devant {value}"]))
            elif kind == "legal_person":
                value = rnd.choice(LEGAL_PERSONS)
                parts.append(f"subvention à {value}")
            elif kind == "date":
                value = (
                    f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(2015, 2025)}"
                )
                parts.append(f"séance du {value}")
            elif kind == "number":
                value = rnd.choice(
                    [
                        f"SIRET {rnd.choice(['21340172201787', '34849383200028', '77567227200018'])}",
                        f"{rnd.randint(1, 99)} {rnd.randint(100, 999)},{rnd.randint(10, 99)} €",
                        f"délibération n° {rnd.randint(2015, 2025)}-{rnd.randint(1, 99):02d}-{rnd.randint(1, 999)}",
                        f"lot {rnd.randint(1, 40)} du marché {rnd.randint(2015, 2025)}-{rnd.randint(100, 999)}",
                    ]
                )
                parts.append(value)
            else:
                cp, commune = rnd.choice(COMMUNES)
                value = f"{commune} ({cp})"
                parts.append(f"à {value}")
            decoys.append([kind, value])
        if not parts or rnd.random() < 0.4:
            parts.insert(0, rnd.choice(PLAIN))
        rows.append(
            {
                "id": str(i + 1),
                "text": ", ".join(parts),
                "planted": json.dumps(planted, ensure_ascii=False),
                "decoys": json.dumps(decoys, ensure_ascii=False),
            }
        )
    return rows


def people_table(rnd: random.Random, n: int) -> tuple[list[dict[str, str]], dict[str, object]]:
    rows = []
    labels: dict[str, object] = {
        "planted": {
            "Nom": "person_name",
            "Prénom": "person_name",
            "Courriel": "email",
            "Téléphone portable": "phone",
            "Date de naissance": "birth_date",
            "N° sécurité sociale": "nir",
            "IBAN": "iban",
            "Immatriculation": "plate",
            "Adresse du demandeur": "address",
        },
        "mixed": {"Bénéficiaire": "person_name"},
        "decoys": {
            "Équipement": "place",
            "Commune": "commune",
            "Code postal": "postcode",
            "SIRET": "number",
            "Date de dépôt": "date",
            "Montant (€)": "number",
        },
        "legal_rows": [],
    }
    legal_rows: list[int] = []
    for i in range(n):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        cp, commune = rnd.choice(COMMUNES)
        if rnd.random() < 0.5:
            beneficiary = rnd.choice(LEGAL_PERSONS)
            legal_rows.append(i)
        else:
            beneficiary = rnd.choice([f"{last.upper()} {first}", f"{first} {last}", f"Mme {last}"])
        rows.append(
            {
                "Nom": last.upper(),
                "Prénom": first,
                "Courriel": _email(rnd, first, last).replace(" ", "")
                if rnd.random() < 0.2
                else _email(rnd, first, last),
                "Téléphone portable": _phone(rnd),
                "Date de naissance": f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1930, 2010)}",
                "N° sécurité sociale": _nir(rnd),
                "IBAN": _iban(rnd),
                "Immatriculation": _plate(rnd),
                "Adresse du demandeur": _address(rnd),
                "Bénéficiaire": beneficiary,
                "Équipement": rnd.choice(PLACES_AFTER_PEOPLE),
                "Commune": commune,
                "Code postal": cp,
                "SIRET": rnd.choice(["21340172201787", "34849383200028", "77567227200018"]),
                "Date de dépôt": f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/2023",
                "Montant (€)": f"{rnd.randint(0, 9999)},{rnd.randint(0, 99):02d}",
            }
        )
    labels["legal_rows"] = legal_rows
    return rows, labels


def clean_tables(rnd: random.Random) -> dict[str, list[dict[str, str]]]:
    equipment = []
    for i in range(300):
        cp, commune = rnd.choice(COMMUNES)
        equipment.append(
            {
                "Identifiant": f"{i:05d}",
                "Nom": rnd.choice(PLACES_AFTER_PEOPLE),
                "Gestionnaire": rnd.choice(LEGAL_PERSONS),
                "Adresse": rnd.choice(PLACES_AFTER_PEOPLE[:6] + STREETS),
                "Commune": commune,
                "Code INSEE": rnd.choice(["34172", "34057", "34270", "34129", "34022"]),
                "Code postal": cp,
                "SIRET": rnd.choice(["21340172201787", "34849383200028"]),
                "Ouverture": f"{rnd.randint(1990, 2024)}-{rnd.randint(1, 12):02d}-01",
                "Places": str(rnd.randint(0, 500)),
            }
        )
    deliberations = []
    for i in range(300):
        place = rnd.choice(PLACES_AFTER_PEOPLE)
        deliberations.append(
            {
                "Numéro": f"{rnd.randint(2015, 2025)}-{i:04d}",
                "Objet": f"{rnd.choice(PLAIN)} - {place}",
                "Commune": rnd.choice(COMMUNES)[1],
                "Montant": f"{rnd.randint(0, 999999)}.{rnd.randint(0, 99):02d}",
                "Séance": f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(2015, 2025)}",
            }
        )
    counts = [
        {
            "Code commune": f"34{rnd.randint(1, 340):03d}",
            "Tranche d'âge": rnd.choice(["0-14", "15-29", "30-44", "45-59", "60-74", "75+"]),
            "Effectif": str(rnd.randint(11, 5000)),
            "Part (%)": f"{rnd.random() * 100:.1f}",
        }
        for _ in range(300)
    ]
    return {
        "clean_equipements": equipment,
        "clean_deliberations": deliberations,
        "clean_effectifs": counts,
    }


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


POLICY = """version: 1
columns:
  "Nom": redact
  "Prénom": redact
  "Courriel": drop
  "Téléphone portable": redact
  "Date de naissance": {generalize: year}
  "N° sécurité sociale": drop
  "IBAN": drop
  "Immatriculation": redact
  "Adresse du demandeur": redact
  "Bénéficiaire": redact_natural_persons
  "Équipement": keep
  "Commune": keep
  "Code postal": keep
  "SIRET": keep
  "Date de dépôt": keep
  "Montant (€)": keep
default: auto
"""


def main(out: Path = HERE) -> None:
    """Write the corpus files into `out`."""
    rnd = random.Random(SEED)
    _write(out / "free_text.csv", free_text_rows(rnd, 3000))
    rows, labels = people_table(rnd, 400)
    _write(out / "people.csv", rows)
    (out / "people.labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (out / "people.policy.yaml").write_text(POLICY, encoding="utf-8")
    for name, table in clean_tables(rnd).items():
        _write(out / f"{name}.csv", table)


if __name__ == "__main__":
    main()
