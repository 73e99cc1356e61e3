"""Words around a name that say it is a person: introducing cues, kinship notes, a person's act,
closing formulas before a signature. Every pattern is built from `vocabulary`."""

from __future__ import annotations

import re

from .tokens import LO, UP
from .vocabulary import (
    ACT_VERBS,
    CLOSINGS,
    KINSHIP,
    LOWER_PARTICLES,
    MEETINGS,
    NAME_VERBS,
    PERSON_ACTS,
    POSSESSIVES,
    RELATIVES,
    ROLE_CUES,
    STRONG_CUES,
    WEAK_CUES,
    pattern,
)

_SPACES = r"\s+"
# Words introducing a person: a capitalised pair after them is a name without the lexicon when
# the cue is strong (a role label, a kinship word, "signalé par") or the pair shows a sign of a
# person (a known first name, an upper-case surname, an initial).
_CUE_WORDS = (
    rf"(?:\b(?i:{pattern(WEAK_CUES + STRONG_CUES, blank=_SPACES)})"
    rf"|\b(?i:{pattern(ROLE_CUES, blank=_SPACES)})\s*:"
    rf"|\b(?i:{pattern(POSSESSIVES)})\s+(?i:{pattern(RELATIVES)})\s*,?)"
)
CUE_BEFORE = re.compile(_CUE_WORDS + r"\s*$")
# Cues that may as well introduce an organisation ("réunion avec", "géré par"), unless a
# participle makes it a person's act ("signalé par", "vu par").
WEAK_CUE = re.compile(rf"\b(?i:{pattern(WEAK_CUES, blank=_SPACES)})\s*$")
PERSON_ACT = re.compile(
    rf"\b(?i:{pattern(PERSON_ACTS)})\s+par\s*$"
    rf"|\b(?i:{pattern(MEETINGS)})(?:\s+pris)?\s+avec\s*$"
)
KIN_AFTER = re.compile(rf"[ \u00a0]*\((?i:{pattern(KINSHIP)})\b")
# Verbs of a person's act right after a name ("Sokha Le Bihan a rappelé", "CHIDI BOUSQUET
# demande"); the first ones (never a noun) also follow a lower-case name.
_ACT_VERBS = pattern(ACT_VERBS)
VERB_AFTER = re.compile(rf"[ \u00a0]+(?:{_ACT_VERBS}|{pattern(NAME_VERBS)})\b")
ACT_KEY = re.compile(_ACT_VERBS)

# A closing formula, then a signature on its own at the end of a line ("Cordialement, Salima").
_SIGN_WORD = rf"(?:[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?|[{UP}]{{2,}}(?:-[{UP}]{{2,}})?)"
SIGNATURE = re.compile(
    rf"(?i:{pattern(CLOSINGS, blank=_SPACES)})"
    rf"[ \t]*(?:[,.!][ \t]*\n?|\n)[ \t]*(?P<name>{_SIGN_WORD}(?:[ \u00a0]{_SIGN_WORD}){{0,2}})"
    r"[ \t]*[.!]?[ \t]*(?=\n|\Z)"
)
# Cheap test before SIGNATURE (most texts have no closing formula): its last words.
SIGN_GATE = re.compile(rf"(?i:{pattern({c.split()[-1] for c in CLOSINGS})})")

# A person written in lower case right after an introducing word ("signalé par piotr issert")
# or before a person's act ("salima tran a rappelé"): the first word must be a known first name,
# the second a plausible surname, unless a strong cue and a boundary frame an unknown pair.
_LOW_WORD = rf"[{LO}]+(?:-[{LO}]+)?"
_LOWER_NAME = (
    rf"(?P<name>(?P<first>{_LOW_WORD})[ \u00a0]+"
    rf"(?:{pattern(LOWER_PARTICLES)}[ \u00a0]+)?"
    rf"(?P<last>(?:[dnmlo]['’])?[{LO}]{{2,}}(?:[-'’][{LO}]+)*))(?![\w'’-])"
)
LOWER_PAIR = re.compile(rf"[ \u00a0]+{_LOWER_NAME}")
LOWER_BEFORE_ACT = re.compile(
    rf"(?:^|(?<=[.!?;:,(\n—–]))[ \u00a0]*{_LOWER_NAME}[ \u00a0]+(?:{_ACT_VERBS})"
)
# What may close an unknown lower-case name after a strong cue: punctuation, the end, a verb.
LOWER_AFTER = re.compile(rf"[ \u00a0]*(?:[.,;:)(—–]|$)|[ \u00a0]+(?:{_ACT_VERBS}|le[ \u00a0]+\d)")
