"""A small SQL scan for direct identifiers left in text columns (R-ANON-DIRECT-ID, data level).

The anonymization engine owns the full detectors; this scan covers the validated kinds the
compliance gate must never miss (e-mail, French phone, NIR, IBAN) in one DuckDB pass, then
confirms NIR/IBAN candidates with python-stdnum. Results are counts per column and kind.
"""

from __future__ import annotations

import itertools
import re

import duckdb
from stdnum import iban
from stdnum.fr import nir

from opendata_pipeline.anonymize.lexicon import header_tokens
from opendata_pipeline.validate.table_schema import CellCheck, literal, quote

VALIDATED_KINDS = ("email", "phone", "nir", "iban")
_SEP = r"[ .\-]?"
# Separator-tolerant patterns (spaces, dots, dashes between digit groups), as in legal-rules.
SQL_PATTERNS = {
    "email": r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(\.[\p{L}\p{N}\-]+)*\.[A-Za-z]{2,}",
    "phone": rf"(^|[^0-9])(0[1-9]({_SEP}[0-9]{{2}}){{4}}|(\+|00)33 ?(\(0\))? ?[1-9]({_SEP}[0-9]{{2}}){{4}})([^0-9]|$)",
    "nir": rf"(^|[^0-9])[1-478]{_SEP}[0-9]{{2}}{_SEP}(0[1-9]|1[0-2]|[2-9][0-9]){_SEP}([0-9]{{2}}|2A|2B){_SEP}[0-9]{{3}}{_SEP}[0-9]{{3}}{_SEP}[0-9]{{2}}([^0-9]|$)",
    "iban": r"(^|[^A-Z0-9])[A-Z]{2}[0-9]{2}( ?[A-Z0-9]{4}){2,7}( ?[A-Z0-9]{1,4})?([^A-Z0-9]|$)",
}
# Necessary condition for a phone, NIR or IBAN: 9 digits with optional single separators, or an
# IBAN country+check prefix. Much cheaper than the exact patterns; they run only after a hit.
DIGITS_PREFILTER = r"[0-9]([ .\-]?[0-9]){8}|[A-Z]{2}[0-9]{2}( ?[A-Z0-9]{4}){2}"
_NIR = re.compile(r"[1-478]\d{2}(?:0[1-9]|1[0-2]|[2-9]\d)(?:\d{2}|2A|2B)\d{8}")
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
# R-ANON-DIRECT-ID header lexicon: whole tokens (or token pairs), never substrings.
NAME_LEXICON = frozenset(
    [
        "nom",
        "prenom",
        "naissance",
        "ddn",
        "email",
        "mail",
        "courriel",
        "mel",
        "tel",
        "telephone",
        "portable",
        "mobile",
        "fax",
        "adresse",
        "adr",
        "voie",
        "rue",
        "nir",
        "secu",
        "ssn",
        "iban",
        "rib",
        "bic",
        "immat",
        "immatriculation",
        "plaque",
        "age",
        "ip",
        "login",
        "allocataire",
        "caf",
        "fiscal",
        "spi",
        "passeport",
        "cni",
        "photo",
    ]
) | {"e mail", "securite sociale", "identifiant usager"}


def header_looks_personal(header: str) -> bool:
    tokens = header_tokens(header)
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(tokens)}
    return bool(NAME_LEXICON.intersection(tokens) or NAME_LEXICON.intersection(pairs))


def _counts(con: duckdb.DuckDBPyConnection, relation: str, exprs: list[str]) -> list[int]:
    row = con.execute(f"SELECT {', '.join(exprs)} FROM {relation}").fetchone()
    assert row is not None
    return [int(v) for v in row]


def _match(column: str, kind: str) -> str:
    text = f"CAST({quote(column)} AS VARCHAR)"
    match = f"regexp_matches({text}, {literal(SQL_PATTERNS[kind])})"
    if kind == "email":  # CASE (not AND): the regex runs only on the rows holding an '@'
        match = f"CASE WHEN contains({text}, '@') THEN {match} ELSE FALSE END"
    return f"count(*) FILTER (WHERE {match})"


def first_pass_checks(columns: list[str]) -> list[CellCheck]:
    """Two cheap row predicates per text column: an `@`; a possible digit identifier (only on
    cells of 9 characters or more, the shortest phone/NIR/IBAN form).

    They can be counted in the same scan as the Table Schema checks (`count_failures`)."""
    checks = []
    for column in columns:
        text = f"CAST({quote(column)} AS VARCHAR)"
        digits = f"regexp_matches({text}, {literal(DIGITS_PREFILTER)})"
        checks.append(CellCheck(column, "identifier", "@", f"contains({text}, '@')"))
        checks.append(
            CellCheck(
                column,
                "identifier",
                "digits",
                f"CASE WHEN length({text}) >= 9 THEN {digits} ELSE FALSE END",
            )
        )
    return checks


def scan_identifiers(
    con: duckdb.DuckDBPyConnection,
    columns: list[str],
    relation: str = "t",
    *,
    first: dict[str, tuple[int, int]] | None = None,
) -> dict[str, dict[str, int]]:
    """`{column: {kind: cells with a validated hit}}` over the given text columns.

    First pass (`first_pass_checks`, or its counts given as `first`: column → (cells with an
    `@`, cells with a possible digit identifier)): a clean column stops there. Otherwise a
    second pass runs the exact patterns of the kinds the first pass allows, on that column only.
    """
    if not columns:
        return {}
    if first is None:
        checks = first_pass_checks(columns)
        counted = _counts(con, relation, [f"count(*) FILTER (WHERE {c.failing})" for c in checks])
        first = {c: (counted[2 * i], counted[2 * i + 1]) for i, c in enumerate(columns)}
    wanted = [
        (column, kind)
        for column in columns
        for kind, allowed in (
            ("email", first[column][0]),
            ("phone", first[column][1]),
            ("nir", first[column][1]),
            ("iban", first[column][1]),
        )
        if allowed
    ]
    if not wanted:
        return {}
    counts = _counts(con, relation, [_match(column, kind) for column, kind in wanted])
    found: dict[str, dict[str, int]] = {}
    for (column, kind), count in zip(wanted, counts, strict=True):
        if count and kind in ("nir", "iban"):
            count = _confirmed(con, column, kind, relation)
        if count:
            found.setdefault(column, {})[kind] = count
    return found


def _confirmed(con: duckdb.DuckDBPyConnection, column: str, kind: str, relation: str) -> int:
    """Cells whose NIR/IBAN candidate passes its check digits (values stay in memory)."""
    text = f"CAST({quote(column)} AS VARCHAR)"
    rows = con.execute(
        f"SELECT {text} FROM {relation} WHERE regexp_matches({text}, {literal(SQL_PATTERNS[kind])})"
    ).fetchall()
    pattern, validator = (_NIR, nir) if kind == "nir" else (_IBAN, iban)
    return sum(
        1
        for (v,) in rows
        if any(validator.is_valid(m) for m in pattern.findall(re.sub(r"[ .\-]", "", v)))
    )
