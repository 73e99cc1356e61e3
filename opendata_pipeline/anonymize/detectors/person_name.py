"""Names of natural persons: civility cues, first-name lexicon, SURNAME Firstname, initials.

Places and legal persons named after people ("Collège Jean Moulin", "avenue Jean Jaurès",
"Association des Amis de Jean Moulin", "Dupont et Fils SARL", "Saint-Jean-de-Védas") are not
persons: a name preceded by a place/organisation cue or followed by a company suffix is kept.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..lexicon import (
    CIVILITIES,
    LEGAL_SUFFIXES,
    ORG_ACTIVITY_WORDS,
    PARTICLES,
    PLACE_ADJECTIVES,
    PLACE_OR_ORG_CUES,
    TITLES,
    first_name_forms,
    first_names,
    is_first_name,
    strip_accents,
    word_set,
)
from .base import Detector, Span

_TOKEN = re.compile(
    r"[A-ZÀ-ÖØ-Þ]\.(?:\s?-?[A-ZÀ-Þ]\.)*"  # initials: J.  J.-P.  J. P.
    r"|[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?"  # words, hyphen/apostrophe compounds
    r"|&|\S"
)

# Fast C-level pass: runs of two or more capitalised tokens (civilities, initials, particles and
# "et" inside). Only these runs reach the Python rules below.
_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_CAPW = (
    rf"(?:[dDlLnNoO]['’]|M['’])?[{_UP}](?:[{_LO}]+(?:[{_UP}][{_LO}]+)?|[{_UP}]+)"
    rf"(?:[-'’][{_UP}](?:[{_LO}]+|[{_UP}]+))*"
)
_INIT = rf"[{_UP}]\.(?:[ ]?-?[{_UP}]\.)*"
_CIV = (
    r"(?:M|MM|Mr|Mme|Mmes|Mlle|Mlles|Me|Dr|Pr|MR|MME|MMES|MLLE|MLLES)\.?(?![\w'’])"
    r"|(?:Monsieur|Madame|Mademoiselle|Messieurs|Mesdames|Maître|Docteur|Professeur|MONSIEUR|MADAME)"
    r"|(?i:famille|époux|epoux|veuve|veuf|consorts|héritiers|heritiers)"
)
# Words that announce natural persons even in lower case ("les époux Girard").
_FAMILY = frozenset(
    ["famille", "époux", "epoux", "veuve", "veuf", "consorts", "héritiers", "heritiers"]
)
_RUN_TOKEN = rf"(?:{_CIV}|{_INIT}|{_CAPW})"
_RUN_SEP = (
    r"[ \u00a0]+(?:(?:de[ \u00a0]+la|de|du|des|le|la|van[ \u00a0]+der|van|von|ben|el|da|di|dos"
    r"|del|der|den|das|al|bin|ibn|et|&)[ \u00a0]+)?"
)
_RUN = re.compile(rf"{_RUN_TOKEN}(?:{_RUN_SEP}{_RUN_TOKEN})+")
_CONTEXT_CHARS = 80  # text before a run read for place/organisation cues

# Capitalised words that start sentences or name institutions, never a surname.
_NON_NAME = frozenset(
    word_set(
        """le la les l un une des du de d au aux pour par dans sur sous avec sans chez et ou en ce cet cette
    ces son sa ses leur leurs il elle ils elles nous vous on qui que dont où ou mais donc or ni
    car si à a est sont été être avoir objet vu considérant considerant article articles décide
    decide approuve autorise délibération deliberation séance seance conseil municipal
    métropolitain metropolitain commune communes ville métropole metropole mairie département
    departement région region état etat république republique france europe montpellier
    montpelliérain montpelliéraine montpelliérains montpelliéraines méditerranée mediterranee
    hérault herault occitanie languedoc roussillon languedoc-roussillon
    provence camargue nord sud est ouest janvier février
    fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
    lundi mardi mercredi jeudi vendredi samedi dimanche monsieur madame mesdames messieurs total
    montant budget subvention convention marché marche contrat avenant annexe rapport service
    services direction pôle pole mission division bureau cabinet adjoint adjointe maire président
    presidente présidente vice premier première premiere conseiller conseillère conseillere
    délégué délégue deleguee déléguée général générale generale secrétaire secretaire directeur
    directrice chef responsable agent agents saint sainte st ste notre dame new the of and street
    bis ter cedex bp cs tél tel fax mail email courriel internet site web www http https"""
    )
)


_ACTIVITY = ORG_ACTIVITY_WORDS | {strip_accents(w) for w in ORG_ACTIVITY_WORDS}
NON_NAME_WORDS = frozenset(_NON_NAME | {strip_accents(w) for w in _NON_NAME})


class _Tok(NamedTuple):
    text: str  # without a trailing sentence dot
    start: int
    end: int  # end of `text`
    dotted: bool


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        initials = len(word) >= 2 and word[1] == "." and word[0].isupper()
        if word.endswith(".") and len(word) > 1 and not initials:
            toks.append(_Tok(word[:-1], m.start(), m.end() - 1, True))
        else:
            toks.append(_Tok(word, m.start(), m.end(), False))
    return toks


def _low(word: str) -> str:
    return word.lower().replace("’", "'")


class _Flags(NamedTuple):
    civ: bool
    initial: bool
    particle: bool
    surname: bool
    upper_surname: bool
    first: bool
    title: bool  # Capitalised word that may be a given name or surname ("Djeneba", "Kerboul")
    strong_upper: bool  # upper-case surname shaped like a name, not an acronym ("AUBRY")
    first3: bool  # three-letter upper-case first name ("HOA"), a name only beside a surname
    apostrophe: bool  # N'/M' surname ("N'Guessan", "M'BENGUE")


@lru_cache(maxsize=1 << 16)
def _flags(word: str) -> _Flags:
    """What a token can be (cached: the same words recur across cells)."""
    low = _low(word)
    surname = _surname_word(word)
    return _Flags(
        civ=low in CIVILITIES or (low + ".") in CIVILITIES or low in _FAMILY,
        initial=len(word) >= 2 and word[0].isupper() and word[1] == ".",
        particle=low in PARTICLES or low in {"d'", "l'"},
        surname=surname,
        upper_surname=surname and word.isupper() and sum(c.isalpha() for c in word) >= 2,
        first=is_first_name(word) and low not in _NON_NAME,
        title=surname
        and len(word) >= 2
        and "'" not in word
        and "’" not in word
        and all(p[:1].isupper() and p[1:].islower() for p in word.split("-"))
        and low not in PLACE_ADJECTIVES
        and low not in _CATEGORY_WORDS,
        strong_upper=surname and word.isupper() and name_shaped(word),
        first3=len(word) == 3
        and word.isupper()
        and low not in _NON_NAME
        and strip_accents(low) in first_names(),
        apostrophe=surname and bool(_APOSTROPHE_SURNAME.match(word)),
    )


_APOSTROPHE_SURNAME = re.compile(r"[NM]['’][A-ZÀ-ÖØ-Þ]")
_VOWELS = frozenset("AEIOUY")
# Upper-case words of four letters or more that read like a name but are acronyms.
_ACRONYMS = frozenset(
    word_set(
        """anru opah anah ademe afpa adil apave arcep cerema enedis insee inrae unesco onema
    crous urssaf ursaff capeb copro cnil dreal ddtm ddfip dgfip ofii unicef oms otan"""
    )
)
# Capitalised nouns that label a category, never a surname before an initial ("Annexe B.").
_CATEGORY_WORDS = frozenset(
    word_set(
        """article articles annexe catégorie categorie niveau classe lot option tranche phase
    bâtiment batiment bât bat escalier esc porte tribune salle section série serie type zone
    plan vitamine groupe bloc aile étage etage secteur parcelle chapitre titre partie point
    alinéa alinea hall entrée entree tome volume page figure tableau modèle modele version cas
    équipe equipe poule division rang code loi décret decret arrêté arrete item case box ligne
    lettre note pièce piece dossier réf ref vol numéro numero tour étape etape pôle pole
    programme projet opération operation action axe objectif mesure fiche critère critere
    catégories licence permis"""
    )
)


def name_shaped(word: str) -> bool:
    """An upper-case word that reads like a surname rather than an acronym (AUBRY, not ASPTT)."""
    letters = [c for c in strip_accents(word) if c.isalpha()]
    if word[:2] in ("N'", "M'", "N’", "M’"):
        return len(letters) >= 3
    if len(letters) < 4 or word.lower() in _ACRONYMS:
        return False
    return sum(c in _VOWELS for c in letters) >= 0.25 * len(letters)


def _is_civ(tok: _Tok) -> bool:
    return _flags(tok.text).civ


def _is_initial(tok: _Tok) -> bool:
    return _flags(tok.text).initial


def _is_particle(tok: _Tok) -> bool:
    return _flags(tok.text).particle


def _is_surname(tok: _Tok) -> bool:
    """Capitalised or upper-case word that is not a function/institution word."""
    return _flags(tok.text).surname


def _surname_word(word: str) -> bool:
    if word[:2].lower() in ("d'", "d’") and word[2:3].isupper():
        word = word[2:]
    if not word[:1].isupper() or len(word) < 2 or not word[0].isalpha():
        return False
    low = _low(word)
    if low in _NON_NAME or strip_accents(low) in _NON_NAME or low in PLACE_OR_ORG_CUES:
        return False
    if low in _ACTIVITY or strip_accents(low) in _ACTIVITY:
        return False  # "ASCH Arts Culture", "PESAP Santé"
    return low not in TITLES and low not in LEGAL_SUFFIXES


def _is_upper_surname(tok: _Tok) -> bool:
    return _flags(tok.text).upper_surname


def _is_first(tok: _Tok) -> bool:
    return _flags(tok.text).first


def _is_name_token(tok: _Tok) -> bool:
    f = _flags(tok.text)
    return f.first or f.surname or f.initial


def _adjacent(text: str, left: _Tok, right: _Tok) -> bool:
    """Two tokens separated only by spaces (no comma, no line break)."""
    gap = text[left.end + (1 if left.dotted else 0) : right.start]
    return gap.strip(" \u00a0\t") == "" and "\n" not in gap


def _name_run(text: str, toks: list[_Tok], i: int, limit: int = 5) -> int:
    """Index after the longest run of name tokens (particles inside) starting at `i`."""
    j = i
    count = 0
    while j < len(toks) and count < limit:
        if j > i and not _adjacent(text, toks[j - 1], toks[j]):
            break
        if j > i and toks[j - 1].dotted and not _is_initial(toks[j - 1]):
            break
        tok = toks[j]
        if _is_name_token(tok):
            j += 1
            count += 1
            continue
        # particles: "de La Fontaine", "d'Aubigné" (token "d'Aubigné" is a surname already)
        k = j
        while k < len(toks) and _is_particle(toks[k]) and _adjacent(text, toks[k - 1], toks[k]):
            k += 1
        if (
            k > j
            and k < len(toks)
            and _is_surname(toks[k])
            and _adjacent(text, toks[k - 1], toks[k])
        ):
            j = k
            continue
        break
    return j


def _org_context(toks: list[_Tok], start: int, end: int) -> bool:
    """A place/organisation cue before or in the name, a company suffix after, a saint's name."""
    if any(_low(t.text) in PLACE_OR_ORG_CUES for t in toks[start:end]):
        return True
    k = start - 1
    steps = 0
    while k >= 0 and steps < 6:
        low = re.sub(r"^[dl]'", "", _low(toks[k].text))
        if low in PLACE_OR_ORG_CUES or strip_accents(low) in PLACE_OR_ORG_CUES:
            return True
        if low in {"saint", "sainte", "st", "ste"}:
            return True
        if k == start - 1 and (low in _ACTIVITY or strip_accents(low) in _ACTIVITY):
            return True  # "Pédagogie R. Steiner", "Danse Marie Dupont": an association's name
        if low in {",", "et", "-", "–"}:
            # an enumeration of names after one cue ("Rues Rémy Belleau, Jacques Prévert")
            if k == 0 or not toks[k - 1].text[:1].isupper():
                break
        elif not (
            low in PLACE_ADJECTIVES
            or _is_particle(toks[k])
            or toks[k].text[:1].isupper()
            # a lowercase complement after a particle ("Club de judo", "Amicale des locataires")
            or (k > 0 and _is_particle(toks[k - 1]))
        ):
            break
        k -= 1
        steps += 1
    if end < len(toks):
        nxt = _low(toks[end].text)
        if nxt in LEGAL_SUFFIXES or nxt == "&":
            return True
        if nxt == "et" and end + 1 < len(toks) and _low(toks[end + 1].text) in LEGAL_SUFFIXES:
            return True
    return False


def _span(toks: list[_Tok], i: int, j: int) -> Span:
    last = toks[j - 1]
    return (toks[i].start, last.end + (1 if _is_initial(last) and not last.dotted else 0))


@lru_cache(maxsize=1 << 15)
def _run_names(context: str, run: str, cue: str = "") -> tuple[Span, ...]:
    """Names in a run of capitalised tokens, `context` being the text just before it.

    `cue` is "strong" or "weak" when a word introducing a person precedes the run
    ("signalé par", "avec"), "after" when a kinship note follows it ("(fille)"). Cached: the same phrases ("au Collège
    Jean Moulin") recur from cell to cell. Spans are relative to the start of `context`.
    """
    text = context + run
    before = _tokens(context)
    toks = before + [
        _Tok(t.text, t.start + len(context), t.end + len(context), t.dotted) for t in _tokens(run)
    ]
    return tuple(_names_in(text, toks, len(before), cue))


# Words introducing a person: a capitalised pair after them is a name without the lexicon when
# the cue is strong (a role label, a kinship word, "signalé par") or the pair shows a sign of a
# person (a known first name, an upper-case surname, an initial).
_CUE_WORDS = (
    r"(?:\b(?i:par|avec|chez|selon|pour|à|aupr[eè]s\s+de|de\s+la\s+part\s+de|au\s+nom\s+de"
    r"|re[çc]u(?:e|s|es)?\s+de)"
    r"|\b(?i:t[ée]moins?|titulaire|contact|demandeu(?:r|se)|requ[ée]rante?|signataire"
    r"|interlocut(?:eur|rice)|r[ée]f[ée]rente?|d[ée]clarante?|plaignante?|usag[eè]re?"
    r"|repr[ée]sent[ée]e?\s+par)\s*:"
    r"|\b(?i:sa|son|ses|ma|mon|mes|leurs?|notre|votre|nos|vos)\s+(?i:voisine?|fils|fille|m[èe]re|p[èe]re|fr[èe]re"
    r"|s[œo]e?ur|[ée]poux|[ée]pouse|mari|femme|conjointe?|compagnon|compagne|neveu|ni[èe]ce"
    r"|cousine?|oncle|tante|amie?|locataire|propri[ée]taire)\s*,?)"
)
_CUE_BEFORE = re.compile(_CUE_WORDS + r"\s*$")
# Cues that may as well introduce an organisation ("réunion avec", "géré par"), unless a
# participle makes it a person's act ("signalé par", "vu par").
_WEAK_CUE = re.compile(r"\b(?i:par|avec|chez|selon|pour|à|aupr[eè]s\s+de)\s*$")
_PERSON_ACT = re.compile(
    r"\b(?i:signal|d[ée]pos|transmis|adress|r[ée]dig|envoy|sign|vue?s?\b|re[çc]u|port|[ée]crit"
    r"|repr[ée]sent)\w*\s+par\s*$"
    r"|\b(?i:rdv|rendez-vous|entretien|transactionnel(?:le)?|transaction)(?:\s+pris)?\s+avec\s*$"
)
_KINSHIP = (
    r"fille|fils|voisine?|neveu|ni[èe]ce|amie?|m[èe]re|p[èe]re|fr[èe]re|s[œo]e?ur|[ée]poux"
    r"|[ée]pouse|mari|conjointe?|compagnon|compagne|cousine?|oncle|tante|tut(?:eur|rice)"
    r"|curat(?:eur|rice)|petite?-(?:fils|fille)|grand-(?:m[èe]re|p[èe]re)|belle-(?:fille|m[èe]re)"
    r"|beau-(?:fils|p[èe]re)"
)
_KIN_AFTER = re.compile(rf"[ \u00a0]*\((?i:{_KINSHIP})\b")
# Verbs of a person's act right after a name ("Sokha Le Bihan a rappelé", "CHIDI BOUSQUET
# demande"); the first ones (never a noun) also follow a lower-case name.
_ACT_VERBS = (
    r"a[ \u00a0]+(?:rappel|appel|t[ée]l[ée]phon)[ée]|rappellera|appellera|t[ée]l[ée]phonera"
    r"|(?:est|s'est|s’est)[ \u00a0]+(?:pass|venu|revenu|pr[ée]sent)\w*"
)
_VERB_AFTER = re.compile(
    rf"[ \u00a0]+(?:{_ACT_VERBS}|demande|signale|souhaite|d[ée]clare|conteste|se[ \u00a0]+plaint)\b"
)

# A closing formula, then a signature on its own at the end of a line ("Cordialement, Salima").
_SIGN_WORD = rf"(?:[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?|[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)"
_SIGNATURE = re.compile(
    r"(?i:cordialement|bien\s+[àa]\s+vous|salutations(?:\s+distingu[ée]es)?|merci(?:\s+d'avance"
    r"|\s+par\s+avance|\s+beaucoup)?|bonne\s+(?:journ[ée]e|soir[ée]e|semaine)|respectueusement"
    r"|amicalement|sinc[èe]rement|[àa]\s+bient[ôo]t)"
    rf"[ \t]*(?:[,.!][ \t]*\n?|\n)[ \t]*(?P<name>{_SIGN_WORD}(?:[ \u00a0]{_SIGN_WORD}){{0,2}})"
    r"[ \t]*[.!]?[ \t]*(?=\n|\Z)"
)

# A person written in lower case right after an introducing word ("signalé par piotr issert")
# or before a person's act ("salima tran a rappelé"): the first word must be a known first name,
# the second a plausible surname, unless a strong cue and a boundary frame an unknown pair.
_LOW_WORD = rf"[{_LO}]+(?:-[{_LO}]+)?"
_LOWER_NAME = (
    rf"(?P<name>(?P<first>{_LOW_WORD})[ \u00a0]+"
    r"(?:(?:de[ \u00a0]+la|van[ \u00a0]+de[nr]?|von[ \u00a0]+der|de|du|des|le|la|da|das|dos|del|della"
    r"|di|van|von|ben|el|ait|aït)[ \u00a0]+)?"
    rf"(?P<last>(?:[dnmlo]['’])?[{_LO}]{{2,}}(?:[-'’][{_LO}]+)*))(?![\w'’-])"
)
_LOWER_PAIR = re.compile(rf"[ \u00a0]+{_LOWER_NAME}")
_LOWER_BEFORE_ACT = re.compile(
    rf"(?:^|(?<=[.!?;:,(\n—–]))[ \u00a0]*{_LOWER_NAME}[ \u00a0]+(?:{_ACT_VERBS})"
)
_ACT_KEY = re.compile(_ACT_VERBS)
# What may close an unknown lower-case name after a strong cue: punctuation, the end, a verb.
_LOWER_AFTER = re.compile(rf"[ \u00a0]*(?:[.,;:)(—–]|$)|[ \u00a0]+(?:{_ACT_VERBS}|le[ \u00a0]+\d)")
# Frequent French words that may follow a lower-case first name: never a surname.
_LOWER_STOP = frozenset(
    word_set(
        """le la les l un une des du de d au aux a à et ou en ce cet cette ces son sa ses leur
    leurs il elle ils elles nous vous on qui que qu dont où mais donc or ni car si est sont
    été être avoir ont avait était sera pour par dans sur sous avec sans chez vers depuis
    pendant après avant entre contre selon lors dès ne pas plus très bien aussi encore déjà
    toujours jamais tout tous toute toutes même rien chaque aucun aucune ici là y lui leur
    se sa s ça cela ceci comme puis ensuite alors afin mail courrier téléphone tel tél le
    mon ma mes ton ta tes notre votre nos vos soins voie lettre simple postale email sms fax
    erreur avance ailleurs exemple défaut accord écrit oral recommandé recommandée"""
    )
)
# Lexicon first names that are also ordinary French words in lower case.
_LOWER_AMBIGUOUS = frozenset(
    word_set(
        """pierre rose marine claire blanche violette victoire constance prudence grace grâce
    ange aime aimé jade perle ambre iris capucine olive fleur océane oceane lilas jasmin
    camille dominique france colombe aurore soleil lune clement clément leger léger just
    juste fidele fidèle felicite félicité esperance espérance marguerite pascal noel noël
    martin vincent simple page russe amour innocent modeste parfait patience anis"""
    )
)


def find_names(text: str) -> list[Span]:
    """Spans of person names in `text` (civility words themselves are left visible)."""
    spans: list[Span] = []
    for run in _runs(text):
        start, end = run.start(), run.end()
        cue = ""
        if _may_be_cue(text, start) and _CUE_BEFORE.search(text, max(0, start - 40), start):
            lo = max(0, start - 40)
            weak = _WEAK_CUE.search(text, lo, start) and not _PERSON_ACT.search(text, lo, start)
            cue = "weak" if weak else "strong"
        elif _KIN_AFTER.match(text, end) or _VERB_AFTER.match(text, end):
            cue = "after"
        if not _run_names("", run.group(), cue):
            continue
        # Something looks like a name: read the text before the run for place/organisation cues.
        lo = max(0, start - _CONTEXT_CHARS)
        spans.extend(
            (lo + a, lo + b)
            for a, b in _run_names(text[lo:start], run.group(), cue)
            if not text[lo + b : lo + b + 1].isalnum()  # "L.R": the word goes on
        )
    spans = [_with_coordinated_first_name(text, span) for span in spans]
    extra = _signatures(text) + _lower_case_names(text)
    for a, b in extra:
        if all(b <= s or a >= e for s, e in spans):
            spans.append((a, b))
    return sorted(spans) if extra else spans


# Cheap substring tests before the regular expressions (most texts have no cue at all).
_SIGN_KEYS = (
    "ordialement", "vous", "alutations", "erci", "ERCI", "onne ", "espectueusement",
    "micalement", "incèrement", "ientôt", "ORDIALEMENT",
)  # fmt: skip
# Where an introducing word may end: the lower-case name would start right after.
_SIGN_GATE = re.compile("|".join(map(re.escape, _SIGN_KEYS)))
_LOWER_CUE_KEY = re.compile(r" (?:par|avec|chez|selon|pour|à|de)|[:,]")
_CUE_LAST_WORDS = frozenset(
    word_set(
        """par avec chez selon pour à de voisin voisine fils fille mère mere père pere frère frere sœur
    soeur soeur époux epoux épouse epouse mari femme conjoint conjointe compagnon compagne
    neveu nièce niece cousin cousine oncle tante ami amie locataire propriétaire proprietaire"""
    )
)


def _may_be_cue(text: str, start: int) -> bool:
    """Whether the word before `start` may end an introducing cue (fast test)."""
    tail = text[max(0, start - 14) : start].rstrip()
    if not tail:
        return False
    if tail[-1] in ":,":
        return True
    return tail.rsplit(None, 1)[-1].lower() in _CUE_LAST_WORDS


def _signatures(text: str) -> list[Span]:
    """The signature after a closing formula ("Bien à vous, Bilal")."""
    if not _SIGN_GATE.search(text):
        return []
    out: list[Span] = []
    for m in _SIGNATURE.finditer(text):
        words = m.group("name").split()
        if all(_low(w) not in _NON_NAME and _low(w) not in PLACE_OR_ORG_CUES for w in words):
            out.append(m.span("name"))
    return out


def _lower_case_names(text: str) -> list[Span]:
    """Lower-case "first last" after an introducing word ("témoin : demba wang") or opening a
    clause before a person's act ("Relance envoyée. salima tran a rappelé")."""
    out: list[Span] = []
    for key in _LOWER_CUE_KEY.finditer(text):
        after = key.end()
        m = _LOWER_PAIR.match(text, after)
        lo = max(0, after - 40)
        if m and _may_name(m) and _CUE_BEFORE.search(text, lo, after):
            weak = _WEAK_CUE.search(text, lo, after) and not _PERSON_ACT.search(text, lo, after)
            framed = not weak and _LOWER_AFTER.match(text, m.end())
            if _lower_name(m, known=not framed):
                out.append(m.span("name"))
    if _ACT_KEY.search(text):
        out.extend(m.span("name") for m in _LOWER_BEFORE_ACT.finditer(text) if _lower_name(m))
    return sorted(set(out))


def _may_name(m: re.Match[str]) -> bool:
    """What `_lower_name` needs in any case (cheap: tried before the cue is looked for)."""
    first = m.group("first")
    return _plain_lower(m.group("last")) and (_lower_first_name(first) or _plain_lower(first))


def _lower_name(m: re.Match[str], *, known: bool = False) -> bool:
    """A plausible lower-case name; with `known`, the first word must be a known first name."""
    first, last = m.group("first"), m.group("last")
    if not _plain_lower(last):
        return False
    if _lower_first_name(first):
        return first not in _LOWER_AMBIGUOUS or not known
    return not known and _plain_lower(first)


def _lower_first_name(word: str) -> bool:
    """A lower-case word (compounds: every part) found in the first-name lexicon."""
    return all(strip_accents(p) in first_names() for p in word.split("-"))


@lru_cache(maxsize=1 << 12)
def _plain_lower(word: str) -> bool:
    """A lower-case word that is no function, institution, place, activity or kinship word."""
    return all(
        w not in _LOWER_STOP
        and w not in NON_NAME_WORDS
        and w not in PLACE_OR_ORG_CUES
        and w not in _ACTIVITY
        and w not in _CATEGORY_WORDS
        and w not in _CUE_LAST_WORDS
        and w not in TITLES
        and w not in CIVILITIES
        for w in (word, strip_accents(word))
    )


# A run starts where a capitalised word (or a family word) starts: the lookarounds reject every
# other position at once, so one scan finds the runs.
_RUN_AT = re.compile(
    r"(?<![\w.’'])(?=(?:[dDlLnNoO]['’]|M['’])?[A-ZÀ-ÖØ-Þ]"
    r"|(?i:famille|époux|epoux|veuve|veuf|consorts|héritiers|heritiers)\b)"
    rf"(?:{_RUN.pattern})"
)


def _runs(text: str) -> list[re.Match[str]]:
    """Runs of capitalised tokens, tried only where a capitalised word starts."""
    return list(_RUN_AT.finditer(text))


_COORDINATED = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*) (?:et|&) $")


def _with_coordinated_first_name(text: str, span: Span) -> Span:
    """Include "Mohamed et " in "Mohamed et Fatima Benali" (one family name for both)."""
    match = _COORDINATED.search(text, max(0, span[0] - 40), span[0])
    if match and is_first_name(match.group(1)):
        return (match.start(1), span[1])
    return span


def _names_in(text: str, toks: list[_Tok], first: int, cue: str = "") -> list[Span]:
    """Names among `toks[first:]` (earlier tokens are context for the cue walk-back)."""
    spans: list[Span] = []
    i = first
    if cue in ("strong", "weak"):
        # A capitalised pair right after "signalé par", "témoin :", "sa voisine," is a name.
        end = _cued_name(text, toks, first, strong=cue == "strong")
        if end > first:
            spans.append(_exact_span(toks, first, end))
            i = end
    while i < len(toks):
        tok = toks[i]
        if _is_civ(tok) and (tok.text[:1].isupper() or _low(tok.text) in _FAMILY):
            j = i + 1
            # "M. et Mme DUPONT", "Mme et M. Jean Martin"
            if (
                j + 1 < len(toks)
                and _low(toks[j].text) in {"et", "&", "ou"}
                and _is_civ(toks[j + 1])
            ):
                j += 2
            if j < len(toks) and _is_civ(toks[j]):
                j += 1
            if (
                j < len(toks)
                and _low(toks[j].text) not in TITLES
                and _adjacent(text, toks[j - 1], toks[j])
            ):
                end = _name_run(text, toks, j)
                if end > j and not _org_context(toks, i, end):
                    spans.append(_span(toks, j, end))
                    i = end
                    continue
            i += 1
            continue
        if _is_first(tok) or _is_initial(tok) or _is_upper_surname(tok):
            start = i
            if (
                _is_first(tok)
                and i > first
                and _is_surname(toks[i - 1])
                and not _is_first(toks[i - 1])
                and _adjacent(text, toks[i - 1], tok)
            ):
                start = i - 1  # "Meunier Brigitte": a capitalised surname before the first name
            end = _name_run(text, toks, i)
            has_first = any(_is_first(t) for t in toks[start:end])
            has_initial = any(_is_initial(t) for t in toks[start:end])
            upper_then_first = _is_upper_surname(tok) and has_first
            named = end - start >= 2 and (
                has_first or (has_initial and not _is_initial(toks[end - 1]))
            )
            if named and (upper_then_first or not _is_upper_surname(tok) or has_first):
                if not _org_context(toks, start, end):
                    start = _with_given_name(text, toks, start, first)
                    spans.append(_span(toks, start, end))
                i = end
                continue
        end = _structural_name(text, toks, i)
        if end > i:
            if not _org_context(toks, i, end):
                spans.append(_exact_span(toks, i, end))
            i = end
            continue
        i += 1
    if cue == "after":
        # Two to four words closing the run before a kinship note or a person's verb
        # ("Mounir Le Goff (fille)", "Ferreira Tarik a rappelé") are a name.
        for start in range(max(first, len(toks) - 4), len(toks) - 1):
            if _cued_name(text, toks, start, strong=True) == len(toks):
                span = _exact_span(toks, start, len(toks))
                if all(span[1] <= a or span[0] >= b for a, b in spans):
                    spans.append(span)
                break
    return spans


def _cued_name(text: str, toks: list[_Tok], start: int, *, strong: bool) -> int:
    """End of a name of two to four words making the whole run at `start` (after or before a
    cue), or `start`. A weak cue ("avec", "par") needs a sign of a person in the words."""
    end = _name_run(text, toks, start, 4)
    if (
        end - start < 2
        or end != len(toks)
        or _is_civ(toks[start])
        or (_is_particle(toks[start]) and not (strong and toks[start].text[:1].isupper()))
        or sum(not _is_particle(t) for t in toks[start:end]) < 2
    ):
        return start
    words = toks[start:end]
    if not strong and _acronym_expansion(toks, start):
        return start
    if not strong and (
        len(words) - sum(map(_is_particle, words)) > 2
        or (
            not any(
                (f := _flags(t.text)).first or f.initial or f.apostrophe or f.first3 for t in words
            )
            and not _particle_inside(words)
        )
    ):
        return start
    return start if _org_context(toks, start, end) else end


def _particle_inside(words: list[_Tok]) -> bool:
    """A capitalised particle or a d' surname after the first word ("Coumba Le Goff",
    "Soizic d'Arcy", "Souleymane El Amrani"): the shape of a family name."""
    return any(
        (_is_particle(t) and t.text[:1].isupper()) or _low(t.text)[:2] == "d'" for t in words[1:]
    )


def _exact_span(toks: list[_Tok], i: int, j: int) -> Span:
    return (toks[i].start, toks[j - 1].end)


def _with_given_name(text: str, toks: list[_Tok], start: int, first: int) -> int:
    """Include the given name before a surname with a particle ("Achraf [Ben Saïd]")."""
    if (
        start > first
        and _is_particle(toks[start])
        and toks[start].text[:1].isupper()
        and (_flags(toks[start - 1].text).title or _is_upper_surname(toks[start - 1]))
        and not _is_civ(toks[start - 1])
        and _adjacent(text, toks[start - 1], toks[start])
    ):
        return start - 1
    return start


def _acronym_expansion(toks: list[_Tok], i: int) -> bool:
    """ "ADMR Aide à Domicile": an upper-case word, then a capitalised word (not a known first
    name) with the same initial, is an acronym before its expansion, not a surname."""
    if i + 1 >= len(toks) or not toks[i].text.isupper() or toks[i + 1].text.isupper():
        return False
    word = strip_accents(toks[i].text)
    same = word[:1] == strip_accents(toks[i + 1].text[:1])
    # Vowel-rich upper-case words read as surnames ("OUALI Oumou"), acronyms rarely do.
    vowels = sum(c in _VOWELS for c in word) / max(1, len(word))
    return same and vowels <= 0.5 and not _is_first(toks[i + 1])


def _structural_name(text: str, toks: list[_Tok], i: int) -> int:
    """End of a name recognised by its shape alone at `toks[i]`, or `i`.

    "AUBRY Djeneba" (upper-case surname shaped like a name, then a capitalised word),
    "HOA PUECH" (three-letter upper-case first name beside an upper-case surname),
    "Mounir N'Guessan" / "N'Guessan Mounir", "Kerboul A." / "Peyre L.-M." (surname and initials
    closing the run).
    """
    n = len(toks)
    if i + 1 >= n or not _adjacent(text, toks[i], toks[i + 1]) or toks[i].dotted:
        return i
    f, g = _flags(toks[i].text), _flags(toks[i + 1].text)
    if g.civ and not g.initial:
        return i
    if f.upper_surname and not f.civ:
        # Upper-case surname words (particles inside: "VAN DEN BERG"), then a capitalised word.
        j = i
        strong = False
        while j < n and j - i < 4:
            h = _flags(toks[j].text)
            if j > i and not _adjacent(text, toks[j - 1], toks[j]):
                break
            if h.upper_surname or (h.particle and toks[j].text.isupper()):
                strong = strong or h.strong_upper or h.apostrophe
                j += 1
                continue
            break
        # The capitalised word closes the run, or a first name follows ("DUPONT Marie Claire"):
        # "AMTE Tir Educatif", "UAICF Section Photo" are an acronym and a longer name.
        if (
            strong
            and j < n
            and _flags(toks[j].text).title
            and _adjacent(text, toks[j - 1], toks[j])
            and (j + 1 == n or _is_first(toks[j + 1]) or not _adjacent(text, toks[j], toks[j + 1]))
            and not _acronym_expansion(toks, i)
        ):
            return j + 1
    if f.first3 and g.upper_surname and not g.civ:
        return i + 2
    if g.first3 and f.strong_upper:
        return i + 2
    if (f.title and g.apostrophe) or (f.apostrophe and g.title):
        return i + 2
    if f.title and g.initial and i + 2 == n:
        return i + 2
    return i


DETECTOR = Detector(
    kind="person_name",
    tag="[NOM]",
    prefilter=(
        r"\b(?:M|Mr|Mme|Mmes|Mlle|Mlles|MM|Me|Dr|Pr|MR|MME|MMES|MLLE|MLLES)\b\.?\s"
        r"|\b(?:Monsieur|Madame|Mademoiselle|Messieurs|Mesdames|Maître|Docteur|Professeur|MONSIEUR"
        r"|MADAME)\b|\b[A-Z]\.\s?-?[A-Z]"
        r"|(?i:(?:^|\s)(?:famille|époux|epoux|veuve|veuf|consorts|héritiers|heritiers)\s)"
        # shapes recognised without the lexicon (see _structural_name, _CUE_WORDS, _SIGNATURE)
        r"|[A-ZÀ-ÖØ-Þ]{4}[ \x{a0}]+[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]|\b[NM]['’][A-ZÀ-ÖØ-Þ]"
        r"|[a-zß-öø-ÿ][ \x{a0}]+[A-ZÀ-ÖØ-Þ]\.(?:-?[A-ZÀ-ÖØ-Þ]\.)*(?:[^\p{L}\d]|$)"
        r"|(?i:\b(?:par|avec|chez|selon|de|au nom de)[ \x{a0}]+)[A-ZÀ-ÖØ-Þ][\p{L}'’\-]*"
        r"[ \x{a0}]+(?:(?:de|du|des|la|le|el|ben|van|von|da|dos|di)[ \x{a0}]+)*"
        r"(?:[dDlLnNoO]['’])?[A-ZÀ-ÖØ-Þ]"
        # after "pour"/"à" a name needs a sign: here a capitalised particle ("à Awa El Amrani")
        r"|(?i:(?:\bpour|à)[ \x{a0}]+)[A-ZÀ-ÖØ-Þ][\p{L}'’\-]*[ \x{a0}]+"
        r"(?:(?:De|Du|La|Le|El|Ben|Van|Von|Da|Dos|Di|Ait|Aït|Ould)[ \x{a0}]+|[dD]['’])"
        # a person's act after a name, an unknown lower-case name after "vu par"
        r"|\p{L}[ \x{a0}]+(?:a[ \x{a0}]+(?:rappel|appel|t[ée]l[ée]phon)|rappellera|appellera"
        r"|t[ée]l[ée]phonera|(?:est|s'est|s’est)[ \x{a0}]+(?:pass|venu|revenu|pr[ée]sent))"
        r"|[A-ZÀ-ÖØ-Þ][\p{L}'’\-]*[ \x{a0}]+(?:demande|signale|souhaite|d[ée]clare|conteste"
        r"|se[ \x{a0}]+plaint)\b"
        r"|(?i:(?:signal|d[ée]pos|transmis|adress|r[ée]dig|envoy|sign|vu|re[çc]u|port|[ée]crit"
        r"|repr[ée]sent)\p{L}*[ \x{a0}]+par[ \x{a0}]+"
        r"|(?:rdv|rendez-vous|entretien|transaction\p{L}*)(?:[ \x{a0}]+pris)?[ \x{a0}]+avec[ \x{a0}]+)"
        r"[a-zß-öø-ÿ]"
        r"|(?i:t[ée]moins?|titulaire|contact|demandeu(?:r|se)|requ[ée]rante?|signataire|interlocut"
        r"|r[ée]f[ée]rente?|d[ée]clarante?|plaignante?|usag[eè]re?|repr[ée]sent[ée]e? par)\s*:"
        r"|(?i:\b(?:sa|son|ses|ma|mon|mes|leurs?|notre|votre|nos|vos)\s+(?:voisin|fils|fille|m[èe]re|p[èe]re|fr[èe]re"
        r"|s[œo]e?ur|[ée]pou|mari|femme|conjoint|compagn|neveu|ni[èe]ce|cousin|oncle|tante|ami"
        r"|locataire|propri))"
        r"|\((?i:fille|fils|voisin|neveu|ni[èe]ce|ami|m[èe]re|p[èe]re|fr[èe]re|s[œo]e?ur|[ée]pou"
        r"|mari|conjoint|compagn|cousin|oncle|tante|tut|curat|petit|grand|belle|beau)"
        r"|(?i:cordialement|bien [àa] vous|salutations|merci|bonne (?:journ|soir|semaine)"
        r"|respectueusement|amicalement|sinc[èe]rement|bient[ôo]t)"
    ),
    find=find_names,
    digit_blind=True,
    positives=(
        "DUPONT Jean",
        "Jean-Pierre Martin",
        "Mme Marie-Claire LEBRUN",
        "M. et Mme Durand",
        "courrier de M. Kévin N'Diaye",
        "J. Dupont",
        "J.-P. MARTIN",
        "Jean de La Fontaine",
        "reçu par Madame Lefèvre le 3 mai",
        "Marie d'Aubigné",
        "Rendez-vous avec Meunier Brigitte",
        "Courrier de Aïcha BENALI, quartier Figuerolles",
        "les époux Girard",
        "Mohamed et Fatima Benali",
        "Monsieur Jean-Michel DE LA TOUR",
        "M. Van der Berg",
        "LE GALL Marie-Claire",
        # shapes recognised without the first-name lexicon
        "AUBRY Djeneba demande un rendez-vous",
        "Relance envoyée. M'BENGUE Bakary a rappelé",
        "VAN DEN BERG Chidi (fille) 06 12 34 56 78",
        "Xiaoling Belkacem (voisin)",
        "Dépôt sauvage — témoin : SOKHA ESPINASSE.",
        "Nuisances signalées par Soizic Tourreil, rue Lepic",
        "Courrier reçu de Mounir N'Guessan concernant",
        "Demande transmise selon Kerboul A. à l'association",
        "Peyre L.-M.",
        "titulaire : MME Vigouroux",
        "HOA PUECH demande un rendez-vous",
        "JEAN-LUC BA",
        "Relance envoyée. Achraf Ben Saïd rappellera",
        "Bonjour, merci de rappeler. Cordialement, Salima",
        "Merci d'avance,\nNabil",
        "Dépôt sauvage signalé par piotr issert. Voir",
        "Sa voisine, bérénice gaubert, brûle des déchets",
        "Relance envoyée. OUÉDRAOGO Oumou rappellera",
        "Protocole transactionnel avec Tarik Castan, domicilié à Lattes",
        "Courrier reçu de Van den Berg S. concernant",
        # a person's act after the name, a kinship note, a particle after a weak cue
        "Relance envoyée. Nyokabi Le Bihan a rappelé",
        "WANJIRU BOUSQUET demande un rendez-vous",
        "Ferreira Wanjiru a rappelé hier",
        "Nyokabi Le Goff (fille) [TEL]",
        "Demande transmise à Wanjiru El Amrani à l'association",
        "Demande transmise pour Wanjiru d'Arcy",
        "Nuisances signalées par Nyokabi de Villeneuve (rue Lepic)",
        # lower case: before a person's act, framed by a strong cue, with particles
        "Relance envoyée. nyokabi rigaud a rappelé",
        "(titulaire : wanjiru le goff)",
        "Dépôt sauvage, vu par wanjiru ouédraogo. Voir",
        "Rdv pris avec wanjiru issert le 12/03/2021",
        "Sa voisine, monique de la rochefoucauld, brûle des déchets",
        "Rdv pris chez pierre-yves vo le 20/10/2026",
        "Dépôt sauvage signalé par nyokabi o'brien. Voir",
        "Demande transmise à bakary van den berg à l'association",
    ),
    negatives=(
        "Collège Jean Moulin",
        "avenue Jean Jaurès",
        "Médiathèque Émile Zola",
        "Saint-Jean-de-Védas",
        "Association des Amis de Jean Moulin",
        "Dupont et Fils SARL",
        "M. le Maire",
        "Monsieur le Président du Conseil",
        "Place Charles de Gaulle",
        "Groupe scolaire Jules Ferry",
        "Conseil Municipal du 12 mars",
        "France Bleu Hérault",
        "Piscine M. SPILLIART",
        "Ecoles annexes Charles Daviler et Pauline Kergomard",
        "Zone d'aménagement concerté Port Marianne - Jacques Cœur",
        "Rues Rémy Belleau, Jacques Prévert et Ronsard",
        "Direction Jeunesse Sports emploi et Logement",
        "Université Montpellier 2 HALL IEM",
        "subvention au Club de judo Jean Bouin",
        "Amicale des locataires Paul Valéry",
        "PRU Cévennes_x0001_Travaux",
        "ADMR Aide à Domicile en Milieu Rural",
        "AMTE Tir Educatif",
        "UAICF Section Photo",
        "ASPTT Montpellier Basket",
        "Réunion publique avec Melly Dance Orientale ; 61 participants",
        "Réunion publique avec MOSAIK OUTRE MER",
        "Chez Fatou",
        "Café Joseph",
        "Imp Jean-Baptiste Lully",
        "Article L. 2121-29 du CGCT",
        "Annexe B.",
        "signalé par la police municipale",
        "transmis par courrier recommandé",
        "Bonjour, merci. Cordialement, Le Service Propreté",
        "La demande est passée en commission",
        "Montpellier Danse demande une subvention",
        "Le Service Urbanisme a rappelé",
        "Cette demande a rappelé",
        "Réunion avec Happy Planet Days",
        "Dossier transmis à Port Marianne Habitat",
        "Demande transmise à l'association Rose des Sables",
        "Association Sur les Ailes des Lutins Pédagogie R. Steiner",
        "parcelle située Plan Jean Moulin",
        "adressé par lettre simple.",
        "témoin : aucun témoin.",
        "signalé par voie postale.",
    ),
    direct=False,
    lexicon=first_name_forms,
    lexicon_prefilter=(
        r"[A-ZÀ-ÖØ-Þ][\p{L}'’\-]*[ \x{a0}]+(?:(?:de|du|des|la|le|van|von|et|d['’])[ \x{a0}]+)?"
        r"(?:[dDlLnNoO]['’]|M['’])?[A-ZÀ-ÖØ-Þ]"
        # a lower-case first name after an introducing word ("signalé par piotr issert")
        r"|(?i:(?:\b(?:par|avec|chez|selon|pour|de la part de|au nom de|t[ée]moins?\s*:"
        r"|titulaire\s*:|contact\s*:|demandeu(?:r|se)\s*:|signataire\s*:|voisine?,?)|à))[ \x{a0}]+"
        r"[a-zß-öø-ÿ]+(?:-[a-zß-öø-ÿ]+)?[ \x{a0}]+[a-zß-öø-ÿ]"
    ),
)
