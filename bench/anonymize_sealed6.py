"""Sealed evaluation set #6: French municipal tables with an exact answer key, written blind.

    python bench/anonymize_sealed6.py --out DIR [--seed N] [--rows N] [--reference]
    python bench/anonymize_sealed6.py --out DIR --score --cli PATH [-- SCORE.PY OPTIONS]

Writes, in the layout and contract of the public corpus `../shared/eval/pii` (README there):
`data/`, `keys/`, `policies/`, `manifest.json` (with counts per kind) and a copy of its
`score.py`, so `python DIR/score.py --cli …` scores an anonymizer. Ten tables of kinds no earlier
set used (cemetery concessions, holiday camps, job applications, petitions, residents' parking
permits, building permits, music-school enrolments, council minutes, ombudsman complaints, one
clean file of tree plantings). The vocabulary below is hand-typed for this set; it was written
without reading the anonymizer. Every key record is checked against the bytes written with the
public scorer's own predicates: present in the input, gone once the key's planted values are
masked (so a token found in an output is really a leak), and no decoy overlaps a planted item.
`--reference` scores three trivial anonymizers (copy, replace every cell, mask exactly the key).
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
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from opendata_pipeline_tests.shared_dir import SHARED  # noqa: E402

PUBLIC = SHARED / "eval" / "pii"

# fmt: off
# ---------------------------------------------------------------- vocabulary (hand-typed)
# First names: common, then rare (about 30 %); compound and hyphenated ones included.
FEMALE = """Aurélie Mathilde Céline Élodie Laetitia Coralie Amandine Sandrine Perrine Solène Capucine
Karima Samira Nadia Zineb Houria Amina Leïla Kenza Ilham Souad Djamila Yasmina Nour
Aminata Fatoumata Awa Kadiatou Coumba Mariama Binta Fernanda Filipa Manuela Inês
Pilar Lucía Rocío Giulia Carmela Graziella Linh Huong Phuong Anahit Taline Nolwenn Enora
Gwenaëlle Maïwenn Marie-Laure Anne-Sophie Marie-Noëlle Lou-Anne Fatima-Zahra Clémence Hortense
Bérénice Manon Camille Pauline Julie Émilie Sophie Nathalie Valérie Christelle Stéphanie""".split()  # noqa: SIM905
FEMALE_RARE = """Eulalie Sixtine Zélie Apolline Adélaïde Philomène Léontine Honorine Azilis Soazig
Miquèla Mirèio Aurèlia Conceição Remedios Ximena Annunziata Ndèye Lousiné Nairi Araxie
Thi-Lan Ngoc-Anh Kadidiatou Rokhaya Ouarda Tassadit Melusine Domitille Bertille Clothaire""".split()  # noqa: SIM905
MALE = """Guillaume Baptiste Romain Thibault Quentin Florian Jérôme Gaëtan Benoît Maxence Timothée
Yacine Rachid Hakim Mehdi Walid Sofiane Bilal Younes Anouar Nassim Farid Redouane
Moussa Ousmane Mamadou Seydou Ibrahima Adama Boubacar Abdoulaye Souleymane João Rui
Joaquim Gonçalo Tiago Alejandro Iñaki Jesús Giuseppe Salvatore Raffaele Matteo Vincenzo
Minh Duc Thanh Quang Tuan Sevan Vartan Loïc Ronan Maël Jean-Baptiste Pierre-Yves
Mohamed-Amine Jean-Marc Paul-Henri Nicolas Julien Sébastien Olivier Laurent Frédéric Thomas""".split()  # noqa: SIM905
MALE_RARE = """Aldric Aymeric Evariste Ulysse Cyprien Firmin Séraphin Anatole Ambroise Tugdual Yannig
Guilhèm Estève Pèire Cristòl Abdelkader Cheikh Garabed Haïg Arsène Vahram Lamine Mamadi
Hippolyte Gonzague Eudes Onésime Baudouin Athanase Théophraste Clovis Wenceslas Brieuc""".split()  # noqa: SIM905
SURNAMES = """Lefèvre Chevalier Marchand Perrin Boyer Garnier Guérin Roussel Brunet Lacroix
Masson Aubry Barbier Carpentier Dumont Lemaire Poirier Renaud Tessier Vasseur Poulain Cordier
Gauthier Hubert Benyahia Bouzid Cherkaoui Haddad Khelifi Lahlou Mansouri Ouali Zerrouki
Belkacem Taleb Bouazza Amrani Medjahed Rahmouni Saïdi Ferhat Diallo Koné Traoré Camara Sissoko
Diop Konaté Touré Keïta Sané Coulibaly Bamba Gonçalves Rodrigues Fernandes Carvalho Sousa
Teixeira Moreira Azevedo Navarro Ibáñez Morales Castillo Gutiérrez Domínguez Serrano Ortega
Esposito Russo Bianchi Lombardi Marchetti Ferraro Colombo Santoro Greco Nguyen Tran Pham Hoang
Truong Dang Huynh Hagopian Manoukian Karapetian Tchakerian Kevorkian Boghossian Papazian
Mardirossian Kerhervé Tanguy Morvan Kervella Abgrall Quéméner Castanier Bouscarle Vidalenc
Teissier Causse Fesquet Cabanis Pagès Maurel Jullian Bousquet Rouquette Sabatier Arnal Crouzet""".split()  # noqa: SIM905
SURNAMES_MULTI = ["Aït Ouarab", "Ben Salah", "El Idrissi", "Pereira da Costa", "dos Santos",
                  "Di Stefano", "Le Goff", "Le Bihan", "Le Floc'h", "Le Meur", "Der Sarkissian",
                  "Martin-Lavigne", "Caron-Benali", "Fabrègue-Nguyen", "de La Roncière",
                  "d'Albignac", "d'Hauteville", "Van der Meulen", "de Almeida", "N'Guessan",
                  "M'Barki", "D'Angelo", "Dell'Acqua", "Le Van Thanh", "Guivarc'h"]
SURNAMES_RARE = """Quilichini Bourgade Escudié Pécoul Ribes Vergnolle Soulairol Mazauric Cazalis
Brunel-Ouattara Ighilahriz Bensaïd-Mourier Oyono Ekwalla Mbarga Ndongo Kamara-Sy Wojcik
Szymańska Kowalczyk Öztürk Yıldız Şahin Ferreira-Lima Gabaston Ithurralde Etcheverry
Lagoutte Chaptal-Roux Soubeyran Trinquier Puech-Arnaud Aspe Galabert Gourgas Maraval""".split()  # noqa: SIM905
PARTICLES = {"de", "du", "des", "la", "le", "el", "ben", "ait", "aït", "dos", "da", "di", "van",
             "der", "von", "dell"}

COMMUNES = [("Baillargues", "34670"), ("Beaulieu", "34160"), ("Castelnau-le-Lez", "34170"),
            ("Castries", "34160"), ("Clapiers", "34830"), ("Cournonsec", "34660"),
            ("Cournonterral", "34660"), ("Fabrègues", "34690"), ("Grabels", "34790"),
            ("Jacou", "34830"), ("Juvignac", "34990"), ("Lattes", "34970"), ("Lavérune", "34880"),
            ("Le Crès", "34920"), ("Montaud", "34160"), ("Montferrier-sur-Lez", "34980"),
            ("Montpellier", "34000"), ("Montpellier", "34070"), ("Montpellier", "34080"),
            ("Montpellier", "34090"), ("Murviel-lès-Montpellier", "34570"), ("Pérols", "34470"),
            ("Pignan", "34570"), ("Prades-le-Lez", "34730"), ("Restinclières", "34160"),
            ("Saint-Brès", "34670"), ("Saint-Drézéry", "34160"),
            ("Saint-Geniès-des-Mourgues", "34160"), ("Saint-Georges-d'Orques", "34680"),
            ("Saint-Jean-de-Védas", "34430"), ("Saussan", "34570"), ("Sussargues", "34160"),
            ("Vendargues", "34740"), ("Villeneuve-lès-Maguelone", "34750")]
INSEE = {"Baillargues": "34022", "Castelnau-le-Lez": "34057", "Clapiers": "34077",
         "Grabels": "34116", "Jacou": "34120", "Juvignac": "34123", "Lattes": "34129",
         "Le Crès": "34090", "Montpellier": "34172", "Pérols": "34198", "Pignan": "34202",
         "Prades-le-Lez": "34217", "Saint-Jean-de-Védas": "34270", "Vendargues": "34327",
         "Villeneuve-lès-Maguelone": "34337", "Fabrègues": "34095"}
ELSEWHERE = [("Paris", "75011"), ("Lyon", "69003"), ("Nîmes", "30000"), ("Béziers", "34500"),
             ("Toulouse", "31000"), ("Perpignan", "66000"), ("Alès", "30100")]
STREETS = ["rue des Micocouliers", "impasse des Arbousiers", "chemin du Pioch Courbi",
           "rue de la Draille", "allée des Cistes", "chemin du Mas de Brousse", "rue de la Mourre",
           "impasse des Lavandins", "rue de l'Aramon", "allée des Capitelles",
           "rue du Puech Villa", "chemin de la Roubine", "rue des Asphodèles", "rue de la Clède",
           "impasse des Grenadiers", "chemin du Four à Chaux", "rue de la Sorbière",
           "allée des Fenouils", "rue des Saladelles", "chemin du Gour Noir",
           "avenue des Pins parasols", "rue de la Cigalière", "impasse de l'Estanove",
           "rue des Verriers", "traverse de la Treille", "rue des Mûriers",
           "chemin du Moulin à huile", "rue du Pont de Lavérune", "allée des Tamaris",
           "rue de la Canourgue basse", "impasse du Jeu de Ballon", "rue des Cadereaux"]
COMPLEMENTS = ["", "", "", " bis", " ter", ", bât. C", ", résidence Les Acacias, apt 24",
               ", appt 3", ", escalier B, 2e étage", ", lotissement Le Clos des Vignes"]
VOIES_PERSONNE = ["boulevard Louis Blanc", "avenue Georges Clemenceau", "rue Ferdinand Fabre",
                  "avenue Pierre Mendès France", "boulevard Renouvier", "rue Marcellin Albert",
                  "avenue du Professeur Grasset", "rue Proudhon", "boulevard Berthelot",
                  "avenue François Delmas", "rue Lakanal", "rue Aristide Ollivier",
                  "allée Jules Milhau", "avenue Raymond Dugrand", "rue Jean Vachet",
                  "place Gisèle Halimi", "rue Alfred Bruyas", "boulevard Vieussens",
                  "rue Frédéric Peyson", "avenue Lily Laskine", "rue Olympe de Gouges",
                  "place Rosa Parks", "avenue Nina Simone", "rue Germaine Tillion"]
TRAM = ["Corum", "Comédie", "Gare Saint-Roch", "Rives du Lez", "Moularès", "Léon Blum",
        "Antigone", "Louis Blanc", "Stade Philippidès", "Saint-Éloi", "Hôpital Lapeyronie",
        "Occitanie", "Mosson", "Odysseum", "Port Marianne", "Rondelet", "Albert 1er",
        "Place Carnot", "Voltaire", "Du Guesclin", "Boutonnet", "Jules Guesde", "Garcia Lorca",
        "Sabines", "Georges Pompidou", "Aiguelongue", "Euromédecine", "Malbosc", "Château d'Ô",
        "Saint-Lazare", "Charles de Gaulle", "Pablo Picasso", "Halles de la Paillade"]
EQUIP_PERSONNE = ["Médiathèque Émile Zola", "Médiathèque William Shakespeare",
                  "Médiathèque Federico Fellini", "Maison pour tous Léo Lagrange",
                  "Maison pour tous Albert Dubout", "Maison pour tous George Sand",
                  "Maison pour tous Marie Curie", "Piscine Suzanne Berlioux", "Piscine Jean Vives",
                  "Stade Yves du Manoir", "Théâtre Jean Vilar", "Lycée Joffre",
                  "Collège Clémence Royer", "Groupe scolaire Marcel Pagnol", "École Jules Verne",
                  "Salle Pétrarque", "Musée Fabre", "Gymnase Jacques Anquetil",
                  "Opéra Berlioz", "Crèche Françoise Dolto", "Halle Frédéric Mistral",
                  "École Simone Signoret", "ALSH Marie Marvingt", "Parc Clemenceau"]
EQUIP = ["Maison pour tous Voltaire", "Parc de la Lironde", "Domaine d'O",
         "Pavillon populaire", "Zénith Sud", "Parc Montcalm", "Bassin Jacques Cœur",
         "Jardin des plantes", "Lac du Crès", "Bois de Montmaur", "Parc du Lez",
         "Esplanade de l'Europe", "Halle de l'Union", "Mas de Saporta"]
FAMOUS = ["Frédéric Bazille", "Georges Brassens", "Molière", "Jean Moulin", "Simone Veil",
          "Victor Hugo", "Gustave Courbet", "Albert Camus", "Joséphine Baker", "Édith Piaf",
          "Marie Curie", "Jean Jaurès", "Auguste Comte", "Boby Lapointe", "Juliette Gréco",
          "Claude Debussy", "Maurice Ravel", "Érik Satie", "Django Reinhardt", "Frédéric Chopin",
          "Wolfgang Amadeus Mozart", "Gisèle Halimi", "Charles de Gaulle", "Pierre Soulages"]
FAMOUS_FRAMES = ["hommage à {}", "lecture de textes de {}", "exposition consacrée à {}",
                 "reprise d'une chanson de {}", "à la manière de {}", "conférence sur {}"]
# Organisations: (name, kind); names after people are ORG_PERSONNE.
ORGS = [("Association Les Jardins partagés du Lez", "ORG"), ("Comité de quartier Figuerolles", "ORG"),
        ("Cabinet Gestimmo Sud (syndic)", "ORG"), ("SCI Les Oliviers du Mas", "ORG"),
        ("SCI Castel Lez", "ORG"), ("SARL Bâti-Hérault", "ORG"), ("GAEC du Mas de Novi", "ORG"),
        ("EHPAD Les Cigalines", "ORG"), ("Paroisse Saint-Roch", "ORG"),
        ("Crèche parentale Les Petits Galets", "ORG"), ("Amicale laïque de Clapiers", "ORG"),
        ("Club de pétanque de Lattes", "ORG"), ("Pompes funèbres du Languedoc", "ORG"),
        ("Secours populaire, antenne de Pérols", "ORG"), ("Harmonie municipale de Pignan", "ORG"),
        ("SSIAD du Pays de Lunel", "ORG"), ("ACM Habitat", "ORG"), ("Régie des eaux", "ORG"),
        ("Syndic Lez Immobilier", "ORG"), ("IME Les Hirondelles", "ORG"),
        ("Banque alimentaire de l'Hérault", "ORG"), ("Collectif Vélo Jacou", "ORG"),
        ("Marbrerie Cabanel & Fils", "ORG_PERSONNE"), ("Garage Martinez Autos", "ORG_PERSONNE"),
        ("Fondation Abbé Pierre", "ORG_PERSONNE"), ("Institut Saint-Pierre", "ORG_PERSONNE"),
        ("Association Léo Lagrange Méditerranée", "ORG_PERSONNE"),
        ("Atelier Boissonnade Architectes", "ORG_PERSONNE"), ("Plomberie Sarrazin", "ORG_PERSONNE"),
        ("Boulangerie Maison Cathala", "ORG_PERSONNE"), ("Clinique Saint-Jean", "ORG_PERSONNE"),
        ("Ets Roques Frères", "ORG_PERSONNE"), ("Taxis Arlandes", "ORG_PERSONNE"),
        ("Cabinet Fourcade & Associés", "ORG_PERSONNE")]
ORG_STREETS = ["ZA du Salaison, 125 rue de la Jasse", "Maison des associations, 18 rue Pitot",
               "Parc d'activités Eurêka, 9 rue de la Mare", "ZAC Garosud, 210 rue du Mas de Carbonnier",
               "Espace Martin Luther King, 27 boulevard Louis Blanc", "Hôtel d'entreprises, 3 place Vauban"]
HOUSES = ["des Amandiers", "de la Font Vieille", "Les Cyprès", "du Pioch Redon", "Sainte-Cécile",
          "de Figaret", "Le Clos fleuri", "de la Baume", "Les Lauriers", "de Caunelle"]
MAIL_DOMAINS = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "yahoo.fr",
                "sfr.fr", "outlook.fr", "proton.me", "icloud.com", "wanadoo.fr", "neuf.fr"]
# Invented elected officials (public only in a policy's public_columns).
ELUS = ["Solange Marquier-Bonnet", "Hervé Castagnol", "Nadège Rampal", "Yannick Sérane",
        "Farida Benlhadj", "Christophe Aubanel", "Mireille Fontanieu", "Kader Boutaleb",
        "Isabelle Coste-Rieu", "Jean-Luc Vernazobres", "Odile Malzac", "Patrice Icard"]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]
# fmt: on

CODECS = {
    "UTF-8": "utf-8",
    "UTF-8 with BOM": "utf-8",
    "Windows-1252": "cp1252",
    "ISO-8859-1": "latin-1",
}
SPECIAL = {"œ": "oe", "Œ": "OE", "’": "'", "€": "EUR", "–": "-", "…": "...", "\u202f": "\u00a0"}


def fit(s: str, codec: str | None) -> str:
    """`s` with characters the file's encoding cannot hold transliterated (char by char, so
    substrings stay substrings)."""
    if codec in (None, "utf-8"):
        return s
    out = []
    for ch in s:
        for cand in (ch, SPECIAL.get(ch, ""), unicodedata.normalize("NFKD", ch)[:1]):
            if cand and cand.encode(codec, "ignore").decode(codec) == cand:
                out.append(cand)
                break
        else:
            out.append({"ı": "i", "ł": "l", "Ł": "L", "đ": "d"}.get(ch, "?"))
    return "".join(out)


def surname_tokens(last: str) -> list[str]:
    toks = [re.sub(r"^[dDlLmMnN]'", "", t) for t in re.split(r"[\s\-]+", last)]
    toks = [t for t in toks if len(t) >= 3 and t.casefold() not in PARTICLES]
    return toks or [last]


def first_tokens(first: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", first) if len(t) >= 3]


@dataclass
class Person:
    first: str
    last: str
    female: bool
    rare: bool


@dataclass
class Cell:
    """A cell's text, its planted items and its decoys, in writing order."""

    parts: list[str] = field(default_factory=list)
    plants: list[dict[str, Any]] = field(default_factory=list)
    decoys: list[dict[str, Any]] = field(default_factory=list)

    def t(self, s: str) -> Cell:
        self.parts.append(s)
        return self

    def p(
        self,
        s: str,
        kind: str,
        variant: str,
        must: list[str] | None = None,
        strict: list[str] | None = None,
    ) -> Cell:
        self.parts.append(s)
        must = list(must or [])
        self.plants.append(
            {
                "value": s,
                "kind": kind,
                "variant": variant,
                "must": must,
                "strict": must + [t for t in strict or [] if t not in must],
            }
        )
        return self

    def d(self, s: str, kind: str, policy_only: bool = False) -> Cell:
        self.parts.append(s)
        self.decoys.append(
            {"value": s, "kind": kind, **({"modes": ["policy"]} if policy_only else {})}
        )
        return self


class Retry(Exception):
    """The row drawn cannot be keyed exactly (a token shared by two items): draw it again."""


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pii_score", PUBLIC / "score.py")
    if spec is None or spec.loader is None:
        sys.exit(f"public scorer missing: {PUBLIC / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_cell(S: ModuleType, text: str, plants: list[dict], decoys: list[dict]) -> None:
    """Raise Retry unless, by the scorer's own tests, every planted item is present in `text`
    and gone once all the cell's planted values are masked (as the oracle does, in key order),
    and every decoy survives that masking. Drops first-name tokens found elsewhere in the cell."""
    masked = text
    for item in plants:
        masked = masked.replace(item["value"], "[X]")
    for item in plants:
        if not S.planted_present(item, text) or S.planted_present(item, masked):
            raise Retry
        item["strict"] = [
            t
            for t in item["strict"]
            if t in item["must"] or not S.has_word(S.fold(masked), S.fold(t))
        ]
    for item in decoys:
        if not S.decoy_present(item, masked) or S.decoy_present(item, "***"):
            raise Retry


class Gen:
    """Random draws for one case; every method writing into a cell keys what it writes."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def ch(self, seq: list[Any] | tuple[Any, ...]) -> Any:
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # -- people
    def person(self) -> Person:
        female = self.chance(0.5)
        rare_first = self.chance(0.3)
        first = self.ch(
            (FEMALE_RARE if rare_first else FEMALE)
            if female
            else (MALE_RARE if rare_first else MALE)
        )
        roll = self.r.random()
        last = self.ch(
            SURNAMES_RARE if roll < 0.25 else SURNAMES_MULTI if roll < 0.45 else SURNAMES
        )
        return Person(first, last, female, rare_first or roll < 0.25)

    def civ(self, p: Person) -> str:
        return self.ch(["Mme", "Madame", "Mme"] if p.female else ["M.", "Monsieur", "Mr", "M."])

    def initials(self, first: str) -> str:
        return "-".join(part[0] + "." for part in first.split("-"))

    def name(self, cell: Cell, p: Person | None = None, style: str | None = None) -> Person:
        """`p` written in one of the renderings people use, keyed as NOM."""
        p = p or self.person()
        style = style or self.ch(
            [
                "Prénom Nom",
                "Prénom NOM",
                "NOM Prénom",
                "NOM, Prénom",
                "Nom Prénom",
                "minuscules",
                "majuscules",
                "initiales",
                "civilité",
                "civilité",
                "civilité + nom",
                "couple",
                "famille",
            ]
        )
        must, strict = surname_tokens(p.last), first_tokens(p.first)
        value = {
            "Prénom Nom": f"{p.first} {p.last}",
            "NOM Prénom": f"{p.last.upper()} {p.first}",
            "NOM, Prénom": f"{p.last.upper()}, {p.first}",
            "Nom Prénom": f"{p.last} {p.first}",
            "minuscules": f"{p.first} {p.last}".lower(),
            "majuscules": f"{p.first} {p.last}".upper(),
            "initiales": f"{self.initials(p.first)} {p.last}",
            "civilité": f"{p.first} {p.last}",
            "Prénom NOM": f"{p.first} {p.last.upper()}",
        }.get(style, p.last)
        if style in ("NOM Prénom", "NOM, Prénom", "Prénom NOM", "majuscules"):
            must = [t.upper() for t in must]
            strict = [t.upper() for t in strict] if style == "majuscules" else strict
        elif style == "minuscules":
            must, strict = [t.lower() for t in must], [t.lower() for t in strict]
        if style in ("initiales", "civilité + nom", "couple", "famille"):
            strict = []
        prefix = {
            "civilité": self.civ(p) + " ",
            "civilité + nom": self.civ(p) + " ",
            "couple": self.ch(["M. et Mme ", "Mme et M. ", "les époux "]),
            "famille": self.ch(["famille ", "la famille ", "Famille "]),
        }.get(style, "")
        cell.t(prefix).p(value, "NOM", style, must, strict)
        return p

    def maiden(self, cell: Cell, p: Person | None = None) -> Person:
        """A married woman's usual name with her birth name (« Karima Lefèvre née Benyahia »)."""
        p = p or self.person()
        if not p.female:
            p.first, p.female = self.ch(FEMALE), True
        married = self.ch(SURNAMES)
        word = self.ch([" née ", " ép. ", ", née "])
        value = (
            f"{p.first} {married}{word}{p.last}"
            if word != " ép. "
            else f"{p.first} {p.last} ép. {married}"
        )
        cell.t(self.ch(["Mme ", "Madame ", ""])).p(
            value,
            "NOM",
            "nom d'usage / née",
            surname_tokens(married) + surname_tokens(p.last),
            first_tokens(p.first),
        )
        return p

    def signature(self, cell: Cell, p: Person) -> None:
        style = self.ch(["Prénom Nom", "Prénom NOM", "initiales", "NOM Prénom"])
        must = surname_tokens(p.last)
        if style == "Prénom NOM":
            cell.p(
                f"{p.first} {p.last.upper()}",
                "NOM",
                "signature",
                [t.upper() for t in must],
                first_tokens(p.first),
            )
        elif style == "initiales":
            cell.p(f"{self.initials(p.first)} {p.last}", "NOM", "signature", must)
        elif style == "NOM Prénom":
            cell.p(
                f"{p.last.upper()} {p.first}",
                "NOM",
                "signature",
                [t.upper() for t in must],
                first_tokens(p.first),
            )
        else:
            cell.p(f"{p.first} {p.last}", "NOM", "signature", must, first_tokens(p.first))

    def nom_column(self, cell: Cell, p: Person) -> None:
        value = self.ch([p.last, p.last, p.last.upper()])
        cell.p(value, "NOM", "colonne Nom", surname_tokens(value))

    def prenom_column(self, cell: Cell, p: Person) -> None:
        value = p.first.upper() if self.chance(0.2) else p.first
        cell.p(value, "PRENOM", "rare" if p.rare else "courant", first_tokens(value) or [value])

    # -- contact data of persons
    def phone_digits(self, mobile: bool = True) -> str:
        head = self.ch(["06", "07"]) if mobile else self.ch(["04", "09"])
        return head + "".join(str(self.r.randrange(10)) for _ in range(8))

    def phone(self, cell: Cell, invalid: float = 0.0, mobile: bool = True) -> None:
        d = self.phone_digits(mobile)
        if self.chance(invalid):
            d = d[:9] if self.chance(0.5) else d + str(self.r.randrange(10))
            cell.p(" ".join(d[i : i + 2] for i in range(0, len(d), 2)), "TEL", "invalide")
            return
        pairs = [d[i : i + 2] for i in range(0, 10, 2)]
        style = self.ch(
            [
                "espaces",
                "points",
                "compact",
                "+33",
                "+33 compact",
                "tirets",
                "+33 (0)",
                "0033",
                "espaces",
                "nbsp",
            ]
        )
        text = {
            "espaces": " ".join(pairs),
            "points": ".".join(pairs),
            "compact": d,
            "+33": "+33 " + d[1] + " " + " ".join(pairs[1:]),
            "+33 compact": "+33" + d[1:],
            "tirets": "-".join(pairs),
            "nbsp": "\u00a0".join(pairs),
            "+33 (0)": "+33 (0)" + d[1] + " " + " ".join(pairs[1:]),
            "0033": "0033 " + d[1] + " " + " ".join(pairs[1:]),
        }[style]
        cell.p(text, "TEL", style)

    def email(self, cell: Cell, p: Person, obfuscate: bool = False, invalid: float = 0.0) -> None:
        f = unicodedata.normalize("NFKD", p.first.lower()).encode("ascii", "ignore").decode()
        last = unicodedata.normalize("NFKD", p.last.lower()).encode("ascii", "ignore").decode()
        last = re.sub(r"[^a-z]", "", last)
        f = re.sub(r"[^a-z]", "", f)
        local = self.ch(
            [
                f"{f}.{last}",
                f"{f[0]}.{last}",
                f"{last}.{f}",
                f"{f}{last}",
                f"{f}.{last}{self.r.randrange(10, 99)}",
                f"{last}{f[0]}",
                f"{f}_{last}",
            ]
        )
        domain = self.ch(MAIL_DOMAINS)
        if obfuscate:
            host, tld = domain.rsplit(".", 1)
            text, variant = self.ch(
                [
                    (f"{local}(at){domain}", "(at)"),
                    (f"{local} [at] {host} [dot] {tld}", "[at] [dot]"),
                    (f"{local} arobase {domain}", "arobase"),
                    (f"{local}[at]{domain}", "[at]"),
                    (f"{local} @ {domain}", "espaces"),
                ]
            )
        elif self.chance(invalid):
            text, variant = self.ch(
                [
                    (f"{local}@{domain.split('.')[0]}", "sans TLD"),
                    (f"{local}@@{domain}", "@@"),
                    (f"{local}.{domain}", "sans @"),
                ]
            )
        else:
            text, variant = f"{local}@{domain}", "valide"
        cell.p(text, "EMAIL", variant, [local])

    def iban(self, cell: Cell, invalid: float = 0.0) -> None:
        bban = "".join(str(self.r.randrange(10)) for _ in range(23))
        num = int(bban + "152700")  # F=15 R=27, key 00
        key = 98 - num % 97
        variant = "valide"
        if self.chance(invalid):
            key, variant = (key + self.r.randrange(1, 90)) % 100, "clé invalide"
            if self.chance(0.3):
                bban, variant = bban[:-2], "longueur invalide"
        compact = f"FR{key:02d}{bban}"
        style = self.ch(["grouped", "grouped", "compact", "lower grouped"])
        text = (
            " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
            if "grouped" in style
            else compact
        )
        cell.p(text.lower() if style.startswith("lower") else text, "IBAN", f"{variant} {style}")

    def nir(self, cell: Cell, p: Person | None = None, invalid: float = 0.0) -> None:
        sex = "2" if (p.female if p else self.chance(0.5)) else "1"
        body = (
            sex
            + f"{self.r.randrange(40, 99):02d}{self.r.randrange(1, 13):02d}"
            + self.ch(["34", "30", "75", "13", "99", "2A"])
            + f"{self.r.randrange(1, 999):03d}{self.r.randrange(1, 999):03d}"
        )
        numeric = int(body.replace("2A", "19"))
        key, variant = 97 - numeric % 97, "valide"
        if self.chance(invalid):
            key, variant = (key + self.r.randrange(1, 96)) % 97 + 1, "clé invalide"
        style = self.ch(["spaced", "spaced", "compact"])
        if style == "spaced":
            text = " ".join(
                [body[0], body[1:3], body[3:5], body[5:7], body[7:10], body[10:13], f"{key:02d}"]
            )
        else:
            text = f"{body}{key:02d}"
        cell.p(text, "NIR", f"{variant} {style}")

    def plate(self, cell: Cell) -> None:
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        a = "".join(self.ch(letters) for _ in range(2))
        b = "".join(self.ch(letters) for _ in range(2))
        n = f"{self.r.randrange(1, 999):03d}"
        style = self.ch(["dash", "dash", "space", "compact", "lower", "fni"])
        text = {
            "dash": f"{a}-{n}-{b}",
            "space": f"{a} {n} {b}",
            "compact": f"{a}{n}{b}",
            "lower": f"{a}-{n}-{b}".lower(),
            "fni": f"{self.r.randrange(10, 9999)} {a} {self.ch(['34', '30', '13'])}",
        }[style]
        cell.p(text, "IMMAT", style)

    def caf(self, cell: Cell, invalid: float = 0.0) -> None:
        n = 7 if not self.chance(invalid) else self.ch([5, 6, 9])
        cell.p(
            "".join(str(self.r.randrange(10)) for _ in range(n)),
            "CAF",
            "7 chiffres" if n == 7 else "format invalide",
        )

    def dob(self, cell: Cell, years: tuple[int, int], invalid: float = 0.0) -> None:
        y, m, d = self.r.randrange(*years), self.r.randrange(1, 13), self.r.randrange(1, 29)
        if self.chance(invalid):
            cell.p(f"{self.ch([30, 31])}/02/{y}", "DATE_NAISSANCE", "date invalide")
            return
        style = self.ch(["slash", "slash", "iso", "long", "dot"])
        text = {
            "slash": f"{d:02d}/{m:02d}/{y}",
            "iso": f"{y}-{m:02d}-{d:02d}",
            "long": f"{d} {MOIS[m - 1]} {y}",
            "dot": f"{d:02d}.{m:02d}.{y}",
        }[style]
        cell.p(text, "DATE_NAISSANCE", style)

    def home(self, cell: Cell, with_city: bool = False) -> None:
        if with_city and self.chance(0.08):  # a named house, no street number
            cell.p(
                f"{self.ch(['Mas', 'Domaine', 'Villa'])} {self.ch(HOUSES)}",
                "ADRESSE",
                "lieu-dit sans numéro",
            )
            cell.t(", " + " ".join(reversed(self.ch(COMMUNES))))
            return
        if self.chance(0.2):
            street, variant = self.ch(VOIES_PERSONNE), "voie nommée d'après une personne"
        else:
            street, variant = self.ch(STREETS), "voie ordinaire"
        comp = self.ch(COMPLEMENTS)
        num = str(self.r.randrange(1, 180))
        if comp in (" bis", " ter"):
            num, comp = num + comp, ""
        cell.p(f"{num} {street}{comp}", "ADRESSE", variant)
        if with_city:
            town, cp = self.ch(COMMUNES) if self.chance(0.85) else self.ch(ELSEWHERE)
            cell.t(f", {cp} {town}")

    # -- decoys
    def org(self) -> tuple[str, str]:
        return self.ch(ORGS)

    def org_phone(self, cell: Cell) -> None:
        d = self.ch(["04 67 ", "04 99 ", "04 34 "]) + " ".join(
            f"{self.r.randrange(100):02d}" for _ in range(3)
        )
        cell.d(d, "ORG_TEL")

    def org_email(self, cell: Cell, org: str) -> None:
        slug = re.sub(
            r"[^a-z]+",
            "-",
            unicodedata.normalize("NFKD", org.lower()).encode("ascii", "ignore").decode(),
        ).strip("-")
        slug = "-".join(
            w
            for w in slug.split("-")
            if w not in ("association", "de", "du", "des", "les", "la", "le")
        )[:28].strip("-")
        cell.d(
            f"{self.ch(['contact', 'accueil', 'secretariat', 'direction'])}@{slug}.fr", "ORG_EMAIL"
        )

    def org_address(self, cell: Cell) -> None:
        cell.d(self.ch(ORG_STREETS), "ORG_ADRESSE")

    def siret(self) -> str:
        body = "".join(str(self.r.randrange(10)) for _ in range(13))
        total = sum(
            int(c) * (2 if i % 2 == 0 else 1) // 10 + int(c) * (2 if i % 2 == 0 else 1) % 10
            for i, c in enumerate(reversed(body + "0"))
        )
        siret = body + str((10 - total % 10) % 10)
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}" if self.chance(0.4) else siret

    def amount(self, lo: int = 20, hi: int = 5000) -> str:
        v = self.r.randrange(lo * 100, hi * 100) / 100
        s = (
            f"{v:,.2f}".replace(",", "\u00a0").replace(".", ",")
            if self.chance(0.5)
            else f"{v:.2f}".replace(".", ",")
        )
        return s.replace("\u00a0", " ")

    def date(self, year: tuple[int, int] = (2022, 2026), style: str = "slash") -> str:
        y, m, d = self.r.randrange(*year), self.r.randrange(1, 13), self.r.randrange(1, 29)
        return {
            "slash": f"{d:02d}/{m:02d}/{y}",
            "iso": f"{y}-{m:02d}-{d:02d}",
            "long": f"{d} {MOIS[m - 1]} {y}",
        }[style]

    def famous(self, cell: Cell) -> None:
        frame = self.ch(FAMOUS_FRAMES)
        before, after = frame.split("{}")
        cell.t(before).d(self.ch(FAMOUS), "PERSONNALITE").t(after)

    def place(self, cell: Cell) -> None:
        kind = self.ch(["VOIE_PERSONNE", "EQUIPEMENT_PERSONNE", "ARRET_TRAM"])
        if kind == "VOIE_PERSONNE":
            cell.d(self.ch(VOIES_PERSONNE), kind)
        elif kind == "EQUIPEMENT_PERSONNE":
            cell.d(self.ch(EQUIP_PERSONNE), kind)
        else:
            cell.t("arrêt de tram ").d(self.ch(TRAM), kind)


Row = dict[str, "Cell | str"]
RowFn = Callable[[Gen, int], Row]


def code(value: str) -> Cell:
    return Cell().d(value, "CODE")


def decoy(value: str, kind: str) -> Cell:
    return Cell().d(value, kind)


# ---------------------------------------------------------------- cases


def row_concessions(g: Gen, i: int) -> Row:
    year = g.r.randrange(1975, 2026)
    holder, addr, tel, obs = Cell(), Cell(), Cell(), Cell()
    if g.chance(0.15):
        org, kind = g.ch(
            [
                o
                for o in ORGS
                if o[0].startswith(
                    (
                        "Paroisse",
                        "Pompes",
                        "Amicale",
                        "Secours",
                        "Association",
                        "Fondation",
                        "Institut",
                    )
                )
            ]
        )
        holder.d(org, kind)
        g.org_address(addr)
        g.org_phone(tel)
        p = None
    else:
        p = g.name(
            holder,
            style=g.ch(
                ["NOM Prénom", "Prénom NOM", "Prénom Nom", "civilité", "couple", "NOM, Prénom"]
            ),
        )
        g.home(addr, with_city=True)
        g.phone(tel, invalid=0.1, mobile=g.chance(0.6))
    dead = Cell()
    for k in range(g.r.randrange(1, 4)):
        if k:
            dead.t(g.ch([" ; ", "\n"]))
        q = g.person()
        if p and g.chance(0.5):
            q.last = p.last if k == 0 else q.last
        g.name(dead, q, g.ch(["NOM Prénom", "Prénom Nom", "civilité", "NOM, Prénom"]))
        dead.t(
            g.ch(
                [
                    f" ({g.r.randrange(1925, 1960)}-{g.r.randrange(1975, 2025)})",
                    f" † {g.date((1980, 2025))}",
                    f", décédé(e) le {g.date((1980, 2025), 'long')}",
                    "",
                ]
            )
        )
    heirs = Cell()
    if g.chance(0.2):
        heirs.t("néant")
    for k in range(g.r.randrange(0, 3)):
        if k:
            heirs.t(g.ch([", ", " ; ", "\n"]))
        if g.chance(0.2):
            g.maiden(heirs)
        else:
            g.name(
                heirs,
                style=g.ch(["Prénom Nom", "Prénom NOM", "NOM Prénom", "civilité", "initiales"]),
            )
        heirs.t(g.ch([" (fils)", " (fille)", " (épouse)", " (neveu)", " (petite-fille)", ""]))
    roll = g.r.random()
    if roll < 0.25:
        obs.t("Renouvellement demandé par ")
        g.name(obs, style=g.ch(["civilité", "civilité + nom", "Prénom Nom"]))
        obs.t(g.ch([", joignable au ", " – tél. ", " au "]))
        g.phone(obs)
    elif roll < 0.4:
        org, kind = g.ch([o for o in ORGS if o[0].startswith(("Marbrerie", "Pompes", "Ets"))])
        obs.t("Pose du monument confiée à ").d(org, kind).t(" le ").d(g.date(), "DATE_EVENEMENT")
    elif roll < 0.5:
        obs.t("Sépulture voisine de celle de ").d(
            g.ch(["Frédéric Bazille", "Auguste Comte", "Jean Moulin"]), "PERSONNALITE"
        ).t(" (intérêt patrimonial), accès par l'allée ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE")
    elif roll < 0.6:
        obs.t("Procédure de reprise pour état d'abandon, PV du ").d(g.date(), "DATE_EVENEMENT")
    elif roll < 0.72:
        q = g.person()
        obs.t("Courrier de la petite-fille (")
        g.email(obs, q, obfuscate=g.chance(0.5))
        obs.t(") : demande l'inhumation de ")
        g.name(obs, style="Prénom Nom")
    elif roll < 0.8:
        obs.t("REDEVANCE NON RÉGLÉE, RELANCE ENVOYÉE À ")
        g.name(obs, style="majuscules")
    return {
        "N° concession": code(f"CF-{year}-{i + 1:05d}"),
        "Cimetière": decoy(
            g.ch(
                [
                    "Cimetière Saint-Lazare",
                    "Cimetière Saint-Étienne",
                    "Cimetière protestant",
                    "Cimetière de Grammont",
                    "Cimetière de Castelnau-le-Lez",
                    "Cimetière paysager de Juvignac",
                    "Cimetière de Lattes-Centre",
                ]
            ),
            "EQUIPEMENT",
        ),
        "Emplacement": code(
            f"Carré {g.r.randrange(1, 40)} – allée {g.ch('ABCDEFGH')} – n° {g.r.randrange(1, 120)}"
        ),
        "Durée": decoy(g.ch(["15 ans", "30 ans", "50 ans", "perpétuelle"]), "TEXTE"),
        "Date d'acquisition": decoy(g.date((year, year + 1)), "DATE_EVENEMENT"),
        "Titulaire": holder,
        "Adresse du titulaire": addr,
        "Téléphone": tel,
        "Défunts inhumés": dead,
        "Ayants droit": heirs,
        "Montant (€)": decoy(g.amount(150, 4200), "MONTANT"),
        "Observations": obs,
    }


def row_sejours(g: Gen, i: int) -> Row:
    child, parent = g.person(), g.person()
    parent.last = child.last if g.chance(0.6) else parent.last
    enfant, resp, tel, mail, caf, urg, obs = Cell(), Cell(), Cell(), Cell(), Cell(), Cell(), Cell()
    g.name(
        enfant, child, g.ch(["Prénom Nom", "NOM Prénom", "NOM Prénom", "majuscules", "Nom Prénom"])
    )
    dob = Cell()
    g.dob(dob, (2011, 2021), invalid=0.08)
    g.name(resp, parent, g.ch(["civilité", "NOM Prénom", "Prénom Nom", "couple"]))
    g.phone(tel, invalid=0.1, mobile=g.chance(0.8))
    g.email(mail, parent, invalid=0.1)
    g.caf(caf, invalid=0.12)
    q = g.person()
    urg.t(g.ch(["Mamie : ", "Tante ", "Voisine, ", "Parrain : ", "Grand-père – ", ""]))
    g.name(urg, q, g.ch(["Prénom Nom", "civilité", "NOM Prénom"]))
    urg.t(g.ch([" ", " – ", "\n", " / tél "]))
    g.phone(urg)
    roll = g.r.random()
    if roll < 0.2:
        obs.t(
            g.ch(
                [
                    "Allergie arachides (PAI).",
                    "Asthme : Ventoline dans le sac.",
                    "Ne sait pas nager.",
                ]
            )
        )
        obs.t("\nRécupéré le vendredi par ")
        g.name(obs, style=g.ch(["civilité", "Prénom Nom", "civilité + nom"]))
        obs.t(g.ch([" (oncle).", " (beau-père).", ", autorisé par écrit."]))
    elif roll < 0.35:
        obs.t("maman dit : il a peur du noir, appeler au ")
        g.phone(obs)
        obs.t(" si pb")
    elif roll < 0.47:
        org, kind = g.ch(
            [
                o
                for o in ORGS
                if o[0] in ("IME Les Hirondelles", "Institut Saint-Pierre", "Clinique Saint-Jean")
            ]
        )
        obs.t("Enfant suivi par l'établissement ").d(org, kind).t(", accompagnant AESH prévu.")
    elif roll < 0.58:
        org, kind = g.ch(
            [
                o
                for o in ORGS
                if o[0]
                in (
                    "Garage Martinez Autos",
                    "Boulangerie Maison Cathala",
                    "Plomberie Sarrazin",
                    "Taxis Arlandes",
                )
            ]
        )
        obs.t("Père joignable au travail (").d(org, kind).t(") : ")
        g.org_phone(obs)
    elif roll < 0.68:
        obs.t("Retour en covoiturage avec ")
        g.name(obs, style="famille")
        obs.t(".\nPhotos autorisées.")
    elif roll < 0.76:
        obs.t("Sortie prévue : ")
        g.famous(obs)
        obs.t(" au ").d(g.ch(EQUIP_PERSONNE), "EQUIPEMENT_PERSONNE")
    elif roll < 0.84:
        obs.t("Né le ")
        g.dob(obs, (2011, 2021))
        obs.t(" – vérifier l'âge minimum du séjour")
    elif roll < 0.9:
        obs.t("Certificat médical du Dr ")
        g.name(obs, style=g.ch(["Prénom Nom", "NOM Prénom"]))
        obs.t(" (").d(g.ch(["Clinique Saint-Jean", "Institut Saint-Pierre"]), "ORG_PERSONNE").t(
            ") fourni le "
        ).d(g.date(), "DATE_EVENEMENT")
    else:
        obs.t(g.ch(["RAS", "Photos autorisées", "Régime sans porc", "Végétarien", ""]))
    d1 = g.r.randrange(6, 25)
    return {
        "N° inscription": code(f"SEJ25-{i + 1:04d}"),
        "Séjour": decoy(
            g.ch(
                [
                    "Séjour montagne – Font-Romeu",
                    "Mini-camp nature – lac du Salagou",
                    "Séjour mer – Palavas-les-Flots",
                    "Stage équitation – Saint-Drézéry",
                    "Séjour itinérant – Cévennes",
                    "Camp sportif – Mosson",
                ]
            ),
            "TEXTE",
        ),
        "Dates": decoy(f"du {d1:02d}/07/2025 au {d1 + 6:02d}/07/2025", "DATE_EVENEMENT"),
        "Accueil de loisirs": decoy(
            *g.ch(
                [
                    (g.ch(EQUIP_PERSONNE), "EQUIPEMENT_PERSONNE"),
                    ("ALSH Les Garrigues", "EQUIPEMENT"),
                    ("Association Léo Lagrange Méditerranée", "ORG_PERSONNE"),
                ]
            )
        ),
        "Enfant": enfant,
        "Date de naissance": dob,
        "Responsable légal": resp,
        "Téléphone": tel,
        "Courriel": mail,
        "N° allocataire CAF": caf,
        "Personne à prévenir": urg,
        "Observations": obs,
        "Montant réglé": decoy(g.amount(40, 620), "MONTANT"),
    }


POSTES = [
    "Agent d'entretien des espaces verts",
    "Animateur périscolaire",
    "Auxiliaire de puériculture",
    "Agent de médiathèque",
    "Maître-nageur sauveteur",
    "Gestionnaire RH",
    "Policier municipal",
    "Agent de propreté urbaine",
    "Chargé de mission mobilités",
    "Technicien bâtiment",
]
DIRECTIONS = [
    "Direction Paysage et biodiversité",
    "Direction de l'Éducation",
    "Direction des Sports",
    "Direction de la Culture",
    "Direction des Ressources humaines",
    "Direction de la Tranquillité publique",
]
EMPLOYEURS = [
    ("CHU de Montpellier", "ORG"),
    ("Mairie de Pérols", "ORG"),
    ("La Poste", "ORG"),
    ("Carrefour Lattes", "ORG"),
    ("Paysages du Lez SARL", "ORG"),
    ("Transdev Occitanie", "ORG"),
    ("Clinique Saint-Jean", "ORG_PERSONNE"),
    ("Plomberie Sarrazin", "ORG_PERSONNE"),
    ("Association Léo Lagrange Méditerranée", "ORG_PERSONNE"),
    ("EHPAD Les Cigalines", "ORG"),
]


def row_candidatures(g: Gen, i: int) -> Row:
    p = g.person()
    nom, prenom, dob, nir, addr, tel, mail, avis = (Cell() for _ in range(8))
    g.nom_column(nom, p)
    g.prenom_column(prenom, p)
    g.dob(dob, (1962, 2005), invalid=0.06)
    g.nir(nir, p, invalid=0.15)
    g.home(addr, with_city=g.chance(0.5))
    g.phone(tel, invalid=0.1)
    g.email(mail, p, invalid=0.08)
    emp, kind = g.ch(EMPLOYEURS)
    roll = g.r.random()
    if roll < 0.3:
        avis.t(g.ch(["Bon entretien. ", "Profil solide. ", "Candidat motivé. "])).t(
            "Référence contactée : "
        )
        g.name(avis, style=g.ch(["civilité", "Prénom NOM", "NOM Prénom"]))
        avis.t(g.ch([" (ancienne responsable) au ", ", chef d'équipe, ", " – "]))
        g.phone(avis)
    elif roll < 0.45:
        avis.t("Entretien du ").d(g.date(), "DATE_EVENEMENT").t(" : expérience de 5 ans chez ").d(
            emp, kind
        ).t(", mobilité limitée (pas de permis).")
    elif roll < 0.55:
        avis.t("A effectué un stage au ").d(g.ch(EQUIP_PERSONNE), "EQUIPEMENT_PERSONNE").t(
            " sous la responsabilité de "
        )
        g.name(avis, style=g.ch(["civilité", "civilité + nom"]))
        avis.t(".")
    elif roll < 0.63:
        avis.t("Cite ").d(g.ch(FAMOUS), "PERSONNALITE").t(
            " dans sa lettre de motivation ; à revoir."
        )
    elif roll < 0.73:
        avis.t("Candidature transmise par ")
        g.name(avis, style="initiales")
        avis.t(", conseillère France Travail, le ").d(g.date(), "DATE_EVENEMENT")
    else:
        avis.t(
            g.ch(
                [
                    "Liste complémentaire.",
                    "Retenu(e).",
                    "Non retenu(e) : diplôme manquant.",
                    "Désistement.",
                ]
            )
        )
    return {
        "Réf. offre": code(f"OFF-{g.r.randrange(2024, 2026)}-{g.r.randrange(1, 300):03d}"),
        "Poste": decoy(g.ch(POSTES), "TEXTE"),
        "Direction": decoy(g.ch(DIRECTIONS), "TEXTE"),
        "Nom": nom,
        "Prénom": prenom,
        "Date de naissance": dob,
        "N° sécurité sociale": nir,
        "Adresse": addr,
        "Téléphone": tel,
        "Courriel": mail,
        "Dernier employeur": decoy(emp, kind),
        "Président du jury": Cell().d(g.ch(ELUS), "ELU", policy_only=True),
        "Avis du jury": avis,
    }


PETITIONS = [
    ("Non à l'abattage des platanes : {}", VOIES_PERSONNE, "VOIE_PERSONNE"),
    (
        "Pour la réouverture de la {}",
        ["Piscine Suzanne Berlioux", "Piscine Jean Vives"],
        "EQUIPEMENT_PERSONNE",
    ),
    ("Pour un abri vélo sécurisé à l'arrêt {}", TRAM, "ARRET_TRAM"),
    (
        "Des horaires élargis pour la {}",
        ["Médiathèque Émile Zola", "Médiathèque Federico Fellini"],
        "EQUIPEMENT_PERSONNE",
    ),
    (
        "Un passage piéton devant l'{}",
        ["École Jules Verne", "École Simone Signoret"],
        "EQUIPEMENT_PERSONNE",
    ),
]


def row_petition(g: Gen, i: int) -> Row:
    title, names, kind = PETITIONS[i % len(PETITIONS)]
    before, after = title.split("{}")
    who, mail, com = Cell(), Cell(), Cell()
    town, cp = g.ch(COMMUNES)
    if g.chance(0.06):
        org, okind = g.ch(
            [o for o in ORGS if o[0].startswith(("Comité", "Collectif", "Association", "Amicale"))]
        )
        who.d(org, okind)
        g.org_email(mail, org)
    else:
        p = g.name(
            who,
            style=g.ch(
                [
                    "Prénom Nom",
                    "Prénom NOM",
                    "NOM Prénom",
                    "minuscules",
                    "majuscules",
                    "initiales",
                    "Nom Prénom",
                ]
            ),
        )
        if g.chance(0.85):
            g.email(mail, p, obfuscate=g.chance(0.1), invalid=0.08)
    roll = g.r.random()
    if roll < 0.15:
        com.t("trop dangereux pour les enfants!! appelez moi ")
        g.phone(com)
    elif roll < 0.27:
        com.t("JE SIGNE POUR MES PETITS-ENFANTS. ")
        g.name(com, style="majuscules")
    elif roll < 0.39:
        com.t(g.ch(["Je suis riveraine au ", "Nous habitons au ", "Domicile : "]))
        g.home(com)
        com.t(" depuis 1998.")
    elif roll < 0.49:
        com.t(g.ch(["Mon conjoint ", "Ma compagne ", "Mon voisin "]))
        g.name(com, style="Prénom Nom")
        com.t(" et moi soutenons cette demande.")
    elif roll < 0.57:
        com.t("Comme le chantait ").d(
            g.ch(["Georges Brassens", "Boby Lapointe", "Juliette Gréco"]), "PERSONNALITE"
        ).t(", « il faut prendre le temps ».")
    elif roll < 0.65:
        com.t("Relayé au conseil de quartier du ").d(g.date(), "DATE_EVENEMENT").t(" par le ").d(
            "Comité de quartier Figuerolles", "ORG"
        )
    elif roll < 0.72:
        com.t("signé ")
        g.name(com, style="initiales")
        com.t(", ").d(town, "COMMUNE")
    else:
        com.t(g.ch(["", "", "Merci !", "Enfin une initiative utile.", "Urgent."]))
    return {
        "Pétition": Cell().t(before).d(g.ch(names), kind).t(after),
        "Date de signature": decoy(
            f"{g.date((2025, 2026), 'iso')} {g.r.randrange(7, 23):02d}:{g.r.randrange(60):02d}",
            "DATE_EVENEMENT",
        ),
        "Signataire": who,
        "Code postal": code(cp),
        "Commune": decoy(town, "COMMUNE"),
        "Courriel": mail,
        "Commentaire": com,
        "Relayée par": decoy(
            *g.ch(
                [o for o in ORGS if o[0].startswith(("Comité", "Collectif", "Amicale"))]
                + [("Association Léo Lagrange Méditerranée", "ORG_PERSONNE")]
            )
        ),
    }


def row_stationnement(g: Gen, i: int) -> Row:
    cat = g.ch(
        [
            "Résident",
            "Résident",
            "Résident",
            "Professionnel mobile",
            "Aide à domicile",
            "Personne morale",
        ]
    )
    who, addr, plate, tel, siret, proof = (Cell() for _ in range(6))
    if cat == "Personne morale" or (cat != "Résident" and g.chance(0.5)):
        org, kind = g.ch(
            [
                o
                for o in ORGS
                if o[0].startswith(
                    ("SSIAD", "Plomberie", "Ets", "SARL", "Taxis", "EHPAD", "Syndic")
                )
            ]
        )
        who.d(org, kind)
        g.org_address(addr)
        g.org_phone(tel)
        siret.d(g.siret(), "SIRET")
        plate.t("GX-" + f"{g.r.randrange(100, 999)}" + "-PRO")  # fleet vehicle: not scored
        proof.t("Kbis de moins de 3 mois, attestation d'assurance flotte")
    else:
        p = g.name(
            who, style=g.ch(["NOM Prénom", "Prénom NOM", "civilité", "NOM, Prénom", "majuscules"])
        )
        g.home(addr)
        g.plate(plate)
        g.phone(tel, invalid=0.1)
        roll = g.r.random()
        if roll < 0.35:
            proof.t("Avis de taxe foncière au nom de ")
            g.name(proof, p, "NOM Prénom")
        elif roll < 0.55:
            proof.t("Carte grise au nom de ")
            q = g.person()
            q.female, q.last = True, p.last
            g.name(proof, q, "civilité")
            proof.t(" (conjointe)")
        elif roll < 0.7:
            proof.t("Attestation employeur ").d(
                *g.ch([("CHU de Montpellier", "ORG"), ("Clinique Saint-Jean", "ORG_PERSONNE")])
            )
        elif roll < 0.8:
            proof.t("Second véhicule : ")
            g.plate(proof)
        else:
            proof.t("Bail + quittance EDF")
    start = g.date((2024, 2026))
    return {
        "N° vignette": code(f"VR-{i + 1:05d}"),
        "Zone": decoy(
            g.ch(
                [
                    "Zone Boutonnet",
                    "Zone Écusson",
                    "Zone Beaux-Arts",
                    "Zone Gambetta",
                    "Zone Arceaux",
                    "Zone Saint-Roch",
                    "Zone Antigone",
                ]
            ),
            "TEXTE",
        ),
        "Catégorie": decoy(cat, "TEXTE"),
        "Titulaire": who,
        "Adresse": addr,
        "Immatriculation": plate,
        "Véhicule": decoy(
            g.ch(
                [
                    "Renault Clio",
                    "Peugeot 208",
                    "Citroën C3",
                    "Dacia Sandero",
                    "Toyota Yaris",
                    "Fiat 500",
                ]
            ),
            "TEXTE",
        ),
        "Début de validité": decoy(start, "DATE_EVENEMENT"),
        "Fin de validité": decoy(start[:6] + str(int(start[6:]) + 1), "DATE_EVENEMENT"),
        "Téléphone": tel,
        "SIRET": siret,
        "Pièces justificatives": proof,
    }


def row_permis(g: Gen, i: int) -> Row:
    who, addr, tel, mail, obs = (Cell() for _ in range(5))
    person = g.chance(0.6)
    if person:
        p = g.name(
            who, style=g.ch(["civilité", "couple", "NOM Prénom", "Prénom NOM", "NOM, Prénom"])
        )
        g.home(addr, with_city=True)
        g.phone(tel, invalid=0.1)
        g.email(mail, p, invalid=0.08)
    else:
        org, kind = g.ch(
            [
                o
                for o in ORGS
                if o[0].startswith(("SCI", "SARL", "GAEC", "ACM", "EHPAD", "Paroisse", "Institut"))
            ]
            + [("SCCV Port Marianne Lot 4", "ORG"), ("Promologis", "ORG")]
        )
        who.d(org, kind)
        if g.chance(0.3):
            cue = g.ch([", représentée par ", " (gérance : ", ", en la personne de "])
            who.t(cue)
            g.name(who, style=g.ch(["civilité", "Prénom Nom", "NOM Prénom"]))
            who.t(")" if cue.startswith(" (") else "")
        g.org_address(addr)
        g.org_phone(tel)
        g.org_email(mail, org)
    roll = g.r.random()
    if roll < 0.25:
        obs.t("Pièces complémentaires demandées à ")
        g.name(obs, style=g.ch(["civilité", "civilité + nom", "initiales"]))
        obs.t(" le ").d(g.date(), "DATE_EVENEMENT")
    elif roll < 0.4:
        obs.t("Recours gracieux d'un voisin, ")
        g.name(obs, style="civilité")
        obs.t(", domicilié ")
        g.home(obs)
        obs.t(".")
    elif roll < 0.5:
        obs.t("Avis ABF favorable (abords du ").d(
            g.ch(["Musée Fabre", "Parc Clemenceau", "Halle Frédéric Mistral"]),
            "EQUIPEMENT_PERSONNE",
        ).t(").")
    elif roll < 0.62:
        obs.t("Dossier déposé par le mandataire ").d(
            *g.ch(
                [
                    ("Atelier Boissonnade Architectes", "ORG_PERSONNE"),
                    ("Cabinet Fourcade & Associés", "ORG_PERSONNE"),
                ]
            )
        ).t(", tél. ")
        g.org_phone(obs)
    elif roll < 0.7:
        obs.t("Le pétitionnaire (")
        g.phone(obs)
        obs.t(") sera absent jusqu'au ").d(g.date(), "DATE_EVENEMENT")
    else:
        obs.t(g.ch(["", "Dossier complet.", "Taxe d'aménagement : ", "Zone PPRI."]))
        if obs.parts[-1].startswith("Taxe"):
            obs.d(g.amount(500, 9000) + " €", "MONTANT")
    arch = g.ch(
        [
            ("Atelier Boissonnade Architectes", "ORG_PERSONNE"),
            ("Cabinet Fourcade & Associés", "ORG_PERSONNE"),
            ("Agence A+ Architecture", "ORG"),
            ("Sans architecte (surface < 150 m²)", "TEXTE"),
        ]
    )
    town, _ = g.ch(COMMUNES)
    return {
        "N° PC": code(f"PC 034 {INSEE.get(town, '34172')[2:]} 25 {g.ch('ABCDEFGHJK')}{i + 1:04d}"),
        "Date de dépôt": decoy(g.date((2024, 2026)), "DATE_EVENEMENT"),
        "Demandeur": who,
        "Qualité": decoy("Particulier" if person else "Personne morale", "TEXTE"),
        "Adresse de correspondance": addr,
        "Téléphone": tel,
        "Courriel": mail,
        "Terrain": f"{g.ch(['Lieu-dit Las Rebes', 'Lot 7 du lotissement Les Hauts', 'Chemin de la Fontaine'])}, {town}",
        "Parcelle": code(f"{g.ch('BCDHKLMX')}{g.ch('ABCKMRX')} {g.r.randrange(1, 900):04d}"),
        "Architecte": decoy(*arch),
        "Nature des travaux": decoy(
            g.ch(
                [
                    "Maison individuelle",
                    "Extension de 32 m²",
                    "Piscine et abri",
                    "Surélévation",
                    "Immeuble collectif de 24 logements",
                    "Garage",
                ]
            ),
            "TEXTE",
        ),
        "Surface de plancher (m²)": code(str(g.r.randrange(12, 3200))),
        "Décision": decoy(
            g.ch(["Accordé", "Accordé avec prescriptions", "Refusé", "En cours d'instruction"]),
            "TEXTE",
        ),
        "Observations du service": obs,
    }


def row_conservatoire(g: Gen, i: int) -> Row:
    p, parent = g.person(), g.person()
    parent.last = p.last if g.chance(0.6) else parent.last
    nom, prenom, dob, resp, tel, mail, caf, iban, rem = (Cell() for _ in range(9))
    g.nom_column(nom, p)
    g.prenom_column(prenom, p)
    g.dob(dob, (1960, 2020), invalid=0.05)
    adult = g.chance(0.2)
    if adult:
        resp.t("Élève majeur(e)")
    else:
        g.name(resp, parent, g.ch(["civilité", "NOM Prénom", "Prénom Nom", "NOM, Prénom"]))
    g.phone(tel, invalid=0.1)
    g.email(mail, p if adult else parent, invalid=0.08)
    if g.chance(0.7):
        g.caf(caf, invalid=0.1)
    g.iban(iban, invalid=0.12)
    roll = g.r.random()
    if roll < 0.2:
        rem.t("Absence signalée par ")
        g.name(rem, style=g.ch(["civilité", "civilité + nom"]))
        rem.t(g.ch([" au ", ", tél. "]))
        g.phone(rem)
    elif roll < 0.32:
        rem.t("Prélèvement rejeté — nouveau RIB : ")
        g.iban(rem)
    elif roll < 0.44:
        rem.t("Audition de juin : ").d(
            g.ch(
                [
                    "Claude Debussy",
                    "Maurice Ravel",
                    "Érik Satie",
                    "Frédéric Chopin",
                    "Wolfgang Amadeus Mozart",
                    "Django Reinhardt",
                ]
            ),
            "PERSONNALITE",
        )
    elif roll < 0.54:
        rem.t("Joue aussi à l'").d("Harmonie municipale de Pignan", "ORG").t(" (").d(
            "04 67 47 70 12", "ORG_TEL"
        ).t(")")
    elif roll < 0.62:
        rem.t("frère/soeur déjà inscrit(e) : ")
        g.name(rem, style="minuscules")
    elif roll < 0.7:
        rem.t("Quotient familial recalculé le ").d(g.date(), "DATE_EVENEMENT")
    return {
        "N° élève": code(f"{g.r.randrange(0, 99999):06d}"),
        "Nom": nom,
        "Prénom": prenom,
        "Date de naissance": dob,
        "Instrument": decoy(
            g.ch(
                [
                    "Violon",
                    "Piano",
                    "Guitare",
                    "Flûte traversière",
                    "Violoncelle",
                    "Percussions",
                    "Chant",
                    "Saxophone",
                    "Oud",
                ]
            ),
            "TEXTE",
        ),
        "Cycle": decoy(g.ch(["Éveil", "Cycle 1", "Cycle 2", "Cycle 3", "Adultes"]), "TEXTE"),
        "Lieu des cours": decoy(
            *g.ch(
                [(e, "EQUIPEMENT_PERSONNE") for e in EQUIP_PERSONNE[3:7]]
                + [("Conservatoire – site Mosson", "EQUIPEMENT")]
            )
        ),
        "Responsable légal": resp,
        "Téléphone": tel,
        "Courriel": mail,
        "N° allocataire CAF": caf,
        "IBAN": iban,
        "Tarif annuel (€)": decoy(g.amount(60, 780), "MONTANT"),
        "Remarques": rem,
    }


def row_conseil(g: Gen, i: int) -> Row:
    objet, public = Cell(), Cell()
    roll = g.r.random()
    if roll < 0.2:
        objet.t("Dénomination : ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE").t(
            g.ch([" (quartier Port Marianne)", "", " – pose d'une plaque"])
        )
    elif roll < 0.38:
        org, kind = g.org()
        objet.t("Subvention de ").d(g.amount(500, 40000) + " €", "MONTANT").t(" à l'organisme ").d(
            org, kind
        )
    elif roll < 0.53:
        objet.t("Acquisition amiable de la parcelle ").d(
            f"{g.ch('BCDHKLMX')}{g.ch('ABCKMRX')} {g.r.randrange(1, 900)}", "CODE"
        ).t(" appartenant à ")
        g.name(objet, style=g.ch(["couple", "civilité", "NOM Prénom"]))
    elif roll < 0.65:
        objet.t("Indemnisation de ")
        if g.chance(0.3):
            g.maiden(objet)
        else:
            g.name(objet, style=g.ch(["civilité", "civilité + nom"]))
        objet.t(" suite à une chute sur la voirie devant le ")
        g.home(objet)
    elif roll < 0.75:
        objet.t("Cérémonie d'").t("hommage à ").d(g.ch(FAMOUS), "PERSONNALITE").t(" le ").d(
            g.date((2025, 2026), "long"), "DATE_EVENEMENT"
        )
    elif roll < 0.85:
        objet.t("Convention d'occupation du ").d(g.ch(EQUIP_PERSONNE), "EQUIPEMENT_PERSONNE").t(
            " avec "
        ).d(*g.org())
    else:
        objet.t(
            g.ch(
                [
                    "Approbation du compte administratif",
                    "Tarifs de la restauration scolaire",
                    "Protection fonctionnelle accordée à un agent",
                ]
            )
        )
    roll = g.r.random()
    if roll < 0.35:
        g.name(public, style=g.ch(["civilité", "civilité + nom", "Prénom Nom"]))
        public.t(
            g.ch(
                [
                    ", riverain – secteur ",
                    ", habitant le quartier – ",
                    " (collectif d'habitants), secteur ",
                ]
            )
        )
        g.place(public)
        public.t(g.ch([", demande un ralentisseur.", ", s'inquiète du stationnement.", "."]))
    elif roll < 0.5:
        public.t("Question écrite de ")
        q = g.name(public, style=g.ch(["Prénom Nom", "Prénom NOM"]))
        public.t(", habitant de ").d(g.ch(COMMUNES)[0], "COMMUNE").t(" (réponse à ")
        g.email(public, q, obfuscate=g.chance(0.4))
        public.t(").")
    elif roll < 0.6:
        public.t("Intervention de ")
        g.name(public, style="civilité")
        public.t(" pour le ").d(*g.org()).t(g.ch([" : remerciements.", " : demande de local."]))
    elif roll < 0.68:
        public.t("MME ")
        g.name(public, style="majuscules")
        public.t(" PROTESTE CONTRE LA FERMETURE : ").d(
            g.ch(["Piscine Jean Vives", "Gymnase Jacques Anquetil"]), "EQUIPEMENT_PERSONNE"
        )
    else:
        public.t(g.ch(["Aucune intervention", "Pas de question du public", "Séance à huis clos"]))
    return {
        "Séance": decoy(g.date((2023, 2026)), "DATE_EVENEMENT"),
        "Point": code(str(g.r.randrange(1, 60))),
        "Président de séance": Cell().d(ELUS[0], "ELU", policy_only=True),
        "Rapporteur": Cell().d(g.ch(ELUS[1:]), "ELU", policy_only=True),
        "Objet": objet,
        "Intervention du public": public,
        "Vote": decoy(
            g.ch(["Unanimité", "Adopté à la majorité (3 contre)", "Adopté (2 abstentions)"]),
            "TEXTE",
        ),
    }


def row_mediateur(g: Gen, i: int) -> Row:
    p = g.person()
    msg, note, rep = Cell(), Cell(), Cell()
    canal = g.ch(["Courrier", "E-mail", "Téléphone", "Formulaire web", "SMS"])
    service = g.ch(
        ["Eau et assainissement", "Transports (TaM)", "Stationnement", "Déchets", "Logement social"]
    )
    if canal == "SMS":
        msg.t("bjr c ")
        g.name(msg, p, "minuscules")
        msg.t(g.ch([" tjs pas de ramassage ds ma rue", " le bus passe pas a l arret"]))
        msg.t("!! rappelez moi ")
        g.phone(msg)
    else:
        msg.t("Madame, Monsieur,\n" + g.ch(["Je soussignée ", "Je soussigné ", "Je, "]))
        g.name(msg, p, g.ch(["Prénom Nom", "Prénom NOM", "NOM Prénom", "majuscules"]))
        msg.t(", ")
        if g.chance(0.4):
            msg.t(g.ch(["née le ", "né le "]))
            g.dob(msg, (1935, 2000))
            msg.t(", ")
        msg.t("demeurant ")
        g.home(msg, with_city=True)
        msg.t(", conteste ")
        roll = g.r.random()
        if roll < 0.3:
            msg.t("la facture de ").d(g.amount(40, 900) + " €", "MONTANT").t(" de la ").d(
                "Régie des eaux", "ORG"
            ).t(". Merci de rembourser sur mon compte ")
            g.iban(msg, invalid=0.1)
            msg.t(".")
        elif roll < 0.5:
            msg.t("l'avis de paiement (véhicule immatriculé ")
            g.plate(msg)
            msg.t(") délivré près de l'arrêt ").d(g.ch(TRAM), "ARRET_TRAM").t(".")
        elif roll < 0.65:
            msg.t("le refus de ma demande de logement auprès d'").d("ACM Habitat", "ORG").t(
                " (n° de sécurité sociale "
            )
            g.nir(msg, p, invalid=0.1)
            msg.t(").")
        else:
            msg.t("l'absence de réponse du ").d(
                *g.ch([("Syndic Lez Immobilier", "ORG"), ("Cabinet Gestimmo Sud (syndic)", "ORG")])
            ).t(" (SIRET ").d(g.siret(), "SIRET").t(").")
        msg.t(g.ch(["\nMon adresse électronique : ", "\nÉcrire à : ", "\nContact : "]))
        g.email(msg, p, obfuscate=g.chance(0.6))
        msg.t(
            g.ch(
                [
                    "\nCordialement,\n",
                    "\nVeuillez agréer mes salutations distinguées.\n",
                    "\nBien à vous\n",
                ]
            )
        )
        g.signature(msg, p)
        if g.chance(0.3):
            msg.t(g.ch(["\n", "\nTél. ", "\nPortable : "]))
            g.phone(msg)
    roll = g.r.random()
    if roll < 0.3:
        note.t(g.ch(["appel de ", "Appel de ", "RAPPEL DE "]))
        g.name(note, style=g.ch(["civilité", "civilité + nom", "minuscules"]))
        note.t(g.ch([" ce jour 10h, très remonté(e). rappeler au ", " — rappeler au ", " : tél "]))
        g.phone(note)
    elif roll < 0.45:
        note.t(
            g.ch(["vu avec son fils ", "message laissé par ", "signalé par ", "en présence de "])
        )
        g.name(note, style=g.ch(["Prénom Nom", "minuscules", "civilité"]))
        note.t(" – dossier transmis au service le ").d(g.date(), "DATE_EVENEMENT")
    elif roll < 0.55:
        note.t("RDV : ").d(g.ch(EQUIP_PERSONNE), "EQUIPEMENT_PERSONNE").t(", ").d(
            g.date(), "DATE_EVENEMENT"
        )
    else:
        note.t(g.ch(["", "Dossier incomplet.", "Relance envoyée."]))
    roll = g.r.random()
    rep.t("Votre réclamation a été transmise ")
    if roll < 0.4:
        rep.t("à la ").d("Régie des eaux", "ORG").t(" (").d("04 99 52 38 00", "ORG_TEL").t(", ").d(
            "reclamations@regie-eaux-3m.fr", "ORG_EMAIL"
        ).t(").")
    elif roll < 0.7:
        rep.t("au service compétent, ").d(
            "Espace Martin Luther King, 27 boulevard Louis Blanc", "ORG_ADRESSE"
        ).t(".")
    else:
        rep.t("le ").d(g.date(), "DATE_EVENEMENT").t(" ; geste commercial de ").d(
            g.amount(10, 200) + " €", "MONTANT"
        ).t(".")
    rep.t("\nLe Médiateur de la Métropole\n").d("mediateur@montpellier3m.fr", "ORG_EMAIL")
    return {
        "N° saisine": code(f"MED-{g.r.randrange(2024, 2026)}-{i + 1:04d}"),
        "Date de réception": decoy(g.date(), "DATE_EVENEMENT"),
        "Canal": decoy(canal, "TEXTE"),
        "Service concerné": decoy(service, "TEXTE"),
        "Message du requérant": msg,
        "Note d'entretien": note,
        "Réponse du médiateur": rep,
    }


def row_plantations(g: Gen, i: int) -> Row:
    town, _ = g.ch([c for c in COMMUNES if c[0] in INSEE])
    partner = g.ch(
        [
            o
            for o in ORGS
            if o[0].startswith(
                ("Association", "Amicale", "Comité", "Collectif", "Institut", "Fondation")
            )
        ]
        + [
            (e, "EQUIPEMENT_PERSONNE")
            for e in EQUIP_PERSONNE
            if e.startswith(("École", "Collège", "Lycée", "Groupe"))
        ]
    )
    site = Cell()
    kind = g.ch(["VOIE_PERSONNE", "EQUIP", "TRAM"])
    if kind == "VOIE_PERSONNE":
        site.t("Alignement ").d(g.ch(VOIES_PERSONNE), "VOIE_PERSONNE")
    elif kind == "EQUIP":
        site.d(g.ch(EQUIP), "EQUIPEMENT")
    else:
        site.t("Abords de la station ").d(g.ch(TRAM), "ARRET_TRAM")
    remark = Cell()
    if g.chance(0.3):
        remark.t("Micro-forêt baptisée en l'honneur de ").d(g.ch(FAMOUS), "PERSONNALITE")
    elif g.chance(0.3):
        remark.t("Arrosage : ").d("Direction Paysage et biodiversité", "TEXTE").t(", ").d(
            "04 67 34 88 00", "ORG_TEL"
        )
    return {
        "Site": site,
        "Commune": decoy(town, "COMMUNE"),
        "Code INSEE": code(INSEE[town]),
        "Essence": decoy(
            g.ch(
                [
                    "Chêne vert",
                    "Micocoulier",
                    "Tilleul",
                    "Arbousier",
                    "Pin pignon",
                    "Érable de Montpellier",
                    "Frêne à fleurs",
                ]
            ),
            "TEXTE",
        ),
        "Nombre de plants": code(str(g.r.randrange(1, 400))),
        "Date de plantation": decoy(g.date((2019, 2026)), "DATE_EVENEMENT"),
        "Partenaire": decoy(*partner),
        "SIRET partenaire": decoy(g.siret(), "SIRET"),
        "Référent": decoy(
            g.ch(
                [
                    "Service Arbres en ville",
                    "Direction Paysage et biodiversité",
                    "Pôle proximité Est",
                ]
            ),
            "TEXTE",
        ),
        "Latitude": decoy(f"{43.55 + g.r.random() * 0.12:.6f}", "GPS"),
        "Longitude": decoy(f"{3.78 + g.r.random() * 0.18:.6f}", "GPS"),
        "Remarque": remark,
    }


@dataclass
class Case:
    cid: str
    title: str
    row: RowFn
    columns: list[str]
    encoding: str | None  # manifest spelling; None = Parquet
    delimiter: str = ","
    eol: str = "\n"
    policy: str | None = None
    tests: str = ""

    @property
    def codec(self) -> str | None:
        return CODECS[self.encoding] if self.encoding else None


def cases() -> list[Case]:
    return [
        Case(
            "s6c01_concessions_funeraires",
            "Concessions funéraires (titulaires, défunts, ayants droit)",
            row_concessions,
            [
                "N° concession",
                "Cimetière",
                "Emplacement",
                "Durée",
                "Date d'acquisition",
                "Titulaire",
                "Adresse du titulaire",
                "Téléphone",
                "Défunts inhumés",
                "Ayants droit",
                "Montant (€)",
                "Observations",
            ],
            "Windows-1252",
            ";",
            "\r\n",
            tests="holders mixing persons and organisations; lists of deceased and heirs with relationships and dates (multi-line); renewal notes with phones and obfuscated e-mails; marbriers / pompes funèbres named after people; famous graves",
        ),
        Case(
            "s6c02_sejours_vacances",
            "Séjours de vacances (enfants, responsables, personnes à prévenir)",
            row_sejours,
            [
                "N° inscription",
                "Séjour",
                "Dates",
                "Accueil de loisirs",
                "Enfant",
                "Date de naissance",
                "Responsable légal",
                "Téléphone",
                "Courriel",
                "N° allocataire CAF",
                "Personne à prévenir",
                "Observations",
                "Montant réglé",
            ],
            "UTF-8",
            ",",
            "\n",
            policy="p02_sejours.yaml",
            tests="children and parents sharing surnames; emergency contact = name + phone in one cell; multi-line observations (health notes, who picks the child up, SMS-style notes, birth date in prose); care institutions and employers of parents kept",
        ),
        Case(
            "s6c03_candidatures_emploi",
            "Candidatures aux emplois municipaux (identifiants directs)",
            row_candidatures,
            [
                "Réf. offre",
                "Poste",
                "Direction",
                "Nom",
                "Prénom",
                "Date de naissance",
                "N° sécurité sociale",
                "Adresse",
                "Téléphone",
                "Courriel",
                "Dernier employeur",
                "Président du jury",
                "Avis du jury",
            ],
            "ISO-8859-1",
            "\t",
            "\r\n",
            policy="p03_candidatures.yaml",
            tests="Nom / Prénom columns, NIR (15 % bad key), invalid phones / e-mails / dates; previous employers (organisations) kept; jury chair is an elected official (policy); referees named in the jury's opinion",
        ),
        Case(
            "s6c04_petition_signataires",
            "Pétition citoyenne (signataires)",
            row_petition,
            [
                "Pétition",
                "Date de signature",
                "Signataire",
                "Code postal",
                "Commune",
                "Courriel",
                "Commentaire",
                "Relayée par",
            ],
            "UTF-8 with BOM",
            ";",
            "\n",
            tests="signatories in every rendering (lower case, upper case, initials); petitions naming streets, pools, libraries and tram stops after people; comments in SMS style and capitals with phones, home addresses, spouses; associations signing",
        ),
        Case(
            "s6c05_stationnement_residentiel",
            "Vignettes de stationnement résidentiel",
            row_stationnement,
            [
                "N° vignette",
                "Zone",
                "Catégorie",
                "Titulaire",
                "Adresse",
                "Immatriculation",
                "Véhicule",
                "Début de validité",
                "Fin de validité",
                "Téléphone",
                "SIRET",
                "Pièces justificatives",
            ],
            None,
            tests="Parquet; plates of residents (every format) vs organisations' fleet (unscored); companies' SIRET, address and landline kept; proofs naming the holder or the spouse",
        ),
        Case(
            "s6c06_permis_construire",
            "Permis de construire (demandeurs particuliers et personnes morales)",
            row_permis,
            [
                "N° PC",
                "Date de dépôt",
                "Demandeur",
                "Qualité",
                "Adresse de correspondance",
                "Téléphone",
                "Courriel",
                "Terrain",
                "Parcelle",
                "Architecte",
                "Nature des travaux",
                "Surface de plancher (m²)",
                "Décision",
                "Observations du service",
            ],
            "UTF-8",
            ",",
            "\r\n",
            policy="p06_permis.yaml",
            tests="private applicants vs SCI / SCCV / social landlords in one column (policy redact_natural_persons); architects' firms named after people; neighbours' appeals with home addresses; parcel references and permit numbers kept",
        ),
        Case(
            "s6c07_conservatoire_inscriptions",
            "Inscriptions au conservatoire (élèves, responsables, prélèvement)",
            row_conservatoire,
            [
                "N° élève",
                "Nom",
                "Prénom",
                "Date de naissance",
                "Instrument",
                "Cycle",
                "Lieu des cours",
                "Responsable légal",
                "Téléphone",
                "Courriel",
                "N° allocataire CAF",
                "IBAN",
                "Tarif annuel (€)",
                "Remarques",
            ],
            "Windows-1252",
            "\t",
            "\n",
            policy="p07_conservatoire.yaml",
            tests="Nom / Prénom columns, IBAN (12 % invalid, grouped / compact / lower case) and a new IBAN in remarks; CAF numbers; composers named in remarks; student numbers with leading zeros",
        ),
        Case(
            "s6c08_conseil_municipal",
            "Conseil municipal : ordre du jour et interventions du public",
            row_conseil,
            [
                "Séance",
                "Point",
                "Président de séance",
                "Rapporteur",
                "Objet",
                "Intervention du public",
                "Vote",
            ],
            "UTF-8",
            "|",
            "\r\n",
            policy="p08_conseil.yaml",
            tests="elected officials in public columns (policy only); private owners and injured persons in the agenda item; citizens speaking in the public session (civilities, capitals, e-mails) next to places and organisations named after people",
        ),
        Case(
            "s6c09_mediateur_reclamations",
            "Saisines du médiateur (lettres, notes téléphoniques, réponses)",
            row_mediateur,
            [
                "N° saisine",
                "Date de réception",
                "Canal",
                "Service concerné",
                "Message du requérant",
                "Note d'entretien",
                "Réponse du médiateur",
            ],
            "Windows-1252",
            ",",
            "\r\n",
            tests="formal letters with 'Je soussigné(e)', birth dates in prose, home addresses, IBAN, NIR, plates, obfuscated e-mails and signatures; SMS in lower case; phone notes ('appel de', 'vu avec'); the ombudsman's function mailbox, utilities' lines and addresses kept",
        ),
        Case(
            "s6c10_plantations_clean",
            "Plantations d'arbres (fichier propre)",
            row_plantations,
            [
                "Site",
                "Commune",
                "Code INSEE",
                "Essence",
                "Nombre de plants",
                "Date de plantation",
                "Partenaire",
                "SIRET partenaire",
                "Référent",
                "Latitude",
                "Longitude",
                "Remarque",
            ],
            "UTF-8 with BOM",
            ",",
            "\n",
            tests="clean file: streets, schools, tram stops and micro-forests named after people, partners, SIRET, INSEE codes, GPS with trailing zeros: every cell must survive",
        ),
    ]


POLICIES = {
    "p02_sejours.yaml": """\
# Séjours de vacances : l'enfant et ses proches sont des personnes privées ; le séjour et
# l'accueil de loisirs sont publics.
version: 1
columns:
  "Enfant": redact
  "Date de naissance": "generalize:year"
  "Personne à prévenir": mask_text
  "Observations": mask_text
  "Accueil de loisirs": keep
default: auto
""",
    "p03_candidatures.yaml": """\
version: 1
description: Suivi statistique des recrutements ; le président du jury est un élu.
public_columns: ["Président du jury"]
columns:
  "Nom": pseudonymize
  "Prénom": redact
  "Date de naissance": "generalize:year"
  "N° sécurité sociale": drop
  "Avis du jury": mask_text
  "Dernier employeur": keep
default: auto
""",
    "p06_permis.yaml": """\
# Permis de construire : demandeurs particuliers remplacés, personnes morales conservées.
version: 1
columns:
  "Demandeur": redact_natural_persons
  "Observations du service": mask_text
  "Architecte": keep
default: auto
""",
    "p07_conservatoire.yaml": """\
version: 1
columns:
  "Nom": pseudonymize
  "Prénom": redact
  "Date de naissance": "generalize:year"
  "IBAN": drop
  "Remarques": mask_text
  "Lieu des cours": keep
default: auto
""",
    "p08_conseil.yaml": """\
# Conseil municipal : président de séance et rapporteur sont des élus (publics) ;
# les personnes qui interviennent en séance publique ne le sont pas.
version: 1
public_columns: ["Président de séance", "Rapporteur"]
columns: {"Objet": mask_text, "Intervention du public": mask_text}
default: auto
""",
}


@dataclass
class Built:
    case: Case
    columns: list[str]
    rows: list[list[str]]
    planted: list[dict[str, Any]]
    decoys: list[dict[str, Any]]


def build(case: Case, seed: int, nrows: int, S: ModuleType) -> Built:
    """Draw the case's rows, each keyed exactly (a row that cannot be is drawn again)."""
    g = Gen(random.Random(f"{seed}:{case.cid}"))
    columns = [fit(c, case.codec) for c in case.columns]
    out = Built(case, columns, [], [], [])
    for i in range(nrows):
        for _attempt in range(200):
            cells = case.row(g, i)
            assert list(cells) == case.columns, case.cid
            try:
                row, planted, decoys = key_row(S, case, i, cells)
                break
            except Retry:
                continue
        else:
            raise RuntimeError(f"{case.cid}: row {i} could not be keyed")
        out.rows.append(row)
        out.planted += planted
        out.decoys += decoys
    return out


def key_row(
    S: ModuleType, case: Case, i: int, cells: Row
) -> tuple[list[str], list[dict], list[dict]]:
    row, planted, decoys = [], [], []
    for col in case.columns:
        cell = cells[col]
        cell = cell if isinstance(cell, Cell) else Cell().t(cell)
        text = fit("".join(cell.parts), case.codec)
        if case.eol == "\n":
            text = text.replace("\r", "")
        head = {"row": i, "column": fit(col, case.codec)}
        ps = [
            {
                **head,
                **it,
                "value": fit(it["value"], case.codec),
                "must": [fit(t, case.codec) for t in it["must"]],
                "strict": [fit(t, case.codec) for t in it["strict"]],
            }
            for it in cell.plants
        ]
        ds = [{**head, **it, "value": fit(it["value"], case.codec)} for it in cell.decoys]
        check_cell(S, text, ps, ds)
        row.append(text)
        planted += ps
        decoys += ds
    return row, planted, decoys


def write(root: Path, b: Built) -> Path:
    case = b.case
    if case.encoding is None:
        path = root / "data" / f"{case.cid}.parquet"
        table = pa.table(
            {c: pa.array([r[j] for r in b.rows], pa.string()) for j, c in enumerate(b.columns)}
        )
        pq.write_table(table, path, compression="snappy")
        return path
    path = root / "data" / f"{case.cid}.csv"
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=case.delimiter, lineterminator=case.eol)
    writer.writerow(b.columns)
    writer.writerows(b.rows)
    data = buf.getvalue().encode(case.codec or "utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if case.encoding == "UTF-8 with BOM" else b"") + data)
    return path


def read_back(path: Path, case: Case) -> list[list[str]]:
    if case.encoding is None:
        d = pq.read_table(path).to_pydict()
        return [list(d), *[[d[c][i] for c in d] for i in range(len(next(iter(d.values()))))]]
    text = path.read_bytes().decode(case.codec or "utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=case.delimiter))


def verify(S: ModuleType, b: Built, table: list[list[str]]) -> None:
    """Every key record against the bytes read back: header, rows, and each cell's keying."""
    assert table[0] == b.columns and table[1:] == b.rows, b.case.cid
    col = {h: j for j, h in enumerate(table[0])}
    by_cell: dict[tuple[int, str], tuple[list[dict], list[dict]]] = {}
    for it in b.planted:
        by_cell.setdefault((it["row"], it["column"]), ([], []))[0].append(it)
    for it in b.decoys:
        by_cell.setdefault((it["row"], it["column"]), ([], []))[1].append(it)
    for (r, c), (ps, ds) in by_cell.items():
        before = json.dumps(ps)
        check_cell(S, table[1 + r][col[c]], ps, ds)
        assert json.dumps(ps) == before, (b.case.cid, r, c)


def dump_key(key: dict[str, Any]) -> str:
    """JSON with one record per line, as in the public corpus."""
    lines = ["{"] + [
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},"
        for k, v in key.items()
        if k not in ("planted", "decoys")
    ]
    for name in ("planted", "decoys"):
        recs = key[name]
        lines.append(f'"{name}": [')
        lines += [
            json.dumps(r, ensure_ascii=False, separators=(",", ":"))
            + ("," if k < len(recs) - 1 else "")
            for k, r in enumerate(recs)
        ]
        lines.append("]," if name == "planted" else "]")
    return "\n".join([*lines, "}"]) + "\n"


def generate(root: Path, seed: int, rows: int | None) -> dict[str, Any]:
    S = load_scorer()
    for sub in ("data", "keys", "policies"):
        (root / sub).mkdir(parents=True, exist_ok=True)
        for f in (root / sub).iterdir():
            f.unlink()
    for name, text in POLICIES.items():
        (root / "policies" / name).write_text(text, encoding="utf-8")
    shutil.copyfile(PUBLIC / "score.py", root / "score.py")
    manifest: dict[str, Any] = {
        "generator": "bench/anonymize_sealed6.py",
        "seed": seed,
        "cases": [],
    }
    totals: dict[str, Any] = {"planted": 0, "decoys": 0}
    per_kind_p: Counter[str] = Counter()
    per_kind_d: Counter[str] = Counter()
    for case in cases():
        b = build(case, seed, rows or 300, S)
        path = write(root, b)
        verify(S, b, read_back(path, case))
        for k, rec in enumerate(b.planted):
            rec["id"] = f"{case.cid}:P{k:05d}"
        for k, rec in enumerate(b.decoys):
            rec["id"] = f"{case.cid}:D{k:05d}"
        clean = not b.planted
        key = {
            "case": case.cid,
            "file": f"data/{path.name}",
            "rows": len(b.rows),
            "columns": b.columns,
            "clean": clean,
            "planted": b.planted,
            "decoys": b.decoys,
        }
        (root / "keys" / f"{case.cid}.json").write_text(dump_key(key), encoding="utf-8")
        kinds_p, kinds_d = (
            Counter(p["kind"] for p in b.planted),
            Counter(d["kind"] for d in b.decoys),
        )
        per_kind_p += kinds_p
        per_kind_d += kinds_d
        manifest["cases"].append(
            {
                "id": case.cid,
                "title": case.title,
                "file": key["file"],
                "format": "csv" if case.encoding else "parquet",
                "encoding": case.encoding,
                "delimiter": ({"\t": "TAB"}.get(case.delimiter, case.delimiter))
                if case.encoding
                else None,
                "line_ending": ("CRLF" if case.eol == "\r\n" else "LF") if case.encoding else None,
                "rows": len(b.rows),
                "columns": b.columns,
                "policy": f"policies/{case.policy}" if case.policy else None,
                "clean": clean,
                "quasi_identifiers": None,
                "output_ext": path.suffix[1:],
                "key": f"keys/{case.cid}.json",
                "planted": len(b.planted),
                "decoys": len(b.decoys),
                "planted_by_kind": dict(sorted(kinds_p.items())),
                "decoys_by_kind": dict(sorted(kinds_d.items())),
                "tests": case.tests,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
        totals["planted"] += len(b.planted)
        totals["decoys"] += len(b.decoys)
        print(
            f"{case.cid:34s} rows={len(b.rows):4d} planted={len(b.planted):5d} decoys={len(b.decoys):5d}"
        )
    totals["planted_by_kind"] = dict(sorted(per_kind_p.items()))
    totals["decoys_by_kind"] = dict(sorted(per_kind_d.items()))
    manifest["totals"] = totals
    (root / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"total planted={totals['planted']} decoys={totals['decoys']}")
    print("planted by kind: " + ", ".join(f"{k} {n}" for k, n in totals["planted_by_kind"].items()))
    print("decoys by kind: " + ", ".join(f"{k} {n}" for k, n in totals["decoys_by_kind"].items()))
    return manifest


def score(root: Path, cli: str, extra: list[str]) -> int:
    return subprocess.run([sys.executable, str(root / "score.py"), "--cli", cli, *extra]).returncode


def reference(root: Path) -> None:
    """Score the trivial anonymizers and print one line each."""
    from opendata_pipeline_tests.bench.sealed_corpus import TRIVIAL_CLI

    with tempfile.TemporaryDirectory(prefix="sealed6-ref-") as tmp:
        for mode in ("copy", "everything", "oracle"):
            cli, summary = (
                Path(tmp) / f"{mode}_anonymizer.py",
                Path(tmp) / f"{mode}.json",
            )  # not copy.py: it would shadow the module
            cli.write_text(TRIVIAL_CLI.format(mode=mode), encoding="utf-8")
            subprocess.run(
                [
                    sys.executable,
                    str(root / "score.py"),
                    "--cli",
                    str(cli),
                    "--jobs",
                    "2",
                    "--json",
                    str(summary),
                    "--out",
                    str(Path(tmp) / mode),
                ],
                check=True,
                capture_output=True,
            )
            s = json.loads(summary.read_text(encoding="utf-8"))["summary"]
            parts = [
                f"{m}: recall={t['removed'] / t['planted']:.3f} retention={t['kept'] / t['decoys']:.3f} "
                f"clean={t['clean_ok'] / t['clean_cells']:.3f} files_ok={t['files_ok']}/{t['files']}"
                for m, t in s.items()
            ]
            print(f"reference {mode:<10} " + " | ".join(parts), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, required=True, help="folder to write the corpus into")
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--rows", type=int, default=None, help="rows per table (default 300)")
    ap.add_argument(
        "--reference",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="score copy-through, replace-everything and the oracle",
    )
    ap.add_argument("--score", action="store_true", help="then run score.py with --cli")
    ap.add_argument("--cli", default="", help="anonymizer executable for --score")
    ap.add_argument("score_args", nargs="*", help="after --: more options for score.py")
    a = ap.parse_args()
    if not (PUBLIC / "score.py").is_file():
        sys.exit(f"{PUBLIC / 'score.py'} is missing (set OPENDATA_SHARED_DIR)")
    root = a.out.resolve()
    generate(root, a.seed, a.rows)
    if a.reference:
        reference(root)
    if a.score:
        if not a.cli:
            sys.exit("--score needs --cli")
        sys.exit(score(root, a.cli, a.score_args))


if __name__ == "__main__":
    main()
