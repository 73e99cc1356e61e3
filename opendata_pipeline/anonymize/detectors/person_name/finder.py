"""`find_names`: runs of capitalised tokens read with their cues, signatures, lower-case names."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import lru_cache

from ...lexicon import strip_accents
from ..base import Span
from .cues import (
    ACT_KEY,
    APPOSITION,
    CHAT_SENDER,
    CIVIL_BEFORE_DONE,
    CIVIL_LOWER,
    CLAUSE_END,
    CLOSING,
    CLOSING_GATE,
    COMMA_NAME,
    DASH,
    DASH_HEADED,
    DASH_NAME,
    DASHES,
    DEATH_AFTER,
    DONE_KEY,
    END_GIVEN_NAME,
    END_SIGNATURE,
    FAME_AFTER,
    GIVEN_ITEM,
    LIFE_AFTER,
    LOWER_AFTER,
    LOWER_AT_END,
    LOWER_BEFORE_ACT,
    LOWER_BEFORE_DONE,
    LOWER_BEFORE_ROLE,
    LOWER_GIVEN_SIGNATURE,
    LOWER_NAME,
    LOWER_PAIR,
    LOWER_SIGNATURE,
    NAME_CUE,
    NAME_LINK,
    OFFICE_AFTER,
    OFFICE_BEFORE,
    ORDINAL,
    QUOTED_CHANGE,
    RELATIVE_HEAD,
    SIGNATURE_AFTER,
    VERB_AFTER,
    cue_before,
)
from .lexicon import first_names, is_first_name
from .runs import run_names
from .tokens import FAMILY, LO, UP, flags, low
from .vocabulary import (
    ACTIVITY,
    CATEGORY_WORDS,
    CIVILITIES,
    CIVILITY_ABBREVIATIONS,
    CIVILITY_UPPER,
    CIVILITY_VERBS,
    CIVILITY_WORDS,
    CIVILITY_WORDS_UPPER,
    CLOSINGS,
    COMMON_CUE_TAILS,
    CUE_LAST_WORDS,
    CUE_TAILS,
    ELIDED_CUES,
    FAMILY_ABBREVIATIONS,
    FAMILY_WORDS,
    KINSHIP,
    LOWER_AMBIGUOUS,
    LOWER_PARTICLES,
    LOWER_STOP,
    NON_NAME,
    PARTICLES,
    PARTY_ROLES,
    PLACE_OR_ORG_CUES,
    POSSESSIVES,
    RUN_PARTICLES,
    STRONG_CUES,
    TITLES,
    lower_set,
    pattern,
)

_CLOSING_WORDS = lower_set(w for c in CLOSINGS for w in c.split()) | LOWER_STOP
_ARTICLES = frozenset(["de", "de la", "du", "des", "le", "la"])
_CIVIL_VERBS = lower_set(CIVILITY_VERBS)
_CONTEXT_CHARS = 80  # text before a run read for place/organisation cues

# Fast C-level pass: runs of two or more capitalised tokens (civilities, initials, particles and
# "et" inside). Only these runs reach the Python rules of `runs`.
CAPITALISED_WORD = (
    rf"(?:[dDlLnNoO]['’]|M['’])?[{UP}](?:[{LO}]+(?:[{UP}][{LO}]+)?|[{UP}]+)"
    rf"(?:[-'’](?:[dDlLnNoO]['’])?[{UP}](?:[{LO}]+|[{UP}]+)|['’][hH](?![\w'’-]))*"
    r"(?![-'’]?\d)"  # "Combescure-O'Connor", "LE FLOC'H", not part of "XV-763-FE"
)
_INIT = rf"[{UP}]\.(?:[ ]?-?[{UP}]\.)*"
_CIV = (
    rf"{pattern(CIVILITY_ABBREVIATIONS + CIVILITY_UPPER)}\.?(?![\w'’])"
    rf"|{pattern(CIVILITY_WORDS + CIVILITY_WORDS_UPPER)}"
    rf"|(?i:{pattern(FAMILY_WORDS)})"
    rf"|(?i:{pattern(FAMILY_ABBREVIATIONS)})\."
)
# Where a family word opens a run: whole, or abbreviated with its dot ("fam. X").
_FAMILY_AT = rf"(?i:{pattern(FAMILY_WORDS)}\b|{pattern(FAMILY_ABBREVIATIONS)}\.)"
_RUN_TOKEN = rf"(?:{_CIV}|{_INIT}|{CAPITALISED_WORD})"
_RUN_SEP = rf"[ \u00a0]+(?:{pattern(RUN_PARTICLES)}[ \u00a0]+)?"
# A run starts where a capitalised word (or a family word) starts: the lookarounds reject every
# other position at once, so one scan finds the runs.
_RUN = rf"{_RUN_TOKEN}(?:{_RUN_SEP}{_RUN_TOKEN})+"
_RUN_AT = re.compile(rf"(?<![\w.’'])(?=(?:[dDlLnNoO]['’]|M['’])?[{UP}]|{_FAMILY_AT}){_RUN}")
# A value glued to the word before it, two cells joined without a blank ("néantJean Roux"): a
# capitalised run may also start right after three lower-case letters. Only texts holding such a
# junction (`_GLUED`, screened in RE2 over many texts) are scanned so, at twice the cost.
_GLUED = re.compile(rf"[{LO}]{{3}}(?=[{UP}])")
_GLUED_RUN_AT = re.compile(
    rf"(?:(?<![\w.’'])|(?<=[{LO}]{{3}})(?=[{UP}]))"
    rf"(?=(?:[dDlLnNoO]['’]|M['’])?[{UP}]|{_FAMILY_AT}){_RUN}"
)
_COORDINATED = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*) (?:et|&) $")
_COORDINATION_ENDS = (" et ", " & ", " et \n", " & \n")  # where `_COORDINATED` may end ("$")
# A capitalised cue opening a run ("Appel de", "Rappelé", "Signalement de"), the name after it.
_LEADING_CUE = re.compile(
    rf"(?:(?i:{pattern(STRONG_CUES)})[ \u00a0]+|(?i:{pattern(ELIDED_CUES)}))(?=\S)"
)
_CUE_FIRST_WORDS = lower_set(c.split()[0] for c in STRONG_CUES)
# Where an introducing word may end, in any case ("RAPPEL DE"), or a relative ("vu avec son fils"):
# the lower-case name would start right after.
_KEYS = tuple(
    k
    for t in CUE_TAILS + COMMON_CUE_TAILS + KINSHIP + PARTY_ROLES
    for k in (t, t.capitalize(), t.upper())
)
_LOWER_CUE_KEY = re.compile(
    rf"(?<!\w){pattern(_KEYS)}(?!\w)|[:,]"
    rf"|(?<!\w)[dD]['’](?=[{LO}])|(?P<dash>(?<=\s)[-–—])(?=[ \u00a0])|{ORDINAL}"
)


def find_names(text: str, paths: Collection[str] | None = None) -> list[Span]:
    """Spans of person names in `text` (civility words themselves are left visible).
    `paths`: the `PATHS` that may find one (None: all), as `prefilter.find_names_many` says."""
    spans: list[Span] = []
    glued = _GLUED.search(text) if paths is None else "glued" in paths
    runs = (_GLUED_RUN_AT if glued else _RUN_AT).finditer(text)
    for run in runs if paths is None or "runs" in paths else ():
        start, end = run.start(), run.end()
        first = text[start : text.find(" ", start, end)].lower()
        if first in _CUE_FIRST_WORDS and (lead := _LEADING_CUE.match(text, start, end)):
            start = lead.end()  # "Appel de DUPONT Jean": the run opens with its cue
        start = _after_elision(text, start)
        cue = cue_before(text, start) if _may_be_cue(text, start) else ""
        if cue != "strong" and (
            APPOSITION.match(text, end)
            or VERB_AFTER.match(text, end)
            or LIFE_AFTER.match(text, end)
            or DEATH_AFTER.match(text, end)
        ):
            # a person's sign after the run: with a weak cue before ("avec X, née le …"), the
            # run is the name; alone, its last words are
            cue = "strong" if cue else "after"
        if not cue and text[max(0, start - 3) : start] in _DASHED and DASH_HEADED.match(text, end):
            cue = "strong"  # a message's author: "Formulaire en ligne - Loan Manen :"
        if not run_names("", text[start:end], cue):
            continue
        # Something looks like a name: read the text before the run for place/organisation cues.
        lo = max(0, start - _CONTEXT_CHARS)
        spans.extend(
            (lo + a, lo + b)
            for a, b in run_names(text[lo:start], text[start:end], cue)
            if not _goes_on(text, lo + b) and not FAME_AFTER.match(text, lo + b)
        )
    spans = _union(
        _with_later_name(text, _with_coordinated_first_name(text, span))
        for span in spans
        if not _title(text, span)
    )
    extra = [
        s for path, find in _EXTRA.items() if paths is None or path in paths for s in find(text)
    ]
    for a, b in sorted(extra, key=lambda s: s[0] - s[1]):  # the longest first
        inside = [(s, e) for s, e in spans if a < e and s < b]
        if all(a <= s and e <= b for s, e in inside):
            # a longer name holding the runs' ("VAN DER MEULEN, Zoé" over "VAN DER")
            spans = [span for span in spans if span not in inside] + [(a, b)]
    # an elected official named in their function ("X, maire de Lattes") is public
    spans = [span for span in spans if not _in_office(text, span)]
    if spans:
        spans.extend(_listed(text, spans))
        spans.extend(_comma_items(text, spans))
        spans.extend(_echoes(text, spans))
    return sorted(spans) if extra or len(spans) > 1 else spans


def _in_office(text: str, span: Span) -> bool:
    """An elected official's name with their office in apposition or just before it ("X,
    adjointe au maire", "M. le maire X"): public."""
    return bool(
        OFFICE_AFTER.match(text, span[1])
        or OFFICE_BEFORE.search(text, max(0, span[0] - _CONTEXT_CHARS), span[0])
    )


# An enumeration in one clause (after a colon, a parenthesis, a line break): items between
# commas, semicolons or "et".
_LIST_CLAUSE = re.compile(r"[^:()\n]+")
_LIST_SEP = re.compile(r"[ \u00a0]*[,;][ \u00a0]*|[ \u00a0]+et[ \u00a0]+")
_LIST_ITEM_WORDS = 4


def _listed(text: str, spans: list[Span]) -> list[Span]:
    """Names listed beside names ("Mme Roux et Samba Vernhes", "zoubida reboul, Jean Roux"):
    in an enumeration whose every item is a name found or shaped like one, the items shaped like
    one — two or three capitalised plain words, or a lower-case pair with a known first name."""
    if "," not in text and ";" not in text and " et " not in text:
        return []
    out: list[Span] = []
    for clause in _LIST_CLAUSE.finditer(text):
        lo, hi = clause.span()
        if not any(lo <= s and e <= hi for s, e in spans) or not _LIST_SEP.search(text, lo, hi):
            continue  # no name found in it (no item can vouch for the others), or one item
        items: list[Span] = []
        pos = lo
        for sep in _LIST_SEP.finditer(text, lo, hi):
            items.append((pos, sep.start()))
            pos = sep.end()
        items.append((pos, hi))
        named, new = False, []
        for a, b in items:
            item = text[a:b]
            a += len(item) - len(item.lstrip())
            b -= len(item) - len(item.rstrip(" \u00a0\t.")) if item.strip() else 0
            if any(a <= s and e <= b for s, e in spans):
                named = True
                continue
            if (found := _list_item_name(text, a, b)) is None:
                break
            new.append(found)
        else:
            if named:
                out.extend(new)
    return out


def _list_item_name(text: str, a: int, b: int) -> Span | None:
    """The name making up the list item `text[a:b]` (a civility may open it), or None."""
    words = text[a:b].split()
    if not 2 <= len(words) <= _LIST_ITEM_WORDS:
        return None
    if low(words[0]) in CIVILITIES:
        a = text.index(words[1], a + len(words[0]))
        words = words[1:]
    if (m := LOWER_NAME.fullmatch(text, a, b)) and _lower_name(m, known=True):
        return m.span("name")
    core = [w for w in words if low(w) not in PARTICLES]
    # capitalised words, a surname in capitals among them ("Zorvak TCHAKAMIAN")
    plain = [_plain_capitalised(w) for w in core]
    if (
        2 <= len(core) <= 3
        and any(plain)
        and all(p or _surname_shaped(w) for p, w in zip(plain, core, strict=True))
    ):
        return (a, b)
    return None


def _goes_on(text: str, at: int) -> bool:
    """The word ending at `at` goes on: a letter or digit ("L.R"), an apostrophe before a letter
    ("CLIC Maill'âge": a name read up to the apostrophe is part of a brand)."""
    char = text[at : at + 1]
    return char.isalnum() or (char in ("'", "’") and text[at + 1 : at + 2].isalpha())


def _echoes(text: str, spans: list[Span]) -> list[Span]:
    """A name of two words or more found in the text, written again in another case ("Azelma
    Mathieu" … "azelma mathieu", "AZELMA MATHIEU"): the same person."""
    out: list[Span] = []
    lowered = text.lower()
    for name in {text[a:b] for a, b in spans}:
        if " " not in name:
            continue
        found = _occurrences(text, lowered, name)
        if len(words := name.split()) == 2:
            # the two words the other way round ("BACQUIÉ Samba" … "samba bacquié")
            found += _occurrences(text, lowered, f"{words[1]} {words[0]}", least=1)
        for start, end in found:
            if text[start:end] != name and all(end <= a or start >= b for a, b in spans + out):
                out.append((start, end))
    return out


def _occurrences(text: str, lowered: str, name: str, least: int = 2) -> list[Span]:
    """Where `name` stands as whole words in `text`, in any case, when it does `least` times
    (2: the name found and an echo). A string search: a pattern compiled per distinct name
    (every row has its own) cost more than the whole finder."""
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): offsets move
        pattern = rf"(?<![\w-]){re.escape(name)}(?![\w'’-])"
        return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    needle = name.lower()
    if lowered.count(needle) < least:  # the name itself only
        return []
    found: list[Span] = []
    at = lowered.find(needle)
    while at >= 0:
        end = at + len(needle)
        before, after = text[at - 1 : at], text[end : end + 1]
        if not _joins(before, "-") and not _joins(after, "'’-"):
            found.append((at, end))
            at = lowered.find(needle, end)
        else:
            at = lowered.find(needle, at + 1)
    return found


def _joins(char: str, extra: str) -> bool:
    """Whether `char` (one character or none) continues a word (`\\w`, or one of `extra`)."""
    return bool(char) and (char.isalnum() or char == "_" or char in extra)


def _union(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans made one ("Jean Kaya" and "Kaya et Marc Roux", a first name read as
    the start of a couple): the masking keeps one span of a detector where two overlap."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


_OPENING_QUOTES = ("«", "“", '"')
_CLOSING_QUOTES = ("»", "”", '"')


_TITLE_ARTICLE = re.compile(r"(?:\b(?:Le|La|Les|Un|Une)[ \u00a0]+|\b[LD]['’])$")


def _title(text: str, span: Span) -> bool:
    """A name filling a quotation alone, an article before it apart, is a title ("le projet
    « Paul Valéry »", "« La Petite Fadette »"), not a person."""
    if not text[span[1] :].lstrip(" \u00a0\u202f").startswith(_CLOSING_QUOTES):
        return False
    before = _TITLE_ARTICLE.sub("", text[: span[0]]).rstrip(" \u00a0\u202f")
    return before.endswith(_OPENING_QUOTES)


def _comma_names(text: str) -> list[Span]:
    """ "NOM, Prénom": upper-case surname words shaped like a name, then a known first name, or
    one the lexicon lacks when a person's sign follows (a life span, a death, a kinship note) or
    a strong cue precedes ("ancien occupant NOM, Prénom")."""
    if ", " not in text and ",\u00a0" not in text:
        return []
    out: list[Span] = []
    for m in COMMA_NAME.finditer(text):
        last = [w for w in m.group("last").split() if low(w) not in PARTICLES]
        if not all(_surname_shaped(w) for w in last):
            continue
        first, end = m.group("first"), m.end()
        cued = _may_be_cue(text, m.start()) and cue_before(text, m.start()) == "strong"
        if is_first_name(first) or (
            _plain_capitalised(first)
            and (
                LIFE_AFTER.match(text, end)
                or DEATH_AFTER.match(text, end)
                or APPOSITION.match(text, end)
                or cued
            )
        ):
            # after a cue, a second given name closing the clause ("héritier NOM, Thi Hoa.")
            second = _SECOND_GIVEN.match(text, end) if cued else None
            out.append((m.start(), second.end() if second else end))
    return out


_SECOND_GIVEN = re.compile(rf"[ \u00a0][{UP}][{LO}]+(?=[ \u00a0]*(?:[.,;:)(\n]|$))")


# Where a list item starts and ends: the text's bounds, a semicolon, a line break.
_ITEM_START = re.compile(r"(?:^|[;\n])[ \t\u00a0]*$")
_ITEM_END = re.compile(r"[ \t\u00a0]*(?:[;\n]|$)")


def _comma_items(text: str, spans: list[Span]) -> list[Span]:
    """ "NOM, Prénom" items of a list holding a name found ("Mme Roux ; SALAGNAC, Zorvak"): a
    first name the lexicon lacks after a surname shaped like one."""
    if ";" not in text and "\n" not in text:
        return []
    out: list[Span] = []
    for m in COMMA_NAME.finditer(text):
        a, b = m.span()
        if any(a < e and s < b for s, e in spans) or not _plain_capitalised(m.group("first")):
            continue
        last = [w for w in m.group("last").split() if low(w) not in PARTICLES]
        if (
            all(_surname_shaped(w) for w in last)
            and _ITEM_START.search(text, 0, a)
            and _ITEM_END.match(text, b)
        ):
            out.append((a, b))
    return out


def _surname_shaped(word: str) -> bool:
    f = flags(word)
    return f.surname and (f.strong_upper or f.apostrophe or len(word) <= 3)


def _may_be_cue(text: str, start: int) -> bool:
    """Whether the word before `start` may end an introducing cue (fast test)."""
    tail = text[max(0, start - 14) : start].rstrip()
    if not tail:
        return False
    if tail[-1] in ":,":
        return True
    last = tail.rsplit(None, 1)[-1].lower()
    return (
        last in CUE_LAST_WORDS
        or last in _PARTY_WORDS
        or (last in _ELIDED_DE and "de" in CUE_LAST_WORDS)
    )


_PARTY_WORDS = lower_set(PARTY_ROLES)


_ELIDED_DE = ("d'", "d’")
_DASHED = (" - ", " – ", " — ")
_ELIDED_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _after_elision(text: str, start: int) -> int:
    """Where a run opening with an elided "de" ("d'Elsa Bascou") starts its name: after the
    "d'" when a cue ends with it ("courriel d'") or a first name follows it, else `start`."""
    bare = start + 2
    if text[start : start + 2].lower() not in _ELIDED_DE:
        return start
    word = _ELIDED_WORD.match(text, bare)
    if (word and is_first_name(word.group())) or (
        _may_be_cue(text, bare) and cue_before(text, bare)
    ):
        return bare
    return start


def _signatures(text: str) -> list[Span]:
    """The signature after a closing formula ("Bien à vous, Bilal") or a dash opening a line."""
    openings = []
    if CLOSING_GATE.search(text.lower()):
        openings = [(m.end(), SIGNATURE_AFTER) for m in CLOSING.finditer(text)]
    if any(dash in text for dash in DASHES):
        openings += [(m.end(), DASH_NAME) for m in DASH.finditer(text)]
    out: list[Span] = []
    for at, name in openings:
        # "cordialement Anaïs" on one line: the word after the formula must be a first name
        inline = name is SIGNATURE_AFTER and not any(c in text[at - 3 : at] for c in ",.!\n")
        if m := name.match(text, at):
            words = [low(w) for w in m.group("name").split()]
            if not any(
                w in NON_NAME or w in PLACE_OR_ORG_CUES or w in _CLOSING_WORDS for w in words
            ) and (not inline or is_first_name(m.group("name").split()[0])):
                out.append(m.span("name"))
        elif m := LOWER_SIGNATURE.match(text, at):
            # after a dash, a role in apposition vouches for an unknown first name
            signed = name is DASH_NAME and APPOSITION.match(text, m.end("name"))
            if _lower_name(m, known=not signed or inline):
                out.append(m.span("name"))
        elif (m := LOWER_GIVEN_SIGNATURE.match(text, at)) and _known_lower(m.group("name")):
            out.append(m.span("name"))  # "Cordialement,\nsoline"
    tail = max(0, len(text) - 80)
    if (m := END_SIGNATURE.search(text, tail)) and m.start("name") > 0:
        if all(_signing_word(w) for w in m.group("name").split()):
            out.append(m.span("name"))
    elif (m := LOWER_AT_END.search(text, tail)) and _lower_name(m, known=True):
        out.append(m.span("name"))
    elif (m := END_GIVEN_NAME.search(text, tail)) and is_first_name(m.group("name")):
        out.append(m.span("name"))  # "… Merci d'intervenir rapidement.\nModibo"
    return out


def _signing_word(word: str) -> bool:
    """A capitalised word that may be a name in a signature (no category, place or function)."""
    f = flags(word)
    return (f.title or f.first) and low(word) not in _CLOSING_WORDS


def _lower_case_names(text: str) -> list[Span]:
    """Lower-case "first last" after an introducing word ("témoin : demba wang") or opening a
    clause before a person's act ("Relance envoyée. salima tran a rappelé")."""
    out: list[Span] = []
    for key in _LOWER_CUE_KEY.finditer(text):
        pair = LOWER_PAIR.match(text, key.end())
        if not pair or not (m := LOWER_NAME.match(text, pair.end())) or not _may_name(m):
            continue
        if not pair.group() and not _lower_first_name(m.group("first")):
            continue  # after an elided "de", the first name first ("appel d'offres lancé")
        if key.group("dash"):
            # a message's author between a dash and a colon: a known first name needed
            if DASH_HEADED.match(text, m.end()) and _lower_name(m, known=True):
                out.append(m.span("name"))
        elif cue := cue_before(text, pair.end()):
            # a known first name after an elided "de" ("appel d'offres lancé :" is no name)
            framed = cue == "strong" and pair.group() and LOWER_AFTER.match(text, m.end())
            if _lower_name(m, known=not framed):
                end = _surname_after_given_names(text, m) or _second_surname(text, m.end())
                out.append((m.start("name"), end))
    if ACT_KEY.search(text):
        out.extend(m.span("name") for m in LOWER_BEFORE_ACT.finditer(text) if _lower_name(m))
    if DONE_KEY.search(text):  # "x y rappelé(e), ok": a participle alone needs a known first name
        out.extend(
            m.span("name") for m in LOWER_BEFORE_DONE.finditer(text) if _lower_name(m, known=True)
        )
        out.extend(
            m.span("name")
            for m in CIVIL_BEFORE_DONE.finditer(text)
            if all(_surname_lower(w) for w in (m.group("word"), m.group("second")) if w)
        )
    if ("(" in text or "," in text) and APPOSITION.search(text):
        out.extend(
            m.span("name") for m in LOWER_BEFORE_ROLE.finditer(text) if _lower_name(m, known=True)
        )
    return sorted(set(out))


# A particle other than an article may open it ("… vilanova da silva"; "… roux de la ville" no).
_SURNAME_PARTICLES = tuple(p for p in LOWER_PARTICLES if p not in _ARTICLES | {"des"})
_SECOND_SURNAME = re.compile(
    rf"[ \u00a0]+(?:{pattern(_SURNAME_PARTICLES)}[ \u00a0]+)?(?P<word>[{LO}]{{2,}}(?:-[{LO}]+)*)"
)


def _second_surname(text: str, end: int) -> int:
    """Where a lower-case name ending at `end` ends with a second surname closing the clause
    ("… au profit de bernard garcia lopez.", "gisèle de saint-exupéry vidal (", "… y da silva")."""
    m = _SECOND_SURNAME.match(text, end)
    if m and _surname_lower(m.group("word")) and CLAUSE_END.match(text, m.end()):
        return m.end()
    return end


_NEXT_WORD = re.compile(
    rf"[ \u00a0]+(?P<word>[{LO}]{{2,}}(?:-[{LO}]+)*)(?![\w'’-])(?P<next>[ \u00a0]+[{LO}]+['’]?)?"
)
_OBJECT_ARTICLES = frozenset(["le", "la", "les", "l'", "l’", "un", "une", "des", "du", "au", "aux"])


def _surname_after_given_names(text: str, m: re.Match[str]) -> int:
    """Where a lower-case name of two known first names goes on with its surname ("la voisine
    ngoc anh x garde la clé"), or 0: nothing closes the pair, the third word may be a surname, no
    article follows it (« anne marie garde la clé »: a verb and its object)."""
    first, last = m.group("first"), m.group("last")
    if m.group("lead") or not (_known_lower(first) and _known_lower(last)):
        return 0  # a surname first ("ben youssef karima"), or two given names alone
    if LOWER_AFTER.match(text, m.end()):
        return 0  # closed already: a verb, a day, punctuation ("… karima hier soir")
    nxt = _NEXT_WORD.match(text, m.end())
    if (
        not nxt
        or not _surname_lower(nxt.group("word"))
        or _lower_first_name(nxt.group("word"))
        or (nxt.group("next") or "").strip() in _OBJECT_ARTICLES
    ):
        return 0
    return nxt.end("word")


def _may_name(m: re.Match[str]) -> bool:
    """What `_lower_name` needs in any case (cheap: tried before the cue is looked for)."""
    first = m.group("first")
    return _plain_lower(m.group("last")) and (_lower_first_name(first) or _plain_lower(first))


def _lower_name(m: re.Match[str], *, known: bool = False) -> bool:
    """A plausible lower-case name; with `known`, one of its words must be a known first name:
    the first ("salima tran"), or the last after a surname ("park xiaoling", "ben amor
    sylvie"). A leading particle always reads as the start of a surname."""
    first, last = m.group("first"), m.group("last")
    if not _plain_lower(last):
        return False
    surname_first = _lower_first_name(last) and last not in LOWER_AMBIGUOUS and _plain_lower(first)
    if lead := m.group("lead"):
        # "la police municipale" after "signalé par" is no name: an article needs a first name.
        return surname_first or (not known and lead not in _ARTICLES and _plain_lower(first))
    if _lower_first_name(first):
        return first not in LOWER_AMBIGUOUS or not known
    return surname_first or (not known and _plain_lower(first))


def _known_lower(word: str) -> bool:
    """A lower-case known first name that is no common word ("soline", not "rose")."""
    return _lower_first_name(word) and word not in LOWER_AMBIGUOUS and _plain_lower(word)


@lru_cache(maxsize=1 << 16)
def _lower_first_name(word: str) -> bool:
    """A lower-case word (compounds: every part) found in the first-name lexicon."""
    names = first_names()
    return strip_accents(word) in names or all(strip_accents(p) in names for p in word.split("-"))


@lru_cache(maxsize=1 << 12)
def _plain_lower(word: str) -> bool:
    """A lower-case word that is no function, institution, place, activity or kinship word
    (an elided "d'" apart: "d'aigrefeuille")."""
    if word[:2] in ("d'", "d’"):
        word = word[2:]
    return all(
        w not in LOWER_STOP
        and w not in NON_NAME
        and w not in PLACE_OR_ORG_CUES
        and w not in ACTIVITY
        and w not in CATEGORY_WORDS
        and w not in CUE_LAST_WORDS
        and w not in TITLES
        and w not in CIVILITIES
        and w not in FAMILY
        for w in (word, strip_accents(word))
    )


def _with_later_name(text: str, span: Span) -> Span:
    """Include a maiden or married name after the name ("Jacquet née Coulibaly")."""
    if (m := NAME_LINK.match(text, span[1])) and all(
        low(w) not in NON_NAME or low(w) in PARTICLES for w in m.group("name").split()
    ):
        return (span[0], m.end("name"))
    return span


def _given_names(text: str) -> list[Span]:
    """First names alone after a relative ("son fils Mamadou", "ses enfants Ouarda et Eudes",
    "2 enfants : Noah (né le …), Ludmila – 12/12/2023"): known first names, unknown capitalised
    ones when a birth date follows them or the list holds a known one; lower case, known ones."""
    if not RELATIVE_HEAD.search(text):
        return []
    out: list[Span] = []
    for head in RELATIVE_HEAD.finditer(text):
        items: list[tuple[Span, bool]] = []  # span, known (or dated)
        pos = head.end()
        if head.group("of") and not _relative_of(text, head.start(), pos):
            continue
        # "son fils Dariusz." : one's own relative named alone, the clause closing after it
        own = bool(_POSSESSIVE_BEFORE.search(text, max(0, head.start() - 8), head.start()))
        while m := GIVEN_ITEM.match(text, pos):
            word = m.group("name")
            if word[0].isupper():
                alone = own and bool(m.group("sep") or CLAUSE_END.match(text, m.end("name")))
                known = is_first_name(word) or bool(m.group("born")) or alone
                if not known and not _plain_capitalised(word):
                    break
            elif _lower_first_name(word) and word not in LOWER_AMBIGUOUS and _plain_lower(word):
                known = True
            else:
                break
            items.append((m.span("name"), known))
            if not m.group("sep"):
                break
            pos = m.end()
        if any(known for _, known in items):
            out.extend(span for span, _ in items)
    return out


_POSSESSIVE_BEFORE = re.compile(rf"(?<![\w'’-])(?i:{pattern(POSSESSIVES)})[ \u00a0]+$")


def _relative_of(text: str, start: int, at: int) -> bool:
    """ "Sœur de Paulette", "la grand-mère d'Amandine": a known first name alone after the "de"
    (a full name is read by the runs), and no organisation word before the relative ("les Amis
    de …" name an association)."""
    word = _ELIDED_WORD.match(text, at)
    if not word or not (is_first_name(word.group()) or _known_lower(word.group())):
        return False
    if re.match(rf"[ \u00a0]+[{UP}]", text[word.end() :]):
        return False
    before = [_bare_low(w) for w in text[max(0, start - 40) : start].split()[-3:]]
    return not any(w in PLACE_OR_ORG_CUES or w in ACTIVITY for w in before)


def _bare_low(word: str) -> str:
    return re.sub(r"^[dl]['’]", "", word.lower().strip('.,;:()«»"')).replace("’", "'")


def _plain_capitalised(word: str) -> bool:
    """A capitalised word that may be a first name the lexicon lacks ("Garabed")."""
    f = flags(word)
    return f.title and low(word) not in _CLOSING_WORDS and _plain_lower(low(word))


def _with_coordinated_first_name(text: str, span: Span) -> Span:
    """Include "Mohamed et " in "Mohamed et Fatima Benali" (one family name for both)."""
    if not text.endswith(_COORDINATION_ENDS, 0, span[0]):
        return span
    match = _COORDINATED.search(text, max(0, span[0] - 40), span[0])
    if match and is_first_name(match.group(1)):
        return (match.start(1), span[1])
    return span


def _civil_lower(text: str) -> list[Span]:
    """A surname in lower case after a civility ("Mme kerboul", "M. de la tour"): one plain
    word (no function word, title or verb: "Madame souhaite", "M. le maire" are no names), two
    when they close the clause ("Madame said ali")."""
    out: list[Span] = []
    at = 0
    while m := CIVIL_LOWER.search(text, at):
        # searched again from the word after a civility: « monsieur et madame x » is no
        # « monsieur et », its second civility still introduces x
        at = m.start("name")
        word, second = m.group("word"), m.group("second")
        if not _surname_lower(word) or (m.group("particle") and low(word) in _ARTICLES):
            continue
        end = m.end("word")
        if second and _surname_lower(second) and CLAUSE_END.match(text, m.end("second")):
            end = m.end("second")
        out.append((m.start("name"), end))
        at = end
    return out


def _surname_lower(word: str) -> bool:
    """A lower-case word that may be a surname: no function, title, closing or act word."""
    bare = low(word)
    return (
        _plain_lower(bare)
        and bare not in _CLOSING_WORDS
        and bare not in _CIVIL_VERBS
        and not bare.startswith("l'")
    )


def _named(text: str) -> list[Span]:
    """A person's own name announced as such ("portera le nom de MENSAH") or quoted either side
    of a change or a correction ("lire « Koné » au lieu de « Kony »", "« Paul » devient
    « Léo »"): capitalised words that name no place, organisation or category."""
    out: list[Span] = []
    for m in NAME_CUE.finditer(text):
        # the thing named, just before ("la salle portera le nom de …"), is no place
        subject = re.split(r"[.;!?\n]", text[max(0, m.start() - 60) : m.start()])[-1]
        if _name_words(m.group("name")) and not any(
            _bare_low(w) in PLACE_OR_ORG_CUES for w in subject.split()[-4:]
        ):
            out.append(m.span("name"))
    for m in QUOTED_CHANGE.finditer(text):
        if _name_words(m.group("old")) and _name_words(m.group("new")):
            out += [m.span("old"), m.span("new")]
    return out


# A form's fields pasted in one cell, one per line (« Nom : PEREIRA », « Prénom : enzo »).
FORM_FIELD = re.compile(
    r"(?im)^[ \t\u00a0]*(?:nom(?:[ \u00a0]+(?:de[ \u00a0]+naissance|de[ \u00a0]+famille|d['’]usage"
    r"|et[ \u00a0]+pr[ée]noms?))?|pr[ée]noms?)[ \t\u00a0]*:[ \t\u00a0]*"
    rf"(?P<name>[{UP}{LO}][{UP}{LO}'’-]*(?:[ \u00a0]+[{UP}{LO}][{UP}{LO}'’-]*){{0,3}})"
    r"[ \t\u00a0]*$"
)


def _form_fields(text: str) -> list[Span]:
    """The values of a form's name fields, any case, unless they name a place or an
    organisation (« Nom : Association X »)."""
    return [
        m.span("name")
        for m in FORM_FIELD.finditer(text)
        if not any(_bare_low(w) in PLACE_OR_ORG_CUES for w in m.group("name").split())
    ]


def _name_words(name: str) -> bool:
    """Capitalised words (particles inside) that may all be a name."""
    return all(
        low(w) in PARTICLES or (flags(w).surname and _plain_lower(low(w))) for w in name.split()
    )


def _chat_senders(text: str) -> list[Span]:
    """The senders of a chat export's lines (« [09/11 12:02] X : »): words that may all be a
    name, or a word and an initial (« Mai P. »); a name before its stamp (« X (03/02 18:45) : »)
    opens with a known first name."""
    out: list[Span] = []
    for m in CHAT_SENDER.finditer(text):
        group = "after" if m.group("after") else "before"
        words = m.group(group).split()
        named = flags(words[-1]).initial or all(is_first_name(w) or _name_words(w) for w in words)
        if named and (group == "after" or is_first_name(words[0])):
            out.append(m.span(group))
    return out


_EXTRA = {
    "signatures": _signatures,
    "comma": _comma_names,
    "lower": _lower_case_names,
    "given": _given_names,
    "civil": _civil_lower,
    "named": _named,
    "form": _form_fields,
    "chat": _chat_senders,
}
# Per path of `find_names`, the regexes (a sequence: matched one right after the other) one of
# which matches every text the path finds a name in. Keep them with the path's code:
# `prefilter.find_names_many` skips, over many texts at once, the paths none of them matches.
PATHS: dict[str, tuple[tuple[re.Pattern[str], ...], ...]] = {
    "runs": ((_RUN_AT,),),
    "glued": ((_GLUED,),),  # not a path of its own: the runs' scan (see `_GLUED_RUN_AT`)
    "signatures": ((CLOSING,), (DASH,), (END_SIGNATURE,), (LOWER_AT_END,), (END_GIVEN_NAME,)),
    "comma": ((COMMA_NAME,),),
    "lower": (
        (_LOWER_CUE_KEY, LOWER_PAIR, LOWER_NAME),
        (LOWER_BEFORE_ACT,),
        (LOWER_BEFORE_DONE,),
        (CIVIL_BEFORE_DONE,),
        (LOWER_BEFORE_ROLE,),
    ),
    "given": ((RELATIVE_HEAD,),),
    "civil": ((CIVIL_LOWER,),),
    "named": ((NAME_CUE,), (QUOTED_CHANGE,)),
    "form": ((FORM_FIELD,),),
    "chat": ((CHAT_SENDER,),),
}
