"""Tokens of a text and what each word can be (civility, initial, particle, first name, surname)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ...lexicon import strip_accents
from ..base import Span
from .lexicon import first_names, is_first_name
from .vocabulary import (
    ACRONYMS,
    ACTIVITY,
    CATEGORY_WORDS,
    CIVILITIES,
    FAME_EVENTS,
    FAMILY_ABBREVIATIONS,
    FAMILY_WORDS,
    LEGAL_SUFFIXES,
    NON_NAME,
    PARTICLES,
    PLACE_ADJECTIVES,
    PLACE_OR_ORG_CUES,
    TITLES,
    lower_set,
)


def _latin(case: str) -> str:
    """Character-class body of the Latin letters of one case, accented ones included (Latin-1,
    Extended-A/B, Vietnamese): "Güneş", "Wiśniewski", "Nguyễn" are words of one piece."""
    ranges = (range(0xC0, 0x250), range(0x1E00, 0x1F00))
    letters = "".join(
        ch for r in ranges for ch in map(chr, r) if getattr(ch, f"is{case}")() and ch.isalpha()
    )
    return ("A-Z" if case == "upper" else "a-z") + letters


UP = _latin("upper")  # upper-case letters (character-class body, for re and RE2)
LO = _latin("lower")  # lower-case letters
_TOKEN = re.compile(
    rf"[{UP}]\.(?:\s?-?[{UP}]\.)*"  # initials: J.  J.-P.  J. P.
    r"|[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?"  # words, hyphen/apostrophe compounds
    r"|&|\S"
)
FAMILY = lower_set(FAMILY_WORDS, FAMILY_ABBREVIATIONS)
_FAMILY_ABBREVIATIONS = lower_set(FAMILY_ABBREVIATIONS)
_EVENTS = lower_set(FAME_EVENTS)  # "A. Lambert Centenaire de Jean Giono": no surname


class Tok(NamedTuple):
    """A word (without a trailing sentence dot), an initial or a punctuation mark."""

    text: str
    start: int
    end: int  # end of `text`
    dotted: bool


def tokens(text: str) -> list[Tok]:
    """The tokens of `text`."""
    toks: list[Tok] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        initials = len(word) >= 2 and word[1] == "." and word[0].isupper()
        if word.endswith(".") and len(word) > 1 and not initials:
            toks.append(Tok(word[:-1], m.start(), m.end() - 1, True))
        else:
            toks.append(Tok(word, m.start(), m.end(), False))
    return toks


def low(word: str) -> str:
    """Lower case, typographic apostrophe made straight."""
    return word.lower().replace("’", "'")


class Flags(NamedTuple):
    """What one word can be."""

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


# Suffixes of French abstract nouns ("Renouvellement", "Certification", "Urbanisme"): such a
# word is no surname unless it is a known first name.
_ABSTRACT_NOUN = re.compile(r"(?:.{5,}ement|.{3,}(?:tion|sion)|.{2,}isme)s?")


def abstract_noun(word: str) -> bool:
    """A word shaped like a French abstract noun that is no known first name."""
    return bool(_ABSTRACT_NOUN.fullmatch(low(word))) and not is_first_name(word)


@lru_cache(maxsize=1 << 16)
def flags(word: str) -> Flags:
    """What a token can be (cached: the same words recur across cells)."""
    lw = low(word)
    initial = len(word) >= 2 and word[0].isupper() and word[1] == "."
    surname = (
        not initial  # "A.-S." is no upper-case surname
        and _surname_word(word)
        and not abstract_noun(word)
    )
    return Flags(
        civ=lw in CIVILITIES or (lw + ".") in CIVILITIES or lw in FAMILY,
        initial=initial,
        particle=lw in PARTICLES or lw in {"d'", "l'"},
        surname=surname,
        upper_surname=surname and word.isupper() and sum(c.isalpha() for c in word) >= 2,
        first=is_first_name(word) and lw not in NON_NAME,
        title=surname
        and len(word) >= 2
        and "'" not in word
        and "’" not in word
        and all(p[:1].isupper() and p[1:].islower() for p in word.split("-"))
        and lw not in PLACE_ADJECTIVES
        and lw not in CATEGORY_WORDS,
        strong_upper=surname and word.isupper() and name_shaped(word),
        first3=len(word) == 3
        and word.isupper()
        and lw not in NON_NAME
        and strip_accents(lw) in first_names(),
        apostrophe=surname and bool(_APOSTROPHE_SURNAME.match(word)),
    )


_APOSTROPHE_SURNAME = re.compile(rf"[NM]['’][{UP}]")
_VOWELS = frozenset("AEIOUY")


def name_shaped(word: str) -> bool:
    """An upper-case word that reads like a surname rather than an acronym (AUBRY, not ASPTT)."""
    # the Breton "C'H" is one consonant ("LE FLOC'H", "KERC'HOZ")
    letters = [c for c in strip_accents(re.sub(r"C['’]H", "H", word)) if c.isalpha()]
    if word[:2] in ("N'", "M'", "N’", "M’"):
        return len(letters) >= 3
    if len(letters) < 4 or word.lower() in ACRONYMS:
        return False
    return sum(c in _VOWELS for c in letters) >= 0.25 * len(letters)


def _surname_word(word: str) -> bool:
    if word[:2].lower() in ("d'", "d’") and word[2:3].isupper():
        word = word[2:]
    if not word[:1].isupper() or len(word) < 2 or not word[0].isalpha():
        return False
    lw = low(word)
    if lw in NON_NAME or strip_accents(lw) in NON_NAME or lw in PLACE_OR_ORG_CUES:
        return False
    if lw in ACTIVITY or strip_accents(lw) in ACTIVITY:
        return False  # "ASCH Arts Culture", "PESAP Santé"
    return lw not in TITLES and lw not in LEGAL_SUFFIXES and lw not in _EVENTS


def is_civ(tok: Tok) -> bool:
    """A civility or a family word; an abbreviated one only with its dot (« fam. X »; « Fam
    Démarche » may be a club's name)."""
    return flags(tok.text).civ and (tok.dotted or low(tok.text) not in _FAMILY_ABBREVIATIONS)


def is_initial(tok: Tok) -> bool:
    return flags(tok.text).initial


def is_particle(tok: Tok) -> bool:
    return flags(tok.text).particle


def is_surname(tok: Tok) -> bool:
    """Capitalised or upper-case word that is not a function/institution word."""
    return flags(tok.text).surname


def is_upper_surname(tok: Tok) -> bool:
    return flags(tok.text).upper_surname


def is_first(tok: Tok) -> bool:
    return flags(tok.text).first


def is_name_token(tok: Tok) -> bool:
    f = flags(tok.text)
    return f.first or f.surname or f.initial


def adjacent(text: str, left: Tok, right: Tok) -> bool:
    """Two tokens separated only by spaces (no comma, no line break)."""
    gap = text[left.end + (1 if left.dotted else 0) : right.start]
    return gap.strip(" \u00a0\t") == "" and "\n" not in gap


def span(toks: list[Tok], i: int, j: int) -> Span:
    """The span of `toks[i:j]`, a closing initial's dot included."""
    last = toks[j - 1]
    return (toks[i].start, last.end + (1 if is_initial(last) and not last.dotted else 0))


def exact_span(toks: list[Tok], i: int, j: int) -> Span:
    """The span of `toks[i:j]` as written."""
    return (toks[i].start, toks[j - 1].end)
