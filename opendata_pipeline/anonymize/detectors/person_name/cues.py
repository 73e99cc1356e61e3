"""Words around a name that say it is a person: introducing cues, kinship notes, a person's act,
closing formulas before a signature. Every pattern is built from `vocabulary`."""

from __future__ import annotations

import re
from functools import lru_cache

from ...lexicon import strip_accents
from .tokens import LO, UP
from .vocabulary import (
    ACT_ADVERBS,
    ACT_PARTICIPLES,
    ACT_VERBS,
    CAPITAL_PARTICLES,
    CLOSINGS,
    COUNCILLORS,
    COUNCILS,
    DAY_WORDS,
    DEATH_WORDS,
    DEPUTY_NOT_ELECTED,
    DEPUTY_OFFICES,
    DEPUTY_ORDINALS,
    DWELLING_WORDS,
    ELECTED_BODIES,
    ELECTIVE_OFFICES,
    FAME_EVENTS,
    FAME_LINKS,
    FAME_NOUNS,
    FAME_PHRASES,
    FRAME_BREAKS,
    GIVEN_NAME_RELATIVES,
    HERITAGE_NOTES,
    INTRODUCTIONS,
    KINSHIP,
    LEAD_PARTICLES,
    LOWER_PARTICLES,
    MEETINGS,
    NAME_CHANGES,
    NAME_CUES,
    NAME_LINK_WORDS,
    NAME_VERBS,
    NAMED_AFTER,
    OFFICE_EVENTS,
    PARTY_ROLE_ADJECTIVES,
    PARTY_ROLES,
    PERSON_ACTS,
    POSSESSIVES,
    PRESIDENTS,
    QUOTED_AS,
    RELATIVE_PLACES,
    RELATIVES,
    ROLE_CUES,
    ROLE_QUALIFIERS,
    ROLES_AFTER,
    SCHOOL_CLASSES,
    STRONG_CUES,
    TRANSPORT_WORDS,
    WEAK_CUES,
    WORK_NOUNS,
    WORK_OF,
    lower_set,
    pattern,
)

_SPACES = r"\s+"


@lru_cache(maxsize=1 << 14)
def _norm(words: str) -> str:
    return strip_accents(words.lower()).replace("’", "'")


_CUE_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|[^\w\s]")


def _tokens(cue: str) -> str:
    """A cue as `cue_before` reads the text: its tokens, a comma one of them ("bonjour , ici")."""
    return " ".join(_norm(t) for t in _CUE_TOKEN.findall(cue))


_STRONG = frozenset(map(_tokens, STRONG_CUES + INTRODUCTIONS))
_WEAK = frozenset(map(_norm, WEAK_CUES))
_ROLES = frozenset(map(_norm, ROLE_CUES))
_POSSESSIVES = frozenset(map(_norm, POSSESSIVES))
_RELATIVES = frozenset(map(_norm, RELATIVES))
_KIN = frozenset(map(_norm, KINSHIP))
_ROLE_QUALIFIERS = frozenset(map(_norm, ROLE_QUALIFIERS))
_MEETINGS = frozenset(map(_norm, MEETINGS))
_PARTY = frozenset(map(_norm, PARTY_ROLES))
_PARTY_ADJECTIVES = frozenset(map(_norm, PARTY_ROLE_ADJECTIVES))
_BEFORE_RELATIVE = _POSSESSIVES | frozenset(["le", "la", "l", "un", "une"])
_ACTS = tuple(_norm(a.rstrip("*")) for a in PERSON_ACTS)
_ACT_ADVERBS = frozenset(map(_norm, ACT_ADVERBS))
_LONGEST_CUE = max(
    len(_tokens(c).split()) for c in (*STRONG_CUES, *INTRODUCTIONS, *WEAK_CUES, *ROLE_CUES)
)


# A date between a cue's participle and its "de" ("reçue le 03/03/2019 de", "le 3 mai 2021 d'").
_DATE_IN_CUE = re.compile(
    r"[ \u00a0]+le[ \u00a0]+\d{1,2}(?:[/.-]\d{1,2}[/.-]\d{2,4}|[ \u00a0]+\w+[ \u00a0]+\d{4})"
    r"(?=[ \u00a0]+d(?:e[ \u00a0]*|['’])$)"
)


def cue_before(text: str, end: int) -> str:
    """ "strong", "weak" or "" — the word just before `end` introduces a person: a strong cue
    (a role before a colon or comma, a relative after a possessive, "appel de", "signalé par",
    "rdv pris avec"), or a preposition that may as well introduce an organisation ("avec")."""
    window = text[max(0, end - 64) : end]
    if "le" in window:  # "reçue le 03/03/2019 de X": the date inside the cue is left out
        window = _DATE_IN_CUE.sub("", window)
    toks = [_norm(t) for t in _CUE_TOKEN.findall(window, max(0, len(window) - 48))]
    if toks[-2:] == ["d", "'"]:
        toks[-2:] = ["de"]  # "de" elided before a vowel: "courriel d'Elsa"
    if not toks:
        return ""
    if toks[-1] in (":", ","):
        toks.pop()
        if any(" ".join(toks[-n:]) in _ROLES for n in (2, 1)):
            return "strong"
        if toks and toks[-1].startswith("ex-") and toks[-1][3:] in _ROLES:
            return "strong"  # "Ex-exploitant :"
        if len(toks) >= 2 and toks[-2] in _ROLES and toks[-1] in _ROLE_QUALIFIERS:
            return "strong"  # "Contact riverains :", "Témoin voisin :"
        if RELATIVE_COLON_AT.search(text, max(0, end - 60), end):
            return "strong"  # "Sœur déjà inscrite :"
        if _role_label(toks, 3 if window.rstrip().endswith(":") else 0):
            return "strong"  # "Colocataire déclaré :", "Gestionnaire du dossier :"
    elif not toks[-1][:1].isalpha():
        return ""
    elif toks[-1] in _PARTY and (
        len(toks) == 1 or toks[-2] in _BEFORE_RELATIVE | _PARTY_ADJECTIVES or toks[-2] == ":"
    ):
        return "strong"  # "Succession : héritier", "ancien occupant", "le gardien"
    if len(toks) >= 2 and toks[-2] in _BEFORE_RELATIVE and toks[-1] in _KIN:
        return "strong"  # "sa voisine", "le voisin,", "son petit-fils :"
    if len(toks) == 1 and toks[0] in _KIN and window.rstrip()[-1:] in (":", ","):
        return "strong"  # a relative heading the text: "Voisine, X Y"
    if (
        any(t in _RELATIVES for t in toks[-5:-1])
        and _PLACE_END_AT.search(text, max(0, end - 24), end)
        and RELATIVE_AT.search(text, max(0, end - 60), end)
    ):
        return "strong"  # "le voisin du 3e"
    for n in range(min(_LONGEST_CUE, len(toks)), 0, -1):
        phrase = " ".join(toks[-n:])
        if phrase in _STRONG:
            return "strong"
        if phrase in _WEAK:
            before = toks[:-n]
            if before and (before[-1] == "pris" or before[-1] in _ACT_ADVERBS):
                before = before[:-1]  # "rdv pris avec", "porté aussi par"
            act = phrase == "par" and before and before[-1].startswith(_ACTS)
            meeting = phrase == "avec" and before and before[-1] in _MEETINGS
            return "strong" if act or meeting else "weak"
    return ""


def _role_label(toks: list[str], words: int) -> bool:
    """A party's or a contact's role ending `toks` (a label before its colon or comma), up to
    `words` plain words after it (« Colocataire déclaré », « Gestionnaire du dossier »)."""
    for i in range(len(toks) - 1, max(-1, len(toks) - 2 - words), -1):
        word = toks[i]
        if word in _PARTY or word in _ROLES or (i and f"{toks[i - 1]} {word}" in _PARTY):
            return True
        if not word.replace("'", "").replace("-", "").isalpha():
            return False
    return False


_APPOSITION = (
    rf"[ \u00a0]*\((?i:{pattern(KINSHIP + ROLES_AFTER)})\b"
    rf"|[ \u00a0]*,[ \u00a0]*(?i:{pattern(KINSHIP + ROLES_AFTER)})\b"
    # where the person lives ("X Y, 2e étage", "X Y, appt 12")
    rf"|[ \u00a0]*,[ \u00a0]*(?:\d+[ \u00a0]*(?:e|er|ère|ème|è)[ \u00a0]+)?"
    rf"(?i:{pattern(DWELLING_WORDS)})(?![\w'’-])"
)
# A kinship note or a role in apposition after a name ("(fille)", ", riveraine").
APPOSITION = re.compile(_APPOSITION)
# A life span or a birth right after a name ("X Y (1924-1991)", "X Y, née le …"): a person.
# Any four digits: the detector is digit-blind (texts differing in their digits share spans).
LIFE_AFTER = re.compile(
    r"[ \u00a0]*\([ \u00a0]*\d{4}[ \u00a0]*[-–][ \u00a0]*\d{4}[ \u00a0]*\)"
    r"|,[ \u00a0]*n[ée]e?[ \u00a0]+le\b"
)
# A death noted right after a name ("X, Y, décédé(e) le …", "X, Y † …").
DEATH_AFTER = re.compile(rf"[ \u00a0]*,?[ \u00a0]*(?i:{pattern(DEATH_WORDS)})(?![\w])")
# A frame naming a public figure or a work just before a name ("hommage à", "exposition").
# A name in a quotation opened after such a noun is part of a title ("conférence « Le
# Montpellier de Jean Vilar »"); after a colon, it is the subject ("Lecture : Paul Valéry").
FAME_BEFORE = re.compile(
    rf"(?:\b(?i:{pattern(FAME_NOUNS)})(?:[ \u00a0]+(?!(?i:{pattern(FRAME_BREAKS)})\b)[^\W\d_]+){{0,3}}"
    rf"(?:[ \u00a0]*:)?(?:[ \u00a0]+(?i:{pattern(FAME_LINKS)}))?"
    rf"|\b(?i:{pattern(FAME_PHRASES + NAMED_AFTER + QUOTED_AS)}))"
    rf"[ \u00a0]*[«\"“]?[ \u00a0]*$"
    rf"|\b(?i:{pattern(FAME_NOUNS)})[ \u00a0]*:?[ \u00a0]*[«“][^»”\n]{{0,40}}$"
)
# An event about the person named just before ("X (exposition au musée Fabre)", "X,
# conférence le 3 mai"): a public figure.
FAME_AFTER = re.compile(
    rf"[ \u00a0]*[(,][ \u00a0]*(?i:{pattern(FAME_EVENTS)})\b"
    rf"|[ \u00a0]*\([ \u00a0]*(?i:{pattern(HERITAGE_NOTES)})\b"
)
# "le dernier X": the latest work of X, when X is the capitalised name right after it.
WORK_OF_BEFORE = re.compile(rf"\b(?i:{pattern(WORK_OF)})[ \u00a0]+$")
# A quoted title after a work's noun, then its author or performer ("Musique d'entrée : « La Vie
# en rose », Édith Piaf", "le roman « Nedjma » de Kateb Yacine"): a public figure.
AUTHOR_AFTER_TITLE = re.compile(
    rf"\b(?i:{pattern(WORK_NOUNS)})\b[^«“\"\n]{{0,40}}[«“\"][ \u00a0]*[{UP}][^«»“”\"\n]{{0,80}}"
    rf"[»”\"][ \u00a0]*(?:,|[-–—]|(?i:de|par)(?!\w)|[dD]['’])[ \u00a0]*$"
)
# Names after "entre" in a clause about public transport are stops ("le tram est bondé entre
# Léon Blum et Comédie").
STOPS_BEFORE = re.compile(
    rf"\b(?i:{pattern(TRANSPORT_WORDS)})\b[^.;!?\n]{{0,50}}?\bentre\b[^.;!?\n]{{0,50}}$"
)
# An elective office in apposition right after a name ("X, maire de Lattes", "X (première
# adjointe)", "X - conseillère municipale déléguée aux jardins", "X, vice-président de la
# Métropole"): an elected official named in their function, public. A role word of another kind
# opening the apposition ("X, voisin du maire", "X, adjoint au chef de service") is no office.
_B = r"[ \u00a0]+"
_END = r"(?![\w'’-])"
_DELEGATE = r"(?i:d[ée]l[ée]gu[ée]e?)"
_OFFICE = (
    rf"(?i:{pattern(ELECTIVE_OFFICES)}){_END}"
    rf"|(?:(?i:{pattern(DEPUTY_ORDINALS)})|\d+(?:er|re|ère|e|ème|è)){_B}"
    rf"(?i:{pattern(DEPUTY_OFFICES)}){_END}"
    rf"|(?i:{pattern(DEPUTY_OFFICES)}){_B}(?:{_DELEGATE}{_END}|(?i:de{_B}quartier){_END}"
    rf"|(?i:au|aux|à{_B}la|à{_B}l['’])[ \u00a0]*(?!(?i:{pattern(DEPUTY_NOT_ELECTED)}){_END})\w)"
    rf"|(?i:{pattern(COUNCILLORS)}{_B}{pattern(COUNCILS)}){_END}"
    rf"|(?i:vice-pr[ée]sidente?){_B}{_DELEGATE}{_END}"
    rf"|(?i:{pattern(PRESIDENTS)}{_B}(?:de{_B}la|de{_B}l['’]|du|de))[ \u00a0]*"
    rf"(?:[{UP}][\w-]*{_B}){{0,3}}?(?i:{pattern(ELECTED_BODIES)}){_END}"
)
OFFICE_AFTER = re.compile(rf"(?:[ \u00a0]*[,(][ \u00a0]*|{_B}[-–—]{_B})(?:{_OFFICE})")
# The office right before the name, its article making the name its holder ("M. le maire X",
# "la conseillère municipale X", "l'adjointe au maire déléguée à la culture, X", "en présence
# du maire, X"); a "de" before the article makes it someone else's ("le fils du maire, X", "la
# voisine de l'adjointe au maire, X"), unless an event the official attends precedes it. A
# delegation after the office needs the comma closing it ("… déléguée aux sports, X").
_OFFICE_HEAD = (
    rf"(?i:{pattern(ELECTIVE_OFFICES)}"
    rf"|(?:{pattern(DEPUTY_ORDINALS)}{_B})?{pattern(DEPUTY_OFFICES)}{_B}au{_B}maire"
    rf"|{pattern(DEPUTY_ORDINALS)}{_B}{pattern(DEPUTY_OFFICES)}"
    rf"|{pattern(DEPUTY_OFFICES)}(?={_B}{_DELEGATE})"
    rf"|{pattern(COUNCILLORS)}{_B}{pattern(COUNCILS)}"
    rf"|vice-pr[ée]sidente?(?={_B}{_DELEGATE})"
    rf"|{pattern(PRESIDENTS)}{_B}(?:de{_B}la|de{_B}l['’]|du)[ \u00a0]*{pattern(ELECTED_BODIES)})"
)
_OFFICE_PLACE = rf"{_B}(?i:de|du|d['’])[ \u00a0]*[{UP}][\w'’-]*"
_OFFICE_DELEGATION = (
    rf"{_B}(?i:d[ée]l[ée]gu[ée]e?|charg[ée]e?){_B}"
    rf"(?i:aux|au|à{_B}la|à{_B}l['’]|à|de{_B}la|de{_B}l['’]|du|des|de)[ \u00a0]*"
    rf"[{LO}'’-]+(?:{_B}[{LO}'’-]+){{0,2}}"
)
OFFICE_BEFORE = re.compile(
    rf"(?:(?<![\w'’])(?<![dD]e )(?:(?:M\.|Mme|MME|(?i:monsieur|madame)){_B})?(?i:le|la|l['’])"
    rf"|(?i:{pattern(OFFICE_EVENTS)}){_B}(?i:du|de{_B}la|de{_B}l['’]))[ \u00a0]*"
    rf"{_OFFICE_HEAD}(?:(?:{_OFFICE_PLACE})?[ \u00a0]*,?|{_OFFICE_DELEGATION}[ \u00a0]*,)"
    rf"[ \u00a0]*$"
)

# A maiden or married name after a person's name ("Mme Jacquet née Coulibaly", "Sophie Poujol
# épouse Martin", "Mme El Idrissi née CALVET").
_CAP_NAME = (
    rf"[{UP}](?:[{LO}]+|[{UP}]+)(?:[-'’][{UP}](?:[{LO}]+|[{UP}]+))*"
    rf"(?:['’][hH](?![\w'’-]))?"  # "née Le Goarnic'h"
)
NAME_LINK = re.compile(
    rf",?[ \u00a0]+(?:{pattern(NAME_LINK_WORDS)})[ \u00a0]+"
    rf"(?P<name>(?:(?i:{pattern(LOWER_PARTICLES)})[ \u00a0]+|[dD]['’](?=[{UP}]))?{_CAP_NAME}"
    rf"(?:[ \u00a0]{_CAP_NAME})?)(?![\w'’-])"
)
# A relative placed in the building or the street ("le voisin du 3e", "la voisine d'en face"):
# a person's name may follow.
RELATIVE_PLACE = (
    rf"(?<![\w'’-])(?i:{pattern(RELATIVES)})[ \u00a0]+"
    rf"(?:du[ \u00a0]+\d+(?:e|er|ère|ème|è)|(?i:{pattern(RELATIVE_PLACES)}))(?![\w'’-])"
)
RELATIVE_AT = re.compile(rf"{RELATIVE_PLACE}[ \u00a0]*,?[ \u00a0]*$")
# Where such a phrase ends (cheap: tried before `RELATIVE_AT`); an ordinal floor is also a key
# of lower-case names (a comma keys the others: "la voisine d'en face, x y").
_PLACE_TAILS = tuple({p.split()[-1] for p in RELATIVE_PLACES})
ORDINAL = r"\d(?:e|er|ère|ème|è)(?![\w'’-])"
_PLACE_END_AT = re.compile(
    rf"(?:{ORDINAL}|(?i:{pattern(_PLACE_TAILS)})(?![\w'’-]))[ \u00a0]*,?[ \u00a0]*$"
)
# First names alone after a relative: "son fils Mamadou", "ses enfants Ouarda et Eudes", "Frère
# déjà inscrit : Mehdi (CP)", "2 enfants : Dragana – 16/12/2017 et Enzo (né le …)". The head
# may close with a colon after up to three lower-case words, or with a comma.
# "Sœur de Paulette", "la grand-mère d'Amandine": the relative's own first name after "de".
# The words between the relative and its colon may carry a gender mark ("déjà inscrit(e) :").
_RELATIVE_COLON = rf"(?:[ \u00a0]+[{LO}]+(?:\([{LO}]{{1,2}}\))?){{0,3}}[ \u00a0]*:"
RELATIVE_HEAD = re.compile(
    rf"(?:(?<=\b[lLdD]['’])|(?<![\w'’-]))(?i:{pattern(GIVEN_NAME_RELATIVES)})"
    rf"(?:(?P<of>[ \u00a0]+d(?:e[ \u00a0]+|['’](?=[{UP}])))"
    rf"|(?:{_RELATIVE_COLON}|[ \u00a0]*,)?[ \u00a0]+)"
)
# Such a head ending right before a name ("Frère déjà inscrit : x y"): a strong cue.
RELATIVE_COLON_AT = re.compile(
    rf"(?<![\w'’-])(?i:{pattern(GIVEN_NAME_RELATIVES)}){_RELATIVE_COLON}[ \u00a0]*$"
)
# A birth, an age or a school class in brackets: a child's first name before it.
_BIRTH_NOTE = (
    r"\((?:[^()\n]*\b(?i:née?s?|né\(e\)|naissance)\b[^()\n]*|\s*\d[^()\n]*"
    rf"|{pattern(SCHOOL_CLASSES)}\d?)\)"
)
_DATED = rf"[–—-][ \u00a0]*\d{{1,2}}(?:[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|[ \u00a0]+[{LO}]+\.?[ \u00a0]+\d{{4}})"
GIVEN_ITEM = re.compile(
    rf"(?P<name>[{UP}](?:['’](?=[{LO}]))?[{LO}]+(?:-[{UP}][{LO}]+)*|[{LO}]+(?:-[{LO}]+)*)(?![\w'’-])"
    rf"(?:[ \u00a0]*(?P<born>{_BIRTH_NOTE}|{_DATED})|[ \u00a0]*\([^()\n]{{0,30}}\))?"
    rf"(?P<sep>[ \u00a0]*[,;&][ \u00a0]*|[ \u00a0]+et[ \u00a0]+)?"
)
# Verbs of a person's act right after a name ("Sokha Le Bihan a rappelé", "CHIDI BOUSQUET
# demande"); the first ones (never a noun) also follow a lower-case name.
_ACT_VERBS = pattern(ACT_VERBS)
VERB_AFTER = re.compile(rf"[ \u00a0]+(?:{_ACT_VERBS}|{pattern(NAME_VERBS)})\b")
ACT_KEY = re.compile(_ACT_VERBS)

# A closing formula, then a signature on its own at the end of a line ("Cordialement, Salima"),
# or a dash opening a line before a name ("— Modou Lafont, habitant").
_SIGN_WORD = rf"(?:[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?|[{UP}]{{2,}}(?:-[{UP}]{{2,}})?)"
_SIGN_NAME = rf"(?P<name>{_SIGN_WORD}(?:[ \u00a0]{_SIGN_WORD}){{0,2}})"
_CLOSING_FORMS = [f for c in CLOSINGS for f in (c, c[:1].upper() + c[1:], c.upper())]
CLOSING = re.compile(
    rf"{pattern(_CLOSING_FORMS, blank=_SPACES)}(?:[ \t]*(?:[,.!][ \t]*\n?|\n)[ \t]*|[ \t]+)"
)
# Cheap test before CLOSING (most texts have no closing formula), on the lower-cased text.
CLOSING_GATE = re.compile("|".join(map(re.escape, sorted(lower_set(CLOSINGS)))))
DASH = re.compile(r"(?:^|(?<=\n))[ \t]*[—–][ \t]*")
SIGNATURE_AFTER = re.compile(rf"{_SIGN_NAME}[ \t]*[.!]?[ \t]*(?=\n|\Z)")
DASH_NAME = re.compile(rf"{_SIGN_NAME}[ \t]*(?=[,.(]|\n|\Z)")

# A person written in lower case right after an introducing word ("signalé par piotr issert")
# or before a person's act ("salima tran a rappelé"): the first word must be a known first name,
# the second a plausible surname, unless a strong cue and a boundary frame an unknown pair.
# The surname may come first ("park xiaoling", "ben amor sylvie", "d'aigrefeuille nicole"): the
# last word is then the known first name (see `finder._lower_name`).
_LOW_WORD = rf"[{LO}]+(?:-[{LO}]+)?"
_LOWER_NAME = (
    rf"(?P<name>(?:(?P<lead>{pattern(LEAD_PARTICLES)})[ \u00a0]+)?"
    rf"(?P<first>(?:d['’](?=[{LO}]{{3}}))?{_LOW_WORD})[ \u00a0]+"
    rf"(?:{pattern(LOWER_PARTICLES)}[ \u00a0]+)?"
    rf"(?P<last>(?:[dnmlo]['’])?[{LO}]{{2,}}(?:[-'’][{LO}]+)*))(?![\w'’-])"
)
# After an introducing word, or glued to the elided "de" closing one ("courriel d'oksana roger").
LOWER_PAIR = re.compile(r"(?<=['’])|[ \u00a0]+")
LOWER_NAME = re.compile(_LOWER_NAME)
# A lower-case name heading a message between a dash and a colon ("Formulaire - elsa dufour :").
DASH_HEADED = re.compile(r"[ \u00a0]*:")
_CLAUSE_START = r"(?:^|(?<=[.!?;:,(\n—–]))[ \u00a0]*"
LOWER_BEFORE_ACT = re.compile(rf"{_CLAUSE_START}{_LOWER_NAME}[ \u00a0]+(?:{_ACT_VERBS})")
# Before a participle alone ("x y rappelé(e), ok"): see `vocabulary.ACT_PARTICIPLES`.
LOWER_BEFORE_DONE = re.compile(
    rf"{_CLAUSE_START}{_LOWER_NAME}[ \u00a0]+{pattern(ACT_PARTICIPLES)}(?![\w'’-])"
)
DONE_KEY = re.compile(pattern(ACT_PARTICIPLES))
# After a clause or a number ("… FR76 …821 djeneba sicard, riveraine").
LOWER_BEFORE_ROLE = re.compile(
    rf"(?:^|(?<=[.!?;:,(\n—–\d]))[ \u00a0]*{_LOWER_NAME}(?:{_APPOSITION})"
)
# A lower-case pair closing the text after a clause, a line break or a number ("…\narthur
# schmitt", "… mon RIB : FR76… aliou ruiz").
LOWER_AT_END = re.compile(rf"(?:^|(?<=[.!?;:,\n—–\d]))[ \t\u00a0]*{_LOWER_NAME}[ \t.]*\Z")
# Two or three capitalised words closing the text after a sentence ("… en urgence. Ondine
# Gallardo"): a signature.
END_SIGNATURE = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n))[ \t]*(?P<name>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?"
    rf"(?:[ \u00a0][{UP}][{LO}]+(?:-[{UP}][{LO}]+)?){{1,2}})[ \t.]*\Z"
)
# A known first name alone closing the text after a sentence or a line break ("… Merci
# d'intervenir rapidement.\nModibo"): a signature.
END_GIVEN_NAME = re.compile(
    rf"(?:(?<=[.!?]\s)|(?<=\n))[ \t]*(?P<name>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)[ \t.]*\Z"
)
# A lower-case name signing after a closing formula or a dash ("Cordialement,\nandrzej moreno").
LOWER_SIGNATURE = re.compile(rf"{_LOWER_NAME}[ \t]*(?=[,.(]|\n|\Z)")
DASHES = ("—", "–")
# "NOM, Prénom": upper-case surname words (particles inside), a comma, a first name.
_UPPER_WORD = rf"[{UP}](?:[{UP}'’\-]*[{UP}])?"
COMMA_NAME = re.compile(
    rf"(?<![\w'’])(?P<last>(?:(?:{pattern(CAPITAL_PARTICLES)}|{_UPPER_WORD})[ \u00a0]+)*"
    rf"{_UPPER_WORD}),[ \u00a0]*(?P<first>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)(?![\w'’])"
)
# What may close an unknown lower-case name after a strong cue: punctuation, the end, a verb, a
# number (« contact urgence : jade roux 06 … »: the person's line), the day (« appel de x y ce
# jour »).
LOWER_AFTER = re.compile(
    rf"[ \u00a0]*(?:[.,;:)(—–]|$)|[ \u00a0]+(?:{_ACT_VERBS}|le[ \u00a0]+\d|\+?\d{{2}}"
    rf"|(?i:{pattern(DAY_WORDS)})(?![\w'’-]))"
)
# A single lower-case known first name signing after a closing formula ("Cordialement,\nsoline").
LOWER_GIVEN_SIGNATURE = re.compile(rf"(?P<name>{_LOW_WORD})[ \t]*[.!]?[ \t]*(?=\n|\Z)")
# A civility before a name written in lower case ("Mme kerboul", "monsieur de la tour", "Madame
# said ali"): one word, or two closing the clause (see `finder._civil_lower`).
_CIVIL_BEFORE_LOWER = (
    r"(?:M\.|MM\.|Mr\.?|Mme\.?|Mmes|Mlle|Melle|Dr\.?|(?:mme|mlle|melle|mr)\.?"
    r"|(?i:monsieur|madame|mademoiselle))"
)
_LOWER_SURNAME = rf"(?:[dn]['’])?[{LO}]{{2,}}(?:[-'’][{LO}]+)*"
CIVIL_LOWER = re.compile(
    rf"(?<![\w'’.-]){_CIVIL_BEFORE_LOWER}[ \u00a0]+(?P<name>"
    rf"(?P<particle>(?:{pattern(LOWER_PARTICLES)})[ \u00a0]+)?(?P<word>{_LOWER_SURNAME})"
    rf"(?:[ \u00a0]+(?P<second>{_LOWER_SURNAME}))?)(?![\w'’-])"
)
CLAUSE_END = re.compile(r"[ \t\u00a0]*(?:[.,;:!?)(\n]|\Z)")
# A civility in lower case, a surname, a participle of a call note ("m. x rappelé(e)", "dr x y
# joint ce jour"): the civility and the participle frame the surname.
CIVIL_BEFORE_DONE = re.compile(
    rf"{_CLAUSE_START}(?i:m|mr|mme|mlle|melle|me|dr|pr)\.?[ \u00a0]+(?P<name>"
    rf"(?P<particle>(?:{pattern(LOWER_PARTICLES)})[ \u00a0]+)?(?P<word>{_LOWER_SURNAME})"
    rf"(?:[ \u00a0]+(?P<second>{_LOWER_SURNAME}))?)[ \u00a0]+{pattern(ACT_PARTICIPLES)}(?![\w'’-])"
)
# A person's own name announced as such ("portera le nom de MENSAH", "nom d'usage : Girard").
_CAP_WORD = rf"[{UP}](?:[{LO}]+|[{UP}]+)(?:[-'’](?:[{UP}]?[{LO}]+|[{UP}]+))*"
NAME_CUE = re.compile(
    rf"\b(?i:{pattern(NAME_CUES)})[ \u00a0]*:?[ \u00a0]*[«\"“]?[ \u00a0]*"
    rf"(?P<name>{_CAP_WORD})(?![\w'’-])(?![ \u00a0]+[{UP}])"
)
# Quoted names either side of a change or a correction ("lire « X » au lieu de « Y »").
_QUOTED = (
    rf"[«\"“][ \u00a0]*(?P<{{}}>{_CAP_WORD}(?:[ \u00a0]+(?:{pattern(LOWER_PARTICLES)}[ \u00a0]+)?"
    rf"{_CAP_WORD}){{{{0,2}}}})[ \u00a0]*[»\"”]"
)
QUOTED_CHANGE = re.compile(
    _QUOTED.format("old")
    + rf"[ \u00a0]*,?[ \u00a0]*(?i:{pattern(NAME_CHANGES)})[ \u00a0]+"
    + _QUOTED.format("new")
)

# A chat or text-message export pasted in a note: the sender's name between the message's
# stamp and its colon ("[09/11 12:02] X :", "[03/02/2025, 18:45:10] ~ X Y :", "03/02/2025 18:45 -
# X :"), or before the stamp in brackets ("X (03/02 18:45) :"). See `finder._chat_senders`.
_CHAT_DATE = r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
_CHAT_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?"
_CHAT_STAMP = (
    rf"(?:{_CHAT_DATE}(?:,?[ \u00a0]+(?:à[ \u00a0]+)?{_CHAT_TIME})?|{_CHAT_TIME})[ \u00a0]*"
)
_CHAT_WORD = rf"[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?"
_CHAT_NAME = rf"{_CHAT_WORD}(?:[ \u00a0](?:{_CHAT_WORD}|[{UP}]\.)){{0,2}}"
CHAT_SENDER = re.compile(
    rf"(?:\[[ \u00a0]*{_CHAT_STAMP}\]|(?<![\d/.-]){_CHAT_DATE},?[ \u00a0]+{_CHAT_TIME}[ \u00a0]+[-–])"
    rf"[ \u00a0]*(?:~[ \u00a0]*)?(?P<after>{_CHAT_NAME})[ \u00a0]*:"
    rf"|(?<![\w'’-])(?P<before>{_CHAT_NAME})[ \u00a0]*\([ \u00a0]*{_CHAT_STAMP}\)[ \u00a0]*:"
)
