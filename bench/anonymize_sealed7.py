#!/usr/bin/env python3
"""Sealed evaluation set #7: ten French municipal tables with an exact answer key.

    python bench/anonymize_sealed7.py --out DIR [--seed N] [--rows N] [--reference]
    python bench/anonymize_sealed7.py --out DIR --score --cli PATH [-- score.py options]

Writes, in the layout of the public corpus `shared/eval/pii` (data/, keys/, policies/,
manifest.json and a copy of its score.py), kinds of tables no earlier sealed set used: water
subscribers, allotment gardens, category dogs, bulky-waste calls, participatory budget (Parquet),
seniors' meal delivery, café terraces, Vélomagg subscribers, a citizen-relations e-mail log and a
clean street-naming register. Written without reading the anonymizer. Every row is checked as
the scorer will read it: each planted item is in its cell and gone once every planted value of
the cell is masked, each decoy survives that masking. `--reference` scores copy-through,
replace-everything and an oracle masking exactly the planted values.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import io
import json
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from anonymize_sealed7_vocab import (
    AIDE_DOMICILE,
    ARRETS,
    ARRETS_TRAM,
    ASSOS,
    ASSOS_PERSONNE,
    ASSUREURS,
    BAILLEURS,
    COMMUNES,
    COPROS,
    ELUS,
    EMPLOYEURS,
    ENSEIGNES,
    EQUIPEMENTS,
    EQUIPEMENTS_PERSONNE,
    ETABLISSEMENTS,
    FIRST_MEN,
    FIRST_WOMEN,
    FONCTION_MAILS,
    FONCTIONS_ELUS,
    JARDINS_SITES,
    LAST,
    MAIL_DOMAINES,
    PERSONNALITES,
    PRESTATAIRES,
    QUARTIERS,
    SCI,
    SERVICES,
    SOCIETES,
    SYNDICS,
    SYNDICS_PERSONNE,
    VETERINAIRES,
    VETERINAIRES_PERSONNE,
    VOIES,
    VOIES_PERSONNE,
)

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from opendata_pipeline_tests.bench.sealed_corpus import TRIVIAL_CLI  # noqa: E402
from opendata_pipeline_tests.shared_dir import SHARED  # noqa: E402

SCORE_PY = SHARED / "eval" / "pii" / "score.py"
DIGITY = {"TEL", "IBAN", "NIR", "CAF", "IMMAT"}
PARTICLES = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "da",
    "dos",
    "del",
    "di",
    "lo",
    "el",
    "ben",
    "ait",
    "aït",
    "ould",
    "der",
    "saint",
}
MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# characters an 8-bit file cannot hold, replaced one by one (substrings stay substrings)
FIT = {
    "œ": "oe",
    "Œ": "OE",
    "ı": "i",
    "ł": "l",
    "ş": "s",
    "ğ": "g",
    "’": "'",
    "–": "-",
    "—": "-",
    "…": "...",
    "€": "EUR",
    "\u202f": " ",
    "Ö": "O",
}


def load_scorer() -> Any:
    """The public score.py as a module: rows are checked with its own presence tests."""
    spec = importlib.util.spec_from_file_location("pii_score", SCORE_PY)
    assert spec and spec.loader, f"{SCORE_PY} is missing"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = load_scorer()


def fit(s: str, enc: str) -> str:
    if enc.startswith("utf"):
        return s
    out = []
    for ch in s:
        for cand in (ch, FIT.get(ch, ""), unicodedata.normalize("NFKD", ch)[:1]):
            try:
                if cand and cand.encode(enc):
                    out.append(cand)
                    break
            except UnicodeEncodeError:
                continue
        else:
            out.append("?")
    return "".join(out)


def ascii_lower(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("ı", "i").replace("ł", "l"))
    return re.sub(r"[^a-z]", "", s.encode("ascii", "ignore").decode().lower())


def surname_tokens(last: str) -> list[str]:
    toks = []
    for t in re.split(r"[\s-]+", last):
        t = re.sub(r"^[dDlL]['’]", "", t)
        if len(t) >= 3 and t.casefold() not in PARTICLES:
            toks.append(t)
    return toks or [last]


def first_tokens(first: str) -> list[str]:
    return [t for t in re.split(r"[\s-]+", first) if len(t) >= 3]


def luhn(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return body + str((10 - total % 10) % 10)


def iban_check(country: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(num) % 97:02d}"


class Person:
    def __init__(self, first: str, last: str, female: bool) -> None:
        self.first, self.last, self.female = first, last, female


class Cell:
    """One cell's text, built from plain parts, planted items and decoys."""

    def __init__(self, *parts: str) -> None:
        self.parts: list[str] = list(parts)
        self.plants: list[tuple[str, str, str, list[str], list[str]]] = []
        self.decoys: list[tuple[str, str, list[str] | None]] = []

    def t(self, s: str) -> Cell:
        self.parts.append(s)
        return self

    def p(self, item: tuple[str, str, str, list[str], list[str]]) -> Cell:
        self.parts.append(item[0])
        self.plants.append(item)
        return self

    def d(self, value: str, kind: str, modes: list[str] | None = None) -> Cell:
        self.parts.append(value)
        self.decoys.append((value, kind, modes))
        return self


def D(value: str, kind: str, modes: list[str] | None = None) -> Cell:
    return Cell().d(value, kind, modes)


class Bad(Exception):
    """The drawn row breaks the key's guarantees: draw it again."""


class Gen:
    """Random draws of people, identifiers and decoys for one case."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def ch(self, seq: list[str] | tuple[str, ...]) -> str:
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # ---- people and their identifiers

    def person(self, female: bool | None = None) -> Person:
        if female is None:
            female = self.chance(0.52)
        return Person(self.ch(FIRST_WOMEN if female else FIRST_MEN), self.ch(LAST), female)

    def civ(self, p: Person) -> str:
        women, men = (
            ["Mme", "Madame", "Mlle", "Mme", "Dr", "Me"],
            ["M.", "Monsieur", "Mr", "M.", "Dr", "Me"],
        )
        return self.ch(women if p.female else men)

    def name(self, p: Person, variant: str = "") -> tuple[str, str, str, list[str], list[str]]:
        """(value, kind, variant, must, strict) of one rendering of a person's name."""
        variants = [
            "Prénom Nom",
            "Prénom NOM",
            "NOM Prénom",
            "NOM, Prénom",
            "Nom Prénom",
            "minuscules",
            "majuscules",
            "initiales",
            "civilité + nom complet",
            "civilité + nom",
            "couple",
            "famille",
        ]
        v = variant or self.ch(variants)
        f, last = p.first, p.last
        initials = "-".join(t[0] + "." for t in re.split(r"-", f)).replace(" ", "")
        value, with_first = {
            "Prénom Nom": (f"{f} {last}", True),
            "Prénom NOM": (f"{f} {last.upper()}", True),
            "civilité minuscules": (f"{self.civ(p).lower()} {last.lower()}", False),
            "civilité majuscules": (f"{self.civ(p).upper()} {last.upper()}", False),
            "NOM Prénom": (f"{last.upper()} {f}", True),
            "NOM, Prénom": (f"{last.upper()}, {f}", True),
            "Nom Prénom": (f"{last} {f}", True),
            "minuscules": (f"{f} {last}".lower(), True),
            "majuscules": (f"{f} {last}".upper(), True),
            "initiales": (f"{initials} {last}", False),
            "civilité + nom complet": (f"{self.civ(p)} {f} {last}", True),
            "civilité + nom": (f"{self.civ(p)} {last}", False),
            "couple": (
                f"{self.ch(['M. et Mme', 'Mme et M.', 'Monsieur et Madame'])} {last}",
                False,
            ),
            "famille": (f"{self.ch(['famille', 'Famille', 'la famille'])} {last}", False),
            "signature": (f"{f[0]}. {last.upper()}", False),
            "nom seul": (self.ch([last, last.upper()]), False),
            "entrepreneur individuel": (f"{last.upper()} {f} (EI)", True),
        }[v]
        must = surname_tokens(last)
        strict = must + (first_tokens(f) if with_first else [])
        return value, "NOM", v, must, strict

    def first_name(self, p: Person) -> tuple[str, str, str, list[str], list[str]]:
        value = self.ch([p.first, p.first, p.first.upper()])
        toks = first_tokens(p.first) or [p.first]
        return value, "PRENOM", "colonne Prénom", toks, toks

    def phone(self, mobile: bool = True) -> tuple[str, str, str, list[str], list[str]]:
        head = self.ch(["6", "7"]) if mobile else self.ch(["4 67", "4 99", "4 34"]).replace(" ", "")
        body = head + "".join(str(self.r.randint(0, 9)) for _ in range(9 - len(head)))
        pairs = [body[i : i + 2] for i in range(1, 9, 2)]
        fmt = self.ch(
            [
                "espaces",
                "espaces",
                "points",
                "compact",
                "+33",
                "+33 compact",
                "tirets",
                "0033",
                "+33 (0)",
                "9 chiffres",
                "insécables",
            ]
        )
        value = {
            "espaces": "0" + body[0] + " " + " ".join(pairs),
            "points": "0" + body[0] + "." + ".".join(pairs),
            "compact": "0" + body,
            "+33": "+33 " + body[0] + " " + " ".join(pairs),
            "+33 compact": "+33" + body,
            "tirets": "0" + body[0] + "-" + "-".join(pairs),
            "0033": "0033 " + body[0] + " " + " ".join(pairs),
            "+33 (0)": "+33 (0)" + body[0] + " " + " ".join(pairs),
            "9 chiffres": "0" + body[0] + " " + " ".join(pairs)[:-1],
            "insécables": "0" + body[0] + "\u00a0" + "\u00a0".join(pairs),
        }[fmt]
        return value, "TEL", fmt, [], []

    def org_phone(self) -> str:
        d = [f"{self.r.randint(0, 99):02d}" for _ in range(3)]
        return self.ch(["04 67 ", "04 99 ", "04.67."]).replace(".", " ") + " ".join(d)

    def email(self, p: Person) -> tuple[str, str, str, list[str], list[str]]:
        f, last = ascii_lower(p.first), ascii_lower(p.last)
        local = self.ch(
            [
                f"{f}.{last}",
                f"{f[0]}.{last}",
                f"{last}.{f}",
                f"{f}{last}{self.r.randint(1, 99)}",
                f"{last}_{f[0]}",
                f"{f}.{last}{self.r.randint(34, 99)}",
            ]
        )
        dom = self.ch(MAIL_DOMAINES)
        host, tld = dom.rsplit(".", 1)
        fmt = self.ch(
            [
                "valide",
                "valide",
                "valide",
                "(at)",
                "[at]",
                "[at] [dot]",
                "arobase",
                "sans TLD",
                "majuscules",
            ]
        )
        value = {
            "valide": f"{local}@{dom}",
            "(at)": f"{local}(at){dom}",
            "[at]": f"{local} [at] {dom}",
            "[at] [dot]": f"{local}[at]{host}[dot]{tld}",
            "arobase": f"{local} arobase {host} point {tld}",
            "sans TLD": f"{local}@{host}",
            "majuscules": f"{local}@{dom}".upper(),
        }[fmt]
        return value, "EMAIL", fmt, [local], [local]

    def address(self) -> tuple[str, str, str, list[str], list[str]]:
        n = str(self.r.randint(1, 240)) + self.ch(["", "", "", " bis", " ter", "B"])
        if self.chance(0.3):
            street, variant = self.ch(VOIES_PERSONNE), "voie nommée d'après une personne"
        else:
            street, variant = self.ch(VOIES), "voie ordinaire"
        value = f"{n} {street}"
        if self.chance(0.2):
            value = f"Résidence {self.ch(['Les Pins', 'Le Jardin', 'Castellane', 'Les Arceaux'])}, bât. {self.ch('ABCD')}, {value}"
            variant = "résidence + bâtiment"
        elif self.chance(0.15):
            value = f"{value}, apt {self.r.randint(1, 60)}"
            variant = "avec appartement"
        return value, "ADRESSE", variant, [], []

    def birth(
        self, year0: int = 1930, year1: int = 2006
    ) -> tuple[str, str, str, list[str], list[str]]:
        y, m, d = self.r.randint(year0, year1), self.r.randint(1, 12), self.r.randint(1, 28)
        fmt = self.ch(
            ["jj/mm/aaaa", "jj/mm/aaaa", "aaaa-mm-jj", "jj.mm.aaaa", "en lettres", "31/02 invalide"]
        )
        value = {
            "jj/mm/aaaa": f"{d:02d}/{m:02d}/{y}",
            "aaaa-mm-jj": f"{y}-{m:02d}-{d:02d}",
            "jj.mm.aaaa": f"{d:02d}.{m:02d}.{y}",
            "en lettres": f"{d} {MOIS[m - 1]} {y}",
            "31/02 invalide": f"31/02/{y}",
        }[fmt]
        return value, "DATE_NAISSANCE", fmt, [], []

    def nir(self, p: Person) -> tuple[str, str, str, list[str], list[str]]:
        sex = "2" if p.female else "1"
        yy, mm = f"{self.r.randint(30, 99):02d}", f"{self.r.randint(1, 12):02d}"
        place = self.ch(["34172", "34057", "34129", "13055", "99350", "99139", "75112"])
        body = sex + yy + mm + place + f"{self.r.randint(1, 999):03d}"
        key = f"{97 - int(body) % 97:02d}"
        fmt = self.ch(["espaces", "espaces", "compact", "clé fausse"])
        if fmt == "clé fausse":
            key = f"{(int(key) + self.r.randint(1, 90)) % 97 + 1:02d}"
        if fmt == "compact":
            return body + key, "NIR", fmt, [], []
        value = f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key}"
        return value, "NIR", fmt, [], []

    def iban(self) -> tuple[str, str, str, list[str], list[str]]:
        fmt = self.ch(["groupé", "groupé", "compact", "minuscules", "clé fausse", "PT groupé"])
        if fmt == "PT groupé":
            country, bban = "PT", "".join(str(self.r.randint(0, 9)) for _ in range(21))
        else:
            country, bban = "FR", "".join(str(self.r.randint(0, 9)) for _ in range(23))
        check = iban_check(country, bban)
        if fmt == "clé fausse":
            check = f"{(int(check) + 7) % 97 + 2:02d}"
        raw = country + check + bban
        if fmt == "compact":
            return raw, "IBAN", fmt, [], []
        value = " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
        return (value.lower() if fmt == "minuscules" else value), "IBAN", fmt, [], []

    def plate(self) -> tuple[str, str, str, list[str], list[str]]:
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        a = "".join(self.ch(letters) for _ in range(2))  # type: ignore[arg-type]
        b = "".join(self.ch(letters) for _ in range(2))  # type: ignore[arg-type]
        n = f"{self.r.randint(11, 989):03d}"
        fmt = self.ch(["AB-123-CD", "AB-123-CD", "AB 123 CD", "minuscules", "FNI"])
        value = {
            "AB-123-CD": f"{a}-{n}-{b}",
            "AB 123 CD": f"{a} {n} {b}",
            "minuscules": f"{a}-{n}-{b}".lower(),
            "FNI": f"{self.r.randint(100, 9899)} {a} 34",
        }[fmt]
        return value, "IMMAT", fmt, [], []

    def caf(self) -> tuple[str, str, str, list[str], list[str]]:
        n = f"{self.r.randint(1000000, 9999999)}"
        fmt = self.ch(["7 chiffres", "7 chiffres", "avec espace", "6 chiffres"])
        value = {"7 chiffres": n, "avec espace": f"{n[:3]} {n[3:]}", "6 chiffres": n[:6]}[fmt]
        return value, "CAF", fmt, [], []

    # ---- decoys

    def siret(self) -> str:
        s = luhn("".join(str(self.r.randint(0, 9)) for _ in range(13)))
        return self.ch([s, f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"])

    def commune(self) -> tuple[str, str]:
        c = self.ch(list(COMMUNES))
        return c, self.ch(COMMUNES[c])

    def date(self, y0: int = 2024, y1: int = 2026) -> str:
        y, m, d = self.r.randint(y0, y1), self.r.randint(1, 12), self.r.randint(1, 28)
        return f"{d:02d}/{m:02d}/{y}"

    def iso_date(self, y0: int = 2024, y1: int = 2026) -> str:
        y, m, d = self.r.randint(y0, y1), self.r.randint(1, 12), self.r.randint(1, 28)
        return f"{y}-{m:02d}-{d:02d}"

    def amount(self, lo: int, hi: int) -> str:
        v = self.r.randint(lo * 100, hi * 100) / 100
        s = f"{v:,.2f}".replace(",", " ").replace(".", ",")
        return self.ch([s, s, s.replace(" ", "\u202f"), f"{v:.2f}"])

    def gps(self) -> tuple[str, str]:
        lat = f"{self.r.uniform(43.55, 43.68):.6f}"
        lon = f"{self.r.uniform(3.75, 4.02):.6f}"
        return lat, lon

    def org_address(self) -> str:
        return f"{self.r.randint(1, 180)} {self.ch(VOIES + VOIES_PERSONNE)}"

    def org_mail(self, org: str) -> str:
        words = re.findall(r"[a-z]+", ascii_lower_keep(org))
        slug = "-".join(w for w in words if len(w) > 2)
        if len(slug) > 28:
            slug = slug[:28].rsplit("-", 1)[0]
        return f"{self.ch(['contact', 'accueil', 'gestion', 'secretariat'])}@{slug}.fr"

    def elu(self) -> str:
        return self.ch(list(ELUS))


def ascii_lower_keep(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return s.encode("ascii", "ignore").decode().lower()


# ------------------------------------------------------------------------------------ rows

Row = dict[str, Cell | str]


def org_or_person_row(g: Gen, orgs: list[tuple[list[str], str]]) -> tuple[str, str]:
    """(organisation, kind) drawn from weighted lists."""
    names, kind = g.r.choices(orgs, weights=[len(n) for n, _ in orgs])[0]
    return g.ch(names), kind


def row_eau(g: Gen, i: int) -> Row:
    commune, cp = g.commune()
    row: Row = {
        "N° contrat": f"EAU-{g.r.randint(100000, 999999)}",
        "Date de souscription": D(g.date(2005, 2025), "DATE_EVENEMENT"),
        "Code postal": cp,
        "Commune": D(commune, "COMMUNE"),
        "N° compteur": D(
            f"{g.ch(['I', 'A', 'S'])}{g.r.randint(10, 24)}{g.ch(['PA', 'EB', 'LC'])}{g.r.randint(0, 999999):06d}",
            "CODE",
        ),
        "Calibre (mm)": g.ch(["15", "20", "30", "40"]),
        "Consommation 2025 (m³)": str(g.r.randint(8, 4800)),
    }
    obs = Cell()
    if g.chance(0.62):
        p = g.person()
        variant = g.ch(
            [
                "NOM Prénom",
                "Prénom Nom",
                "civilité + nom complet",
                "couple",
                "NOM, Prénom",
                "majuscules",
            ]
        )
        row["Titulaire"] = Cell().p(g.name(p, variant))
        row["Adresse de desserte"] = Cell().p(g.address())
        row["Téléphone"] = Cell().p(g.phone(g.chance(0.7)))
        row["Courriel"] = Cell().p(g.email(p)) if g.chance(0.75) else ""
        if g.chance(0.6):
            row["Mode de paiement"] = D("Prélèvement mensuel", "TEXTE")
            row["IBAN"] = Cell().p(g.iban())
        else:
            row["Mode de paiement"] = D(g.ch(["TIP", "Chèque", "Carte bancaire en ligne"]), "TEXTE")
            row["IBAN"] = ""
        if g.chance(0.35):
            obs.t(
                g.ch(
                    [
                        "Changement de titulaire, ancien occupant ",
                        "Succession : héritier ",
                        "Colocataire déclaré : ",
                    ]
                )
            ).p(g.name(g.person())).t(". ")
        if g.chance(0.2):
            obs.t("RIB reçu par courrier : ").p(g.iban()).t(". ")
    else:
        org, kind = org_or_person_row(
            g,
            [
                (BAILLEURS, "ORG"),
                (SYNDICS, "ORG"),
                (SCI, "ORG"),
                (COPROS, "ORG"),
                (ETABLISSEMENTS, "ORG"),
                (SYNDICS_PERSONNE, "ORG_PERSONNE"),
            ],
        )
        row["Titulaire"] = D(org, kind)
        row["Adresse de desserte"] = D(g.org_address(), "ORG_ADRESSE")
        row["Téléphone"] = D(g.org_phone(), "ORG_TEL")
        row["Courriel"] = D(g.org_mail(org), "ORG_EMAIL")
        row["Mode de paiement"] = D(
            g.ch(["Virement", "Mandat administratif", "Prélèvement trimestriel"]), "TEXTE"
        )
        row["IBAN"] = ""
        if g.chance(0.45):
            p = g.person()
            obs.t(g.ch(["Gardien : ", "Contact sur place : ", "Gestionnaire du dossier : "]))
            obs.p(g.name(p, g.ch(["civilité + nom", "civilité + nom complet", "Prénom Nom"])))
            obs.t(" - ").p(g.phone()).t(". ")
    if g.chance(0.5):
        obs.t(
            g.ch(
                [
                    "Relevé estimé, compteur inaccessible. ",
                    "Fuite après compteur signalée le ",
                    "Tarif social de l'eau accordé. ",
                    "Mensualisation en place. ",
                ]
            )
        )
        if obs.parts[-1].endswith("le "):
            obs.d(g.date(), "DATE_EVENEMENT").t(". ")
    if g.chance(0.2):
        obs.t("Accès : ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE").t(".")
    row["Observations"] = obs
    return row


def row_jardins(g: Gen, i: int) -> Row:
    commune, _ = g.commune()
    site = g.ch(JARDINS_SITES)
    situation = g.ch(["Attribuée", "Attribuée", "Liste d'attente", "Résiliée"])
    row: Row = {
        "Parcelle": D(f"P-{g.r.randint(1, 140):03d}", "CODE"),
        "Site": D(
            site,
            "EQUIPEMENT_PERSONNE"
            if "familiaux de" not in site and "du" not in site.split()
            else "EQUIPEMENT",
        ),
        "Commune": D(commune, "COMMUNE"),
        "Surface (m²)": str(g.ch([50, 75, 100, 120, 150])),
        "Situation": D(situation, "TEXTE"),
        "Rang d'attente": str(g.r.randint(1, 300)) if situation == "Liste d'attente" else "",
        "Date d'attribution": D(g.date(2012, 2025), "DATE_EVENEMENT")
        if situation != "Liste d'attente"
        else "",
        "Cotisation (€)": D(g.amount(30, 140), "MONTANT"),
    }
    notes = Cell()
    if g.chance(0.88):
        p = g.person()
        row["Attributaire"] = Cell().p(
            g.name(p, g.ch(["NOM Prénom", "NOM Prénom", "Prénom Nom", "Nom Prénom", "minuscules"]))
        )
        row["Date de naissance"] = Cell().p(g.birth(1938, 2000))
        row["Téléphone"] = Cell().p(g.phone(g.chance(0.8)))
        row["Courriel"] = Cell().p(g.email(p)) if g.chance(0.7) else ""
    else:
        org, kind = org_or_person_row(
            g,
            [
                (ASSOS, "ORG"),
                (ASSOS_PERSONNE, "ORG_PERSONNE"),
                (EQUIPEMENTS_PERSONNE, "EQUIPEMENT_PERSONNE"),
            ],
        )
        row["Attributaire"] = D(org, kind)
        row["Date de naissance"] = ""
        row["Téléphone"] = D(g.org_phone(), "ORG_TEL")
        row["Courriel"] = D(g.org_mail(org), "ORG_EMAIL")
        notes.t("Jardin pédagogique, convention signée le ").d(g.date(), "DATE_EVENEMENT").t(". ")
    for k in g.r.sample(range(7), g.r.randint(0, 2)):
        if k == 0:
            q = g.person()
            kin = "sa belle-sœur " if q.female else "son beau-frère "
            notes.t(g.ch([f"Cultive avec {kin}", "Co-jardinier : ", "Parcelle partagée avec "]))
            notes.p(g.name(q, g.ch(["Prénom Nom", "Nom Prénom", "NOM Prénom"]))).t(". ")
        elif k == 1:
            notes.t("Clé du cabanon remise à ").p(
                g.name(g.person(), g.ch(["civilité + nom", "civilité + nom complet"]))
            ).t(". ")
        elif k == 2:
            notes.t(
                g.ch(
                    [
                        "Tour d'arrosage le mardi. ",
                        "Composteur collectif installé. ",
                        "Relance envoyée : parcelle non entretenue. ",
                    ]
                )
            )
        elif k == 3:
            notes.t("Absent jusqu'en septembre, prévenir sa fille au ").p(g.phone()).t(". ")
        elif k == 4:
            notes.t("Atelier taille animé par ").d(g.ch(ASSOS), "ORG").t(" le ").d(
                g.date(), "DATE_EVENEMENT"
            ).t(". ")
        elif k == 5:
            notes.t("Litige avec la parcelle voisine (").p(
                g.name(g.person(), g.ch(["couple", "famille"]))
            ).t("). ")
        else:
            notes.t("Entrée côté ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE").t(
                ", près de l'arrêt "
            ).d(g.ch(ARRETS_TRAM), "ARRET_TRAM").t(". ")
    row["Notes"] = notes
    return row


def row_chiens(g: Gen, i: int) -> Row:
    p = g.person()
    commune, _ = g.commune()
    cat = g.ch(["1re catégorie", "2e catégorie"])
    race = g.ch(
        [
            "American Staffordshire terrier",
            "Rottweiler",
            "Tosa",
            "Staffordshire terrier type",
            "Rottweiler (assimilé)",
            "Boerbull (assimilé)",
        ]
    )
    vet, vkind = org_or_person_row(
        g, [(VETERINAIRES, "ORG"), (VETERINAIRES_PERSONNE, "ORG_PERSONNE")]
    )
    obs = Cell()
    for k in g.r.sample(range(5), g.r.randint(0, 2)):
        if k == 0:
            obs.t("Évaluation comportementale niveau ").t(g.ch(["1", "2"])).t(" le ").d(
                g.date(), "DATE_EVENEMENT"
            ).t(". ")
        elif k == 1:
            obs.t("Détenteur habituel : ").p(g.name(g.person())).t(", ").p(g.phone()).t(". ")
        elif k == 2:
            obs.t("Attestation d'aptitude délivrée par ").d(
                g.ch(
                    ["Canis Formation 34", "Éduc'Chien Occitanie", "Centre cynophile des Garrigues"]
                ),
                "ORG",
            ).t(". ")
        elif k == 3:
            obs.t(
                g.ch(
                    [
                        "Chien muselé sur la voie publique. ",
                        "Morsure déclarée en mairie. ",
                        "Stérilisation faite. ",
                    ]
                )
            )
        else:
            obs.t("Véhicule du propriétaire : ").p(g.plate()).t(". ")
    last_variant = g.ch(["nom seul", "nom seul", "nom seul"])
    nom = g.name(p, last_variant)
    return {
        "N° déclaration": D(f"DC{g.r.randint(2019, 2026)}-{g.r.randint(1, 999):04d}", "CODE"),
        "Nom du propriétaire": Cell().p((nom[0], "NOM", "colonne Nom", nom[3], nom[3])),
        "Prénom": Cell().p(g.first_name(p)),
        "Date de naissance": Cell().p(g.birth(1950, 2005)),
        "Adresse": Cell().p(g.address()),
        "Commune": D(commune, "COMMUNE"),
        "Téléphone": Cell().p(g.phone()),
        "Catégorie": D(cat, "TEXTE"),
        "Race": race,
        "N° identification (I-CAD)": f"250269{g.r.randint(100000000, 999999999)}",
        "Vétérinaire évaluateur": D(vet, vkind),
        "Tél. vétérinaire": D(g.org_phone(), "ORG_TEL"),
        "Assureur": D(g.ch(ASSUREURS), "ORG"),
        "Date du permis": D(g.date(2018, 2026), "DATE_EVENEMENT"),
        "Observations": obs,
    }


def row_encombrants(g: Gen, i: int) -> Row:
    commune, _ = g.commune()
    note = Cell()
    row: Row = {
        "Ticket": D(f"ENC-{g.r.randint(10000, 99999)}", "CODE"),
        "Date de l'appel": D(g.iso_date(), "DATE_EVENEMENT"),
        "Canal": g.ch(["Téléphone", "SMS", "Formulaire web", "Accueil mairie"]),
        "Commune": D(commune, "COMMUNE"),
        "Volume estimé (m³)": g.ch(["1", "2", "0,5", "3", "1,5"]),
        "Objets": D(
            g.ch(
                [
                    "canapé 3 places, frigo",
                    "matelas + sommier",
                    "2 chaises et une table",
                    "machine à laver HS",
                    "armoire démontée",
                    "vélo d'appartement, cartons",
                ]
            ),
            "TEXTE",
        ),
        "Créneau": g.ch(["mardi matin", "jeudi 7h-12h", "samedi", "lundi après-midi"]),
        "Prestataire": D(g.ch(PRESTATAIRES), "ORG"),
    }
    if g.chance(0.75):
        p = g.person()
        row["Demandeur"] = Cell().p(
            g.name(
                p,
                g.ch(
                    [
                        "NOM Prénom",
                        "civilité + nom complet",
                        "Prénom Nom",
                        "majuscules",
                        "minuscules",
                    ]
                ),
            )
        )
        row["Adresse d'enlèvement"] = Cell().p(g.address())
        row["Téléphone"] = Cell().p(g.phone())
        if g.chance(0.5):
            note.p(g.name(p, g.ch(["civilité minuscules", "minuscules"]))).t(
                " rappelé(e), ok pr le créneau. "
            )
        else:
            note.t("appel reçu ok pr le créneau. ")
    else:
        org, kind = org_or_person_row(
            g,
            [
                (SYNDICS, "ORG"),
                (BAILLEURS, "ORG"),
                (COPROS, "ORG"),
                (SYNDICS_PERSONNE, "ORG_PERSONNE"),
            ],
        )
        row["Demandeur"] = D(org, kind)
        row["Adresse d'enlèvement"] = D(g.org_address(), "ORG_ADRESSE")
        row["Téléphone"] = D(g.org_phone(), "ORG_TEL")
        note.t("demande groupée pr la résidence. ")
    for k in g.r.sample(range(9), g.r.randint(1, 3)):
        if k == 7:
            note.t("APPELER ").p(g.name(g.person(), "civilité majuscules")).t(" AVANT PASSAGE. ")
        elif k == 8:
            note.t("tjs pas de nouvelles, msg laissé au ").p(g.phone()).t(". ")
        elif k == 0:
            q = g.person()
            kin = (
                ["la voisine ", "la gardienne ", "sa fille "]
                if q.female
                else ["le voisin ", "le gardien ", "son fils "]
            )
            note.t(g.ch(kin)).p(g.name(q, g.ch(["minuscules", "civilité + nom"])))
            note.t(" garde la clé du local. ")
        elif k == 1:
            note.t("rappeler au ").p(g.phone()).t(g.ch([" svp", " avant 18h", ""])).t(". ")
        elif k == 2:
            note.t("véhicule ").p(g.plate()).t(
                " gare devant le portail, prévenir la police municipale. "
            )
        elif k == 3:
            note.t(
                g.ch(
                    [
                        "code portail 4512B. ",
                        "3e appel, client mécontent. ",
                        "dépôt sur trottoir interdit, rappel fait. ",
                        "RAS. ",
                    ]
                )
            )
        elif k == 4:
            note.t("dépôt à l'angle, ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE").t(". ")
        elif k == 5:
            note.t("renvoyé vers ").d(
                g.ch(
                    [
                        "Emmaüs Montpellier",
                        "la déchèterie de Lattes",
                        "Ressourcerie Les Compagnons du Lez",
                    ]
                ),
                "ORG",
            ).t(". ")
        else:
            note.t(g.ch(["MAIL ENVOYÉ À ", "cf mail de ", "confirmation envoyée à "])).p(
                g.email(g.person())
            ).t(". ")
    row["Note conseiller"] = note
    return row


def row_budget(g: Gen, i: int) -> Row:
    lat, lon = g.gps()
    desc = Cell()
    row: Row = {
        "N° projet": D(f"BP3-{g.r.randint(1, 999):04d}", "CODE"),
        "Date de dépôt": D(g.date(2025, 2025), "DATE_EVENEMENT"),
        "Quartier": g.ch(QUARTIERS),
        "Coût estimé (€)": D(g.amount(800, 150000), "MONTANT"),
        "Élu de secteur": D(g.elu(), "ELU", ["policy"]),
        "Latitude": D(lat, "GPS"),
        "Longitude": D(lon, "GPS"),
    }
    if g.chance(0.55):
        p = g.person()
        row["Porteur"] = Cell().p(
            g.name(p, g.ch(["Prénom Nom", "NOM Prénom", "civilité + nom complet"]))
        )
        row["Type de porteur"] = D("Habitant", "TEXTE")
        row["Représentant"] = ""
        row["Courriel"] = Cell().p(g.email(p))
    else:
        org, kind = org_or_person_row(g, [(ASSOS, "ORG"), (ASSOS_PERSONNE, "ORG_PERSONNE")])
        rep = g.person()
        row["Porteur"] = D(org, kind)
        row["Type de porteur"] = D("Association", "TEXTE")
        row["Représentant"] = Cell().p(
            g.name(rep, g.ch(["Prénom Nom", "civilité + nom complet", "NOM Prénom"]))
        )
        row["Courriel"] = D(g.org_mail(org), "ORG_EMAIL")
    titles = [
        ("Végétaliser : ", "VOIE_PERSONNE", VOIES_PERSONNE),
        ("Aire de jeux : ", "EQUIPEMENT_PERSONNE", EQUIPEMENTS_PERSONNE),
        ("Boîte à livres, ", "EQUIPEMENT_PERSONNE", EQUIPEMENTS_PERSONNE),
        ("Arceaux vélos à l'arrêt ", "ARRET_TRAM", ARRETS_TRAM),
    ]
    lead, kind, pool = titles[g.r.randint(0, len(titles) - 1)]
    where = g.ch(pool)
    row["Titre"] = Cell(lead).d(where, kind)
    desc.t("Lieu proposé : ").d(g.ch(EQUIPEMENTS), "EQUIPEMENT").t(". ")
    for k in g.r.sample(range(5), g.r.randint(1, 3)):
        if k == 0:
            desc.t("Une fresque en hommage à ").d(g.ch(list(PERSONNALITES)), "PERSONNALITE").t(
                " décorerait le mur. "
            )
        elif k == 1:
            q = g.person()
            desc.t(
                g.ch(
                    [
                        "Ma voisine " if q.female else "Mon voisin ",
                        "Avec l'aide de ",
                        "Porté aussi par ",
                    ]
                )
            )
            desc.p(g.name(q, g.ch(["Prénom Nom", "civilité + nom complet"])))
            desc.t(", qui peut fabriquer les bacs. ")
        elif k == 2:
            desc.t("Un chemin relierait ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE").t(" et ").d(
                g.ch(EQUIPEMENTS_PERSONNE), "EQUIPEMENT_PERSONNE"
            ).t(". ")
        elif k == 3:
            desc.t("Contact pour la visite : ").p(g.phone()).t(". ")
        else:
            desc.t("Partenaire : ").d(g.ch(ASSOS), "ORG").t(". ")
    row["Description"] = desc
    row["Avis technique"] = (
        Cell(g.ch(["Faisable, ", "Faisable sous réserve, ", "Non recevable, "]))
        .t("avis : ")
        .d(g.ch(SERVICES), "ORG")
        .t(".")
    )
    return row


def row_portage(g: Gen, i: int) -> Row:
    p = g.person()
    ref = g.person()
    commune, _ = g.commune()
    service = g.ch(AIDE_DOMICILE)
    lien = g.ch(["Fille", "Fils", "Nièce", "Neveu", "Voisine", "Belle-fille", "Petit-fils"])
    cons = Cell()
    lines = g.r.randint(1, 4)
    for n, k in enumerate(g.r.sample(range(7), lines)):
        if k == 0:
            cons.t("Sonner deux fois, ").p(g.name(p, "civilité + nom")).t(" est malentendant(e).")
        elif k == 1:
            cons.t("En cas d'absence appeler ").p(
                g.name(g.person(), g.ch(["civilité + nom complet", "Prénom Nom"]))
            ).t(" au ").p(g.phone()).t(".")
        elif k == 2:
            cons.t(
                g.ch(
                    [
                        "Boîte à clés, code 2580.",
                        "Ne pas laisser le plateau dehors.",
                        "Repas à mettre au réfrigérateur.",
                        "Chien dans le jardin.",
                    ]
                )
            )
        elif k == 3:
            cons.t("Passage infirmier : ").d(
                g.ch(
                    [
                        "Cabinet infirmier des Aubes",
                        "SSIAD de Lattes",
                        "Cabinet infirmier du Millénaire",
                    ]
                ),
                "ORG",
            ).t(" le matin.")
        elif k == 4:
            q = g.person()
            cons.t("Ne rien remettre à la voisine " if q.female else "Ne rien remettre au voisin ")
            cons.p(g.name(q, g.ch(["civilité + nom", "NOM Prénom"]))).t(".")
        elif k == 5:
            cons.t("Entrée côté ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE").t(", portail vert.")
        else:
            cons.t("Facture à envoyer au ").d(
                g.ch(["CCAS de Montpellier", "CCAS de Pérols", "CCAS de Jacou"]), "ORG"
            ).t(".")
        if n < lines - 1:
            cons.t("\n")
    return {
        "N° bénéficiaire": D(f"PR-{g.r.randint(1, 9999):05d}", "CODE"),
        "Bénéficiaire": Cell().p(
            g.name(p, g.ch(["NOM Prénom", "civilité + nom complet", "NOM, Prénom"]))
        ),
        "Date de naissance": Cell().p(g.birth(1925, 1958)),
        "N° sécurité sociale": Cell().p(g.nir(p)),
        "Adresse": Cell().p(g.address()),
        "Commune": D(commune, "COMMUNE"),
        "Téléphone": Cell().p(g.phone(g.chance(0.4))),
        "Référent familial": Cell(f"{lien} : ").p(
            g.name(ref, g.ch(["Prénom Nom", "NOM Prénom", "civilité + nom complet"]))
        ),
        "Tél. référent": Cell().p(g.phone()),
        "Service d'aide à domicile": D(service, "ORG"),
        "Tél. service": D(g.org_phone(), "ORG_TEL"),
        "Régime": g.ch(["Normal", "Sans sel", "Diabétique", "Mixé", "Sans porc"]),
        "Jours de livraison": g.ch(["Lun-Mer-Ven", "Du lundi au vendredi", "Mar-Jeu", "7j/7"]),
        "Tarif repas (€)": D(g.amount(4, 11), "MONTANT"),
        "Consignes de livraison": cons,
    }


def row_terrasses(g: Gen, i: int) -> Row:
    commune, _ = g.commune()
    enseigne = g.ch(ENSEIGNES)
    gerant = g.person()
    obs = Cell()
    row: Row = {
        "N° arrêté": D(f"ODP-{g.r.randint(2023, 2026)}-{g.r.randint(1, 999):04d}", "CODE"),
        "Date de l'arrêté": D(g.date(2023, 2026), "DATE_EVENEMENT"),
        "Enseigne": D(enseigne, "ORG"),
        "Commune": D(commune, "COMMUNE"),
        "Surface terrasse (m²)": str(g.r.randint(4, 80)),
        "Redevance annuelle (€)": D(g.amount(150, 9000), "MONTANT"),
        "Gérant": Cell().p(
            g.name(
                gerant, g.ch(["Prénom Nom", "NOM Prénom", "civilité + nom complet", "majuscules"])
            )
        ),
        "Tél. gérant": Cell().p(g.phone()),
        "Élu signataire": D(g.elu(), "ELU", ["policy"]),
    }
    if g.chance(0.35):
        row["Exploitant"] = Cell().p(g.name(gerant, "entrepreneur individuel"))
        row["SIRET"] = g.siret()  # a sole trader's SIRET names them: not scored either way
        row["Adresse de l'établissement"] = f"{g.r.randint(1, 90)} {g.ch(VOIES)}"
    else:
        row["Exploitant"] = D(g.ch(SOCIETES), "ORG")
        row["SIRET"] = D(g.siret(), "SIRET")
        row["Adresse de l'établissement"] = D(g.org_address(), "ORG_ADRESSE")
    for k in g.r.sample(range(5), g.r.randint(0, 2)):
        if k == 0:
            obs.t("Plainte de voisinage (").p(
                g.name(g.person(), g.ch(["civilité + nom", "Prénom Nom"]))
            ).t(", 2e étage). ")
        elif k == 1:
            obs.t("Contrôle du ").d(g.date(), "DATE_EVENEMENT").t(
                " : dépassement de 4 m² constaté. "
            )
        elif k == 2:
            obs.t("Ancien exploitant : ").p(
                g.name(g.person(), g.ch(["Prénom Nom", "NOM Prénom"]))
            ).t(". ")
        elif k == 3:
            obs.t("Livraisons par camion ").p(g.plate()).t(" tolérées avant 10h. ")
        else:
            obs.t("Face à l'arrêt ").d(g.ch(ARRETS_TRAM), "ARRET_TRAM").t(
                ", terrasse fermée à 23h. "
            )
    row["Observations"] = obs
    return row


def row_velomagg(g: Gen, i: int) -> Row:
    p = g.person()
    commune, cp = g.commune()
    formule = g.ch(["Annuel", "Annuel", "Solidaire", "Étudiant", "Employeur"])
    com = Cell()
    row: Row = {
        "N° abonné": D(f"VM{g.r.randint(0, 999999):06d}", "CODE"),
        "Nom": Cell().p(
            (lambda n: (n[0], "NOM", "colonne Nom", n[3], n[3]))(g.name(p, "nom seul"))
        ),
        "Prénom": Cell().p(g.first_name(p)),
        "Date de naissance": Cell().p(g.birth(1950, 2008)),
        "Courriel": Cell().p(g.email(p)),
        "Téléphone": Cell().p(g.phone()),
        "Adresse": Cell().p(g.address()),
        "Code postal": cp,
        "Commune": D(commune, "COMMUNE"),
        "Formule": D(formule, "TEXTE"),
        "N° allocataire CAF": Cell().p(g.caf()) if formule == "Solidaire" else "",
        "IBAN": Cell().p(g.iban()) if g.chance(0.6) else "",
        "Station de rattachement": Cell("Station ").d(g.ch(ARRETS_TRAM), "ARRET_TRAM")
        if g.chance(0.6)
        else Cell("Station ").d(g.ch(ARRETS), "ARRET_TRAM"),
        "N° vélo": D(f"{g.r.randint(1, 2500):04d}", "CODE"),
        "Date de début": D(g.iso_date(2022, 2026), "DATE_EVENEMENT"),
        "Montant annuel (€)": D(g.ch(["50,00", "25,00", "10,00", "120,00"]), "MONTANT"),
    }
    if formule == "Employeur":
        com.t("Prise en charge 50 % par ").d(g.ch(EMPLOYEURS), "ORG").t(". ")
    for k in g.r.sample(range(4), g.r.randint(0, 2)):
        if k == 0:
            com.t("Vélo volé, déclaration du ").d(g.date(), "DATE_EVENEMENT").t(". ")
        elif k == 1:
            com.t("Compte partagé avec ").p(
                g.name(g.person(), g.ch(["Prénom Nom", "minuscules", "initiales"]))
            ).t(". ")
        elif k == 2:
            com.t("Nouvelle adresse : ").p(g.address()).t(". ")
        else:
            com.t(g.ch(["Casque fourni. ", "Relance impayé. ", "Résiliation demandée. "]))
    row["Commentaire"] = com
    return row


def crm_mail(g: Gen, cell: Cell, p: Person) -> None:
    """A forwarded e-mail (De : / Envoyé : header or a quoted reply), body, signature."""
    when = (
        f"{g.r.randint(1, 28)} {g.ch(MOIS)} 2025 {g.r.randint(7, 22):02d}:{g.r.randint(0, 59):02d}"
    )
    if g.chance(0.7):
        if g.chance(0.4):
            cell.t("-----Message d'origine-----\n")
        cell.t("De : ").p(g.name(p, g.ch(["Prénom Nom", "NOM Prénom", "Nom Prénom"]))).t(" <")
        cell.p(g.email(p)).t(
            f">\nEnvoyé : {g.ch(['lundi', 'mardi', 'jeudi', 'vendredi'])} {when}\n"
        )
        cell.t("À : Relation Citoyens <").d(FONCTION_MAILS[0], "ORG_EMAIL").t(">\n")
        cell.t(
            f"Objet : {g.ch(['Réclamation', 'Demande', 'RE: votre dossier', 'TR: signalement'])}\n\n"
        )
        cell.t(g.ch(["Bonjour,\n", "Madame, Monsieur,\n", "bonjour\n"]))
        crm_body(g, cell, p)
        cell.t(g.ch(["Cordialement,\n", "Bien à vous\n", "Merci d'avance\n", "Salutations.\n"]))
        cell.p(
            g.name(p, g.ch(["Prénom Nom", "signature", "initiales", "majuscules", "Prénom NOM"]))
        )
        if g.chance(0.5):
            cell.t("\n").p(g.phone())
    else:
        cell.t("Merci pour votre retour rapide.\n\nLe ").t(when).t(", ")
        cell.p(g.name(p, g.ch(["Prénom Nom", "Prénom NOM"]))).t(" <").p(g.email(p)).t(
            "> a écrit :\n> "
        )
        crm_body(g, cell, p)
        cell.t("> ").p(g.name(p, g.ch(["signature", "initiales", "Prénom Nom"])))


def crm_letter(g: Gen, cell: Cell, p: Person) -> None:
    """A scanned letter: formal opening, body, closing, signature with the sender's address."""
    cell.t("Objet : réclamation\n\nMadame, Monsieur,\n\n")
    crm_body(g, cell, p)
    cell.t(
        "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\n"
    )
    cell.p(g.name(p, g.ch(["civilité + nom complet", "NOM Prénom", "Prénom NOM"]))).t("\n")
    cell.p(g.address()).t("\n").d(g.commune()[0], "COMMUNE")


def crm_body(g: Gen, cell: Cell, p: Person) -> None:
    """One to three sentences of a citizen's message."""
    for k in g.r.sample(range(10), g.r.randint(1, 3)):
        if k == 9:
            cell.t("Mon numéro d'allocataire CAF : ").p(g.caf()).t(".\n")
        if k == 0:
            cell.t("Ma voiture ").p(g.plate()).t(" a été enlevée devant chez moi, ").p(
                g.address()
            ).t(".\n")
        elif k == 1:
            cell.t("Je vous joins mon RIB : ").p(g.iban()).t(".\n")
        elif k == 2:
            cell.t("Mon numéro de sécurité sociale est le ").p(g.nir(p)).t(".\n")
        elif k == 3:
            cell.t("Ma mère, ").p(g.name(g.person(female=True), "civilité + nom complet")).t(
                ", née le "
            ).p(g.birth(1930, 1950)).t(", attend depuis trois semaines.\n")
        elif k == 4:
            cell.t("Le lampadaire situé ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE").t(
                " est en panne depuis le "
            ).d(g.date(), "DATE_EVENEMENT").t(".\n")
        elif k == 5:
            cell.t("Les bruits du bar près du site « ").d(
                g.ch(EQUIPEMENTS_PERSONNE), "EQUIPEMENT_PERSONNE"
            ).t(" » continuent.\n")
        elif k == 6:
            q = g.person()
            cell.t(
                "Vous pouvez aussi joindre ma fille "
                if q.female
                else "Vous pouvez aussi joindre mon fils "
            )
            cell.p(g.name(q, g.ch(["Prénom Nom", "minuscules"]))).t(" au ").p(g.phone()).t(".\n")
        elif k == 7:
            cell.t("Mon adresse de secours : ").p(g.email(g.person())).t("\n")
        else:
            cell.t("Comme l'a dit ").d(g.ch(list(PERSONNALITES)), "PERSONNALITE").t(
                ", il faut s'engager.\n"
            )


def row_crm(g: Gen, i: int) -> Row:
    p = g.person()
    msg = Cell()
    canal = g.ch(["Courriel", "Courriel", "Formulaire", "Courrier scanné"])
    if canal == "Formulaire":
        msg.t("Nom : ").p(g.name(p, g.ch(["NOM Prénom", "Prénom Nom"]))).t("\nTéléphone : ").p(
            g.phone()
        ).t("\nMessage : ")
        msg.t(g.ch(["poubelles débordantes ", "trou dans la chaussée ", "tag sur la façade "])).d(
            g.ch(VOIES_PERSONNE), "VOIE_PERSONNE"
        ).t(", merci d'intervenir vite")
        if g.chance(0.5):
            msg.t(" - voir aussi mon voisin ").p(g.name(g.person(), "minuscules"))
    elif canal == "Courriel":
        crm_mail(g, msg, p)
    else:
        crm_letter(g, msg, p)
    service = g.ch(SERVICES)
    reply = Cell("Bonjour, votre demande a été transmise au service : ").d(service, "ORG")
    reply.t(g.ch([". ", " ; intervention prévue le "]))
    if reply.parts[-1].endswith("le "):
        reply.d(g.date(), "DATE_EVENEMENT").t(". ")
    reply.t("Pour toute question : ").d(g.ch(FONCTION_MAILS), "ORG_EMAIL").t(" ou ").d(
        g.org_phone(), "ORG_TEL"
    ).t(".\nLe service Relation Citoyens")
    return {
        "ID": D(f"CRM-{2025}-{g.r.randint(1, 99999):05d}", "CODE"),
        "Date de réception": D(g.iso_date(2025, 2025), "DATE_EVENEMENT"),
        "Canal": canal,
        "Service destinataire": D(service, "ORG"),
        "Objet": g.ch(
            [
                "Réclamation propreté",
                "Fourrière",
                "Éclairage public",
                "Nuisances",
                "Aide à domicile",
                "Remboursement",
            ]
        ),
        "Message": msg,
        "Statut": g.ch(["Clos", "En cours", "Transmis"]),
        "Réponse": reply,
    }


def row_clean(g: Gen, i: int) -> Row:
    commune, _ = g.commune()
    lat, lon = g.gps()
    who = g.ch(list(PERSONNALITES))
    kind = g.ch(["Voie", "Équipement", "Square", "Salle"])
    name = {
        "Voie": f"{g.ch(['rue', 'allée', 'place', 'avenue'])} {who}",
        "Équipement": f"{g.ch(['médiathèque', 'gymnase', 'école'])} {who}",
        "Square": f"square {who}",
        "Salle": f"salle {who}",
    }[kind]
    elu = g.elu()
    fonction = g.ch(FONCTIONS_ELUS[ELUS[elu]])
    org = g.ch(
        ["Montpellier Méditerranée Métropole", "Ville de " + commune, "SPL L'Occitanie Aménagement"]
    )
    return {
        "Identifiant": D(f"DEN-{g.r.randint(0, 99999):05d}", "CODE"),
        "Type": kind,
        "Dénomination": D(name, "VOIE_PERSONNE" if kind == "Voie" else "EQUIPEMENT_PERSONNE"),
        "Personnalité honorée": D(who, "PERSONNALITE"),
        "Qualité": PERSONNALITES[who],
        "Commune": D(commune, "COMMUNE"),
        "Code INSEE": D(f"34{g.r.randint(1, 344):03d}", "CODE"),
        "Quartier": g.ch(QUARTIERS),
        "Date de délibération": D(g.date(1990, 2025), "DATE_EVENEMENT"),
        "Rapporteur": f"{elu}, {fonction}",
        "Gestionnaire": D(org, "ORG"),
        "SIRET gestionnaire": D(g.siret(), "SIRET"),
        "Latitude": D(lat, "GPS"),
        "Longitude": D(lon, "GPS"),
        "Note": Cell("Plaque dévoilée le ")
        .d(g.date(1995, 2025), "DATE_EVENEMENT")
        .t(" en présence de ")
        .t(f"{elu}, {fonction}.")
        if g.chance(0.5)
        else Cell("Desserte : arrêt ")
        .d(g.ch(ARRETS_TRAM), "ARRET_TRAM")
        .t(f", ligne {g.r.randint(1, 5)}"),
    }


# ----------------------------------------------------------------------------------- cases

POLICIES = {
    "p01_abonnes_eau.yaml": """\
# Abonnés du service de l'eau : titulaires personnes physiques remplacés, bailleurs,
# syndics et SCI conservés ; observations masquées en texte libre.
version: 1
columns:
  "Titulaire": redact_natural_persons
  "IBAN": drop
  "Observations": mask_text
default: auto
""",
    "p03_chiens.yaml": """\
# Déclarations de chiens catégorisés : identité du propriétaire supprimée ou pseudonymisée,
# vétérinaires et assureurs (personnes morales) conservés.
version: 1
columns:
  "Nom du propriétaire": pseudonymize
  "Prénom": redact
  "Date de naissance": "generalize:year"
  "Adresse": drop
  "Vétérinaire évaluateur": keep
  "Assureur": keep
default: auto
""",
    "p05_budget_participatif.yaml": """\
version: 1
description: Budget participatif, porteurs habitants masqués, associations et élus de secteur publics.
public_columns: ["Élu de secteur"]
columns:
  "Porteur": redact_natural_persons
  "Description": mask_text
default: auto
""",
    "p06_portage_repas.yaml": """\
version: 1
description: Portage de repas à domicile, bénéficiaires âgés et leurs référents.
columns:
  "N° sécurité sociale": drop
  "Date de naissance": "generalize:year"
  "Consignes de livraison": mask_text
  "Service d'aide à domicile": keep
default: auto
""",
    "p07_terrasses.yaml": """\
# Terrasses : l'élu signataire de l'arrêté est public, l'exploitant entrepreneur individuel
# est une personne physique.
version: 1
public_columns: ["Élu signataire"]
columns: {"Exploitant": redact_natural_persons, "Observations": mask_text}
default: auto
""",
}


class Case:
    def __init__(
        self,
        cid: str,
        title: str,
        enc: str,
        delim: str,
        eol: str,
        columns: list[str],
        rowfn: Any,
        policy: str | None = None,
        tests: str = "",
    ) -> None:
        self.cid, self.title, self.enc, self.delim, self.eol = cid, title, enc, delim, eol
        self.columns, self.rowfn, self.policy, self.tests = columns, rowfn, policy, tests
        self.clean = policy is None and cid.endswith("_clean")
        self.rows: list[list[str]] = []
        self.plants: list[dict[str, Any]] = []
        self.decoys: list[dict[str, Any]] = []

    @property
    def parquet(self) -> bool:
        return self.enc == "parquet"

    def build(self, seed: int, nrows: int) -> None:
        g = Gen(random.Random(seed))
        enc = "utf-8" if self.parquet else self.enc
        self.columns = [fit(c, enc) for c in self.columns]
        for i in range(nrows):
            for attempt in range(200):
                try:
                    cells, plants, decoys = check_row(g.r, self.rowfn(g, i), enc, i, self.columns)
                    break
                except Bad:
                    if attempt == 199:
                        raise
            self.rows.append(cells)
            self.plants += plants
            self.decoys += decoys
        if self.clean:
            assert not self.plants, self.cid


def check_row(
    rng: random.Random, row: Row, enc: str, i: int, columns: list[str]
) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """The row's cell texts and key records, or Bad when a planted token also stands outside
    its span or a decoy would not survive the masking of the planted spans."""
    fitted = {fit(k, enc): v for k, v in row.items()}
    assert set(fitted) == set(columns), sorted(set(fitted) ^ set(columns))
    texts, plants, decoys = [], [], []
    for col in columns:
        c = fitted[col]
        cell = Cell(c) if isinstance(c, str) else c
        text = fit("".join(cell.parts), enc)
        if "\r" in text:
            raise Bad
        masked = text
        recs = []
        for value, kind, variant, must, strict in cell.plants:
            rec = {
                "row": i,
                "column": col,
                "value": fit(value, enc),
                "kind": kind,
                "variant": variant,
                "must": [fit(t, enc) for t in must],
                "strict": [fit(t, enc) for t in strict],
            }
            recs.append(rec)
            masked = masked.replace(rec["value"], "[X]")
        for rec in recs:
            folded_value = SCORE.fold(rec["value"])
            if rec["value"] not in text or any(
                not SCORE.has_word(folded_value, SCORE.fold(t)) for t in rec["strict"]
            ):
                raise Bad
            if SCORE.planted_present(rec, masked) or (
                rec["kind"] in DIGITY and len(SCORE.alnum(rec["value"])) < 5
            ):
                raise Bad
            # a first name met again elsewhere in the cell is not asked for
            rec["strict"] = rec["must"] + [
                t
                for t in rec["strict"]
                if t not in rec["must"] and not SCORE.has_word(SCORE.fold(masked), SCORE.fold(t))
            ]
            plants.append(rec)
        for value, kind, modes in cell.decoys:
            rec = {"row": i, "column": col, "value": fit(value, enc), "kind": kind}
            if modes:
                rec["modes"] = modes
            if not SCORE.decoy_present(rec, masked) or not rec["value"].strip():
                raise Bad
            decoys.append(rec)
        texts.append(text)
    return texts, plants, decoys


def cases() -> list[Case]:
    return [
        Case(
            "s7c01_abonnes_eau",
            "Abonnés du service de l'eau (particuliers, bailleurs, syndics, SCI)",
            "cp1252",
            ";",
            "\r\n",
            [
                "N° contrat",
                "Date de souscription",
                "Titulaire",
                "Adresse de desserte",
                "Code postal",
                "Commune",
                "Téléphone",
                "Courriel",
                "N° compteur",
                "Calibre (mm)",
                "Consommation 2025 (m³)",
                "Mode de paiement",
                "IBAN",
                "Observations",
            ],
            row_eau,
            "p01_abonnes_eau.yaml",
            "natural and legal persons in one column; home vs organisation contact details; IBAN; "
            "contact persons inside organisation rows; syndics named after people",
        ),
        Case(
            "s7c02_jardins_familiaux",
            "Jardins familiaux : attributaires et liste d'attente",
            "utf-8",
            ",",
            "\n",
            [
                "Parcelle",
                "Site",
                "Commune",
                "Surface (m²)",
                "Attributaire",
                "Date de naissance",
                "Téléphone",
                "Courriel",
                "Situation",
                "Rang d'attente",
                "Date d'attribution",
                "Cotisation (€)",
                "Notes",
            ],
            row_jardins,
            None,
            "plot holders (persons, associations, schools); sites named after people; third "
            "persons in notes (co-gardeners, key holders, couples)",
        ),
        Case(
            "s7c03_chiens_categorises",
            "Déclarations de chiens de 1re et 2e catégorie",
            "latin-1",
            "\t",
            "\r\n",
            [
                "N° déclaration",
                "Nom du propriétaire",
                "Prénom",
                "Date de naissance",
                "Adresse",
                "Commune",
                "Téléphone",
                "Catégorie",
                "Race",
                "N° identification (I-CAD)",
                "Vétérinaire évaluateur",
                "Tél. vétérinaire",
                "Assureur",
                "Date du permis",
                "Observations",
            ],
            row_chiens,
            "p03_chiens.yaml",
            "identifier columns with invalid values; vets as firms (some named after people); "
            "plates and third persons in notes; policy pseudonymize/redact/generalize/drop/keep",
        ),
        Case(
            "s7c04_encombrants",
            "Demandes d'enlèvement d'encombrants (notes du centre d'appels)",
            "utf-8-sig",
            ";",
            "\r\n",
            [
                "Ticket",
                "Date de l'appel",
                "Canal",
                "Demandeur",
                "Adresse d'enlèvement",
                "Commune",
                "Téléphone",
                "Volume estimé (m³)",
                "Objets",
                "Créneau",
                "Prestataire",
                "Note conseiller",
            ],
            row_encombrants,
            None,
            "SMS-style lower-case notes with names, phones, plates, e-mails; syndics and "
            "bailleurs as requesters; person-named streets",
        ),
        Case(
            "s7c05_budget_participatif",
            "Budget participatif : projets déposés (Parquet)",
            "parquet",
            "",
            "",
            [
                "N° projet",
                "Date de dépôt",
                "Porteur",
                "Type de porteur",
                "Représentant",
                "Courriel",
                "Quartier",
                "Titre",
                "Description",
                "Coût estimé (€)",
                "Élu de secteur",
                "Latitude",
                "Longitude",
                "Avis technique",
            ],
            row_budget,
            "p05_budget_participatif.yaml",
            "residents vs associations; representative of an association; projects naming "
            "streets, parks and famous people; public elected official (policy); GPS",
        ),
        Case(
            "s7c06_portage_repas",
            "Portage de repas à domicile (seniors)",
            "cp1252",
            ",",
            "\r\n",
            [
                "N° bénéficiaire",
                "Bénéficiaire",
                "Date de naissance",
                "N° sécurité sociale",
                "Adresse",
                "Commune",
                "Téléphone",
                "Référent familial",
                "Tél. référent",
                "Service d'aide à domicile",
                "Tél. service",
                "Régime",
                "Jours de livraison",
                "Tarif repas (€)",
                "Consignes de livraison",
            ],
            row_portage,
            "p06_portage_repas.yaml",
            "beneficiary, NIR, family referent (lien : Nom); care agencies kept with their "
            "phones; multi-line delivery instructions naming neighbours",
        ),
        Case(
            "s7c07_terrasses",
            "Autorisations de terrasses (exploitants EI et sociétés)",
            "latin-1",
            "|",
            "\n",
            [
                "N° arrêté",
                "Date de l'arrêté",
                "Enseigne",
                "Exploitant",
                "SIRET",
                "Adresse de l'établissement",
                "Commune",
                "Surface terrasse (m²)",
                "Redevance annuelle (€)",
                "Gérant",
                "Tél. gérant",
                "Élu signataire",
                "Observations",
            ],
            row_terrasses,
            "p07_terrasses.yaml",
            "sole traders named after their owner vs companies; manager of a company is a "
            "natural person; public elected official (policy); plates; neighbours",
        ),
        Case(
            "s7c08_velomagg",
            "Abonnés Vélomagg longue durée",
            "utf-8",
            "\t",
            "\n",
            [
                "N° abonné",
                "Nom",
                "Prénom",
                "Date de naissance",
                "Courriel",
                "Téléphone",
                "Adresse",
                "Code postal",
                "Commune",
                "Formule",
                "N° allocataire CAF",
                "IBAN",
                "Station de rattachement",
                "N° vélo",
                "Date de début",
                "Montant annuel (€)",
                "Commentaire",
            ],
            row_velomagg,
            None,
            "Nom/Prénom columns (particles, short Vietnamese names); CAF, IBAN; tram-stop "
            "stations named after people; employers",
        ),
        Case(
            "s7c09_relation_citoyens",
            "Journal de la relation citoyens (courriels transférés)",
            "utf-8-sig",
            ",",
            "\r\n",
            [
                "ID",
                "Date de réception",
                "Canal",
                "Service destinataire",
                "Objet",
                "Message",
                "Statut",
                "Réponse",
            ],
            row_crm,
            None,
            "forwarded e-mails (De : / Envoyé : headers), signatures, plates, IBAN, NIR, birth "
            "dates, relatives; function mailboxes and services kept",
        ),
        Case(
            "s7c10_denominations_clean",
            "Dénominations de voies et d'équipements (fichier PROPRE)",
            "utf-8",
            ";",
            "\n",
            [
                "Identifiant",
                "Type",
                "Dénomination",
                "Personnalité honorée",
                "Qualité",
                "Commune",
                "Code INSEE",
                "Quartier",
                "Date de délibération",
                "Rapporteur",
                "Gestionnaire",
                "SIRET gestionnaire",
                "Latitude",
                "Longitude",
                "Note",
            ],
            row_clean,
            None,
            "clean file: famous people, person-named streets and facilities, elected "
            "officials in their function, SIRET, GPS: every cell must survive",
        ),
    ]


# ------------------------------------------------------------------------------- writing

ENC_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1",
    "parquet": None,
}


def write_case(case: Case, path: Path) -> None:
    """Write the file and read it back: the bytes must give the rows the key was made from."""
    if case.parquet:
        pq.write_table(
            pa.table({c: [r[j] for r in case.rows] for j, c in enumerate(case.columns)}), path
        )
        t = pq.read_table(path).to_pydict()
        back = [list(t)] + [[t[c][i] for c in t] for i in range(len(case.rows))]
    else:
        buf = io.StringIO(newline="")
        csv.writer(buf, delimiter=case.delim, lineterminator=case.eol).writerows(
            [case.columns, *case.rows]
        )
        path.write_bytes(buf.getvalue().encode(case.enc))
        text = path.read_bytes().decode(case.enc).removeprefix("\ufeff")
        back = list(csv.reader(io.StringIO(text, newline=""), delimiter=case.delim))
    assert back == [case.columns, *case.rows], case.cid


def dump_key(key: dict[str, Any]) -> str:
    """JSON with one record per line, like the public keys."""
    lines = ["{"] + [
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},"
        for k, v in key.items()
        if k not in ("planted", "decoys")
    ]
    for name in ("planted", "decoys"):
        recs = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in key[name]]
        lines += [f'"{name}": [', ",\n".join(recs), "]," if name == "planted" else "]"]
    return "\n".join([*lines, "}"]) + "\n"


def generate(out: Path, seed: int, nrows: int) -> dict[str, Any]:
    for sub in ("data", "keys", "policies"):
        (out / sub).mkdir(parents=True, exist_ok=True)
        for f in (out / sub).iterdir():
            f.unlink()
    (out / "score.py").write_bytes(SCORE_PY.read_bytes())
    for name, text in POLICIES.items():
        (out / "policies" / name).write_text(text, encoding="utf-8")
    manifest: dict[str, Any] = {
        "generator": "bench/anonymize_sealed7.py",
        "seed": seed,
        "cases": [],
    }
    totals: dict[str, Any] = {
        "planted": 0,
        "decoys": 0,
        "planted_by_kind": Counter(),
        "decoys_by_kind": Counter(),
    }
    for n, case in enumerate(cases()):
        case.build(seed * 1000 + n, nrows)
        ext = "parquet" if case.parquet else "csv"
        path = out / "data" / f"{case.cid}.{ext}"
        write_case(case, path)
        for k, rec in enumerate(case.plants):
            rec["id"] = f"{case.cid}:P{k:05d}"
        for k, rec in enumerate(case.decoys):
            rec["id"] = f"{case.cid}:D{k:05d}"
        key = {
            "case": case.cid,
            "file": f"data/{path.name}",
            "rows": nrows,
            "columns": case.columns,
            "clean": case.clean,
            "planted": case.plants,
            "decoys": case.decoys,
        }
        (out / "keys" / f"{case.cid}.json").write_text(dump_key(key), encoding="utf-8")
        by_kind = {
            part: dict(sorted(Counter(r["kind"] for r in recs).items()))
            for part, recs in (("planted", case.plants), ("decoys", case.decoys))
        }
        manifest["cases"].append(
            {
                "id": case.cid,
                "title": case.title,
                "file": f"data/{path.name}",
                "format": ext,
                "encoding": ENC_NAMES[case.enc],
                "delimiter": {"\t": "TAB", "": None}.get(case.delim, case.delim),
                "line_ending": {"\r\n": "CRLF", "\n": "LF", "": None}[case.eol],
                "rows": nrows,
                "columns": case.columns,
                "policy": f"policies/{case.policy}" if case.policy else None,
                "clean": case.clean,
                "quasi_identifiers": None,
                "output_ext": ext,
                "key": f"keys/{case.cid}.json",
                "planted": len(case.plants),
                "decoys": len(case.decoys),
                "planted_by_kind": by_kind["planted"],
                "decoys_by_kind": by_kind["decoys"],
                "tests": case.tests,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
        totals["planted"] += len(case.plants)
        totals["decoys"] += len(case.decoys)
        totals["planted_by_kind"].update(by_kind["planted"])
        totals["decoys_by_kind"].update(by_kind["decoys"])
        print(
            f"{case.cid:30s} rows={nrows:4d} planted={len(case.plants):5d} decoys={len(case.decoys):5d}"
        )
    for part in ("planted_by_kind", "decoys_by_kind"):
        totals[part] = dict(sorted(totals[part].items()))
    manifest["totals"] = totals
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"total planted={totals['planted']} {totals['planted_by_kind']}")
    print(f"total decoys={totals['decoys']} {totals['decoys_by_kind']}")
    return manifest


def score(out: Path, cli: str, extra: list[str]) -> int:
    return subprocess.run([sys.executable, str(out / "score.py"), "--cli", cli, *extra]).returncode


def reference(out: Path) -> None:
    """Score copy-through, replace-everything and the oracle with the corpus's score.py."""
    with tempfile.TemporaryDirectory(prefix="sealed7-ref-") as tmp:
        for mode in ("copy", "everything", "oracle"):
            cli = Path(tmp) / f"{mode}_anonymizer.py"  # not copy.py: it would shadow the module
            cli.write_text(TRIVIAL_CLI.format(mode=mode), encoding="utf-8")
            summary = Path(tmp) / f"{mode}.json"
            subprocess.run(
                [
                    sys.executable,
                    str(out / "score.py"),
                    "--cli",
                    str(cli),
                    "--jobs",
                    "2",
                    "--json",
                    str(summary),
                ],
                check=True,
                capture_output=True,
            )
            result = json.loads(summary.read_text(encoding="utf-8"))["summary"]

            def ratio(a: int, b: int) -> str:
                return f"{a / b:.3f}" if b else "-"

            line = " | ".join(
                f"{m}: recall={ratio(s['removed'], s['planted'])} retention={ratio(s['kept'], s['decoys'])} "
                f"clean={ratio(s['clean_ok'], s['clean_cells'])} files_ok={s['files_ok']}/{s['files']}"
                for m, s in result.items()
            )
            print(f"reference {mode:10s} {line}")


def main() -> None:
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--reference", action=argparse.BooleanOptionalAction, default=False)
    ap.add_argument(
        "--score", action="store_true", help="score --cli on the corpus (options after --)"
    )
    ap.add_argument("--cli", default="", help="anonymizer executable for --score")
    a = ap.parse_args(argv)
    generate(a.out, a.seed, a.rows)
    if a.reference:
        reference(a.out)
    if a.score:
        sys.exit(score(a.out, a.cli, extra))


if __name__ == "__main__":
    main()
