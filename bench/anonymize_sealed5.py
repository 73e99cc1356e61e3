#!/usr/bin/env python3
"""Sealed evaluation set #5 for the anonymizer: ten French municipal tables unlike the usual ones.

    python bench/anonymize_sealed5.py --out DIR [--seed N] [--rows N] [--reference]
                                      [--score --cli PATH [-- score.py options]]

Writes DIR/data, DIR/keys, DIR/policies, DIR/manifest.json and a copy of the public scorer
(DIR/score.py, the layout of shared/eval/pii), so `python DIR/score.py --cli …` scores it.
Written blind: the anonymizer's code, the other generators and the dev sets were not read.

Tables: library readers, sports licences (parents of minors), social-housing applications,
market stall holders (sole traders vs companies), school transport, elected officials'
declarations of interests (officials public), noise complaints (letters, phone notes, SMS-style
text), wedding bookings, lost-and-found, and one clean file (cultural programme).

Every row is checked before it is kept: each planted value sits in its cell with its tokens,
masking exactly the planted values (the "oracle") leaves no planted token and every decoy, as
the scorer sees them; a row that fails is drawn again. `--reference` prints the scores of three
trivial anonymizers (copy, replace every cell, oracle).
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
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("OPENDATA_SHARED_DIR") or REPO.parent / "shared")
SCORER = SHARED / "eval" / "pii" / "score.py"

# The vocabulary and the row recipes below are kept dense on purpose (one field of a row per
# line would triple the file): the formatter leaves them as written.
# fmt: off


def words(s: str, sep: str | None = None) -> list[str]:
    return [w.strip() for w in s.split(sep) if w.strip()]


# ------------------------------------------------------------------ vocabulary (hand-typed)

FIRST_F = words("""Camille Léa Manon Chloé Inès Sarah Jade Louise Emma Zoé Anaïs Nathalie Sandrine
    Isabelle Véronique Sylvie Christine Martine Françoise Monique Marie-Claude Anne-Sophie Fatima
    Khadija Yasmina Samira Aïcha Nadia Leïla Mélissa Océane Clémence Maëlys Ambre Solène Gwenaëlle
    Ségolène Bénédicte Maryvonne Rosine Ghislaine Josiane Nicoletta Agnieszka Oksana Mariama
    Aminata Soazig Maïwenn Ludivine Pauline Élodie Coralie Noémie Świetlana Ilona Marie-Hélène Dilara""")
FIRST_M = words("""Lucas Hugo Nathan Gabriel Arthur Jules Raphaël Adam Noah Théo Mathis Enzo Kylian
    Nicolas Julien Sébastien Christophe Philippe Patrick Alain Jean-Pierre Jean-Luc Pierre-Yves
    Bernard Gérard Mohamed Karim Youssef Rachid Mehdi Bilal Moussa Mamadou Ibrahima Kévin Dylan Loïc
    Yannick Gaëtan Anthony Cyril Florian Aurélien Baptiste Grégoire Thibault Édouard Régis Serge
    Tanguy Ulysse Wojciech Mateusz Emre Vasile Joaquim Lorenzo Hocine Marc-Antoine Bixente Tiago""")
SURNAMES = words("""Martin Dubois Durand Leroy Moreau Lefebvre Garcia Bertrand Fournier Morel Girard
    Vidal Fabre Bonnet Pujol Roques Combes Arnaud Boyer Maurel Granier Bousquet Cabanis Rouquette
    Teissier Castan Azéma Camps Lafont Delmas Gleizes Sauvaire Espinasse Benali Haddad Belkacem
    Mansouri Bouzid Cherif Diallo Traoré Ndiaye N'Diaye Nguyen Tran Pham Yilmaz Şahin Kaya Ferreira
    Pereira Gonçalves Rodrigues Lopez Sanchez Martinez Fernandez Navarro Kowalski Nowak Popescu
    Ivanova Rossi Esposito Schmitt Muller Chevalier Gauthier Perrin Clément Mercier Blanchard Guillot
    Carpentier Marchand Lemaire Barbier Brunel Sabatier Vaissière Peyrot Crouzet Salvaing Abdelkader
    Mebarki Ouali Sow Konaté Coulibaly Ferrand Giraud Hoarau Payet Ribeiro Lacombe Malet Bastide
    Cazals Jourdan Roumieux Tessier Bauer Wiśniewska Lemoine Marty Pagès Rigaud Valette Vergnes
    Estève Laffont Lhermitte Granier-Vidal Martin-Lavigne Costa-Ribeiro Dupuy-Fabre N'Guessan M'Bodj Petit Blanc Boulanger Fontaine Lebrun""") + words(
    "Le Bihan, Le Gall, de Roquefeuil, d'Abzac, de la Motte, Di Stefano, Da Costa, El Amrani, Ben Hamida, "
    "Van der Berg, Ould Ahmed", ",")
PARTICLES = {"de", "du", "des", "la", "le", "da", "di", "van", "der", "el", "ben", "ould"}
ELUS = [("Hélène Carbonnel-Vidalenc", "F"), ("Maxime Auriol", "M"), ("Nadège Fontvieille", "F"),
        ("Rémi Castagnol", "M"), ("Salomé Rieutord", "F"), ("Bastien Vernazobres", "M"),
        ("Yamina Khelifi-Aubert", "F"), ("Olivier Mazerand", "M"), ("Corinne Lapeyrade", "F"),
        ("Grégory Fabrègue", "M"), ("Laure Cambessédès", "F"), ("Ahmed Benattia", "M")]
MANDATS = {"F": ["Conseillère métropolitaine", "Vice-présidente", "Adjointe au maire", "Conseillère municipale"],
           "M": ["Conseiller métropolitain", "Vice-président", "Adjoint au maire", "Conseiller municipal"]}
COMMUNES = [tuple(c.rsplit(" ", 1)) for c in words(
    "Baillargues 34670, Beaulieu 34160, Castelnau-le-Lez 34170, Castries 34160, Clapiers 34830, "
    "Cournonsec 34660, Cournonterral 34660, Fabrègues 34690, Grabels 34790, Jacou 34830, Juvignac 34990, "
    "Lattes 34970, Lavérune 34880, Le Crès 34920, Montaud 34160, Montferrier-sur-Lez 34980, Montpellier 34000, "
    "Montpellier 34070, Montpellier 34080, Montpellier 34090, Murviel-lès-Montpellier 34570, Pérols 34470, "
    "Pignan 34570, Prades-le-Lez 34730, Restinclières 34160, Saint-Brès 34670, Saint-Drézéry 34160, "
    "Saint-Geniès-des-Mourgues 34160, Saint-Georges-d'Orques 34680, Saint-Jean-de-Védas 34430, Saussan 34570, "
    "Sussargues 34160, Vendargues 34740, Villeneuve-lès-Maguelone 34750", ",")]
STREETS = words("rue de l'Aiguillerie, rue du Faubourg Figuerolles, rue des Aiguerelles, avenue de Toulouse, "
                "avenue de Lodève, rue de la Garenne, chemin de Moularès, rue des Écoles Laïques, impasse des Mûriers, "
                "allée des Tilleuls, rue du Pioch de Boutonnet, avenue de la Pompignane, rue de la Cavalerie, "
                "chemin des Barques, rue du Mas de Portaly, avenue de Palavas, route de Mende, rue des Hirondelles, "
                "avenue de Castelnau, rue du Triolet, chemin des Oliviers, rue des Genêts, impasse du Moulin à Huile, "
                "lotissement Les Cigales, rue de l'Argenterie, avenue d'Assas, chemin du Mas de Rochet, "
                "rue des Lavandes", ",")
PERSON_STREETS = words("avenue Georges Clemenceau, boulevard Louis Blanc, rue Jules Ferry, place Jean Jaurès, "
                       "avenue Jean Mermoz, boulevard Henri IV, rue Marcel de Serres, allée Jules Milhau, "
                       "rue Auguste Comte, boulevard Victor Hugo, avenue du Professeur Grasset, rue Frédéric Peyson, "
                       "avenue Pierre Mendès France, rue Lakanal, place Albert Ier", ",")
TRAM = words("Mosson, Saint-Éloi, Hôpital Lapeyronie, Boutonnet, Stade Philippe Lamour, Corum, Comédie, "
             "Gare Saint-Roch, Du Guesclin, Antigone, Léon Blum, Place de l'Europe, Rives du Lez, Port Marianne, "
             "Odysseum, Louis Blanc, Beaux-Arts, Garcia Lorca, Voltaire, Nouveau Saint-Roch, Rondelet, "
             "Jules Guesde, Albert 1er - Cathédrale, Georges Pompidou, Place Carnot, Saint-Denis, Sabines", ",")
MEDIATHEQUES = ["Médiathèque " + m for m in words(
    "Émile Zola, Federico Fellini, William Shakespeare, Jean-Jacques Rousseau, Victor Hugo, Françoise Giroud, "
    "Garcia Lorca, Aimé Césaire, Albert Camus", ",")]
MEDIATHEQUES_PLAIN = ["Médiathèque centrale", "Médiathèque de Lattes", "Bibliobus Nord"]
SPORT_SITES = words("Gymnase Jean Bouin, Piscine Suzanne Berlioux, Piscine Jean Taris, Palais des sports Pierre de "
                    "Coubertin, Gymnase François Rabelais, Stade Sabathé, Gymnase Louis Lachenal, "
                    "Piscine Marcel Spilliaert", ",")
SCHOOLS = words("Collège Clémence Royer, Collège Las Cazes, École élémentaire Jules Michelet, Groupe scolaire "
                "Condorcet, École Marie Curie, Lycée Jules Guesde, Lycée Joffre, Collège Camille Claudel, "
                "Collège Gérard Philipe, École maternelle Louise Michel", ",")
ROOMS = words("Salle des mariages de l'Hôtel de Ville; Salle Pétrarque; Salon d'honneur de la mairie annexe Mosson; "
              "Maison pour tous Léo Lagrange; Maison pour tous George Sand; Maison pour tous Joseph Ricôme; "
              "Maison pour tous Boris Vian; Salle Jacques Brel", ";")
BOOKS = [tuple(b.split(" | ")) for b in words(
    "Hugo, Victor | Les Misérables; Camus, Albert | L'Étranger; Sand, George | La Petite Fadette; "
    "Verne, Jules | Vingt mille lieues sous les mers; Duras, Marguerite | L'Amant; Ernaux, Annie | Les Années; "
    "Zola, Émile | Germinal; Musso, Guillaume | Un appartement à Paris; Slimani, Leïla | Chanson douce; "
    "Dicker, Joël | La Vérité sur l'affaire Harry Quebert; Sattouf, Riad | L'Arabe du futur; "
    "Pagnol, Marcel | La Gloire de mon père; Vargas, Fred | Pars vite et reviens tard; "
    "Thilliez, Franck | Il était deux fois; Grimaldi, Virginie | Il est grand temps de rallumer les étoiles; "
    "Delteil, Joseph | Choléra; Lemaitre, Pierre | Au revoir là-haut; Bagieu, Pénélope | Culottées; "
    "Saint-Exupéry, Antoine de | Le Petit Prince", ";")]
FAMOUS = words("Victor Hugo, George Sand, Albert Camus, Frédéric Bazille, Pierre Soulages, Georges Brassens, "
               "Paul Valéry, Olympe de Gouges, Jean Moulin, Marie Curie, Molière, Gustave Courbet, Simone Veil, "
               "Édith Piaf, Jacques Brel", ",")
CLUBS = words("Montpellier Université Club Athlétisme; ASPTT Montpellier Natation; Entente sportive de Pérols; "
              "Association sportive de Lattes Basket; Judo Club Castelnau-le-Lez; Avenir cycliste Jacou; "
              "Rugby Club Saint-Jean-de-Védas; Tennis Club de Grabels; Cercle d'escrime de Montpellier", ";")
CLUBS_PERSON = ["Cercle Pierre de Coubertin Gymnastique", "Club Léo Lagrange Pétanque",
                "Union sportive Jean Bouin Handball", "Volley Club Simone Veil"]
BAILLEURS = ["ACM Habitat", "Hérault Logement", "FDI Habitat", "Promologis", "Erilia", "CDC Habitat",
             "Un Toit pour Tous", "Habitat et Humanisme Occitanie"]
MARKETS = [("Marché des Arceaux", "EQUIPEMENT"), ("Marché du Plan Cabanes", "EQUIPEMENT"),
           ("Marché Antigone", "EQUIPEMENT"), ("Halles Castellane", "EQUIPEMENT"),
           ("Marché Jean Jaurès", "EQUIPEMENT_PERSONNE"), ("Halles Jacques Cœur", "EQUIPEMENT_PERSONNE"),
           ("Marché paysan Port Marianne", "EQUIPEMENT"), ("Marché Albert Dubout", "EQUIPEMENT_PERSONNE")]
FIRMS = [("SARL Les Vergers de Lattes", "SARL", "ORG"), ("EARL du Mas des Oliviers", "EARL", "ORG"),
         ("GAEC des Garrigues", "GAEC", "ORG"), ("SAS Fromagerie du Pic Saint-Loup", "SAS", "ORG"),
         ("SCEA Domaine de la Roque", "SCEA", "ORG"), ("SARL Pêcheries de Palavas", "SARL", "ORG"),
         ("SAS La Ruche Occitane", "SAS", "ORG"), ("SARL Primeurs Caussanel & Fils", "SARL", "ORG_PERSONNE"),
         ("EARL Domaine Henri Vialla", "EARL", "ORG_PERSONNE"),
         ("Boulangerie Maison Teisseyre SAS", "SAS", "ORG_PERSONNE")]
PRODUCTS = words("Fruits et légumes de saison, Fromages de chèvre, Olives et tapenades, Fleurs coupées, "
                 "Poissons et coquillages, Miel et pain d'épices, Vins des Grés de Montpellier, Volailles fermières, "
                 "Épices et thés, Pains et viennoiseries", ",")
CARRIERS = [("Transdev Occitanie Littoral", "ORG"), ("Keolis Montpellier", "ORG"),
            ("Autocars Delmont & Fils", "ORG_PERSONNE"), ("Voyages Gaston Rigal", "ORG_PERSONNE")]
BARS = [("Le Comptoir de l'Écusson", "8 rue de l'Université, 34000 Montpellier"),
        ("Brasserie du Corum", "12 esplanade Charles de Gaulle, 34000 Montpellier"),
        ("Discothèque Le Rockstore", "20 rue de Verdun, 34000 Montpellier"),
        ("Bar La Fiesta", "3 place Saint-Côme, 34000 Montpellier"),
        ("Karaoké Le Mikado", "145 avenue de Palavas, 34070 Montpellier"),
        ("Salle des fêtes de Lavérune", "place de la Mairie, 34880 Lavérune"),
        ("Chantier SERM – îlot Cambacérès", "avenue Raymond Dugrand, 34000 Montpellier")]
DECL_ORGS = [("Syndicat mixte du bassin du Lez", "ORG"), ("SA3M", "ORG"), ("SERM", "ORG"),
             ("Office de tourisme Montpellier Méditerranée", "ORG"), ("Université de Montpellier", "ORG"),
             ("Conservatoire d'espaces naturels d'Occitanie", "ORG"), ("Clinique Saint-Jean", "ORG"),
             ("Association Les Amis de Frédéric Bazille", "ORG_PERSONNE"),
             ("Fondation Jean Jaurès", "ORG_PERSONNE"), ("Crédit Agricole du Languedoc", "ORG")]
MONTHS = words("janvier février mars avril mai juin juillet août septembre octobre novembre décembre")
CIVIL = {"F": ["Mme", "Madame", "Mlle", "Mme"], "M": ["M.", "Monsieur", "Mr", "M."]}
SIV = "ABCDEFGHJKLMNPQRSTVWXYZ"
DOMAINS = words("gmail.com orange.fr free.fr laposte.net hotmail.fr outlook.fr sfr.fr yahoo.fr icloud.com "
                "wanadoo.fr proton.me")

# ------------------------------------------------------------------ cells and key records


@dataclass
class P:
    """A planted personal item: its exact text, kind, variant and leak tokens."""

    value: str
    kind: str
    variant: str
    must: list[str] = field(default_factory=list)
    strict: list[str] = field(default_factory=list)


@dataclass
class D:
    """A decoy: a value the anonymizer must keep verbatim."""

    value: str
    kind: str
    modes: list[str] | None = None


Part = Any  # str | P | D | a list of parts


def flat(*parts: Part) -> list[str | P | D]:
    out: list[str | P | D] = []
    for p in parts:
        if isinstance(p, (list, tuple)):
            out += flat(*p)
        elif p not in (None, ""):
            out.append(p)
    return out


def text_of(parts: list[str | P | D]) -> str:
    return "".join(p if isinstance(p, str) else p.value for p in parts)


@dataclass
class Person:
    first: str
    last: str
    sex: str


def ascii_(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


TRANSLIT = {"œ": "oe", "Œ": "OE", "€": "EUR", "–": "-", "’": "'", "«": '"', "»": '"'}


def translit(s: str, codec: str) -> str:
    """Characters `codec` cannot hold become their closest Latin letters (file and key alike)."""
    out = []
    for ch in s:
        try:
            ch.encode(codec)
            out.append(ch)
        except UnicodeEncodeError:
            out.append(TRANSLIT.get(ch) or ascii_(ch) or "?")
    return "".join(out)


class Gen:
    """Random draws of persons, identifiers and their renderings, from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def pick(self, seq: Sequence[Any]) -> Any:
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def person(self, sex: str | None = None) -> Person:
        sex = sex or self.pick(["F", "M"])
        return Person(self.pick(FIRST_F if sex == "F" else FIRST_M), self.pick(SURNAMES), sex)

    # names ------------------------------------------------------------
    @staticmethod
    def last_tokens(last: str) -> list[str]:
        toks = [re.sub(r"^[dD]'", "", t) for t in re.split(r"[\s-]+", last)]
        return [t for t in toks if t and t.casefold() not in PARTICLES]

    def name(self, p: Person, variant: str = "") -> P:
        """One rendering of a person's name (a civility or « famille » stays outside the value)."""
        v = variant or self.pick(["Prénom Nom", "NOM Prénom", "NOM, Prénom", "Nom Prénom", "minuscules",
                                  "majuscules", "initiales", "Prénom Nom"])
        f, last = p.first, p.last
        up = last.upper()
        fmt = {"Prénom Nom": (f"{f} {last}", last, f), "NOM Prénom": (f"{up} {f}", up, f),
               "NOM, Prénom": (f"{up}, {f}", up, f), "Nom Prénom": (f"{last} {f}", last, f),
               "minuscules": (f"{f} {last}".lower(), last.lower(), f.lower()),
               "majuscules": (f"{f} {last}".upper(), up, f.upper()), "Prénom NOM": (f"{f} {up}", up, f),
               "initiales": ("-".join(x[0] + "." for x in f.split("-")) + f" {last}", last, ""),
               "nom seul": (last, last, ""), "NOM seul": (up, up, "")}
        value, ln, fn = fmt[v]
        must = self.last_tokens(ln)
        return P(value, "NOM", v, must, must + (fn.split() if fn else []))

    def civ_name(self, p: Person, full: bool | None = None) -> list[Part]:
        """« Mme Prénom Nom » or « M. NOM »: the civility is text, the name the item."""
        civ = self.pick(CIVIL[p.sex] + (["Dr", "Me"] if self.chance(0.15) else []))
        if full if full is not None else self.chance(0.6):
            return [civ + " ", self.name(p, self.pick(["Prénom Nom", "Prénom NOM", "Prénom Nom"]))]
        return [civ + " ", self.tagged(p, self.pick(["nom seul", "NOM seul"]), "civilité + nom")]

    def tagged(self, p: Person, rendering: str, variant: str) -> P:
        """A rendering recorded under the variant its context names (« famille X », a signature)."""
        item = self.name(p, rendering)
        item.variant = variant
        return item

    def misspelt(self, p: Person) -> list[Part]:
        """« M. Rouqette »: a neighbour's surname written by ear (a letter dropped or two swapped)."""
        last = self.pick([x for x in SURNAMES if re.fullmatch(r"[A-Z][a-zéèç]{5,}", x)])
        i = self.r.randint(2, len(last) - 3)
        typo = last[:i] + last[i + 1 :] if self.chance(0.5) else last[:i] + last[i + 1] + last[i] + last[i + 2 :]
        return [self.pick(CIVIL[p.sex]) + " ", P(typo, "NOM", "orthographe fautive", [typo], [typo])]

    def first_only(self, p: Person, variant: str = "prénom seul") -> P:
        return P(p.first, "PRENOM", variant, [p.first], [p.first])

    # contact details and identifiers ------------------------------------
    def phone(self, mobile: bool = True, variant: str = "") -> P:
        d = self.pick(["06", "07"]) if mobile else self.pick(["0467", "0499", "0411", "0434"])
        digits = d + "".join(str(self.r.randint(0, 9)) for _ in range(10 - len(d)))
        pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
        v = variant or self.pick(["space", "space", "dot", "compact", "dash", "intl", "intl_compact", "0033",
                                  "intl0", "nbsp", "invalide"])
        rest = digits[1] + " " + " ".join(pairs[1:])
        value = {"space": " ".join(pairs), "dot": ".".join(pairs), "compact": digits, "dash": "-".join(pairs),
                 "intl": "+33 " + rest, "intl_compact": "+33" + digits[1:], "0033": "0033 " + rest,
                 "intl0": "+33 (0)" + rest, "nbsp": "\u00a0".join(pairs), "invalide": " ".join(pairs)[:-1]}[v]
        return P(value, "TEL", ("mobile " if mobile else "fixe ") + v)

    def email(self, p: Person, variant: str = "") -> P:
        f = ascii_(p.first).lower().replace(" ", "")
        last = ascii_(p.last).lower().replace(" ", "").replace("'", "")
        local = self.pick([f"{f}.{last}", f"{f[0]}{last}", f"{last}.{f}{self.r.randint(1, 99)}", f"{f}_{last}",
                           f"{f}{last}{self.r.randint(30, 34)}", f"{last}-{f[0]}"])
        dom = self.pick(DOMAINS)
        v = variant or self.pick(["valide"] * 5 + ["majuscules", "(at)", "[at][dot]", "arobase", "sans TLD"])
        host, tld = dom.rsplit(".", 1)
        value = {"valide": f"{local}@{dom}", "majuscules": f"{local}@{dom}".upper(),
                 "(at)": f"{local} (at) {dom}", "[at][dot]": f"{local}[at]{host}[dot]{tld}",
                 "arobase": f"{local} arobase {dom}", "sans TLD": f"{local}@{host}"}[v]
        loc = local.upper() if v == "majuscules" else local
        return P(value, "EMAIL", v, [loc], [loc])

    def address(self, variant: str = "", city: bool | None = None) -> P:
        v = variant or self.pick(["voie ordinaire", "voie ordinaire", "voie nommée d'après une personne",
                                  "résidence", "bis/ter"])
        n = self.r.randint(1, 180)
        street = self.pick(PERSON_STREETS if v == "voie nommée d'après une personne" else STREETS)
        value = {"résidence": f"Résidence {self.pick(['Les Pins', 'Le Parc', 'Les Acacias', 'Les Arceaux'])}, "
                              f"bât. {self.pick('ABCDE')}, apt {self.r.randint(1, 60)}, {n} {street}",
                 "bis/ter": f"{n} {self.pick(['bis', 'ter'])} {street}"}.get(v, f"{n} {street}")
        if city if city is not None else self.chance(0.4):
            commune, cp = self.pick(COMMUNES)
            value += self.pick([", ", ", ", "  ", "\n"]) + f"{cp} {commune}"  # as typed in real files
        return P(value, "ADRESSE", v)

    def birth(self, year: tuple[int, int] = (1935, 2004), variant: str = "") -> P:
        y, m, d = self.r.randint(*year), self.r.randint(1, 12), self.r.randint(1, 28)
        v = variant or self.pick(["slash", "slash", "iso", "long", "dot", "invalide"])
        value = {"slash": f"{d:02d}/{m:02d}/{y}", "iso": f"{y}-{m:02d}-{d:02d}", "long": f"{d} {MONTHS[m - 1]} {y}",
                 "dot": f"{d:02d}.{m:02d}.{y}", "invalide": f"{self.r.randint(30, 31)}/02/{y}"}[v]
        return P(value, "DATE_NAISSANCE", v)

    def nir(self, p: Person, variant: str = "") -> P:
        dept = self.pick(["34", "34", "30", "13", "75", "2A", "99"])
        body = (f"{1 if p.sex == 'M' else 2}{self.r.randint(40, 99):02d}{self.r.randint(1, 12):02d}"
                f"{dept}{self.r.randint(1, 990):03d}{self.r.randint(1, 999):03d}")
        key = 97 - int(body.replace("2A", "19").replace("2B", "18")) % 97
        v = variant or self.pick(["spaced", "compact", "spaced", "clé invalide"])
        if v == "clé invalide":
            key = (key + self.r.randint(1, 50)) % 97 or 1
        s = f"{body}{key:02d}"
        value = s if v == "compact" else " ".join([s[0], s[1:3], s[3:5], s[5:7], s[7:10], s[10:13], s[13:]])
        return P(value, "NIR", v)

    def iban(self, variant: str = "") -> P:
        bank, branch = f"{self.r.randint(10000, 99999)}", f"{self.r.randint(0, 99999):05d}"
        acct = f"{self.r.randint(0, 10**11 - 1):011d}"
        rib = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = f"{bank}{branch}{acct}{rib:02d}"
        check = 98 - int(bban + "152700") % 97
        v = variant or self.pick(["grouped", "grouped", "compact", "minuscules", "clé invalide"])
        if v == "clé invalide":
            check = (check + self.r.randint(1, 40)) % 97 + 2
        s = f"FR{check:02d}{bban}"
        value = s if v == "compact" else " ".join(s[i : i + 4] for i in range(0, len(s), 4))
        return P(value.lower() if v == "minuscules" else value, "IBAN", v)

    def plate(self, variant: str = "") -> P:
        v = variant or self.pick(["siv", "siv", "siv espaces", "siv compact", "minuscules", "fni"])
        a = self.pick([x for x in SIV if x not in "SW"]) + self.pick(SIV)
        b, n = self.pick(SIV) + self.pick(SIV), f"{self.r.randint(1, 999):03d}"
        value = {"siv": f"{a}-{n}-{b}", "siv espaces": f"{a} {n} {b}", "siv compact": f"{a}{n}{b}",
                 "minuscules": f"{a}-{n}-{b}".lower(),
                 "fni": f"{self.r.randint(100, 9999)} {self.pick(SIV)}{self.pick(SIV)} 34"}[v]
        return P(value, "IMMAT", v)

    def caf(self, variant: str = "") -> P:
        v = variant or self.pick(["7 chiffres", "7 chiffres", "zéro initial"])
        lead = "0" if v == "zéro initial" else str(self.r.randint(1, 9))
        return P(f"{lead}{self.r.randint(0, 999999):06d}", "CAF", v)

    # decoys -----------------------------------------------------------
    def siret(self) -> D:
        def luhn_digit(payload: str) -> str:
            total = 0
            for i, ch in enumerate(reversed(payload)):
                x = int(ch) * (2 if i % 2 == 0 else 1)
                total += x - 9 if x > 9 else x
            return str((10 - total % 10) % 10)
        siren = str(self.r.randint(1, 9)) + "".join(str(self.r.randint(0, 9)) for _ in range(7))
        siren += luhn_digit(siren)
        nic = f"{self.r.randint(1, 9999):04d}"
        return D(siren + nic + luhn_digit(siren + nic), "SIRET")

    def date_ev(self, year: int = 2025, fmt: str = "slash") -> D:
        m, d = self.r.randint(1, 12), self.r.randint(1, 28)
        return D(f"{year}-{m:02d}-{d:02d}" if fmt == "iso" else f"{d:02d}/{m:02d}/{year}", "DATE_EVENEMENT")

    def money(self, lo: int, hi: int) -> D:
        return D(f"{self.r.randint(lo, hi):,}".replace(",", " ") + "," + self.pick(["00", "50", "20"]), "MONTANT")

    def org_phone(self) -> D:
        d = "04" + self.pick(["67", "99"]) + "".join(str(self.r.randint(0, 9)) for _ in range(6))
        return D(" ".join(d[i : i + 2] for i in range(0, 10, 2)), "ORG_TEL")

    def org_email(self, name: str) -> D:
        slug = "-".join(re.findall(r"[a-z0-9]+", ascii_(name).lower())[-3:])
        return D(f"{self.pick(['contact', 'accueil', 'secretariat', 'bureau'])}@{slug}.fr", "ORG_EMAIL")

    def org_address(self) -> D:
        commune, cp = self.pick(COMMUNES)
        street = self.pick(["ZA du Salaison", "parc d'activités Garosud", "Mas de Bellevue", "ZAC de la Lauze",
                            "rue de la Coopérative", "route de Sète"])
        return D(f"{self.r.randint(1, 90)} {street}, {cp} {commune}", "ORG_ADRESSE")


# ------------------------------------------------------------------ the ten tables
# Each recipe returns one row: {column: parts}; a column absent from the dict is empty.


def row_library(g: Gen) -> dict[str, Part]:
    p = g.person()
    author, title = g.pick(BOOKS)
    site = g.pick(MEDIATHEQUES + MEDIATHEQUES_PLAIN)
    commune, cp = g.pick(COMMUNES)
    minor = g.chance(0.3)
    rem: list[Part] = []
    k = g.r.randint(0, 7)
    if k == 1:
        rem = ["Relancé par SMS au ", g.phone(), " (3 documents en retard)"]
    elif k == 2 and minor:
        rem = ["Inscription faite par sa mère, ", g.civ_name(Person(g.pick(FIRST_F), p.last, "F"), True), ", tél. ", g.phone()]
    elif k == 3:
        rem = ["Carte perdue - duplicata remis le ", g.date_ev(), ". Amende ", g.money(1, 9), " € réglée"]
    elif k == 4:
        rem = ["Réservation : « ", D(g.pick(BOOKS)[1], "TEXTE"), " », à retirer ", D(g.pick(MEDIATHEQUES), "EQUIPEMENT_PERSONNE")]
    elif k == 5:
        rem = ["mail erroné, nouvelle adresse donnée à l'accueil : ", g.email(p)]
    elif k == 6:
        rem = ["Carte famille partagée avec ", g.name(g.person(), "Prénom Nom"), " (même foyer)"]
    return {"Abonnement": D(g.pick(["Plein tarif", "Tarif réduit", "Gratuit -18 ans", "Carte famille"]), "TEXTE"),
            "Lecteur": g.name(p, g.pick(["NOM Prénom", "NOM Prénom", "NOM, Prénom", "Prénom Nom", "majuscules"])),
            "Né(e) le": g.birth((2008, 2019) if minor else (1940, 2006), g.pick(["slash", "slash", "iso"])),
            "Adresse": [g.address(city=False)] + ([" (tél. domicile ", g.phone(False), ")"] if g.chance(0.08) else []), "CP": cp, "Ville": D(commune, "COMMUNE"),
            "Tél.": g.phone(g.chance(0.8)) if g.chance(0.85) else "", "Mél": g.email(p) if g.chance(0.8) else "",
            "Site de rattachement": D(site, "EQUIPEMENT_PERSONNE" if site in MEDIATHEQUES else "EQUIPEMENT"),
            "Dernier document emprunté": D(title, "TEXTE"), "Auteur": D(author, "PERSONNALITE"),
            "Retour prévu le": g.date_ev(), "Remarques": rem}


def row_sport(g: Gen) -> dict[str, Part]:
    p = g.person()
    minor = g.chance(0.65)
    club = g.pick(CLUBS + CLUBS_PERSON)
    toks = Gen.last_tokens(p.last)
    row: dict[str, Part] = {
        "club": D(club, "ORG_PERSONNE" if club in CLUBS_PERSON else "ORG"),
        # a licence number is one person's identifier: neither planted nor a decoy (unscored)
        "num_licence": f"{g.r.randint(10, 99)}{g.pick('ABC')}{g.r.randint(100000, 999999)}",
        "nom_licencie": P(p.last, "NOM", "colonne Nom", toks, toks), "prenom_licencie": g.first_only(p, "colonne Prénom"),
        "date_naissance": g.birth((2009, 2019) if minor else (1955, 2005), g.pick(["iso", "slash"])),
        "categorie": D(g.pick(["U9", "U11", "U13", "U15", "U17"] if minor else ["Senior", "Vétéran"]), "TEXTE"),
        "equipement": D(g.pick(SPORT_SITES), "EQUIPEMENT_PERSONNE"),
        "date_certificat_medical": g.date_ev(2025, "iso"), "cotisation_eur": g.money(60, 380)}
    if minor:
        parent = g.person(g.pick(["F", "F", "M"]))
        parent.last = p.last if g.chance(0.7) else parent.last
        rep: Part
        if g.chance(0.2):
            other = g.pick(FIRST_M if parent.sex == "F" else FIRST_F)
            ptoks = Gen.last_tokens(parent.last)
            rep = P(f"{parent.first} et {other} {parent.last}", "NOM", "couple (prénoms)", ptoks,
                    ptoks + parent.first.split() + other.split())
        else:
            rep = g.civ_name(parent) if g.chance(0.5) else g.name(parent, g.pick(["NOM Prénom", "Prénom Nom"]))
        row.update({"representant_legal": rep, "tel_representant": g.phone(), "mail_representant": g.email(parent)})
    else:
        row.update({"tel_representant": g.phone(), "mail_representant": g.email(p) if g.chance(0.7) else ""})
    k = g.r.randint(0, 6)
    if k == 1 and minor:
        row["commentaire"] = ["Frère/sœur au club : ", g.first_only(g.person()), " (", D(g.pick(["U9", "U11", "U13"]), "TEXTE"), ")"]
    elif k == 2:
        row["commentaire"] = ["Paiement en 3 chèques, titulaire du compte : ", g.civ_name(g.person(), True)]
    elif k == 3:
        helper = g.pick(["CE Airbus Helicopters", "Secours populaire de l'Hérault", "Comité d'entreprise Dell"])
        row["commentaire"] = ["Pass'Sport + aide ", D(helper, "ORG"), " (", g.org_phone(), ")"]  # an organisation's line
    elif k == 4:
        row["commentaire"] = ["Covoiturage avec la famille ", g.tagged(g.person(), "nom seul", "famille"), " pour les matchs"]
    return row


def row_housing(g: Gen) -> dict[str, Part]:
    p, q = g.person(), g.person()
    commune, _ = g.pick(COMMUNES)
    couple = g.chance(0.45)
    k = g.r.randint(0, 6)
    motif: list[Part] = [
        ["Logement actuel trop petit (", D(f"{g.r.randint(18, 45)} m²", "TEXTE"), ") pour ", D(f"{g.r.randint(3, 6)} personnes", "TEXTE")],
        ["Séparation. Hébergée provisoirement chez sa sœur, ", g.civ_name(g.person("F")), ", ", g.address(city=True)],
        ["Décohabitation : vit chez ses parents (famille ", g.tagged(p, "nom seul", "famille"), ") à ", D(commune, "COMMUNE")],
        ["Congé pour vente délivré par le propriétaire, ", g.civ_name(g.person()), ", échéance ", g.date_ev(2026)],
        ["Logement non décent signalé au ", D("Service communal d'hygiène et de santé", "ORG"), " ; bail au nom de ", g.name(p, "Prénom Nom")],
        ["Mutation professionnelle au ", D(g.pick(["CHU de Montpellier", "Centre hospitalier de Lunel", "Dell Montpellier"]), "ORG"),
         ", né le ", g.birth(variant="long")],
        ["Rapprochement du lieu de travail, pas de véhicule. Joignable au ", g.phone()]][k]
    suivi = g.pick([["Dossier présenté en CAL du ", g.date_ev(2025)],
                    ["Pièce manquante : avis d'imposition. Courrier envoyé à ", g.civ_name(p), " le ", g.date_ev(2025)],
                    ["Attestation au nom de ", g.civ_name(Person(g.pick(FIRST_F), p.last, "F"), True), " née ",
                     g.tagged(g.person(), "NOM seul", "nom de naissance (née)"), ", à compléter"],
                    ["RIB transmis pour le dépôt de garantie : ", g.iban()],
                    ["Proposition ", D(g.pick(BAILLEURS), "ORG"), " refusée (étage élevé)"],
                    ["Orientée vers l'", D("Agence départementale pour l'information sur le logement", "ORG"), ", ",
                     g.org_phone(), " – ", D("contact@adil34.org", "ORG_EMAIL")], ""])
    co = Person(q.first, q.last if g.chance(0.5) else p.last, q.sex)
    return {"Date de dépôt": g.date_ev(2025),
            "Demandeur": g.name(p, g.pick(["NOM Prénom", "NOM Prénom", "Prénom Nom", "majuscules", "NOM, Prénom"])),
            "Conjoint / co-titulaire": g.name(co, g.pick(["NOM Prénom", "Prénom Nom"])) if couple else "",
            "Date de naissance du demandeur": g.birth((1940, 2004), g.pick(["slash", "slash", "iso", "invalide"])),
            "N° allocataire": g.caf() if g.chance(0.8) else "", "N° de sécurité sociale": g.nir(p),
            "Adresse actuelle": g.address(city=False), "Commune": D(commune, "COMMUNE"),
            "Composition familiale": D(f"{2 if couple else 1} adulte{'s' if couple else ''}, {g.r.randint(0, 4)} enfant(s)", "TEXTE"),
            "Ressources mensuelles (€)": g.money(600, 3800), "Bailleur souhaité": D(g.pick(BAILLEURS), "ORG"),
            "Motif de la demande": motif, "Suivi": suivi}


def row_market(g: Gen) -> dict[str, Part]:
    market, mk = g.pick(MARKETS)
    row: dict[str, Part] = {
        "Marché": D(market, mk), "Jour(s)": D(g.pick(["Mardi", "Samedi", "Mardi et samedi", "Du mardi au dimanche"]), "TEXTE"),
        "N° emplacement": D(f"{g.pick('ABCDEF')}{g.r.randint(1, 80):02d}", "CODE"),
        "Métrage (ml)": D(str(g.r.randint(2, 12)), "CODE"), "Produits vendus": D(g.pick(PRODUCTS), "TEXTE"),
        "Redevance trimestrielle": g.money(90, 900)}
    if g.chance(0.45):
        firm, form, kind = g.pick(FIRMS)
        row.update({"Titulaire": D(firm, kind), "Forme juridique": D(form, "TEXTE"), "SIRET": g.siret(),
                    "Adresse du titulaire": g.org_address(), "Téléphone": g.org_phone(), "Courriel": g.org_email(firm)})
        if g.chance(0.4):
            row["Observations"] = ["Gérant présent sur le stand : ", g.civ_name(g.person()), ", portable ", g.phone()]
        return row
    p = g.person()
    v = g.pick(["Prénom NOM", "NOM Prénom", "NOM Prénom (EI)", "EI Prénom NOM", "Nom Prénom - micro-entreprise"])
    item = g.name(p, v.replace(" (EI)", "").replace("EI ", "").replace(" - micro-entreprise", ""))
    row.update({"Titulaire": ["EI " if v.startswith("EI") else "", item, " (EI)" if "(EI)" in v else "",
                              " - micro-entreprise" if "micro" in v else ""],
                "Forme juridique": D(g.pick(["Entreprise individuelle", "Micro-entreprise", "Auto-entrepreneur"]), "TEXTE"),
                "Adresse du titulaire": g.address(city=True), "Téléphone": g.phone(g.chance(0.85)),
                "Courriel": g.email(p) if g.chance(0.75) else "", "Véhicule (immatriculation)": g.plate() if g.chance(0.7) else ""})
    k = g.r.randint(0, 4)
    if k == 1:
        row["Observations"] = ["Remplacé le samedi par son fils ", g.first_only(Person(g.pick(FIRST_M), p.last, "M"))]
    elif k == 2:
        row["Observations"] = ["Conjoint collaborateur : ", g.civ_name(g.person(), True)]
    elif k == 3:
        row["Observations"] = ["Retard de paiement, relance envoyée au ", g.address(city=True)]
    return row


def row_transport(g: Gen) -> dict[str, Part]:
    child = g.person()
    r1 = Person(g.pick(FIRST_F), child.last if g.chance(0.6) else g.pick(SURNAMES), "F")
    r2 = Person(g.pick(FIRST_M), child.last, "M")
    commune, _ = g.pick(COMMUNES)
    carrier, ck = g.pick(CARRIERS)
    k = g.r.randint(0, 6)
    rem: Part = [
        "", ["Récupéré le mercredi par sa grand-mère ", g.civ_name(g.person("F"))],
        ["Garde alternée : semaines paires chez le père (", g.phone(), ")"],
        ["Descend à l'arrêt ", D(g.pick(TRAM), "ARRET_TRAM"), " le vendredi"],
        ["autorisé à rentrer seul. contact urgence : ", g.name(g.person(), "minuscules"), " ", g.phone()], "", ""][k]
    return {"Circuit": D(f"C{g.r.randint(1, 40):02d}-{g.pick('MS')}", "CODE"),
            "Établissement desservi": D(g.pick(SCHOOLS), "EQUIPEMENT_PERSONNE"),
            "Élève": g.name(child, g.pick(["Prénom NOM", "Prénom Nom", "NOM Prénom", "majuscules"])),
            "Classe": D(g.pick(["CP", "CE2", "CM1", "6e", "5e", "4e", "3e", "2nde"]), "TEXTE"),
            "Né(e) le": g.birth((2008, 2019)), "Arrêt de montée": D(g.pick(TRAM), "ARRET_TRAM"),
            "Responsable légal 1": g.name(r1, g.pick(["NOM Prénom", "Prénom Nom"])), "Téléphone resp. 1": g.phone(),
            "Responsable légal 2": g.name(r2, g.pick(["NOM Prénom", "Prénom Nom"])) if g.chance(0.6) else "",
            "Courriel resp. 1": g.email(r1) if g.chance(0.6) else "",
            "Adresse de prise en charge": g.address(city=False), "Commune": D(commune, "COMMUNE"),
            "Transporteur": D(carrier, ck), "Remarque": rem}


def row_declarations(g: Gen) -> dict[str, Part]:
    org, ok = g.pick(DECL_ORGS)
    rub = g.pick(["Activité professionnelle", "Participation aux organes dirigeants", "Activités bénévoles",
                  "Activité professionnelle du conjoint", "Fonctions et mandats électifs"])
    role = g.pick(["Administrateur", "Membre du conseil", "Présidente du comité", "Consultant"])
    desc: list[Part] = [D(role, "TEXTE"), " – ", D(org, ok)]
    if rub == "Activité professionnelle du conjoint":
        job = g.pick(["infirmière libérale", "architecte", "chef d'entreprise", "enseignant"])
        desc = ["Conjoint : ", g.civ_name(g.person(), True), ", ", D(job, "TEXTE"), " à ", D(g.pick(COMMUNES)[0], "COMMUNE")]
    k = g.r.randint(0, 5)
    obs: Part = [
        "", ["Adresse de correspondance personnelle : ", g.address(city=True)],
        ["Joignable sur son portable personnel ", g.phone(), " ou ", g.email(g.person())],
        ["Déclaration rectificative transmise à la HATVP le ", g.date_ev(2025)],
        ["Parts détenues avec son frère ", g.name(g.person("M"), "Prénom Nom"), " dans la ", D("SCI Les Garrigues", "ORG")], ""][k]
    elu, sex = g.pick(ELUS)
    return {"Élu(e)": D(elu, "ELU", ["policy"]), "Mandat": D(g.pick(MANDATS[sex]), "TEXTE"),
            "Date de dépôt": g.date_ev(2025, "iso"), "Rubrique": D(rub, "TEXTE"), "Organisme": D(org, ok),
            "Description": desc, "Montant annuel déclaré (€)": g.money(0, 48000), "Observations": obs}


def row_noise(g: Gen) -> dict[str, Part]:
    me, nb = g.person(), g.person()
    bar = g.pick(BARS) if g.chance(0.4) else None
    style = g.pick([0, 1, 2, 3, 5, 6] + ([4] if bar else []))
    story: list[Part]
    if style == 0:
        neighbour = g.misspelt(nb) if g.chance(0.35) else g.civ_name(nb)
        story = ["Bonjour,\nJe vous écris car mon voisin du dessus, ", neighbour, ", fait la fête tous les week-ends "
                 "jusqu'à 4h.\nJ'habite au ", g.address(city=True), ".\nCordialement,\n", g.tagged(me, "Prénom Nom", "signature"),
                 "\n", g.phone()]
    elif style == 1:
        addr = g.address(city=False)
        story = ["APPEL TEL. - ", g.civ_name(me), " (", g.phone(), ") SE PLAINT DES ABOIEMENTS DU CHIEN DE LA FAMILLE ",
                 g.tagged(nb, "NOM seul", "famille"), ", ", P(addr.value.upper(), "ADRESSE", "majuscules")]
    elif style == 2:
        toks = [t.lower() for t in Gen.last_tokens(nb.last)]
        story = ["les voisins (monsieur et madame ", P(nb.last.lower(), "NOM", "couple minuscules", toks, toks),
                 ") font des travaux le dimanche matin. merci de me rappeler au ", g.phone(), " ou par mail ", g.email(me)]
    elif style == 3:
        story = ["Véhicule ", g.plate(), " stationné moteur tournant chaque nuit sous mes fenêtres, ",
                 D(g.pick(PERSON_STREETS), "VOIE_PERSONNE"), ". — ", g.tagged(me, "initiales", "signature initiales")]
    elif style == 4 and bar:
        story = ["Musique amplifiée en terrasse du ", D(bar[0], "ORG"), " jusqu'à 2h. Je suis joignable au ", g.phone(), ", ",
                 g.tagged(me, "NOM Prénom", "signature NOM Prénom")]
    elif style == 6:  # an online form exported as one text cell: labelled fields
        toks = Gen.last_tokens(me.last.upper())
        story = ["Nom : ", P(me.last.upper(), "NOM", "champ « Nom : »", toks, toks), "\nPrénom : ",
                 g.first_only(me, "champ « Prénom : »"), "\nTéléphone : ", g.phone(), "\nCourriel : ", g.email(me),
                 "\nMessage : bruit de perceuse le dimanche au ", D(f"{g.r.randint(1, 9)}e étage", "TEXTE")]
    else:
        story = ["Signalement déposé par ", g.name(me, "Prénom Nom"), ", né(e) le ", g.birth((1935, 1990), "slash"),
                 ", pour le compte de sa mère âgée (", g.civ_name(g.person("F")), ")."]
    sector = g.pick(["Centre", "Mosson", "Croix d'Argent", "Port Marianne"])
    reply = g.pick([["Transmis à la Police municipale, secteur ", D(sector, "TEXTE")],
                    "Médiation proposée par le Pôle tranquillité publique, tél. 04 67 34 70 89",  # switchboard: unscored
                    ["Contrôle sonométrique effectué le ", g.date_ev(2025), " par la ", D("Brigade de l'environnement", "ORG")],
                    ["Courrier de rappel à la réglementation adressé à l'exploitant ", D(bar[0], "ORG")] if bar else "Classé sans suite"])
    quarter = g.pick(["Écusson", "Boutonnet", "Figuerolles", "Antigone", "Les Beaux-Arts", "Mosson", "Port Marianne"])
    return {"N° de signalement": D(f"BR-2025-{g.r.randint(1, 9999):05d}", "CODE"), "Reçu le": g.date_ev(2025),
            "Canal": D(g.pick(["Courriel", "Téléphone", "Guichet", "Formulaire en ligne"]), "TEXTE"),
            "Quartier": D(quarter, "TEXTE"),
            "Type de nuisance": D(g.pick(["Voisinage", "Musique amplifiée", "Aboiements", "Travaux", "Véhicule"]), "TEXTE"),
            "Établissement mis en cause": D(bar[0], "ORG") if bar else "",
            "Adresse de l'établissement": D(bar[1], "ORG_ADRESSE") if bar else "",
            "Récit du plaignant": story, "Réponse du service": reply}


def row_wedding(g: Gen) -> dict[str, Part]:
    a, b = g.person(), g.person()
    sep, wv = g.pick([", ", " ; ", " et "]), g.pick(["Prénom Nom", "NOM Prénom", "Prénom NOM"])
    wit: list[Part] = []
    for i in range(g.r.randint(1, 3)):
        wit += [sep if i else "", g.name(g.person(), wv)]
    asks = g.pick([["Lecture d'un poème de ", D(g.pick(["Paul Éluard", "Louis Aragon", "Jacques Prévert"]), "PERSONNALITE")],
                   ["Arrivée en 2CV immatriculée ", g.plate()],
                   ["Traduction en LSF demandée par la mère de la mariée, ", g.civ_name(Person(g.pick(FIRST_F), a.last, "F"))],
                   ["Photographe : ", D("Studio Lumière du Lez", "ORG"), " (SIRET ", g.siret(), ")"],
                   ["Musique d'entrée : « La Vie en rose », ", D("Édith Piaf", "PERSONNALITE")], ""])
    return {"Date": g.date_ev(2026), "Heure": D(g.pick(["10h30", "11h00", "14h30", "15h00", "16h30"]), "TEXTE"),
            "Salle": D(g.pick(ROOMS), "EQUIPEMENT_PERSONNE"),
            "Futur(e) époux(se) A": g.name(a, g.pick(["Prénom NOM", "NOM Prénom", "Prénom Nom"])),
            "Futur(e) époux(se) B": g.name(b, g.pick(["Prénom NOM", "NOM Prénom", "Prénom Nom"])),
            "Officier d'état civil": D(g.pick(ELUS)[0], "ELU", ["policy"]), "Témoins": wit,
            "Contact": g.pick([[g.email(a)], [g.phone()], [g.email(b), " / ", g.phone()]]),
            "Nombre d'invités": D(str(g.r.randint(20, 180)), "CODE"), "Demandes particulières": asks}


def row_lost(g: Gen) -> dict[str, Part]:
    p = g.person()
    where = g.pick([("ARRET_TRAM", g.pick(TRAM)), ("EQUIPEMENT_PERSONNE", g.pick(SPORT_SITES + MEDIATHEQUES)),
                    ("VOIE_PERSONNE", g.pick(PERSON_STREETS)), ("EQUIPEMENT", "Parking Comédie")])
    cat = g.r.randint(0, 6)
    book = g.pick(BOOKS)
    desc: list[Part] = [
        ["Portefeuille noir : carte Vitale au nom de ", g.name(p, "Prénom NOM"), " (n° ", g.nir(p, "spaced"), "), deux cartes bancaires"],
        ["Sac à dos avec agenda scolaire de ", g.name(p, "Prénom Nom"), ", classe de 4e, ", D(g.pick(SCHOOLS), "EQUIPEMENT_PERSONNE")],
        ["Trousseau de clés avec badge et clé du véhicule ", g.plate()],
        ["Téléphone Samsung, contact « Maman » au ", g.phone()],
        ["Chéquier au nom de M. et Mme ", g.tagged(p, "NOM seul", "couple"), ", RIB joint ", g.iban()],
        ["Permis de conduire de ", g.name(p, "NOM Prénom"), ", né(e) le ", g.birth(variant=g.pick(["slash", "dot", "long"]))],
        ["Livre « ", D(book[1], "TEXTE"), " », prêt de la ", D(g.pick(MEDIATHEQUES), "EQUIPEMENT_PERSONNE")]][cat]
    owner = cat in (0, 1, 4, 5) and g.chance(0.7)
    finder = g.pick([D("Agent TaM", "TEXTE"), D("Police municipale", "ORG"), [g.civ_name(g.person()), " (passant)"],
                     D("Usager anonyme", "TEXTE")])
    return {"Référence": D(f"OT{g.r.randint(100000, 999999)}", "CODE"), "Date de découverte": g.date_ev(2025, "iso"),
            "Lieu de découverte": D(where[1], where[0]),
            "Catégorie": D(["Papiers", "Bagagerie", "Clés", "Téléphonie", "Papiers", "Papiers", "Livres"][cat], "TEXTE"),
            "Description de l'objet": desc, "Remis par": finder,
            "Propriétaire identifié": g.name(p, g.pick(["NOM Prénom", "Prénom Nom"])) if owner else "Non identifié",
            "Coordonnées du propriétaire": g.pick([g.email(p), g.phone(), g.address(city=True)]) if owner else "",
            "Statut": D(g.pick(["Restitué", "En attente", "Remis au service des Domaines"]), "TEXTE")}


def row_clean(g: Gen) -> dict[str, Part]:
    site = g.pick(MEDIATHEQUES + ROOMS[1:] + SPORT_SITES)
    org = g.pick(["Association Les Amis de Frédéric Bazille", "Compagnie Les Nuits Vagabondes", "Cinémed",
                  "Association Georges Brassens en Occitanie", "Festival Radio France Occitanie", "La Comédie du Livre"])
    commune, cp = g.pick(COMMUNES)
    what = g.pick(["Conférence", "Exposition", "Lecture", "Concert hommage", "Projection"])
    return {"Équipement": D(site, "EQUIPEMENT_PERSONNE"),
            "Adresse": D(f"{g.r.randint(1, 120)} {g.pick(PERSON_STREETS + STREETS)}", "VOIE"),
            "Code postal": D(cp, "CODE"), "Commune": D(commune, "COMMUNE"),
            "Événement": [D(what, "TEXTE"), " : ", D(g.pick(FAMOUS), "PERSONNALITE")],
            "Organisateur": D(org, "ORG_PERSONNE" if "Bazille" in org or "Brassens" in org else "ORG"),
            "Contact organisateur": [g.org_email(org), " / ", g.org_phone()], "SIRET organisateur": g.siret(),
            "Date": g.date_ev(2026, "iso"), "Tarif": D(g.pick(["Gratuit", "5,00", "8,50", "12,00"]), "MONTANT"),
            "Jauge": D(str(g.pick([40, 80, 120, 250, 600])), "CODE"),
            "Latitude": D(f"43.{g.r.randint(560000, 660000):06d}", "GPS"),
            "Longitude": D(f"3.{g.r.randint(820000, 960000):06d}", "GPS")}


@dataclass
class Case:
    id: str
    title: str
    columns: list[str]
    row: Callable[[Gen], dict[str, Part]]
    fmt: tuple[str, str | None, str | None, str | None]  # format, encoding, delimiter, line ending
    tests: str
    policy: str = ""


CASES = [
    Case("s5c01_mediatheque_lecteurs", "Fichier des lecteurs du réseau des médiathèques",
         words("Abonnement|Lecteur|Né(e) le|Adresse|CP|Ville|Tél.|Mél|Site de rattachement|Dernier document emprunté|"
               "Auteur|Retour prévu le|Remarques", "|"), row_library, ("csv", "UTF-8", ";", "LF"),
         "readers (NOM Prénom) vs authors in catalogue form (Nom, Prénom: public); abbreviated headers; parents in remarks"),
    Case("s5c02_licences_sportives", "Licences des clubs sportifs (mineurs et représentants légaux)",
         words("club num_licence nom_licencie prenom_licencie date_naissance categorie representant_legal tel_representant "
               "mail_representant equipement date_certificat_medical cotisation_eur commentaire"),
         row_sport, ("parquet", None, None, None),
         "snake_case headers; surname/first-name columns; parents (couples by first names); clubs named after people",
         "# Licences : nom pseudonymisé, prénom retiré, année de naissance seule.\nversion: 1\ncolumns:\n"
         '  "nom_licencie": pseudonymize\n  "prenom_licencie": redact\n  "date_naissance": "generalize:year"\n'
         '  "num_licence": drop\n  "representant_legal": redact_natural_persons\n  "commentaire": mask_text\n'
         '  "club": keep\ndefault: auto\n'),
    Case("s5c03_demandes_logement", "Demandes de logement social",
         words("Date de dépôt|Demandeur|Conjoint / co-titulaire|Date de naissance du demandeur|N° allocataire|"
               "N° de sécurité sociale|Adresse actuelle|Commune|Composition familiale|Ressources mensuelles (€)|"
               "Bailleur souhaité|Motif de la demande|Suivi", "|"),
         row_housing, ("csv", "Windows-1252", "TAB", "CRLF"), "CAF, NIR, IBAN, third persons in the motive; social landlords kept",
         "# Demandes de logement social : identité du demandeur et du conjoint retirée.\nversion: 1\ncolumns:\n"
         '  "Demandeur": redact\n  "Conjoint / co-titulaire": redact\n  "Date de naissance du demandeur": "generalize:year"\n'
         '  "N° de sécurité sociale": drop\n  "Motif de la demande": mask_text\n  "Bailleur souhaité": keep\ndefault: auto\n'),
    Case("s5c04_abonnes_marches", "Abonnés des marchés de plein vent",
         words("Marché|Jour(s)|N° emplacement|Métrage (ml)|Titulaire|Forme juridique|SIRET|Produits vendus|"
               "Adresse du titulaire|Téléphone|Courriel|Véhicule (immatriculation)|Redevance trimestrielle|Observations", "|"),
         row_market, ("csv", "ISO-8859-1", ",", "CRLF"),
         "sole traders (EI, micro-entreprise) vs companies in one column; company contacts kept; plates",
         "# Marchés : les titulaires personnes physiques sont masqués, les sociétés restent.\nversion: 1\ncolumns:\n"
         '  "Titulaire": redact_natural_persons\n  "Observations": mask_text\ndefault: auto\n'),
    Case("s5c05_transport_scolaire", "Inscriptions au transport scolaire",
         words("Circuit|Établissement desservi|Élève|Classe|Né(e) le|Arrêt de montée|Responsable légal 1|"
               "Téléphone resp. 1|Responsable légal 2|Courriel resp. 1|Adresse de prise en charge|Commune|Transporteur|"
               "Remarque", "|"), row_transport, ("csv", "UTF-8 with BOM", "|", "LF"),
         "children and parents; schools and stops named after people; carriers named after founders"),
    Case("s5c06_declarations_interets", "Déclarations d'intérêts des élus",
         words("Élu(e)|Mandat|Date de dépôt|Rubrique|Organisme|Description|Montant annuel déclaré (€)|Observations", "|"),
         row_declarations, ("csv", "UTF-8", ",", "LF"),
         "elected officials public (policy); their spouse, relatives, private address and mobile are not",
         "# Déclarations d'intérêts : l'élu est public, ses proches et coordonnées privées non.\nversion: 1\n"
         "description: Registre des déclarations d'intérêts des élus.\npublic_columns: [\"Élu(e)\"]\ncolumns:\n"
         '  "Description": mask_text\n  "Observations": mask_text\ndefault: auto\n'),
    Case("s5c07_plaintes_bruit", "Plaintes pour nuisances sonores",
         words("N° de signalement|Reçu le|Canal|Quartier|Type de nuisance|Établissement mis en cause|"
               "Adresse de l'établissement|Récit du plaignant|Réponse du service", "|"),
         row_noise, ("csv", "Windows-1252", ";", "CRLF"),
         "letters with signatures, upper-case phone notes, lower-case SMS style; bars kept"),
    Case("s5c08_mariages_salles", "Réservations de salles pour les mariages",
         words("Date|Heure|Salle|Futur(e) époux(se) A|Futur(e) époux(se) B|Officier d'état civil|Témoins|Contact|"
               "Nombre d'invités|Demandes particulières", "|"), row_wedding, ("csv", "UTF-8", ",", "CRLF"),
         "spouses, lists of witnesses; officiating elected official public (policy)",
         "# Mariages : l'officier d'état civil (élu) est public.\nversion: 1\npublic_columns: [\"Officier d'état civil\"]\n"
         'columns:\n  "Témoins": redact\n  "Demandes particulières": mask_text\ndefault: auto\n'),
    Case("s5c09_objets_trouves", "Objets trouvés",
         words("Référence|Date de découverte|Lieu de découverte|Catégorie|Description de l'objet|Remis par|"
               "Propriétaire identifié|Coordonnées du propriétaire|Statut", "|"),
         row_lost, ("parquet", None, None, None), "identity papers in descriptions (NIR, IBAN, plates); places named after people"),
    Case("s5c10_programmation_culturelle", "Programmation culturelle des équipements (fichier propre)",
         words("Équipement|Adresse|Code postal|Commune|Événement|Organisateur|Contact organisateur|SIRET organisateur|"
               "Date|Tarif|Jauge|Latitude|Longitude", "|"), row_clean, ("csv", "UTF-8 with BOM", ";", "CRLF"),
         "clean file: facilities, streets, organisations and famous people with person names, SIRET, GPS"),
]
CODECS = {"UTF-8": "utf-8", "UTF-8 with BOM": "utf-8", "Windows-1252": "cp1252", "ISO-8859-1": "latin-1"}

# fmt: on

# ------------------------------------------------------------------ checking and writing


def load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("pii_score", SCORER)
    if spec is None or spec.loader is None or not SCORER.is_file():
        sys.exit(f"public scorer not found: {SCORER} (set OPENDATA_SHARED_DIR)")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cell_ok(parts: list[str | P | D], sc: Any) -> bool:
    """The scorer sees every planted item in the cell, none after the oracle masked them, and every
    decoy in both; each token is a word of its value."""
    text = text_of(parts)
    items = [p for p in parts if isinstance(p, P)]
    oracle = text
    for it in items:
        oracle = oracle.replace(it.value, "[X]")
    for it in items:
        rec = {"value": it.value, "kind": it.kind, "must": it.must, "strict": it.strict}
        if not set(it.must) <= set(it.strict) or not it.value.strip():
            return False
        if any(not sc.has_word(sc.fold(it.value), sc.fold(t)) for t in it.strict):
            return False
        if not sc.planted_present(rec, text) or sc.strict_present(rec, oracle):
            return False
    return all(
        sc.decoy_present({"value": d.value}, oracle) and d.value.strip()
        for d in parts
        if isinstance(d, D)
    )


def localise(parts: list[str | P | D], codec: str) -> list[str | P | D]:
    def tr(s: str) -> str:
        return translit(s, codec)

    return [
        tr(p) if isinstance(p, str)
        else replace(p, value=tr(p.value), must=[*map(tr, p.must)], strict=[*map(tr, p.strict)])
        if isinstance(p, P) else replace(p, value=tr(p.value))
        for p in parts
    ]  # fmt: skip


def build(case: Case, g: Gen, rows: int, sc: Any) -> tuple[list[list[str]], list[dict], list[dict]]:
    """The table and its key records; a row whose cells fail `cell_ok` is drawn again."""
    codec = CODECS.get(case.fmt[1] or "UTF-8", "utf-8")
    table: list[list[str]] = []
    planted: list[dict] = []
    decoys: list[dict] = []
    for r in range(rows):
        for _ in range(200):
            raw = case.row(g)
            assert set(raw) <= set(case.columns), (case.id, set(raw) - set(case.columns))
            cells = [localise(flat(raw.get(c, "")), codec) for c in case.columns]
            if all(cell_ok(c, sc) for c in cells):
                break
        else:
            raise RuntimeError(f"{case.id}: no valid draw for row {r}")
        table.append([text_of(c) for c in cells])
        for col, parts in zip(case.columns, cells, strict=True):
            for p in parts:
                rec: dict[str, Any] = {"row": r, "column": col}
                if isinstance(p, P):
                    rec |= {"value": p.value, "kind": p.kind, "variant": p.variant}
                    rec |= {"must": p.must, "strict": p.strict}
                    planted.append(rec | {"id": f"{case.id}:P{len(planted):05d}"})
                elif isinstance(p, D):
                    rec |= {"value": p.value, "kind": p.kind} | (
                        {"modes": p.modes} if p.modes else {}
                    )
                    decoys.append(rec | {"id": f"{case.id}:D{len(decoys):05d}"})
    return table, planted, decoys


def write_table(path: Path, case: Case, table: list[list[str]]) -> None:
    fmt, enc, delim, eol = case.fmt
    if fmt == "parquet":
        columns = {c: [r[j] for r in table] for j, c in enumerate(case.columns)}
        pq.write_table(pa.table(columns), path)
        return
    buf = io.StringIO(newline="")
    sep, end = "\t" if delim == "TAB" else str(delim), "\r\n" if eol == "CRLF" else "\n"
    csv.writer(buf, delimiter=sep, lineterminator=end).writerows([case.columns, *table])
    bom = b"\xef\xbb\xbf" if enc == "UTF-8 with BOM" else b""
    path.write_bytes(bom + buf.getvalue().encode(CODECS[str(enc)]))


def generate(out: Path, seed: int, rows: int) -> dict:
    """Write data/, keys/, policies/, manifest.json and score.py under `out`."""
    sc = load_scorer()
    for sub in ("data", "keys", "policies"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCORER, out / "score.py")
    manifest: dict[str, Any] = {"generator": "bench/anonymize_sealed5.py", "seed": seed}
    manifest["cases"] = []
    for n, case in enumerate(CASES):
        table, planted, decoys = build(case, Gen(seed * 1000 + n), rows, sc)
        ext = case.fmt[0]
        path = out / "data" / f"{case.id}.{ext}"
        write_table(path, case, table)
        policy = f"policies/{case.id}.yaml" if case.policy else None
        if policy:
            (out / policy).write_text(case.policy, encoding="utf-8")
        key = {"case": case.id, "file": f"data/{path.name}", "rows": rows, "columns": case.columns}
        key |= {"clean": not planted, "planted": planted, "decoys": decoys}
        text = json.dumps(key, ensure_ascii=False, indent=0)
        (out / "keys" / f"{case.id}.json").write_text(text, encoding="utf-8")
        entry = {"id": case.id, "title": case.title, "file": key["file"], "format": ext}
        entry |= dict(zip(("encoding", "delimiter", "line_ending"), case.fmt[1:], strict=True))
        entry |= {"rows": rows, "columns": case.columns, "policy": policy, "clean": not planted}
        entry |= {"quasi_identifiers": None, "output_ext": ext, "key": f"keys/{case.id}.json"}
        entry |= {"planted": len(planted), "decoys": len(decoys), "tests": case.tests}
        manifest["cases"].append(entry | {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    manifest["totals"] = {k: sum(c[k] for c in manifest["cases"]) for k in ("planted", "decoys")}
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (out / "manifest.json").write_text(text, encoding="utf-8")
    return manifest


TRIVIAL = r"""
import csv, io, json, sys
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq
mode, src = MODE, Path(sys.argv[2])
out = Path(sys.argv[sys.argv.index("--output") + 1])
def transform(header, rows):
    if mode == "copy":
        return rows
    if mode == "everything":
        return [["***"] * len(r) for r in rows]
    key = json.loads((src.parent.parent / "keys" / (src.stem + ".json")).read_text(encoding="utf-8"))
    col = {h: j for j, h in enumerate(header)}
    for it in key["planted"]:
        rows[it["row"]][col[it["column"]]] = rows[it["row"]][col[it["column"]]].replace(it["value"], "[X]")
    return rows
if src.suffix == ".parquet":
    d = pq.read_table(src).to_pydict()
    h = list(d)
    rows = transform(h, [[d[c][i] for c in h] for i in range(len(d[h[0]]))])
    pq.write_table(pa.table({c: [r[j] for r in rows] for j, c in enumerate(h)}), out)
else:
    raw = src.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    delim = max([",", ";", "\t", "|"], key=text.split("\n", 1)[0].count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([rows[0], *transform(rows[0], rows[1:])])
    out.write_text(buf.getvalue(), encoding="utf-8")
"""


def score(out: Path, cli: str, extra: list[str]) -> str:
    cmd = [sys.executable, str(out / "score.py"), "--cli", cli, *extra]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def reference(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("copy", "everything", "oracle"):
            cli = Path(tmp) / f"trivial_{mode}.py"  # not copy.py: it would shadow the module
            cli.write_text(TRIVIAL.replace("MODE", repr(mode)), encoding="utf-8")
            last = score(out, str(cli), ["--jobs", "2"]).strip().splitlines()[-1]
            print(f"reference {mode:10s} " + last.replace("anonymize:", "policy:"))


def main() -> None:
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=5005)
    ap.add_argument("--rows", type=int, default=300, help="rows per table")
    ap.add_argument("--reference", action="store_true", help="score copy / replace-all / oracle")
    ap.add_argument("--no-reference", dest="reference", action="store_false")
    ap.add_argument("--score", action="store_true", help="score --cli (score.py options after --)")
    ap.add_argument("--cli", default="")
    a = ap.parse_args(argv)
    m = generate(a.out, a.seed, a.rows)
    print(
        f"{len(m['cases'])} tables, {a.rows} rows each: {m['totals']['planted']} planted, "
        f"{m['totals']['decoys']} decoys -> {a.out}"
    )
    if a.reference:
        reference(a.out)
    if a.score:
        print(score(a.out, a.cli, extra))


if __name__ == "__main__":
    main()
