"""Sealed evaluation set n° 3 for the anonymizer: 10 French municipal tables + exact answer key.

Written without reading the detectors, only the public corpus contract (`../shared/eval/pii`:
README, score.py, one key and one policy for the format) and `docs/personal-data.md`. The output
directory has the layout of `../shared/eval/pii` (`data/`, `keys/`, `policies/`,
`manifest.json`) plus a copy of its unchanged `score.py`, so it is scored the same way:

    python bench/anonymize_sealed3.py --out DIR [--seed N]
    python bench/anonymize_sealed3.py --out DIR --score --cli .venv/bin/opendata-pipeline -- --jobs 2

Everything after `--` goes to score.py. Standard library only, plus pyarrow for the one Parquet
table. Every key record is checked, with score.py's own functions, against the bytes written
(planted value and decoy present in their cell, planted tokens absent once every planted span is
masked, decoys still there), so a token found in an output is really a leak. Look at the scores once, at the end: this set is sealed.

Reference points (default seed, policy and auto mode alike): copy-through recall 0.000, retention
1.000, clean 1.000; every cell replaced 1.000 / 0.000 / 0.000; masking exactly the key's planted
values 1.000 / 1.000 / 1.000; an e-mail + phone regex about 0.27 / 0.95 / 0.92.
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
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SEED = 20261205
# the public corpus's scorer, used unchanged (OPENDATA_SHARED_DIR overrides ../shared, as in the tests)
SHARED = Path(
    os.environ.get("OPENDATA_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared"
)
SCORER = SHARED / "eval" / "pii" / "score.py"

# ------------------------------------------------------------------ vocabularies (hand-typed)


def words(text, sep=None):
    return [w.strip() for w in text.replace("\n", "" if sep else " ").split(sep)]


FEMALE = words("""Anaïs Soline Maëlys Coralie Ghislaine Huguette Maryvonne Solange Odile Berthe Noémie
Apolline Clémence Aurore Bénédicte Capucine Domitille Eulalie Félicie Gwenaëlle Ombeline Perrine
Roselyne Sixtine Violaine Yolande Zélie Fatoumata Aminata Khadija Yasmina Nour Rania Ikram Zineb
Salma Hayat Malika Warda Dounia Ines Leïla Samira Naïma Chaïma Nadia Karima Houria Rokia Awa
Mariama Adjoa Folake Ngozi Precious Thi Lan Linh Mai Huong Xuan Mei Jia Sakura Aiko Agnieszka
Małgorzata Zofia Katarzyna Oksana Svetlana Ludmila Anahit Lusine Ani Mariam Tamar Lucía Pilar
Montserrat Rocío Ascensión Conceição Graça Fernanda Joana Rosário Giulia Chiara Benedetta Ornella
Maëlle Nolwenn Enora Rozenn Soizic Azilis Mistral Lisou Garance Ysé Iris Jade Romy Louna Naëlle
Lya Maïwenn Thaïs Cassandre Amandine Sandrine Nathalie Véronique Christelle Pascale Régine
Mireille Josiane Ginette Lucienne Simone Monique Paulette Gisèle Andrée Colette Nicole Danielle
Sylvie Brigitte Martine Catherine Isabelle Valérie Sophie Céline Élodie Aurélie Émilie Pauline""")
MALE = words("""Aurélien Baptiste Corentin Gaëtan Honoré Lazare Marius Octave Philémon Rodolphe Sylvain
Thibault Urbain Valentin Wilfried Xavier Yannick Yves Zacharie Anatole Barnabé Cyprien Désiré
Évariste Fulbert Gonzague Hippolyte Isidore Jocelyn Léandre Mamadou Moussa Ousmane Seydou Boubacar
Abdoulaye Ibrahima Cheikh Kofi Kwame Chidi Emeka Youssef Karim Mehdi Rachid Hicham Nabil Sofiane
Bilal Yacine Ayoub Idriss Samir Farid Hamza Walid Tarek Omar Anouar Minh Duc Quang Hoang
Wei Jun Hiroshi Takeshi Piotr Krzysztof Tomasz Wojciech Dmitri Sergueï Bogdan Vasile Mihai Aram
Tigran Vartan Levon Giorgi Javier Jesús Iñaki Santiago Alvaro Joaquim Gonçalo Rui Duarte Nuno
Matteo Lorenzo Giuseppe Salvatore Luigi Erwan Gwendal Tanguy Yann Loïc Ronan Goulven Maël Ewen
Gaspard Elouan Nino Sacha Timéo Noé Aël Eliott Marceau Côme Auguste Fernand Marcel Gilbert Raymond Roger
Lucien Albert Gérard Bernard Michel Alain Patrick Philippe Didier Thierry Laurent Frédéric Olivier
Stéphane Christophe Sébastien Nicolas Julien Guillaume Maxime Romain Thomas Kévin Florian""")
COMPOUND_F = words("""Marie-Thérèse Anne-Sophie Marie-Ange Lou-Anne Marie-Claude Anne-Laure Marie-Noëlle
Rose-Marie Marie-Pierre Fatima-Zahra Maria-José Anne-Gaëlle Marie-Aude Eva-Rose""")
COMPOUND_M = words("""Jean-Baptiste Pierre-Yves Jean-Noël Jean-Marc Mohamed-Amine Jean-Philippe
Paul-Henri Jean-Kévin Louis-Marie Pierre-Alexandre Jean-Luc Marc-Antoine Abdel-Kader Jean-Eudes""")
SURNAMES = words("""Bousquet Cabanis Fraissinet Teissier Cambon Sabatier Vialla Bonnafous Castan Arnal
Puech Combescure Mazel Rouquette Salles Crouzet Granier Bénézech Azaïs Pagès Fabregat Malzac
Delmas Aussel Couderc Galtier Escande Maurin Pradal Roumieux Figueira Gonçalves Monteiro Carvalho
Pinheiro Magalhães Ibáñez Carrasco Echeverría Zamora Villalobos Arriola Lombardi Ferraro Esposito
Pellegrini Cattaneo Benali Haddad Ouazzani Belkacem Cherkaoui Boudjema Zerrouki Messaoudi Hamidi
Bensaïd Tlemçani Laroussi Diallo Koné Traoré Ndiaye Sissoko Camara Kouyaté Diakité Okonkwo Mensah
Adjovi Nguyen Tran Pham Huynh Truong Kowalczyk Wójcik Zieliński Nowicka Lewandowski Kasparian
Ter-Petrossian Manoukian Gevorgyan Le_Bihan Kerjean Le_Goff Guivarc'h Quéméner Le_Floc'h Tanguy
de_Villeneuve du_Plessis d'Aubigny de_La_Roque de_Saint-Exupéry_Vidal van_der_Berghe Ould_Ahmed
Ben_Salah El_Amrani N'Diaye M'Bemba Martin-Pruvost Garcia_Lopez Dupuy-Roucayrol Soulier-Viguier
Petit Blanc Roux Lefort Vidal Lebrun Carré Brunel Ferrand Pastor Albaric Rouvière Lasserre Fabre
Estève Sanchez Moreau Lefèvre Girard Bonnet Mercier Lambert Fontaine Chevalier Robin Masson
Sanz Marchetti Papadopoulos Yilmaz Öztürk Demir Kaya Abramović Horvat Novak Svoboda Ivanova Petrov
Lindqvist Hansen O'Connor McAllister Schneider Hoffmann Weiß Kuhn Ba Ly Vu Ho Ong Sy
Ramanantsoa Rakotomalala Andriamihaja Said_Ali Mohamed_Soilihi Tuilagi Peyrusse Garrigues
Lautier Combaluzier Rigaud Verdier Tarbouriech Bascou Issert Cauvy Pagnol_Rey Vernhes Malbosc""")
SURNAMES = [s.replace("_", " ") for s in SURNAMES]
PARTICLES = {"de", "du", "des", "la", "le", "d", "l", "van", "der", "von", "el", "ben", "ould", "n", "m", "o", "mc"}  # fmt: skip

# Public figures named as such, streets / facilities / organisations named after people.
FAMOUS = words("""Jean Jaurès|Victor Hugo|George Sand|Frida Kahlo|Simone Veil|Olympe de Gouges|Albert Camus
|Gustave Courbet|Frédéric Bazille|Pierre Soulages|Germaine Tillion|Louis Pasteur|Marie Curie
|Jean Moulin|Léon Blum|Georges Brassens|Juliette Gréco|Charles Trenet|Paul Valéry|Jean Zay
|Joséphine Baker|Édith Piaf|Nelson Mandela|Rosa Parks|Aimé Césaire|Louise Michel|Pablo Picasso
|Federico García Lorca|Django Reinhardt|Boby Lapointe|Jean Vilar|Agnès Varda|Camille Claudel
|Niki de Saint Phalle|Auguste Comte|Frédéric Mistral|Claude Viallat|Vincent Bioulès
|Berthe Morisot|Alexandre Cabanel|Jean-Antoine Houdon|Germaine Richier|Sonia Delaunay
|Toni Morrison|Lucie Aubrac|Missak Manouchian|Hubertine Auclert|Marcel Pagnol""", "|")  # fmt: skip
ARTISTS = ["Gustave Courbet", "Frédéric Bazille", "Pierre Soulages", "Berthe Morisot",
           "Alexandre Cabanel", "Jean-Antoine Houdon", "Germaine Richier", "Sonia Delaunay",
           "Claude Viallat", "Vincent Bioulès", "Camille Claudel", "Niki de Saint Phalle",
           "Eugène Delacroix", "Jean Hugo", "Sébastien Bourdon", "Joseph-Marie Vien"]  # fmt: skip
VOIE_PERS = words("""rue Victor Hugo|avenue Georges Clemenceau|boulevard Louis Blanc|rue Frédéric Bazille
|place Jean Jaurès|rue Auguste Broussonnet|avenue Henri Marès|rue Lakanal|cours Gambetta
|boulevard Renouvier|avenue Pierre Mendès France|rue Germaine Tillion|place Simone Veil
|rue Olympe de Gouges|allée Antonin Artaud|rue Marcel de Serres|avenue du Père Soulas
|rue Jules Ferry|quai Louis le Vau|rue Joséphine Baker|boulevard Berthe Morisot
|rue Camille Claudel|avenue Jean Moulin|rue Ernest Michel|rue Lucie Aubrac""", "|")  # fmt: skip
VOIE_ORD = words("""rue des Amandiers|chemin de la Fontaine|impasse des Lauriers|avenue de Toulouse
|rue du Faubourg Figuerolles|chemin des Mazes|rue de l'Aiguillerie|allée des Micocouliers
|rue des Glycines|chemin du Mas de Bouisson|rue de la Garrigue|impasse du Moulin à huile
|avenue de la Liberté|rue des Tonneliers|chemin de Moularès|rue du Pioch de Boutonnet
|route de Mende|rue des Tanneurs|allée des Cigales|chemin des Oliviers|rue de la Draille
|avenue du Pont Juvénal|rue des Écoles laïques|impasse des Capitelles|rue du Lantissargues""", "|")  # fmt: skip
EQUIP_PERS = words("""salle Georges Brassens|médiathèque Émile Zola|médiathèque William Shakespeare
|maison pour tous Léo Lagrange|maison pour tous Albertine Sarrazin|maison pour tous George Sand
|gymnase Marcel Cerdan|piscine Jean Taris|théâtre Jean Vilar|école Jules Ferry
|groupe scolaire Simone Veil|crèche Louise Michel|salle Molière|stade Yves du Manoir
|salle Pétrarque|espace Martin Luther King|médiathèque Federico Fellini""", "|")  # fmt: skip
EQUIP = ["halle Tropisme", "salle polyvalente du Pérols", "Zénith Sud", "piscine Olympique",
         "Corum", "gymnase de la Croix d'Argent", "salle des fêtes de Celleneuve",
         "bibliothèque de quartier des Beaux-Arts", "auditorium du musée"]  # fmt: skip
TRAM = ["Léon Blum", "Louis Blanc", "Place Albert 1er", "Pablo Picasso", "Charles de Gaulle",
        "Georges Pompidou", "Garcia Lorca", "Jules Guesde", "Rives du Lez", "Corum", "Mosson",
        "Saint-Éloi", "Port Marianne", "Boutonnet", "Sabines", "Voltaire"]  # fmt: skip
ORGS = words("""Enedis|GRDF|Colas Méditerranée|Eiffage Route Sud-Est|SADE Exploitation|Orange
|Hérault Habitat|ACM Habitat|Syndic Foncia Lez|Comité de quartier Figuerolles|Paroisse Saint-Roch
|GAEC du Mas de Saporta|EHPAD Les Aubes|Résidence Les Cèdres|SCI Les Micocouliers|SARL Bati Lez
|SAS Terrasses du Peyrou|Crèche Les Petits Loups|Amicale des locataires du Petit Bard
|Secours populaire français|Restos du Cœur de l'Hérault|CCAS de Montpellier|La Poste
|Tribunal judiciaire de Montpellier|Crédit Agricole du Languedoc|Compagnie Les Têtes de Bois
|Chorale Arc-en-Ciel|Direction de l'école maternelle Les Tilleuls|Conseil de quartier Prés d'Arènes
|SCCV Le Clos des Oliviers|Bouygues Immobilier|Atelier de restauration Patrimoine et Pigments
|UFC-Que Choisir Montpellier|Régie des eaux|Conseil départemental de l'Hérault""", "|")  # fmt: skip
ORG_PERS = words("""Société des amis du musée Fabre|Association Frédéric Bazille|Galerie Templon
|Amicale laïque Jules Ferry|Les Amis de Jean Vilar|Club de pétanque Léo Lagrange
|Lycée Joffre|Collège Clémence Royer|Nicollin Environnement|Fondation Abbé Pierre
|Déménagements Pastor et Fils|Cabinet Roux et Associés|Association Jean Moulin Mémoire
|Harmonie Edmond Rostand|Institut Marcel Rivière""", "|")  # fmt: skip
COMMUNES = [("Montpellier", "34000"), ("Montpellier", "34070"), ("Montpellier", "34080"),
            ("Montpellier", "34090"), ("Castelnau-le-Lez", "34170"), ("Lattes", "34970"),
            ("Pérols", "34470"), ("Juvignac", "34990"), ("Saint-Jean-de-Védas", "34430"),
            ("Grabels", "34790"), ("Jacou", "34830"), ("Clapiers", "34830"),
            ("Le Crès", "34920"), ("Vendargues", "34740"), ("Fabrègues", "34690"),
            ("Villeneuve-lès-Maguelone", "34750"), ("Saint-Gély-du-Fesc", "34980"),
            ("Prades-le-Lez", "34730"), ("Baillargues", "34670"), ("Cournonterral", "34660")]  # fmt: skip
LIEUX_DITS = ["Les Brusses", "La Tuilerie", "Mas de Fontcaude", "Les Sept Fonts", "Le Pradas",
              "La Condamine", "Les Garrigues Basses", "Mas Rouge"]  # fmt: skip
RESIDENCES = ["Les Tilleuls", "Le Jardin d'Orphée", "Les Hauts de Massane", "Le Clos Boutonnet"]
MONTHS = words("janvier février mars avril mai juin juillet août septembre octobre novembre décembre")  # fmt: skip
DOMAINS = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "hotmail.fr",
           "yahoo.fr", "outlook.fr", "wanadoo.fr", "icloud.com", "proton.me", "neuf.fr"]  # fmt: skip

# ------------------------------------------------------------------ parts of a cell


@dataclass
class Part:
    """A planted personal item (planted=True) or a decoy (planted=False) inside a cell."""

    text: str
    kind: str
    planted: bool
    variant: str = ""
    must: list[str] = field(default_factory=list)
    strict: list[str] = field(default_factory=list)
    modes: list[str] | None = None


def P(text, kind, variant, must=(), strict=None, modes=None):
    return Part(
        text, kind, True, variant, list(must), list(strict if strict is not None else must), modes
    )


def D(text, kind, modes=None):
    return Part(text, kind, False, modes=modes)


@dataclass
class Person:
    first: str
    last: str
    female: bool


def tokens(s):
    return [t for t in re.split(r"[\s\-'’.,]+", s) if len(t) >= 2 and t.casefold() not in PARTICLES]


class Gen:
    """Random draws shared by the cases (one instance per case, seeded per case)."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def choice(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    def person(self, female=None):
        r = self.r
        female = r.random() < 0.5 if female is None else female
        if r.random() < 0.14:
            first = r.choice(COMPOUND_F if female else COMPOUND_M)
        else:
            first = r.choice(FEMALE if female else MALE)
        last = r.choice(SURNAMES)
        if r.random() < 0.05:
            last = f"{last}-{r.choice([s for s in SURNAMES if ' ' not in s and '-' not in s])}"
        return Person(first, last, female)

    def civ(self, p, short=True):
        if short:
            return self.choice(
                ["Mme", "Madame", "Mme"] if p.female else ["M.", "Monsieur", "M.", "Mr"]
            )
        return "Madame" if p.female else "Monsieur"

    def name(self, p, variant=None, kind_cell=False):
        """Parts for a person's name (with the civility outside the planted value)."""
        r = self.r
        variants = [
            "Prénom Nom",
            "NOM Prénom",
            "NOM, Prénom",
            "Nom Prénom",
            "minuscules",
            "MAJUSCULES",
            "initiale",
            "civilité",
            "civilité + nom",
            "couple",
            "civilité + NOM Prénom",
            "prénom composé sans tiret",
        ]
        v = variant or r.choice(variants)
        first, last = p.first, p.last
        if v == "prénom composé sans tiret" and "-" not in first:
            p.first = first = r.choice(COMPOUND_F if p.female else COMPOUND_M)  # the e-mail follows
        lt = tokens(last)
        ft = tokens(first)
        pre = []
        if v == "Prénom Nom":
            text = f"{first} {last}"
        elif v == "prénom composé sans tiret":
            first = first.replace("-", " ")
            text = f"{first} {last}"
        elif v == "NOM Prénom":
            text = f"{last.upper()} {first}"
            lt = tokens(last.upper())
        elif v == "NOM, Prénom":
            text = f"{last.upper()}, {first}"
            lt = tokens(last.upper())
        elif v == "Nom Prénom":
            text = f"{last} {first}"
        elif v == "minuscules":
            text = f"{first} {last}".lower()
            lt, ft = tokens(last.lower()), tokens(first.lower())
        elif v == "MAJUSCULES":
            text = f"{first} {last}".upper()
            lt, ft = tokens(last.upper()), tokens(first.upper())
        elif v == "initiale":
            ini = "-".join(x[0] + "." for x in first.split("-"))
            text, ft = f"{ini} {last}", []
        elif v == "civilité":
            pre, text = [self.civ(p), " "], f"{first} {last}"
        elif v == "civilité + nom":
            pre, text, ft = [self.civ(p), " "], last, []
        elif v == "civilité + NOM Prénom":
            pre, text = [self.civ(p), " "], f"{last.upper()} {first}"
            lt = tokens(last.upper())
        elif v == "couple":
            if r.random() < 0.5:
                pre, text, ft = (
                    [r.choice(["M. et Mme", "Monsieur et Madame", "M. & Mme"]), " "],
                    last,
                    [],
                )
            else:
                other = self.person(female=not p.female)
                text = f"{first} et {other.first} {last.upper()}"
                pre, lt = [r.choice(["M. et Mme", "Mme et M."]), " "], tokens(last.upper())
                ft = ft + tokens(other.first)
        else:
            raise ValueError(v)
        return [*pre, P(text, "NOM", v, lt, lt + ft)]

    def first_only(self, p, variant="prénom seul", lower=False):
        f = p.first.lower() if lower else p.first
        return P(f, "PRENOM", variant, tokens(f))

    # --- identifiers
    def phone_digits(self, mobile=True):
        r = self.r
        head = (
            r.choice(["06", "07"])
            if mobile
            else r.choice(["04 67", "04 99", "04 34", "09 52"]).replace(" ", "")
        )
        return head + "".join(str(r.randrange(10)) for _ in range(10 - len(head)))

    def phone(self, mobile=True, invalid=False, fmt=None):
        d = self.phone_digits(mobile)
        if invalid:
            d = d[:9] if self.chance(0.6) else d + str(self.r.randrange(10))
            return P(" ".join(d[i : i + 2] for i in range(0, len(d), 2)), "TEL", "invalide")
        pairs = [d[i : i + 2] for i in range(0, 10, 2)]
        intl = d[1] + " " + " ".join(pairs[1:])
        fmts = {
            "espaces": " ".join(pairs),
            "points": ".".join(pairs),
            "tirets": "-".join(pairs),
            "compact": d,
            "+33": "+33 " + intl,
            "+33 compact": "+33" + d[1:],
            "0033": "0033 " + intl,
            "+33 (0)": "+33 (0)" + intl,
            "nbsp": "\u00a0".join(pairs),
            "groupes 4": f"{d[:2]} {d[2:6]} {d[6:]}",
        }
        f = fmt or self.choice(list(fmts))
        return P(fmts[f], "TEL", f)

    def org_phone(self):
        d = self.phone_digits(mobile=False)
        return D(" ".join(d[i : i + 2] for i in range(0, 10, 2)), "ORG_TEL")

    def email(self, p, invalid=False, obfuscate=None):
        r = self.r
        f = unicodedata.normalize("NFKD", p.first.lower()).encode("ascii", "ignore").decode()
        last = unicodedata.normalize("NFKD", p.last.lower()).encode("ascii", "ignore").decode()
        last = re.sub(r"[^a-z]", "", last)
        f = re.sub(r"[^a-z-]", "", f)
        local = r.choice(
            [
                f"{f}.{last}",
                f"{f[0]}.{last}",
                f"{last}.{f}",
                f"{f}{last}{r.randrange(10, 99)}",
                f"{f}_{last}",
                f"{last}{f[0]}{r.randrange(1950, 2010)}",
            ]
        )
        dom = r.choice(DOMAINS)
        if invalid:
            v = r.choice(["sans TLD", "double point", "espace"])
            text = {
                "sans TLD": f"{local}@{dom.split('.')[0]}",
                "double point": f"{local}@{dom.replace('.', '..')}",
                "espace": f"{local} @{dom}",
            }[v]
            return P(text, "EMAIL", "invalide: " + v, [local])
        if obfuscate is None:
            obfuscate = r.random() < 0.25
        if not obfuscate:
            if r.random() < 0.15:
                local = ".".join(x.capitalize() for x in local.split("."))
                return P(f"{local}@{dom.capitalize()}", "EMAIL", "majuscules", [local])
            return P(f"{local}@{dom}", "EMAIL", "standard", [local])
        name, tld = dom.rsplit(".", 1)
        v = r.choice(["(at)", "[at]", " arobase ", " at ", "(a)", "[@]", "[at] [dot]", " chez "])
        if v == "[at] [dot]":
            text = f"{local} [at] {name} [dot] {tld}"
        elif v == " chez ":
            text = f"{local} chez {name} point {tld}"
        else:
            text = f"{local}{v if v.startswith(' ') else ' ' + v + ' '}{dom}".replace("  ", " ")
        return P(text, "EMAIL", "obfusqué " + v.strip(), [local])

    def org_email(self, org):
        slug = re.sub(
            r"[^a-z0-9]+",
            "-",
            unicodedata.normalize("NFKD", org.lower()).encode("ascii", "ignore").decode(),
        ).strip("-")
        slug = "-".join(slug.split("-")[:3])
        box = self.choice(["contact", "accueil", "secretariat", "direction", "info"])
        if self.chance(0.2):
            return D(f"{slug.replace('-', '.')}@gmail.com", "ORG_EMAIL")
        return D(f"{box}@{slug}.fr", "ORG_EMAIL")

    def street_number(self):
        r = self.r
        n = str(r.randrange(1, 180))
        return n + r.choice(["", "", "", "", " bis", " ter", "bis", " B"])

    def address(self, person_named_street=None):
        r = self.r
        pn = r.random() < 0.2 if person_named_street is None else person_named_street
        u = r.random()
        if u < 0.08:
            return P(f"lieu-dit {r.choice(LIEUX_DITS)}", "ADRESSE", "lieu-dit")
        street = r.choice(VOIE_PERS if pn else VOIE_ORD)
        base = f"{self.street_number()} {street}"
        if u < 0.16:
            return P(
                f"Résidence {r.choice(RESIDENCES)}, bât. {r.choice('ABCDE')}, apt {r.randrange(1, 60)}, {base}",
                "ADRESSE",
                "résidence + appartement",
            )
        if u < 0.22:
            return P(base.lower(), "ADRESSE", "minuscules")
        return P(base, "ADRESSE", "voie nommée d'après une personne" if pn else "voie ordinaire")

    def org_address(self):
        return D(f"{self.r.randrange(1, 300)} {self.choice(VOIE_ORD + VOIE_PERS)}", "ORG_ADRESSE")

    def birth_date(self, y0=1930, y1=1990, invalid=False):
        r = self.r
        y, m, d = r.randrange(y0, y1), r.randrange(1, 13), r.randrange(1, 29)
        if invalid:
            v = r.choice(["31/02", "mois 13", "30/02"])
            text = {"31/02": f"31/02/{y}", "mois 13": f"{d:02d}/13/{y}", "30/02": f"30/02/{y}"}[v]
            return P(text, "DATE_NAISSANCE", "impossible " + v)
        fmts = {
            "jj/mm/aaaa": f"{d:02d}/{m:02d}/{y}",
            "aaaa-mm-jj": f"{y}-{m:02d}-{d:02d}",
            "jj-mm-aaaa": f"{d:02d}-{m:02d}-{y}",
            "en lettres": f"{'1er' if d == 1 else d} {MONTHS[m - 1]} {y}",
            "jj.mm.aa": f"{d:02d}.{m:02d}.{y % 100:02d}",
            "j/m/aaaa": f"{d}/{m}/{y}",
        }
        v = r.choice(list(fmts))
        return P(fmts[v], "DATE_NAISSANCE", v)

    def event_date(self, y0=2019, y1=2026, long=False):
        r = self.r
        y, m, d = r.randrange(y0, y1), r.randrange(1, 13), r.randrange(1, 29)
        return D(f"{d} {MONTHS[m - 1]} {y}" if long else f"{d:02d}/{m:02d}/{y}", "DATE_EVENEMENT")

    def nir(self, invalid=False, prose=False):
        r = self.r
        sex = r.choice("12")
        yy, mm = f"{r.randrange(100):02d}", f"{r.randrange(1, 13):02d}"
        dep = r.choice(["34", "34", "30", "75", "13", "2A", "2B", "99", "69", "31"])
        com, order = f"{r.randrange(1, 990):03d}", f"{r.randrange(1, 999):03d}"
        body = sex + yy + mm + dep + com + order
        num = int(body.replace("2A", "19").replace("2B", "18"))
        key = 97 - num % 97
        v = "clé valide"
        if invalid:
            key, v = (key + r.randrange(1, 96)) % 97 or 1, "clé fausse"
        k = f"{key:02d}"
        f = r.choice(
            [
                "espaces",
                "compact",
                "espaces",
                "sans clé" if not invalid else "compact",
                "clé séparée",
            ]
        )
        text = {
            "espaces": f"{sex} {yy} {mm} {dep} {com} {order} {k}",
            "compact": body + k,
            "sans clé": body,
            "clé séparée": f"{body} {k}",
        }[f]
        return P(text, "NIR", f"{f}, {v}" + (", prose" if prose else ""))

    def iban(self, invalid=False):
        r = self.r
        bank, branch = f"{r.randrange(10000, 40000):05d}", f"{r.randrange(100000):05d}"
        acct = f"{r.randrange(10**11):011d}"
        rib = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = f"{bank}{branch}{acct}{rib:02d}"
        chk = 98 - int(bban + "152700") % 97
        v = "valide"
        if invalid:
            chk, v = (chk + r.randrange(1, 90)) % 97 or 2, "clé fausse"
        s = f"FR{chk:02d}{bban}"
        f = r.choice(["groupes de 4", "compact", "groupes de 4", "minuscules"])
        text = {
            "groupes de 4": " ".join(s[i : i + 4] for i in range(0, len(s), 4)),
            "compact": s,
            "minuscules": " ".join(s[i : i + 4] for i in range(0, len(s), 4)).lower(),
        }[f]
        return P(text, "IBAN", f"{f}, {v}")

    def plate(self):
        r = self.r
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        a = "".join(r.choice(letters) for _ in range(2))
        b = "".join(r.choice(letters) for _ in range(2))
        n = f"{r.randrange(1, 1000):03d}"
        f = r.choice(["tirets", "espaces", "compact", "minuscules", "FNI"])
        if f == "FNI":
            text = f"{r.randrange(1, 9999)} {''.join(r.choice(letters) for _ in range(r.choice([2, 3])))} {r.choice(['34', '30', '13', '2A'])}"
        else:
            text = {
                "tirets": f"{a}-{n}-{b}",
                "espaces": f"{a} {n} {b}",
                "compact": f"{a}{n}{b}",
                "minuscules": f"{a}-{n}-{b}".lower(),
            }[f]
        return P(text, "IMMAT", f)

    def caf(self):
        n = f"{self.r.randrange(10**6, 10**7)}"
        return (
            P(n, "CAF", "7 chiffres")
            if self.chance(0.8)
            else P(f"{n} {self.choice('ABCDE')}", "CAF", "avec lettre")
        )

    def siret(self):
        while True:
            s = f"{self.r.randrange(10**13, 10**14)}"
            tot = 0
            for i, c in enumerate(reversed(s)):
                x = int(c) * (2 if i % 2 else 1)
                tot += x - 9 if x > 9 else x
            if tot % 10 == 0:
                return D(s if self.chance(0.7) else f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}", "SIRET")

    def amount(self, lo=10, hi=20000):
        v = self.r.randrange(lo * 100, hi * 100) / 100
        s = f"{v:,.2f}".replace(",", " ").replace(".", ",")
        return D(s, "MONTANT")

    def commune(self):
        return self.choice(COMMUNES)

    def gps(self):
        return (
            D(f"{43.55 + self.r.random() * 0.12:.6f}", "GPS"),
            D(f"{3.80 + self.r.random() * 0.15:.6f}", "GPS"),
        )


# ------------------------------------------------------------------ cases


def c01_etat_civil(g: Gen, i):
    nature = g.choice(
        [
            "Mariage",
            "Divorce",
            "PACS",
            "Changement de nom",
            "Changement de prénom",
            "Reconnaissance",
            "Décès",
            "Rectification",
            "Adoption simple",
        ]
    )
    acte = g.choice(["Naissance", "Naissance", "Mariage"])
    year = g.r.randrange(1935, 2015)
    p, q = g.person(), g.person()
    com = g.commune()[0]
    e = "e" if p.female else ""
    if nature == "Mariage":
        txt = [
            f"Marié{e} à ",
            D(com, "COMMUNE"),
            " le ",
            g.event_date(1960, 2025, long=True),
            " avec ",
            *g.name(q, g.choice(["NOM Prénom", "NOM Prénom", "Prénom Nom", "MAJUSCULES"])),
            ".",
        ]
    elif nature == "Divorce":
        txt = [
            f"Divorcé{e} d'avec ",
            *g.name(q, g.choice(["Prénom Nom", "NOM Prénom", "civilité"])),
            " par jugement du ",
            D("Tribunal judiciaire de Montpellier", "ORG"),
            " en date du ",
            g.event_date(),
            ".",
        ]
    elif nature == "PACS":
        txt = [
            "Pacte civil de solidarité enregistré le ",
            g.event_date(),
            f" par l'officier de l'état civil de {com} avec ",
            *g.name(q, g.choice(["NOM Prénom", "Prénom Nom"])),
            f", né{'e' if q.female else ''} le ",
            g.birth_date(),
            " à ",
            g.commune()[0],
            ".",
        ]
    elif nature == "Changement de nom":
        new = g.person()
        txt = [
            "Par décision de l'officier de l'état civil du ",
            g.event_date(),
            f", l'intéressé{e} portera désormais le nom de ",
            P(new.last.upper(), "NOM", "nom seul", tokens(new.last.upper())),
            ".",
        ]
    elif nature == "Changement de prénom":
        a, b = g.person(p.female), g.person(p.female)
        if a.first == b.first:
            b = g.person(not p.female)
        txt = [
            "Prénom(s) modifié(s) par décision du ",
            g.event_date(),
            " : « ",
            g.first_only(a),
            " » devient « ",
            g.first_only(b),
            " ».",
        ]
    elif nature == "Reconnaissance":
        txt = [
            "Reconnu",
            e,
            " par ",
            *g.name(q, g.choice(["civilité", "Prénom Nom", "civilité + NOM Prénom"])),
            ", né le ",
            g.birth_date(),
            ", demeurant ",
            g.address(),
            ", ",
            D(com, "COMMUNE"),
            ", par acte du ",
            g.event_date(),
            ".",
        ]
    elif nature == "Décès":
        txt = [f"Décédé{e} à ", D(com, "COMMUNE"), " le ", g.event_date(2000, 2026, long=True), "."]
    elif nature == "Rectification":
        wrong = p.last[:-1] + ("y" if p.last[-1] != "y" else "i")
        txt = [
            "Rectifié par avis du procureur de la République du ",
            g.event_date(),
            " : lire « ",
            P(p.last, "NOM", "nom seul", tokens(p.last)),
            " » au lieu de « ",
            P(wrong, "NOM", "nom mal orthographié", tokens(wrong)),
            " ».",
        ]
    else:
        txt = [
            "Adoption simple prononcée par jugement du ",
            D("Tribunal judiciaire de Nîmes", "ORG"),
            " le ",
            g.event_date(),
            " au profit de ",
            *g.name(q, g.choice(["Prénom Nom", "NOM Prénom", "minuscules"])),
            ".",
        ]
    return {
        "N° d'acte": [D(f"{year}/{acte[0]}/{g.r.randrange(1, 3000):04d}", "CODE")],
        "Nature de l'acte": [D(acte, "TEXTE")],
        "Année de l'acte": [D(str(year), "CODE")],
        "Nature de la mention": [D(nature, "TEXTE")],
        "Date d'apposition": [g.event_date(2015, 2026)],
        "Texte de la mention": txt,
        "Service": [
            D(
                g.choice(
                    [
                        "État civil – Hôtel de Ville",
                        "Mairie annexe Mosson",
                        "Mairie annexe Croix d'Argent",
                    ]
                ),
                "TEXTE",
            )
        ],
    }


PETITIONNAIRES = [
    "SCI Les Amandiers",
    "SCI JMB Patrimoine",
    "SARL Bati Lez",
    "SAS Promologis Sud",
    "SCCV Le Clos des Oliviers",
    "ACM Habitat",
    "Hérault Habitat",
    "Commune de Jacou",
    "GAEC du Mas de Saporta",
    "Bouygues Immobilier",
    "Syndicat des copropriétaires Résidence Les Cèdres",
    "Paroisse Saint-Roch",
    "EHPAD Les Aubes",
    "SCI Villa Bazille",
    "Clinique du Millénaire",
    "SNC Lez Rive Gauche",
]


def c02_urbanisme(g: Gen, i):
    typ = g.choice(["PC", "DP", "DP", "PA", "PD"])
    org = g.chance(0.42)
    row = {
        "N° de dossier": [
            D(
                f"{typ} 034172 {g.r.randrange(19, 26)} {g.choice(['M', '0'])}{g.r.randrange(1, 9999):04d}",
                "CODE",
            )
        ],
        "Type": [
            D(
                {
                    "PC": "Permis de construire",
                    "DP": "Déclaration préalable",
                    "PA": "Permis d'aménager",
                    "PD": "Permis de démolir",
                }[typ],
                "TEXTE",
            )
        ],
        "Date de dépôt": [g.event_date()],
    }
    if org:
        o = g.choice(PETITIONNAIRES)
        row["Pétitionnaire"] = [D(o, "ORG_PERSONNE" if "Bazille" in o else "ORG")]
        row["Catégorie du demandeur"] = [
            D(
                g.choice(["Personne morale", "Promoteur", "Bailleur social", "Collectivité"]),
                "TEXTE",
            )
        ]
        row["Adresse du pétitionnaire"] = [g.org_address(), ", ", D(g.commune()[0], "COMMUNE")]
        row["Téléphone"] = [g.org_phone()]
        row["Courriel"] = [g.org_email(o)]
    else:
        p = g.person()
        u = g.r.random()
        if u < 0.1:
            q = g.person(female=True)
            pet = [
                "Mme ",
                P(
                    f"{q.first} {q.last} épouse {p.last}",
                    "NOM",
                    "épouse",
                    tokens(q.last) + tokens(p.last),
                    tokens(q.last) + tokens(p.last) + tokens(q.first),
                ),
            ]
        elif u < 0.17:
            pet = [
                g.choice(["Indivision ", "Consorts "]),
                P(p.last.upper(), "NOM", "indivision", tokens(p.last.upper())),
            ]
        else:
            pet = g.name(p)
        row["Pétitionnaire"] = pet
        row["Catégorie du demandeur"] = [D("Particulier", "TEXTE")]
        c = g.commune()
        row["Adresse du pétitionnaire"] = [g.address(), f", {c[1]} ", D(c[0], "COMMUNE")]
        row["Téléphone"] = [g.phone(mobile=g.chance(0.7))] if g.chance(0.85) else []
        row["Courriel"] = [g.email(p, obfuscate=False)] if g.chance(0.8) else []
    row["Commune du terrain"] = [D(g.commune()[0], "COMMUNE")]
    sec = "".join(g.choice("ABCDEHKLMNPRSTVWXY") for _ in range(2))
    row["Parcelles"] = [D(f"{sec} {g.r.randrange(1, 900):04d}", "CODE")]
    if g.chance(0.3):
        row["Parcelles"] += [", ", D(f"{sec} {g.r.randrange(1, 900):04d}", "CODE")]
    works = g.choice(
        [
            "Extension d'une maison individuelle",
            "Construction d'une piscine",
            "Surélévation",
            "Ravalement de façade",
            "Création d'une véranda",
            "Construction de 24 logements collectifs",
            "Division en vue de construire",
            "Démolition d'un hangar agricole",
            "Pose de panneaux photovoltaïques",
            "Changement de destination",
        ]
    )
    nat = [D(works, "TEXTE")]
    if g.chance(0.25):
        nat += [
            ", à proximité ",
            g.choice(
                [
                    ["de l'équipement : ", D(g.choice(EQUIP_PERS), "EQUIPEMENT_PERSONNE")],
                    ["de l'arrêt de tram ", D(g.choice(TRAM), "ARRET_TRAM")],
                ]
            ),
        ]
        nat = [x for y in nat for x in (y if isinstance(y, list) else [y])]
    row["Nature des travaux"] = nat
    row["Surface de plancher créée (m²)"] = [
        D(f"{g.r.randrange(5, 2500)},{g.r.randrange(10)}", "MONTANT")
    ]
    dec = g.choice(
        [
            "Accordé",
            "Refusé",
            "Accordé avec prescriptions",
            "Non-opposition",
            "En cours d'instruction",
        ]
    )
    row["Décision"] = [D(dec, "TEXTE")]
    row["Date de décision"] = [] if dec.startswith("En cours") else [g.event_date()]
    return row


COMPANIES = [
    "Enedis",
    "GRDF",
    "Colas Méditerranée",
    "Eiffage Route Sud-Est",
    "SADE Exploitation",
    "Orange",
    "Grues Méditerranée SAS",
    "Bouygues Immobilier",
    "TaM",
    "Régie des eaux",
    "Nicollin Environnement",
    "Déménagements Pastor et Fils",
    "Cabinet Roux et Associés",
    "Échafaudages du Languedoc SARL",
]


def c03_voirie(g: Gen, i):
    voie = g.choice(VOIE_PERS + VOIE_ORD)
    vk = "VOIE_PERSONNE" if voie in VOIE_PERS else "VOIE"
    com = g.commune()[0]
    row = {
        "N° arrêté": [D(f"{g.r.randrange(2021, 2026)}-VOI-{g.r.randrange(1, 3000):04d}", "CODE")],
        "Date de signature": [g.event_date()],
    }
    if g.chance(0.62):
        o = g.choice(COMPANIES)
        okind = (
            "ORG_PERSONNE"
            if o
            in (
                "Nicollin Environnement",
                "Déménagements Pastor et Fils",
                "Cabinet Roux et Associés",
            )
            else "ORG"
        )
        row["Bénéficiaire"] = [D(o, okind)]
        if g.chance(0.7):
            c = g.person()
            row["Représentant / contact"] = [
                *g.name(c, g.choice(["civilité", "Prénom Nom", "NOM Prénom", "initiale"])),
                g.choice([" (conducteur de travaux)", " – chef de chantier", ""]),
            ]
            row["Téléphone contact"] = [g.phone(mobile=True)] if g.chance(0.6) else [g.org_phone()]
        else:
            row["Représentant / contact"] = []
            row["Téléphone contact"] = [g.org_phone()]
        what = g.choice(
            [
                "Travaux de raccordement au réseau",
                "Renouvellement de canalisation d'eau potable",
                "Installation d'une grue à tour",
                "Levage par grue mobile",
                "Réfection de chaussée",
                "Pose d'un échafaudage",
                "Déménagement d'une agence",
            ]
        )
        objet = [D(what, "TEXTE"), " ", D(voie, vk), ", ", D(com, "COMMUNE")]
        if g.chance(0.3):
            objet += [
                ", entre : ",
                D(g.choice(EQUIP_PERS), "EQUIPEMENT_PERSONNE"),
                " et arrêt ",
                D(g.choice(TRAM), "ARRET_TRAM"),
            ]
    else:
        p = g.person()
        row["Bénéficiaire"] = g.name(p)
        row["Représentant / contact"] = []
        row["Téléphone contact"] = [g.phone(mobile=g.chance(0.8))]
        civ = g.civ(p)
        what = g.r.random()
        if what < 0.45:
            objet = [
                "Stationnement d'un véhicule de déménagement au droit du ",
                g.address(),
                " pour le compte de ",
                civ,
                " ",
                P(p.last, "NOM", "civilité + nom", tokens(p.last)),
            ]
        elif what < 0.75:
            objet = [
                "Dépôt d'une benne à gravats devant le domicile du demandeur, ",
                g.address(),
                ", ",
                D(com, "COMMUNE"),
            ]
        else:
            objet = [
                "Réservation de deux places pour le véhicule ",
                g.plate(),
                " (déménagement du ",
                g.event_date(),
                ")",
            ]
    row["Objet"] = objet
    row["Voie"] = [D(voie, vk)]
    row["Commune"] = [D(com, "COMMUNE")]
    start = date(g.r.randrange(2021, 2026), g.r.randrange(1, 13), g.r.randrange(1, 29))
    end = start + timedelta(days=g.r.randrange(0, 60))
    row["Du"] = [D(start.strftime("%d/%m/%Y"), "DATE_EVENEMENT")]
    row["Au"] = [D(end.strftime("%d/%m/%Y"), "DATE_EVENEMENT")]
    row["Latitude"], row["Longitude"] = (list(x) for x in zip(g.gps()))
    row["Mesures"] = [
        D(
            g.choice(
                [
                    "Stationnement interdit",
                    "Circulation alternée par feux",
                    "Route barrée sauf riverains",
                    "Neutralisation du trottoir",
                    "Vitesse limitée à 30 km/h",
                ]
            ),
            "TEXTE",
        )
    ]
    return row


def c04_eau(g: Gen, i):
    org = g.chance(0.2)
    c = g.commune()
    tarif = (not org) and g.chance(0.3)
    row = {
        "N° réclamation": [
            D(f"REC-{g.r.randrange(2022, 2026)}-{g.r.randrange(1, 99999):05d}", "CODE")
        ],
        "Date de réception": [g.event_date()],
        "Canal": [D(g.choice(["Téléphone", "Courrier", "Accueil", "Formulaire web"]), "TEXTE")],
    }
    comment = []
    if org:
        o = g.choice(
            [
                "Syndic Foncia Lez",
                "Copropriété Le Clos Saint-Martin",
                "Hérault Habitat",
                "EHPAD Les Glycines",
                "Boulangerie du Peyrou SARL",
                "Crèche Les Petits Loups",
                "Résidence Les Cèdres",
                "Lycée Joffre",
            ]
        )
        row["Abonné"] = [D(o, "ORG_PERSONNE" if o == "Lycée Joffre" else "ORG")]
        row["Adresse de desserte"] = [g.org_address()]
        row["Téléphone"] = [g.org_phone()]
        row["Courriel"] = [g.org_email(o)]
        comment = (
            [
                "Contact gardien, ",
                *g.name(g.person(), g.choice(["civilité", "Prénom Nom"])),
                ", ",
                g.phone(mobile=True),
                ".",
            ]
            if g.chance(0.4)
            else [D("Relevé contradictoire demandé par le gestionnaire.", "TEXTE")]
        )
    else:
        p = g.person()
        row["Abonné"] = g.name(
            p,
            g.choice(
                [
                    "NOM, Prénom",
                    "NOM Prénom",
                    "civilité + NOM Prénom",
                    "Prénom Nom",
                    "couple",
                    "MAJUSCULES",
                    "Nom Prénom",
                ]
            ),
        )
        row["Adresse de desserte"] = [g.address()]
        row["Téléphone"] = [g.phone(invalid=g.chance(0.12))]
        row["Courriel"] = (
            [g.email(p, invalid=g.chance(0.1), obfuscate=False)] if g.chance(0.85) else []
        )
        u = g.r.random()
        if u < 0.3:
            comment = [
                "Appel de ",
                *g.name(p, "civilité + nom"),
                " le ",
                g.event_date(),
                " : fuite après compteur, rappelé(e) au ",
                g.phone(),
                ".",
            ]
        elif u < 0.5:
            n = g.person()
            comment = [
                "Le voisin, ",
                *g.name(n, g.choice(["civilité", "civilité + nom", "minuscules"])),
                " (",
                g.address(),
                "), signale aussi une baisse de pression.",
            ]
        elif u < 0.65:
            comment = [
                "Remboursement à effectuer sur le compte ",
                g.iban(),
                " après accord du ",
                D("CCAS de Montpellier", "ORG"),
                ".",
            ]
        elif u < 0.75:
            comment = ["Attestation CSS reçue, NIR ", g.nir(prose=True), "."]
        else:
            comment = [
                D(
                    g.choice(
                        [
                            "Compteur remplacé.",
                            "Dossier transmis au service facturation.",
                            "Index contesté, relève de contrôle planifiée.",
                        ]
                    ),
                    "TEXTE",
                )
            ]
    row["Code postal"] = [D(c[1], "CODE", modes=["auto"])]
    meter = f"{g.choice('IESA')}{g.r.randrange(10, 25)}{g.choice(['LA', 'BA', 'FA'])}{g.r.randrange(10**5, 10**6)}"
    row["N° de compteur"] = [D(meter, "CODE")]
    # quasi-identifiers of the policy (k-anonymity may generalise or mask them): scored in auto mode only
    row["Commune"] = [D(c[0], "COMMUNE", modes=["auto"])]
    row["Motif"] = [
        D(
            g.choice(
                [
                    "Facture élevée",
                    "Fuite après compteur",
                    "Coupure d'eau",
                    "Qualité de l'eau",
                    "Mensualisation",
                    "Changement de titulaire",
                    "Odeur d'égout",
                ]
            ),
            "TEXTE",
        )
    ]
    row["Tarif social"] = [D("Oui" if tarif else "Non", "TEXTE", modes=["auto"])]
    row["N° sécurité sociale"] = [g.nir(invalid=g.chance(0.15))] if tarif else []
    row["N° allocataire CAF"] = [g.caf()] if tarif and g.chance(0.8) else []
    row["IBAN remboursement"] = (
        [g.iban(invalid=g.chance(0.12))] if (not org and g.chance(0.35)) else []
    )
    row["Montant dégrèvement (€)"] = [g.amount(5, 900)]
    row["Commentaire de l'agent"] = comment
    return row


DISCIPLINES = [
    "Violon",
    "Piano",
    "Guitare classique",
    "Chant choral",
    "Formation musicale",
    "Danse classique",
    "Danse contemporaine",
    "Art dramatique",
    "Orgue",
    "Harpe",
    "Trompette",
    "Saxophone",
    "Percussions",
    "Musiques actuelles",
    "Violoncelle",
    "Alto",
    "Accordéon",
    "Flûte traversière",
    "Clarinette",
    "Cor",
]


def c05_conservatoire(g: Gen, i):
    child = g.person()
    ase = g.chance(0.08)
    nv = g.choice(["Nom", "NOM", "NOM", "nom"])
    last = {"Nom": child.last, "NOM": child.last.upper(), "nom": child.last.lower()}[nv]
    row = {
        "N° inscription": [
            D(f"CRR-{g.r.randrange(2023, 2026)}-{g.r.randrange(1, 5000):04d}", "CODE")
        ],
        "Nom de l'élève": [P(last, "NOM", "colonne Nom " + nv, tokens(last))],
        "Prénom de l'élève": [g.first_only(child, "colonne Prénom")],
        "Date de naissance": [g.birth_date(2006, 2020, invalid=g.chance(0.08))],
        "Discipline": [D(g.choice(DISCIPLINES), "TEXTE")],
        "Cycle": [
            D(f"Cycle {g.r.randrange(1, 4)} – {g.choice(['1re', '2e', '3e', '4e'])} année", "TEXTE")
        ],
    }
    if ase:
        o = "Conseil départemental de l'Hérault"
        row["Responsable légal"] = [D(o, "ORG"), " – ", D("Aide sociale à l'enfance", "TEXTE")]
        row["Lien"] = [D("Service gardien", "TEXTE")]
        row["Téléphone du responsable"] = [g.org_phone()]
        row["Courriel du responsable"] = [D("ase.montpellier@herault.fr", "ORG_EMAIL")]
        row["Adresse"] = [g.org_address()]
        row["N° allocataire CAF"] = []
        row["IBAN (prélèvement)"] = []
    else:
        parent = Person(g.person(female=g.chance(0.6)).first, child.last, False)
        parent.female = parent.first in FEMALE or parent.first in COMPOUND_F
        if g.chance(0.2):
            parent = g.person()
        row["Responsable légal"] = g.name(
            parent,
            g.choice(["civilité", "civilité + NOM Prénom", "NOM Prénom", "Prénom Nom", "couple"]),
        )
        row["Lien"] = [
            D(g.choice(["Mère", "Père", "Parents", "Tuteur légal", "Grand-mère"]), "TEXTE")
        ]
        row["Téléphone du responsable"] = [g.phone(mobile=g.chance(0.85))]
        row["Courriel du responsable"] = [g.email(parent, obfuscate=False, invalid=g.chance(0.06))]
        row["Adresse"] = [g.address()]
        row["N° allocataire CAF"] = [g.caf()] if g.chance(0.6) else []
        row["IBAN (prélèvement)"] = [g.iban(invalid=g.chance(0.1))] if g.chance(0.5) else []
    row["Tranche tarifaire"] = [D(f"T{g.r.randrange(1, 8)}", "CODE")]
    row["Montant annuel (€)"] = [g.amount(40, 600)]
    u = g.r.random()
    sib = g.person()
    if u < 0.2:
        obs = [
            g.choice(["Frère de ", "Sœur de "]),
            g.first_only(sib),
            " (inscrit" + ("e" if sib.female else "") + " en ",
            D(g.choice(DISCIPLINES).lower(), "TEXTE"),
            ").",
        ]
    elif u < 0.35:
        if child.first[0] not in "AEIOUYÉÈÂÎÔÀHaeiouyéh":
            child = Person(
                g.choice([f for f in FEMALE + MALE if f[0] in "AEIOUYÉH"]), child.last, child.female
            )
        obs = [
            "Autorisation de sortie signée ; élève récupéré par la grand-mère d'",
            g.first_only(child, "prénom élidé"),
            ".",
        ]
    elif u < 0.5:
        hall = g.choice(["salle Molière", "auditorium du musée", "salle Pétrarque"])
        obs = [
            "Audition le ",
            g.event_date(),
            ", lieu : ",
            D(hall, "EQUIPEMENT" if hall.startswith("audi") else "EQUIPEMENT_PERSONNE"),
            ".",
        ]
    elif u < 0.6:
        obs = ["Maman joignable au ", g.phone(mobile=True), " en journée."]
    elif u < 0.7:
        obs = [
            "Prêt d'instrument n° ",
            D(f"INV-{g.r.randrange(2010, 2025)}-{g.r.randrange(1, 300):03d}", "CODE"),
            " (violon 3/4).",
        ]
    elif u < 0.78:
        obs = ["Nouvelle adresse après déménagement : ", g.address(), "."]
    elif u < 0.85:
        obs = [
            "Travail du répertoire de ",
            D(
                g.choice(
                    ["Georges Brassens", "Django Reinhardt", "Juliette Gréco", "Charles Trenet"]
                ),
                "PERSONNALITE",
            ),
            " pour le concert de fin d'année.",
        ]
    else:
        obs = []
    row["Observations"] = obs
    return row


ELUS = [
    "Corinne Vaissière",
    "Hakim Bouzid",
    "Fanny Ollier-Sarda",
    "Gérald Montagné",
    "Nathalie Ferrando",
    "Olivier Teulade",
    "Séverine Lacombe",
    "Abdelkrim Mansouri",
    "Hélène Roig",
    "Patrice Jammes",
    "Clotilde Vernay",
    "Bruno Audouard",
    "Isabelle Nguyen-Van",
    "Jean-Louis Carbonnel",
]
INSTANCES = [
    "Commission d'appel d'offres",
    "Commission communale des impôts directs",
    "Commission consultative des services publics locaux",
    "Tirage au sort – jury criminel",
    "Commission de sécurité ERP",
    "Commission extra-municipale du handicap",
    "Commission de dénomination des voies",
]


def c06_commissions(g: Gen, i):
    inst = g.choice(INSTANCES)
    pres, rap = g.r.sample(ELUS, 2)
    members = g.r.sample([e for e in ELUS if e not in (pres, rap)], g.r.randrange(2, 5))
    mem = []
    for k, m in enumerate(members):
        mem += ([", "] if k else []) + [D(m, "ELU", modes=["policy"])]
    heard = []
    for k in range(g.r.randrange(0, 3)):
        p = g.person()
        heard += ([" ; "] if k else []) + [
            *g.name(p, g.choice(["civilité", "Prénom Nom", "civilité + NOM Prénom", "NOM Prénom"])),
            g.choice(
                [
                    " (représentant des contribuables)",
                    ", personne qualifiée",
                    " (riverain" + ("e)" if p.female else ")"),
                    "",
                ]
            ),
        ]
    if g.chance(0.3):
        heard += ([" ; "] if heard else []) + [
            "représentant de ",
            D(
                g.choice(
                    [
                        "UFC-Que Choisir Montpellier",
                        "Comité de quartier Figuerolles",
                        "Secours populaire français",
                    ]
                ),
                "ORG",
            ),
        ]
    if inst.startswith("Tirage"):
        p = g.person()
        objet = [
            f"Tirage n° {g.r.randrange(1, 400)} : ",
            *g.name(p, g.choice(["NOM Prénom", "NOM, Prénom", "MAJUSCULES"])),
            ", né" + ("e" if p.female else "") + " le ",
            g.birth_date(1950, 2002),
            ", domicilié" + ("e" if p.female else "") + " ",
            g.address(),
            ", ",
            D(g.commune()[0], "COMMUNE"),
            ".",
        ]
    elif inst.startswith("Commission de dénomination"):
        f = g.choice(FAMOUS)
        objet = [
            g.choice(
                ["Proposition de baptiser le square du quartier Ovalie du nom de ", "Hommage à "]
            ),
            D(f, "PERSONNALITE"),
            " ; avis sur la plaque de la ",
            D(g.choice(VOIE_PERS), "VOIE_PERSONNE"),
            ".",
        ]
    elif inst.startswith("Commission communale"):
        p = g.person()
        objet = [
            "Examen de la réclamation de ",
            *g.name(p, g.choice(["civilité", "civilité + nom", "couple"])),
            " sur la valeur locative du logement situé ",
            g.address(),
            ".",
        ]
    else:
        objet = [
            g.choice(
                [
                    "Attribution du lot 3 (voirie) à ",
                    "Visite de réception du ",
                    "Avis sur le rapport annuel présenté par ",
                ]
            ),
            D(g.choice(ORGS + ORG_PERS), "ORG"),
            " – séance du ",
            g.event_date(),
            ".",
        ]
        if objet[1].text in ORG_PERS:
            objet[1].kind = "ORG_PERSONNE"
    return {
        "Instance": [D(inst, "TEXTE")],
        "Date de séance": [g.event_date()],
        "Président(e)": [D(pres, "ELU", modes=["policy"])],
        "Rapporteur": [D(rap, "ELU", modes=["policy"])],
        "Membres présents": mem,
        "Personnes entendues": heard,
        "Objet": objet,
        "Avis": [
            D(g.choice(["Favorable", "Défavorable", "Ajourné", "Favorable avec réserves"]), "TEXTE")
        ],
    }


def c07_musee(g: Gen, i):
    artist = g.choice(ARTISTS)
    title_kind = g.r.random()
    if title_kind < 0.3:
        title = [
            g.choice(["Portrait de ", "Hommage à ", "Étude pour un portrait de "]),
            D(g.choice(FAMOUS), "PERSONNALITE"),
        ]
    else:
        title = [
            D(
                g.choice(
                    [
                        "Vue de Montpellier depuis le Peyrou",
                        "Nature morte aux grenades",
                        "Étang de Thau au matin",
                        "Composition n° 7",
                        "Baigneuses",
                        "La Lecture",
                        "Outrenoir, 1986",
                        "Paysage de garrigue",
                    ]
                ),
                "TEXTE",
            )
        ]
    row = {
        "N° d'inventaire": [
            D(
                f"{g.choice(['', 'D.', 'L.'])}{g.r.randrange(1990, 2026)}.{g.r.randrange(1, 12)}.{g.r.randrange(1, 40)}",
                "CODE",
            )
        ],
        "Date d'entrée": [g.event_date(1995, 2026)],
        "Mode d'acquisition": [
            D(g.choice(["Don", "Don", "Legs", "Dation", "Don manuel"]), "TEXTE")
        ],
        "Artiste": [D(artist, "PERSONNALITE")]
        if g.chance(0.85)
        else [D("Anonyme, école française du XVIIIe siècle", "TEXTE")],
        "Titre de l'œuvre": title,
        "Technique": [
            D(
                g.choice(
                    [
                        "Huile sur toile",
                        "Bronze",
                        "Fusain sur papier",
                        "Aquarelle",
                        "Acrylique sur toile",
                    ]
                ),
                "TEXTE",
            )
        ],
        "Dimensions (cm)": [D(f"{g.r.randrange(10, 300)} x {g.r.randrange(10, 300)}", "CODE")],
    }
    if g.chance(0.38):
        o = g.choice(
            [
                "Société des amis du musée Fabre",
                "Association Frédéric Bazille",
                "Galerie Templon",
                "Crédit Agricole du Languedoc",
                "Ville de Sète",
                "Fondation d'entreprise Hérault Patrimoine",
            ]
        )
        row["Donateur"] = [D(o, "ORG_PERSONNE" if o in ORG_PERS else "ORG")]
        row["Adresse du donateur"] = [g.org_address()]
        row["Téléphone du donateur"] = [g.org_phone()]
        notes = [
            "Restaurée par l'",
            D("Atelier de restauration Patrimoine et Pigments", "ORG"),
            " en ",
            D(str(g.r.randrange(2000, 2025)), "CODE"),
            ".",
        ]
    else:
        p = g.person()
        u = g.r.random()
        if u < 0.15:
            don = [
                g.choice(["Succession de ", "Legs de "]),
                *g.name(p, g.choice(["civilité", "civilité + NOM Prénom"])),
            ]
        elif u < 0.25:
            don = [
                "Mme veuve ",
                P(
                    f"{p.first} {p.last}",
                    "NOM",
                    "veuve",
                    tokens(p.last),
                    tokens(p.last) + tokens(p.first),
                ),
            ]
        else:
            don = g.name(p)
        row["Donateur"] = don
        row["Adresse du donateur"] = [g.address()] if g.chance(0.9) else []
        row["Téléphone du donateur"] = [g.phone()] if g.chance(0.8) else []
        v = g.r.random()
        if v < 0.3:
            s = g.person()
            notes = [
                "Don effectué en souvenir de ",
                g.choice(["son époux, ", "sa mère, ", "son frère "]),
                *g.name(s, "Prénom Nom"),
                ".",
            ]
        elif v < 0.55:
            c = g.person()
            notes = [
                "Contact : petit-",
                g.choice(["fils", "fille"]),
                ", ",
                *g.name(c, g.choice(["civilité", "Prénom Nom", "initiale"])),
                ", ",
                g.phone(mobile=True),
                " / ",
                g.email(c),
                ".",
            ]
        elif v < 0.8:
            notes = [
                "Œuvre présentée lors de la rétrospective ",
                D(g.choice(ARTISTS), "PERSONNALITE"),
                " (",
                g.event_date(2005, 2025),
                ").",
            ]
        else:
            notes = []
    row["Valeur d'assurance (€)"] = [g.amount(500, 900000)]
    row["Notes de la conservation"] = notes
    return row


TYPOS = {
    "depuis": "depuit",
    "encore": "encor",
    "vraiment": "vraimen",
    "poubelles": "poubelle",
    "merci": "mrc",
}


def c08_signalements(g: Gen, i):
    p = g.person()
    cat = g.choice(
        [
            "Dépôt sauvage",
            "Tag / graffiti",
            "Poubelles non collectées",
            "Déjections canines",
            "Encombrants",
            "Véhicule ventouse",
        ]
    )
    loc_kind = g.r.random()
    if loc_kind < 0.5:
        v = g.choice(VOIE_PERS + VOIE_ORD)
        loc = [D(v, "VOIE_PERSONNE" if v in VOIE_PERS else "VOIE")]
    elif loc_kind < 0.75:
        loc = ["arrêt de tram ", D(g.choice(TRAM), "ARRET_TRAM")]
    else:
        loc = ["devant ", D(g.choice(EQUIP_PERS), "EQUIPEMENT_PERSONNE")]
    low = g.chance(0.5)

    def t(s):
        s = s.lower() if low else s
        if g.chance(0.3):
            for a, b in TYPOS.items():
                s = s.replace(a, b)
        return s

    body = [t(g.choice(["Bonjour, ", "bjr ", "Bonjour,\n", "Madame, Monsieur,\n", ""]))]
    u = g.r.random()
    if u < 0.2:
        n = g.person()
        body += [
            t("c'est encore le voisin du 3e "),
            *g.name(n, g.choice(["civilité + nom", "minuscules", "civilité"])),
            t(" qui laisse ses poubelles sur le trottoir depuis une semaine. "),
        ]
    elif u < 0.35:
        body += [
            t("la voiture immatriculée "),
            g.plate(),
            t(" est garée depuis 3 semaines, elle gêne vraiment. "),
        ]
    elif u < 0.5:
        body += [t("j'habite au "), g.address(), t(" et les encombrants sont là depuis lundi. ")]
    elif u < 0.6:
        body += [
            t("des tags insultants visent "),
            *g.name(g.person(), g.choice(["Prénom Nom", "minuscules"])),
            t(" sur le mur de la "),
            D(t(g.choice(EQUIP_PERS)), "EQUIPEMENT_PERSONNE"),
            ". ",
        ]
    elif u < 0.7:
        body += [
            t("un dépôt sauvage au pied de la statue de "),
            D(g.choice(["Jean Jaurès", "Auguste Comte", "Louis XIV"]), "PERSONNALITE"),
            t(", c'est honteux. "),
        ]
    else:
        body += [
            t("les poubelles n'ont pas été ramassées depuis mardi, merci de faire le nécessaire. ")
        ]
    u = g.r.random()
    if u < 0.3:
        body += [t("vous pouvez me joindre au "), g.phone(), ". "]
    elif u < 0.5:
        body += [t("mon mail : "), g.email(p, obfuscate=g.chance(0.6)), " "]
    elif u < 0.6:
        body += [
            "tel ",
            g.phone(fmt=g.choice(["compact", "points", "+33"])),
            " / ",
            g.email(p, obfuscate=True),
            " ",
        ]
    if isinstance(body[-1], str):
        body[-1] = body[-1].rstrip(" ")
    sig = g.r.random()
    if sig < 0.25:
        body += [
            "\n",
            g.choice(["cordialement ", "Cordialement,\n", "cdlt "]),
            g.first_only(p, "signature prénom", lower=g.chance(0.6)),
        ]
    elif sig < 0.55:
        body += [
            "\n",
            g.choice(["Cordialement,\n", "Bien à vous,\n", "merci d'avance\n"]),
            *g.name(p, g.choice(["Prénom Nom", "minuscules", "initiale", "NOM Prénom"])),
        ]
    elif sig < 0.65:
        body += [
            "\n",
            g.choice(["famille ", "la famille "]),
            P(p.last, "NOM", "famille", tokens(p.last)),
        ]
    elif sig < 0.75:
        body += [
            "\n",
            g.civ(p),
            " ",
            P(p.last.lower(), "NOM", "civilité + nom minuscules", tokens(p.last.lower())),
        ]
    answer = [
        D(
            g.choice(
                [
                    "Intervention programmée par la brigade propreté.",
                    "Signalement transmis à",
                    "Dépôt enlevé le",
                ]
            ),
            "TEXTE",
        )
    ]
    if answer[0].text == "Signalement transmis à":
        o = g.choice(
            ["Nicollin Environnement", "la police municipale", "ACM Habitat", "Hérault Habitat"]
        )
        answer += [" ", D(o, "ORG_PERSONNE" if o.startswith("Nicollin") else "ORG"), "."]
    elif answer[0].text == "Dépôt enlevé le":
        answer += [" ", g.event_date(), "."]
    return {
        "N° signalement": [D(f"SIG{g.r.randrange(10**6, 10**7)}", "CODE")],
        "Date": [g.event_date()],
        "Quartier": [
            D(
                g.choice(
                    [
                        "Mosson",
                        "Cévennes",
                        "Croix d'Argent",
                        "Près d'Arènes",
                        "Port Marianne",
                        "Centre",
                        "Hôpitaux-Facultés",
                    ]
                ),
                "TEXTE",
            )
        ],
        "Catégorie": [D(cat, "TEXTE")],
        "Localisation": loc,
        "Message de l'usager": body,
        "Réponse du service": answer,
        "Statut": [D(g.choice(["Clos", "En cours", "Transmis"]), "TEXTE")],
    }


ASSOS = [
    "Amicale laïque Jules Ferry",
    "Les Amis de Jean Vilar",
    "Club de pétanque Léo Lagrange",
    "Chorale Arc-en-Ciel",
    "Comité des fêtes de Celleneuve",
    "Les Jardins partagés de la Mosson",
    "Association sportive Croix d'Argent",
    "Harmonie Edmond Rostand",
    "Compagnie Les Têtes de Bois",
    "Amicale des locataires du Petit Bard",
    "Ludothèque La Marelle",
    "Association des parents d'élèves Pablo Picasso",
    "Tango Lez",
    "Cercle occitan Frédéric Mistral",
    "Association Jean Moulin Mémoire",
    "Les Randonneurs du Pic Saint-Loup",
    "Échecs Club Montpelliérain",
]


def c09_associations(g: Gen, i):
    a = g.choice(ASSOS)
    person_named = any(
        n in a for n in ("Ferry", "Vilar", "Lagrange", "Rostand", "Picasso", "Mistral", "Moulin")
    )
    c = g.commune()
    pres, tres = g.person(), g.person()
    row = {
        "N° RNA": [D(f"W34{g.r.randrange(10**6, 10**7)}", "CODE")],
        "Nom de l'association": [D(a, "ORG_PERSONNE" if person_named else "ORG")],
        "Objet": [
            D(
                g.choice(
                    [
                        "Activités culturelles et de loisirs",
                        "Pratique sportive",
                        "Animation du quartier",
                        "Solidarité et entraide",
                        "Défense des locataires",
                        "Enseignement musical",
                    ]
                ),
                "TEXTE",
            )
        ],
        "Siège social": [g.org_address()]
        if g.chance(0.8)
        else [D(g.choice(EQUIP_PERS), "EQUIPEMENT_PERSONNE")],
        "Code postal": [D(c[1], "CODE")],
        "Commune": [D(c[0], "COMMUNE")],
        "Président(e)": g.name(
            pres,
            g.choice(
                ["Prénom Nom", "NOM Prénom", "civilité", "NOM, Prénom", "Nom Prénom", "minuscules"]
            ),
        ),
        "Trésorier(e)": g.name(
            tres, g.choice(["Prénom Nom", "NOM Prénom", "initiale", "MAJUSCULES"])
        ),
    }
    row["Téléphone"] = [g.phone(mobile=True)] if g.chance(0.55) else [g.org_phone()]
    row["Courriel"] = [g.email(pres, obfuscate=False)] if g.chance(0.4) else [g.org_email(a)]
    row["SIRET"] = [g.siret()] if g.chance(0.6) else []
    row["Date de création"] = [g.event_date(1950, 2025)]
    row["Subvention 2025 (€)"] = [g.amount(0, 40000)]
    row["Salle mise à disposition"] = (
        [D(g.choice(EQUIP_PERS), "EQUIPEMENT_PERSONNE")]
        if g.chance(0.7)
        else [D(g.choice(EQUIP), "EQUIPEMENT")]
    )
    return row


def c10_agenda(g: Gen, i):
    annexe = g.choice(
        [
            "Mairie annexe Mosson",
            "Mairie annexe Croix d'Argent",
            "Mairie annexe Cévennes",
            "Mairie annexe Port Marianne",
        ]
    )
    f = g.choice(FAMOUS)
    kind = g.r.random()
    if kind < 0.25:
        title = ["Conférence sur ", D(f, "PERSONNALITE")]
    elif kind < 0.45:
        title = [
            "Exposition ",
            D(f, "PERSONNALITE"),
            " : ",
            D(g.choice(["autoportraits", "les années de jeunesse", "correspondances"]), "TEXTE"),
        ]
    elif kind < 0.6:
        title = [
            "Ciné-débat autour de l'œuvre " + ("d'" if f[0] in "AEIOUÉ" else "de "),
            D(f, "PERSONNALITE"),
        ]
    elif kind < 0.7:
        title = ["Lecture : ", D(f, "PERSONNALITE"), " à voix haute"]
    else:
        title = [
            D(
                g.choice(
                    [
                        "Atelier d'écriture",
                        "Bal trad occitan",
                        "Permanence France Services",
                        "Troc de graines",
                        "Réunion publique du conseil de quartier",
                        "Initiation aux échecs",
                    ]
                ),
                "TEXTE",
            )
        ]
    org = g.choice(
        [
            "Comité de quartier Figuerolles",
            "Compagnie Les Têtes de Bois",
            "Chorale Arc-en-Ciel",
            "CCAS de Montpellier",
            "Conseil de quartier Prés d'Arènes",
            "Secours populaire français",
            "Médiathèques de Montpellier Méditerranée Métropole",
            "Association Frédéric Bazille",
            "Les Amis de Jean Vilar",
            "Cercle occitan Frédéric Mistral",
            "Harmonie Edmond Rostand",
        ]
    )
    d = g.event_date(2025, 2027)
    lat, lon = g.gps()
    return {
        "Date": [d],
        "Heure": [D(f"{g.r.randrange(9, 21)}h{g.choice(['00', '30', '15'])}", "CODE")],
        "Mairie annexe": [D(annexe, "ORG")],
        "Lieu": [D(g.choice(EQUIP_PERS), "EQUIPEMENT_PERSONNE")],
        "Adresse": [g.org_address()],
        "Intitulé": title,
        "Organisateur": [D(org, "ORG_PERSONNE" if org in ORG_PERS else "ORG")],
        "Public": [
            D(g.choice(["Tout public", "Adultes", "Familles", "Dès 8 ans", "Seniors"]), "TEXTE")
        ],
        "Tarif": [D(g.choice(["Gratuit", "5 €", "Entrée libre", "3,50 €"]), "MONTANT")],
        "Renseignements": [
            D(
                f"04 67 {g.r.randrange(10, 99)} {g.r.randrange(10, 99)} {g.r.randrange(10, 99)}",
                "ORG_TEL",
            )
        ],
        "Latitude": [lat],
        "Longitude": [lon],
    }


@dataclass
class Case:
    id: str
    title: str
    build: object
    columns: list[str]
    rows: int
    fmt: str = "csv"
    encoding: str | None = "UTF-8"
    delimiter: str | None = ";"
    line_ending: str | None = "LF"
    policy: str | None = None
    clean: bool = False
    tests: str = ""
    quasi_identifiers: list[str] | None = None


POLICIES = {
    "p01_etat_civil.yaml": """# Mentions marginales : texte masqué, le reste est public.
version: 1
description: Extrait anonymisé du registre des mentions marginales.
columns:
  "Texte de la mention": mask_text
default: auto
""",
    "p02_urbanisme.yaml": """# Autorisations d'urbanisme : pétitionnaires personnes physiques masqués, personnes morales conservées.
version: 1
description: Registre des autorisations d'urbanisme (permis et déclarations préalables).
subject: "Pétitionnaire"
subject_columns: ["Adresse du pétitionnaire", "Téléphone", "Courriel"]
columns:
  "Pétitionnaire": redact_natural_persons
  "Nature des travaux": keep
default: auto
""",
    "p04_eau.yaml": """# Réclamations eau et assainissement.
version: 1
columns:
  "Abonné": redact_natural_persons
  "N° sécurité sociale": drop
  "IBAN remboursement": redact
  "Code postal": "generalize:postcode_department"
  "Commentaire de l'agent": mask_text
default: auto
quasi_identifiers: ["Code postal", "Commune", "Tarif social"]
k: 5
""",
    "p05_conservatoire.yaml": """version: 1
description: Inscriptions au conservatoire, extraction pour le rapport d'activité.
columns:
  "Nom de l'élève": pseudonymize
  "Prénom de l'élève": redact
  "Date de naissance": "generalize:year"
  "IBAN (prélèvement)": drop
  "Discipline": keep
  "Observations": mask_text
default: auto
""",
    "p06_commissions.yaml": """# Commissions : les élus siègent au titre de leur mandat (publics).
version: 1
public_columns: ["Président(e)", "Rapporteur", "Membres présents"]
columns:
  "Personnes entendues": mask_text
  "Objet": mask_text
default: auto
""",
    "p09_associations.yaml": """version: 1
description: Registre communal des associations.
columns:
  "Président(e)": redact
  "Trésorier(e)": redact
  "Nom de l'association": keep
default: auto
""",
}


def cases():
    return [
        Case(
            "s01_mentions_marginales",
            "État civil – mentions marginales (extrait)",
            c01_etat_civil,
            [],
            420,
            encoding="UTF-8",
            delimiter=";",
            line_ending="CRLF",
            policy="p01_etat_civil.yaml",
            tests="names in état-civil prose, birth dates, home addresses, first names alone",
        ),
        Case(
            "s02_autorisations_urbanisme",
            "Permis de construire et déclarations préalables",
            c02_urbanisme,
            [],
            380,
            fmt="parquet",
            encoding=None,
            delimiter=None,
            line_ending=None,
            policy="p02_urbanisme.yaml",
            tests="Parquet; mixed natural/legal applicants; row-linked address/phone/e-mail",
        ),
        Case(
            "s03_arretes_voirie",
            "Registre des arrêtés de voirie",
            c03_voirie,
            [],
            420,
            encoding="Windows-1252",
            delimiter=",",
            line_ending="CRLF",
            tests="companies vs riverains; contact persons in company rows; plates; person-named streets",
        ),
        Case(
            "s04_reclamations_eau",
            "Réclamations eau et assainissement",
            c04_eau,
            [],
            450,
            encoding="ISO-8859-1",
            delimiter="\t",
            line_ending="LF",
            policy="p04_eau.yaml",
            tests="identifier-named columns with invalid values; organisation subscribers; agent comments; k=5",
            quasi_identifiers=["Code postal", "Commune", "Tarif social"],
        ),
        Case(
            "s05_conservatoire",
            "Inscriptions au conservatoire",
            c05_conservatoire,
            [],
            400,
            encoding="UTF-8 with BOM",
            delimiter=";",
            line_ending="LF",
            policy="p05_conservatoire.yaml",
            tests="minors: name/first-name columns, birth dates, parents, CAF, IBAN, remarks",
        ),
        Case(
            "s06_commissions_jurys",
            "Commissions municipales et jurés",
            c06_commissions,
            [],
            300,
            encoding="UTF-8",
            delimiter="|",
            line_ending="LF",
            policy="p06_commissions.yaml",
            tests="elected officials in public columns (policy); citizens in text; person-named places",
        ),
        Case(
            "s07_dons_musee",
            "Dons et legs au musée",
            c07_musee,
            [],
            320,
            encoding="Windows-1252",
            delimiter=";",
            line_ending="CRLF",
            tests="artists and portrait subjects vs donors; organisations named after people",
        ),
        Case(
            "s08_signalements_proprete",
            "Signalements propreté (messages des usagers)",
            c08_signalements,
            [],
            520,
            encoding="UTF-8",
            delimiter=",",
            line_ending="CRLF",
            tests="resident free text: lower case, typos, signatures, obfuscated e-mails, plates",
        ),
        Case(
            "s09_registre_associations",
            "Registre des associations",
            c09_associations,
            [],
            360,
            encoding="ISO-8859-1",
            delimiter=";",
            line_ending="CRLF",
            policy="p09_associations.yaml",
            tests="association presidents/treasurers; association vs personal contact details",
        ),
        Case(
            "s10_agenda_mairies_annexes",
            "Agenda des mairies annexes",
            c10_agenda,
            [],
            300,
            encoding="UTF-8",
            delimiter=";",
            line_ending="LF",
            clean=True,
            tests="clean file: public figures, person-named facilities and streets, institutional phones",
        ),
    ]


# ------------------------------------------------------------------ checks (the scorer's own rules)


def scorer():
    """The public score.py as a module: the key is checked with the very rules that will score it."""
    if not SCORER.is_file():
        sys.exit(f"{SCORER} not found: set OPENDATA_SHARED_DIR to the folder holding eval/pii")
    spec = importlib.util.spec_from_file_location("pii_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ encoding and assembly

ENC = {
    "UTF-8": "utf-8",
    "UTF-8 with BOM": "utf-8-sig",
    "Windows-1252": "cp1252",
    "ISO-8859-1": "iso-8859-1",
}
FALLBACK = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "ı": "i",
    "’": "'",
    "œ": "oe",
    "Œ": "OE",
    "€": "EUR",
    "…": "...",
    "–": "-",
    "\u202f": "\u00a0",
}


def fit(s, codec):
    """Transliterate the characters an 8-bit encoding cannot hold (consistently in the key)."""
    if codec is None or codec.startswith("utf"):
        return s
    out = []
    for ch in s:
        try:
            ch.encode(codec)
            out.append(ch)
        except UnicodeEncodeError:
            rep = FALLBACK.get(ch) or "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            rep.encode(codec)  # fails loudly if a vocabulary word cannot be written
            out.append(rep)
    return "".join(out)


def as_item(part, row, col):
    it = {"row": row, "column": col, "value": part.text, "kind": part.kind}
    if part.planted:
        it.update(variant=part.variant, must=part.must, strict=part.strict)
    if part.modes:
        it["modes"] = part.modes
    return it


def check_row(sc, cells, planted, decoys):
    """The row's key is exact: every planted item is found in its input cell and disappears when all
    planted spans are masked; every decoy survives that masking and overlaps no planted span."""
    for col, parts in cells.items():
        text = "".join(p if isinstance(p, str) else p.text for p in parts)
        masked = "".join(
            p if isinstance(p, str) else ("[X]" if p.planted else p.text) for p in parts
        )
        if text != text.strip() or "\r" in text:
            return False
        for it in planted:
            if it["column"] == col:
                if not sc.planted_present(it, text) or sc.strict_present(it, masked):
                    return False
                if not all(sc.has_word(sc.fold(it["value"]), sc.fold(t)) for t in it["strict"]):
                    return False
        for it in decoys:
            if it["column"] == col and not (
                sc.decoy_present(it, text) and sc.decoy_present(it, masked)
            ):
                return False
    return True


def build_case(sc, case, seed):
    g = Gen(f"{seed}:{case.id}")
    codec = ENC.get(case.encoding) if case.encoding else None
    rows, planted, decoys = [], [], []
    for i in range(case.rows):
        for _attempt in range(200):
            raw = {fit(k, codec): v for k, v in case.build(g, i).items()}
            unknown = set(raw) - set(case.columns)
            if unknown:
                raise KeyError(f"{case.id}: columns {sorted(unknown)} not in its header")
            cells, rp, rd = {}, [], []
            for col in case.columns:
                parts = []
                for p in raw.get(col, []):
                    if isinstance(p, str):
                        parts.append(fit(p, codec))
                    else:
                        p.text = fit(p.text, codec)
                        p.must = [fit(t, codec) for t in p.must]
                        p.strict = [fit(t, codec) for t in p.strict]
                        parts.append(p)
                        (rp if p.planted else rd).append(as_item(p, i, col))
                if parts and isinstance(parts[0], str):
                    parts[0] = parts[0].lstrip()
                if parts and isinstance(parts[-1], str):
                    parts[-1] = parts[-1].rstrip()
                cells[col] = parts
            if check_row(sc, cells, rp, rd):
                break
        else:
            raise RuntimeError(f"{case.id}: row {i} could not be drawn without ambiguous tokens")
        rows.append(
            ["".join(p if isinstance(p, str) else p.text for p in cells[c]) for c in case.columns]
        )
        planted += rp
        decoys += rd
    for n, it in enumerate(planted):
        it["id"] = f"{case.id}:P{n:05d}"
    for n, it in enumerate(decoys):
        it["id"] = f"{case.id}:D{n:05d}"
    return rows, planted, decoys


# ------------------------------------------------------------------ writing and verifying


def write_csv(path, case, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(
        buf, delimiter=case.delimiter, lineterminator="\r\n" if case.line_ending == "CRLF" else "\n"
    )
    w.writerow(case.columns)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(ENC[case.encoding]))


def write_parquet(path, case, rows):
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        sys.exit("pyarrow is needed for the Parquet case: run with the project's .venv/bin/python")
    table = pa.table({c: [r[j] or None for r in rows] for j, c in enumerate(case.columns)})
    pq.write_table(table, path)


def read_back(path, case):
    if case.fmt == "parquet":
        import pyarrow.parquet as pq

        t = pq.read_table(path)
        d = t.to_pydict()
        return list(t.column_names), [
            ["" if d[c][i] is None else d[c][i] for c in t.column_names] for i in range(t.num_rows)
        ]
    text = path.read_bytes().decode(ENC[case.encoding])
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=case.delimiter))
    return rows[0], rows[1:]


def verify(sc, path, case, rows, planted, decoys):
    header, got = read_back(path, case)
    assert header == case.columns, (case.id, header)
    assert got == rows, f"{case.id}: file content differs from what was generated"
    col = {h: j for j, h in enumerate(header)}
    for it in planted:
        cell = got[it["row"]][col[it["column"]]]
        assert it["value"] in cell and sc.planted_present(it, cell), it
    for it in decoys:
        assert sc.decoy_present(it, got[it["row"]][col[it["column"]]]), it


def write_key(path, case, planted, decoys):
    def line(it):
        return json.dumps(it, ensure_ascii=False, separators=(",", ":"))

    head = [
        f'"case": {json.dumps(case.id)}',
        f'"file": {json.dumps(data_name(case))}',
        f'"rows": {case.rows}',
        f'"columns": {json.dumps(case.columns, ensure_ascii=False)}',
        f'"clean": {json.dumps(case.clean)}',
    ]
    body = ",\n".join(head) + ',\n"planted": [\n' + ",\n".join(map(line, planted)) + "\n],\n"
    body += '"decoys": [\n' + ",\n".join(map(line, decoys)) + "\n]\n"
    path.write_text("{\n" + body + "}\n", encoding="utf-8")


def data_name(case):
    return f"data/{case.id}.{'parquet' if case.fmt == 'parquet' else 'csv'}"


def generate(out, seed=SEED, rows=None):
    """Write the corpus into `out`; `rows` overrides every case's row count (small test instances)."""
    out = Path(out)
    for sub in ("data", "keys", "policies"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    all_cases = cases()
    sc = scorer()
    manifest = {"generator": "bench/anonymize_sealed3.py", "seed": seed, "cases": []}
    tot_p = tot_d = 0
    for case in all_cases:
        codec = ENC.get(case.encoding) if case.encoding else None
        case.columns = [fit(c, codec) for c in COLUMN_ORDER[case.id]]
        if rows:
            case.rows = rows
        data, planted, decoys = build_case(sc, case, seed)
        path = out / data_name(case)
        (write_parquet if case.fmt == "parquet" else write_csv)(path, case, data)
        verify(sc, path, case, data, planted, decoys)
        write_key(out / "keys" / f"{case.id}.json", case, planted, decoys)
        if case.policy:
            (out / "policies" / case.policy).write_text(POLICIES[case.policy], encoding="utf-8")
        tot_p += len(planted)
        tot_d += len(decoys)
        manifest["cases"].append(
            {
                "id": case.id,
                "title": case.title,
                "file": data_name(case),
                "format": case.fmt,
                "encoding": case.encoding,
                "delimiter": {"\t": "TAB"}.get(case.delimiter, case.delimiter),
                "line_ending": case.line_ending,
                "rows": case.rows,
                "columns": case.columns,
                "policy": f"policies/{case.policy}" if case.policy else None,
                "clean": case.clean,
                "quasi_identifiers": case.quasi_identifiers,
                "output_ext": "parquet" if case.fmt == "parquet" else "csv",
                "key": f"keys/{case.id}.json",
                "planted": len(planted),
                "decoys": len(decoys),
                "tests": case.tests,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
    manifest["totals"] = {"planted": tot_p, "decoys": tot_d}
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


COLUMN_ORDER = {
    "s01_mentions_marginales": [
        "N° d'acte",
        "Nature de l'acte",
        "Année de l'acte",
        "Nature de la mention",
        "Date d'apposition",
        "Texte de la mention",
        "Service",
    ],
    "s02_autorisations_urbanisme": [
        "N° de dossier",
        "Type",
        "Date de dépôt",
        "Pétitionnaire",
        "Catégorie du demandeur",
        "Adresse du pétitionnaire",
        "Téléphone",
        "Courriel",
        "Commune du terrain",
        "Parcelles",
        "Nature des travaux",
        "Surface de plancher créée (m²)",
        "Décision",
        "Date de décision",
    ],
    "s03_arretes_voirie": [
        "N° arrêté",
        "Date de signature",
        "Bénéficiaire",
        "Représentant / contact",
        "Téléphone contact",
        "Objet",
        "Voie",
        "Commune",
        "Du",
        "Au",
        "Latitude",
        "Longitude",
        "Mesures",
    ],
    "s04_reclamations_eau": [
        "N° réclamation",
        "Date de réception",
        "Canal",
        "Abonné",
        "Adresse de desserte",
        "N° de compteur",
        "Code postal",
        "Commune",
        "Téléphone",
        "Courriel",
        "Motif",
        "Tarif social",
        "N° sécurité sociale",
        "N° allocataire CAF",
        "IBAN remboursement",
        "Montant dégrèvement (€)",
        "Commentaire de l'agent",
    ],
    "s05_conservatoire": [
        "N° inscription",
        "Nom de l'élève",
        "Prénom de l'élève",
        "Date de naissance",
        "Discipline",
        "Cycle",
        "Responsable légal",
        "Lien",
        "Téléphone du responsable",
        "Courriel du responsable",
        "Adresse",
        "N° allocataire CAF",
        "Tranche tarifaire",
        "Montant annuel (€)",
        "IBAN (prélèvement)",
        "Observations",
    ],
    "s06_commissions_jurys": [
        "Instance",
        "Date de séance",
        "Président(e)",
        "Rapporteur",
        "Membres présents",
        "Personnes entendues",
        "Objet",
        "Avis",
    ],
    "s07_dons_musee": [
        "N° d'inventaire",
        "Date d'entrée",
        "Mode d'acquisition",
        "Artiste",
        "Titre de l'œuvre",
        "Technique",
        "Dimensions (cm)",
        "Donateur",
        "Adresse du donateur",
        "Téléphone du donateur",
        "Valeur d'assurance (€)",
        "Notes de la conservation",
    ],
    "s08_signalements_proprete": [
        "N° signalement",
        "Date",
        "Quartier",
        "Catégorie",
        "Localisation",
        "Message de l'usager",
        "Réponse du service",
        "Statut",
    ],
    "s09_registre_associations": [
        "N° RNA",
        "Nom de l'association",
        "Objet",
        "Siège social",
        "Code postal",
        "Commune",
        "Président(e)",
        "Trésorier(e)",
        "Téléphone",
        "Courriel",
        "SIRET",
        "Date de création",
        "Subvention 2025 (€)",
        "Salle mise à disposition",
    ],
    "s10_agenda_mairies_annexes": [
        "Date",
        "Heure",
        "Mairie annexe",
        "Lieu",
        "Adresse",
        "Intitulé",
        "Organisateur",
        "Public",
        "Tarif",
        "Renseignements",
        "Latitude",
        "Longitude",
    ],
}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1 :]
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", required=True, help="directory to write the corpus into")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument(
        "--rows", type=int, default=0, help="rows per table (default: each table's own count)"
    )
    ap.add_argument(
        "--score", action="store_true", help="then run the public corpus's score.py on it"
    )
    ap.add_argument("--cli", default="", help="anonymizer executable passed to score.py --cli")
    a = ap.parse_args(argv)
    m = generate(a.out, a.seed, a.rows or None)
    print(
        f"sealed3: {len(m['cases'])} tables, {m['totals']['planted']} planted items, "
        f"{m['totals']['decoys']} decoys in {a.out}"
    )
    if not a.score:
        return 0
    if not SCORER.exists():
        sys.exit(f"score.py not found at {SCORER}")
    shutil.copy(SCORER, Path(a.out) / "score.py")
    cmd = (
        [sys.executable, str(Path(a.out) / "score.py")]
        + (["--cli", a.cli] if a.cli else [])
        + extra
    )
    return subprocess.run(cmd, cwd=a.out).returncode


if __name__ == "__main__":
    sys.exit(main())
