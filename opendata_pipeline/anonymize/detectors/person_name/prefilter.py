"""The RE2 prefilters of the person-name detector, built from the words the rules read.

A text reaches `find_names` only if `PREFILTER` matches it, or `LEXICON_PREFILTER` matches and
it holds a first name of the lexicon: every cue of `vocabulary` is spelled here through the same
tuples, so a rule never waits for texts its prefilter drops. Many texts at once
(`find_names_many`) then go through RE2 supersets of each path's own regexes (`finder.PATHS`):
a text skips the paths that cannot find a name in it, all of them when none can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ..base import Span
from ..superset import re2_superset
from .finder import PATHS, find_names
from .tokens import LO, UP
from .vocabulary import (
    ACT_ADVERBS,
    ACT_PARTICIPLES,
    ACT_VERBS,
    CAPITAL_PARTICLES,
    CIVILITY_ABBREVIATIONS,
    CIVILITY_UPPER,
    CIVILITY_WORDS,
    CIVILITY_WORDS_UPPER,
    CLOSINGS,
    COMMON_CUE_TAILS,
    CUE_TAILS,
    DEATH_WORDS,
    DWELLING_WORDS,
    ELIDED_CUES,
    FAMILY_ABBREVIATIONS,
    FAMILY_WORDS,
    GIVEN_NAME_RELATIVES,
    GREETINGS,
    KINSHIP,
    MEETINGS,
    NAME_CHANGES,
    NAME_CUES,
    NAME_VERBS,
    PARTY_ROLES,
    PERSON_ACTS,
    POSSESSIVES,
    RELATIVE_PLACES,
    RELATIVES,
    ROLE_CUES,
    ROLE_QUALIFIERS,
    ROLES_AFTER,
    RUN_PARTICLES,
    SELF_CUES,
    SELF_INTRODUCTIONS,
    STRONG_CUES,
    WEAK_CUES,
    pattern,
)

_B = r"[ \xa0]+"
_SPACES = r"\s+"
# The letter classes widened as supersets may be (cheaper to compile at every Arrow call).
_UPPER = re2_superset(re.compile(f"[{UP}]"))
_LOWER = re2_superset(re.compile(f"[{LO}]"))
_WORD = r"\S*"  # the rest of a word (a plain class keeps RE2's DFA small)


def _re2(phrases: Iterable[str], *, blank: str = _B) -> str:
    return pattern(phrases, "re2", blank)


def _ci(phrases: Iterable[str], *, blank: str = _B) -> str:
    return f"(?i:{_re2(phrases, blank=blank)})"


PREFILTER = "|".join(
    [
        rf"\b{_re2(CIVILITY_ABBREVIATIONS + CIVILITY_UPPER)}\b\.?\s",
        rf"\b{_re2(CIVILITY_WORDS + CIVILITY_WORDS_UPPER)}",
        r"\b[A-Z]\.\s?-?[A-Z]",
        # a form's name field on its own line ("Nom : PEREIRA", finder.FORM_FIELD)
        r"(?im:^[ \t\x{a0}]*(?:nom|pr[ée]noms?)\b[^:\n]{0,20}:)",
        # a family word opening a note, a clause or a bracket ("(famille Ly)", "« Famille X »")
        rf"(?:^|[^\pL\d]){_ci(FAMILY_WORDS)}\s",
        rf"(?:^|[^\pL\d]){_ci(FAMILY_ABBREVIATIONS)}\.\s",
        # shapes recognised without the lexicon (see runs._structural_name)
        rf"{_UPPER}{{4}}{_B}{_UPPER}{_LOWER}|\b[NM]['’]{_UPPER}",
        rf"{_LOWER}{_B}{_UPPER}\.(?:-?{_UPPER}\.)*(?:[^\p{{L}}\d]|$)",
        # a capitalised pair after an introducing word (cues.CUE_BEFORE)
        rf"{_ci(CUE_TAILS)}{_B}{_UPPER}{_WORD}{_B}(?:{_ci(RUN_PARTICLES)}{_B})*"
        rf"(?:[dDlLnNoO]['’])?{_UPPER}",
        rf"{_ci(ELIDED_CUES)}{_UPPER}{_WORD}{_B}(?:{_ci(RUN_PARTICLES)}{_B})*"
        rf"(?:[dDlLnNoO]['’])?{_UPPER}",
        # after "pour"/"à" a name needs a sign: here a capitalised particle ("à Awa El Amrani")
        rf"{_ci(COMMON_CUE_TAILS)}{_B}{_UPPER}{_WORD}{_B}(?:{_re2(CAPITAL_PARTICLES)}{_B}|[dD]['’])",
        # a person's act after a name (cues.VERB_AFTER), an unknown lower-case name after "vu par"
        rf"{_B}{_re2(ACT_VERBS)}",
        rf"{_UPPER}{_WORD}{_B}{_re2(NAME_VERBS)}",
        # a lower-case name before a participle of a call note ("x y rappelé(e)")
        rf"{_LOWER}{_B}{_re2(ACT_PARTICIPLES)}",
        rf"(?:{_ci(PERSON_ACTS)}(?:{_B}{_ci(ACT_ADVERBS)})?{_B}par"
        rf"|{_ci(MEETINGS)}(?:{_B}pris)?{_B}avec){_B}{_LOWER}",
        rf"{_ci(ROLE_CUES, blank=_SPACES)}(?:{_B}{_ci(ROLE_QUALIFIERS)})?\s*[:,]",
        rf"{_ci(POSSESSIVES)}\s+{_ci(KINSHIP)}",
        rf"\({_ci(KINSHIP + ROLES_AFTER)}|,[ \xa0]*{_ci(KINSHIP + ROLES_AFTER)}",
        # a name after a private party's role, heading a label or not (cues.cue_before:
        # « héritier x y », « Colocataire déclaré : X Y »)
        rf"{_ci(PARTY_ROLES)}(?:[ \xa0]*:)?{_B}\pL+(?:-\pL+)?,?{_B}\pL",
        rf"{_ci(PARTY_ROLES)}(?:{_B}{_LOWER}\S*){{1,3}}[ \xa0]*:{_B}\pL",
        # where the person lives, after a name (cues.APPOSITION: "X Y, 2e étage")
        rf",[ \xa0]*(?:\d+\S*[ \xa0]+)?{_ci(DWELLING_WORDS)}",
        # first names alone after a relative (cues.RELATIVE_HEAD)
        rf"{_ci(GIVEN_NAME_RELATIVES)}(?:{_B}{_LOWER}\S*){{0,3}}[ \xa0]*[:,]?{_B}\pL",
        r"(?:^|\n)[ \t]*[—–]",
        # an unknown lower-case name after a strong cue, framed ("appel de x y ce jour")
        rf"{_ci(STRONG_CUES)}{_B}{_LOWER}",
        # "NOM, Prénom" with a first name the lexicon lacks, a person's sign after it
        rf"{_UPPER}{{2}},[ \xa0]*{_UPPER}{_LOWER}+\S*[ \xa0]*,?[ \xa0]*(?:\(|{_ci(DEATH_WORDS)})",
        # a caller introducing themselves (cues.cue_before: "bjr c x y", "je m'appelle x y")
        rf"(?:{_ci(GREETINGS)},?{_B}{_ci(SELF_INTRODUCTIONS)}|{_ci(SELF_CUES)})[ \xa0:]+\pL",
        # a lower-case surname after a civility (finder._civil_lower)
        rf"(?i:\b(?:mme|mlle|melle|mr|monsieur|madame|mademoiselle)\.?){_B}{_LOWER}",
        # a lower-case name after a relative placed in the building ("le voisin du 3e")
        rf"{_ci(RELATIVES)}{_B}(?:du{_B}\d|{_ci(RELATIVE_PLACES)})",
        # a person's own name announced or quoted around a change (finder._named)
        _ci(NAME_CUES),
        rf"[«\"“][ \xa0]*{_UPPER}[^»\"”\n]{{0,80}}[»\"”][ \xa0]*,?[ \xa0]*{_ci(NAME_CHANGES)}",
        # a life span, a birth or a death after a name (cues.LIFE_AFTER, cues.DEATH_AFTER); texts
        # come digit-folded
        rf"{_UPPER}\S*{_B}(?:{_ci(RUN_PARTICLES)}{_B})*{_UPPER}\S*"
        rf"(?:[ \xa0]*\([ \xa0]*\d{{4}}[ \xa0]*[-–]|,[ \xa0]*n[ée]e?{_B}le\b"
        rf"|[ \xa0]*,?[ \xa0]*{_ci(DEATH_WORDS)})",
        # a message's author between a dash and a colon ("Formulaire - Loan Manen :")
        rf"\s[-–—][ \xa0]+{_UPPER}\S*{_B}{_UPPER}[^:\n]{{0,40}}:",
        # a signature closing the text ("… en urgence. Nyokabi Tourreil")
        rf"[.!?\n][ \t]*{_UPPER}{_LOWER}+\S*[ \xa0]{_UPPER}{_LOWER}+\S*(?:[ \xa0]{_UPPER}\S*)?[ \t.]*$",
        _ci(CLOSINGS, blank=_SPACES),
        # a chat export's sender after or before the message's stamp (cues.CHAT_SENDER)
        rf"(?:\][ \xa0]*|\d[ \xa0]+[-–][ \xa0]+)~?[ \xa0]*{_UPPER}[^:\n]{{0,40}}:"
        rf"|{_UPPER}{_LOWER}+\S*[ \xa0]*\([ \xa0]*\d[^)\n]{{0,20}}\)[ \xa0]*:",
    ]
)
LEXICON_PREFILTER = "|".join(
    [
        # two capitalised words, a particle between them (the first-name lexicon decides)
        rf"{_UPPER}{_WORD}{_B}(?:{_ci(RUN_PARTICLES)}{_B}|[dD]['’])?(?:[dDlLnNoO]['’]|M['’])?"
        rf"{_UPPER}",
        # "NOM, Prénom"
        rf"{_UPPER}{{2}},[ \xa0]*{_UPPER}{_LOWER}",
        # a first name alone closing the text (cues.END_GIVEN_NAME)
        rf"[.!?\n][ \t]*{_UPPER}{_LOWER}+\S*[ \t.]*$",
        # a lower-case name closing the text ("… mon RIB : FR76… aliou ruiz")
        rf"[^\s][ \t]*{_LOWER}+(?:-{_LOWER}+)?{_B}{_LOWER}\S*[ \t.]*$",
        # a lower-case first name after an introducing word ("signalé par piotr issert"), two
        # alternatives (one outgrows `vector.PATTERN_PART_CHARS`)
        rf"{_ci(WEAK_CUES + STRONG_CUES)}{_B}{_LOWER}+(?:-{_LOWER}+)?{_B}{_LOWER}",
        rf"(?:(?:{_ci(ROLE_CUES)}(?:{_B}{_ci(ROLE_QUALIFIERS)})?\s*:|{_ci(RELATIVES)},?){_B}"
        rf"|{_ci(ELIDED_CUES)}){_LOWER}+(?:-{_LOWER}+)?{_B}{_LOWER}",
        # … after a cue holding a date ("reçue le 03/03/2019 de piotr issert", cues.cue_before)
        rf"\ble{_B}\d{{1,2}}[^\n]{{0,16}}?{_B}(?:de{_B}|[dD]['’]){_LOWER}+(?:-{_LOWER}+)?{_B}{_LOWER}",
        # a first name after a relative and "de" ("sœur de Paulette", "la mère d'Anaïs")
        rf"{_ci(GIVEN_NAME_RELATIVES)}{_B}(?:de{_B}|[dD]['’])\pL",
        # a lower-case name heading a message between a dash and a colon ("- elsa roux :")
        rf"\s[-–—][ \xa0]+{_LOWER}+(?:-{_LOWER}+)?{_B}{_LOWER}+\S*[ \xa0]*:",
    ]
)


@cache
def _path_gates() -> dict[str, tuple[str, ...]]:
    """Per path of `find_names`, RE2 patterns one of which matches every text the path may find
    in (kept apart: joined, their automaton outgrows RE2's memory budget and slows down)."""
    return {
        path: tuple(re2_superset(*seq) for seq in alternatives)
        for path, alternatives in PATHS.items()
    }


def find_names_many(texts: list[str]) -> list[list[Span]]:
    """`find_names` of each of `texts`, each searched only by the paths RE2 says may find."""
    # Imported here: the detectors load without the columnar stack.
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(texts, pa.string())
    gates = _path_gates()
    open_paths = np.zeros((len(gates), len(texts)), dtype=bool)
    for row, patterns in enumerate(gates.values()):
        for gate in patterns:
            hits = pc.match_substring_regex(array, gate).to_numpy(zero_copy_only=False)
            open_paths[row] |= np.asarray(hits, dtype=bool)
    # Each text's open paths as one number, each distinct set of paths spelled once.
    codes = (open_paths.astype(np.int64) << np.arange(len(gates))[:, None]).sum(axis=0).tolist()
    paths = {
        code: frozenset(name for row, name in enumerate(gates) if code >> row & 1)
        for code in set(codes)
    }
    return [
        find_names(text, paths[code]) if code else []
        for text, code in zip(texts, codes, strict=True)
    ]
