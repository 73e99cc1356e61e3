"""Guess a text file's encoding, line ends and CSV dialect from a bounded sample of its bytes.

Only the first SAMPLE_BYTES and the last TAIL_BYTES are read, whatever the file's size.
Encodings: a BOM, UTF-8, UTF-16 by its NUL pattern, then the French-first 8-bit candidates
scored on their accented letters; when that score is unsure, charset-normalizer decides. The
decision, its method and a confidence are reported.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SAMPLE_BYTES = 1 << 20
TAIL_BYTES = 1 << 16
DELIMITERS = (";", ",", "\t", "|")
TITLE_LINES = 5  # title lines looked for above the header
EIGHT_BIT = ("cp1252", "iso-8859-15", "latin-1", "cp850", "mac_roman")
SURE = 0.8  # below this share of plausible accented characters, charset-normalizer decides
_HIGH = re.compile(rb"[\x80-\xff]")
_SCORED_CHARACTERS = 5000
# Rough frequency of accented letters in French text: a decoding that yields mostly é, è, à
# is more plausible than one yielding â or Ä at the same places.
_FRENCH = {
    **dict.fromkeys("é", 6), **dict.fromkeys("èà", 4), **dict.fromkeys("çêÉ", 3),
    **dict.fromkeys("ùâôîœÈÀÇ", 2), **dict.fromkeys("ûëïüÊÔÎÂŒ", 1),
    **dict.fromkeys("ÛËÏÜæÆÿ", 0.5),
}  # fmt: skip
_SYMBOLS = set("€°«»’‘“”–—…·²³§µ£\u00a0\u202f")
# Prose: "* TITRE : …", "Description : …", rules of dashes, Markdown titles.
_KEY_VALUE = re.compile(r"^\W{0,3}[\w][\w '’./()-]{0,40}\s?:\s*\S")
_RULE = re.compile(r"^\s*([-=*_#~])\1{4,}\s*$|^#{1,6} ")
_MARKDOWN = re.compile(r"^#{1,6} \S|^\s*\|?\s*:?-{3,}:?\s*\|")  # a title, a table rule


@dataclass(frozen=True)
class EncodingGuess:
    """An encoding decision: the codec, how it was decided and how sure it is (0–1)."""

    encoding: str
    method: str  # bom, ascii, utf-8, nul-pattern, french, charset-normalizer, declared
    confidence: float


@dataclass(frozen=True)
class Dialect:
    """What was detected: encoding, delimiter, quote and the number of leading rows to skip."""

    encoding: str
    delimiter: str
    quote: str
    skip_rows: int
    header: list[str]
    guess: EncodingGuess | None = None
    line_end: str = "LF"  # LF, CRLF, CR, mixed, none
    nul_bytes: bool = False
    prose: bool = False  # no table: lines of text (a README, a metadata sheet)
    preamble: tuple[int, ...] = ()  # 1-based numbers of the text lines skipped above the header

    @property
    def needs_rewrite(self) -> bool:
        """Whether DuckDB needs a rewritten copy: 8-bit/UTF-16, CR or mixed line ends, NULs."""
        utf8 = self.encoding in ("utf-8", "utf-8-sig", "ascii")
        return not utf8 or self.line_end in ("CR", "mixed") or self.nul_bytes


def _char_score(ch: str, previous: str, following: str) -> float:
    """Plausibility of one non-ASCII character of a decoding, in its context."""
    if ch.isalpha() and not previous.isascii() and not following.isascii():
        return -3  # runs of accented letters: another alphabet read with a Latin code page
    weight = _FRENCH.get(ch)
    if weight is None and ch.isalpha() and "\u00c0" <= ch <= "\u00ff":
        weight = 1 if ch.islower() else 0.5  # other Western European letters: names, loanwords
    if weight is not None:
        if ch.islower() and previous.isdigit():
            return -2  # accented letters rarely follow digits
        if ch.isupper() and previous.islower():
            return -3  # "CapacitÉ": an upper-case letter inside a lower-case word
        if ch.isupper() and following.islower() and previous.isupper():
            return -1
        return weight
    if ch in _SYMBOLS:
        return 1
    if ch == "¤":
        return 0
    if ch.isalpha():
        return -3  # a letter of another alphabet (ƒ, Ž, č where é was meant)
    return -5 if unicodedata.category(ch).startswith("C") else -3


def _french_score(sample: bytes, text: str) -> tuple[float, float]:
    """(score, share of plausible characters) of the non-ASCII characters of an 8-bit decoding
    (one character per byte: the byte positions are the character positions)."""
    score, good, seen = 0.0, 0, 0
    for match in _HIGH.finditer(sample):
        i = match.start()
        value = _char_score(text[i], text[i - 1] if i else " ", text[i + 1 : i + 2] or " ")
        score += value
        good += value > 0
        seen += 1
        if seen >= _SCORED_CHARACTERS:
            break
    return score, (good / seen if seen else 1.0)


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without BOM: NULs at every other byte (odd positions: little-endian)."""
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def detect_encoding(sample: bytes) -> EncodingGuess:
    """The most plausible encoding of `sample` (the first bytes of a file), French first."""
    if sample.startswith(codecs.BOM_UTF8):
        return EncodingGuess("utf-8-sig", "bom", 1.0)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return EncodingGuess("utf-16", "bom", 1.0)
    if utf16 := _utf16_without_bom(sample[:4096]):
        return EncodingGuess(utf16, "nul-pattern", 0.95)
    if sample.isascii():
        return EncodingGuess("utf-8", "ascii", 1.0)
    try:
        sample.decode("utf-8")
        return EncodingGuess("utf-8", "utf-8", 1.0)
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut by the sample boundary
            return EncodingGuess("utf-8", "utf-8", 1.0)
    best: tuple[float, float, str] | None = None
    for encoding in EIGHT_BIT:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        score, share = _french_score(sample, text)
        if best is None or score > best[0]:
            best = (score, share, encoding)
    score, share, encoding = best or (0.0, 0.0, "cp1252")
    if share >= SURE and score > 0:
        return EncodingGuess(encoding, "french", round(share, 2))
    return _charset_normalizer(sample) or EncodingGuess(encoding, "french", round(share, 2))


def _charset_normalizer(sample: bytes) -> EncodingGuess | None:
    """charset-normalizer's decision on the sample (its confidence: 1 - chaos)."""
    from charset_normalizer import from_bytes

    match = from_bytes(sample[: 1 << 18]).best()
    if match is None:
        return None
    try:
        name = codecs.lookup(match.encoding).name
    except LookupError:
        return None
    return EncodingGuess(name, "charset-normalizer", round(max(0.0, 1.0 - match.chaos), 2))


def line_ends(*texts: str) -> str:
    """`LF`, `CRLF`, `CR`, `mixed` or `none` (no line end at all) over pieces of one file (a
    CR/LF pair cut at a piece's boundary is not counted)."""
    crlf = cr = lf = 0
    for text in texts:
        text = text.removesuffix("\r").removeprefix("\n")
        pairs = text.count("\r\n")
        crlf, cr, lf = crlf + pairs, cr + text.count("\r") - pairs, lf + text.count("\n") - pairs
    found = [name for name, count in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if count]
    if not found:
        return "none"
    return found[0] if len(found) == 1 else "mixed"


def _unquoted(text: str, quote: str) -> str:
    """`text` without its quoted sections."""
    return re.sub(f"{re.escape(quote)}[^{re.escape(quote)}]*{re.escape(quote)}", "", text)


def _records(text: str, delimiter: str, quote: str, limit: int = 60) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote)
    out: list[list[str]] = []
    try:
        for row in reader:
            out.append(row)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def _widths(text: str, delimiter: str, quote: str) -> tuple[float, int]:
    """The most common number of fields of the non-blank records of `text` (0 when none), and
    the share of records holding that many."""
    counts = [len(r) for r in _records(text, delimiter, quote) if any(c.strip() for c in r)]
    if not counts:
        return 0.0, 0
    mode = max(set(counts), key=lambda width: (counts.count(width), width))
    return counts.count(mode) / len(counts), mode


def sniff_delimiter(text: str, quote: str = '"') -> str:
    """The delimiter giving the most consistent, widest rows (ties: `;` then `,`)."""
    return _best_delimiter(text, quote)[0]


def _best_delimiter(text: str, quote: str) -> tuple[str, tuple[float, int]]:
    best, best_key = ",", (0.0, 0)
    lines = text.splitlines(keepends=True)
    # drop a possibly truncated last line of the sample
    body = "".join(lines[:-1]) if len(lines) > 1 else text
    for delimiter in DELIMITERS:
        key = _widths(body, delimiter, quote)
        if key[1] >= 2 and key > best_key:
            best, best_key = delimiter, key
    return best, best_key


def _title_lines(lines: list[str], delimiter: str, quote: str) -> int:
    """Leading lines (at most TITLE_LINES) holding far fewer fields than the rows below, or
    blank: titles, export dates and source notes before the header."""
    width = _widths("".join(lines), delimiter, quote)[1]
    if width < 2:
        return 0
    for count, line in enumerate(lines[:TITLE_LINES]):
        fields = _records(line, delimiter, quote, limit=1)
        if fields and len(fields[0]) > max(1, width // 3) and any(c.strip() for c in fields[0]):
            return count
    return 0


def _fit_header(header: list[str], rows: list[list[str]]) -> list[str]:
    """The header cut or padded to the width of the rows below when only empty cells differ:
    a header ending with a delimiter over rows that do not, or rows that all do."""
    widths = [len(r) for r in rows if any(c.strip() for c in r)]
    if not widths:
        return header
    width = max(set(widths), key=widths.count)
    if width < len(header) and not any(c.strip() for c in header[width:]):
        return header[:width]
    padded = [r for r in rows if len(r) == width]
    if width > len(header) and all(not any(c.strip() for c in r[len(header) :]) for r in padded):
        return header + [""] * (width - len(header))
    return header


def is_markdown(lines: list[str]) -> bool:
    """A Markdown document: titles (`# …`) and a table rule (`|---|---|`), or several titles."""
    marks = [line for line in lines[:400] if _MARKDOWN.match(line)]
    titles = sum(line.startswith("#") for line in marks)
    return titles >= 2 or (titles >= 1 and len(marks) > titles)


def is_prose(lines: list[str]) -> bool:
    """Whether lines without a table structure are a text document rather than a one-column
    table: paragraphs (blank lines between), sentences, "KEY : value" lines, rules of dashes."""
    window = lines[:400]
    filled = [line.strip() for line in window if line.strip()]
    if len(filled) < 2:
        return False
    blank = 1 - len(filled) / len(window)
    words = sum(len(line.split()) for line in filled) / len(filled)
    marked = sum(bool(_KEY_VALUE.match(line) or _RULE.match(line)) for line in filled)
    sentences = sum(line.endswith((".", "!", "?", ":", ";")) for line in filled)
    return (
        blank >= 0.2
        or marked / len(filled) >= 0.3
        or (words >= 6 and sentences / len(filled) >= 0.3)
    )


def read_sample(path: Path) -> tuple[bytes, bytes]:
    """The first SAMPLE_BYTES of `path` and, when the file is longer, its last TAIL_BYTES."""
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
        size = fh.seek(0, io.SEEK_END)
        if size <= len(head):
            return head, b""
        fh.seek(max(len(head), size - TAIL_BYTES))
        return head, fh.read()


def sniff(path: Path, *, encoding: str = "auto", delimiter: str = "auto", quote: str = '"',
          skip_rows: int | None = None) -> Dialect:  # fmt: skip
    """Detect what is `auto`; leading blank lines and title lines (a single field above a
    table of several: "Export du 12/03/2024") are skipped; the header is the next row."""
    sample, tail = read_sample(path)
    guess = None
    if encoding == "auto":
        # an ASCII head says nothing: the accents may only come at the end of a long file
        cut = next((i for i, byte in enumerate(tail[:3]) if not 0x80 <= byte < 0xC0), 3)
        ascii_head = sample.isascii() and not tail.isascii()
        guess = detect_encoding(tail[cut:] if ascii_head else sample)  # tail: whole characters
    enc = guess.encoding if guess else encoding
    text = sample.decode(enc, errors="replace").lstrip("\ufeff")
    if not enc.startswith("utf-16"):  # the tail of UTF-16 may start inside a character
        text_tail = tail.decode(enc.removesuffix("-sig"), errors="replace")
    else:
        text_tail = ""
    # line breaks inside quoted cells (Excel's LF in a CRLF file) are data, not line ends
    end = line_ends(*(_unquoted(t, quote) for t in (text, text_tail)))
    if end in ("CR", "mixed"):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = "\x00" in text or "\x00" in text_tail
    text = text.replace("\x00", "")
    lines = text.splitlines(keepends=True)
    detect = skip_rows is None
    if skip_rows is None:
        skip_rows = 0
        while skip_rows < len(lines) - 1 and not lines[skip_rows].strip(" \t\r\n,;|"):
            skip_rows += 1
    rest = "".join(lines[skip_rows:])
    if delimiter == "auto":
        delim, (share, width) = _best_delimiter(rest, quote)
    else:
        delim, share, width = delimiter, 1.0, 2
    prose = detect and (is_markdown(lines) or ((width < 2 or share < 0.6) and is_prose(lines)))
    preamble: tuple[int, ...] = ()
    if detect and not prose:
        titles = _title_lines(lines[skip_rows:], delim, quote)
        preamble = tuple(skip_rows + i + 1 for i in range(titles) if lines[skip_rows + i].strip())
        skip_rows += titles
        rest = "".join(lines[skip_rows:])
    rows = _records(rest, delim, quote)
    header = _fit_header(rows[0], rows[1:]) if rows and any(c.strip() for c in rows[0]) else []
    return Dialect(encoding=enc, delimiter=delim, quote=quote, skip_rows=skip_rows,
                   header=header, guess=guess, line_end=end, nul_bytes=nul,
                   prose=prose, preamble=preamble)  # fmt: skip
