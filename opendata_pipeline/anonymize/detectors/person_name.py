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
    PARTICLES,
    PLACE_ADJECTIVES,
    PLACE_OR_ORG_CUES,
    TITLES,
    first_name_forms,
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
    rf"(?:[dDlLnNoO]['’])?[{_UP}](?:[{_LO}]+(?:[{_UP}][{_LO}]+)?|[{_UP}]+)"
    rf"(?:[-'’][{_UP}](?:[{_LO}]+|[{_UP}]+))*"
)
_INIT = rf"[{_UP}]\.(?:[ ]?-?[{_UP}]\.)*"
_CIV = (
    r"(?:M|MM|Mr|Mme|Mmes|Mlle|Mlles|Me|Dr|Pr)\.?(?![\w])"
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
        """le la les l un une des du de d au aux pour par dans sur sous avec sans et ou en ce cet cette
    ces son sa ses leur leurs il elle ils elles nous vous on qui que dont où ou mais donc or ni
    car si à a est sont été être avoir objet vu considérant considerant article articles décide
    decide approuve autorise délibération deliberation séance seance conseil municipal
    métropolitain metropolitain commune communes ville métropole metropole mairie département
    departement région region état etat république republique france europe montpellier
    méditerranée mediterranee hérault herault occitanie nord sud est ouest janvier février
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
    )


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
def _run_names(context: str, run: str) -> tuple[Span, ...]:
    """Names in a run of capitalised tokens, `context` being the text just before it.

    Cached: the same phrases ("au Collège Jean Moulin") recur from cell to cell. Spans are
    relative to the start of `context`.
    """
    text = context + run
    before = _tokens(context)
    toks = before + [
        _Tok(t.text, t.start + len(context), t.end + len(context), t.dotted) for t in _tokens(run)
    ]
    return tuple(_names_in(text, toks, len(before)))


def find_names(text: str) -> list[Span]:
    """Spans of person names in `text` (civility words themselves are left visible)."""
    spans: list[Span] = []
    for run in _runs(text):
        if not _run_names("", run.group()):
            continue
        # Something looks like a name: read the text before the run for place/organisation cues.
        lo = max(0, run.start() - _CONTEXT_CHARS)
        spans.extend((lo + a, lo + b) for a, b in _run_names(text[lo : run.start()], run.group()))
    return [_with_coordinated_first_name(text, span) for span in spans]


_WORD_START = re.compile(
    r"(?<![\w.’'])(?:[dDlLnNoO]['’])?[A-ZÀ-ÖØ-Þ]|(?<![\w.’'])(?i:famille|époux|epoux|veuve|veuf|consorts|héritiers|heritiers)\b"
)


def _runs(text: str) -> list[re.Match[str]]:
    """Runs of capitalised tokens, tried only where a capitalised word starts (fast)."""
    runs: list[re.Match[str]] = []
    end = 0
    for start in _WORD_START.finditer(text):
        if start.start() < end:
            continue
        run = _RUN.match(text, start.start())
        if run:
            runs.append(run)
            end = run.end()
    return runs


_COORDINATED = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*) (?:et|&) $")


def _with_coordinated_first_name(text: str, span: Span) -> Span:
    """Include "Mohamed et " in "Mohamed et Fatima Benali" (one family name for both)."""
    match = _COORDINATED.search(text, max(0, span[0] - 40), span[0])
    if match and is_first_name(match.group(1)):
        return (match.start(1), span[1])
    return span


def _names_in(text: str, toks: list[_Tok], first: int) -> list[Span]:
    """Names among `toks[first:]` (earlier tokens are context for the cue walk-back)."""
    spans: list[Span] = []
    i = first
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
                    spans.append(_span(toks, start, end))
                i = end
                continue
        i += 1
    return spans


DETECTOR = Detector(
    kind="person_name",
    tag="[NOM]",
    prefilter=(
        r"\b(?:M|Mr|Mme|Mmes|Mlle|Mlles|MM|Me|Dr|Pr)\b\.?\s|\b(?:Monsieur|Madame|Mademoiselle"
        r"|Messieurs|Mesdames|Maître|Docteur|Professeur|MONSIEUR|MADAME)\b|\b[A-Z]\.\s?-?[A-Z]"
        r"|(?i:(?:^|\s)(?:famille|époux|epoux|veuve|veuf|consorts|héritiers|heritiers)\s)"
    ),
    find=find_names,
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
    ),
    direct=False,
    lexicon=first_name_forms,
    lexicon_prefilter=(
        r"[A-ZÀ-ÖØ-Þ][\p{L}'’\-]*[ \x{a0}]+(?:(?:de|du|des|la|le|van|von|et|d['’])[ \x{a0}]+)?"
        r"(?:[dDlLnNoO]['’])?[A-ZÀ-ÖØ-Þ]"
    ),
)
