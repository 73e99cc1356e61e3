"""Word lists used by the detectors: first names, civilities, legal-person and place cues."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`."""
    return frozenset(text.split())


# Lexicon entries that are far more often a common word than a first name in French text.
_AMBIGUOUS_FIRST_NAMES = frozenset(
    word_set(
        """ah alter ami amie an april art aura avis avril bas beau belle ben berlin bras brin cadi chance
    cher christ ciel colombe constant demi don eden elle essence fleur fortune franc france gloria
    happy hardy io issy jeunesse juste justice kaolin les lien lin lois mai major mari marin marine mars
    media mica miracle modeste monta monte mort odessa olive olympia omega oral page paris patience
    porter prince pris reine rio rue sage salut sans sens sera signe star su tel temple toussaint
    trace travers unique val ville vin york"""
    )
)

CIVILITIES = frozenset(
    word_set(
        """m m. mr mr. mme mme. mmes mlle mlle. mlles mm mm. me me. dr dr. pr pr. monsieur madame
    mademoiselle messieurs mesdames maitre maître docteur professeur"""
    )
)

# Words after a civility that make it a function, not a person ("M. le Maire").
TITLES = frozenset(
    word_set(
        """maire adjoint adjointe président presidente présidente president préfet prefet directeur
    directrice conseiller conseillère député deputee députée sénateur sénatrice ministre
    rapporteur secrétaire general général vice"""
    )
)

# A capitalised phrase after one of these words names a place or a legal person, not a person.
PLACE_OR_ORG_CUES = frozenset(
    word_set(
        """rue avenue av av. bd bd. boulevard bld place pl pl. allée allee allées impasse chemin route
    imp chem che rte r cour crs sq fg fbg
    quai cours square passage lotissement résidence residence montée traverse clos hameau
    esplanade promenade rond-point voie sentier cité cite quartier faubourg parvis pont port
    collège college lycée lycee école ecole écoles groupe scolaire maternelle élémentaire
    elementaire primaire université universite faculté iut institut campus crèche creche stade
    gymnase piscine patinoire halle complexe sportif salle palais parc jardin jardins bois square
    zac zone centre espace maison foyer médiathèque mediatheque bibliothèque bibliotheque
    ludothèque musée musee théâtre theatre cinéma cinema opéra opera auditorium conservatoire
    hôpital hopital clinique chu ehpad pharmacie caserne gare station arrêt arret ligne tramway
    aéroport aeroport pavillon domaine château chateau église eglise chapelle cathédrale mosquée
    temple synagogue cimetière cimetiere mairie hôtel hotel prix fondation association asso
    amicale club comité comite fédération federation union syndicat ligue société societe sarl
    sas sasu sa eurl sci snc scop gie ets établissements etablissements entreprise cabinet agence
    studio atelier garage boulangerie restaurant librairie galerie compagnie cie troupe chorale
    orchestre ensemble collectif cercle académie academie amis centre-ville tous pôle pole
    avenue-du plan promotion fonds trophée trophee mémorial memorial monument statue buste plaque
    salle-des tournoi challenge coupe festival rencontres boulodrome aire skatepark city-stade
    dojo base nautique annexe annexes rues avenues places écoles ecoles bâtiment batiment bat
    hall amphi amphithéâtre amphitheatre bloc immeuble aile concerté concerte direction
    service ville commune communes métropole metropole département departement région region
    état etat ccas cias sivom sivu communauté communaute agglomération agglomeration préfecture
    prefecture conseil ministère ministere office urssaf cpam caf msa sem spl serm
    établissement etablissement institution organisme coopérative cooperative mutuelle banque
    crédit credit groupement gip epci epic epa sdis onf inrae cnrs inserm
    café cafe bar brasserie bistrot bistro pizzeria pizza snack kebab tabac épicerie epicerie
    boucherie charcuterie fromagerie poissonnerie pâtisserie patisserie traiteur crêperie
    creperie salon coiffure boutique magasin pressing fleuriste opticien auberge glacier
    caviste primeur bazar supérette superette restau resto radio télé tele tv web"""
    )
)

# Activities and purposes that name associations ("ASPTT Montpellier Basket", "Loisirs et
# Culture"): a name cell holding one is a legal person (never read as a surname).
ORG_ACTIVITY_WORDS = frozenset(
    word_set(
        """sport sports sportif sportive culture culturel culturelle cultures danse danses musique
    musiques musical musicale chant chants chorale théâtre arts santé solidarité solidarités
    solidaire loisirs loisir randonnée randonnées randonneurs football rugby basket basket-ball
    volley volley-ball handball judo karaté karate tennis pétanque boules yoga gym gymnastique
    natation escrime cyclisme cyclotourisme athlétisme boxe aïkido aikido roller plongée golf
    skate skateboard trampoline lutte hockey badminton
    ski surf escalade équitation échecs scrabble jeux cinéma photographie vidéo production
    productions création créations formation formations insertion emploi éducation
    environnement écologie patrimoine jumelage amitié amitiés entraide partage échanges
    citoyenneté développement recherche handicap handicapés parents enfants enfance jeunes
    jeunesse familles retraités seniors étudiants habitants riverains consommateurs défense
    promotion sauvegarde protection animation animations évènementiel événementiel
    événements festival international internationale européen européenne humanitaire
    fraternité accueil médiation prévention soutien entraînement multisports omnisports
    pédagogie évangélique chrétienne chrétien musulmane musulman culturels réseau réseaux
    collectif initiative initiatives projet projets découverte aventure passion mouvement
    tourisme vacances média médias"""
    )
)

# After a name, these mark a company ("Dupont et Fils", "Martin SARL").
LEGAL_SUFFIXES = frozenset(
    word_set(
        """sarl sas sasu sa eurl sci snc scop gie fils frères freres associés associes cie consulting
    immobilier conseil"""
    )
)

PARTICLES = word_set(
    """de du des la le d' d’ van von der den vom zu ben bin ibn el al da di dos das del della ter
    ait aït ould"""
)


# Adjectives that may sit between a cue and a name ("école maternelle Jules Ferry").
PLACE_ADJECTIVES = frozenset(
    word_set(
        """maternelle élémentaire elementaire primaire scolaire sportif sportive municipal municipale
    municipaux communal communale public publique privé privée departemental départemental
    départementale regional régional régionale universitaire culturel culturelle social sociale
    nautique olympique technique professionnel professionnelle agricole polyvalent polyvalente
    intercommunal intercommunale associatif associative médical medical médicale hospitalier
    national nationale international internationale nouveau nouvelle grand grande petit petite
    vieux vieille annexe couvert couverte omnisports"""
    )
)


def strip_accents(text: str) -> str:
    """Remove combining accents (É -> E)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def header_tokens(header: str) -> list[str]:
    """Header split on non-alphanumerics and camelCase, lower case, without accents."""
    spaced = _CAMEL.sub(" ", strip_accents(header.lstrip("\ufeff").strip()))
    return [t for t in _NON_ALNUM.split(spaced.lower()) if t]


def normalize_header(header: str) -> str:
    """Accent/case/spacing-insensitive key for matching policy headers."""
    return " ".join(header_tokens(header))


def _read(name: str) -> set[str]:
    text = resources.files(__package__).joinpath(f"data/{name}").read_text("utf-8")
    return {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}


@cache
def first_names() -> frozenset[str]:
    """Lower-case first names without accents (bundled lexicons), ambiguous words removed."""
    names = {strip_accents(n) for n in _read("first_names.txt") | _read("first_names_fr_extra.txt")}
    names = {n for n in names if len(n) >= 3}
    return frozenset(names - {strip_accents(a) for a in _AMBIGUOUS_FIRST_NAMES})


@cache
def first_name_forms() -> list[str]:
    """Lower-case, capitalised and upper-case accent-free forms of every first name and part."""
    forms: set[str] = set()
    for name in first_names():
        for part in name.split("-"):
            if len(part) >= 3 and part not in _AMBIGUOUS_FIRST_NAMES:
                forms.add(part)
                forms.add(part[:1].upper() + part[1:])
                forms.add(part.upper())
    return sorted(forms)


@lru_cache(maxsize=1 << 16)
def is_first_name(token: str) -> bool:
    """A capitalised or upper-case token that is a first name (compounds: every part is one)."""
    if not token[:1].isupper():
        return False
    lex = first_names()
    parts = token.split("-")
    # Upper-case parts need four letters ("LEA" is more often an acronym), except in compounds.
    short = 3 if len(parts) > 1 else 4
    return all(
        strip_accents(p.lower()) in lex and (p[1:].islower() or (p.isupper() and len(p) >= short))
        for p in parts
    )
