"""Names in a run of capitalised tokens: civility + name, first name + surname, SURNAME Firstname,
initials, shapes that need no lexicon; a place or organisation cue before the run keeps it."""

from __future__ import annotations

import re
from functools import lru_cache

from ...lexicon import strip_accents
from ..base import Span
from .cues import AUTHOR_AFTER_TITLE, FAME_BEFORE, STOPS_BEFORE, WORK_OF_BEFORE
from .tokens import (
    FAMILY,
    Tok,
    adjacent,
    exact_span,
    flags,
    is_civ,
    is_first,
    is_initial,
    is_name_token,
    is_particle,
    is_surname,
    is_upper_surname,
    low,
    span,
    tokens,
)
from .vocabulary import (
    ACTIVITY,
    FAME_NOUNS,
    LEGAL_SUFFIXES,
    PLACE_ADJECTIVES,
    PLACE_OR_ORG_CUES,
    SAINTS,
    TITLES,
    UPPER_COMPANY_FORMS,
    lower_set,
)

_VOWELS = frozenset("AEIOUY")
_ELISION = frozenset(["d", "l", "'"])
_FRAMES = lower_set(FAME_NOUNS)  # an elided article split from the name it precedes


def name_run(text: str, toks: list[Tok], i: int, limit: int = 5) -> int:
    """Index after the longest run of name tokens (particles inside) starting at `i`."""
    j = i
    count = 0
    while j < len(toks) and count < limit:
        if j > i and not adjacent(text, toks[j - 1], toks[j]):
            break
        if j > i and toks[j - 1].dotted and not is_initial(toks[j - 1]):
            break
        tok = toks[j]
        if is_name_token(tok):
            j += 1
            count += 1
            continue
        # particles: "de La Fontaine", "d'Aubigné" (token "d'Aubigné" is a surname already)
        k = j
        while k < len(toks) and is_particle(toks[k]) and adjacent(text, toks[k - 1], toks[k]):
            k += 1
        if k > j and k < len(toks) and adjacent(text, toks[k - 1], toks[k]):
            if is_surname(toks[k]):
                j = k
                continue
            if _place_word_surname(toks, i, j, k):
                j = k + 1
                count += 1
                continue
        break
    return j


def _bare(tok: Tok) -> str:
    """A word in lower case without an elided article ("l'Cercle" -> "cercle")."""
    return re.sub(r"^[dl]'", "", low(tok.text))


def _place_word_surname(toks: list[Tok], i: int, j: int, k: int) -> bool:
    """After a first name or a civility and a particle, a capitalised place word is a surname
    ("Yasmina du Pont", "Madame de La Salle")."""
    word = toks[k].text
    named = any(is_first(t) or is_civ(t) for t in toks[i:j]) or (i > 0 and is_civ(toks[i - 1]))
    return (
        k > i
        and is_particle(toks[k - 1])
        and word[:1].isupper()
        and low(word) in PLACE_OR_ORG_CUES
        and named
    )


def org_word(word: str) -> bool:
    """A place or organisation word (lower case), or a compound ending with one ("ciné-club",
    "auto-école")."""
    if word in PLACE_OR_ORG_CUES or strip_accents(word) in PLACE_OR_ORG_CUES:
        return True
    last = word.rpartition("-")[2]
    return last != word and len(last) > 2 and org_word(last)


def _org_initials(tok: Tok) -> bool:
    """Initials spelling a place or organisation word ("Z.A.C. du Coteau", "S.A.R.L.")."""
    letters = low(tok.text).replace(".", "").replace("-", "").replace(" ", "")
    return is_initial(tok) and len(letters) >= 2 and letters in PLACE_OR_ORG_CUES


def _owned_after_adjective(toks: list[Tok], k: int, start: int) -> bool:
    """A place adjective qualifying a common noun, then "de" and the run ("agenda scolaire de",
    "licence sportive de"): a thing and its owner, not a facility named after a person
    ("groupe scolaire Condorcet")."""
    if k != start - 2 or k == 0 or low(toks[k].text) not in PLACE_ADJECTIVES:
        return False
    noun = toks[k - 1].text
    return (
        low(toks[start - 1].text) == "de"
        and noun.isalpha()
        and noun.islower()
        and not org_word(noun)
        and noun not in PLACE_ADJECTIVES
        and not is_particle(toks[k - 1])
    )


def org_context(text: str, toks: list[Tok], start: int, end: int) -> bool:
    """A place/organisation cue before or in the name, a company suffix after, a saint's name,
    a frame naming a public figure ("hommage à") just before it."""
    if any(
        (low(t.text) in PLACE_OR_ORG_CUES or t.text in UPPER_COMPANY_FORMS or _org_initials(t))
        and not _place_word_surname(toks, start, n, n)
        for n, t in enumerate(toks[start:end], start)
    ):
        return True
    if low(toks[start].text) in _FRAMES:
        return True  # "Exposition Victor Hugo": a frame opening the run names a public figure
    at = toks[start].start
    # A civility names a private person, whatever frame precedes ("en hommage à Mme X").
    fame = not is_civ(toks[start]) and FAME_BEFORE.search(text, max(0, at - 60), at)
    if fame or STOPS_BEFORE.search(text, max(0, at - 110), at):
        return True
    if toks[start].text[:1].isupper() and WORK_OF_BEFORE.search(text, max(0, at - 20), at):
        return True
    if AUTHOR_AFTER_TITLE.search(text, max(0, at - 160), at):
        return True
    k = start - 1
    steps = 0
    while k >= 0 and steps < 6 and not (toks[k].dotted and not is_initial(toks[k])):
        word = _bare(toks[k])
        if _owned_after_adjective(toks, k, start):
            break  # "agenda scolaire de Léa Roux": her diary, not a school named after her
        if word == ":" and not _place_label(toks, k, start):
            break  # "Contact sur place : Mme X", "Gardien de la résidence : X": a label's value
        if word in _PERSON_LINKS or _idiom(toks, k):
            break  # "rendez-vous sur place avec X": the noun is no street naming X
        if org_word(word) or toks[k].text in UPPER_COMPANY_FORMS:
            return True
        if word in SAINTS:
            return True
        if k == start - 1 and (word in ACTIVITY or strip_accents(word) in ACTIVITY):
            return True  # "Pédagogie R. Steiner", "Danse Marie Dupont": an association's name
        if word in {",", "et", "-", "–"}:
            # an enumeration of names after one cue ("Rues Rémy Belleau, Jacques Prévert")
            if k == 0 or not toks[k - 1].text[:1].isupper():
                break
        elif not (
            word in PLACE_ADJECTIVES
            or word in _ELISION  # "avenue d'" before "Estienne d'Orves"
            or is_particle(toks[k])
            or toks[k].text[:1].isupper()
            # a lowercase complement after a particle ("Club de judo", "Amicale des locataires")
            # or an organisation word ("Cercle occitan", "Club taurin")
            or (k > 0 and is_particle(toks[k - 1]))
            or (k > 0 and _bare(toks[k - 1]) in PLACE_OR_ORG_CUES)
        ):
            break
        k -= 1
        steps += 1
    if end < len(toks):
        nxt = low(toks[end].text)
        if nxt in LEGAL_SUFFIXES or nxt == "&" or toks[end].text in UPPER_COMPANY_FORMS:
            return True
        if nxt == "et" and end + 1 < len(toks) and low(toks[end + 1].text) in LEGAL_SUFFIXES:
            return True
    return False


# Prepositions introducing a person, never part of a place's or an organisation's name.
_PERSON_LINKS = frozenset(["avec", "chez", "par", "selon", "auprès"])
# Where a label before a colon starts: the text's start or a clause's punctuation.
_LABEL_BREAKS = frozenset([".", ";", ",", "(", ")", ":", "-", "–", "—", "!", "?"])


def _idiom(toks: list[Tok], k: int) -> bool:
    """A place word right after a bare "sur" is an adverb ("sur place", "sur site"), no street."""
    return k > 0 and low(toks[k - 1].text) == "sur" and org_word(_bare(toks[k]))


def _place_label(toks: list[Tok], colon: int, start: int) -> bool:
    """Whether the label before the colon at `colon` names the place or the organisation that
    the run after it is the name of ("École : Jules Ferry", "Rue : Jean Jaurès"): its first word
    is a place or organisation word, and no civility opens the run (a person's)."""
    if is_civ(toks[start]):
        return False
    k = colon
    while k > 0 and toks[k - 1].text not in _LABEL_BREAKS:
        k -= 1
    while k < colon and low(toks[k].text) in _LABEL_ARTICLES:
        k += 1
    return k < colon and not _idiom(toks, k) and org_word(_bare(toks[k]))


_LABEL_ARTICLES = frozenset(["le", "la", "les", "l'", "l’"])


@lru_cache(maxsize=1 << 15)
def run_names(context: str, run: str, cue: str = "") -> tuple[Span, ...]:
    """Names in a run of capitalised tokens, `context` being the text just before it.

    `cue` is "strong" or "weak" when a word introducing a person precedes the run
    ("signalé par", "avec"), "after" when a kinship note follows it ("(fille)"). Cached: the same phrases ("au Collège
    Jean Moulin") recur from cell to cell. Spans are relative to the start of `context`.
    """
    text = context + run
    before = tokens(context)
    toks = before + [
        Tok(t.text, t.start + len(context), t.end + len(context), t.dotted) for t in tokens(run)
    ]
    return tuple(_names_in(text, toks, len(before), cue))


def _names_in(text: str, toks: list[Tok], first: int, cue: str = "") -> list[Span]:
    """Names among `toks[first:]` (earlier tokens are context for the cue walk-back)."""
    spans: list[Span] = []
    i = first
    if cue in ("strong", "weak"):
        # A capitalised pair right after "signalé par", "témoin :", "sa voisine," is a name.
        end = _cued_name(text, toks, first, strong=cue == "strong")
        if end > first:
            spans.append(exact_span(toks, first, end))
            i = end
    while i < len(toks):
        tok = toks[i]
        if is_civ(tok) and (tok.text[:1].isupper() or low(tok.text) in FAMILY):
            j = i + 1
            # "M. et Mme DUPONT", "Mme et M. Jean Martin"
            if j + 1 < len(toks) and low(toks[j].text) in {"et", "&", "ou"} and is_civ(toks[j + 1]):
                j += 2
            if j < len(toks) and is_civ(toks[j]):
                j += 1
            if (
                j < len(toks)
                and low(toks[j].text) not in TITLES
                and adjacent(text, toks[j - 1], toks[j])
            ):
                # a couple sharing the family name ("M. et Mme Paul et Ani ROUX") or one name
                end = max(name_run(text, toks, j), _structural_name(text, toks, j))
                if end > j and not org_context(text, toks, i, end):
                    spans.append(span(toks, j, end))
                    i = end
                    continue
            i += 1
            continue
        if is_first(tok) or is_initial(tok) or is_upper_surname(tok):
            start = i
            if (
                is_first(tok)
                and i > first
                and is_surname(toks[i - 1])
                and not is_first(toks[i - 1])
                and adjacent(text, toks[i - 1], tok)
            ):
                start = i - 1  # "Meunier Brigitte": a capitalised surname before the first name
            end = name_run(text, toks, i)
            has_first = any(is_first(t) for t in toks[start:end])
            has_initial = any(is_initial(t) for t in toks[start:end])
            upper_then_first = is_upper_surname(tok) and has_first
            named = end - start >= 2 and (
                has_first or (has_initial and not is_initial(toks[end - 1]))
            )
            if named and (upper_then_first or not is_upper_surname(tok) or has_first):
                if not org_context(text, toks, start, end):
                    start = _with_given_name(text, toks, start, first)
                    while (
                        start == i
                        and start > first
                        and is_upper_surname(tok)
                        and toks[start - 1].text.isupper()
                        and is_particle(toks[start - 1])
                        and adjacent(text, toks[start - 1], toks[start])
                    ):
                        start -= 1  # "LE FLOC'H Marcel": an upper-case particle opens it
                    spans.append(span(toks, start, end))
                i = end
                continue
        end = _structural_name(text, toks, i)
        if end > i:
            if not org_context(text, toks, i, end):
                spans.append(exact_span(toks, i, end))
            i = end
            continue
        i += 1
    if cue == "after":
        # Two to four words closing the run before a kinship note or a person's verb
        # ("Mounir Le Goff (fille)", "Ferreira Tarik a rappelé") are a name.
        for start in range(max(first, len(toks) - 4), len(toks) - 1):
            if _bare(toks[start]) in _FRAMES or org_word(_bare(toks[start])):
                continue  # "Exposition Victor Hugo (1802-1885)": the name starts after
            if _cued_name(text, toks, start, strong=True) == len(toks):
                found = exact_span(toks, start, len(toks))
                if all(found[1] <= a or found[0] >= b for a, b in spans):
                    spans.append(found)
                break
    return spans


def _cued_name(text: str, toks: list[Tok], start: int, *, strong: bool) -> int:
    """End of a name of two to four words making the whole run at `start` (after or before a
    cue), or `start`. A weak cue ("avec", "par") needs a sign of a person in the words."""
    end = name_run(text, toks, start, 4)
    if (
        end - start < 2
        or end != len(toks)
        or is_civ(toks[start])
        or (is_particle(toks[start]) and not (strong and toks[start].text[:1].isupper()))
        or sum(not is_particle(t) for t in toks[start:end]) < 2
    ):
        return start
    words = toks[start:end]
    if not strong and _acronym_expansion(toks, start):
        return start
    if not strong and (
        len(words) - sum(map(is_particle, words)) > 2
        or (
            not any(
                (f := flags(t.text)).first or f.initial or f.apostrophe or f.first3 for t in words
            )
            and not _particle_inside(words)
        )
    ):
        return start
    return start if org_context(text, toks, start, end) else end


def _particle_inside(words: list[Tok]) -> bool:
    """A capitalised particle or a d' surname after the first word ("Coumba Le Goff",
    "Soizic d'Arcy", "Souleymane El Amrani"): the shape of a family name."""
    return any(
        (is_particle(t) and t.text[:1].isupper()) or low(t.text)[:2] == "d'" for t in words[1:]
    )


def _with_given_name(text: str, toks: list[Tok], start: int, first: int) -> int:
    """Include the given name before a surname with a particle ("Achraf [Ben Saïd]")."""
    if (
        start > first
        and is_particle(toks[start])
        and toks[start].text[:1].isupper()
        and (flags(toks[start - 1].text).title or is_upper_surname(toks[start - 1]))
        and not is_civ(toks[start - 1])
        and adjacent(text, toks[start - 1], toks[start])
    ):
        return start - 1
    return start


def _acronym_expansion(toks: list[Tok], i: int) -> bool:
    """ "ADMR Aide à Domicile": an upper-case word, then a capitalised word (not a known first
    name) with the same initial, is an acronym before its expansion, not a surname."""
    if i + 1 >= len(toks) or not toks[i].text.isupper() or toks[i + 1].text.isupper():
        return False
    word = strip_accents(toks[i].text)
    same = word[:1] == strip_accents(toks[i + 1].text[:1])
    # Vowel-rich upper-case words read as surnames ("OUALI Oumou"), acronyms rarely do.
    vowels = sum(c in _VOWELS for c in word) / max(1, len(word))
    return same and vowels <= 0.5 and not is_first(toks[i + 1])


def _structural_name(text: str, toks: list[Tok], i: int) -> int:
    """End of a name recognised by its shape alone at `toks[i]`, or `i`.

    "AUBRY Djeneba" (upper-case surname shaped like a name, then a capitalised word),
    "HOA PUECH" (three-letter upper-case first name beside an upper-case surname),
    "Mounir N'Guessan" / "N'Guessan Mounir", "Kerboul A." / "Peyre L.-M." (surname and initials
    closing the run).
    """
    n = len(toks)
    if i + 1 >= n or not adjacent(text, toks[i], toks[i + 1]) or toks[i].dotted:
        return i
    f, g = flags(toks[i].text), flags(toks[i + 1].text)
    if f.first and low(toks[i + 1].text) in ("et", "&") and i + 2 < n:
        # "Josiane et Oanh Lagarde": a couple sharing a family name
        end = name_run(text, toks, i + 2, 3)
        if end - i >= 4 and all(
            flags(t.text).title or flags(t.text).upper_surname for t in toks[i + 2 : end]
        ):
            return end
    if g.civ and not g.initial:
        return i
    if f.upper_surname and not f.civ:
        # Upper-case surname words (particles inside: "VAN DEN BERG"), then a capitalised word.
        j = i
        strong = False
        while j < n and j - i < 4:
            h = flags(toks[j].text)
            if j > i and not adjacent(text, toks[j - 1], toks[j]):
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
            and flags(toks[j].text).title
            and adjacent(text, toks[j - 1], toks[j])
            and (j + 1 == n or is_first(toks[j + 1]) or not adjacent(text, toks[j], toks[j + 1]))
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
