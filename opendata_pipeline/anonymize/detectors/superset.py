"""RE2 patterns that match (`search`) every text a Python regex matches, and maybe more.

A Python rule's regex cannot run in RE2 as is (lookarounds, Unicode classes), but a superset
can: a column of texts is then screened at once (Arrow `match_substring_regex`, no GIL) and
only the texts it selects need the Python regex. Lookarounds and word boundaries are dropped
(a lookbehind opening the pattern, a lookahead closing it, are matched instead), Unicode
classes are widened to RE2 classes holding them, case-insensitive letters to every character
Python's case folding pairs with them. An unknown construct raises: never a narrower pattern.
"""

from __future__ import annotations

# Python's own regex parser and case tables: the translation reads a pattern as `re` does.
import _sre  # type: ignore[import-not-found]
import re
import re._constants as c  # type: ignore[import-not-found]
import re._parser as sre  # type: ignore[import-not-found]
from functools import cache
from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]

_ANY = r"(?s:.)"
_WORD = r"\p{L}\p{N}_"  # holds Python's \w (letters, numbers, "_"); tested on every code point
_WORD_BELOW = 0x3000  # Python's \w among these code points, listed: held by \w whatever the
# Unicode version RE2 knows (its \p{L} may name letters Python's does not)
_DIGIT = r"\p{Nd}"
_CASED_BELOW = 0x20000  # no code point above has a case (tested)
_SPACES_BELOW = 0x3001  # nor is any a space
_SPACE_CHARS = "".join(ch for ch in map(chr, range(_SPACES_BELOW)) if ch.isspace())
_BIG_RANGE = 4096  # wider case-insensitive ranges become any character
_BRIDGED_GAP = 2  # in a class, members above U+00FF this close are joined into one range: cased
# letters alternate there (Ā ā Ă ă …), and each range costs RE2 compilation at every Arrow call


@cache
def _word_subset() -> str:
    r"""Class body of the code points below _WORD_BELOW that Python's \w matches, as ranges."""
    word = re.compile(r"\w")
    points = [p for p in range(_WORD_BELOW) if word.match(chr(p))]
    starts = [p for i, p in enumerate(points) if i == 0 or points[i - 1] != p - 1]
    ends = [p for i, p in enumerate(points) if i == len(points) - 1 or points[i + 1] != p + 1]
    return "".join(f"{_esc(a)}-{_esc(b)}" for a, b in zip(starts, ends, strict=True))


def _esc(point: int) -> str:
    ch = chr(point)
    return ch if ch.isascii() and ch.isalnum() else f"\\x{{{point:X}}}"


def _body(points: set[int]) -> str:
    return "".join(_esc(p) for p in sorted(points))


def _cover(points: set[int]) -> str:
    """Class body holding `points` and, above U+00FF, the few code points between close ones
    (a wider class, as a superset may be: see _BRIDGED_GAP)."""
    ranges: list[list[int]] = []
    for point in sorted(points):
        if ranges and point - ranges[-1][1] <= (_BRIDGED_GAP + 1 if point > 0xFF else 1):
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "".join(_esc(a) if a == b else f"{_esc(a)}-{_esc(b)}" for a, b in ranges)


@cache
def _lower_to_points() -> dict[int, set[int]]:
    """Code points by the lower case Python's case-insensitive match compares, where it differs
    from the code point."""
    out: dict[int, set[int]] = {}
    for point in range(_CASED_BELOW):
        if (low := _sre.unicode_tolower(point)) != point:
            out.setdefault(low, set()).add(point)
    return out


def _folded(point: int) -> set[int]:
    """Every character a case-insensitive Python regex matches for the literal `point`."""
    low = _sre.unicode_tolower(point)
    lows = {low, *_EXTRA_CASES.get(low, ())}
    table = _lower_to_points()
    return {p for lo in lows for p in table.get(lo, set()) | {lo}}


def _dropped(op: object, av: object, *, ahead: bool) -> bool:
    """Whether the item translates to nothing wherever it stands: a negative assertion, a
    word boundary, a lookahead (`ahead`: one not closing the pattern)."""
    if op is c.ASSERT_NOT or (op is c.AT and av in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY)):
        return True
    return ahead and op is c.ASSERT and isinstance(av, tuple) and av[0] > 0


class _Translator:
    def __init__(self, flags: int) -> None:
        self.flags = flags

    def seq(self, items: list[tuple[object, object]], flags: int, lead: bool, tail: bool) -> str:
        first, last = 0, len(items) - 1
        while lead and first < last and _dropped(*items[first], ahead=True):
            first += 1  # what opens the pattern after the assertions dropped
        while tail and last > first and _dropped(*items[last], ahead=False):
            last -= 1
        out = []
        for i, (op, av) in enumerate(items):
            out.append(self.item(op, av, flags, lead and i == first, tail and i == last))
        return "".join(out)

    def item(self, op: object, av: object, flags: int, lead: bool, tail: bool) -> str:
        ignore = bool(flags & c.SRE_FLAG_IGNORECASE)
        if op is c.LITERAL:
            assert isinstance(av, int)
            return f"[{_cover(_folded(av))}]" if ignore else _esc(av)
        if op is c.NOT_LITERAL:
            assert isinstance(av, int)
            return f"[^{_body(_folded(av) if ignore else {av})}]"
        if op is c.ANY:
            return _ANY if flags & c.SRE_FLAG_DOTALL else "."
        if op is c.IN:
            assert isinstance(av, list)
            return self.klass(av, ignore)
        if op is c.BRANCH:
            assert isinstance(av, tuple)
            alts = [self.seq(list(b), flags, lead, tail) for b in av[1]]
            return "(?:" + "|".join(alts) + ")"
        if op in (c.SUBPATTERN, c.ATOMIC_GROUP):
            if op is c.ATOMIC_GROUP:
                sub, add = av, 0
            else:
                assert isinstance(av, tuple)
                _, add, remove, sub = av
                flags = (flags | add) & ~remove
            return "(?:" + self.seq(list(sub), flags, lead, tail) + ")"  # type: ignore[call-overload]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            assert isinstance(av, tuple)
            low, high, sub = av
            inner = self.seq(list(sub), flags, False, False)
            if lead or tail:  # an unanchored search needs only its least count there
                if low == 0:
                    return ""
                count = "" if low == 1 else "+" if low > 1000 else f"{{{low}}}"
            elif high == c.MAXREPEAT or high > 1000:
                count = "*" if low == 0 else "+" if low == 1 or low > 1000 else f"{{{low},}}"
            else:
                count = f"{{{low},{high}}}"
            return f"(?:{inner}){count}"
        if op is c.AT:
            return self.at(av, flags, tail)
        if op is c.ASSERT:
            assert isinstance(av, tuple)
            direction, sub = av
            if (direction < 0 and lead) or (direction > 0 and tail):
                return "(?:" + self.seq(list(sub), flags, lead, tail) + ")"
            return ""
        if op is c.ASSERT_NOT:
            return ""
        raise NotImplementedError(f"no RE2 superset for {op}")

    def at(self, code: object, flags: int, tail: bool) -> str:
        multiline = bool(flags & c.SRE_FLAG_MULTILINE)
        if code in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY):
            return ""
        if code is c.AT_BEGINNING_STRING or (code is c.AT_BEGINNING and not multiline):
            return "^"
        if code is c.AT_BEGINNING:
            return "(?m:^)"
        if code is c.AT_END_STRING:
            return r"\z"
        if code is c.AT_END:
            if multiline:
                return "(?m:$)"
            return r"\n?\z" if tail else ""  # "$" also matches before a final newline
        raise NotImplementedError(f"no RE2 superset for {code}")

    def klass(self, items: list[tuple[object, object]], ignore: bool) -> str:
        negated = bool(items) and items[0][0] is c.NEGATE
        members = items[1:] if negated else items
        if negated:
            return self.negated(members, ignore)
        if len(members) == 1 and members[0][0] is c.CATEGORY and members[0][1] in _ALONE:
            return _ALONE[members[0][1]]  # "\W", "\D", "\S"
        parts: list[str] = []
        points: set[int] = set()
        for op, av in members:
            if op is c.LITERAL:
                assert isinstance(av, int)
                points |= _folded(av) if ignore else {av}
            elif op is c.RANGE:
                assert isinstance(av, tuple)
                lo, hi = av
                if not ignore:
                    parts.append(f"{_esc(lo)}-{_esc(hi)}")
                elif hi - lo > _BIG_RANGE:
                    return _ANY
                else:
                    points |= {f for p in range(lo, hi + 1) for f in _folded(p)}
            elif op is c.CATEGORY:
                parts.append(self.category(av))
            else:
                raise NotImplementedError(f"no RE2 superset for {op} in a class")
        return "[" + "".join(parts) + _cover(points) + "]"

    def negated(self, members: list[tuple[object, object]], ignore: bool) -> str:
        """`[^…]`: the complement of characters it surely excludes (a negated category in it
        leaves at most that category's complement)."""
        for op, av in members:
            if op is c.CATEGORY and av in _NEGATED_CATEGORY:
                return "[" + self.category(_NEGATED_CATEGORY[av]) + "]"
        if ignore:
            return _ANY
        parts = []
        for op, av in members:
            if op is c.LITERAL:
                assert isinstance(av, int)
                parts.append(_esc(av))
            elif op is c.RANGE:
                assert isinstance(av, tuple)
                parts.append(f"{_esc(av[0])}-{_esc(av[1])}")
            elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
                parts.append("0-9")
            elif op is c.CATEGORY and av is c.CATEGORY_WORD:
                parts.append(_word_subset())
            elif op is c.CATEGORY and av is c.CATEGORY_SPACE:
                parts.append(_body({ord(ch) for ch in _SPACE_CHARS}))
            else:
                raise NotImplementedError(f"no RE2 superset for {op} {av} in a negated class")
        return "[^" + "".join(parts) + "]"

    @staticmethod
    def category(code: object) -> str:
        if code is c.CATEGORY_WORD:
            return _WORD
        if code is c.CATEGORY_DIGIT:
            return _DIGIT
        if code is c.CATEGORY_SPACE:
            return _body({ord(ch) for ch in _SPACE_CHARS})
        if code in (c.CATEGORY_NOT_SPACE, c.CATEGORY_NOT_DIGIT, c.CATEGORY_NOT_WORD):
            return _ANY_BODY  # beside other members (alone: `_ALONE`)
        raise NotImplementedError(f"no RE2 superset for {code}")


_ANY_BODY = r"\x{0}-\x{10FFFF}"
_ALONE = {
    c.CATEGORY_NOT_WORD: "[^" + _word_subset() + "]",
    c.CATEGORY_NOT_DIGIT: "[^0-9]",
    c.CATEGORY_NOT_SPACE: "[^" + _body({ord(ch) for ch in _SPACE_CHARS}) + "]",
}
_NEGATED_CATEGORY = {
    c.CATEGORY_NOT_WORD: c.CATEGORY_WORD,
    c.CATEGORY_NOT_DIGIT: c.CATEGORY_DIGIT,
    c.CATEGORY_NOT_SPACE: c.CATEGORY_SPACE,
}


def re2_superset(*patterns: re.Pattern[str]) -> str:
    """An RE2 pattern matching wherever `patterns` match one right after the other (one
    pattern: wherever it matches)."""
    out = []
    for i, pattern in enumerate(patterns):
        parsed = sre.parse(pattern.pattern, pattern.flags)
        flags = parsed.state.flags
        translator = _Translator(flags)
        out.append(translator.seq(list(parsed), flags, lead=i == 0, tail=i == len(patterns) - 1))
    return "".join(f"(?:{p})" for p in out)
