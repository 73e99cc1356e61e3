"""Text-level decisions: personal spans in a text, whole-cell kinds, natural vs. legal persons."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable
from functools import lru_cache

from .detectors import BY_KIND, DETECTORS, Detector
from .detectors.person_name import NON_NAME_WORDS, find_names, name_shaped
from .lexicon import (
    LEGAL_SUFFIXES,
    ORG_ACTIVITY_WORDS,
    PLACE_OR_ORG_CUES,
    header_tokens,
    is_first_name,
    strip_accents,
    word_set,
)

NATURAL_PERSON = "Personne physique"
_ORG_WORDS = PLACE_OR_ORG_CUES | ORG_ACTIVITY_WORDS
_LEGAL_WORDS = _ORG_WORDS | LEGAL_SUFFIXES | {strip_accents(w) for w in _ORG_WORDS}
_ACTIVITY_WORDS = ORG_ACTIVITY_WORDS | {strip_accents(w) for w in ORG_ACTIVITY_WORDS}
Finding = tuple[int, int, str]  # start, end, kind

_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")


def find_spans(text: str, detectors: Iterable[Detector] = DETECTORS) -> list[Finding]:
    """Non-overlapping personal spans; on overlap the earlier detector in DETECTORS wins."""
    return merge_spans((d.kind, d.find(text)) for d in detectors)


def merge_spans(per_detector: Iterable[tuple[str, Iterable[tuple[int, int]]]]) -> list[Finding]:
    """Spans found by successive detectors, as `find_spans` keeps them (earlier kind wins)."""
    found: list[Finding] = []
    for kind, spans in per_detector:
        for start, end in spans:
            if all(end <= s or start >= e for s, e, _ in found):
                found.append((start, end, kind))
    return sorted(found)


def apply_spans(text: str, spans: list[Finding]) -> str:
    """`text` with each of `spans` (sorted, non-overlapping) replaced by its kind's tag."""
    if len(spans) == 1:
        start, end, kind = spans[0]
        return text[:start] + BY_KIND[kind].tag + text[end:]
    out: list[str] = []
    pos = 0
    for start, end, kind in spans:
        out.append(text[pos:start])
        out.append(BY_KIND[kind].tag)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def mask_text(text: str, detectors: Iterable[Detector] = DETECTORS) -> tuple[str, list[str]]:
    """`text` with every personal span replaced by its tag, and the kinds replaced."""
    spans = find_spans(text, detectors)
    if not spans:
        return text, []
    return apply_spans(text, spans), [kind for _, _, kind in spans]


def cell_kind(value: str, spans: list[Finding] | None = None) -> str | None:
    """The kind of a cell that is one personal datum as a whole (blanks/punctuation around).

    `spans`, when given, are the findings of `find_spans` on the stripped value.
    """
    text = value.strip()
    if not text:
        return None
    if spans is None:
        spans = find_spans(text)
    if len(spans) == 1:
        start, end, kind = spans[0]
        rest = text[:start] + text[end:]
        if not re.search(r"\w", rest) or (kind == "person_name" and _only_civility(rest)):
            return kind
    return None


_CIVILITY_WORDS = word_set("m mr mme mmes mlle monsieur madame mademoiselle et me dr")


def _only_civility(rest: str) -> bool:
    return all(w.lower().rstrip(".") in _CIVILITY_WORDS for w in _WORDS.findall(rest))


def is_legal_person(value: str) -> bool:
    """A name carrying an organisation/place cue or a company form (association, SARL, collège…)."""
    for word in _WORDS.findall(value):
        low = word.lower().rstrip(".")
        if low[1:2] in ("'", "’") and low[:1] in ("d", "l"):
            low = low[2:]
        if len(low) > 1 and low in _LEGAL_WORDS:  # not an initial ("Lucie R.")
            return True
        if "-" in low and any(p in _ACTIVITY_WORDS for p in low.split("-")):
            return True  # "PASSERELLES-INSERTION"
    return bool(re.search(r"\b\d{9}(?:\d{5})?\b", value.replace(" ", "")))


def is_natural_person(value: str, *, name_column: bool, spans: list[Finding] | None = None) -> bool:
    """Whether a name cell designates a natural person (decided row by row).

    With `name_column` (the column holds names by header or policy), a short cell made only of
    capitalised name words with no organisation cue counts as a person ("DUPONT", "Lucie R.").
    `spans`, when given, are the findings of `find_spans` on the stripped value.
    """
    text = value.strip()
    if not text or is_legal_person(text):
        return False
    letters = len(re.sub(r"\W", "", text))
    if spans is None:
        names = find_names(text)
    else:
        names = [(a, b) for a, b, kind in spans if kind == "person_name"]
    covered = sum(end - start for start, end in names)
    if letters and covered >= 0.6 * letters:
        return True
    if names:
        rest = "".join(text[a:b] for a, b in _gaps(names, len(text)))
        if _only_civility(rest):
            return True  # "Mme Roy"
    if not name_column or re.search(r"\d", text):
        return False
    words = _WORDS.findall(text)
    if not 1 <= len(words) <= 5 or not all(
        w[:1].isupper() or w.lower() in _NAME_LINKS for w in words
    ):
        return False
    core = _core(words)
    # A person needs a civility, a first name or an upper-case surname ("GIRARD", "Lucie R.").
    if any(w.lower() in _CIVILITY_WORDS for w in core):
        return True
    if any(p in NON_NAME_WORDS for w in core for p in _low(w).split("-")):
        return False  # "Montpellier Pétanque St Martin"
    if any(is_first_name(w) for w in core):
        # A first name alone ("Maïa", "Pandora") names associations as often as people.
        return len(core) >= 2
    # Without them, "X et Y", three words or more, all-caps phrases ("COEUR DE LIVRES") and
    # acronyms are organisations; an upper-case surname must read like a name ("DUPONT Anh",
    # not "ASPTT Bridge").
    if "et" in (w.lower() for w in words) or len(core) >= 3:
        return False
    if len(words) > len(core) and all(w.isupper() for w in words):
        return False
    uppers = [w for w in core if w.isupper() and len(w) >= 2]
    return bool(uppers) and all(_upper_name_word(w) for w in uppers)


_NAME_LINKS = frozenset(["de", "du", "des", "la", "le", "d'", "et"])


def _core(words: list[str]) -> list[str]:
    """The words of a name cell other than particles and "et", without a trailing dot."""
    return [w.rstrip(".") for w in words if w.lower() not in _NAME_LINKS]


@lru_cache(maxsize=1 << 14)
def surname_words(value: str) -> frozenset[str]:
    """The surname words of a natural person's name ("DUPONT Jean" -> {"dupont"}): capitalised
    words that are no first name, particle, civility or organisation word (accents stripped)."""
    out = set()
    for word in _WORDS.findall(value):
        low = _low(word.rstrip("."))
        if len(low) < 2 or not word[:1].isupper() or low in _NAME_LINKS:
            continue
        if low in _CIVILITY_WORDS or low in NON_NAME_WORDS or low in _LEGAL_WORDS:
            continue
        if not is_first_name(word.rstrip(".")):
            out.add(low)
    return frozenset(out)


def by_known_surname(value: str, surnames: Collection[str]) -> bool:
    """A short name-shaped cell — two or three capitalised words, no digit, no organisation word —
    that carries a surname the column's natural persons already carry ("Tamari Lacombe" beside
    "Jean LACOMBE"): a person whose first name the lexicon does not know."""
    if not surnames or re.search(r"\d", value) or is_legal_person(value):
        return False
    core = _core(_WORDS.findall(value))
    if not 2 <= len(core) <= 3 or not all(w[:1].isupper() for w in core):
        return False
    low = [_low(w) for w in core]
    if any(w in NON_NAME_WORDS or w in _LEGAL_WORDS for w in low):
        return False
    return any(w in surnames for w in low)


def _low(word: str) -> str:
    return strip_accents(word.lower())


def _upper_name_word(word: str) -> bool:
    """An upper-case word shaped like a surname (DUPONT, N'DIAYE, LI), not an acronym (ASPTT)."""
    letters = strip_accents(word)
    return len(letters) <= 3 or name_shaped(word)


def _gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of a text outside `spans` (sorted, non-overlapping)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for start, end in sorted(spans):
        out.append((pos, start))
        pos = end
    out.append((pos, length))
    return out


# Header lexicon (legal-rules R-ANON-DIRECT-ID), mapped to the kind a matching column suggests.
_HEADER_KINDS: dict[str, str] = {
    "email": "email",
    "e mail": "email",
    "mail": "email",
    "courriel": "email",
    "mel": "email",
    "tel": "phone",
    "telephone": "phone",
    "portable": "phone",
    "mobile": "phone",
    "fax": "phone",
    "gsm": "phone",
    "nir": "nir",
    "secu": "nir",
    "securite sociale": "nir",
    "ssn": "nir",
    "iban": "iban",
    "rib": "iban",
    "bic": "iban",
    "immat": "plate",
    "immatriculation": "plate",
    "plaque": "plate",
    "allocataire": "caf",
    "caf": "caf",
    "naissance": "birth_date",
    "naiss": "birth_date",
    "nais": "birth_date",
    "ne le": "birth_date",
    "nee le": "birth_date",
    "ne e": "birth_date",
    "nes le": "birth_date",
    "dob": "birth_date",
    "ddn": "birth_date",
    "birth": "birth_date",
    "birthdate": "birth_date",
    "adresse": "address",
    "adr": "address",
    "domicile": "address",
    "nom": "person_name",
    "prenom": "person_name",
    "prenoms": "person_name",
    "demandeur": "person_name",
    "beneficiaire": "person_name",
    "titulaire": "person_name",
    "proprietaire": "person_name",
    "locataire": "person_name",
    "petitionnaire": "person_name",
    "requerant": "person_name",
    "declarant": "person_name",
    "signataire": "person_name",
    "patronyme": "person_name",
    "redacteur": "person_name",
    "elu": "person_name",
    "elus": "person_name",
    "agent": "person_name",
    "usager": "person_name",
    "contact": "person_name",
    "responsable": "person_name",
    "president": "person_name",
    "age": "age",
}


_HEADER_PRIORITY = (
    "email",
    "phone",
    "nir",
    "iban",
    "plate",
    "caf",
    "birth_date",
    "address",
    "person_name",
    "age",
)


def header_kind(header: str) -> str | None:
    """Kind suggested by a header: a token or token pair equals a lexicon entry (never a substring)."""
    tokens = header_tokens(header)
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
    kinds = {_HEADER_KINDS[t] for t in pairs + tokens if t in _HEADER_KINDS}
    return next((kind for kind in _HEADER_PRIORITY if kind in kinds), None)
