"""Held-out evaluation of the anonymizer on a corpus it was NOT tuned on (dev tool).

Builds, from a seed, realistic French municipal tables whose templates and vocabulary differ from
`opendata_pipeline_tests/anonymize/corpus/`: complaint register ("registre des doléances"),
subsidy list, school-canteen registrations, parking fines, housing requests, council
deliberations, plus clean tables (equipment, budget lines, polling stations). First names and
surnames come from lists written here (not from the detector lexicon; a quarter of the persons
get a rare first name checked to be outside it, their forms marked "*"); decoys mix synthetic
places/companies with real names read from `../shared/realdata` (associations, streets, schools
used as polling stations, communes) when present.

Every table goes through the real command-line code paths: `cmd_scan` (`opendata-pipeline scan
--json`) and `cmd_anonymize` (`opendata-pipeline anonymize INPUT --output OUT.csv [--policy]`),
in auto mode and with a steward-written policy. Scoring:
- recall per kind and per surface form: a planted value counts as gone when it no longer occurs
  in the output cell (names: no name word of the value is left, whole-word, case-sensitive);
- retention per decoy kind: the decoy text is still in the output cell;
- the CSV round trip of the reader/writer alone (no anonymization) is the reference, so a date
  re-typed by the reader is not blamed on the anonymizer; clean files are compared both against
  that reference (anonymizer integrity) and against the raw input (byte integrity);
- scan: personal columns flagged, clean columns not flagged.

All persons and identifiers are synthetic (valid check digits, invented people). Because it runs
locally on synthetic data only, `--show-misses N` prints samples of missed planted values and
destroyed decoys (values included); never point it at real data.

Usage: python bench/anonymize_holdout.py [--rows 300] [--seed 7] [--show-misses 10] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"
TARGET_RECALL, TARGET_KIND_RECALL, TARGET_RETENTION = 0.995, 0.99, 0.99

# --------------------------------------------------------------------------------------------
# Vocabulary written for this benchmark (not taken from the detector lexicon).


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """Amandine Anthony Aurore Bastien Blandine Capucine Christelle Coralie Cyril Gaëlle
Gwenaëlle Erwan Loïc Maël Soizic Rémi Timothée Apolline Bérénice Clémence Ghislaine Gisèle Huguette
Jean-Baptiste Jean-Luc Marie-Hélène Anne-Laure Pierre-Yves Marc-Antoine Louis-Marie Kylian Nolan
Lenny Maëlys Lyna Axelle Solène Margaux Héloïse Tiphaine Aymeric Enguerrand Hervé Régis Thibault
Sylvain Gilles Denise Monique Colette Paulette Raymonde Yvette Marcelle Josette Fabienne Ludivine
Abdelkader Abdellah Achraf Adel Amina Amine Anissa Bilal Chérifa Djamel Farid Fouad Hakim Hamza
Houria Ilyes Imane Jamila Kamel Khadija Lahcen Leïla Lyes Malika Mehdi Mounir Nabil Naïma Nassim
Nordine Ouassila Rachida Redouane Saïd Salima Sofiane Souad Tarik Wassim Yacine Zineb Zohra
Abdoulaye Adama Aminata Awa Bakary Binta Boubacar Coumba Demba Djeneba Fatoumata Fodé Kadiatou
Kofi Mamadou Mariama Moussa Ousmane Oumou Seydou Souleymane Adjoa Kwame Ngozi Chidi Aïssatou
Anh Bao Duc Hoa Huong Linh Minh Ngoc Phuong Quang Thanh Thuy Trang Tuan Wei Xiaoling Yuki Haruto
Sokha Dara Aleksandra Bogdan Dragan Ioana Mihai Piotr Svetlana Joaquim Fernanda Giulia Matteo
Lorenzo Pablo Iker Teodora"""
)

SURNAMES = _words(
    """Aubry Barre Besson Bouvier Bousquet Cabrol Carrère Chauvet Combes Coste Delmas Escande
Estève Fabregat Gaubert Granier Hébrard Jourdan Lafont Lauret Maurel Molinier Pagès Peyre Poujol
Puech Rouquette Salles Sabatier Teissier Vayssière Cazalis Roumanille Bonnafous Vergnes Castan
Blanc Petit Roux Le_Goff Le_Bihan Kerboul Quéré Guillou Tanguy de_Villeneuve de_La_Rochefoucauld
du_Puy d'Arcy d'Hautefeuille N'Guessan N'Diaye M'Bengue Belkacem Bouzid Chaoui El_Amrani
Ben_Saïd Benhamou Boudjema Mansouri Meziane Ouali Saadi Zeroual Aït_Ali Aït-Ouali Diop Sow Ba
Fall Cissé Koné Coulibaly Touré Keïta Ouédraogo Mensah Okafor Adeyemi Tran Pham Hoang Vo Dang
Bui Wang Zhang Liu Tanaka Sato Kim Park Sok Kowalczyk Nowak Popescu Ionescu Ferreira Pereira
Da_Silva Dos_Santos Rossi Esposito Gonzalez Fernandes Müller Schneider Van_den_Berg O'Brien
Lacombe Vigouroux Fabre Crouzet Pradal Rigaud Soulier Tessier Valette Arnal Bascou Calvet
Dalmas Espinasse Galtier Issert Julien Laborde Marty Nègre Pujol Reboul Sarda Tourreil Alazard
Barthès Causse Delon Fages Gleizes Jullian Lauze Mazel Olivier Pézet Rouvière Sicard Vidal
Bourrel Cambon Durrieu Falguière Garric"""
)
SURNAMES = [s.replace("_", " ") for s in SURNAMES]

# Real but rare first names: those the detector lexicon does not hold (checked at run time, the
# lexicon grows) plant persons only context can reveal. A share of every planted person uses one.
RARE_FIRST_NAMES = _words(
    """Tsiory Fanomezana Haingo Rindra Toavina Njaka Sitraka Mahery Miora Tahina Faniry Hasina
Hovhannes Anahit Lusine Vartan Serop Nairi Levan Tamari Solveig Sigrun Torbjorn Ingvild Hinano
Vaimiti Heiarii Tehei Poerava Yupanqui Killa Ysolde Clothaire Ermengarde Bathilde Radegonde
Saturnin Eudoxie Aldric Théophraste Brunehilde Ottilie Zélig Oyelaran Adaeze Nkechi Chukwuemeka
Oluwatoyin Folasade Wairimu Akinyi Njeri Otieno Ekow Yaaba Akosua Kwabena Thandiwe Sipho Lindiwe"""
)
RARE_SHARE = 0.25

PARTICLE_SURNAMES = [s for s in SURNAMES if re.match(r"(?:de |du |d'|N'|M'|Le |El |Ben |Van )", s)]

QUARTIERS = """Antigone|Beaux-Arts|Boutonnet|Croix d'Argent|Figuerolles|Hôpitaux-Facultés|Les Cévennes
|Mosson|Port Marianne|Près d'Arènes|Celleneuve|Aiguelongue|Lemasson|Estanove|Alco|Malbosc
|Tournezy|Saint-Martin|Les Arceaux|Gambetta""".replace("\n", "").split("|")
COMMUNES = [
    ("34830", "Clapiers"),
    ("34980", "Saint-Gély-du-Fesc"),
    ("34790", "Grabels"),
    ("34160", "Castries"),
    ("34830", "Jacou"),
    ("34990", "Juvignac"),
    ("34750", "Villeneuve-lès-Maguelone"),
    ("34970", "Lattes"),
    ("34430", "Saint-Jean-de-Védas"),
    ("34130", "Mauguio"),
    ("34920", "Le Crès"),
    ("34980", "Montferrier-sur-Lez"),
    ("34570", "Pignan"),
    ("34090", "Montpellier"),
    ("34080", "Montpellier"),
]
STREET_NAMES = """des Mûriers|de la Lironde|du Mas de Bagnères|des Garrigues|Frédéric Bazille
|du Père Soulas|Paul Rimbaud|de la Croix de Lavit|des Grèzes|Saint-Priest|des Violettes|Émile Picard
|de Las Sorbes|du Triolet|Albert Einstein|Lepic|des Chasseurs|de la Pompignane|du Pioch de Boutonnet
|Henri Marès|de l'Aube Rouge|Louisville|des Barques|du Mas Drevon|de Fontcouverte""".replace(
    "\n", ""
).split("|")
STREET_TYPES = ["rue", "avenue", "av.", "Bd", "boulevard", "Chem.", "chemin", "Imp.", "impasse"]
STREET_TYPES += ["allée", "place", "route", "Rte", "traverse", "Av.", "RUE", "Allée"]
LIEUX_DITS = ["La Baume", "Le Mas Neuf", "Les Matelles Hautes", "Mas de Coulondres", "La Jasse"]
DECOY_PLACES = """Gymnase Alain Mimoun|Piscine Suzanne Berlioux|Stade Sabathé|Salle Guillaume de Nogaret
|Maison pour tous Albertine Sarrazin|Espace Martin Luther King|Médiathèque Federico Fellini
|Collège Clemence Royer|Lycée Georges Clemenceau|Parc Clemenceau|Square Jean Monnet
|Bibliothèque Shakespeare|Théâtre Jean-Claude Carrière|Halle Louis Pasteur|Boulodrome Marcel Pagnol
|Crèche Françoise Dolto|Esplanade Charles de Gaulle|Place Albert Ier|Rond-point Ernest Granier
|Cours Gambetta|Maison des chœurs Louis Nicolas""".replace("\n", "").split("|")
COMPANIES = """SARL Coste Frères|SAS Tran Traiteur|Boulangerie Delmas & Fils|SCI Les Hauts de Grabels
|Garage Puech SARL|EURL Bonnafous Paysage|Cabinet Sabatier Associés|SAS Okafor Logistique
|Transports Vigouroux SAS|Ets Calvet et Cie""".replace("\n", "").split("|")
MARQUES = ["Renault", "Peugeot", "Citroën", "Dacia", "Toyota", "Volkswagen", "Fiat", "Kia"]
REGIMES = ["standard", "sans porc", "végétarien", "sans viande", "PAI allergie"]
CLASSES = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"]
CANAUX = ["Courrier", "Courriel", "Téléphone", "Guichet", "Formulaire web"]
MAIL_DOMAINS = _words(
    """orange.fr free.fr laposte.net gmail.com hotmail.fr sfr.fr yahoo.fr outlook.com
icloud.com wanadoo.fr proton.me neuf.fr numericable.fr"""
)
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS_L = MONTHS.split()

# --------------------------------------------------------------------------------------------
# Real-data decoys (optional: the benchmark runs without ../shared/realdata).


def _read_csv(path: Path, delimiter: str) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@dataclass
class RealDecoys:
    associations: list[str]
    streets: list[str]
    schools: list[str]
    communes: list[tuple[str, str, str]]  # insee, name, postcode


def load_realdata() -> RealDecoys:
    assoc = _read_csv(REALDATA / "personal-data" / "VilleMTP_MTP_ListeAssoc_2011.csv", ",")
    names = sorted({r["NomAsso"].strip() for r in assoc if r.get("NomAsso", "").strip()})
    streets = sorted(
        {
            re.sub(r"^\d+\s*(?:BIS|TER)?\s+", "", r["Adresse"].strip()).strip()
            for r in assoc
            if re.match(r"^\d+\s", r.get("Adresse", "").strip())
        }
    )
    elections = _read_csv(REALDATA / "tabular" / "VilleMTP_MTP_Europeenne2014.csv", ";")
    schools = sorted({re.sub(r"\s+", " ", r["Bureau"]).strip() for r in elections if r["Bureau"]})
    hexa = _read_csv(REALDATA / "tabular" / "laposte_hexasmal_herault.csv", ";")
    communes = sorted({(r["Code_commune_INSEE"], r["Nom_commune"], r["Code_postal"]) for r in hexa})
    return RealDecoys(
        associations=names or ["Amicale des Retraités Municipaux", "Convergences 34"],
        streets=[s for s in streets if len(s) > 6] or ["RUE EDMOND HALLEY"],
        schools=schools or ["Ecole maternelle Jean Cocteau", "Ecole élémentaire Voltaire"],
        communes=communes or [("34172", "MONTPELLIER", "34000")],
    )


# --------------------------------------------------------------------------------------------
# Synthetic identifiers with valid check digits.


def _luhn_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def _mod97_iban(country: str, bban: str) -> str:
    def num(s: str) -> str:
        return "".join(str(int(c, 36)) for c in s)

    check = 98 - int(num(bban + country + "00")) % 97
    return f"{country}{check:02d}{bban}"


def _outside_lexicon(names: list[str]) -> list[str]:
    from opendata_pipeline.anonymize.detectors.person_name.lexicon import is_first_name

    rare = [n for n in names if not is_first_name(n)]
    if len(rare) < 20:
        raise SystemExit("fewer than 20 rare first names left outside the lexicon: add some")
    return rare


class Gen:
    """Random synthetic values, each with a label of its surface form."""

    def __init__(self, rng: random.Random, real: RealDecoys) -> None:
        self.r = rng
        self.real = real
        self.rare = _outside_lexicon(RARE_FIRST_NAMES)

    def choice(self, seq: Any) -> Any:
        return self.r.choice(seq)

    # -- persons ------------------------------------------------------------------------------
    def person(self) -> tuple[str, str]:
        first = self.choice(self.rare if self.r.random() < RARE_SHARE else FIRST_NAMES)
        return first, self.choice(SURNAMES)

    def name(self, forms: list[str] | None = None) -> tuple[str, str]:
        """(form, text) of a person name in one of the forms French data uses; the form of a
        name whose first name is outside the detector lexicon ends with " *"."""
        form, text, first = self._name(forms)
        return (f"{form} *" if first in self.rare else form), text

    def _name(self, forms: list[str] | None) -> tuple[str, str, str]:
        first, last = self.person()
        form = self.choice(
            forms
            or [
                "First Last",
                "LAST First",
                "Last First",
                "civ Last",
                "civ First LAST",
                "couple",
                "initial",
                "particle",
                "UPPER FULL",
                "lower full",
            ]
        )
        civ = self.choice(["M.", "Mme", "Madame", "Monsieur", "Mlle", "Mr", "MME", "Me", "Dr"])
        if form == "First Last":
            text = f"{first} {last}"
        elif form == "LAST First":
            text = f"{last.upper()} {first}"
        elif form == "Last First":
            text = f"{last} {first}"
        elif form == "civ Last":
            text = f"{civ} {self.choice([last, last.upper()])}"
        elif form == "civ First LAST":
            text = f"{civ} {first} {last.upper()}"
        elif form == "couple":
            pair = self.choice(["M. et Mme", "Mme et M.", "Monsieur et Madame", "M. & Mme"])
            text = f"{pair} {self.choice([last, last.upper(), first + ' ' + last])}"
        elif form == "initial":
            ini = (
                first[0] + "."
                if "-" not in first
                else "-".join(p[0] + "." for p in first.split("-"))
            )
            text = self.choice([f"{ini} {last}", f"{last} {ini}", f"{ini} {last.upper()}"])
        elif form == "particle":
            text = f"{first} {self.choice(PARTICLE_SURNAMES)}"
        elif form == "UPPER FULL":
            text = f"{first} {last}".upper()
        else:  # lower full
            text = f"{first} {last}".lower()
        return form, text, first

    # -- contact ------------------------------------------------------------------------------
    def email(self) -> tuple[str, str]:
        first, last = self.person()
        local = re.sub(r"[^a-z0-9]", "", _ascii(first).lower())
        sur = re.sub(r"[^a-z0-9]", "", _ascii(last).lower())
        local = self.choice(
            [
                f"{local}.{sur}",
                f"{local[0]}{sur}",
                f"{sur}.{local}{self.r.randint(1, 99)}",
                f"{local}_{sur}",
                f"{local}-{sur}",
                f"{sur}{self.r.randint(1950, 2005)}",
            ]
        )
        domain = self.choice(MAIL_DOMAINS)
        name, tld = domain.rsplit(".", 1)
        form = self.choice(["plain", "plain", "UPPER", "[at][dot]", "(at)", "arobase", "at dot"])
        if form == "plain":
            text = f"{local}@{domain}"
        elif form == "UPPER":
            text = f"{local}@{domain}".upper()
        elif form == "[at][dot]":
            text = f"{local} [at] {name} [dot] {tld}"
        elif form == "(at)":
            text = f"{local}(at){domain}"
        elif form == "arobase":
            text = f"{local} arobase {domain}"
        else:
            text = f"{local} at {name} dot {tld}"
        return form, text

    def phone(self, extra: bool = True) -> tuple[str, str]:
        lead = self.choice(["6", "7", "4", "4", "9", "1", "5"])
        if lead == "4":
            rest = self.choice(["67", "99", "34"]) + f"{self.r.randint(0, 999999):06d}"
        else:
            rest = f"{self.r.randint(0, 99999999):08d}"
        pairs = [rest[i : i + 2] for i in range(0, 8, 2)]
        forms = ["compact", "spaced", "dotted", "dashed", "+33", "+33(0)", "0033", "33", "nbsp"]
        if extra:
            forms += ["slashes", "4-2-2-2", "mixed"]
        form = self.choice(forms)
        if form == "compact":
            text = "0" + lead + rest
        elif form == "spaced":
            text = "0" + lead + " " + " ".join(pairs)
        elif form == "dotted":
            text = "0" + lead + "." + ".".join(pairs)
        elif form == "dashed":
            text = "0" + lead + "-" + "-".join(pairs)
        elif form == "+33":
            text = self.choice(["+33 ", "+33"]) + lead + " " + " ".join(pairs)
        elif form == "+33(0)":
            text = f"+33 (0){lead} " + " ".join(pairs)
        elif form == "0033":
            text = "0033 " + lead + " " + " ".join(pairs)
        elif form == "33":
            text = "33" + lead + rest
        elif form == "nbsp":
            sep = self.choice(["\u00a0", "\u202f"])
            text = "0" + lead + sep + sep.join(pairs)
        elif form == "slashes":
            text = "0" + lead + "/" + "/".join(pairs)
        elif form == "4-2-2-2":
            text = "0" + lead + pairs[0] + " " + " ".join(pairs[1:])
        else:  # mixed separators
            text = "0" + lead + " " + pairs[0] + "." + pairs[1] + "." + pairs[2] + "." + pairs[3]
        return form, text

    def address(self) -> tuple[str, str]:
        num = str(self.r.randint(1, 480))
        suffix = self.choice(["", "", "", " bis", " ter", "B", " BIS"])
        street = f"{self.choice(STREET_TYPES)} {self.choice(STREET_NAMES + self.real.streets[:0])}"
        cp, commune = self.choice(COMMUNES)
        form = self.choice(
            ["num street", "num street cp", "num, street, cp", "residence", "lieu-dit"]
        )
        form = self.choice([form, "UPPER"]) if self.r.random() < 0.15 else form
        if form == "num street":
            text = f"{num}{suffix} {street}"
        elif form == "num street cp":
            text = f"{num}{suffix} {street} {cp} {commune}"
        elif form == "num, street, cp":
            text = f"{num}{suffix}, {street}, {cp} {commune}"
        elif form == "residence":
            text = (
                f"Résidence Les {self.choice(['Pins', 'Tilleuls', 'Acacias', 'Oliviers'])}, "
                f"bât. {self.choice('ABCD')} apt {self.r.randint(1, 60)}, {num} {street}"
            )
        elif form == "lieu-dit":
            text = f"lieu-dit {self.choice(LIEUX_DITS)}, {cp} {commune}"
        else:
            text = f"{num}{suffix} {street} {cp} {commune}".upper()
        return form, text

    # -- national identifiers -----------------------------------------------------------------
    def nir(self) -> tuple[str, str]:
        sex = self.choice("12")
        yy = f"{self.r.randint(30, 99):02d}"
        mm = f"{self.r.randint(1, 12):02d}"
        corsica = self.r.random() < 0.2
        dept = (
            self.choice(["2A", "2B"])
            if corsica
            else f"{self.choice([34, 30, 11, 75, 13, 69, 99]):02d}"
        )
        commune = f"{self.r.randint(1, 990):03d}"
        order = f"{self.r.randint(1, 999):03d}"
        body = sex + yy + mm + dept + commune + order
        numeric = int(body.replace("2A", "19").replace("2B", "18"))
        key = f"{97 - numeric % 97:02d}"
        form = ("corsica " if corsica else "") + self.choice(["compact", "spaced"])
        if form.endswith("compact"):
            text = body + key
        else:
            text = f"{sex} {yy} {mm} {dept} {commune} {order} {key}"
        return form, text

    def iban(self) -> tuple[str, str]:
        from stdnum import iban as std_iban

        while True:
            country = self.choice(["FR", "FR", "FR", "DE", "ES", "BE", "IT"])
            if country == "FR":
                bank, branch = (
                    f"{self.r.randint(10000, 30000):05d}",
                    f"{self.r.randint(0, 99999):05d}",
                )
                account = f"{self.r.randint(0, 10**11 - 1):011d}"
                key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
                bban = f"{bank}{branch}{account}{key:02d}"
            elif country == "DE":
                bban = f"{self.r.randint(10**17, 10**18 - 1)}"
            elif country == "BE":
                base = self.r.randint(10**9, 10**10 - 1)
                bban = f"{base}{(base % 97) or 97:02d}"
            else:
                bban = "".join(
                    self.choice("0123456789") for _ in range(20 if country == "ES" else 0)
                )
                if country == "IT":
                    bban = self.choice("ABCDEFGHIJ") + "".join(
                        self.choice("0123456789") for _ in range(22)
                    )
            text = _mod97_iban(country, bban)
            if std_iban.is_valid(text):
                break
        form = f"{country} " + self.choice(["grouped", "compact", "grouped"])
        if "grouped" in form:
            text = " ".join(text[i : i + 4] for i in range(0, len(text), 4))
        return form, text

    def card(self) -> tuple[str, str]:
        net = self.choice(["visa", "mastercard", "mastercard2", "amex", "cb-visa"])
        if net in ("visa", "cb-visa"):
            body, length = "4" + "".join(self.choice("0123456789") for _ in range(14)), 16
        elif net == "mastercard":
            body, length = (
                str(self.r.randint(51, 55)) + "".join(self.choice("0123456789") for _ in range(13)),
                16,
            )
        elif net == "mastercard2":
            body, length = (
                str(self.r.randint(2221, 2720))
                + "".join(self.choice("0123456789") for _ in range(11)),
                16,
            )
        else:
            body, length = (
                self.choice(["34", "37"]) + "".join(self.choice("0123456789") for _ in range(12)),
                15,
            )
        number = body + _luhn_digit(body)
        assert len(number) == length
        form = self.choice(["grouped", "compact", "dashed"])
        if length == 15:
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i : i + 4] for i in range(0, 16, 4)]
        if form == "grouped":
            text = " ".join(groups)
        elif form == "dashed":
            text = "-".join(groups)
        else:
            text = number
        return f"{net.split('-')[0]} {form}", text

    def plate(self) -> tuple[str, str]:
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        a = self.choice(letters[:-3]) + self.choice(letters)
        b = self.choice(letters) + self.choice(letters)
        n = f"{self.r.randint(1, 999):03d}"
        form = self.choice(
            [
                "SIV dash",
                "SIV space",
                "SIV compact",
                "SIV lower",
                "FNI space",
                "FNI dash",
                "FNI compact",
                "FNI 2A",
            ]
        )
        if form == "SIV dash":
            text = f"{a}-{n}-{b}"
        elif form == "SIV space":
            text = f"{a} {n} {b}"
        elif form == "SIV compact":
            text = f"{a}{n}{b}"
        elif form == "SIV lower":
            text = f"{a}-{n}-{b}".lower()
        else:
            num = str(self.r.randint(1, 9999))
            let = "".join(self.choice(letters) for _ in range(self.r.randint(2, 3)))
            dept = self.choice(["34", "30", "13", "2A", "2B"]) if form == "FNI 2A" else "34"
            sep = {"FNI space": " ", "FNI dash": "-", "FNI compact": "", "FNI 2A": " "}[form]
            text = f"{num}{sep}{let}{sep}{dept}"
        return form, text

    def birth_date(self) -> tuple[str, str, str]:
        """(form, date text, ISO date)."""
        y, m, d = self.r.randint(1935, 2019), self.r.randint(1, 12), self.r.randint(1, 28)
        iso = f"{y:04d}-{m:02d}-{d:02d}"
        form = self.choice(
            ["dd/mm/yyyy", "d mois yyyy", "dd.mm.yyyy", "iso", "dd-mm-yyyy", "dd/mm/yy", "1er/Mois"]
        )
        if form == "dd/mm/yyyy":
            text = f"{d:02d}/{m:02d}/{y}"
        elif form == "d mois yyyy":
            text = f"{d} {MONTHS_L[m - 1]} {y}"
        elif form == "dd.mm.yyyy":
            text = f"{d:02d}.{m:02d}.{y}"
        elif form == "iso":
            text = iso
        elif form == "dd-mm-yyyy":
            text = f"{d:02d}-{m:02d}-{y}"
        elif form == "dd/mm/yy":
            text = f"{d:02d}/{m:02d}/{y % 100:02d}"
        else:
            text = f"{'1er' if d == 1 else d} {MONTHS_L[m - 1].capitalize()} {y}"
        return form, text, iso

    def caf(self) -> tuple[str, str]:
        number = f"{self.r.randint(1000000, 9999999)}"
        form = self.choice(["7 digits", "7 digits + letter", "8 digits MSA"])
        if form == "7 digits + letter":
            number += " " + self.choice("ABCDEFGH")
        elif form == "8 digits MSA":
            number = f"{self.r.randint(10000000, 99999999)}"
        return form, number

    # -- decoys -------------------------------------------------------------------------------
    def siret_public(self) -> str:
        while True:
            siren = self.choice(["2134", "2434", "2000", "1934"]) + "".join(
                self.choice("0123456789") for _ in range(4)
            )
            siren += _luhn_digit(siren)
            nic = f"{self.r.randint(1, 9999):04d}"
            siret = siren + nic
            siret += _luhn_digit(siret)
            return siret

    def event_date(self) -> str:
        return (
            f"{self.r.randint(1, 28):02d}/{self.r.randint(1, 12):02d}/{self.r.randint(2019, 2026)}"
        )

    def amount(self) -> str:
        return f"{self.r.randint(1, 90)} {self.r.randint(0, 999):03d},{self.choice(['00', '50'])}"

    def street_decoy(self) -> str:
        if self.r.random() < 0.5:
            return (
                self.choice(self.real.streets).title().replace("D'", "d'").replace(" De ", " de ")
            )
        return f"{self.choice(['avenue', 'rue', 'boulevard', 'place'])} {self.choice(['Jean Jaurès', 'Frédéric Mistral', 'Pierre Mendès France', 'Georges Clemenceau', 'Marie Curie', 'Victor Hugo', 'Louise Michel', 'Simone Veil', 'Jean Moulin', 'Léon Blum'])}"


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --------------------------------------------------------------------------------------------
# Tables and labels.

Label = tuple[str, str, str]  # kind, form, value


@dataclass
class Table:
    """A CSV to write, its labels per cell, and the policy a steward would write."""

    name: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    planted: dict[tuple[int, int], list[Label]] = field(default_factory=lambda: defaultdict(list))
    decoys: dict[tuple[int, int], list[Label]] = field(default_factory=lambda: defaultdict(list))
    policy: dict[str, Any] | None = None
    clean: bool = False
    delimiter: str = ","
    personal_columns: set[str] = field(default_factory=set)
    ignore_auto: set[str] = field(default_factory=set)  # columns not scored in auto mode


class Text:
    """Builds a free-text cell while recording planted values and decoys."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.planted: list[Label] = []
        self.decoys: list[Label] = []

    def t(self, s: str) -> Text:
        self.parts.append(s)
        return self

    def p(self, kind: str, fv: tuple[str, str]) -> Text:
        self.planted.append((kind, fv[0], fv[1]))
        self.parts.append(fv[1])
        return self

    def d(self, kind: str, value: str) -> Text:
        self.decoys.append((kind, kind, value))
        self.parts.append(value)
        return self

    def text(self) -> str:
        return "".join(self.parts)


def _free_text(g: Gen, kind: str) -> Text:
    """One free-text comment mixing planted values and decoys in varied French."""
    r = g.r
    x = Text()
    name_forms = None
    n = lambda: g.name(name_forms)  # noqa: E731
    choice = r.randrange(22 if kind != "delib" else 6)
    if kind == "delib":
        if choice == 0:
            x.t("Attribution d'une subvention de ").d("amount", g.amount()).t(" € à l'association ")
            x.d("association", g.choice(g.real.associations)).t(" pour l'animation du quartier ")
            x.d("quartier", g.choice(QUARTIERS)).t(".")
        elif choice == 1:
            x.t("Acquisition auprès de ").p("person_name", g.name(["couple", "civ First LAST"]))
            x.t(" de la parcelle cadastrée section BK n° ").t(str(r.randint(10, 400)))
            x.t(" située ").d("street", g.street_decoy()).t(" à ").d(
                "commune", g.choice(COMMUNES)[1]
            ).t(".")
        elif choice == 2:
            x.t("Travaux de rénovation énergétique du ").d("place", g.choice(g.real.schools)).t(
                " et du "
            )
            x.d("place", g.choice(DECOY_PLACES)).t(" — marché attribué à ").d(
                "company", g.choice(COMPANIES)
            )
            x.t(" (SIRET ").d("siret", g.siret_public()).t(").")
        elif choice == 3:
            x.t("Protocole transactionnel avec ").p(
                "person_name", g.name(["civ First LAST", "civ Last", "First Last"])
            )
            x.t(", domicilié ").p("address", g.address()).t(", suite au sinistre du ").d(
                "date", g.event_date()
            ).t(".")
        elif choice == 4:
            x.t("Dénomination de la voie nouvelle « ").d("street", g.street_decoy()).t(
                " » dans la ZAC "
            )
            x.d("quartier", g.choice(QUARTIERS)).t(" ; convention avec ").d(
                "company", g.choice(COMPANIES)
            ).t(".")
        else:
            x.t("Indemnisation de ").p(
                "person_name", g.name(["civ First LAST", "LAST First", "First Last"])
            )
            x.t(" pour le véhicule ").p("plate", g.plate()).t(" endommagé par une branche ").d(
                "street", g.street_decoy()
            ).t(".")
        return x
    prep = g.choice(["chez", "par", "avec", "pour", "de la part de", "selon", "à"])
    if choice == 0:
        x.t(f"Plainte déposée {prep} ").p("person_name", n()).t(
            " au sujet du bruit nocturne près du "
        )
        x.d("place", g.choice(DECOY_PLACES)).t(". Rappeler au ").p("phone", g.phone()).t(
            " en soirée."
        )
    elif choice == 1:
        x.t("Nuisances signalées par ").p("person_name", n()).t(" (").p("address", g.address())
        x.t("), récurrentes depuis le ").d("date", g.event_date()).t(".")
    elif choice == 2:
        x.t("Le riverain souhaite être tenu informé à l'adresse ").p("email", g.email())
        x.t(g.choice([".", " svp", ", merci.", " ou par courrier."]))
    elif choice == 3:
        x.t("Véhicule ").p("plate", g.plate()).t(" stationné en permanence devant le portail du ")
        x.p("address", g.address()).t(", propriétaire inconnu.")
    elif choice == 4:
        x.t("Dépôt sauvage ").d("street", g.street_decoy()).t(
            g.choice([", vu par ", " signalé par ", " — témoin : "])
        )
        x.p("person_name", g.name(["lower full", "First Last", "UPPER FULL"])).t(". Voir avec ")
        x.d("company", g.choice(COMPANIES)).t(".")
    elif choice == 5:
        x.t("Demande transmise ").t(prep + " ").p("person_name", n()).t(" à l'association ")
        x.d("association", g.choice(g.real.associations)).t(", qui gère la salle depuis ").t(
            str(r.randint(2001, 2024))
        ).t(".")
    elif choice == 6:
        first = g.choice(FIRST_NAMES)
        x.t("Bonjour, je vous relance pour l'élagage des platanes ").d("street", g.street_decoy())
        x.t(
            g.choice(
                [". Cordialement, ", ". Bien à vous, ", ".\nMerci d'avance,\n", ". Bonne journée. "]
            )
        )
        x.p("person_name", ("signature first name", first))
    elif choice == 7:
        x.t("Rdv pris ").t(g.choice(["chez ", "avec "])).p("person_name", n()).t(" le ").d(
            "date", g.event_date()
        )
        x.t(" à 14h, tél ").p("phone", g.phone()).t(" / mail ").p("email", g.email())
    elif choice == 8:
        x.t("Sa voisine, ").p("person_name", n()).t(", brûle des déchets verts le dimanche à ")
        x.d("commune", g.choice(COMMUNES)[1]).t(".")
    elif choice == 9:
        x.p("person_name", g.name(["UPPER FULL", "LAST First", "civ Last"])).t(
            " demande un rendez-vous avec l'élu de quartier au sujet de la "
        )
        x.d("place", g.choice(DECOY_PLACES)).t(".")
    elif choice == 10:
        x.t("Remboursement à effectuer sur le compte ").p("iban", g.iban()).t(" (titulaire : ")
        x.p("person_name", n()).t(").")
    elif choice == 11:
        x.t("Paiement refusé pour la carte ").p("card", g.card()).t(
            " lors de l'inscription au centre de loisirs "
        )
        x.d("place", g.choice(g.real.schools)).t(".")
    elif choice == 12:
        x.t(
            g.choice(
                [
                    "Allocataire CAF n° ",
                    "N° allocataire : ",
                    "dossier CAF ",
                    "Numéro d'allocataire CAF : ",
                    "MSA n° ",
                ]
            )
        )
        x.p("caf", g.caf()).t(", quotient familial à recalculer.")
    elif choice == 13:
        form, date, _ = g.birth_date()
        x.t(
            g.choice(
                [
                    "Personne isolée, née le ",
                    "Enfant né le ",
                    "Demandeur né(e) le ",
                    "date de naissance : ",
                    "Né le ",
                ]
            )
        )
        x.p("birth_date", (form, date)).t(", vit seul(e) au ").p("address", g.address()).t(".")
    elif choice == 14:
        x.t("N° de sécu communiqué par téléphone : ").p("nir", g.nir()).t(" (à vérifier).")
    elif choice == 15:
        x.t("L'entreprise ").d("company", g.choice(COMPANIES)).t(" (SIRET ").d(
            "siret", g.siret_public()
        )
        x.t(") interviendra ").d("street", g.street_decoy()).t(" le ").d("date", g.event_date()).t(
            "."
        )
    elif choice == 16:
        x.t("Habitante de ").d("commune", g.choice(COMMUNES)[1]).t(", joignable au ").p(
            "phone", g.phone()
        )
        x.t(" ou par courriel ").p("email", g.email()).t(".")
    elif choice == 17:
        x.t("Courrier reçu de ").p("person_name", g.name(["particle", "initial", "couple"]))
        x.t(" concernant la fermeture estivale (").d("place", g.choice(DECOY_PLACES)).t(").")
    elif choice == 18:
        x.t("Réunion publique à la ").d("place", g.choice(g.real.schools)).t(" avec ")
        x.d("association", g.choice(g.real.associations)).t(" ; ").t(str(r.randint(12, 80))).t(
            " participants."
        )
    elif choice == 19:
        x.t("Relance envoyée. ").p("person_name", n()).t(
            g.choice([" a rappelé", " rappellera", " est passé(e) au guichet"])
        )
        x.t(" — nouveau numéro : ").p("phone", g.phone()).t(".")
    elif choice == 20:
        x.t("Chantier ").d("street", g.street_decoy()).t(" : gêne pour l'accès au ").p(
            "address", g.address()
        )
        x.t(g.choice([" depuis 3 semaines.", ".", " ; merci d'intervenir."]))
    else:
        x.t("RAS. Transmis au service voirie le ").d("date", g.event_date()).t(".")
    return x


def _put(
    table: Table, row: list[str], planted: dict[int, list[Label]], decoys: dict[int, list[Label]]
) -> None:
    i = len(table.rows)
    table.rows.append(row)
    for col, labels in planted.items():
        table.planted[(i, col)].extend(labels)
    for col, labels in decoys.items():
        table.decoys[(i, col)].extend(labels)


def _one(kind: str, fv: tuple[str, str]) -> list[Label]:
    return [(kind, fv[0], fv[1])]


def t_doleances(g: Gen, n: int) -> Table:
    t = Table(
        "registre_doleances",
        [
            "N° dossier",
            "Reçue le",
            "Canal",
            "Déposant",
            "Coordonnées",
            "Quartier",
            "Objet de la doléance",
            "Réponse du service",
        ],
        delimiter=";",
    )
    t.personal_columns = {"Déposant", "Coordonnées", "Objet de la doléance", "Réponse du service"}
    for i in range(n):
        name = g.name()
        contact = g.email() if g.r.random() < 0.5 else g.phone()
        contact_kind = (
            "email"
            if "@" in contact[1] or "at" in contact[1] or "arobase" in contact[1]
            else "phone"
        )
        obj, rep = _free_text(g, "doleance"), _free_text(g, "doleance")
        row = [
            f"DOL-2025-{i + 1:05d}",
            g.event_date(),
            g.choice(CANAUX),
            name[1],
            contact[1],
            g.choice(QUARTIERS),
            obj.text(),
            rep.text(),
        ]
        _put(
            t,
            row,
            {
                3: _one("person_name", name),
                4: _one(contact_kind, contact),
                6: obj.planted,
                7: rep.planted,
            },
            {
                0: [("code", "code", row[0])],
                1: [("date", "date", row[1])],
                2: [("code", "label", row[2])],
                5: [("quartier", "quartier", row[5])],
                6: obj.decoys,
                7: rep.decoys,
            },
        )
    t.policy = {
        "columns": {
            "Déposant": "redact",
            "Coordonnées": "drop",
            "Objet de la doléance": "mask_text",
            "Réponse du service": "mask_text",
        },
        "default": "keep",
    }
    return t


def t_subventions(g: Gen, n: int) -> Table:
    t = Table(
        "subventions_2025",
        [
            "Exercice",
            "Bénéficiaire",
            "N° SIRET",
            "Objet",
            "Montant voté (€)",
            "Date de la délibération",
            "Commune du siège",
        ],
    )
    t.personal_columns = {"Bénéficiaire"}
    for _ in range(n):
        x = g.r.random()
        planted: dict[int, list[Label]] = {}
        decoys: dict[int, list[Label]] = {}
        if x < 0.65:
            who, siret = g.choice(g.real.associations), g.siret_public()
            decoys[1] = [("legal_person", "association (real)", who)]
        elif x < 0.78:
            who, siret = g.choice(COMPANIES), g.siret_public()
            decoys[1] = [("legal_person", "company", who)]
        else:
            form, who = g.name(
                [
                    "First Last",
                    "LAST First",
                    "civ First LAST",
                    "civ Last",
                    "Last First",
                    "UPPER FULL",
                ]
            )
            siret = ""
            planted[1] = [("person_name", form, who)]
        objet = g.choice(
            [
                "Fonctionnement",
                "Aide au projet",
                "Manifestation sportive",
                "Bourse jeune talent",
                "Équipement",
                "Festival",
            ]
        )
        row = ["2025", who, siret, objet, g.amount(), g.event_date(), g.choice(COMMUNES)[1]]
        decoys[2] = [("siret", "siret", siret)] if siret else []
        decoys[4] = [("amount", "amount", row[4])]
        decoys[6] = [("commune", "commune", row[6])]
        _put(t, row, planted, decoys)
    t.policy = {"columns": {"Bénéficiaire": "redact_natural_persons"}, "default": "keep"}
    return t


def t_cantine(g: Gen, n: int) -> Table:
    t = Table(
        "inscriptions_cantine",
        [
            "NOM ENFANT",
            "Prénom(s)",
            "Né(e) le",
            "École fréquentée",
            "Classe",
            "Responsable légal 1",
            "Tél. resp.",
            "Courriel du responsable",
            "N° allocataire",
            "QF",
            "Régime alimentaire",
            "Remarques",
        ],
    )
    t.personal_columns = {
        "NOM ENFANT",
        "Prénom(s)",
        "Né(e) le",
        "Responsable légal 1",
        "Tél. resp.",
        "Courriel du responsable",
        "N° allocataire",
        "Remarques",
    }
    for _ in range(n):
        first, last = g.person()
        y, m, d = g.r.randint(2013, 2021), g.r.randint(1, 12), g.r.randint(1, 28)
        bd = f"{d:02d}/{m:02d}/{y}"
        resp = g.name(
            ["First Last", "LAST First", "civ First LAST", "Mme Last" if False else "civ Last"]
        )
        tel, mail, caf = g.phone(), g.email(), g.caf()
        rem = (
            _free_text(g, "cantine")
            if g.r.random() < 0.6
            else Text().t(
                g.choice(
                    ["", "Allergie arachide (PAI).", "Mange lentement.", "Départ à 16h30 le mardi."]
                )
            )
        )
        row = [
            last.upper(),
            first,
            bd,
            g.choice(g.real.schools),
            g.choice(CLASSES),
            resp[1],
            tel[1],
            mail[1],
            caf[1],
            str(g.r.randint(200, 2500)),
            g.choice(REGIMES),
            rem.text(),
        ]
        _put(
            t,
            row,
            {
                0: [("person_name", "surname column", row[0])],
                1: [("person_name", "first-name column", first)],
                2: [("birth_date", "birth column dd/mm/yyyy", bd)],
                5: _one("person_name", resp),
                6: _one("phone", tel),
                7: _one("email", mail),
                8: _one("caf", caf),
                11: rem.planted,
            },
            {
                3: [("place", "school (real)", row[3])],
                4: [("code", "label", row[4])],
                9: [("number", "number", row[9])],
                10: [("code", "label", row[10])],
                11: rem.decoys,
            },
        )
    t.policy = {
        "columns": {
            "NOM ENFANT": "redact",
            "Prénom(s)": "redact",
            "Né(e) le": {"generalize": "year"},
            "Responsable légal 1": "redact",
            "Tél. resp.": "drop",
            "Courriel du responsable": "drop",
            "N° allocataire": "drop",
            "Remarques": "mask_text",
        },
        "default": "auto",
    }
    return t


def t_amendes(g: Gen, n: int) -> Table:
    t = Table(
        "amendes_stationnement",
        [
            "N° avis",
            "Date de l'infraction",
            "Heure",
            "Lieu",
            "Immatriculation",
            "Marque",
            "Titulaire du certificat",
            "Adresse du titulaire",
            "Montant (€)",
        ],
        delimiter=";",
    )
    t.personal_columns = {"Immatriculation", "Titulaire du certificat", "Adresse du titulaire"}
    for _ in range(n):
        plate, holder, addr = g.plate(), g.name(), g.address()
        row = [
            str(g.r.randint(2 * 10**9, 5 * 10**9)),
            g.event_date(),
            f"{g.r.randint(7, 20):02d}:{g.r.randint(0, 59):02d}",
            g.street_decoy(),
            plate[1],
            g.choice(MARQUES),
            holder[1],
            addr[1],
            g.choice(["35", "135", "17", "68"]),
        ]
        _put(
            t,
            row,
            {4: _one("plate", plate), 6: _one("person_name", holder), 7: _one("address", addr)},
            {
                0: [("code", "avis number", row[0])],
                1: [("date", "date", row[1])],
                3: [("street", "street (real/synthetic)", row[3])],
                5: [("code", "label", row[5])],
                8: [("amount", "amount", row[8])],
            },
        )
    t.policy = {
        "columns": {
            "Immatriculation": "redact",
            "Titulaire du certificat": "redact",
            "Adresse du titulaire": "drop",
        },
        "default": "auto",
    }
    return t


def t_logement(g: Gen, n: int) -> Table:
    t = Table(
        "demandes_logement",
        [
            "Réf. demande",
            "Demandeur",
            "Date de naiss.",
            "N° SS",
            "Adresse actuelle",
            "Téléphone",
            "IBAN (prélèvement)",
            "Nb pers. foyer",
            "Commune souhaitée",
            "Commentaire instructeur",
        ],
    )
    t.personal_columns = {
        "Demandeur",
        "Date de naiss.",
        "N° SS",
        "Adresse actuelle",
        "Téléphone",
        "IBAN (prélèvement)",
        "Commentaire instructeur",
    }
    for i in range(n):
        who, nir, addr, tel, iban = g.name(), g.nir(), g.address(), g.phone(), g.iban()
        bform, bdate, _ = g.birth_date()
        com = _free_text(g, "logement")
        row = [
            f"034-2025-{i + 1:06d}",
            who[1],
            bdate,
            nir[1],
            addr[1],
            tel[1],
            iban[1],
            str(g.r.randint(1, 7)),
            g.choice(COMMUNES)[1],
            com.text(),
        ]
        _put(
            t,
            row,
            {
                1: _one("person_name", who),
                2: [("birth_date", f"birth column {bform}", bdate)],
                3: _one("nir", nir),
                4: _one("address", addr),
                5: _one("phone", tel),
                6: _one("iban", iban),
                9: com.planted,
            },
            {
                0: [("code", "code leading zero", row[0])],
                7: [("number", "number", row[7])],
                8: [("commune", "commune", row[8])],
                9: com.decoys,
            },
        )
    t.policy = {
        "columns": {
            "Demandeur": "redact",
            "Date de naiss.": {"generalize": "year"},
            "N° SS": "drop",
            "Adresse actuelle": "drop",
            "Téléphone": "drop",
            "IBAN (prélèvement)": "drop",
            "Commentaire instructeur": "mask_text",
        },
        "default": "auto",
    }
    return t


def t_seniors(g: Gen, n: int) -> Table:
    t = Table(
        "inscriptions_seniors",
        [
            "Nom",
            "Prénom",
            "Date de naissance",
            "Adresse",
            "Tél. fixe",
            "Personne à prévenir",
            "Activité",
            "Tarif (€)",
        ],
        delimiter=";",
    )
    t.personal_columns = {
        "Nom",
        "Prénom",
        "Date de naissance",
        "Adresse",
        "Tél. fixe",
        "Personne à prévenir",
    }
    for _ in range(n):
        first, last = g.person()
        bform, bdate, _ = g.birth_date()
        addr, tel = g.address(), g.phone(extra=False)
        rel = g.name(["civ First LAST", "First Last", "LAST First"])
        tel2 = g.phone(extra=False)
        contact = f"{rel[1]} ({g.choice(['fille', 'fils', 'voisin', 'neveu', 'amie'])}) {tel2[1]}"
        act = g.choice(
            [
                "Gym douce",
                "Atelier mémoire",
                "Yoga",
                "Sortie au " + g.choice(DECOY_PLACES),
                "Belote",
            ]
        )
        row = [
            g.choice([last, last.upper()]),
            first,
            bdate,
            addr[1],
            tel[1],
            contact,
            act,
            g.choice(["5", "12", "0"]),
        ]
        _put(
            t,
            row,
            {
                0: [("person_name", "surname column", row[0])],
                1: [("person_name", "first-name column", first)],
                2: [("birth_date", f"birth column (text) {bform}", bdate)],
                3: _one("address", addr),
                4: _one("phone", tel),
                5: [("person_name", rel[0], rel[1]), ("phone", tel2[0], tel2[1])],
            },
            {6: [("code", "label", act)], 7: [("amount", "amount", row[7])]},
        )
    t.policy = {
        "columns": {
            "Nom": "redact",
            "Prénom": "redact",
            "Date de naissance": {"generalize": "year"},
            "Adresse": "drop",
            "Tél. fixe": "drop",
            "Personne à prévenir": "mask_text",
        },
        "default": "auto",
    }
    return t


ENSEIGNES = _words(
    """Chez_Fatou Le_Comptoir_de_Mounir Boulangerie_Marcel La_Table_d'Aymeric Pizzeria_Da_Matteo
Café_Joseph Le_Bistrot_de_Solène Au_Petit_Creux Les_Délices_de_Binta Brasserie_du_Corum"""
)
ENSEIGNES = [e.replace("_", " ") for e in ENSEIGNES]


def t_benevoles(g: Gen, n: int) -> Table:
    """Header variants (case, accents, spacing, snake/camel case) over single-value columns."""
    headers = ["NOM ", "prenom", "E-mail", "Tel.", "ADRESSE POSTALE", "date_naissance", "Mission"]
    t = Table("annuaire_benevoles", headers)
    t.personal_columns = set(headers[:6])
    for _ in range(n):
        first, last = g.person()
        mail, tel, addr = g.email(), g.phone(extra=False), g.address()
        y, m, d = g.r.randint(1940, 2006), g.r.randint(1, 12), g.r.randint(1, 28)
        bd = f"{y}-{m:02d}-{d:02d}"
        mission = g.choice(["Accueil", "Buvette", "Billetterie", "Sécurité", "Montage"])
        row = [last.upper(), first, mail[1], tel[1], addr[1], bd, mission]
        _put(
            t,
            row,
            {
                0: [("person_name", "surname column", row[0])],
                1: [("person_name", "first-name column", first)],
                2: _one("email", mail),
                3: _one("phone", tel),
                4: _one("address", addr),
                5: [("birth_date", "birth column iso (typed)", bd)],
            },
            {6: [("code", "label", mission)]},
        )
    t.policy = {
        "columns": {
            "Nom": "redact",
            "Prénom": "redact",
            "E-mail": "drop",
            "Tel.": "drop",
            "Adresse postale": "drop",
            "date_naissance": {"generalize": "year"},
        },
        "default": "auto",
    }
    return t


def t_terrasses(g: Gen, n: int) -> Table:
    """Terrace permits: applicant mixes companies, associations and persons (row by row)."""
    t = Table(
        "occupations_domaine_public",
        ["N° arrêté", "Pétitionnaire", "Enseigne", "Surface (m²)", "Date d'effet", "Quartier"],
        delimiter=";",
    )
    t.personal_columns = {"Pétitionnaire"}
    for i in range(n):
        planted: dict[int, list[Label]] = {}
        decoys: dict[int, list[Label]] = {}
        x = g.r.random()
        if x < 0.45:
            who = g.choice(COMPANIES)
            decoys[1] = [("legal_person", "company", who)]
        elif x < 0.6:
            who = g.choice(g.real.associations)
            decoys[1] = [("legal_person", "association (real)", who)]
        else:
            form, who = g.name(["civ First LAST", "LAST First", "First Last", "civ Last"])
            planted[1] = [("person_name", form, who)]
        enseigne = g.choice(ENSEIGNES)
        row = [
            f"AOT-{i + 1:05d}",
            who,
            enseigne,
            str(g.r.randint(4, 80)),
            g.event_date(),
            g.choice(QUARTIERS),
        ]
        decoys[0] = [("code", "code leading zero", row[0])]
        decoys[2] = [("enseigne", "shop sign with first name", enseigne)]
        decoys[5] = [("quartier", "quartier", row[5])]
        _put(t, row, planted, decoys)
    t.policy = {"columns": {"Pétitionnaire": "redact_natural_persons"}, "default": "keep"}
    return t


ELUS = ["Hélène Carrasco", "Michel Aubanel", "Sabine Rougier", "Karim Taleb", "Isabelle Marcou"]


def t_deliberations(g: Gen, n: int) -> Table:
    t = Table(
        "deliberations_cm",
        ["N° délibération", "Date séance", "Rapporteur", "Objet", "Vote", "Montant (€)"],
        delimiter=";",
    )
    t.personal_columns = {"Objet", "Rapporteur"}  # elected officials: persons, public by law
    t.ignore_auto = {"Rapporteur"}
    for i in range(n):
        obj = _free_text(g, "delib")
        row = [
            f"DEL2025_{i + 1:04d}",
            g.event_date(),
            g.choice(ELUS),
            obj.text(),
            g.choice(["Unanimité", "Majorité", "Adopté"]),
            g.amount(),
        ]
        _put(
            t,
            row,
            {3: obj.planted},
            {
                0: [("code", "code leading zero", row[0])],
                1: [("date", "date", row[1])],
                2: [("public_column", "public column (policy)", row[2])],
                3: obj.decoys,
                5: [("amount", "amount", row[5])],
            },
        )
    t.policy = {
        "public_columns": ["Rapporteur"],
        "public_columns_basis": {"Rapporteur": "law:L2121-25 CGCT"},
        "columns": {"Objet": "mask_text"},
        "default": "auto",
    }
    return t


def t_clean(g: Gen, n: int) -> list[Table]:
    eq = Table(
        "equipements_publics",
        [
            "Code INSEE",
            "Code équipement",
            "Nom de l'équipement",
            "Adresse",
            "Code postal",
            "SIRET gestionnaire",
            "Date de mise en service",
            "Capacité",
            "Téléphone accueil",
        ],
        clean=True,
    )
    for i in range(n):
        insee, _commune, cp = g.choice(g.real.communes)
        name = g.choice(g.real.schools + DECOY_PLACES)
        addr = f"{g.r.randint(1, 300)} {g.street_decoy()}"
        row = [
            insee,
            f"EQ{i + 1:06d}",
            name,
            addr,
            cp,
            g.siret_public(),
            g.event_date(),
            str(g.r.randint(20, 900)),
            "",
        ]
        eq.rows.append(row)
    bud = Table(
        "budget_evenements",
        [
            "Exercice",
            "Code fonction",
            "Nature",
            "Libellé",
            "Date de l'événement",
            "Montant (€)",
            "Service",
            "Réf. marché",
        ],
        clean=True,
        delimiter=";",
    )
    for i in range(n):
        row = [
            "2025",
            f"{g.r.randint(0, 99):03d}",
            g.choice(["6574", "6042", "2313", "6232", "0645"]),
            g.choice(["Fête de quartier ", "Tournoi de pétanque ", "Festival ", "Inauguration "])
            + g.choice(QUARTIERS),
            g.event_date(),
            g.amount(),
            g.choice(
                [
                    "Direction des Sports",
                    "Direction de la Culture",
                    "Mission Vie associative",
                    "Direction Jeunesse",
                ]
            ),
            f"2025-{i + 1:04d}",
        ]
        bud.rows.append(row)
    vote = Table(
        "bureaux_de_vote",
        ["Code commune", "N° bureau", "Nom", "Adresse du bureau", "Canton", "Inscrits"],
        clean=True,
    )
    for i in range(n):
        vote.rows.append(
            [
                "34172",
                f"{i % 300 + 1:03d}",
                g.choice(g.real.schools),
                g.street_decoy(),
                f"{g.r.randint(1, 10):02d}",
                str(g.r.randint(300, 1600)),
            ]
        )
    return [eq, bud, vote]


def build(seed: int, rows: int, real: RealDecoys) -> list[Table]:
    g = Gen(random.Random(seed), real)
    tables = [
        t_doleances(g, rows),
        t_subventions(g, rows),
        t_cantine(g, rows),
        t_amendes(g, rows),
        t_logement(g, rows),
        t_deliberations(g, rows),
        t_seniors(g, rows),
        t_benevoles(g, rows),
        t_terrasses(g, rows),
    ]
    return tables + t_clean(g, rows)


# --------------------------------------------------------------------------------------------
# Running the CLI code paths.


def write_table(t: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=t.delimiter)
        w.writerow(t.headers)
        w.writerows(t.rows)


def read_out(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header (stripped: the reader trims headers) and rows of an output CSV."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        headers = [h.strip() for h in next(reader)]
        return headers, [dict(zip(headers, row, strict=True)) for row in reader]


def run_cli(func: Callable[[argparse.Namespace], int], **kwargs: Any) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = func(argparse.Namespace(**kwargs))
    return code, out.getvalue()


def reference_csv(src: Path, dst: Path) -> None:
    """The reader + writer round trip alone (what the CLI does around the anonymizer)."""
    from opendata_pipeline.anonymize.commands import write_csv
    from opendata_pipeline.ingest.readers import read_local_file

    with tempfile.TemporaryDirectory() as tmp:
        parquet = Path(tmp) / "input.parquet"
        read_local_file(src, parquet)
        write_csv(parquet, dst)


# --------------------------------------------------------------------------------------------
# Scoring.

_PARTICLE_WORDS = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "d",
    "van",
    "den",
    "el",
    "ben",
    "et",
    "da",
    "dos",
    "n",
    "m",
}
_CIV_WORDS = {"m", "mme", "madame", "monsieur", "mlle", "mr", "me", "dr", "et", "mmes"}


def name_words(value: str) -> list[str]:
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", value)
    out = []
    for w in words:
        low = w.lower()
        if low in _CIV_WORDS or low in _PARTICLE_WORDS or len(w) < 2:
            continue
        out.append(w)
    return out


def planted_gone(kind: str, value: str, out: str, decoys: list[str], ref_cell: str | None) -> bool:
    for d in decoys:
        out = out.replace(d, " ")
    if value in out or (ref_cell and ref_cell not in ("", value) and ref_cell in out):
        return False
    if kind == "birth_date" and ref_cell is not None:
        # A whole-cell date cut to a prefix that is not the year ("14/04/1936" -> "14/0") still
        # leaks the day of birth.
        cell = out.strip()
        prefix = value.startswith(cell) or ref_cell.startswith(cell)
        if cell and prefix and not re.fullmatch(r"(?:19|20)\d\d", cell):
            return False
    if kind == "person_name":
        return not any(
            re.search(rf"(?<![\w'’-]){re.escape(w)}(?![\w'’-])", out) for w in name_words(value)
        )
    if kind in ("phone", "iban", "card", "nir", "caf"):
        digits = re.sub(r"\D", "", value)
        return digits[-8:] not in re.sub(r"\D", "", out) if len(digits) >= 8 else True
    return True


@dataclass
class Score:
    planted: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    forms: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    columns: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    decoys: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    decoy_forms: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[dict[str, str]] = field(default_factory=list)
    destroyed: list[dict[str, str]] = field(default_factory=list)
    clean: list[dict[str, Any]] = field(default_factory=list)
    scan: list[dict[str, Any]] = field(default_factory=list)


def score_table(
    t: Table,
    mode: str,
    out_path: Path,
    ref_path: Path,
    src_rows: list[list[str]],
    score: Score,
    scan: dict[str, Any] | None,
) -> None:
    headers, out_rows = read_out(out_path)
    _, ref_rows = read_out(ref_path)
    if len(out_rows) != len(t.rows):
        score.misses.append(
            {"table": t.name, "problem": f"row count {len(out_rows)} != {len(t.rows)}"}
        )
    if t.clean:
        raw_diff, ref_diff = defaultdict(int), defaultdict(int)
        for i, row in enumerate(src_rows):
            for j, h in enumerate(t.headers):
                new = out_rows[i].get(h.strip()) if i < len(out_rows) else None
                raw_diff[h] += int(new != row[j])
                ref_diff[h] += int(new != ref_rows[i].get(h.strip()))
        score.clean.append(
            {
                "mode": mode,
                "table": t.name,
                "intact_vs_reader": not any(ref_diff.values()),
                "intact_vs_raw": not any(raw_diff.values()),
                "changed_by_anonymizer": {h: c for h, c in ref_diff.items() if c},
                "changed_by_io": {h: c for h, c in raw_diff.items() if c and not ref_diff[h]},
            }
        )
    for (i, j), labels in t.planted.items():
        h = t.headers[j]
        if mode == "auto" and h in t.ignore_auto:
            continue
        out = out_rows[i].get(h.strip()) if h.strip() in headers else None
        ref = ref_rows[i].get(h.strip())
        whole = len(labels) == 1 and labels[0][2] == src_rows[i][j]
        decoy_values = [v for _, _, v in t.decoys.get((i, j), [])]
        for kind, form, value in labels:
            gone = out is None or planted_gone(
                kind, value, out, decoy_values, ref if whole else None
            )
            score.planted[kind][0] += int(gone)
            score.planted[kind][1] += 1
            score.forms[f"{kind} / {form}"][0] += int(gone)
            score.forms[f"{kind} / {form}"][1] += 1
            score.columns[f"{t.name}.{h}"][0] += int(gone)
            score.columns[f"{t.name}.{h}"][1] += 1
            if not gone:
                score.misses.append(
                    {
                        "mode": mode,
                        "table": t.name,
                        "column": h,
                        "kind": kind,
                        "form": form,
                        "value": value,
                        "output": out or "",
                    }
                )
    for (i, j), labels in t.decoys.items():
        h = t.headers[j]
        if mode == "auto" and h in t.ignore_auto:
            continue
        out = out_rows[i].get(h.strip()) if h.strip() in headers else None
        ref = ref_rows[i].get(h.strip()) or ""
        whole = len(labels) == 1 and labels[0][2] == src_rows[i][j]
        for kind, form, value in labels:
            if kind == "public_column" and mode == "auto":
                continue
            kept = out is not None and (value in out or (whole and out == ref))
            score.decoys[kind][0] += int(kept)
            score.decoys[kind][1] += 1
            score.decoy_forms[f"{kind} / {form}"][0] += int(kept)
            score.decoy_forms[f"{kind} / {form}"][1] += 1
            if not kept:
                score.destroyed.append(
                    {
                        "mode": mode,
                        "table": t.name,
                        "column": h,
                        "kind": kind,
                        "value": value,
                        "output": out or "(column dropped)",
                    }
                )
    if scan is not None:
        for col in scan["columns"]:
            name = col["column"]
            expected = name.strip() in {c.strip() for c in t.personal_columns}
            score.scan.append(
                {
                    "table": t.name,
                    "column": name,
                    "expected": expected,
                    "flagged": bool(col["personal"]),
                    "kind": col["kind"],
                    "findings": col.get("findings") or {},
                }
            )


def evaluate(rows: int, seed: int) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    import yaml

    from opendata_pipeline.anonymize.commands import cmd_anonymize, cmd_scan

    tables = build(seed, rows, load_realdata())
    scores = {"auto": Score(), "policy": Score()}
    with tempfile.TemporaryDirectory(prefix="anon-holdout-") as tmp:
        work = Path(tmp)
        for t in tables:
            src = work / f"{t.name}.csv"
            write_table(t, src)
            ref = work / f"{t.name}.ref.csv"
            reference_csv(src, ref)
            code, text = run_cli(cmd_scan, input=str(src), json=True)
            scan = json.loads(text) if code == 0 else None
            for mode, score in scores.items():
                if mode == "policy" and t.policy is None:
                    continue
                policy_path = None
                if mode == "policy":
                    policy_path = work / f"{t.name}.policy.yaml"
                    policy_path.write_text(
                        yaml.safe_dump({"version": 1, **(t.policy or {})}, allow_unicode=True),
                        encoding="utf-8",
                    )
                out = work / f"{t.name}.{mode}.csv"
                code, _ = run_cli(
                    cmd_anonymize,
                    input=str(src),
                    output=str(out),
                    policy=str(policy_path) if policy_path else None,
                )
                if code != 0:
                    score.misses.append(
                        {"mode": mode, "table": t.name, "problem": f"anonymize exit {code}"}
                    )
                    continue
                score_table(t, mode, out, ref, t.rows, score, scan if mode == "auto" else None)
    return summarize(scores)


def _ratio(pair: list[int]) -> float:
    return pair[0] / pair[1] if pair[1] else 1.0


def summarize(scores: dict[str, Score]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for mode, s in scores.items():
        tot_p = [sum(v[0] for v in s.planted.values()), sum(v[1] for v in s.planted.values())]
        tot_d = [sum(v[0] for v in s.decoys.values()), sum(v[1] for v in s.decoys.values())]
        result[mode] = {
            "recall_overall": round(_ratio(tot_p), 4),
            "retention_overall": round(_ratio(tot_d), 4),
            "recall": {
                k: {"n": v[1], "recall": round(_ratio(v), 4)} for k, v in sorted(s.planted.items())
            },
            "recall_by_form": {
                k: {"n": v[1], "recall": round(_ratio(v), 4)} for k, v in sorted(s.forms.items())
            },
            "recall_by_column": {
                k: {"n": v[1], "recall": round(_ratio(v), 4)} for k, v in sorted(s.columns.items())
            },
            "retention": {
                k: {"n": v[1], "retention": round(_ratio(v), 4)}
                for k, v in sorted(s.decoys.items())
            },
            "retention_by_form": {
                k: {"n": v[1], "retention": round(_ratio(v), 4)}
                for k, v in sorted(s.decoy_forms.items())
            },
            "clean_files": s.clean,
            "scan": s.scan,
            "_misses": s.misses,
            "_destroyed": s.destroyed,
        }
    return result


def _print(result: dict[str, Any], show: int, seed: int) -> None:
    for mode, res in result.items():
        print(f"== mode {mode}")
        print(f"  {'kind':34} {'n':>6} {'recall':>8}")
        for k, v in res["recall"].items():
            flag = "" if v["recall"] >= TARGET_KIND_RECALL else "  < 0.99"
            print(f"  {k:34} {v['n']:>6} {v['recall']:>8.4f}{flag}")
        print("  -- by surface form (below target only)")
        for k, v in res["recall_by_form"].items():
            if v["recall"] < TARGET_KIND_RECALL:
                print(f"     {k:42} {v['n']:>6} {v['recall']:>8.4f}")
        print("  -- by column (below target only)")
        for k, v in res["recall_by_column"].items():
            if v["recall"] < TARGET_KIND_RECALL:
                print(f"     {k:42} {v['n']:>6} {v['recall']:>8.4f}")
        print(f"  {'decoy kind':34} {'n':>6} {'retained':>8}")
        for k, v in res["retention"].items():
            flag = "" if v["retention"] >= TARGET_RETENTION else "  < 0.99"
            print(f"  {k:34} {v['n']:>6} {v['retention']:>8.4f}{flag}")
        for k, v in res["retention_by_form"].items():
            if v["retention"] < TARGET_RETENTION:
                print(f"     {k:42} {v['n']:>6} {v['retention']:>8.4f}")
        rare = [v for k, v in res["recall_by_form"].items() if k.endswith(" *")]
        if rare:
            n = sum(v["n"] for v in rare)
            found = sum(v["n"] * v["recall"] for v in rare)
            print(
                f"  person names with a first name outside the lexicon (forms *): {n:>6} "
                f"{found / n:>8.4f}"
            )
        print(
            f"  overall recall {res['recall_overall']:.4f} (target {TARGET_RECALL}), "
            f"retention {res['retention_overall']:.4f} (target {TARGET_RETENTION})"
        )
        for c in res["clean_files"]:
            state = "intact" if c["intact_vs_reader"] else f"CHANGED {c['changed_by_anonymizer']}"
            io_note = (
                f"; reader/writer round trip changed {c['changed_by_io']}"
                if c["changed_by_io"]
                else ""
            )
            print(f"  clean file {c['table']:24} {state}{io_note}")
        if res["scan"]:
            missed = [
                f"{c['table']}:{c['column']}"
                for c in res["scan"]
                if c["expected"] and not c["flagged"]
            ]
            false = [
                f"{c['table']}:{c['column']} (kind {c['kind']}, findings {c['findings']})"
                for c in res["scan"]
                if not c["expected"] and c["flagged"]
            ]
            n_exp = sum(c["expected"] for c in res["scan"])
            n_clean = len(res["scan"]) - n_exp
            print(
                f"  scan: personal columns flagged {n_exp - len(missed)}/{n_exp}, clean columns not flagged {n_clean - len(false)}/{n_clean}"
            )
            for m in missed:
                print(f"     not flagged: {m}")
            for m in false:
                print(f"     flagged but clean: {m}")
        if show:
            rng = random.Random(seed)
            misses = [m for m in res["_misses"] if "value" in m]
            problems = [m for m in res["_misses"] if "problem" in m]
            for p in problems:
                print(f"  PROBLEM {p}")
            print(f"  -- sample of missed planted values ({len(misses)} total; synthetic data)")
            for m in rng.sample(misses, min(show, len(misses))):
                print(
                    f"     [{m['kind']} / {m['form']}] {m['table']}.{m['column']}: {m['value']!r} -> {m['output']!r}"
                )
            dest = res["_destroyed"]
            print(f"  -- sample of destroyed decoys ({len(dest)} total)")
            for m in rng.sample(dest, min(show, len(dest))):
                print(
                    f"     [{m['kind']}] {m['table']}.{m['column']}: {m['value']!r} -> {m['output']!r}"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300, help="rows per table")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    parser.add_argument("--json", action="store_true", help="machine-readable summary (no values)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="anon-holdout-home-") as home:
        os.environ.setdefault("OPENDATA_HOME", home)
        result = evaluate(args.rows, args.seed)
    if args.json:
        public = {
            m: {k: v for k, v in r.items() if not k.startswith("_")} for m, r in result.items()
        }
        print(json.dumps(public, indent=2, ensure_ascii=False))
    else:
        _print(result, args.show_misses, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
