"""Natural or legal person: the decision on a whole name cell (a beneficiary, an applicant)."""

from __future__ import annotations

import re
from functools import lru_cache

from ...lexicon import strip_accents
from ..base import Span
from .finder import find_names
from .lexicon import first_names, is_first_name
from .runs import org_word
from .tokens import abstract_noun, name_shaped
from .vocabulary import (
    CALENDAR_WORDS,
    CIVILITIES,
    FAMILY_WORDS,
    GIVEN_NAME_RELATIVES,
    KINSHIP,
    LEGAL_SUFFIXES,
    NAME_LINKS,
    NON_NAME,
    ORG_ACTIVITY_WORDS,
    PARTICLES,
    PLACE_OR_ORG_CUES,
    ROLES_AFTER,
    UPPER_COMPANY_FORMS,
    lower_set,
    pattern,
    words,
)

# A sole trader's mention before or after a name (« EI Jean Dupont », « X Y (EI) », « X Y,
# artisan »): a sole trader is a natural person, decided on the name it carries.
_TRADER_FORMS = (
    r"(?:EIRL|EI|(?i:entreprise individuelle|entrepreneur individuel|auto-entrepreneur|"
    r"micro-entrepreneur|micro-entreprise|artisane?))"
)
_TRADER_NAME = re.compile(
    rf"^\s*{_TRADER_FORMS}\b[\s:,–—-]*(.+?)\s*$|^\s*(.+?)[\s,(–—-]+{_TRADER_FORMS}\b\)?\.?\s*$"
)
# A kinship note in apposition ("(fils)", ", fille du défunt").
_KINSHIP_NOTE = re.compile(rf"[(,][ \u00a0]*(?i:{pattern(KINSHIP)})(?!\w)[^()]*\)?")
# A relative's label before a name ("Fils : Jean Roux", "Frères : Paul et Luc Roux").
_KINSHIP_LABEL = re.compile(rf"^\s*(?i:{pattern(GIVEN_NAME_RELATIVES)})[ \u00a0]*:")
_ELIDED = re.compile(r"[dl]['’][A-ZÀ-Þ]")  # "d'Adhémar"
_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")
_ORG_WORDS = PLACE_OR_ORG_CUES | ORG_ACTIVITY_WORDS
_LEGAL_WORDS = lower_set(_ORG_WORDS, LEGAL_SUFFIXES)
_ACTIVITY_WORDS = lower_set(ORG_ACTIVITY_WORDS)
_CIVILITY_WORDS = frozenset(w.rstrip(".") for w in CIVILITIES) | {"et"}
# Words that may surround a name and still leave a person: "les époux X", "la famille X".
_PERSON_MARKS = (_CIVILITY_WORDS - {"et"}) | lower_set(FAMILY_WORDS)
_AROUND_NAME = _CIVILITY_WORDS | lower_set(FAMILY_WORDS, KINSHIP, ROLES_AFTER, words("les la le"))


# What introduces a legal person's representative ("SCI X, représentée par Mme Y", "prise en
# la personne de", "en la personne d'Y", "GAEC X (gérance : Y)"); the engine reads the
# organisation before it.
REPRESENTED_BY = (
    r"repr[ée]sent[ée]e?s?\s+par\b|(?:prise?\s+)?en\s+la\s+personne\s+d(?:e\b|['’])"
    r"|\(?\s*g[ée]ran(?:ce|te?)\s*:"
)
_REPRESENTED = re.compile(rf"(?i:\b(?:{REPRESENTED_BY}))")


def representatives(value: str) -> list[Span]:
    """The names of the persons a legal person's cell says represent it, after "représentée
    par" or "en la personne de" (the organisation's own name before the cue stays)."""
    cue = _REPRESENTED.search(value)
    if cue is None:
        return []
    return [(a, b) for a, b in find_names(value) if a >= cue.end()]


def marks_persons(value: str) -> bool:
    """A civility or a family word among the words of `value`: persons named there, beside an
    organisation or as one (« Famille d'accueil Martin », « Foyer X, Mme Y »)."""
    return any(w.lower().rstrip(".") in _PERSON_MARKS for w in _WORDS.findall(value))


def only_civility(rest: str) -> bool:
    """`rest` holds civilities, family words ("famille", "les époux"), kinship and roles
    ("(fille)", ", riveraine") and "et" only: "M. et Mme", "la famille", "(épouse)" around a
    name."""
    return all(w.lower().rstrip(".") in _AROUND_NAME for w in _WORDS.findall(rest))


def is_legal_person(value: str) -> bool:
    """A name carrying an organisation/place cue or a company form (association, SARL, collège…);
    a place word closing a first name and a particle is a surname ("Camille de La Salle"), a
    kinship note or label is no company form ("Jean Roux (fils)", "Fils : Jean Roux", not
    "Roux et Fils")."""
    cell_words = _WORDS.findall(_KINSHIP_NOTE.sub("", _KINSHIP_LABEL.sub("", value)))
    given = bool(cell_words) and is_first_name(cell_words[0].capitalize())
    # an abstract noun names an organisation ("SADE Exploitation") unless a person is announced
    announced = any(w.lower().rstrip(".") in _AROUND_NAME for w in cell_words)
    for n, word in enumerate(cell_words):
        lw = word.lower().rstrip(".")
        if lw[1:2] in ("'", "’") and lw[:1] in ("d", "l"):
            lw = lw[2:]
        if given and n >= 2 and cell_words[n - 1].lower() in PARTICLES and n == len(cell_words) - 1:
            continue
        if (len(lw) > 1 and lw in _LEGAL_WORDS) or word in UPPER_COMPANY_FORMS:  # not "Lucie R."
            return True
        if "-" in lw and any(p in _ACTIVITY_WORDS for p in lw.split("-")):
            return True  # "PASSERELLES-INSERTION"
        if word[:1].isupper() and word.rpartition("-")[2][:1].islower() and org_word(lw):
            return True  # "Ciné-club X", not the surname "Dubois-Maison"
        if word[:1].isupper() and abstract_noun(word) and not announced:
            return True  # "SADE Exploitation", "X Aménagement"
    if "!" in value or "?" in value:
        return True  # "Ah ! Les Beaux Jours": no one's name is an exclamation
    return bool(re.search(r"\b\d{9}(?:\d{5})?\b", value.replace(" ", "")))


def is_natural_person(value: str, *, name_column: bool, names: list[Span] | None = None) -> bool:
    """Whether a name cell designates a natural person (decided row by row).

    With `name_column` (the column holds names by header or policy), a short cell made only of
    capitalised name words with no organisation cue counts as a person ("DUPONT", "Lucie R.").
    `names`, when given, are the person-name spans of the stripped value.
    """
    text = value.strip()
    if sole_trader_name(text) is not None:
        return True
    if not text or is_legal_person(text):
        return False
    letters = len(re.sub(r"\W", "", text))
    if names is None:
        names = find_names(text)
    covered = sum(end - start for start, end in names)
    if letters and covered >= 0.6 * letters:
        return True
    if names:
        rest = "".join(text[a:b] for a, b in gaps(names, len(text)))
        if only_civility(rest):
            return True  # "Mme Roy"
    if not name_column or re.search(r"\d", text):
        return False
    cell_words = _WORDS.findall(text)
    if text == text.lower():
        return _lower_name_cell(cell_words)
    if not 1 <= len(cell_words) <= 5 or not all(
        w[:1].isupper() or w.lower() in NAME_LINKS or _ELIDED.match(w) for w in cell_words
    ):
        return False
    core = _core(cell_words)
    # A person needs a civility, a first name or an upper-case surname ("GIRARD", "Lucie R.").
    if any(w.lower() in _CIVILITY_WORDS for w in core):
        return True
    if any(p in NON_NAME for w in core for p in _low(w).split("-")):
        return False  # "Montpellier Pétanque St Martin"
    if len(core) == 1 and core[0].isupper():
        return _upper_name_word(core[0])  # "GIRARD"
    if any(is_first_name(w) for w in core):
        # A first name alone ("Maïa", "Pandora") names associations as often as people.
        return len(core) >= 2
    # Without them, "X et Y", three words or more, all-caps phrases ("COEUR DE LIVRES") and
    # acronyms are organisations; an upper-case surname must read like a name ("DUPONT Anh",
    # not "ASPTT Bridge").
    if "et" in (w.lower() for w in cell_words) or len(core) >= 3:
        return False
    if len(cell_words) > len(core) and all(w.isupper() for w in cell_words):
        return False
    uppers = [w for w in core if w.isupper() and len(w) >= 2]
    return bool(uppers) and all(_upper_name_word(w) for w in uppers)


def sole_trader_name(value: str) -> str | None:
    """The owner's name in a sole trader's cell (« EI Jean Dupont », « Octave Vidalenc,
    artisan »), None when the cell names no sole trader or names an organisation (« Boulangerie
    Dupont EI »). A first name the lexicon lacks still makes an owner: two to four capitalised
    words, no digit, no organisation word, a surname (« EI Modeste Pélissou »)."""
    found = _TRADER_NAME.match(value)
    if found is None:
        return None
    name = found.group(1) or found.group(2)
    if is_natural_person(name, name_column=True):
        return name
    cell_words = name.split()
    shaped = (
        2 <= len(cell_words) <= 4
        and all(w[:1].isupper() or w.lower() in NAME_LINKS for w in cell_words)
        and not re.search(r"\d", name)
        and not is_legal_person(name)
        and bool(surname_words(name))
    )
    return name if shaped else None


def _lower_name_cell(cell_words: list[str]) -> bool:
    """A name written in lower case in a column of names ("chloé garcia-fabre", "rachid de la
    tour"): two to four words, one a known first name, none a function or organisation word."""
    core = _core(cell_words)
    parts = [p for w in core for p in _low(w).split("-")]
    if not 2 <= len(core) <= 4 or any(p in NON_NAME or p in _LEGAL_WORDS for p in parts):
        return False
    return any(p in first_names() for p in parts)


def _core(cell_words: list[str]) -> list[str]:
    """The words of a name cell other than particles and "et", without a trailing dot."""
    return [w.rstrip(".") for w in cell_words if w.lower() not in NAME_LINKS]


@lru_cache(maxsize=1 << 14)
def surname_words(value: str) -> frozenset[str]:
    """The surname words of a natural person's name ("DUPONT Jean" -> {"dupont"}): capitalised
    words that are no first name, particle, civility or organisation word (accents stripped)."""
    out = set()
    for word in _WORDS.findall(value):
        lw = _low(word.rstrip("."))
        if len(lw) < 2 or not word[:1].isupper() or lw in NAME_LINKS:
            continue
        if lw in _CIVILITY_WORDS or lw in NON_NAME or lw in _LEGAL_WORDS:
            continue
        if not is_first_name(word.rstrip(".")):
            out.add(lw)
    return frozenset(out)


def surname_candidates(value: str) -> tuple[str, ...]:
    """The words of a short name-shaped cell — two or three capitalised words, no digit, no
    organisation word — of which one, carried by the column's natural persons, makes it a
    person's whose first name the lexicon does not know ("Tamari Lacombe" beside "Jean
    LACOMBE"); none: no such cell."""
    if re.search(r"\d", value) or is_legal_person(value):
        return ()
    core = _core(_WORDS.findall(value))
    if not 2 <= len(core) <= 3 or not all(w[:1].isupper() for w in core):
        return ()
    lows = tuple(_low(w) for w in core)
    if any(w in NON_NAME or w in _LEGAL_WORDS for w in lows):
        return ()
    return lows


def person_shaped(value: str) -> bool:
    """A cell shaped like a person's name and nothing else, read in a column mostly of persons:
    two to four words, no digit, no organisation or function word (a month or a day is a given
    name there: "DIAW Mai Anh"), all in lower case whatever the first name ("zorvan quillet")
    or all capitalised with a known first name ("Plomberie Sarrazin" has none)."""
    if re.search(r"\d", value) or is_legal_person(value):
        return False
    core = _core(_WORDS.findall(value))
    if not 2 <= len(core) <= 4:
        return False
    if value != value.lower() and not (
        all(w[:1].isupper() for w in core) and any(is_first_name(w) for w in core)
    ):
        return False
    parts = [p for w in core for p in _low(w).split("-")]
    return not any(
        (p in NON_NAME and p not in CALENDAR_WORDS) or p in _LEGAL_WORDS or p in _CIVILITY_WORDS
        for p in parts
    )


def _low(word: str) -> str:
    return strip_accents(word.lower())


def _upper_name_word(word: str) -> bool:
    """An upper-case word shaped like a surname (DUPONT, N'DIAYE, LI), not an acronym (ASPTT)."""
    return len(strip_accents(word)) <= 3 or name_shaped(word)


def gaps(spans: list[Span], length: int) -> list[Span]:
    """The stretches of a text outside `spans` (sorted, non-overlapping)."""
    out: list[Span] = []
    pos = 0
    for start, end in sorted(spans):
        out.append((pos, start))
        pos = end
    out.append((pos, length))
    return out
