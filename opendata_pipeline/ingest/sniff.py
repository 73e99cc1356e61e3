"""Guess a text file's encoding and CSV dialect from its first bytes."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

SAMPLE_BYTES = 1 << 20
DELIMITERS = (";", ",", "\t", "|")
TITLE_LINES = 5  # title lines looked for above the header
EIGHT_BIT = ("cp1252", "iso-8859-15", "latin-1", "cp850", "mac_roman")
_FRENCH_LOWER = set("éèàçùêâîôûëïüœæ")
_ALLOWED = set("€°«»’‘“”–—…·²³§µ¤£")


@dataclass(frozen=True)
class Dialect:
    """What was detected: encoding, delimiter, quote and the number of leading rows to skip."""

    encoding: str
    delimiter: str
    quote: str
    skip_rows: int
    header: list[str]


def _score(text: str) -> int:
    """Plausibility of a decoding: lower-case accented letters, upper case only after no letter."""
    score, previous = 0, " "
    for ch in text:
        if ch.isascii():
            if not ch.isprintable() and ch not in "\r\n\t":
                score -= 5
        elif ch in _FRENCH_LOWER:
            score += 3
        elif ch.isalpha():
            if previous.isdigit() or previous == " ":
                score -= 1 if ch.isupper() else 2  # accented letters rarely follow digits/spaces
            else:
                score += 2 if ch.islower() else (-2 if previous.islower() else 1)
        elif ch in _ALLOWED or ch == "\xa0":
            score += 1
        else:
            score -= 3
        previous = ch
    return score


def sniff_encoding(sample: bytes) -> str:
    """The most plausible encoding of `sample` among those French municipal files use."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = sample[:4096]
    if head and head.count(0) > len(head) // 4:
        return "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut by the sample boundary
            return "utf-8"
    best, best_score = "cp1252", None
    for encoding in EIGHT_BIT:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best_score is None or score > best_score:
            best, best_score = encoding, score
    return best


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
    mode = max(set(counts), key=counts.count)
    return counts.count(mode) / len(counts), mode


def sniff_delimiter(text: str, quote: str = '"') -> str:
    """The delimiter giving the most consistent, widest rows (ties: `;` then `,`)."""
    best, best_key = ",", (0.0, 0)
    lines = text.splitlines(keepends=True)
    # drop a possibly truncated last line of the sample
    body = "".join(lines[:-1]) if len(lines) > 1 else text
    for delimiter in DELIMITERS:
        key = _widths(body, delimiter, quote)
        if key[1] >= 2 and key > best_key:
            best, best_key = delimiter, key
    return best


def _title_lines(lines: list[str], delimiter: str, quote: str) -> int:
    """Leading lines (at most TITLE_LINES) holding one field, or blank, above rows that mostly
    hold several: titles and export dates before the header."""
    if _widths("".join(lines), delimiter, quote)[1] < 2:
        return 0
    for count, line in enumerate(lines[:TITLE_LINES]):
        fields = _records(line, delimiter, quote, limit=1)
        if fields and len(fields[0]) > 1 and any(c.strip() for c in fields[0]):
            return count
    return 0


def sniff(path: Path, *, encoding: str = "auto", delimiter: str = "auto", quote: str = '"',
          skip_rows: int | None = None) -> Dialect:  # fmt: skip
    """Detect what is `auto`; leading blank lines and title lines (a single field above a
    table of several: "Export du 12/03/2024") are skipped; the header is the next row."""
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    enc = sniff_encoding(sample) if encoding == "auto" else encoding
    text = sample.decode(enc, errors="replace")
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    detect = skip_rows is None
    if skip_rows is None:
        skip_rows = 0
        while skip_rows < len(lines) - 1 and not lines[skip_rows].strip(" \t\r\n,;|"):
            skip_rows += 1
    rest = "".join(lines[skip_rows:])
    delim = sniff_delimiter(rest, quote) if delimiter == "auto" else delimiter
    if detect:
        skip_rows += _title_lines(lines[skip_rows:], delim, quote)
        rest = "".join(lines[skip_rows:])
    rows = _records(rest, delim, quote, limit=1)
    header = rows[0] if rows else []
    return Dialect(encoding=enc, delimiter=delim, quote=quote, skip_rows=skip_rows, header=header)
