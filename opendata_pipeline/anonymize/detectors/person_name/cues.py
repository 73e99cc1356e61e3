"""Words around a name that say it is a person: introducing cues, kinship notes, a person's act,
closing formulas before a signature. Every pattern is built from `vocabulary`."""

from __future__ import annotations

import re

from .tokens import LO, UP
from .vocabulary import (
    ACT_VERBS,
    CAPITAL_PARTICLES,
    CLOSINGS,
    FAME_LINKS,
    FAME_NOUNS,
    FRAME_BREAKS,
    KINSHIP,
    LOWER_PARTICLES,
    MEETINGS,
    NAME_VERBS,
    PERSON_ACTS,
    POSSESSIVES,
    RELATIVES,
    ROLE_CUES,
    ROLES_AFTER,
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
    rf"|\b(?i:{pattern(ROLE_CUES, blank=_SPACES)})\s*[:,]"
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
_APPOSITION = (
    rf"[ \u00a0]*\((?i:{pattern(KINSHIP + ROLES_AFTER)})\b"
    rf"|[ \u00a0]*,[ \u00a0]*(?i:{pattern(ROLES_AFTER)})\b"
)
# A kinship note or a role in apposition after a name ("(fille)", ", riveraine").
KIN_AFTER = re.compile(_APPOSITION)
# A frame naming a public figure or a work just before a name ("hommage à", "exposition").
FAME_BEFORE = re.compile(
    rf"\b(?i:{pattern(FAME_NOUNS)})(?:[ \u00a0]+(?!(?i:{pattern(FRAME_BREAKS)})\b)[^\W\d_]+){{0,3}}"
    rf"(?:[ \u00a0]+(?i:{pattern(FAME_LINKS)}))?[ \u00a0]*[«\"“]?[ \u00a0]*$"
)
# Verbs of a person's act right after a name ("Sokha Le Bihan a rappelé", "CHIDI BOUSQUET
# demande"); the first ones (never a noun) also follow a lower-case name.
_ACT_VERBS = pattern(ACT_VERBS)
VERB_AFTER = re.compile(rf"[ \u00a0]+(?:{_ACT_VERBS}|{pattern(NAME_VERBS)})\b")
ACT_KEY = re.compile(_ACT_VERBS)
ROLE_KEY = re.compile(_APPOSITION)

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
_CLAUSE_START = r"(?:^|(?<=[.!?;:,(\n—–]))[ \u00a0]*"
LOWER_BEFORE_ACT = re.compile(rf"{_CLAUSE_START}{_LOWER_NAME}[ \u00a0]+(?:{_ACT_VERBS})")
LOWER_BEFORE_ROLE = re.compile(rf"{_CLAUSE_START}{_LOWER_NAME}(?:{_APPOSITION})")
# A closing formula or a dash at the start of a line, then a lower-case name ("Cordialement,
# andrzej moreno", "— ibrahima prieto").
LOWER_SIGNATURE = re.compile(
    rf"(?:(?i:{pattern(CLOSINGS, blank=_SPACES)})[ \t]*[,.!]?[ \t]*\n?|(?:^|(?<=\n))[ \t]*[—–])"
    rf"[ \t]*{_LOWER_NAME}[ \t]*(?=[,.(]|\n|\Z)"
)
# A name after a dash opening a line ("— Modou Lafont", "— MODOU COMBES, habitant").
DASH_SIGNATURE = re.compile(
    rf"(?:^|(?<=\n))[ \t]*[—–][ \t]*(?P<name>{_SIGN_WORD}(?:[ \u00a0]{_SIGN_WORD}){{1,2}})"
    r"[ \t]*(?=[,.(]|\n|\Z)"
)
# "NOM, Prénom": upper-case surname words (particles inside), a comma, a first name.
_UPPER_WORD = rf"[{UP}](?:[{UP}'’\-]*[{UP}])?"
COMMA_NAME = re.compile(
    rf"(?<![\w'’])(?P<last>(?:(?:{pattern(CAPITAL_PARTICLES)}|{_UPPER_WORD})[ \u00a0]+)*"
    rf"{_UPPER_WORD}),[ \u00a0]*(?P<first>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)(?![\w'’])"
)
# What may close an unknown lower-case name after a strong cue: punctuation, the end, a verb.
LOWER_AFTER = re.compile(rf"[ \u00a0]*(?:[.,;:)(—–]|$)|[ \u00a0]+(?:{_ACT_VERBS}|le[ \u00a0]+\d)")
