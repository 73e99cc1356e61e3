"""Sealed set #4: an anonymization test corpus written without reading the detectors.

    python bench/anonymize_sealed4.py --out DIR [--seed N] [--rows N] [--no-reference]
    python bench/anonymize_sealed4.py --out DIR --score --cli .venv/bin/opendata-pipeline -- --jobs 2

Writes the public corpus layout (`data/`, `keys/`, `policies/`, `manifest.json` and an unchanged
copy of `shared/eval/pii/score.py`), so that `score.py` scores an anonymizer on it. Ten municipal
tables unlike the public corpus (civil registers, school canteen, building permits as Parquet,
procurement awards, letters, CCAS aid, cemetery plots, neighbourhood council minutes, a clean
table of person-named places). Names come from a vocabulary typed here; streets, associations and
elected officials from the real files in `shared/realdata/`.

Every key record is checked against the bytes written with score.py's own functions: the value
and each decoy are in their cell, and once every planted value of a cell is masked no planted
token is left there and every decoy survives (a row that breaks this is drawn again). The
reference points are then measured by running score.py against three tiny fake anonymizers:
copy-through (recall 0, retention 1), one that replaces every cell (1/0/0) and one that masks
exactly the planted values (1/1/1). Standard library only, plus pyarrow for the Parquet table.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def words(text: str) -> list[str]:
    """A vocabulary typed as `a|b|c` wrapped over lines (a line break is a space)."""
    return [" ".join(w.split()) for w in text.split("|")]


SEED = 4_2026_12
SHARED = Path(
    os.environ.get("OPENDATA_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared"
)
CODECS = {
    "UTF-8": "utf-8",
    "UTF-8 with BOM": "utf-8-sig",
    "Windows-1252": "cp1252",
    "ISO-8859-1": "latin-1",
}
TRANSLIT = {
    "œ": "oe",
    "Œ": "OE",
    "€": "EUR",
    "’": "'",
    "ł": "l",
    "Ł": "L",
    "ş": "s",
    "ș": "s",
    "ț": "t",
    "ğ": "g",
    "ı": "i",
    "…": "...",
    "–": "-",
    "—": "-",
    "\u202f": " ",
    "ß": "ss",
}

# ------------------------------------------------------------------ vocabulary (typed here)

FIRST_F = words("""Albane|Apolline|Aïcha|Anouk|Bérengère|Blandine|Capucine|Clothilde|Cunégonde|
    Daphné|Dieynaba|Domitille|Eulalie|Faustine|Fatoumata|Ghislaine|Guenièvre|Hawa|Héloïse|
    Hortense|Inaya|Iseult|Jocelyne|Khadidja|Kenza|Laïla|Léocadie|Lisandra|Maëlys|Mariama|
    Marie-Annick|Marie-Noëlle|Maryvonne|Mathurine|Naïma|Nolwenn|Oriane|Pétronille|Philomène|
    Quitterie|Rokia|Roxane|Ségolène|Sidonie|Soraya|Tiphaine|Ulrike|Valentine|Wassila|Yasmina|
    Zélie|Zoubida|Agnieszka|Bogdana|Lucija|Thi-Lan|Mei-Ling|Nguyet|Oumou|Awa|Radia|Sihem|Nadège|
    Ombeline|Anne-Sophie|Jeanne-Marie|Gaëlle|Solenn|Enora|Malak|Inès|Ambre|Faustina|Rosalie|
    Perrine|Berthe|Ginette|Odette|Huguette|Aglaé|Alix|Aude|Bathilde|Bertille|Clélia|Cosette|
    Delphine|Élodie|Emeline|Esmée|Gwenaëlle|Honorine|Ilona|Inaïs|Jihane|Joséphine|Kadiatou|
    Katell|Lalie|Leïla|Lou-Ann|Loubna|Maëva|Mahaut|Manon|Maïwenn|Marjolaine|Mélusine|Nawel|
    Ninon|Noémie|Ophélie|Paquita|Prisca|Rahma|Sabah|Salomé|Sixtine|Soline|Swann|Thaïs|Yolande|
    Yuna|Zahra|Aminata|Ioana|Oksana|Svetlana|Dolorès|Conchita|Begoña|Graziella|Annunziata|Ngozi|
    Adjoa|Thuy|Hanae|Sakura|Priya""")
FIRST_M = words("""Aurélien|Anatole|Baptistin|Barthélemy|Brahim|Casimir|Côme|Cyprien|Désiré|
    Eudes|Evariste|Fulbert|Gaspard|Gontran|Hippolyte|Ibrahima|Ignace|Isidore|Jean-Eudes|
    Jean-Baptiste|Joachim|Kilian|Lazare|Léandre|Lounès|Mamadou|Marius|Maximilien|Mehdi|Modeste|
    Nestor|Octave|Oumar|Pacôme|Pierre-Yves|Prosper|Quentin|Rachid|Rodrigue|Samba|Séverin|
    Sofiane|Tancrède|Théophile|Tiburce|Ulysse|Valère|Wenceslas|Xavier|Yannick|Yvon|Zacharie|
    Bogdan|Dariusz|Grzegorz|Vasile|Mihai|Thanh|Duc-Minh|Wei|Kofi|Moussa|Youssef|Abdelkrim|Karim|
    Lilian|Timothée|Loïc|Goulven|Erwan|Anselme|Alcide|Firmin|Gérald|Jean-Loup|Marc-Antoine|
    Honoré|Achille|Adémar|Aldric|Amaury|Ambroise|Arsène|Aymeric|Bastien|Benoît|Brieuc|Clovis|
    Corentin|Cyrille|Édouard|Elouan|Enguerrand|Eudoxe|Fabrice|Félicien|Gaétan|Gauthier|Guilhem|
    Hervé|Ilyès|Jordi|Josselin|Judicaël|Lancelot|Léopold|Lubin|Mathis|Médéric|Narcisse|Nazim|
    Norbert|Onésime|Pascal|Raphaël|Romuald|Sacha|Sosthène|Tristan|Urbain|Virgile|Wandrille|
    Yanis|Zinédine|Bartolomé|Joaquim|Gonzalo|Ionut|Radu|Stanislas|Jaroslav|Kwame|Chinedu|Seydou|
    Arjun|Hiroshi|Quang""")
SURNAMES = words("""Abgrall|Achour|Adjovi|Aït-Ouméziane|Alcaraz|Amrani|Andrianarivo|Arrighi|
    Asensio|Azoulay|Bacquié|Balaguer|Barthès|Benhamida|Berthézène|Bidault|Bonnafous|Bouchareb|
    Boudjemaa|Brunel-Caubel|Cabanis|Calvet|Carrère|Castanier|Chaptal-Roux|Cissokho|Coulibaly|
    Dalmayrac|Delacroix-Ferrand|Dembélé|Diallo-Sow|Domergue|Ducasse|Escandell|Espitalier|
    Fabregat|Fontanilles|Fourcadier|Galabert|Gaubert|Gomis|Gourgues|Granier-Vidal|Guiraudou|
    Hadjadj|Haroutiounian|Ibarra|Izquierdo|Jaouen|Kaboré|Karamanlis|Kerboriou|Kowalczyk|
    Lafargue|Lahlou|Lamouroux|Larrieu|Lecoq-Brunet|Lesquendieu|Lloret|Maalouf|Majorel|Mansouri|
    Marcouly|Massol|Mbappé-Nkoulou|Mekhloufi|Mérignargues|Moustapha|Nadal|Nakache|Ndiaye-Faye|
    Ngo|Nicoleau|Oberlé|Olivès|Ouattara|Palazuelos|Pascual|Peyrottes|Pradal|Puech|Quintana|
    Rabasse|Razafindrakoto|Reboul|Rigal|Roumieu|Saïdani|Salvetat|Sanchis|Sebaoun|Siméon|
    Soulairol|Tcheuffa|Teisseyre|Thérond|Touzani|Tran-Van|Trouillas|Urrutia|Valat|Vergnes|
    Vidalenc|Villaret|Wojcik|Yamamoto|Yilmaz|Zerbib|Zitouni|Zouari|Agopian|Bakayoko|Cazalis|
    Ferrandis|Grimaud|Kpodar|Lopes-Teixeira|Mihaylova|Popescu|Szabo|Truong|Vasconcelos|
    Wiśniewska|Øberg|Ramasamy|Nakamura|Ekwueme|de La Roche-Aymon|du Pouget|d'Aigrefeuille|
    de Sainte-Croix|van der Meulen|Le Bihan|Le Floc'h|La Spina|Ben Youssef|El Khattabi|
    N'Guessan|O'Brady|Mac Gregor|dos Santos Ferreira|Da Costa|Di Martino|Abadie|Aguilera|
    Alibert|Amalric|Andrieu|Arnal|Aubanel|Azaïs|Baudouin-Lacombe|Bénézech|Bessière|Bonfils|
    Boissonnade|Bourrel|Brassac|Cabrol|Cambon|Carayon|Causse|Chabbert|Combes|Coste-Floret|
    Crouzet|Delmas|Desfours|Espinasse|Estève|Farenc|Fesquet|Fraisse|Gaillac|Garrigues|Gélis|
    Guizard|Hébrard|Issanchou|Jougla|Labbé|Laborie|Lacan|Laurès|Lautier|Maffre|Malafosse|
    Marty-Ramel|Mercadier|Molinier|Montels|Nègre|Olombel|Pagès|Pélissier|Portal|Rouanet|
    Roucayrol|Sabatier|Séguy|Sicard|Tarbouriech|Thouzellier|Vaissière|Vernhes|Bensaïd|Cherkaoui|
    Hamidou|Kamara|Traoré|Keïta|Sissoko|Okonkwo|Mensah|Nkemelu|Rakotomalala|Andriamanana|Phan|
    Huynh|Lefèvre-Nguyen|Kazandjian|Papadakis|Costantini|Ferreira-Gomes|Castañeda|Jiménez|
    Nowakowski|Lewandowska|Dąbrowski|Schneider|Vogelsang|Halvorsen|Kaczmarek|Ionescu|Petrović|
    Kovačević|Öztürk|Şahin|Chaouch|Belkacem|Messaoudi|Haddou|Abitbol""")
PARTICLES = {
    "de",
    "du",
    "des",
    "d'",
    "la",
    "le",
    "van",
    "der",
    "von",
    "dos",
    "da",
    "di",
    "ben",
    "el",
    "mac",
}
PROFESSIONS = words("""infirmière|maçon|professeur des écoles|chauffeur de
bus|comptable|étudiante|retraité|aide-soignante|ingénieur|boulangère|sans
profession|vigneron|agent d'entretien|avocate|kinésithérapeute""")
COMMUNES = words("""Montpellier|Baillargues|Beaulieu|Castelnau-le-Lez|Castries|Clapiers|Cournonsec|Cournonterral|Fabrègues|Grabels|Jacou|Juvignac|Lattes|Lavérune|Le
Crès|Montaud|Montferrier-sur-Lez|Murviel-lès-Montpellier|Pérols|Pignan|Prades-le-Lez|Restinclières|Saint-Brès|Saint-Drézéry|Saint-Geniès-des-Mourgues|Saint-Georges-d'Orques|Saint-Jean-de-Védas|Saussan|Sussargues|Vendargues|Villeneuve-lès-Maguelone""")
CP = {
    "Montpellier": "34000",
    "Lattes": "34970",
    "Pérols": "34470",
    "Juvignac": "34990",
    "Castelnau-le-Lez": "34170",
    "Grabels": "34790",
    "Jacou": "34830",
    "Clapiers": "34830",
    "Saint-Jean-de-Védas": "34430",
    "Fabrègues": "34690",
    "Le Crès": "34920",
    "Pignan": "34570",
    "Vendargues": "34740",
    "Castries": "34160",
    "Villeneuve-lès-Maguelone": "34750",
}
QUARTIERS = words("""Écusson|Port Marianne|Les Cévennes|Mosson|Croix d'Argent|Hôpitaux-Facultés|Près
d'Arènes|Beaux-Arts|Figuerolles|Antigone|Celleneuve|Malbosc|Aiguelongue|Boutonnet|Lemasson|Ovalie|Richter""")
ORDINARY_STREETS = words("""rue des Micocouliers|impasse des Cigales|chemin de la Pompignane|rue du Pioch de
Boutonnet|allée des Arbousiers|rue des Tamaris|avenue de la Liberté|chemin des Garrigues|rue
du Mas de Bagnères|rue de la Croix de Figuerolles|place du Marché aux Fleurs|rue des
Lavandières|route de Ganges|chemin du Triolet|rue de l'Aiguerelle|rue des Genêts|avenue de
Toulouse|chemin de Moularès|rue du Lantissargues|allée de la Martelle|rue des
Oliviers|impasse des Muriers""")
PERSON_STREETS = words("""avenue Georges Clemenceau|rue Frédéric Bazille|boulevard Louis Blanc|rue Ferdinand
Fabre|avenue du Père Soulas|rue Lakanal|rue Proudhon|avenue Jean Mermoz|rue Marcel de
Serres|boulevard Renouvier|rue Saint-Louis|avenue Pierre Mendès France|rue Germain
Sicard|rue Auguste Broussonnet|place Jacques Mirouze|rue Émile Zola|avenue Henri Marès|rue
Yéhudi Menuhin|allée Paul Boulet|avenue de Lodève|rue Lucie Aubrac|rue Olympe de
Gouges|boulevard Berthelot|rue Cambacérès""")
PERSON_FACILITIES = words("""Médiathèque Émile Zola|Médiathèque William Shakespeare|Hôpital Arnaud de Villeneuve|CHU
Lapeyronie|Lycée Joffre|Lycée Jules Guesde|Groupe scolaire Jules Ferry|École maternelle
Marie Curie|École élémentaire Jean Zay|Collège Fontcarrade|Piscine Suzanne Berlioux|Gymnase
Albert Batteux|Stade Philippe Lamoureux|Maison pour tous Léo Lagrange|Maison pour tous Frida
Kahlo|Maison pour tous Albertine Sarrazin|Théâtre Jean Vilar|Musée Fabre|Pavillon
Populaire|Salle Pétrarque|Maison pour tous Georges Brassens|Cimetière Saint-Lazare|Crèche
Françoise Dolto|Domaine d'O|Conservatoire Rayonnement Régional|Gymnase Alain Le Hetet""")
TRAM = words("""Place Albert 1er|Louis Blanc|Léon Blum|Saint-Eloi|Stade Philippe Lamoureux|Rives du
Lez|Corum|Saint-Denis|Pierre de Coubertin|Aiguelongue|Albert Camus""")
FAMOUS = words("""Frédéric Bazille|Auguste Comte|Paul Valéry|Jean Moulin|Simone Veil|Olympe de
Gouges|Molière|Rabelais|Juliette Gréco|Georges Brassens|Jacques Cœur|Pierre
Soulages|Germaine Tillion|Victor Hugo|Frida Kahlo|Charles de Gaulle|Joséphine Baker|Albert
Camus|Louise Michel|Nelson Mandela""")
PERSON_ORGS = words("""SARL Boulangerie Guilhem et Fils|SAS Transports Rouquette|Fondation Abbé Pierre|Association
Les Amis de Jean Vilar|Pompes funèbres Marbrerie Vialla & Fils|SCI Famille Ortolan|Cabinet
d'architecture Nicolas Meyer Associés|SAS Établissements Maurin Frères|Institut Jérôme
Lejeune|EURL Garage Lopez|Clinique Saint-Roch|Restos du Cœur|Fondation Marcel
Bleustein-Blanchet|SAS Pierre Fabre Dermo-Cosmétique|Compagnie Didier Théron""")
PLAIN_ORGS = words("""SA d'HLM Promologis|ACM Habitat|Hérault Habitat|SCI Les Terrasses du Lez|SCCV Résidence
Arborea|SAS Méditerranée Paysages|SARL Sud
Étanchéité|SCOP Ecobatisseurs|Syndic Foncia Montpellier|Croix-Rouge française|Secours
populaire|Emmaüs Montpellier|Caisse d'allocations familiales de l'Hérault|CCAS de
Montpellier|Banque alimentaire de l'Hérault|GIE Montpellier Events""")
LEGAL_FORMS = {
    "sas",
    "sarl",
    "eurl",
    "sci",
    "sccv",
    "scop",
    "gie",
    "sa",
    "d'hlm",
    "et",
    "&",
    "de",
    "du",
}
DEVELOPERS = [
    ("SCI Famille Ortolan", "ORG_PERSONNE"),
    ("SAS Établissements Maurin Frères", "ORG_PERSONNE"),
    ("SCI Les Terrasses du Lez", "ORG"),
    ("SCCV Résidence Arborea", "ORG"),
    ("Bouygues Immobilier", "ORG_PERSONNE"),
    ("Kaufman & Broad Languedoc", "ORG_PERSONNE"),
    ("SA d'HLM Promologis", "ORG"),
    ("ACM Habitat", "ORG"),
    ("SCI Jean-Baptiste Cazalis et Fils", "ORG_PERSONNE"),
]
CONTRACTORS = [
    ("SARL Boulangerie Guilhem et Fils", "ORG_PERSONNE"),
    ("SAS Transports Rouquette", "ORG_PERSONNE"),
    ("SAS Établissements Maurin Frères", "ORG_PERSONNE"),
    ("EURL Garage Lopez", "ORG_PERSONNE"),
    ("EURL Plomberie Azaïs", "ORG_PERSONNE"),
    ("SARL Ascenseurs Cabrol & Fils", "ORG_PERSONNE"),
    ("SAS Colas Midi-Méditerranée", "ORG"),
    ("SAS Méditerranée Paysages", "ORG"),
    ("SARL Sud Étanchéité", "ORG"),
    ("SCOP Ecobatisseurs", "ORG"),
    ("GIE Montpellier Events", "ORG"),
    ("SAS Onet Propreté Languedoc", "ORG"),
    ("SAS Elior Restauration", "ORG"),
]
FUNERAL_HOMES = [
    ("Pompes funèbres Marbrerie Vialla & Fils", "ORG_PERSONNE"),
    ("PF Générales Montpellier", "ORG"),
    ("Roc Eclerc Montpellier Celleneuve", "ORG"),
    ("Pompes funèbres Ducasse Frères", "ORG_PERSONNE"),
]
CIVILITY = {
    "F": ["Mme", "Madame", "Mme.", "Mlle", "Dr", "Me"],
    "M": ["M.", "Monsieur", "Mr", "M", "Dr", "Me"],
}
RELATIVES_F = words("""sa fille|sa mère|son épouse|sa sœur|sa petite-fille|sa voisine""")
RELATIVES_M = words("""son fils|son père|son époux|son frère|son petit-fils|son voisin""")
CUES = words("""signalé par|à la demande de|selon|plainte de|appel de|réclamation de|transmis par|courrier
de|rencontré|en présence de|domicilié chez""")
BANKS = words("""30003|30004|20041|10278|13506|11306|30066|16807""")
MAIL_DOMAINS = words(
    """gmail.com|orange.fr|free.fr|laposte.net|sfr.fr|hotmail.fr|yahoo.fr|wanadoo.fr|outlook.fr|icloud.com|proton.me"""
)


def load_real() -> dict[str, list[str]]:
    """Associations, their addresses and streets, elected officials: real published files."""
    base = SHARED / "realdata" / "personal-data"
    text = (base / "VilleMTP_MTP_ListeAssoc_2011.csv").read_bytes().decode("cp1252")
    assoc = list(csv.DictReader(io.StringIO(text)))
    orgs = sorted(
        {
            " ".join(a["NomAsso"].split())
            for a in assoc
            if 8 < len(a["NomAsso"].strip()) < 45
            and any(
                w in a["NomAsso"].lower()
                for w in ("assoc", "club", "comit", "amicale", "union", "fédération", "collectif")
            )
        }
    )
    addrs = sorted(
        {
            f"{a['Adresse'].strip()} {a['Code_Postal'].strip()} MONTPELLIER"
            for a in assoc
            if a["Adresse"].strip()[:1].isdigit() and a["Code_Postal"].strip().isdigit()
        }
    )
    rne = SHARED / "realdata" / "personal-data" / "rne_conseillers_departementaux_herault.csv"
    rows = list(csv.DictReader(io.StringIO(rne.read_text(encoding="utf-8")), delimiter=";"))
    first, last = "Prénom de l'élu", "Nom de l'élu"
    elus = sorted({f"{r[first]} {r[last]}" for r in rows})
    return {"orgs": orgs, "org_addresses": addrs, "elus": elus}


# ------------------------------------------------------------------ identifiers


def luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body + "0")):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def siret(rng: random.Random) -> str:
    return luhn_complete(
        luhn_complete("".join(rng.choice("0123456789") for _ in range(8)))
        + "".join(rng.choice("0123456789") for _ in range(4))
    )


def iban(rng: random.Random) -> tuple[str, str]:
    bank, guichet = rng.choice(BANKS), f"{rng.randrange(100000):05d}"
    account = f"{rng.randrange(10**11):011d}"
    rib = 97 - (89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97
    bban = f"{bank}{guichet}{account}{rib:02d}"
    check = 98 - int(bban + "152700") % 97
    variant = rng.choice(["groupé", "groupé", "compact", "minuscules", "clé invalide", "tirets"])
    if variant == "clé invalide":
        check = (check + 1 + rng.randrange(90)) % 97 + 2
    raw = f"FR{check:02d}{bban}"
    if variant in ("groupé", "clé invalide"):
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4)), variant
    if variant == "tirets":
        return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4)), variant
    return (raw.lower() if variant == "minuscules" else raw), variant


def nir(rng: random.Random, sex: str, year: int) -> tuple[str, str]:
    dept = rng.choice(["34", "34", "30", "13", "2A", "99", "75", "69"])
    commune = f"{rng.randrange(1, 990):03d}"
    body = f"{'1' if sex == 'M' else '2'}{year % 100:02d}{rng.randrange(1, 13):02d}{dept}{commune}{rng.randrange(1, 999):03d}"
    key = 97 - int(body.replace("2A", "19").replace("2B", "18")) % 97
    variant = (
        "Corse 2A" if dept == "2A" else rng.choice(["espacé", "compact", "clé invalide", "espacé"])
    )
    if variant == "clé invalide":
        key = key % 96 + 1 if key != 96 else 3
    b = body
    if variant == "compact":
        return f"{b}{key:02d}", variant
    return f"{b[0]} {b[1:3]} {b[3:5]} {b[5:7]} {b[7:10]} {b[10:13]} {key:02d}", variant


def phone(rng: random.Random, mobile: bool = True) -> tuple[str, str]:
    first = rng.choice(["6", "7"]) if mobile else rng.choice(["4", "9"])
    d = first + "".join(rng.choice("0123456789") for _ in range(8))
    pairs = ["0" + d[0]] + [d[i : i + 2] for i in range(1, 9, 2)]
    variant = rng.choice(
        [
            "espaces",
            "points",
            "compact",
            "+33",
            "+33 (0)",
            "tirets",
            "insécables",
            "0033",
            "9 chiffres",
            "espaces",
        ]
    )
    if variant == "points":
        return ".".join(pairs), variant
    if variant == "compact":
        return "".join(pairs), variant
    if variant == "+33":
        return "+33 " + d[0] + " " + " ".join(pairs[1:]), variant
    if variant == "+33 (0)":
        return "+33 (0)" + d[0] + " " + " ".join(pairs[1:]), variant
    if variant == "0033":
        return "0033" + d, variant
    if variant == "tirets":
        return "-".join(pairs), variant
    if variant == "insécables":
        return "\u00a0".join(pairs), variant
    if variant == "9 chiffres":
        return " ".join(pairs)[:-1], variant
    return " ".join(pairs), variant


def org_phone(rng: random.Random) -> str:
    return "04 67 " + " ".join(f"{rng.randrange(100):02d}" for _ in range(3))


def plate(rng: random.Random) -> tuple[str, str]:
    letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
    a, b = (
        "".join(rng.choice(letters) for _ in range(2)),
        "".join(rng.choice(letters) for _ in range(2)),
    )
    n = f"{rng.randrange(1, 1000):03d}"
    variant = rng.choice(["SIV tirets", "SIV espaces", "SIV compact", "SIV minuscules", "FNI"])
    if variant == "SIV espaces":
        return f"{a} {n} {b}", variant
    if variant == "SIV compact":
        return f"{a}{n}{b}", variant
    if variant == "SIV minuscules":
        return f"{a}-{n}-{b}".lower(), variant
    if variant == "FNI":
        return f"{rng.randrange(100, 9999)} {a[0]}{b} 34", variant
    return f"{a}-{n}-{b}", variant


MONTHS = words(
    """janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"""
)


def birth(rng: random.Random, y0: int = 1930, y1: int = 2005) -> tuple[str, str, int]:
    y, m, d = rng.randrange(y0, y1), rng.randrange(1, 13), rng.randrange(1, 29)
    variant = rng.choice(
        [
            "JJ/MM/AAAA",
            "JJ/MM/AAAA",
            "en lettres",
            "AAAA-MM-JJ",
            "JJ.MM.AA",
            "JJ/MM/AAAA",
            "en lettres",
            "JJ/MM/AAAA",
            "impossible",
        ]
    )
    if variant == "en lettres":
        return f"{'1er' if d == 1 else d} {MONTHS[m - 1]} {y}", variant, y
    if variant == "AAAA-MM-JJ":
        return f"{y}-{m:02d}-{d:02d}", variant, y
    if variant == "JJ.MM.AA":
        return f"{d:02d}.{m:02d}.{y % 100:02d}", variant, y
    if variant == "impossible":
        return f"{rng.choice([30, 31])}/02/{y}", variant, y
    return f"{d:02d}/{m:02d}/{y}", variant, y


def event_date(rng: random.Random, y0: int = 2019, y1: int = 2026) -> str:
    return f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(y0, y1)}"


def amount(rng: random.Random, lo: int, hi: int) -> str:
    v = rng.randrange(lo * 100, hi * 100) / 100
    whole, cents = f"{v:.2f}".split(".")
    return (
        f"{int(whole):,}".replace(",", "\u00a0") + "," + cents if v >= 1000 else f"{whole},{cents}"
    )


# ------------------------------------------------------------------ persons and cells


class Person:
    def __init__(self, rng: random.Random, sex: str = "") -> None:
        self.sex = sex or rng.choice("FM")
        self.first = rng.choice(FIRST_F if self.sex == "F" else FIRST_M)
        self.last = rng.choice(SURNAMES)
        self.rng = rng

    def email(self) -> tuple[str, str]:
        rng = self.rng
        f, last = ascii_fold(self.first).lower(), ascii_fold(self.last).lower()
        last = "".join(c for c in last if c.isalnum())
        f = "".join(c for c in f if c.isalnum())
        local = rng.choice(
            [
                f"{f}.{last}",
                f"{f[0]}{last}",
                f"{last}.{f}{rng.randrange(10, 99)}",
                f"{f}_{last}",
                f"{last}{rng.randrange(1950, 2005)}",
            ]
        )
        dom = rng.choice(MAIL_DOMAINS)
        variant = rng.choice(
            ["simple", "simple", "majuscules", "[at]", " arobase ", "sans TLD", "chevrons"]
        )
        if variant == "majuscules":
            return f"{local}@{dom}".upper(), variant
        if variant == "[at]":
            return f"{local}[at]{dom.replace('.', '[.]')}", variant
        if variant == " arobase ":
            return f"{local} arobase {dom}", "arobase"
        if variant == "sans TLD":
            return f"{local}@{dom.split('.')[0]}", variant
        return f"{local}@{dom}", variant


def domain(org: str) -> str:
    """A plausible web domain for an organisation or a facility: its name without legal form."""
    words = [w for w in ascii_fold(org).lower().replace("'", " ").split() if w not in LEGAL_FORMS]
    return "-".join("".join(c for c in w if c.isalnum()) for w in words[:2]) + ".fr"


def ascii_fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def tokens(s: str) -> list[str]:
    out = []
    for w in s.replace("-", " ").split():
        w = w.strip(",.;:()")
        low = w.lower()
        if low in PARTICLES or low == "et" or (low.endswith("'") and low[:-1] in {"d", "l"}):
            continue
        if low[:2] in ("d'", "l'") and len(w) > 3:
            w = w[2:]
        if len(w) >= 2 and not w.endswith("."):
            out.append(w)
    return out


def misspell(rng: random.Random, s: str) -> str:
    letters = [i for i in range(1, len(s) - 1) if s[i].isalpha() and s[i + 1].isalpha()]
    if not letters:
        return s + "e"
    i = rng.choice(letters)
    return rng.choice(
        [s[:i] + s[i + 1] + s[i] + s[i + 2 :], s[:i] + s[i] + s[i:], s[:i] + s[i + 1 :]]
    )


class Cell:
    """Text of one cell built piece by piece; planted spans and decoys are recorded."""

    def __init__(self, tr: Callable[[str], str]) -> None:
        self.text, self.planted, self.decoys, self.tr = "", [], [], tr  # type: ignore[var-annotated]

    def t(self, s: str) -> Cell:
        self.text += self.tr(s)
        return self

    def p(
        self,
        value: str,
        kind: str,
        variant: str,
        must: list[str] | None = None,
        strict: list[str] | None = None,
    ) -> Cell:
        v = self.tr(value)
        must = [self.tr(m) for m in (must or [])]
        self.planted.append(
            {
                "value": v,
                "kind": kind,
                "variant": variant,
                "must": must,
                "strict": must + [self.tr(s) for s in (strict or []) if self.tr(s) not in must],
            }
        )
        self.text += v
        return self

    def d(self, value: str, kind: str, modes: list[str] | None = None) -> Cell:
        v = self.tr(value)
        self.decoys.append({"value": v, "kind": kind, **({"modes": modes} if modes else {})})
        self.text += v
        return self

    # -- names, every rendering

    def name(self, rng: random.Random, p: Person, variant: str | None = None) -> Cell:
        variant = variant or rng.choice(
            [
                "Prénom Nom",
                "NOM Prénom",
                "NOM, Prénom",
                "minuscules",
                "MAJUSCULES",
                "initiales",
                "civilité + nom",
                "civilité + Prénom Nom",
                "couple",
                "famille",
                "faute de frappe",
                "Prénom Nom",
                "NOM Prénom",
                "civilité + Prénom Nom",
                "Nom Prénom",
            ]
        )
        f, last = p.first, p.last
        if variant == "faute de frappe":
            last = misspell(rng, last)
        if variant == "NOM Prénom":
            v = f"{last.upper()} {f}"
        elif variant == "NOM, Prénom":
            v = f"{last.upper()}, {f}"
        elif variant == "Nom Prénom":
            v = f"{last} {f}"
        elif variant == "minuscules":
            v = f"{f} {last}".lower()
        elif variant == "MAJUSCULES":
            v = f"{f} {last}".upper()
        elif variant == "initiales":
            v = "-".join(x[0] + "." for x in f.split("-")) + " " + last
        elif variant == "civilité + nom":
            self.t(rng.choice(CIVILITY[p.sex]) + " ")
            v = last.upper() if rng.random() < 0.4 else last
        elif variant == "civilité + Prénom Nom":
            self.t(rng.choice(CIVILITY[p.sex]) + " ")
            v = f"{f} {last}" if rng.random() < 0.6 else f"{f} {last.upper()}"
        elif variant == "couple":
            other = rng.choice(FIRST_M if p.sex == "F" else FIRST_F)
            if rng.random() < 0.5:
                self.t(rng.choice(["M. et Mme ", "Mme et M. ", "Monsieur et Madame "]))
                v = last
            else:
                self.t(rng.choice(["M. et Mme ", "Mme et M. ", "les époux "]))
                v = f"{other} et {f} {last}"
        elif variant == "famille":
            self.t(rng.choice(["famille ", "la famille ", "Famille ", "consorts ", "Consorts "]))
            v = last if rng.random() < 0.7 else last.upper()
        else:
            v = f"{f} {last}"
        toks = tokens(v)
        must = [
            t
            for t in toks
            if ascii_fold(t).lower() in {ascii_fold(x).lower() for x in tokens(last)}
        ]
        return self.p(v, "NOM", variant, must, toks)

    def first_only(self, rng: random.Random, p: Person) -> Cell:
        self.t(rng.choice(RELATIVES_F if p.sex == "F" else RELATIVES_M) + " ")
        return self.p(p.first, "PRENOM", "prénom après un parent", tokens(p.first), [])

    def email(self, p: Person) -> Cell:
        v, variant = p.email()
        local = v.split("@")[0].split("[at]")[0].split(" arobase ")[0]
        if variant == "chevrons":
            return self.t("<").p(v, "EMAIL", variant, [local] if len(local) >= 4 else []).t(">")
        return self.p(v, "EMAIL", variant, [local] if len(local) >= 4 else [])

    def digity(self, kind: str, pair: tuple[str, str]) -> Cell:
        return self.p(pair[0], kind, pair[1])

    def address(self, rng: random.Random, with_city: bool = False) -> Cell:
        variant = rng.choice(
            [
                "voie ordinaire",
                "voie ordinaire",
                "voie au nom d'une personne",
                "bis + résidence",
                "MAJUSCULES",
            ]
        )
        street = rng.choice(
            PERSON_STREETS if variant == "voie au nom d'une personne" else ORDINARY_STREETS
        )
        num = rng.randrange(1, 240)
        if variant == "bis + résidence":
            v = f"Résidence Les {rng.choice(['Cèdres', 'Agaves', 'Pins', 'Jardins de Thalie'])}, bât. {rng.choice('ABCD')}, apt {rng.randrange(1, 80)}, {num} bis {street}"
        else:
            v = f"{num} {street}"
        if variant == "MAJUSCULES":
            v = v.upper()
        if with_city:
            c = rng.choice(list(CP))
            v += f", {CP[c]} {c}" if variant != "MAJUSCULES" else f" {CP[c]} {c.upper()}"
        return self.p(v, "ADRESSE", variant)


class Table:
    def __init__(
        self,
        cid: str,
        title: str,
        fmt: str,
        encoding: str | None,
        delimiter: str | None,
        line_ending: str | None,
        columns: list[str],
        tests: str,
        policy: str | None = None,
        clean: bool = False,
    ) -> None:
        self.id, self.title, self.format, self.encoding = cid, title, fmt, encoding
        self.delimiter, self.line_ending, self.tests = delimiter, line_ending, tests
        self.columns = [self.tr(c) for c in columns]
        self.policy, self.clean = policy, clean
        self.rows: list[list[Cell]] = []

    def tr(self, s: str) -> str:
        if self.encoding not in ("Windows-1252", "ISO-8859-1"):
            return s
        codec = CODECS[self.encoding]
        out = []
        for ch in s:
            try:
                ch.encode(codec)
                out.append(ch)
            except UnicodeEncodeError:
                out.append(TRANSLIT.get(ch) or ascii_fold(ch) or "?")
        return "".join(out)

    def cell(self, text: str = "") -> Cell:
        return Cell(self.tr).t(text)


# ------------------------------------------------------------------ checks with score.py's functions


def load_score(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("pii_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cell_problems(
    sc: ModuleType, text: str, planted: list[dict[str, Any]], decoys: list[dict[str, Any]]
) -> list[str]:
    """Why the key of one cell would be wrong: the scorer must see every planted item and decoy
    in the cell as written, and after masking exactly the planted values (in key order, every
    occurrence, as the oracle does) no planted item may still be present and every decoy must be."""
    bad = []
    masked = text
    for it in planted:
        if it["value"] not in text or not sc.planted_present(it, text):
            bad.append(f"planted absent: {it['kind']}")
        for tok in it["strict"]:
            if not sc.has_word(sc.fold(it["value"]), sc.fold(tok)):
                bad.append(f"token not a word of its value: {it['kind']}")
        masked = masked.replace(it["value"], "[X]")
    for it in planted:
        if sc.strict_present(it, masked):
            bad.append(f"token collision: {it['kind']}/{it['variant']}")
    for it in decoys:
        if len(it["value"].strip()) < 2 or not sc.decoy_present(it, text):
            bad.append(f"decoy absent: {it['kind']}")
        elif not sc.decoy_present(it, masked):
            bad.append(f"decoy overlaps a planted value: {it['kind']}")
        elif sc.decoy_present(it, "[X]"):
            bad.append("decoy survives a full mask")
    return bad


# ------------------------------------------------------------------ the ten tables

R = random.Random


def t01_bans(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    a, b = Person(rng), Person(rng)
    c = [
        tab.cell(f"PB-{2024 + i % 3}-{i + 1:04d}"),
        tab.cell().d(event_date(rng, 2024, 2027), "DATE_EVENEMENT"),
    ]
    for p in (a, b):
        c.append(
            tab.cell().name(
                rng, p, rng.choice(["NOM Prénom", "NOM Prénom", "NOM, Prénom", "MAJUSCULES"])
            )
        )
        c.append(tab.cell().d(rng.choice(PROFESSIONS), "TEXTE"))
        bd = birth(rng, 1950, 2003)
        c.append(tab.cell().p(bd[0], "DATE_NAISSANCE", bd[1]))
        c.append(tab.cell().address(rng, with_city=True))
    c.append(
        tab.cell().d(
            rng.choice(
                [
                    "Salle des mariages de l'Hôtel de Ville",
                    "Mairie annexe Mosson",
                    "Mairie annexe Tastavin",
                    "Salle Pétrarque",
                ]
            ),
            "EQUIPEMENT",
        )
    )
    c.append(tab.cell().d(rng.choice(ctx["elus"]), "ELU", ["policy"]))
    obs = tab.cell()
    roll = rng.random()
    if roll < 0.3:
        obs.t("Témoins : ").name(rng, Person(rng), "civilité + Prénom Nom").t(" et ").name(
            rng, Person(rng), "Prénom Nom"
        )
    elif roll < 0.5:
        obs.t("Opposition reçue le ").d(event_date(rng), "DATE_EVENEMENT").t(" de ").name(
            rng, Person(rng)
        ).t(", tél. ").digity("TEL", phone(rng))
    elif roll < 0.65:
        place, kind = rng.choice(
            [
                ("Mairie annexe Mosson", "EQUIPEMENT"),
                ("Maison pour tous Léo Lagrange", "EQUIPEMENT_PERSONNE"),
            ]
        )
        obs.t("Publication affichée à la ").d(place, kind)
    elif roll < 0.8:
        obs.t("Dispense de publication accordée par le procureur")
    c.append(obs)
    return c


def t02_deces(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    p = Person(rng)
    defunt = tab.cell()
    roll = rng.random()
    if p.sex == "F" and roll < 0.45:
        maiden = rng.choice(SURNAMES)
        defunt.name(rng, p, rng.choice(["NOM Prénom", "Prénom Nom", "civilité + Prénom Nom"])).t(
            rng.choice([" née ", " épouse ", ", née "])
        )
        defunt.p(
            maiden.upper() if rng.random() < 0.6 else maiden,
            "NOM",
            "nom de naissance",
            tokens(maiden),
            tokens(maiden),
        )
    elif p.sex == "F" and roll < 0.6:
        defunt.t("Mme veuve ").p(
            p.last.upper(), "NOM", "veuve + nom", tokens(p.last.upper()), tokens(p.last.upper())
        )
    else:
        defunt.name(
            rng,
            p,
            rng.choice(["NOM Prénom", "NOM Prénom", "Prénom Nom", "MAJUSCULES", "NOM, Prénom"]),
        )
    bd = birth(rng, 1920, 1990)
    lieu = tab.cell()
    if rng.random() < 0.6:
        lieu.d(
            rng.choice(
                [
                    "CHU Lapeyronie",
                    "Hôpital Arnaud de Villeneuve",
                    "Clinique Saint-Roch",
                    "Hôpital Saint-Éloi",
                    "EHPAD Les Aubes",
                ]
            ),
            "EQUIPEMENT_PERSONNE",
        )
    else:
        lieu.t("Domicile, ").address(rng)
    decl = tab.cell()
    if rng.random() < 0.55:
        decl.d(*rng.choice(FUNERAL_HOMES))
        decl.t(" (").d(org_phone(rng), "ORG_TEL").t(")")
    else:
        q = Person(rng)
        q.last = p.last if rng.random() < 0.3 else q.last
        decl.t(rng.choice(RELATIVES_F if q.sex == "F" else RELATIVES_M).capitalize() + " : ")
        decl.name(rng, q, rng.choice(["Prénom Nom", "NOM Prénom", "minuscules"]))
        if rng.random() < 0.5:
            decl.t(", ").digity("TEL", phone(rng))
    return [
        tab.cell(f"D{2025}{i + 1:05d}"),
        defunt,
        tab.cell().p(bd[0], "DATE_NAISSANCE", bd[1]),
        tab.cell().d(event_date(rng, 2024, 2026), "DATE_EVENEMENT"),
        tab.cell().d(rng.choice(COMMUNES), "COMMUNE"),
        lieu,
        decl,
        tab.cell().d(
            rng.choice(["Inhumation", "Crémation", "Transport de corps hors commune"]), "TEXTE"
        ),
    ]


def t03_cantine(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    child, parent = Person(rng), Person(rng)
    parent.last = child.last if rng.random() < 0.7 else parent.last
    bd = birth(rng, 2013, 2022)
    caf = f"{rng.randrange(10**6, 10**7)}"
    school = rng.choice(
        [
            *PERSON_FACILITIES[5:9],
            "École Les Aubes",
            "École Sigmund Freud",
            "École Pape Carpentier",
            "École Louisville",
            "Groupe scolaire Condorcet",
        ]
    )
    kind = (
        "EQUIPEMENT_PERSONNE"
        if any(
            w in school
            for w in (
                "Ferry",
                "Curie",
                "Zay",
                "Freud",
                "Carpentier",
                "Condorcet",
                "Joffre",
                "Guesde",
            )
        )
        else "EQUIPEMENT"
    )
    remark = tab.cell()
    r = rng.random()
    if r < 0.3:
        remark.t("PAI allergie arachide, trousse remise par ").name(rng, parent, "civilité + nom")
    elif r < 0.5:
        remark.t("Récupéré le mercredi par ").first_only(rng, Person(rng)).t(" (").digity(
            "TEL", phone(rng)
        ).t(")")
    elif r < 0.6:
        remark.t("Garde alternée : père ").name(rng, Person(rng, "M"), "NOM Prénom").t(
            ", "
        ).address(rng)
    comment_email = tab.cell().email(parent)
    return [
        tab.cell(f"INS-{i + 1:05d}"),
        tab.cell().p(
            child.last.upper() if rng.random() < 0.7 else child.last,
            "NOM",
            "colonne Nom",
            tokens(child.last),
            tokens(child.last),
        ),
        tab.cell().p(
            child.first, "PRENOM", "colonne Prénom", tokens(child.first), tokens(child.first)
        ),
        tab.cell().p(bd[0], "DATE_NAISSANCE", bd[1]),
        tab.cell().d(school, kind),
        tab.cell().d(rng.choice(["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"]), "CODE"),
        tab.cell().name(
            rng,
            parent,
            rng.choice(["NOM Prénom", "civilité + Prénom Nom", "Prénom Nom", "MAJUSCULES"]),
        ),
        tab.cell().digity("TEL", phone(rng)),
        comment_email,
        tab.cell().p(
            *(
                (caf, "CAF", "7 chiffres")
                if rng.random() < 0.85
                else (caf[:-1], "CAF", "6 chiffres")
            )
        ),
        tab.cell().d(str(rng.randrange(150, 2400)), "MONTANT"),
        tab.cell().d(rng.choice(["Standard", "Sans porc", "Sans viande", "Végétarien"]), "TEXTE"),
        remark,
    ]


def t04_permis(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    is_person = rng.random() < 0.5
    pet, addr, contact, archi = tab.cell(), tab.cell(), tab.cell(), tab.cell()
    if is_person:
        p = Person(rng)
        if rng.random() < 0.3:
            pet.name(rng, p, "couple")
        else:
            pet.name(
                rng,
                p,
                rng.choice(["NOM Prénom", "Prénom Nom", "civilité + Prénom Nom", "MAJUSCULES"]),
            )
        addr.address(rng, with_city=True)
        contact.email(p) if rng.random() < 0.5 else contact.digity("TEL", phone(rng))
    else:
        org, kind = rng.choice(DEVELOPERS)
        pet.d(org, kind)
        if rng.random() < 0.4:
            pet.t(", représentée par ").name(
                rng, Person(rng), rng.choice(["civilité + Prénom Nom", "Prénom Nom"])
            )
        addr.d(rng.choice(ctx["org_addresses"]), "ORG_ADRESSE")
        if rng.random() < 0.5:
            contact.d(f"urbanisme@{domain(org)}", "ORG_EMAIL")
        else:
            contact.d(org_phone(rng), "ORG_TEL")
    if rng.random() < 0.5:
        archi.d(
            rng.choice(
                [
                    "Cabinet d'architecture Nicolas Meyer Associés",
                    "Atelier d'architecture Arc en Ciel",
                    "A+Architecture",
                    "Agence Bruno Cardot",
                    "Garcia-Diaz Architectes",
                ]
            ),
            "ORG_PERSONNE",
        )
    else:
        archi.t("Sans architecte (surface < 150 m²)")
    nature = tab.cell(
        rng.choice(
            [
                "Maison individuelle",
                "Extension",
                "Surélévation",
                "Piscine",
                "Immeuble collectif",
                "Changement de destination",
                "Garage",
            ]
        )
    )
    if rng.random() < 0.3:
        nature.t(" en limite de la propriété de ").name(rng, Person(rng), "civilité + nom")
    return [
        tab.cell().d(f"PC 034 172 {rng.randrange(19, 26)} M{rng.randrange(1, 9999):04d}", "CODE"),
        tab.cell().d(event_date(rng), "DATE_EVENEMENT"),
        pet,
        addr,
        contact,
        tab.cell().d(
            f"{rng.choice(['HE', 'KO', 'LX', 'DT', 'MN'])} {rng.randrange(1, 999):04d}", "CODE"
        ),
        tab.cell().d(rng.choice(QUARTIERS), "TEXTE"),
        nature,
        archi,
        tab.cell().d(str(rng.randrange(12, 4000)), "MONTANT"),
        tab.cell().d(
            rng.choice(["Accordé", "Refusé", "Accordé avec prescriptions", "Sursis à statuer"]),
            "TEXTE",
        ),
        tab.cell().d(rng.choice(COMMUNES[:12]), "COMMUNE"),
    ]


def t05_marches(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    att, adr, mail, sir = tab.cell(), tab.cell(), tab.cell(), tab.cell()
    r = rng.random()
    if r < 0.35:
        p = Person(rng)
        form = rng.choice(
            [
                "EI {n}",
                "{n} EI",
                "{n} (auto-entrepreneur)",
                "{n} - micro-entreprise",
                "Entreprise individuelle {n}",
                "{n}, artisan",
            ]
        )
        before, after = form.split("{n}")
        att.t(before).name(rng, p, rng.choice(["Prénom Nom", "NOM Prénom", "MAJUSCULES"])).t(after)
        att.planted[-1]["variant"] = "entreprise individuelle"
        adr.address(rng, with_city=True)
        mail.email(p)
        sir.t(siret(rng))  # the SIRET of a sole trader: neither planted nor a decoy (unscored)
    else:
        org, kind = rng.choice(CONTRACTORS)
        att.d(org, kind)
        adr.d(rng.choice(ctx["org_addresses"]), "ORG_ADRESSE")
        mail.d(
            rng.choice(["contact", "marches", "appels-offres", "devis"]) + "@" + domain(org),
            "ORG_EMAIL",
        )
        sir.d(siret(rng), "SIRET")
    objet = tab.cell(
        rng.choice(
            [
                "Entretien des espaces verts",
                "Réfection de toiture",
                "Nettoyage des locaux",
                "Maintenance des ascenseurs",
                "Fourniture de repas",
                "Travaux de peinture",
            ]
        )
    )
    objet.t(" – ").d(rng.choice(PERSON_FACILITIES), "EQUIPEMENT_PERSONNE")
    return [
        tab.cell().d(f"2025-{rng.randrange(1, 400):04d}-{rng.randrange(1, 9)}", "CODE"),
        objet,
        tab.cell(f"Lot {rng.randrange(1, 8)}"),
        att,
        sir,
        adr,
        mail,
        tab.cell().d(amount(rng, 900, 400000), "MONTANT"),
        tab.cell().d(event_date(rng, 2024, 2026), "DATE_EVENEMENT"),
        tab.cell().d(
            rng.choice(["45000000", "77310000", "90910000", "50750000", "45442110"]), "CODE"
        ),
    ]


def letter(tab: Table, rng: R, ctx: dict[str, Any]) -> Cell:
    p = Person(rng)
    c = tab.cell(rng.choice(["Madame, Monsieur,\n", "Bonjour,\n", "Monsieur le Maire,\n", ""]))
    c.t("Je soussigné" + ("e " if p.sex == "F" else " ")).name(
        rng, p, rng.choice(["Prénom Nom", "NOM Prénom", "civilité + Prénom Nom"])
    )
    c.t(", demeurant ").address(rng, with_city=rng.random() < 0.5).t(", ")
    topic = rng.random()
    if topic < 0.25:
        c.t("conteste la mise en fourrière de mon véhicule immatriculé ").digity(
            "IMMAT", plate(rng)
        )
        c.t(" le ").d(event_date(rng), "DATE_EVENEMENT").t(" ").d(
            rng.choice(PERSON_STREETS), "VOIE_PERSONNE"
        ).t(".\n")
    elif topic < 0.45:
        c.t("demande le remboursement de la cantine sur mon compte ").digity("IBAN", iban(rng))
        c.t(", " + rng.choice(CUES) + " ").name(rng, Person(rng)).t(".\n")
    elif topic < 0.6:
        c.t("signale des nuisances sonores causées par ").name(
            rng, Person(rng), rng.choice(["civilité + nom", "famille", "minuscules"])
        )
        c.t(" depuis l'ouverture de la ").d(rng.choice(PERSON_FACILITIES), "EQUIPEMENT_PERSONNE").t(
            ".\n"
        )
    elif topic < 0.75:
        c.t("joins mon attestation : n° de sécurité sociale ").digity(
            "NIR", nir(rng, p.sex, rng.randrange(1940, 2000))
        ).t(".\n")
    else:
        c.t("sollicite un rendez-vous avec ").d(rng.choice(ctx["orgs"]), "ORG").t(
            " au sujet de "
        ).first_only(rng, Person(rng)).t(".\n")
    if rng.random() < 0.4:
        bd = birth(rng, 1935, 2000)
        c.t(
            rng.choice(
                ["Je suis né" + ("e" if p.sex == "F" else "") + " le ", "Date de naissance : "]
            )
        ).p(bd[0], "DATE_NAISSANCE", bd[1]).t(".\n")
    c.t(rng.choice(["Vous pouvez me joindre au ", "Tél : ", "Mon portable : "])).digity(
        "TEL", phone(rng)
    )
    if rng.random() < 0.6:
        c.t(rng.choice([" ou par courriel ", " / mail : ", "\nCourriel : "])).email(p)
    c.t(
        ".\n"
        + rng.choice(
            [
                "Cordialement,\n",
                "Bien à vous,\n",
                "Veuillez agréer mes salutations distinguées.\n",
                "Merci d'avance\n",
            ]
        )
    )
    sig = rng.choice(["Prénom Nom", "NOM Prénom", "initiales", "MAJUSCULES", "minuscules"])
    c.name(rng, p, sig)
    c.planted[-1]["variant"] = "signature " + sig
    return c


def t06_reclamations(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    answer = tab.cell(
        rng.choice(["Réponse envoyée par la ", "Dossier transmis à la ", "Instruit par la "])
    )
    answer.d(
        rng.choice(
            [
                "Direction de la Propreté",
                "Police municipale",
                "Direction de l'Éducation",
                "Direction des Sports",
                "Mission Tranquillité publique",
            ]
        ),
        "ORG",
    )
    answer.t(" ; voir aussi ").d(rng.choice(FAMOUS), "PERSONNALITE").t(" (exposition au ").d(
        rng.choice(["Pavillon Populaire", "Musée Fabre"]), "EQUIPEMENT_PERSONNE"
    ).t(").")
    return [
        tab.cell(f"REC-{2025}-{i + 1:05d}"),
        tab.cell().d(event_date(rng, 2025, 2026), "DATE_EVENEMENT"),
        tab.cell().d(
            rng.choice(["Courrier", "Courriel", "Formulaire en ligne", "Accueil"]), "TEXTE"
        ),
        tab.cell().d(rng.choice(QUARTIERS), "TEXTE"),
        letter(tab, rng, ctx),
        answer,
    ]


def t07_ccas(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    p = Person(rng)
    bd = birth(rng, 1940, 2004)
    com = tab.cell()
    r = rng.random()
    if r < 0.3:
        com.t("Hébergé(e) chez ").name(rng, Person(rng), "civilité + Prénom Nom")
    elif r < 0.5:
        com.t("Orientée par ").d(
            rng.choice(
                [
                    "Secours populaire",
                    "Restos du Cœur",
                    "Croix-Rouge française",
                    "Emmaüs Montpellier",
                ]
            ),
            "ORG",
        )
        com.t(", RDV à la ").d(rng.choice(PERSON_FACILITIES[13:17]), "EQUIPEMENT_PERSONNE")
    elif r < 0.7:
        com.t("Enfants à charge : ").first_only(rng, Person(rng)).t(" et ").first_only(
            rng, Person(rng)
        )
    elif r < 0.8:
        com.t("Véhicule ").digity("IMMAT", plate(rng)).t(" en panne, aide mobilité")
    travailleur = Person(rng)
    return [
        tab.cell(f"CCAS-{i + 1:06d}"),
        tab.cell().name(
            rng,
            p,
            rng.choice(
                ["NOM Prénom", "NOM Prénom", "Prénom Nom", "NOM, Prénom", "faute de frappe"]
            ),
        ),
        tab.cell().p(bd[0], "DATE_NAISSANCE", bd[1]),
        tab.cell().d(
            rng.choice(["Célibataire", "Marié(e)", "Divorcé(e)", "Veuf/veuve", "Pacsé(e)"]), "TEXTE"
        ),
        tab.cell().address(rng),
        tab.cell().d(rng.choice(COMMUNES), "COMMUNE"),
        tab.cell().d(
            rng.choice(
                [
                    "Aide alimentaire",
                    "Secours d'urgence",
                    "Aide à l'énergie",
                    "Aide au transport",
                    "Bons cantine",
                ]
            ),
            "TEXTE",
        ),
        tab.cell().d(amount(rng, 20, 1500), "MONTANT"),
        tab.cell().d("Caisse d'allocations familiales de l'Hérault", "ORG"),
        tab.cell().p(f"{rng.randrange(10**6, 10**7)}", "CAF", "7 chiffres"),
        tab.cell().digity("IBAN", iban(rng)),
        tab.cell().digity("NIR", nir(rng, p.sex, int(bd[2]))),
        tab.cell().name(
            rng, travailleur, rng.choice(["initiales", "Prénom Nom", "civilité + nom"])
        ),
        com,
    ]


def t08_cimetiere(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    titulaire = tab.cell()
    fam = Person(rng)
    r = rng.random()
    if r < 0.35:
        titulaire.name(rng, fam, "famille")
    elif r < 0.5:
        titulaire.t("Indivision ").p(
            fam.last.upper(),
            "NOM",
            "indivision",
            tokens(fam.last.upper()),
            tokens(fam.last.upper()),
        )
        other = rng.choice(SURNAMES)
        titulaire.t(" / ").p(
            other.upper(), "NOM", "indivision", tokens(other.upper()), tokens(other.upper())
        )
    else:
        titulaire.name(
            rng,
            fam,
            rng.choice(["NOM Prénom", "NOM, Prénom", "civilité + Prénom Nom", "Nom Prénom"]),
        )
    inhumes = tab.cell()
    for k in range(rng.randrange(0, 3)):
        q = Person(rng)
        q.last = fam.last
        if k:
            inhumes.t(" ; ")
        inhumes.name(rng, q, rng.choice(["Prénom Nom", "NOM Prénom"])).t(
            f" ({rng.randrange(1900, 1950)}-{rng.randrange(1960, 2025)})"
        )
    contact = tab.cell()
    if rng.random() < 0.6:
        contact.t("Ayant droit : ").name(
            rng, Person(rng), rng.choice(["Prénom Nom", "civilité + Prénom Nom"])
        ).t(", ").address(rng, True).t(", ").digity("TEL", phone(rng, mobile=rng.random() < 0.7))
    else:
        contact.t("Suivi par ").d(
            rng.choice(
                ["Pompes funèbres Marbrerie Vialla & Fils", "Pompes funèbres Ducasse Frères"]
            ),
            "ORG_PERSONNE",
        ).t(", ").d(org_phone(rng), "ORG_TEL")
    cim = rng.choice(
        [
            "Cimetière Saint-Lazare",
            "Cimetière Saint-Étienne",
            "Cimetière Saint-Martin de Prunet",
            "Cimetière protestant",
            "Cimetière de Grammont",
        ]
    )
    return [
        tab.cell(f"CONC-{rng.randrange(1850, 2025)}-{i + 1:05d}"),
        tab.cell().d(cim, "EQUIPEMENT_PERSONNE" if "Saint" in cim else "EQUIPEMENT"),
        tab.cell().d(f"Carré {rng.randrange(1, 40)}", "CODE"),
        tab.cell().d(str(rng.randrange(1, 60)), "CODE"),
        titulaire,
        inhumes,
        tab.cell().d(event_date(rng, 1960, 2026), "DATE_EVENEMENT"),
        tab.cell().d(rng.choice(["15 ans", "30 ans", "50 ans", "Perpétuelle"]), "TEXTE"),
        tab.cell().d(amount(rng, 200, 6000), "MONTANT"),
        contact,
    ]


def t09_conseil_quartier(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    q = rng.choice(QUARTIERS)
    cr = tab.cell(
        rng.choice(["Point 1 – Propreté\n", "Point 2 – Voirie\n", "Point 3 – Sécurité\n", ""])
    )
    for _ in range(rng.randrange(1, 4)):
        r = rng.random()
        if r < 0.25:
            cr.t("Une habitante, ").name(
                rng, Person(rng), rng.choice(["civilité + Prénom Nom", "civilité + nom"])
            ).t(" (").address(rng).t("), signale des dépôts sauvages ").d(
                rng.choice(PERSON_STREETS), "VOIE_PERSONNE"
            ).t(".\n")
        elif r < 0.4:
            cr.t(rng.choice(CUES).capitalize() + " ").name(rng, Person(rng)).t(
                " : stationnement gênant du véhicule "
            ).digity("IMMAT", plate(rng)).t(".\n")
        elif r < 0.55:
            cr.t("Le projet de fresque en hommage à ").d(rng.choice(FAMOUS), "PERSONNALITE").t(
                " près de l'arrêt "
            ).d(rng.choice(TRAM), "ARRET_TRAM").t(" est validé.\n")
        elif r < 0.7:
            cr.t("Proposition de ").d(rng.choice(ctx["orgs"]), "ORG").t(" (").d(
                org_phone(rng), "ORG_TEL"
            ).t(") propose un vide-grenier le ").d(event_date(rng), "DATE_EVENEMENT").t(".\n")
        elif r < 0.85:
            cr.t("Contact riverains : ").name(
                rng, Person(rng), rng.choice(["Prénom Nom", "minuscules", "NOM Prénom"])
            ).t(", ").email(Person(rng)).t(".\n")
        else:
            cr.t("Travaux à la ").d(rng.choice(PERSON_FACILITIES), "EQUIPEMENT_PERSONNE").t(
                " (budget "
            ).d(amount(rng, 1000, 90000), "MONTANT").t(" €).\n")
    presents = tab.cell()
    for k in range(rng.randrange(1, 4)):
        if k:
            presents.t(", ")
        presents.name(
            rng,
            Person(rng),
            rng.choice(["Prénom Nom", "NOM Prénom", "initiales", "civilité + nom", "minuscules"]),
        )
    return [
        tab.cell().d(event_date(rng, 2024, 2026), "DATE_EVENEMENT"),
        tab.cell().d(q, "TEXTE"),
        tab.cell().d(rng.choice(ctx["elus"]), "ELU", ["policy"]),
        presents,
        cr,
        tab.cell().d(
            rng.choice(
                [
                    "Transmis aux services",
                    "Inscrit au prochain conseil",
                    "Clos",
                    "En attente de devis",
                ]
            ),
            "TEXTE",
        ),
    ]


def t10_clean(tab: Table, rng: R, i: int, ctx: dict[str, Any]) -> list[Cell]:
    fac = rng.choice(PERSON_FACILITIES)
    desc = tab.cell(
        rng.choice(
            [
                "Exposition consacrée à ",
                "Hommage à ",
                "Lecture des textes de ",
                "Concert en mémoire de ",
            ]
        )
    )
    desc.d(rng.choice(FAMOUS), "PERSONNALITE").t(", en partenariat avec ")
    if rng.random() < 0.5:
        desc.d(rng.choice(PERSON_ORGS), "ORG_PERSONNE")
    else:
        desc.d(rng.choice(PLAIN_ORGS + ctx["orgs"]), "ORG")
    return [
        tab.cell().d(f"EVT{i + 1:05d}", "CODE"),
        tab.cell().d(fac, "EQUIPEMENT_PERSONNE"),
        tab.cell().d(f"{rng.randrange(1, 120)} {rng.choice(PERSON_STREETS)}", "VOIE_PERSONNE"),
        tab.cell().d(rng.choice(COMMUNES), "COMMUNE"),
        tab.cell().d(rng.choice(TRAM), "ARRET_TRAM"),
        desc,
        tab.cell().d(org_phone(rng), "ORG_TEL"),
        tab.cell().d(f"accueil.{domain(fac).split('.')[0]}@montpellier3m.fr", "ORG_EMAIL"),
        tab.cell().d(siret(rng), "SIRET"),
        tab.cell().d(f"{43.55 + rng.random() / 10:.6f}".rstrip("0") + "0", "GPS"),
        tab.cell().d(event_date(rng, 2025, 2027), "DATE_EVENEMENT"),
    ]


def tables() -> list[tuple[Table, Callable[..., list[Cell]], int, str | None]]:
    """(table, row generator, default rows, policy text)."""
    return [
        (
            Table(
                "s01_publication_bans",
                "Registre des publications de bans",
                "csv",
                "Windows-1252",
                ";",
                "CRLF",
                [
                    "N° publication",
                    "Date d'affichage",
                    "Futur(e) époux(se) 1",
                    "Profession 1",
                    "Date de naissance 1",
                    "Domicile 1",
                    "Futur(e) époux(se) 2",
                    "Profession 2",
                    "Date de naissance 2",
                    "Domicile 2",
                    "Lieu de célébration",
                    "Officier d'état civil",
                    "Observations",
                ],
                "civil register: two parties in NOM Prénom columns, birth dates, home addresses; witnesses and oppositions in prose; elected official in a public column (policy)",
                "policies/s01_publication_bans.yaml",
            ),
            t01_bans,
            300,
            "# Bans : l'officier d'état civil est un élu (public).\nversion: 1\ndescription: \"Publications de bans\"\n"
            'public_columns: ["Officier d\'état civil"]\ncolumns:\n  "Observations": mask_text\n  "Date de naissance 1": redact\n'
            '  "Date de naissance 2": redact\ndefault: auto\n',
        ),
        (
            Table(
                "s02_registre_deces",
                "Registre des décès",
                "csv",
                "UTF-8",
                ",",
                "LF",
                [
                    "N° acte",
                    "Défunt",
                    "Date de naissance",
                    "Date du décès",
                    "Commune de décès",
                    "Lieu du décès",
                    "Déclarant",
                    "Observations",
                ],
                "death register: maiden names (née, épouse, veuve), relatives as declarants, funeral homes named after people with their phones, hospitals named after people",
            ),
            t02_deces,
            400,
            None,
        ),
        (
            Table(
                "s03_inscriptions_cantine",
                "Inscriptions scolaires et restauration",
                "csv",
                "ISO-8859-1",
                "\t",
                "CRLF",
                [
                    "N° inscription",
                    "Nom de l'enfant",
                    "Prénom de l'enfant",
                    "Né(e) le",
                    "École",
                    "Niveau",
                    "Responsable légal",
                    "Portable",
                    "Mél",
                    "N° allocataire",
                    "Quotient familial",
                    "Régime",
                    "Remarques",
                ],
                "school canteen: child name split in columns, unusual headers (Né(e) le, Mél, Portable, N° allocataire), parents, CAF numbers (some 6 digits), schools named after people; policy drop/generalize/redact/pseudonymize",
                "policies/s03_inscriptions_cantine.yaml",
            ),
            t03_cantine,
            400,
            'version: 1\ncolumns:\n  "Nom de l\'enfant": drop\n  "Prénom de l\'enfant": pseudonymize\n'
            '  "Né(e) le": "generalize:year"\n  "Responsable légal": redact\n  "N° allocataire": redact\n'
            '  "Remarques": mask_text\n  "École": keep\n  "Quotient familial": keep\ndefault: auto\n',
        ),
        (
            Table(
                "s04_permis_construire",
                "Permis de construire déposés",
                "parquet",
                None,
                None,
                None,
                [
                    "N° PC",
                    "Date de dépôt",
                    "Pétitionnaire",
                    "Adresse du pétitionnaire",
                    "Contact",
                    "Parcelle",
                    "Quartier",
                    "Nature des travaux",
                    "Architecte",
                    "Surface de plancher (m²)",
                    "Décision",
                    "Commune",
                ],
                "building permits (Parquet): applicant natural person or SCI/promoter (with a natural representative); address and contact personal only for persons; architects' firms named after people",
            ),
            t04_permis,
            400,
            None,
        ),
        (
            Table(
                "s05_marches_attributaires",
                "Marchés publics attribués",
                "csv",
                "UTF-8 with BOM",
                ";",
                "CRLF",
                [
                    "N° marché",
                    "Objet",
                    "Lot",
                    "Attributaire",
                    "SIRET",
                    "Adresse attributaire",
                    "Courriel",
                    "Montant HT (€)",
                    "Date de notification",
                    "Code CPV",
                ],
                "procurement awards: sole traders (EI, micro-entreprise, auto-entrepreneur) named after their owner are natural persons; SAS/SARL/EURL named after people are legal persons; policy redact_natural_persons",
                "policies/s05_marches_attributaires.yaml",
            ),
            t05_marches,
            400,
            "version: 1\ndescription: Marchés attribués (DECP)\ncolumns:\n  Attributaire: redact_natural_persons\n"
            "  Objet: keep\ndefault: auto\n",
        ),
        (
            Table(
                "s06_reclamations",
                "Courriers et réclamations des usagers",
                "csv",
                "Windows-1252",
                ",",
                "CRLF",
                [
                    "Référence",
                    "Date de réception",
                    "Canal",
                    "Quartier",
                    "Texte du courrier",
                    "Réponse du service",
                ],
                "long multi-line letters: Je soussigné(e), home address, plates (fourrière), IBAN, NIR, birth dates in prose, phones, obfuscated e-mails, signatures after the closing formula; decoys in the service's answer",
            ),
            t06_reclamations,
            300,
            None,
        ),
        (
            Table(
                "s07_ccas_aides",
                "Aides facultatives du CCAS",
                "csv",
                "UTF-8",
                "\t",
                "LF",
                [
                    "N° dossier",
                    "Demandeur",
                    "Date de naissance",
                    "Situation familiale",
                    "Adresse",
                    "Commune",
                    "Type d'aide",
                    "Montant (€)",
                    "Organisme payeur",
                    "N° CAF",
                    "RIB",
                    "N° SS",
                    "Travailleur social",
                    "Commentaire",
                ],
                "social aid: beneficiary (incl. misspelled surnames), IBAN/NIR/CAF under short headers (RIB, N° SS, N° CAF), social worker as initials, children's first names after relatives; policy mask_text + pseudonymize",
                "policies/s07_ccas_aides.yaml",
            ),
            t07_ccas,
            500,
            'version: 1\ndescription: "Aides du CCAS"\ncolumns:\n  Demandeur: pseudonymize\n  RIB: drop\n  "N° SS": drop\n'
            '  Commentaire: mask_text\n  "Type d\'aide": keep\ndefault: auto\n',
        ),
        (
            Table(
                "s08_concessions_cimetiere",
                "Concessions funéraires",
                "csv",
                "ISO-8859-1",
                ";",
                "LF",
                [
                    "N° concession",
                    "Cimetière",
                    "Carré",
                    "Rang",
                    "Titulaire",
                    "Défunts inhumés",
                    "Date d'acquisition",
                    "Durée",
                    "Prix (€)",
                    "Contact",
                ],
                "cemetery plots: famille/consorts/indivision holders, lists of buried people with years, ayants droit with address and phone (mobile or landline), cemeteries named after saints, funeral homes",
            ),
            t08_cimetiere,
            300,
            None,
        ),
        (
            Table(
                "s09_conseils_quartier",
                "Comptes rendus des conseils de quartier",
                "csv",
                "UTF-8 with BOM",
                "|",
                "LF",
                [
                    "Date",
                    "Quartier",
                    "Élu(e) référent(e)",
                    "Habitants présents",
                    "Compte rendu",
                    "Suite",
                ],
                "neighbourhood council minutes: residents in lists and prose after cues, plates, e-mails; tributes to famous people, tram stops, associations with phones; elected official in a public column (policy)",
                "policies/s09_conseils_quartier.yaml",
            ),
            t09_conseil_quartier,
            300,
            'version: 1\npublic_columns: ["Élu(e) référent(e)"]\ncolumns:\n  "Compte rendu": mask_text\n'
            '  "Habitants présents": mask_text\ndefault: auto\n',
        ),
        (
            Table(
                "s10_agenda_lieux_clean",
                "Agenda culturel des lieux (fichier propre)",
                "csv",
                "UTF-8",
                ";",
                "LF",
                [
                    "Code",
                    "Lieu",
                    "Adresse",
                    "Commune",
                    "Arrêt de tram",
                    "Description",
                    "Téléphone",
                    "Courriel",
                    "SIRET",
                    "Latitude",
                    "Date",
                ],
                "clean file: facilities, streets and organisations named after people, famous people, SIRET, GPS with trailing zero: every cell must survive",
                clean=True,
            ),
            t10_clean,
            300,
            None,
        ),
    ]


# ------------------------------------------------------------------ writing


def write_table(tab: Table, path: Path) -> None:
    cells = [[c.text for c in row] for row in tab.rows]
    if tab.format == "parquet":
        pq.write_table(
            pa.table({h: [r[j] for r in cells] for j, h in enumerate(tab.columns)}), path
        )
        return
    buf = io.StringIO(newline="")
    w = csv.writer(
        buf,
        delimiter=tab.delimiter or ",",
        lineterminator="\r\n" if tab.line_ending == "CRLF" else "\n",
    )
    w.writerow(tab.columns)
    w.writerows(cells)
    path.write_bytes(buf.getvalue().encode(CODECS[tab.encoding or "UTF-8"]))


def generate(out: Path, seed: int, rows: int | None) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("data", "keys", "policies"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir()
    shutil.copyfile(SHARED / "eval" / "pii" / "score.py", out / "score.py")
    sc = load_score(out / "score.py")
    ctx = load_real()
    manifest: dict[str, Any] = {
        "generator": "bench/anonymize_sealed4.py",
        "seed": seed,
        "cases": [],
    }
    redrawn = 0
    for n, (tab, gen, default_rows, policy) in enumerate(tables()):
        rng = random.Random(f"{seed}:{tab.id}:{n}")
        for i in range(rows or default_rows):
            for _attempt in range(200):
                row = gen(tab, rng, i, ctx)
                assert len(row) == len(tab.columns), tab.id
                if not any(cell_problems(sc, c.text, c.planted, c.decoys) for c in row):
                    break
                redrawn += 1
            else:
                raise SystemExit(f"{tab.id} row {i}: no valid draw in 200 attempts")
            tab.rows.append(row)
        ext = "parquet" if tab.format == "parquet" else "csv"
        path = out / "data" / f"{tab.id}.{ext}"
        write_table(tab, path)
        planted, decoys = [], []
        for r, row in enumerate(tab.rows):
            for col, c in zip(tab.columns, row, strict=True):
                for it in c.planted:
                    planted.append(
                        {"row": r, "column": col, **it, "id": f"{tab.id}:P{len(planted):05d}"}
                    )
                for it in c.decoys:
                    decoys.append(
                        {"row": r, "column": col, **it, "id": f"{tab.id}:D{len(decoys):05d}"}
                    )
        key = {
            "case": tab.id,
            "file": f"data/{path.name}",
            "rows": len(tab.rows),
            "columns": tab.columns,
            "clean": tab.clean,
            "planted": planted,
            "decoys": decoys,
        }
        write_key(out / "keys" / f"{tab.id}.json", key)
        if policy:
            assert tab.policy
            (out / tab.policy).write_text(policy, encoding="utf-8")
        manifest["cases"].append(
            {
                "id": tab.id,
                "title": tab.title,
                "file": key["file"],
                "format": tab.format,
                "encoding": tab.encoding,
                "delimiter": {"\t": "TAB"}.get(tab.delimiter or "", tab.delimiter),
                "line_ending": tab.line_ending,
                "rows": len(tab.rows),
                "columns": tab.columns,
                "policy": tab.policy,
                "clean": tab.clean,
                "quasi_identifiers": None,
                "output_ext": ext,
                "key": f"keys/{tab.id}.json",
                "planted": len(planted),
                "decoys": len(decoys),
                "tests": tab.tests,
                "variants": sorted({f"{p['kind']}/{p['variant']}" for p in planted}),
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
    manifest["totals"] = {
        k: sum(c[k] for c in manifest["cases"]) for k in ("rows", "planted", "decoys")
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    check_bytes(out, sc)
    manifest["redrawn"] = redrawn
    return manifest


def write_key(path: Path, key: dict[str, Any]) -> None:
    head = {k: v for k, v in key.items() if k not in ("planted", "decoys")}
    lines = ["{"] + [
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()
    ]
    for part in ("planted", "decoys"):
        recs = [json.dumps(it, ensure_ascii=False, separators=(",", ":")) for it in key[part]]
        lines += [f'"{part}": [', ",\n".join(recs), "]" + ("," if part == "planted" else "")]
    path.write_text("\n".join([*lines, "}"]) + "\n", encoding="utf-8")


def check_bytes(out: Path, sc: ModuleType) -> None:
    """Read every file back the way score.py reads inputs and re-check each cell's key records."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for case in manifest["cases"]:
        key = json.loads((out / case["key"]).read_text(encoding="utf-8"))
        if case["format"] == "parquet":
            t = pq.read_table(out / case["file"])
            header, rows = t.column_names, [list(r.values()) for r in t.to_pylist()]
        else:
            enc = CODECS[case["encoding"]]
            header, rows, _ = sc.read_csv_table(
                out / case["file"], enc, {"TAB": "\t"}.get(case["delimiter"], case["delimiter"])
            )
        if header != case["columns"] or len(rows) != case["rows"]:
            raise SystemExit(f"{case['id']}: header or row count differs from the manifest")
        by_cell: dict[tuple[int, str], tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        for part, idx in (("planted", 0), ("decoys", 1)):
            for it in key[part]:
                by_cell.setdefault((it["row"], it["column"]), ([], []))[idx].append(it)
        col = {h: j for j, h in enumerate(header)}
        for (r, c), (planted, decoys) in by_cell.items():
            problems = cell_problems(sc, rows[r][col[c]], planted, decoys)
            if problems:
                raise SystemExit(f"{case['id']} row {r} [{c}]: {problems}")


# ------------------------------------------------------------------ reference points

FAKE_CLI = """
import csv, io, json, sys
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq
mode = {mode!r}
src, out = Path(sys.argv[2]), Path(sys.argv[sys.argv.index("--output") + 1])
root = src.parent.parent
case = next(c for c in json.loads((root / "manifest.json").read_text(encoding="utf-8"))["cases"]
            if c["file"] == "data/" + src.name)
def transform(header, rows):
    if mode == "copy":
        return rows
    if mode == "everything":
        return [["[X]"] * len(r) for r in rows]
    key = json.loads((root / case["key"]).read_text(encoding="utf-8"))
    col = {{h: j for j, h in enumerate(header)}}
    for it in key["planted"]:
        j = col[it["column"]]
        rows[it["row"]][j] = rows[it["row"]][j].replace(it["value"], "[X]")
    return rows
if case["format"] == "parquet":
    t = pq.read_table(src)
    header, d = t.column_names, t.to_pydict()
    rows = transform(header, [[d[c][i] for c in header] for i in range(t.num_rows)])
    pq.write_table(pa.table({{c: [r[j] for r in rows] for j, c in enumerate(header)}}), out)
else:
    enc = {{"UTF-8": "utf-8", "UTF-8 with BOM": "utf-8-sig", "Windows-1252": "cp1252", "ISO-8859-1": "latin-1"}}
    text = src.read_bytes().decode(enc[case["encoding"]])
    delim = {{"TAB": "\\t"}}.get(case["delimiter"], case["delimiter"])
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([table[0], *transform(table[0], table[1:])])
    out.write_text(buf.getvalue(), encoding="utf-8")
"""
EXPECTED = {"copy": (0.0, 1.0, 1.0), "everything": (1.0, 0.0, 0.0), "oracle": (1.0, 1.0, 1.0)}


def run_score(out: Path, cli: str, args: list[str]) -> int:
    return subprocess.run(
        [sys.executable, str(out / "score.py"), "--cli", cli, *args], check=False
    ).returncode


def reference_points(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="sealed4-ref-") as tmp:
        for mode, want in EXPECTED.items():
            cli = Path(tmp) / f"{mode}_anonymizer.py"
            cli.write_text(FAKE_CLI.format(mode=mode), encoding="utf-8")
            js = Path(tmp) / f"{mode}.json"
            r = subprocess.run(
                [
                    sys.executable,
                    str(out / "score.py"),
                    "--cli",
                    str(cli),
                    "--jobs",
                    "2",
                    "--json",
                    str(js),
                    "--out",
                    str(Path(tmp) / mode),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if r.returncode != 0:
                raise SystemExit(f"score.py failed on the {mode} reference: {r.stderr[-500:]}")
            summary = json.loads(js.read_text(encoding="utf-8"))["summary"]
            parts = []
            for m in ("policy", "auto"):
                s = summary[m]
                got = (
                    s["removed"] / s["planted"],
                    s["kept"] / s["decoys"],
                    s["clean_ok"] / s["clean_cells"],
                )
                parts.append(
                    f"{m}: recall={got[0]:.3f} retention={got[1]:.3f} clean={got[2]:.3f} "
                    f"files_ok={s['files_ok']}/{s['files']}"
                )
                if got != want or s["files_ok"] != s["files"]:
                    raise SystemExit(f"reference {mode} ({m}) gives {got}, expected {want}")
            print(f"reference {mode:10s} " + " | ".join(parts))


def main() -> None:
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument(
        "--rows", type=int, default=0, help="rows per table (default: each table's own count)"
    )
    ap.add_argument(
        "--no-reference", action="store_true", help="skip the three reference runs of score.py"
    )
    ap.add_argument(
        "--score", action="store_true", help="then run score.py with --cli and the args after --"
    )
    ap.add_argument("--cli", default="", help="anonymizer executable for --score")
    a = ap.parse_args(argv)
    if a.score and not a.cli:
        ap.error("--score needs --cli")
    if not (SHARED / "eval" / "pii" / "score.py").is_file():
        raise SystemExit(f"{SHARED}/eval/pii/score.py not found: set OPENDATA_SHARED_DIR")
    m = generate(a.out, a.seed, a.rows or None)
    print(
        f"sealed set #4 in {a.out}: {len(m['cases'])} tables, {m['totals']['rows']} rows, "
        f"{m['totals']['planted']} planted, {m['totals']['decoys']} decoys "
        f"({m['redrawn']} rows redrawn to keep the key exact)"
    )
    for c in m["cases"]:
        print(
            f"  {c['id']:28s} {c['format']:7s} {c['encoding'] or '-':14s} {c['delimiter'] or '-':3s} "
            f"{c['rows']:4d} rows {c['planted']:5d} planted {c['decoys']:5d} decoys "
            f"policy={'yes' if c['policy'] else '-'}{' clean' if c['clean'] else ''}"
        )
    if not a.no_reference:
        reference_points(a.out)
    if a.score:
        cli = str(Path(a.cli).absolute()) if Path(a.cli).exists() else a.cli
        sys.exit(run_score(a.out, cli, extra))


if __name__ == "__main__":
    main()
