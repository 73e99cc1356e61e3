#!/usr/bin/env python3
"""Sealed evaluation set #8: ten French municipal tables of kinds no earlier set used, written
without reading the anonymizer, in the layout and key format of the public corpus
(`../shared/eval/pii`: data/, keys/, policies/, manifest.json, and a copy of its score.py).

    python bench/anonymize_sealed8.py --out DIR [--seed N] [--rows N] [--reference|--no-reference]
    python bench/anonymize_sealed8.py --out DIR --score --cli CLI [-- score.py options]

Cases: pool and media-library volunteers, neighbourhood mediation, school-canteen special diets,
nursery waiting list, taxi / VTC licences (Parquet), street reports from an app, elected
officials' agenda, public-procurement awards, civil-status requests, and a clean directory of
facilities. Every cell is built from pieces marked planted (personal data) or decoy (must stay);
each cell is checked with the public scorer's own functions: every planted value and decoy is in
it, and masking exactly the planted values removes every planted token and keeps every decoy.
`--reference` scores three trivial anonymizers (copy, replace every cell, oracle) with score.py.
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
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

import anonymize_sealed8_vocab as V  # noqa: E402

from opendata_pipeline_tests.bench.sealed_corpus import TRIVIAL_CLI  # noqa: E402
from opendata_pipeline_tests.shared_dir import SHARED  # noqa: E402

SCORE_PY = SHARED / "eval" / "pii" / "score.py"
DEFAULT_SEED = 20261206
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]  # fmt: skip
PARTICLES = {"de", "du", "des", "la", "le", "van", "der", "von", "ben", "el", "aït", "ait", "dos",
             "da", "di", "lo"}  # fmt: skip
SPECIAL = {"ł": "l", "Ł": "L", "đ": "d", "ı": "i", "œ": "oe", "Œ": "OE", "€": "EUR", "’": "'",
           "…": "...", "\u202f": "\u00a0", "–": "-", "—": "-"}  # fmt: skip


def load_scorer():
    """The public scorer as a module: its matching functions judge every cell written."""
    if not SCORE_PY.is_file():
        sys.exit(f"{SCORE_PY} is missing: set OPENDATA_SHARED_DIR to the shared folder")
    spec = importlib.util.spec_from_file_location("pii_score", SCORE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SC = load_scorer()


def fit(s: str, codec: str) -> str:
    """`s` with the characters `codec` cannot hold transliterated (the same in cell and key)."""
    if codec.startswith("utf-8"):
        return s
    out = []
    for ch in s:
        try:
            ch.encode(codec)
            out.append(ch)
        except UnicodeEncodeError:
            alt = SPECIAL.get(ch) or "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            out.append(alt.encode(codec, errors="replace").decode(codec))
    return "".join(out)


def surname_tokens(last: str) -> list[str]:
    toks = [re.sub(r"^[dDlL]'", "", t) for t in re.split(r"[\s\-]+", last)]
    return [t for t in toks if len(t) >= 3 and t.casefold() not in PARTICLES] or [last]


def first_tokens(first: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", first) if len(t) >= 3] or [first]


def ascii_fold(s: str) -> str:
    s = "".join(SPECIAL.get(c, c) for c in s)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class Bad(Exception):
    """A drawn row breaks the key's guarantees: it is drawn again."""


class Cell:
    """A cell built from plain text, planted items and decoys."""

    def __init__(self, *texts: str) -> None:
        self.parts: list[str] = list(texts)
        self.plants: list[tuple[str, str, str, list[str], list[str]]] = []
        self.decoys: list[tuple[str, str, list[str] | None]] = []

    def t(self, s: str) -> Cell:
        self.parts.append(s)
        return self

    def p(self, s: str, kind: str, variant: str, must=(), strict=()) -> Cell:
        self.parts.append(s)
        self.plants.append((s, kind, variant, list(must), list(must) + [x for x in strict if x not in must]))  # fmt: skip
        return self

    def d(self, s: str, kind: str, modes: list[str] | None = None) -> Cell:
        self.parts.append(s)
        self.decoys.append((s, kind, modes))
        return self

    def text(self) -> str:
        return "".join(self.parts)


class Person:
    def __init__(self, first: str, last: str, female: bool) -> None:
        self.first, self.last, self.female = first, last, female


class Gen:
    """Random draws of people, their data and the public things around them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def ch(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # ------------------------------------------------------------ people
    def person(self, female: bool | None = None) -> Person:
        female = self.chance(0.5) if female is None else female
        while True:
            rare = self.chance(0.3)
            if female:
                first = self.ch(V.FIRST_F_RARE if rare else V.FIRST_F)
            else:
                first = self.ch(V.FIRST_M_RARE if rare else V.FIRST_M)
            last = self.ch(V.SURNAMES_RARE if self.chance(0.3) else V.SURNAMES)
            ft = {t.casefold() for t in first_tokens(first)}
            if not ft & {t.casefold() for t in surname_tokens(last)}:
                return Person(first, last, female)

    def civ(self, p: Person) -> str:
        return self.ch(["Mme", "Madame", "Mme", "Mlle"] if p.female else ["M.", "Monsieur", "M.", "Mr"])  # fmt: skip

    @staticmethod
    def initials(first: str) -> str:
        return "-".join(part[0] + "." for part in re.split(r"[\s\-]+", first))

    def name(self, cell: Cell, p: Person, styles: list[str] | None = None) -> Cell:
        """Plants `p`'s name in one of the renderings (variant = its name)."""
        style = self.ch(styles or NAME_STYLES)
        f, last = p.first, p.last
        if style == "Prénom Nom":
            v, fr, lr = f"{f} {last}", f, last
        elif style == "NOM Prénom":
            v, fr, lr = f"{last.upper()} {f}", f, last.upper()
        elif style == "Prénom NOM":
            v, fr, lr = f"{f} {last.upper()}", f, last.upper()
        elif style == "Nom Prénom":
            v, fr, lr = f"{last} {f}", f, last
        elif style == "NOM, Prénom":
            v, fr, lr = f"{last.upper()}, {f}", f, last.upper()
        elif style == "Nom, Prénom":
            v, fr, lr = f"{last}, {f}", f, last
        elif style == "minuscules":
            v, fr, lr = f"{f.lower()} {last.lower()}", f.lower(), last.lower()
        elif style == "majuscules":
            v, fr, lr = f"{f.upper()} {last.upper()}", f.upper(), last.upper()
        elif style == "initiale + nom":
            v, fr, lr = f"{self.initials(f)} {last}", "", last
        elif style == "civilité + nom":
            cell.t(self.civ(p) + " ")
            v, fr, lr = last, "", last
        elif style == "civilité + prénom nom":
            cell.t(self.civ(p) + " ")
            v, fr, lr = f"{f} {last}", f, last
        elif style == "couple":
            cell.t(self.ch(["M. et Mme ", "Mme et M. ", "Monsieur et Madame ", "les époux "]))
            v, fr, lr = last, "", last
        elif style == "famille":
            cell.t(self.ch(["famille ", "la famille ", "Famille ", "fam. "]))
            v, fr, lr = last, "", last
        elif style == "titre + nom":
            cell.t(self.ch(["Dr ", "Docteur ", "Me ", "Maître ", "Pr "]))
            v, fr, lr = last, "", last
        elif style == "prénom + initiale":
            v = f"{f} {last[0].upper()}."
            return cell.p(v, "PRENOM", style, first_tokens(f))
        elif style == "prénom seul":
            return cell.p(f, "PRENOM", style, first_tokens(f))
        else:
            raise ValueError(f"unknown name style {style!r}")
        return cell.p(v, "NOM", style, surname_tokens(lr), first_tokens(fr) if fr else [])

    def signature(self, cell: Cell, p: Person) -> Cell:
        style = self.ch(["Prénom Nom", "Prénom NOM", "initiale + nom", "prénom + initiale", "NOM Prénom"])  # fmt: skip
        if style in ("prénom + initiale",):
            return self.name(cell, p, [style])
        before = len(cell.plants)
        self.name(cell, p, [style])
        v, kind, _variant, must, strict = cell.plants[before]
        cell.plants[before] = (v, kind, "signature", must, strict)
        return cell

    # ------------------------------------------------------------ contact data
    def phone_digits(self, mobile: bool = True) -> str:
        if mobile:
            return "0" + self.ch("667") + "".join(self.ch("0123456789") for _ in range(8))
        return "04" + self.ch(["67", "99", "34", "48"]) + "".join(self.ch("0123456789") for _ in range(6))  # fmt: skip

    def phone_fmt(self, d: str, style: str) -> str:
        pairs = [d[i : i + 2] for i in range(0, len(d), 2)]
        rest = d[1:]
        rest_pairs = [rest[0]] + [rest[i : i + 2] for i in range(1, len(rest), 2)]
        return {
            "espaces": " ".join(pairs),
            "points": ".".join(pairs),
            "compact": d,
            "tirets": "-".join(pairs),
            "+33": "+33 " + " ".join(rest_pairs),
            "+33 (0)": "+33 (0)" + " ".join(rest_pairs),
            "0033": "0033 " + " ".join(rest_pairs),
            "+33 compact": "+33" + rest,
            "insécables": "\u00a0".join(pairs),
            "points +33": "+33." + ".".join(rest_pairs),
        }[style]

    def phone(self, cell: Cell, mobile: bool = True, invalid: float = 0.0) -> Cell:
        d = self.phone_digits(mobile)
        if self.chance(invalid):
            return cell.p(self.phone_fmt(d, "espaces")[:-1], "TEL", "invalide 9 chiffres")
        style = self.ch(PHONE_STYLES)
        return cell.p(self.phone_fmt(d, style), "TEL", style)

    def org_phone(self, cell: Cell) -> Cell:
        return cell.d(self.phone_fmt(self.phone_digits(False), self.ch(["espaces", "points", "espaces"])), "ORG_TEL")  # fmt: skip

    def email_local(self, p: Person) -> str:
        f = re.sub(r"[^a-z\-]", "", ascii_fold(p.first).lower().replace(" ", "-"))
        last = re.sub(r"[^a-z]", "", ascii_fold(p.last).lower())
        return self.ch([f"{f}.{last}", f"{f[0]}{last}", f"{last}.{f[0]}", f"{f}{last}{self.rng.randint(1, 99)}",
                        f"{f}_{last}", f"{last}{self.rng.randint(30, 99)}", f"{f}.{last}34", f"{f[0]}.{last}"])  # fmt: skip

    def email(self, cell: Cell, p: Person, obfuscate: float = 0.0, invalid: float = 0.0) -> Cell:
        local = self.email_local(p)
        dom = self.ch(["gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "hotmail.fr",
                       "yahoo.fr", "outlook.fr", "wanadoo.fr", "icloud.com", "protonmail.com", "neuf.fr"])  # fmt: skip
        host, tld = dom.rsplit(".", 1)
        if self.chance(invalid):
            variant = self.ch(["invalide sans TLD", "invalide double @", "invalide virgule"])
            v = {"invalide sans TLD": f"{local}@{host}", "invalide double @": f"{local}@@{dom}",
                 "invalide virgule": f"{local}@{host},{tld}"}[variant]  # fmt: skip
        elif self.chance(obfuscate):
            variant = self.ch(["(at)", "[at] [dot]", " arobase ", " @ espacé", "(a)", " at "])
            v = {"(at)": f"{local}(at){dom}", "[at] [dot]": f"{local}[at]{host}[dot]{tld}",
                 " arobase ": f"{local} arobase {dom}", " @ espacé": f"{local} @ {dom}",
                 "(a)": f"{local} (a) {dom}", " at ": f"{local} at {host} dot {tld}"}[variant]  # fmt: skip
        elif self.chance(0.12):
            variant, local, dom = "majuscules", local.upper(), dom.upper()
            v = f"{local}@{dom}"
        else:
            variant, v = "valide", f"{local}@{dom}"
        return cell.p(v, "EMAIL", variant, [local])

    def org_email(self, cell: Cell, org: str | None = None) -> Cell:
        if org:
            slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(org).lower()).strip("-")
            slug = slug[: slug.rfind("-", 0, 28)] if len(slug) > 28 else slug
            v = self.ch(
                [f"contact@{slug}.fr", f"accueil@{slug}.org", f"secretariat.{slug}@orange.fr"]
            )
        else:
            v = self.ch(["benevolat@montpellier3m.fr", "piscines@montpellier3m.fr", "mediation@ville-montpellier.fr",
                         "restauration.scolaire@ville-montpellier.fr", "petite-enfance@ville-montpellier.fr",
                         "ads-taxi@montpellier3m.fr", "marches.publics@montpellier3m.fr",
                         "etat-civil@ville-montpellier.fr", "cabinet.maire@ville-montpellier.fr",
                         "allo-voirie@montpellier3m.fr"])  # fmt: skip
        return cell.d(v, "ORG_EMAIL")

    # ------------------------------------------------------------ identifiers
    def digits(self, n: int) -> str:
        return "".join(self.ch("0123456789") for _ in range(n))

    @staticmethod
    def iban_check(country: str, bban: str) -> str:
        num = "".join(str(int(c, 36)) for c in bban + country + "00")
        return f"{98 - int(num) % 97:02d}"

    def iban(self, cell: Cell, invalid: float = 0.0) -> Cell:
        country = self.ch(["FR"] * 7 + ["PT", "ES", "BE", "IT"])
        if country == "FR":
            bank, branch, acct = self.digits(5), self.digits(5), self.digits(11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
            bban = f"{bank}{branch}{acct}{key:02d}"
        elif country == "IT":
            bban = self.ch("ABCDEFGHJKLMNPRSTUVWXYZ") + self.digits(22)
        else:
            bban = self.digits({"PT": 21, "ES": 20, "BE": 12}[country])
        check = self.iban_check(country, bban)
        prefix = "" if country == "FR" else f"{country} "
        if self.chance(invalid):
            check = f"{(int(check) + 1 + self.rng.randint(0, 90)) % 97 + 2:02d}"
            prefix = "clé invalide "
        iban = country + check + bban
        style = self.ch(["groupé", "groupé", "compact", "minuscules groupé"])
        if style == "compact":
            v = iban
        else:
            v = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
            v = v.lower() if style == "minuscules groupé" else v
        return cell.p(v, "IBAN", prefix + style)

    def nir(self, cell: Cell, p: Person, year: int, month: int, invalid: float = 0.0) -> Cell:
        body = f"{2 if p.female else 1}{year % 100:02d}{month:02d}{self.ch(['34', '30', '13', '75', '69', '99', '11', '12'])}{self.rng.randint(1, 990):03d}{self.rng.randint(1, 999):03d}"  # fmt: skip
        key = 97 - int(body) % 97
        variant = "valide"
        if self.chance(invalid):
            key, variant = (key + self.rng.randint(1, 50)) % 97 + 1, "clé invalide"
        nir = f"{body}{key:02d}"
        if self.chance(0.6):
            v = f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
            return cell.p(v, "NIR", variant + " espacé")
        return cell.p(nir, "NIR", variant + " compact")

    def plate(self, cell: Cell) -> Cell:
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        a, n, b = self.ch(letters) + self.ch(letters), self.rng.randint(1, 999), self.ch(letters) + self.ch(letters)  # fmt: skip
        style = self.ch(["SIV tirets", "SIV tirets", "SIV espaces", "minuscules", "compact", "FNI"])
        v = {"SIV tirets": f"{a}-{n:03d}-{b}", "SIV espaces": f"{a} {n:03d} {b}",
             "minuscules": f"{a}-{n:03d}-{b}".lower(), "compact": f"{a}{n:03d}{b}",
             "FNI": f"{self.rng.randint(10, 9999)} {a} 34"}[style]  # fmt: skip
        return cell.p(v, "IMMAT", style)

    def caf(self, cell: Cell) -> Cell:
        n = self.digits(7)
        if self.chance(0.3):
            return cell.p(f"{n[:3]} {n[3:]}", "CAF", "espacé")
        return cell.p(n, "CAF", "7 chiffres")

    def birth(self, lo: int, hi: int) -> tuple[int, int, int]:
        return self.rng.randint(lo, hi), self.rng.randint(1, 12), self.rng.randint(1, 28)

    def date_fmt(self, y: int, m: int, d: int, style: str) -> str:
        return {
            "jj/mm/aaaa": f"{d:02d}/{m:02d}/{y}",
            "jj.mm.aaaa": f"{d:02d}.{m:02d}.{y}",
            "ISO": f"{y}-{m:02d}-{d:02d}",
            "en lettres": f"{'1er' if d == 1 else d} {MONTHS[m - 1]} {y}",
            "jj/mm/aa": f"{d:02d}/{m:02d}/{y % 100:02d}",
            "j/m/aaaa": f"{d}/{m}/{y}",
        }[style]

    def dob(self, cell: Cell, b: tuple[int, int, int], styles: list[str] | None = None,
            invalid: float = 0.0) -> Cell:  # fmt: skip
        y, m, d = b
        if self.chance(invalid):
            return cell.p(f"{self.ch(['31', '30'])}/02/{y}", "DATE_NAISSANCE", "invalide 30-31/02")
        style = self.ch(styles or ["jj/mm/aaaa", "jj/mm/aaaa", "jj.mm.aaaa", "ISO", "en lettres", "jj/mm/aa"])  # fmt: skip
        return cell.p(self.date_fmt(y, m, d, style), "DATE_NAISSANCE", style)

    def event_date(
        self, cell: Cell, year: int | None = None, styles: list[str] | None = None
    ) -> Cell:
        y = year or self.ch([2024, 2025, 2025, 2026])
        style = self.ch(styles or ["jj/mm/aaaa", "jj/mm/aaaa", "ISO", "en lettres"])
        return cell.d(self.date_fmt(y, self.rng.randint(1, 12), self.rng.randint(1, 28), style), "DATE_EVENEMENT")  # fmt: skip

    def address(self, cell: Cell, with_city: bool = False) -> Cell:
        num = f"{self.rng.randint(1, 180)}{self.ch(['', '', '', ' bis', ' ter', 'B'])}"
        variant = self.ch(["voie", "voie", "voie", "résidence", "voie nommée d'après une personne"])
        if variant == "résidence":
            v = f"{self.ch(V.RESIDENCES)}, bât. {self.ch('ABCDEF')}, apt {self.rng.randint(1, 48)}, {num} {self.ch(V.STREETS)}"  # fmt: skip
        elif variant == "voie":
            v = f"{num} {self.ch(V.STREETS)}"
        else:
            v = f"{num} {self.ch(V.PERSON_STREETS)}"
        if with_city:
            commune, cp = self.ch(V.COMMUNES)
            cp = self.ch(V.MONTPELLIER_POSTCODES) if commune == "Montpellier" else cp
            v += self.ch([", ", " ", " - "]) + f"{cp} {commune}"
            variant += " + CP commune"
        return cell.p(v, "ADRESSE", variant)

    # ------------------------------------------------------------ decoys
    def commune(self, cell: Cell) -> Cell:
        return cell.d(self.ch(V.COMMUNES)[0], "COMMUNE")

    def org_address(self, cell: Cell, commune: str | None = None) -> Cell:
        commune, cp = (
            next(c for c in V.COMMUNES if c[0] == commune) if commune else self.ch(V.COMMUNES)
        )
        cp = self.ch(V.MONTPELLIER_POSTCODES) if commune == "Montpellier" else cp
        street = self.ch(V.PERSON_STREETS + V.STREETS + ["ZAC Garosud", "parc Euromédecine", "ZA de la Lauze",
                                                         "ZA Fréjorgues Ouest", "parc d'activités du Salaison"])  # fmt: skip
        num = "" if street.startswith(("ZA", "parc")) else f"{self.rng.randint(1, 250)} "
        return cell.d(f"{num}{street}, {cp} {commune}", "ORG_ADRESSE")

    def org(self, cell: Cell, pool: list[str]) -> str:
        o = self.ch(pool)
        cell.d(o, "ORG_PERSONNE" if o in V.ORGS_PERSON else "ORG")
        return o

    def place(self, cell: Cell, kinds: str = "VEAP") -> Cell:
        """A place decoy: V street named after a person, E facility named after one, A tram stop,
        P plain facility."""
        k = self.ch(kinds)
        if k == "V":
            return cell.d(self.ch(V.PERSON_STREETS), "VOIE_PERSONNE")
        if k == "E":
            return cell.d(self.ch(V.POOLS + V.LIBRARIES + V.SCHOOLS + V.HALLS + V.CRECHES), "EQUIPEMENT_PERSONNE")  # fmt: skip
        if k == "A":
            return cell.t("arrêt ").d(self.ch(V.TRAM_STOPS), "ARRET_TRAM")
        return cell.d(self.ch(V.FACILITIES_PLAIN), "EQUIPEMENT")

    def siret(self) -> str:
        while True:
            body = self.digits(13)
            for last in "0123456789":
                s = body + last
                total = sum(int(c) * (2 if i % 2 else 1) // 10 + int(c) * (2 if i % 2 else 1) % 10
                            for i, c in enumerate(reversed(s)))  # fmt: skip
                if total % 10 == 0:
                    return s if self.chance(0.5) else f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"

    def amount(self, lo: int, hi: int) -> str:
        v = self.rng.randint(lo * 100, hi * 100) / 100
        whole, cents = f"{v:.2f}".split(".")
        grouped = f"{int(whole):,}".replace(",", "\u00a0" if self.chance(0.3) else " ")
        return f"{grouped},{cents}"

    def gps(self, lat: bool) -> str:
        return f"{self.rng.uniform(43.55, 43.68) if lat else self.rng.uniform(3.78, 3.98):.6f}"


NAME_STYLES = ["Prénom Nom", "NOM Prénom", "Prénom NOM", "Nom Prénom", "NOM, Prénom", "Nom, Prénom",
               "minuscules", "majuscules", "initiale + nom", "civilité + nom", "civilité + prénom nom",
               "couple", "famille", "titre + nom", "prénom + initiale", "prénom seul"]  # fmt: skip
FORMAL = ["Prénom Nom", "NOM Prénom", "Prénom NOM", "civilité + prénom nom", "civilité + nom", "NOM, Prénom"]  # fmt: skip
PHONE_STYLES = ["espaces", "espaces", "points", "compact", "tirets", "+33", "+33 (0)", "0033",
                "+33 compact", "insécables", "points +33"]  # fmt: skip

Row = dict[str, "Cell | str"]


def pick(g: Gen, cell: Cell, snippets: list[Callable[[Gen, Cell], object]], lo: int, hi: int,
         sep: str = " ") -> Cell:  # fmt: skip
    """`lo`..`hi` distinct snippets written one after the other into `cell`."""
    for k, fn in enumerate(g.rng.sample(snippets, g.rng.randint(lo, hi))):
        if k:
            cell.t(sep)
        fn(g, cell)
    return cell


def org_cell(g: Gen, pool: list[str]) -> Cell:
    cell = Cell()
    g.org(cell, pool)
    return cell


# ---------------------------------------------------------------- c01 volunteers (pools, libraries)

C01 = ["Réf. bénévole", "Nom", "Prénom", "Date de naissance", "Téléphone", "Courriel", "Adresse",
       "Commune", "Équipement", "Créneau", "Association", "Remarques"]  # fmt: skip
SLOTS = ["lundi 17h-19h", "mercredi 14h-17h", "samedi 9h-12h", "dimanche 8h-13h", "vendredi 18h30-20h",
         "mardi et jeudi 12h-14h", "vacances scolaires", "1er samedi du mois"]  # fmt: skip
RELATIONS = {
    True: ["épouse", "fille", "mère", "compagne", "voisine", "sœur"],
    False: ["mari", "fils", "père", "compagnon", "voisin", "frère"],
}


def _c01_urgence(g: Gen, c: Cell) -> None:
    c.t(g.ch(["Contact en cas d'urgence : ", "Personne à prévenir : ", "URGENCE -> "]))
    p = g.person()
    g.name(c, p, FORMAL)
    c.t(f" ({g.ch(RELATIONS[p.female])}) au ")
    g.phone(c)
    c.t(".")


def _c01_binome(g: Gen, c: Cell) -> None:
    c.t(g.ch(["Binôme avec ", "Tourne avec ", "Remplace "]))
    g.name(
        c,
        g.person(),
        ["Prénom Nom", "prénom seul", "prénom + initiale", "civilité + nom", "Prénom NOM"],
    )
    c.t(" sur le créneau.")


def _c01_iban(g: Gen, c: Cell) -> None:
    c.t(
        g.ch(
            ["Défraiement kilométrique sur IBAN ", "RIB fourni : ", "Remboursement frais -> IBAN "]
        )
    )
    g.iban(c, invalid=0.1)


def _c01_certif(g: Gen, c: Cell) -> None:
    c.t("Certificat médical fourni le ")
    g.event_date(c, styles=["jj/mm/aaaa"])
    c.t(".")


def _c01_carte(g: Gen, c: Cell) -> None:
    c.t("Carte de bénévole remise à l'accueil (")
    g.place(c, "EP")
    c.t(").")


def _c01_formation(g: Gen, c: Cell) -> None:
    c.t("Formation PSC1 (organisme : ")
    g.org(c, ["Croix-Rouge française - unité locale Montpellier", "Secours populaire français - comité de Montpellier"])  # fmt: skip
    c.t(", ")
    c.d(str(g.ch([2023, 2024, 2025])), "DATE_EVENEMENT")
    c.t(").")


def _c01_vehicule(g: Gen, c: Cell) -> None:
    c.t("Véhicule perso ")
    g.plate(c)
    c.t(" autorisé sur le parking du personnel.")


def _c01_nir(g: Gen, c: Cell) -> None:
    p = g.person()
    y, m, _d = g.birth(1950, 2004)
    c.t("N° de sécu transmis pour l'assurance : ")
    g.nir(c, p, y, m, invalid=0.15)


def _c01_atelier(g: Gen, c: Cell) -> None:
    c.t(
        g.ch(
            [
                "Anime l'atelier lecture autour de ",
                "Lectures à voix haute : textes de ",
                "Club lecture sur ",
            ]
        )
    )
    c.d(g.ch(V.FAMOUS), "PERSONNALITE")
    c.t(".")


def _c01_parrain(g: Gen, c: Cell) -> None:
    c.t("Parrainé par ")
    g.name(c, g.person(), ["civilité + prénom nom", "civilité + nom", "Prénom Nom"])
    c.t(", bénévole depuis ")
    c.d(str(g.rng.randint(2012, 2022)), "DATE_EVENEMENT")
    c.t(".")


def _c01_tram(g: Gen, c: Cell) -> None:
    c.t("Vient en tram (")
    g.place(c, "A")
    c.t(").")


CHAT = ["je peux pas samedi, dispo dimanche", "qqn a les clés du local ?", "ok pour moi :)",
        "le composteur du jardin est plein, on retourne jeudi ?", "je ramène les gilets", "retard 10 min dsl"]  # fmt: skip


def _c01_chat(g: Gen, c: Cell) -> None:
    c.t(f"Extrait du groupe WhatsApp : [{g.rng.randint(1, 28):02d}/{g.rng.randint(1, 12):02d} {g.rng.randint(7, 22):02d}:{g.rng.randint(0, 59):02d}] ")  # fmt: skip
    g.name(c, g.person(), ["prénom + initiale", "prénom seul", "Prénom Nom"])
    c.t(f" : « {g.ch(CHAT)} »")


C01_SNIPPETS = [_c01_chat, _c01_urgence, _c01_binome, _c01_iban, _c01_certif, _c01_carte, _c01_formation,
                _c01_vehicule, _c01_nir, _c01_atelier, _c01_parrain, _c01_tram]  # fmt: skip


def row_c01(g: Gen, i: int) -> Row:
    p = g.person()
    upper = g.chance(0.5)
    last = p.last.upper() if upper else p.last
    b = g.birth(1948, 2006)
    r: Row = {
        "Réf. bénévole": Cell().d(f"BNV-{g.ch([2024, 2025])}-{i + 1:04d}", "CODE"),
        "Nom": Cell().p(
            last, "NOM", "colonne NOM" if upper else "colonne Nom", surname_tokens(last)
        ),
        "Prénom": Cell().p(p.first, "PRENOM", "colonne Prénom", first_tokens(p.first)),
        "Date de naissance": g.dob(
            Cell(), b, ["jj/mm/aaaa", "jj/mm/aaaa", "ISO", "jj.mm.aaaa"], invalid=0.05
        ),
        "Téléphone": g.phone(Cell(), mobile=g.chance(0.85), invalid=0.1),
        "Courriel": g.email(Cell(), p, invalid=0.1) if g.chance(0.9) else "",
        "Adresse": g.address(Cell()),
        "Commune": g.commune(Cell()),
        "Créneau": Cell().d(g.ch(SLOTS), "TEXTE"),
        "Remarques": pick(g, Cell(), C01_SNIPPETS, 1, 4),
    }
    r["Équipement"] = Cell().d(g.ch(V.POOLS + V.LIBRARIES), "EQUIPEMENT_PERSONNE") if g.chance(0.8) else g.place(Cell(), "P")  # fmt: skip
    r["Association"] = Cell() if g.chance(0.3) else org_cell(g, V.ASSOCIATIONS + V.ORGS_PERSON[:2])
    return r


# ---------------------------------------------------------------- c02 neighbourhood mediation

C02 = ["N° dossier", "Ouverture", "Quartier", "Commune", "Requérant", "Mis en cause",
       "Exposé des faits", "Suite donnée", "Médiateur"]  # fmt: skip
NUISANCES = ["des aboiements du chien", "de la musique tard le soir", "des odeurs de barbecue",
             "d'une haie qui dépasse sur le terrain", "de fuites d'eau venant de l'étage",
             "de travaux le dimanche", "du stationnement devant le portail", "d'insultes répétées"]  # fmt: skip


def _c02_phone_note(g: Gen, c: Cell, req: Person, mec: Person) -> None:
    c.t(g.ch(["Appel de ", "Tél. de ", "Appel reçu de "]))
    g.name(c, req, ["civilité + prénom nom", "civilité + nom", "Prénom Nom"])
    c.t(" le ")
    g.event_date(c, styles=["jj/mm/aaaa"])
    c.t(f" : se plaint {g.ch(NUISANCES)}, voisin concerné : ")
    g.name(c, mec, ["civilité + nom", "Prénom Nom", "NOM Prénom", "famille"])
    c.t(", ")
    g.address(c)
    c.t(".\nRappeler au ")
    g.phone(c)
    c.t(g.ch([" après 18h.", " (répondeur).", ""]))


def _c02_sms(g: Gen, c: Cell, req: Person, mec: Person) -> None:
    c.t("bjr c ")
    g.name(c, req, ["prénom seul", "minuscules"])
    c.t(f" du {g.rng.randint(1, 6)}eme, le voisin ")
    g.name(c, mec, ["minuscules", "civilité + nom"])
    c.t(g.ch([" met la musik a fond tt les nuits", " laisse son chien aboyer h24", " fume ds la cage d'escalier"]))  # fmt: skip
    c.t(" !!! mon num ")
    g.phone(c)
    c.t(g.ch([" merci", " svp rappelez moi", ""]))


def _c02_forward(g: Gen, c: Cell, req: Person, mec: Person) -> None:
    c.t("---------- Message transféré ---------\nDe : ")
    g.name(c, req, ["Prénom Nom", "Prénom NOM"])
    c.t(" <")
    g.email(c, req, obfuscate=0.2)
    c.t(">\nObjet : nuisances\n\nBonjour,\nDepuis des mois je me plains ")
    c.t(f"{g.ch(NUISANCES)}, logement de ")
    g.name(c, mec, ["couple", "famille", "civilité + nom"])
    c.t(". Le syndic ")
    g.org(c, V.SYNDICS)
    c.t(" ne répond pas.\nCordialement\n")
    g.signature(c, req)


def _c02_letter(g: Gen, c: Cell, req: Person, mec: Person) -> None:
    c.t("Madame, Monsieur,\nJe soussigné")
    c.t("e " if req.female else " ")
    g.name(c, req, ["civilité + prénom nom", "Prénom NOM", "NOM Prénom"])
    c.t(", né" + ("e" if req.female else "") + " le ")
    g.dob(c, g.birth(1935, 2000), ["en lettres", "jj/mm/aaaa"])
    c.t(", demeurant ")
    g.address(c, with_city=True)
    c.t(f", sollicite une médiation avec mon voisin au sujet {g.ch(NUISANCES)}.\nVeuillez agréer mes salutations distinguées.\n")  # fmt: skip
    g.signature(c, req)


def _c02_caps(g: Gen, c: Cell, req: Person, mec: Person) -> None:
    c.t("RIVERAIN EXCÉDÉ : ")
    g.name(c, req, ["majuscules"])
    c.t(" SIGNALE QUE ")
    g.name(c, mec, ["majuscules"])
    c.t(" GARE SA VOITURE ")
    g.plate(c)
    c.t(" SUR LE TROTTOIR DEVANT LE ")
    c.d(g.ch(V.PERSON_STREETS).upper(), "VOIE_PERSONNE")
    c.t(". TEL ")
    g.phone(c)


def _c02_meeting(g: Gen, c: Cell, req: Person, mec: Person) -> None:
    c.t("Compte rendu de l'entretien du ")
    g.event_date(c, styles=["jj/mm/aaaa"])
    c.t(" (")
    g.place(c, "EP")
    c.t(")\nPrésents : ")
    g.name(c, req, ["NOM Prénom", "Prénom NOM"])
    c.t(", ")
    g.name(c, mec, ["NOM Prénom", "civilité + prénom nom"])
    c.t(
        ", le médiateur.\nL'intéressé"
        + ("e" if mec.female else "")
        + " s'engage à faire cesser le trouble "
    )
    c.t(f"({g.ch(['bruit', 'stationnement', 'odeurs', 'haie'])}). Prochain point téléphonique au ")
    g.phone(c)
    c.t(".")


C02_STORIES = [_c02_phone_note, _c02_sms, _c02_forward, _c02_letter, _c02_caps, _c02_meeting]


def _c02_suite(g: Gen, c: Cell) -> None:
    opts = [
        lambda: (
            c.t("Orientation vers la ").d("maison de la justice et du droit", "EQUIPEMENT").t(".")
        ),
        lambda: (
            c.t("Réunion de médiation le "),
            g.event_date(c),
            c.t(", lieu : "),
            g.place(c, "EP"),
            c.t("."),
        ),
        lambda: (c.t("Courrier adressé au bailleur ("), g.org(c, V.SYNDICS), c.t(")."))[0],
        lambda: c.t("Dossier clos : accord trouvé entre les parties."),
        lambda: (
            c.t("Rappel de "),
            g.name(c, g.person(), ["civilité + nom", "prénom + initiale"]),
            c.t(" : situation apaisée."),
        )[0],
        lambda: (
            c.t("Rencontre au local associatif ("),
            g.org(c, ["Association Bien Vivre à Figuerolles", "Comité de quartier Celleneuve"]),
            c.t(")."),
        )[0],
        lambda: (
            c.t("Présence de la police municipale demandée, arrêt "),
            c.d(g.ch(V.TRAM_STOPS), "ARRET_TRAM"),
            c.t("."),
        )[0],
    ]
    for k, fn in enumerate(g.rng.sample(opts, g.rng.randint(1, 2))):
        c.t("\n" if k else "")
        fn()


def row_c02(g: Gen, i: int) -> Row:
    req, mec = g.person(), g.person()
    r: Row = {
        "N° dossier": Cell().d(f"MED-{g.ch([24, 25])}-{i + 101:04d}", "CODE"),
        "Ouverture": g.event_date(Cell(), styles=["jj/mm/aaaa"]),
        "Quartier": Cell().d(g.ch(V.QUARTIERS), "TEXTE"),
        "Commune": g.commune(Cell()),
        "Exposé des faits": Cell(),
        "Suite donnée": Cell(),
        "Médiateur": Cell().d(f"AGT-MED-{g.rng.randint(1, 12):02d}", "CODE"),
    }
    r["Requérant"] = org_cell(g, V.SYNDICS) if g.chance(0.15) else g.name(Cell(), req)
    r["Mis en cause"] = g.name(Cell(), mec, ["famille", "couple", "civilité + nom", "NOM Prénom", "Nom, Prénom", "Prénom Nom"]) if g.chance(0.8) else Cell("occupant du logement du dessus")  # fmt: skip
    g.ch(C02_STORIES)(g, r["Exposé des faits"], req, mec)
    _c02_suite(g, r["Suite donnée"])
    return r


# ---------------------------------------------------------------- c03 school-canteen special diets

C03 = ["Dossier PAI", "Élève", "Né(e) le", "École", "Classe", "Régime alimentaire",
       "Responsable légal", "Tél. responsable", "Courriel responsable", "N° allocataire CAF",
       "Commentaire"]  # fmt: skip
DIETS = ["Allergie arachide - PAI", "Sans porc", "Végétarien", "Sans gluten (maladie cœliaque)",
         "Allergie œuf et lait", "Diabète type 1 - collation 10h", "Allergie fruits à coque - PAI",
         "Sans viande", "Intolérance lactose", "Panier repas fourni par la famille"]  # fmt: skip
CLASSES = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2", "ULIS"]


def _c03_trousse(g: Gen, c: Cell, child: Person) -> None:
    mum = g.person(True)
    c.t("Trousse d'urgence (stylo d'adrénaline) déposée par la maman, ")
    g.name(c, mum, ["civilité + nom", "civilité + prénom nom", "Prénom Nom"])
    c.t(", le ")
    g.event_date(c, styles=["jj/mm/aaaa", "en lettres"])
    c.t(".")


def _c03_garde(g: Gen, c: Cell, child: Person) -> None:
    dad = g.person(False)
    c.t(g.ch(["Garde alternée : père ", "Semaines paires chez le père, ", "Papa : "]))
    g.name(c, dad, ["Prénom Nom", "NOM Prénom", "civilité + nom", "prénom seul"])
    c.t(" joignable au ")
    g.phone(c)
    c.t(".")


def _c03_prestataire(g: Gen, c: Cell, child: Person) -> None:
    c.t("Repas adaptés livrés par ")
    g.org(c, ["SA Occitanie Restauration Collective", "SARL Cantine Bio du Pic"])
    c.t(", cuisine centrale.")


def _c03_medecin(g: Gen, c: Cell, child: Person) -> None:
    c.t("PAI signé par le médecin scolaire le ")
    g.event_date(c, styles=["jj/mm/aaaa"])
    c.t(g.ch([" ; copie à l'infirmière.", ".", " (renouvellement annuel)."]))


def _c03_prenom(g: Gen, c: Cell, child: Person) -> None:
    c.t(g.ch(["Attention : ", "NB ", "Rappel : "]))
    g.name(c, child, ["prénom seul"])
    c.t(
        g.ch(
            [
                " ne doit pas échanger son goûter.",
                " mange à la table adaptée.",
                " est suivi par l'AESH.",
            ]
        )
    )


def _c03_mail(g: Gen, c: Cell, child: Person) -> None:
    grand = g.person()
    c.t("Autre contact : grand-parent ")
    g.name(c, grand, ["civilité + nom", "Prénom Nom"])
    c.t(", ")
    g.email(c, grand, obfuscate=0.5)
    c.t(".")


def _c03_iban(g: Gen, c: Cell, child: Person) -> None:
    c.t(g.ch(["Prélèvement cantine sur IBAN ", "Mandat SEPA signé, IBAN : ", "RIB famille : "]))
    g.iban(c, invalid=0.1)
    c.t(".")


C03_SNIPPETS = [
    _c03_iban,
    _c03_trousse,
    _c03_garde,
    _c03_prestataire,
    _c03_medecin,
    _c03_prenom,
    _c03_mail,
]


def row_c03(g: Gen, i: int) -> Row:
    child, parent = g.person(), g.person()
    parent.last = child.last if g.chance(0.6) else parent.last
    if {t.casefold() for t in first_tokens(parent.first)} & {t.casefold() for t in first_tokens(child.first)}:  # fmt: skip
        raise Bad("same first name")
    c = Cell()
    for k, fn in enumerate(g.rng.sample(C03_SNIPPETS, g.rng.randint(1, 3))):
        c.t(" " if k else "")
        fn(g, c, child)
    phones = g.phone(Cell(), invalid=0.08)
    if g.chance(0.3):
        phones.t(" / ")
        g.phone(phones, mobile=g.chance(0.5))
    return {
        "Dossier PAI": Cell().d(f"PAI-{g.ch([2025, 2026])}-{i + 1:05d}", "CODE"),
        "Élève": g.name(
            Cell(), child, ["NOM Prénom", "NOM Prénom", "Prénom NOM", "Nom Prénom", "NOM, Prénom"]
        ),
        "Né(e) le": g.dob(
            Cell(), g.birth(2013, 2022), ["jj/mm/aaaa", "jj/mm/aaaa", "jj/mm/aa", "ISO"]
        ),
        "École": Cell().d(g.ch(V.SCHOOLS), "EQUIPEMENT_PERSONNE"),
        "Classe": Cell().d(g.ch(CLASSES), "TEXTE"),
        "Régime alimentaire": g.ch(DIETS),
        "Responsable légal": g.name(
            Cell(),
            parent,
            [
                "civilité + prénom nom",
                "civilité + prénom nom",
                "NOM Prénom",
                "Nom, Prénom",
                "majuscules",
            ],
        ),
        "Tél. responsable": phones,
        "Courriel responsable": g.email(Cell(), parent, obfuscate=0.1, invalid=0.08),
        "N° allocataire CAF": g.caf(Cell()) if g.chance(0.85) else "",
        "Commentaire": c,
    }


# ---------------------------------------------------------------- c04 nursery waiting list

C04 = ["N° demande", "Date de la demande", "Enfant", "Naissance (prévue)", "Parent 1", "Parent 2",
       "Téléphone", "Courriel", "Adresse", "Commune", "Crèche souhaitée", "Quotient familial",
       "N° allocataire", "Commentaire"]  # fmt: skip


def row_c04(g: Gen, i: int) -> Row:
    p1, p2 = g.person(True), g.person(False)
    if g.chance(0.5):
        p2.last = p1.last
    born = g.chance(0.7)
    b = g.birth(2024, 2025) if born else g.birth(2026, 2026)
    kid = g.person()
    r: Row = {
        "N° demande": Cell().d(f"PE{g.ch([25, 26])}-{i + 1:04d}", "CODE"),
        "Date de la demande": g.event_date(Cell(), g.ch([2025, 2026]), ["jj/mm/aaaa"]),
        "Enfant": g.name(Cell(), kid, ["prénom seul"]) if born else Cell("à naître"),
        "Naissance (prévue)": g.dob(
            Cell(), b, ["jj/mm/aaaa", "jj/mm/aaaa", "jj.mm.aaaa", "en lettres"]
        ),
        "Parent 1": g.name(
            Cell(),
            p1,
            ["Prénom Nom", "NOM Prénom", "civilité + prénom nom", "Nom, Prénom", "majuscules"],
        ),
        "Parent 2": g.name(
            Cell(),
            p2,
            ["Prénom Nom", "NOM Prénom", "civilité + prénom nom", "minuscules", "initiale + nom"],
        )
        if g.chance(0.75)
        else Cell(""),
        "Adresse": g.address(Cell()),
        "Commune": g.commune(Cell()),
        "Quotient familial": Cell().d(str(g.rng.randint(180, 2400)), "MONTANT"),
        "N° allocataire": g.caf(Cell()) if g.chance(0.9) else "",
    }
    tel = Cell()
    g.phone(tel, invalid=0.05)
    if g.chance(0.4):
        tel.t(g.ch([" / ", " ou ", " - papa : "]))
        g.phone(tel)
    r["Téléphone"] = tel
    mail = Cell()
    g.email(mail, p1, obfuscate=0.1, invalid=0.08)
    if g.chance(0.25):
        mail.t("; ")
        g.email(mail, p2)
    r["Courriel"] = mail
    if g.chance(0.7):
        r["Crèche souhaitée"] = Cell().d(g.ch(V.CRECHES), "EQUIPEMENT_PERSONNE")
    else:
        r["Crèche souhaitée"] = org_cell(g, ["Crèche associative Les Petits Lézards"])
    c = Cell()
    opts = [
        lambda: (
            c.t("Jumeaux : "),
            g.name(c, g.person(), ["prénom seul"]),
            c.t(" et "),
            g.name(c, g.person(), ["prénom seul"]),
            c.t("."),
        ),
        lambda: (c.t("Mère en reprise d'emploi chez "), g.org(c, V.COMPANIES), c.t(".")),
        lambda: (
            c.t("Famille suivie par le "),
            c.d("Centre communal d'action sociale de Montpellier", "ORG"),
            c.t("."),
        ),
        lambda: (
            c.t("Grand-mère ("),
            g.name(c, g.person(True), ["civilité + nom", "Prénom Nom"]),
            c.t(") peut déposer l'enfant, tél. "),
            g.phone(c),
            c.t("."),
        ),
        lambda: (c.t("Prélèvement mensuel sur IBAN "), g.iban(c, invalid=0.1)),
        lambda: (
            c.t("Relance faite le "),
            g.event_date(c, styles=["jj/mm/aaaa"]),
            c.t(" par courriel."),
        ),
        lambda: (
            c.t("Proche du tram "),
            g.place(c, "A"),
            c.t(", accepte la "),
            c.d(g.ch(V.CRECHES), "EQUIPEMENT_PERSONNE"),
            c.t("."),
        ),
        lambda: (
            (c.t("NIR de l'enfant transmis : "), g.nir(c, kid, b[0], b[1], 0.1))
            if born
            else c.t("Naissance prévue, dossier à compléter.")
        ),
    ]
    for k, fn in enumerate(g.rng.sample(opts, g.rng.randint(0, 2))):
        c.t(" " if k else "")
        fn()
    r["Commentaire"] = c
    return r


# ---------------------------------------------------------------- c05 taxi / VTC licences (Parquet)

C05 = ["N° autorisation", "Type", "Titulaire", "Statut juridique", "Représentant légal", "SIRET",
       "Véhicule", "Immatriculation", "Station de rattachement", "Commune", "Téléphone", "Courriel",
       "Date de délivrance", "Observations"]  # fmt: skip
CARS = ["Toyota Corolla hybride", "Skoda Superb", "Mercedes Classe E", "Peugeot 508 SW", "Tesla Model 3",
        "Toyota C-HR", "Kia Niro électrique", "Volkswagen Passat"]  # fmt: skip
STATIONS = ["Gare Saint-Roch", "Aéroport Montpellier-Méditerranée", "Comédie", "Corum", "Odysseum",
            "Place de l'Europe", "Port Marianne", "Euromédecine"]  # fmt: skip


def row_c05(g: Gen, i: int) -> Row:
    sole = g.chance(0.55)
    holder, rep = g.person(), g.person()
    kind = g.ch(["Taxi", "Taxi", "VTC"])
    r: Row = {
        "N° autorisation": Cell().d(
            f"{'ADS' if kind == 'Taxi' else 'EVTC'}-34172-{i + 1:04d}", "CODE"
        ),
        "Type": Cell().d(kind, "TEXTE"),
        "Véhicule": Cell().d(g.ch(CARS), "TEXTE"),
        "Immatriculation": g.plate(Cell()),
        "Commune": g.commune(Cell()),
        "Date de délivrance": g.event_date(
            Cell(), g.rng.randint(2012, 2025), ["jj/mm/aaaa", "ISO"]
        ),
    }
    station = g.ch(STATIONS)
    r["Station de rattachement"] = Cell().d(station, "ARRET_TRAM" if station in V.TRAM_STOPS else "EQUIPEMENT")  # fmt: skip
    if sole:
        t = Cell()
        if g.chance(0.3):
            t.t(g.ch(["Taxi ", "EI "]))
        g.name(t, holder, ["Prénom Nom", "NOM Prénom", "Prénom NOM", "NOM, Prénom"])
        r["Titulaire"] = t
        r["Statut juridique"] = Cell().d("Entreprise individuelle", "TEXTE")
        r["Représentant légal"] = Cell("")
        r["SIRET"] = g.siret()  # a sole trader's SIRET names him: neither planted nor decoy
        r["Téléphone"] = g.phone(Cell(), invalid=0.05)
        r["Courriel"] = g.email(Cell(), holder, invalid=0.05)
    else:
        org = g.ch(
            [*V.COMPANIES[:3], "Taxis Bernard Sabatier SARL", "SAS Transports Garrigue Mobilité"]
        )
        r["Titulaire"] = Cell().d(org, "ORG_PERSONNE" if org in V.ORGS_PERSON else "ORG")
        r["Statut juridique"] = Cell().d(g.ch(["SAS", "SARL", "SASU", "SCIC"]), "TEXTE")
        r["Représentant légal"] = g.name(Cell(), rep, ["Prénom Nom", "NOM Prénom", "civilité + prénom nom", "Nom, Prénom"])  # fmt: skip
        r["SIRET"] = Cell().d(g.siret(), "SIRET")
        r["Téléphone"] = g.org_phone(Cell())
        r["Courriel"] = g.org_email(Cell(), org)
    c = Cell()
    opts = [
        lambda: (
            c.t("Cession de l'autorisation à "),
            g.name(c, g.person(), ["civilité + prénom nom", "Prénom NOM"]),
            c.t(" le "),
            g.event_date(c),
            c.t("."),
        ),
        lambda: (
            c.t("Chauffeur salarié : "),
            g.name(c, g.person(), ["Prénom Nom", "NOM Prénom"]),
            c.t(", carte pro n° "),
            c.d(f"CP-34-{g.rng.randint(1000, 9999)}", "CODE"),
            c.t("."),
        ),
        lambda: (
            c.t("Contrôle technique OK le "),
            g.event_date(c, styles=["jj/mm/aaaa"]),
            c.t("."),
        ),
        lambda: (
            c.t("Véhicule de remplacement "),
            g.plate(c),
            c.t(" du "),
            g.event_date(c, styles=["jj/mm/aaaa"]),
            c.t("."),
        ),
        lambda: (
            c.t("Stationne aussi à l'arrêt "),
            c.d(g.ch(V.TRAM_STOPS), "ARRET_TRAM"),
            c.t("."),
        ),
        lambda: (c.t("Suppléant joignable au "), g.phone(c), c.t(".")),
        lambda: (
            c.t("Adhérent du groupement "),
            g.org(c, ["SAS Allo Taxi Lez", "SCIC Écotaxi Occitanie"]),
            c.t(", standard "),
            g.org_phone(c),
            c.t("."),
        ),
    ]
    for k, fn in enumerate(g.rng.sample(opts, g.rng.randint(0, 3))):
        c.t(" " if k else "")
        fn()
    r["Observations"] = c
    return r


# ---------------------------------------------------------------- c06 street reports from an app

C06 = ["ID signalement", "Horodatage", "Catégorie", "Localisation", "Commune", "Latitude",
       "Longitude", "Message de l'usager", "Légende photo", "Contact usager", "Statut",
       "Réponse du service"]  # fmt: skip
CATEGORIES = ["Tag / graffiti", "Nid-de-poule", "Dépôt sauvage", "Éclairage public en panne",
              "Mobilier urbain dégradé", "Trottoir défoncé", "Affichage sauvage", "Véhicule ventouse"]  # fmt: skip
STATUTS = ["Nouveau", "Pris en compte", "Intervention programmée", "Résolu", "Clos - doublon"]


def _c06_message(g: Gen, c: Cell, p: Person) -> None:
    k = g.rng.randint(0, 7)
    if k == 5:
        c.t("Signalé via l'appli par ")
        g.name(c, p, ["Prénom Nom", "Prénom NOM"])
        c.t(" (")
        g.email(c, p)
        c.t(") : chaussée effondrée ")
        g.place(c, "V")
        c.t(", mon fils ")
        g.name(c, g.person(False), ["prénom seul"])
        c.t(" est tombé à vélo.")
        return
    if k == 6:
        c.t("Vu avec le gardien de l'immeuble, ")
        g.name(c, g.person(), ["civilité + nom", "civilité + prénom nom"])
        c.t(" : les encombrants viennent du ")
        g.address(c)
        c.t(". Merci de passer avant le ")
        g.event_date(c, styles=["jj/mm/aaaa"])
        c.t(".")
        return
    if k == 7:
        c.t("cc ya un trou ds la route a cote de l'arret ")
        c.d(g.ch(V.TRAM_STOPS), "ARRET_TRAM")
        c.t(" jsuis tombé avec mon scoot ")
        g.plate(c)
        c.t(" rappelez moi ")
        g.phone(c)
        c.t(" ")
        g.name(c, p, ["prénom seul", "minuscules"])
        return
    if k == 0:
        c.t(g.ch(["encore un tag sur le mur de l'", "gros tag insultant sur la façade de l'"]))
        c.d(g.ch(V.SCHOOLS), "EQUIPEMENT_PERSONNE")
        c.t(" !! ca fait 3 semaines... ")
        g.name(c, p, ["prénom + initiale", "prénom seul"])
    elif k == 1:
        c.t("Bonjour, nid de poule énorme devant le ")
        g.address(c)
        c.t(" (chez moi), ma voiture ")
        g.plate(c)
        c.t(" a crevé. Merci de me rappeler au ")
        g.phone(c)
        c.t(". ")
        g.signature(c, p)
    elif k == 2:
        c.t("DÉPÔT SAUVAGE AU PIED DE L'ARRÊT ")
        c.d(g.ch(V.TRAM_STOPS).upper(), "ARRET_TRAM")
        c.t(" DEPUIS LUNDI. C'EST LE VOISIN ")
        g.name(c, g.person(), ["majuscules", "civilité + nom"])
        c.t(" QUI VIDE SA CAVE")
    elif k == 3:
        c.t("lampadaire HS ")
        g.place(c, "V")
        c.t(g.ch([" depuis 15j", ", tt le quartier est ds le noir", " devant le n°12"]))
        c.t(" - ")
        g.name(c, p, ["minuscules", "prénom seul"])
        c.t(" ")
        g.email(c, p, obfuscate=0.8)
    else:
        c.t("Affiches collées sur le monument à ")
        c.d(g.ch(V.FAMOUS), "PERSONNALITE")
        c.t(g.ch([" place de la Comédie.", " au jardin.", "."]))


def _c06_caption(g: Gen, c: Cell, p: Person) -> None:
    k = g.rng.randint(0, 3)
    if k == 0:
        c.t(f"IMG_{g.rng.randint(1000, 9999)}.jpg - vue depuis mon balcon au ")
        g.address(c)
    elif k == 1:
        c.t("photo : voiture de ")
        g.name(c, g.person(), ["civilité + nom", "Prénom Nom", "famille"])
        c.t(" garée sur le trottoir, ")
        g.plate(c)
    elif k == 2:
        c.t("Tag sur le mur du ")
        g.place(c, "EP")
    else:
        c.t("photo floue")


def row_c06(g: Gen, i: int) -> Row:
    p = g.person()
    y, mo, d = g.ch([2025, 2026]), g.rng.randint(1, 12), g.rng.randint(1, 28)
    msg, cap = Cell(), Cell()
    _c06_message(g, msg, p)
    _c06_caption(g, cap, p)
    contact = Cell()
    k = g.rng.randint(0, 3)
    if k == 0:
        g.email(contact, p, obfuscate=0.15, invalid=0.1)
    elif k == 1:
        g.phone(contact, invalid=0.08)
    elif k == 2:
        g.name(contact, p, ["prénom + initiale", "Prénom Nom", "minuscules"])
        contact.t(" - ")
        g.phone(contact)
    else:
        contact.t("anonyme")
    rep = Cell()
    k = g.rng.randint(0, 3)
    if k == 0:
        rep.t("Intervention programmée par ")
        g.org(
            rep, ["SAS Graff'Net Méditerranée", "SARL Voirie Sud Travaux", "SAS Lumière Urbaine 34"]
        )
        rep.t(" le ")
        g.event_date(rep, y, ["jj/mm/aaaa"])
        rep.t(".")
    elif k == 1:
        rep.t("Transmis au pôle propreté, contact ")
        g.org_email(rep)
        rep.t(" ou ")
        g.org_phone(rep)
        rep.t(".")
    elif k == 2:
        rep.t("Merci pour votre signalement, l'équipe de la ")
        c = rep
        c.d(g.ch(V.HALLS), "EQUIPEMENT_PERSONNE")
        rep.t(" a été prévenue.")
    return {
        "ID signalement": Cell().d(f"SIG-{y}-{i + 1:06d}", "CODE"),
        "Horodatage": Cell().d(
            f"{y}-{mo:02d}-{d:02d} {g.rng.randint(6, 22):02d}:{g.rng.randint(0, 59):02d}",
            "DATE_EVENEMENT",
        ),
        "Catégorie": Cell().d(g.ch(CATEGORIES), "TEXTE"),
        "Localisation": g.place(Cell(), "VVAP")
        if g.chance(0.7)
        else Cell().d(g.ch(V.STREETS), "VOIE"),
        "Commune": g.commune(Cell()),
        "Latitude": Cell().d(g.gps(True), "GPS"),
        "Longitude": Cell().d(g.gps(False), "GPS"),
        "Message de l'usager": msg,
        "Légende photo": cap,
        "Contact usager": contact,
        "Statut": Cell().d(g.ch(STATUTS), "TEXTE"),
        "Réponse du service": rep,
    }


# ---------------------------------------------------------------- c07 elected officials' agenda

C07 = ["Date", "Horaire", "Élu", "Délégation", "Objet du rendez-vous", "Lieu", "Participants",
       "Demande transmise par", "Commune"]  # fmt: skip
TOPICS = ["de l'extension de la terrasse de son commerce", "d'un refus de permis de construire",
          "de la sécurité aux abords de l'école", "d'une demande de logement social", "du bruit de la ligne 5 du tram",
          "d'un projet de jardin partagé", "de la fermeture estivale de la piscine", "d'un litige de voisinage"]  # fmt: skip


def row_c07(g: Gen, i: int) -> Row:
    visitor, other = g.person(), g.person()
    elu, role = g.ch(V.ELUS)
    obj = Cell()
    k = g.rng.randint(0, 5)
    if k == 4:
        obj.t("Déjeuner de travail avec ")
        g.name(obj, visitor, ["civilité + prénom nom", "Prénom NOM"])
        obj.t(", dirigeant" + ("e" if visitor.female else "") + " de la ")
        g.org(obj, V.COMPANIES)
        obj.t(f", au sujet {g.ch(TOPICS)}.")
    elif k == 5:
        obj.t("Rappel de ")
        g.name(obj, visitor, ["civilité + nom", "civilité + prénom nom"])
        obj.t(" (")
        g.phone(obj)
        obj.t(") qui appuie la candidature de son fils ")
        g.name(obj, g.person(False), ["prénom seul", "Prénom Nom"])
        obj.t(" à un emploi saisonnier au ")
        g.place(obj, "E")
        obj.t(".")
    elif k == 0:
        obj.t("Rencontre avec ")
        g.name(obj, visitor, ["civilité + prénom nom", "civilité + nom", "Prénom NOM"])
        obj.t(", riverain" + ("e" if visitor.female else "") + " (")
        obj.d(g.ch(V.PERSON_STREETS), "VOIE_PERSONNE")
        obj.t(f"), au sujet {g.ch(TOPICS)}.")
    elif k == 1:
        obj.t("Entretien avec les représentants de l'")
        g.org(obj, V.ASSOCIATIONS)
        obj.t(f" au sujet {g.ch(TOPICS)}.")
    elif k == 2:
        obj.t("Audience demandée par ")
        g.name(obj, visitor, ["couple", "famille", "civilité + nom"])
        obj.t(" (")
        g.address(obj)
        obj.t(f") au sujet {g.ch(TOPICS)}.")
    else:
        obj.t("Inauguration de la fresque en hommage à ")
        obj.d(g.ch(V.FAMOUS), "PERSONNALITE")
        obj.t(", en présence de ")
        g.org(obj, V.ORGS_PERSON[:2] + V.ASSOCIATIONS[:4])
        obj.t(".")
    parts = Cell()
    if k in (0, 2, 4, 5):
        g.name(parts, visitor, ["Prénom Nom", "NOM Prénom", "civilité + nom"])
        parts.t(", ")
        g.name(parts, other, ["Prénom Nom", "civilité + prénom nom", "Nom, Prénom"])
        parts.t(" (accompagnant" + ("e" if other.female else "") + ")")
    else:
        g.org(parts, V.ASSOCIATIONS + V.PARISHES_EHPAD)
        parts.t(", services de la Ville")
    via = Cell()
    k2 = g.rng.randint(0, 2)
    if k2 == 0:
        g.email(via, visitor, obfuscate=0.3, invalid=0.05)
    elif k2 == 1:
        via.t("tél. ")
        g.phone(via)
    else:
        via.t("secrétariat, ")
        g.org_email(via)
    start = g.rng.randint(8, 18)
    return {
        "Date": g.event_date(Cell(), g.ch([2025, 2026]), ["jj/mm/aaaa", "en lettres"]),
        "Horaire": Cell().d(
            f"{start}h{g.ch(['00', '15', '30', '45'])} - {start + 1}h{g.ch(['00', '30'])}", "TEXTE"
        ),
        "Élu": Cell().d(elu, "ELU", ["policy"]),
        "Délégation": Cell().d(role, "TEXTE"),
        "Objet du rendez-vous": obj,
        "Lieu": g.place(Cell(), "EP")
        if g.chance(0.7)
        else Cell().d("salle des rencontres de l'hôtel de ville", "EQUIPEMENT"),
        "Participants": parts,
        "Demande transmise par": via,
        "Commune": g.commune(Cell()),
    }


# ---------------------------------------------------------------- c08 public-procurement awards

C08 = ["N° marché", "Objet du marché", "Lot", "Attributaire", "SIRET", "Représentant légal",
       "Adresse de l'attributaire", "Téléphone", "Courriel", "Montant HT (€)", "Date de notification",
       "Signataire", "Observations"]  # fmt: skip
MARKETS = [("Entretien des espaces verts", "SARL Jardins et Paysages du Lez"),
           ("Effacement des graffitis", "SAS Graff'Net Méditerranée"),
           ("Fourniture de repas en liaison froide", "SA Occitanie Restauration Collective"),
           ("Réfection de chaussées", "Eiffage Route Méditerranée"),
           ("Signalisation horizontale", "SAS Signalisation Languedoc"),
           ("Maintenance de l'éclairage public", "SAS Lumière Urbaine 34"),
           ("Nettoyage des locaux", "SARL Nettoyage Pro Hérault"),
           ("Logiciel de gestion de l'état civil", "SAS Informatique des Collectivités"),
           ("Transport des enfants des centres de loisirs", "Transports Puech et Fils"),
           ("Fourniture de pain", "Boulangerie Maison Castan")]  # fmt: skip


def row_c08(g: Gen, i: int) -> Row:
    rep = g.person()
    objet, company = g.ch(MARKETS)
    sole = g.chance(0.2)
    r: Row = {
        "N° marché": Cell().d(
            f"{g.ch([2025, 2026])}-{g.ch(['MAPA', 'AOO', 'AC'])}-{i + 1:04d}", "CODE"
        ),
        "Objet du marché": Cell().d(objet, "TEXTE"),
        "Lot": Cell().d(f"Lot {g.rng.randint(1, 6)}", "TEXTE"),
        "Montant HT (€)": Cell().d(g.amount(4000, 900000), "MONTANT"),
        "Date de notification": g.event_date(Cell(), styles=["jj/mm/aaaa"]),
        "Signataire": Cell().d(g.ch(V.ELUS)[0], "ELU", ["policy"]),
    }
    if sole:
        att = Cell()
        g.name(att, rep, ["Prénom NOM", "NOM Prénom", "Prénom Nom"])
        att.t(g.ch([" (entrepreneur individuel)", " - EI", " EI"]))
        r["Attributaire"] = att
        r["SIRET"] = g.siret()
        r["Représentant légal"] = Cell("")
        r["Adresse de l'attributaire"] = g.address(Cell(), with_city=True)
        r["Téléphone"] = g.phone(Cell())
        r["Courriel"] = g.email(Cell(), rep)
    else:
        r["Attributaire"] = Cell().d(company, "ORG_PERSONNE" if company in V.ORGS_PERSON else "ORG")
        r["SIRET"] = Cell().d(g.siret(), "SIRET")
        rl = Cell()
        g.name(rl, rep, ["civilité + prénom nom", "Prénom NOM", "NOM Prénom", "Prénom Nom"])
        rl.t(g.ch([", gérant" + ("e" if rep.female else ""), ", président" + ("e" if rep.female else ""), ""]))  # fmt: skip
        r["Représentant légal"] = rl
        r["Adresse de l'attributaire"] = g.org_address(Cell())
        r["Téléphone"] = g.org_phone(Cell()) if g.chance(0.75) else g.phone(Cell())
        r["Courriel"] = g.org_email(Cell(), company) if g.chance(0.7) else g.email(Cell(), rep, invalid=0.05)  # fmt: skip
    c = Cell()
    opts = [
        lambda: (
            c.t("Offre déposée par "),
            g.name(c, rep, ["civilité + nom", "initiale + nom"]),
            c.t(" le "),
            g.event_date(c, styles=["jj/mm/aaaa"]),
            c.t("."),
        ),
        lambda: (
            c.t(f"{g.rng.randint(2, 9)} offres reçues ; classement validé en commission le "),
            g.event_date(c, styles=["en lettres"]),
            c.t("."),
        ),
        lambda: (c.t("Sous-traitant déclaré : "), g.org(c, V.COMPANIES), c.t(".")),
        lambda: (
            c.t("Interlocuteur technique : "),
            g.name(c, g.person(), ["Prénom Nom", "NOM Prénom"]),
            c.t(", "),
            g.phone(c),
            c.t("."),
        ),
        lambda: (
            (c.t("Avance de 5 % versée sur IBAN "), g.iban(c))
            if sole
            else c.t("Avance de 5 % versée au titulaire.")
        ),
        lambda: (c.t("Livraisons au "), g.place(c, "EP"), c.t(".")),
    ]
    for k, fn in enumerate(g.rng.sample(opts, g.rng.randint(0, 2))):
        c.t(" " if k else "")
        fn()
    r["Observations"] = c
    return r


# ---------------------------------------------------------------- c09 civil-status requests

C09 = ["N° demande", "Reçue le", "Acte demandé", "Demandeur", "Qualité du demandeur",
       "Personne concernée", "Née / né le", "Lieu de l'acte", "Adresse d'envoi", "Contact", "Message"]  # fmt: skip
ACTS = ["Copie intégrale d'acte de naissance", "Extrait d'acte de naissance avec filiation",
        "Extrait d'acte de naissance sans filiation", "Copie d'acte de mariage", "Extrait d'acte de décès"]  # fmt: skip
QUALITES = {
    True: ["fille", "conjointe", "mère", "petite-fille", "sœur"],
    False: ["fils", "conjoint", "père", "petit-fils", "frère"],
}


def row_c09(g: Gen, i: int) -> Row:
    act = g.ch(ACTS)
    death = "décès" in act
    applicant, concerned = g.person(), g.person()
    b = g.birth(1925, 1960) if death else g.birth(1950, 2010)
    undertaker = death and g.chance(0.6)
    self_request = not death and g.chance(0.4)
    r: Row = {
        "N° demande": Cell().d(f"EC-{g.ch([2025, 2026])}-{i + 1:05d}", "CODE"),
        "Reçue le": g.event_date(Cell(), g.ch([2025, 2026]), ["jj/mm/aaaa"]),
        "Acte demandé": Cell().d(act, "TEXTE"),
        "Personne concernée": g.name(
            Cell(),
            concerned,
            ["NOM Prénom", "NOM Prénom", "Prénom NOM", "NOM, Prénom", "Nom Prénom"],
        ),
        "Née / né le": g.dob(
            Cell(), b, ["jj/mm/aaaa", "jj/mm/aaaa", "en lettres", "j/m/aaaa"], invalid=0.04
        ),
        "Lieu de l'acte": g.commune(Cell()),
    }
    if undertaker:
        r["Demandeur"] = org_cell(g, [*V.UNDERTAKERS, "Pompes funèbres Gilbert Delmas et Fils"])
        r["Qualité du demandeur"] = Cell().d("entreprise de pompes funèbres", "TEXTE")
        r["Adresse d'envoi"] = g.org_address(Cell())
        contact = g.org_phone(Cell())
        contact.t(" / ")
        g.org_email(contact, r["Demandeur"].decoys[0][0])
        r["Contact"] = contact
    else:
        who = concerned if self_request else applicant
        r["Demandeur"] = Cell("idem") if self_request else g.name(Cell(), applicant, ["Prénom Nom", "NOM Prénom", "civilité + prénom nom", "Nom, Prénom", "minuscules", "initiale + nom", "titre + nom"])  # fmt: skip
        r["Qualité du demandeur"] = Cell().d("l'intéressé(e)" if self_request else g.ch(QUALITES[applicant.female]), "TEXTE")  # fmt: skip
        r["Adresse d'envoi"] = g.address(Cell(), with_city=True)
        contact = Cell()
        if g.chance(0.5):
            g.email(contact, who, obfuscate=0.25, invalid=0.08)
        else:
            g.phone(contact, invalid=0.06)
        r["Contact"] = contact
    m = Cell()
    writer = None if undertaker else (concerned if self_request else applicant)
    k = g.rng.randint(0, 5)
    if writer is None:
        m.t("Demande pour les obsèques de ")
        g.name(m, concerned, ["civilité + prénom nom", "civilité + nom"])
        m.t(", décédé" + ("e" if concerned.female else "") + " le ")
        g.event_date(m, styles=["jj/mm/aaaa"])
        m.t(", établissement : ")
        g.org(m, ["Clinique Saint-Jean", "EHPAD Les Glycines", "EHPAD La Martelle"])
        m.t(".\nDossier suivi par le conseiller funéraire.")
    elif k == 0:
        m.t("Madame, Monsieur,\nJe soussigné" + ("e " if writer.female else " "))
        g.name(m, writer, ["civilité + prénom nom", "Prénom NOM"])
        wb = b if writer is concerned else g.birth(1930, 2004)
        m.t(", né" + ("e" if writer.female else "") + " le ")
        g.dob(m, wb, ["en lettres", "jj/mm/aaaa"])
        m.t(", N° de sécurité sociale ")
        g.nir(m, writer, wb[0], wb[1], invalid=0.1)
        m.t(f", sollicite la délivrance d'un(e) {act.lower()}.\nJe vous prie d'agréer mes salutations distinguées.\n")  # fmt: skip
        g.signature(m, writer)
    elif k == 1:
        m.t("Bonjour,\nc'est pour le dossier de retraite de ")
        g.name(m, concerned, ["prénom seul", "civilité + nom", "Prénom Nom"])
        m.t(", merci d'envoyer l'acte par courriel à ")
        g.email(m, writer, obfuscate=0.6)
        m.t(".\nCordialement,\n")
        g.signature(m, writer)
    elif k == 4:
        m.t("Bonjour, je fais des recherches généalogiques sur mon arrière-grand-père ")
        g.name(m, g.person(False), ["Prénom Nom", "NOM Prénom", "Prénom NOM"])
        m.t(", né vers 1890 à ")
        g.commune(m)
        m.t(". Pouvez-vous me répondre à ")
        g.email(m, writer, obfuscate=0.4)
        m.t(" ?\n")
        g.signature(m, writer)
    elif k == 5:
        m.t("De : ")
        g.name(m, writer, ["Prénom Nom", "Prénom NOM"])
        m.t(" <")
        g.email(m, writer)
        m.t(">\nEnvoyé : ")
        g.event_date(m, styles=["en lettres"])
        m.t("\nObjet : TR: demande d'acte\n\nMERCI DE ME RAPPELER AU ")
        g.phone(m)
        m.t(" POUR LE DOSSIER DE ")
        g.name(m, concerned, ["majuscules", "civilité + nom"])
        m.t(".")
    elif k == 2:
        m.t("Demande faite au guichet de la mairie annexe, pièce d'identité vue. Tél. ")
        g.phone(m)
        m.t(".")
    else:
        m.t("Acte nécessaire pour le mariage prévu le ")
        g.event_date(m, 2026, ["en lettres"])
        m.t(" à la mairie de ")
        g.commune(m)
        m.t(" avec ")
        g.name(m, g.person(), ["Prénom Nom", "Prénom NOM", "civilité + prénom nom"])
        m.t(".")
    r["Message"] = m
    return r


# ---------------------------------------------------------------- c10 clean facilities directory

C10 = ["Identifiant", "Équipement", "Type", "Adresse", "Commune", "Arrêt de tram", "Téléphone",
       "Courriel", "Gestionnaire", "SIRET du gestionnaire", "Latitude", "Longitude", "Capacité",
       "Ouverture", "Description"]  # fmt: skip


def row_c10(g: Gen, i: int) -> Row:
    pool, kind = g.ch([(V.POOLS, "Piscine"), (V.LIBRARIES, "Médiathèque"), (V.SCHOOLS, "École"),
                       (V.CRECHES, "Crèche"), (V.HALLS, "Salle / maison pour tous")])  # fmt: skip
    name = g.ch(pool)
    manager = g.ch(["Ville de Montpellier", "Montpellier Méditerranée Métropole", *V.ASSOCIATIONS[:5], *V.ORGS_PERSON[:2]])  # fmt: skip
    desc = Cell()
    k = g.rng.randint(0, 3)
    if k == 0:
        desc.t("Fresque en hommage à ").d(g.ch(V.FAMOUS), "PERSONNALITE").t(" réalisée en ").d(str(g.rng.randint(2015, 2025)), "DATE_EVENEMENT").t(".")  # fmt: skip
    elif k == 1:
        desc.t("Accès piéton : ").d(g.ch(V.PERSON_STREETS), "VOIE_PERSONNE").t(", parking de ").d(str(g.rng.randint(10, 120)), "TEXTE").t(" places.")  # fmt: skip
    elif k == 2:
        desc.t("Inauguré le ").d(f"{g.rng.randint(1, 28)} {g.ch(MONTHS)} {g.rng.randint(2010, 2024)}", "DATE_EVENEMENT").t(", desservi par la ligne ").d(str(g.rng.randint(1, 5)), "TEXTE").t(" du tram.")  # fmt: skip
    else:
        desc.t("Labellisé par la ").d("Fondation Pierre Fabre", "ORG_PERSONNE").t(" ; exposition ").d(g.ch(V.FAMOUS), "PERSONNALITE").t(".")  # fmt: skip
    commune = g.ch(V.COMMUNES)[0]
    return {
        "Identifiant": Cell().d(f"EQ-{i + 1:06d}", "CODE"),
        "Équipement": Cell().d(name[0].upper() + name[1:], "EQUIPEMENT_PERSONNE"),
        "Type": Cell().d(kind, "TEXTE"),
        "Adresse": g.org_address(Cell(), commune),
        "Commune": Cell().d(commune, "COMMUNE"),
        "Arrêt de tram": Cell().d(g.ch(V.TRAM_STOPS), "ARRET_TRAM"),
        "Téléphone": g.org_phone(Cell()),
        "Courriel": g.org_email(Cell(), name),
        "Gestionnaire": Cell().d(manager, "ORG_PERSONNE" if manager in V.ORGS_PERSON else "ORG"),
        "SIRET du gestionnaire": Cell().d(g.siret(), "SIRET"),
        "Latitude": Cell().d(g.gps(True), "GPS"),
        "Longitude": Cell().d(g.gps(False), "GPS"),
        "Capacité": Cell().d(str(g.rng.randint(12, 900)), "TEXTE"),
        "Ouverture": g.event_date(Cell(), g.rng.randint(1975, 2024), ["jj/mm/aaaa", "ISO"]),
        "Description": desc,
    }


# ---------------------------------------------------------------- building and checking


def finalize(cells: Row, codec: str, row: int, columns: list[str]) -> tuple[list[str], list[dict], list[dict]]:  # fmt: skip
    """The row's texts and key records, after checking each cell with the public scorer: every
    planted value and decoy is in it, every token is a whole word of its value, and masking
    exactly the planted values leaves no planted token and every decoy."""
    texts, plants, decoys = [], [], []
    for col in columns:
        cell = cells.get(col, "")
        cell = Cell(cell) if isinstance(cell, str) else cell
        text = fit(cell.text(), codec)
        if codec == "utf-8" and "\r" in text:
            raise Bad("carriage return in a cell")
        texts.append(text)
        masked = text
        recs = []
        for v, kind, variant, must, strict in cell.plants:
            v = fit(v, codec)
            rec = {"row": row, "column": col, "value": v, "kind": kind, "variant": variant,
                   "must": [fit(t, codec) for t in must], "strict": [fit(t, codec) for t in strict]}  # fmt: skip
            if v not in text or not v.strip():
                raise Bad("planted value not in its cell")
            for tok in rec["strict"]:
                if not SC.has_word(SC.fold(v), SC.fold(tok)):
                    raise Bad("token not a word of its value")
            if kind in ("NOM", "PRENOM", "EMAIL") and not rec["must"]:
                raise Bad("name without a must token")
            masked = masked.replace(v, "[X]")
            recs.append(rec)
        for rec in recs:
            if SC.strict_present(rec, masked):
                raise Bad("a planted token survives outside its span")
        plants.extend(recs)
        for v, kind, modes in cell.decoys:
            rec = {"row": row, "column": col, "value": fit(v, codec), "kind": kind}
            if modes:
                rec["modes"] = modes
            if not SC.decoy_present(rec, text) or not SC.decoy_present(rec, masked):
                raise Bad("decoy overlaps a planted item")
            decoys.append(rec)
    return texts, plants, decoys


class Case:
    def __init__(self, cid: str, title: str, fmt: str, enc: str | None, delim: str | None,
                 eol: str | None, columns: list[str], rowfn: Callable[[Gen, int], Row],
                 policy: str | None = None, tests: str = "") -> None:  # fmt: skip
        self.cid, self.title, self.fmt, self.enc, self.delim, self.eol = cid, title, fmt, enc, delim, eol  # fmt: skip
        self.columns, self.rowfn, self.policy, self.tests = columns, rowfn, policy, tests
        self.rows: list[list[str]] = []
        self.plants: list[dict] = []
        self.decoys: list[dict] = []

    @property
    def codec(self) -> str:
        return CODECS[self.enc] if self.enc else "utf-8"

    @property
    def ext(self) -> str:
        return "parquet" if self.fmt == "parquet" else "csv"

    def build(self, seed: int, nrows: int) -> None:
        g = Gen(random.Random(seed))
        for i in range(nrows):
            for attempt in range(400):
                try:
                    texts, plants, decoys = finalize(self.rowfn(g, i), self.codec, i, self.columns)
                    break
                except Bad:
                    if attempt == 399:
                        raise
            self.rows.append(texts)
            self.plants.extend(plants)
            self.decoys.extend(decoys)

    def write(self, path: Path) -> None:
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.table({c: [r[j] for r in self.rows] for j, c in enumerate(self.columns)})
            pq.write_table(table, path, compression="snappy")
            back = pq.read_table(path).to_pydict()
            assert [
                list(x) for x in zip(*(back[c] for c in self.columns), strict=True)
            ] == self.rows
            return
        assert self.delim and self.eol and self.enc
        buf = io.StringIO(newline="")
        csv.writer(buf, delimiter=self.delim, lineterminator=self.eol).writerows([self.columns, *self.rows])  # fmt: skip
        data = buf.getvalue().encode(self.codec)
        path.write_bytes((b"\xef\xbb\xbf" if self.enc == "UTF-8 with BOM" else b"") + data)
        text = path.read_bytes().decode(self.codec).removeprefix("\ufeff")
        back = list(csv.reader(io.StringIO(text, newline=""), delimiter=self.delim))
        assert back == [self.columns, *self.rows], self.cid


CODECS = {"UTF-8": "utf-8", "UTF-8 with BOM": "utf-8", "Windows-1252": "cp1252", "ISO-8859-1": "latin-1"}  # fmt: skip

POLICIES = {
    "p01_benevoles.yaml": """\
# Bénévoles des piscines et médiathèques : identité pseudonymisée ou retirée, année de naissance seule.
version: 1
description: Extraction des plannings de bénévoles pour publication, identité retirée.
columns:
  "Nom": pseudonymize
  "Prénom": redact
  "Date de naissance": "generalize:year"
  "Remarques": mask_text
  "Équipement": keep
default: auto
""",
    "p04_creches.yaml": """\
# Liste d'attente des crèches : parents retirés, mois de naissance seulement.
version: 1
columns:
  "Parent 1": redact
  "Parent 2": redact
  "Naissance (prévue)": "generalize:month"
  "Commentaire": mask_text
  "Crèche souhaitée": keep
default: auto
""",
    "p05_taxis.yaml": """\
# Registre des autorisations taxi et VTC : titulaires personnes physiques masqués, sociétés conservées.
version: 1
columns:
  "Titulaire": redact_natural_persons
  "Représentant légal": redact
  "Observations": mask_text
default: auto
""",
    "p07_agenda.yaml": """\
# Agenda des élus : l'élu agit dans ses fonctions (public), les visiteurs privés sont masqués.
version: 1
public_columns: ["Élu"]
columns: {"Objet du rendez-vous": mask_text, "Participants": mask_text}
default: auto
""",
    "p08_marches.yaml": """\
# Avis d'attribution : le signataire est un élu (public), le représentant légal est masqué.
version: 1
public_columns: ["Signataire"]
columns:
  "Attributaire": redact_natural_persons
  "Représentant légal": redact
  "SIRET": keep
default: auto
""",
}


def cases() -> list[Case]:
    return [
        Case("s8c01_benevoles_piscines_mediatheques", "Bénévoles des piscines et médiathèques",
             "csv", "Windows-1252", ";", "\r\n", C01, row_c01, "p01_benevoles.yaml",
             "Nom / Prénom / date de naissance columns (pseudonymize, redact, generalize:year); "
             "invalid phones and e-mails; remarks with emergency contacts, IBAN, NIR, plates; "
             "facilities named after people"),
        Case("s8c02_mediation_voisinage", "Dossiers de médiation de voisinage", "csv", "UTF-8", ",",
             "\n", C02, row_c02, None,
             "multi-line phone notes, SMS-style messages, forwarded e-mails, formal letters with "
             "signatures, ALL CAPS; both parties named in every rendering; syndics kept"),
        Case("s8c03_cantine_regimes", "Restauration scolaire : régimes particuliers et PAI", "csv",
             "UTF-8", "\t", "\n", C03, row_c03, None,
             "children and their legal guardians, CAF numbers, several phones in one cell, "
             "schools named after people; the diet column is not scored"),
        Case("s8c04_creches_liste_attente", "Liste d'attente des crèches (deux parents)", "csv",
             "ISO-8859-1", "|", "\r\n", C04, row_c04, "p04_creches.yaml",
             "both parents in two columns, expected birth dates, two phones / e-mails in a cell, "
             "child's first name alone, NIR of the child; characters outside ISO-8859-1 transliterated"),
        Case("s8c05_autorisations_taxi_vtc", "Registre des autorisations taxi et VTC (Parquet)",
             "parquet", None, None, None, C05, row_c05, "p05_taxis.yaml",
             "sole traders (personal) and companies (kept) in one column; legal representatives; "
             "plates; company landlines and mailboxes kept, sole traders' contacts masked"),
        Case("s8c06_signalements_appli", "Signalements de l'application de voirie", "csv",
             "UTF-8 with BOM", ";", "\r\n", C06, row_c06, None,
             "SMS-style and ALL CAPS messages, photo captions with home addresses and plates, "
             "obfuscated e-mails, GPS, tram stops and streets named after people"),
        Case("s8c07_agenda_elus", "Agenda des élus", "csv", "UTF-8", "|", "\r\n", C07, row_c07,
             "p07_agenda.yaml",
             "elected officials public only with the policy; private visitors and companions "
             "named in the subject and participants; associations and famous people kept"),
        Case("s8c08_attributions_marches", "Avis d'attribution des marchés publics", "csv",
             "Windows-1252", "\t", "\r\n", C08, row_c08, "p08_marches.yaml",
             "companies, SIRET and their addresses kept; legal representatives and sole traders "
             "masked; signatory elected official public with the policy; amounts"),
        Case("s8c09_demandes_etat_civil", "Demandes d'actes d'état civil", "csv", "Windows-1252",
             ",", "\r\n", C09, row_c09, None,
             "applicant vs person concerned, birth dates in several forms, NIR in letters, "
             "undertakers (kept) as applicants, multi-line letters with signatures"),
        Case("s8c10_annuaire_equipements_clean", "Annuaire des équipements publics (sans donnée personnelle)",
             "csv", "UTF-8 with BOM", ",", "\n", C10, row_c10, None,
             "clean file: facilities, streets, organisations and famous people named after "
             "people, SIRET, GPS with trailing zeros, codes: every cell must survive"),
    ]  # fmt: skip


def dump_key(key: dict) -> str:
    """JSON with one record per line."""
    head = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in key.items()
            if k not in ("planted", "decoys")]  # fmt: skip
    lines = ["{", *head]
    for name in ("planted", "decoys"):
        recs = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in key[name]]
        lines += [f'"{name}": [', ",\n".join(recs), "]," if name == "planted" else "]"]
    return "\n".join([*lines, "}"]) + "\n"


def generate(out: Path, seed: int, nrows: int) -> dict:
    for sub in ("data", "keys", "policies"):
        (out / sub).mkdir(parents=True, exist_ok=True)
        for f in (out / sub).iterdir():
            f.unlink()
    for name, text in POLICIES.items():
        (out / "policies" / name).write_text(text, encoding="utf-8")
    shutil.copyfile(SCORE_PY, out / "score.py")
    manifest: dict = {"generator": "bench/anonymize_sealed8.py", "seed": seed, "cases": []}
    totals: dict[str, Counter[str]] = {"planted": Counter(), "decoys": Counter()}
    for n, case in enumerate(cases()):
        case.build(seed * 100 + n, nrows)
        path = out / "data" / f"{case.cid}.{case.ext}"
        case.write(path)
        for k, rec in enumerate(case.plants):
            rec["id"] = f"{case.cid}:P{k:05d}"
        for k, rec in enumerate(case.decoys):
            rec["id"] = f"{case.cid}:D{k:05d}"
        key = {"case": case.cid, "file": f"data/{path.name}", "rows": nrows, "columns": case.columns,
               "clean": not case.plants, "planted": case.plants, "decoys": case.decoys}  # fmt: skip
        (out / "keys" / f"{case.cid}.json").write_text(dump_key(key), encoding="utf-8")
        pk = Counter(r["kind"] for r in case.plants)
        dk = Counter(r["kind"] for r in case.decoys)
        totals["planted"] += pk
        totals["decoys"] += dk
        manifest["cases"].append({
            "id": case.cid, "title": case.title, "file": f"data/{path.name}", "format": case.fmt,
            "encoding": case.enc, "delimiter": {"\t": "TAB"}.get(case.delim or "", case.delim),
            "line_ending": {"\r\n": "CRLF", "\n": "LF"}.get(case.eol or ""),
            "rows": nrows, "columns": case.columns,
            "policy": f"policies/{case.policy}" if case.policy else None,
            "clean": not case.plants, "quasi_identifiers": None, "output_ext": case.ext,
            "key": f"keys/{case.cid}.json", "planted": len(case.plants), "decoys": len(case.decoys),
            "planted_by_kind": dict(sorted(pk.items())), "decoys_by_kind": dict(sorted(dk.items())),
            "tests": case.tests, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        })  # fmt: skip
        print(f"{case.cid:40s} rows={nrows:4d} planted={len(case.plants):5d} decoys={len(case.decoys):5d}")  # fmt: skip
    manifest["totals"] = {
        "planted": sum(totals["planted"].values()), "decoys": sum(totals["decoys"].values()),
        "planted_by_kind": dict(sorted(totals["planted"].items())),
        "decoys_by_kind": dict(sorted(totals["decoys"].items())),
    }  # fmt: skip
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")  # fmt: skip
    t = manifest["totals"]
    print(f"total planted={t['planted']} decoys={t['decoys']}")
    print("planted by kind: " + ", ".join(f"{k} {v}" for k, v in t["planted_by_kind"].items()))
    print("decoys by kind: " + ", ".join(f"{k} {v}" for k, v in t["decoys_by_kind"].items()))
    return manifest


def score(out: Path, cli: str, extra: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(out / "score.py"), "--cli", cli, *extra],
                          capture_output=True, text=True, check=True)  # fmt: skip


def reference(out: Path) -> None:
    """score.py's final line for the three trivial anonymizers (copy, everything, oracle)."""
    with tempfile.TemporaryDirectory(prefix="sealed8-ref-") as tmp:
        for mode in ("copy", "everything", "oracle"):
            cli = Path(tmp) / f"{mode}_anonymizer.py"
            cli.write_text(TRIVIAL_CLI.format(mode=mode), encoding="utf-8")
            res = score(out, str(cli), ["--jobs", "2", "--out", str(Path(tmp) / mode)])
            last = [ln for ln in res.stdout.splitlines() if ln.strip()][-1]
            print(f"reference {mode:10s} {last.replace('anonymize:', 'policy:', 1)}", flush=True)


def main() -> None:
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    ap.add_argument("--out", required=True, type=Path, help="folder of the corpus (created)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--rows", type=int, default=300, help="rows per case")
    ap.add_argument("--reference", action=argparse.BooleanOptionalAction, default=False,
                    help="score the copy / everything / oracle anonymizers with score.py")  # fmt: skip
    ap.add_argument(
        "--score", action="store_true", help="score --cli on the corpus (options after --)"
    )
    ap.add_argument("--cli", default="", help="the anonymizer to score with --score")
    a = ap.parse_args(argv)
    generate(a.out, a.seed, a.rows)
    if a.reference:
        reference(a.out)
    if a.score:
        if not a.cli:
            ap.error("--score needs --cli")
        print(score(a.out, a.cli, extra).stdout, end="")


if __name__ == "__main__":
    main()
