"""Personal-data scan of a typed table file: per-column kind and free-text findings (counts only)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .detectors import BY_KIND, DETECTORS, DIRECT_KINDS, header_kind, identifier_header
from .detectors.address import home_cue
from .detectors.person_name.lexicon import is_first_name
from .detectors.person_name.persons import (
    gaps,
    is_legal_person,
    is_natural_person,
    surname_candidates,
    surname_words,
)
from .detectors.person_name.vocabulary import (
    AUTHOR_LABELS,
    CATEGORY_HEADER_WORDS,
    CIVILITIES,
    GUARDIAN_LABELS,
    LEGAL_CATEGORIES,
    NATURAL_CATEGORIES,
    OFFICIAL_LABELS,
    ORGANISATION_LABELS,
    PERSON_LABELS,
    PLACE_LABELS,
    PUBLIC_FIGURE_LABELS,
    SUBJECT_LABELS,
    THING_LABELS,
    WORK_LABELS,
)
from .generalize import date_share
from .lexicon import header_tokens
from .masking import Finding, cell_kind
from .tables import TableSource, as_source
from .vector import as_strings, count_spans, spans_per_cell

_LIST_SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\bet\b)\s*")
# A listed person: up to four words (hyphens, apostrophes, initials), dates in brackets aside.
_NAME_ITEM = re.compile(r"[^\W\d_][\w'’.-]*(?:[ \u00a0]+[^\W\d_][\w'’.-]*){0,3}")
_BRACKETED = re.compile(r"\([^()]*\)")
NAME_LIST_FOUND = 0.6  # share of the items found as names
FREE_TEXT_MEAN_LENGTH = 30  # legal-rules R-ANON-FREE-TEXT [convention]
SENTENCE_WORDS = 8  # mean words per cell of a column of sentences
DIRECT_SHARE = 0.5  # share of cells that makes a column an identifier column
HEADER_DIRECT_SHARE = 0.2  # same, when the header already says so
PERSON_SHARE = 0.3
HEADER_PERSON_SHARE = 0.1
GIVEN_NAMES_SHARE = 0.5  # cells made of first names alone that make a column of first names
GIVEN_NAMES_DISTINCT = 10  # … and how many different such cells (not one recurring word)
DIVERSE_NAMES = 0.5  # named cells must mostly differ: a few names recurring are places or brands
LEGAL_SHARE = 0.3  # share of legal-person names that makes a name column a directory
VOUCHED_LEGAL_SHARE = 0.5  # … and mostly organisations, where a header alone vouches for no name
WEAK_FINDING_SHARE = 0.05  # names/addresses in short texts: share of rows that makes it personal
PERSON_LEVEL_KINDS = ("person_name", "birth_date")  # a file about persons (not a directory)
SHAPE_SHARE = 0.5  # share of values shaped like the identifier a header names (valid or not)
CODE_SERIES_DISTINCT = 10  # plate-shaped values that, sharing one letter block, are codes…
CODE_SERIES_SHARE = 0.9  # … when this share of them do
# Row linkage: a name column is the row's subject; these kinds in other columns are its contact
# details, redacted on the rows whose subject is a natural person and kept for legal persons.
SUBJECT_KINDS = ("mixed_persons", "person_name", "legal_persons")
# "contact": a column of phone numbers and e-mails mixed ("06 12 34 56 78", "x@y.fr").
# An IBAN is not among them: a bank account is redacted whoever holds it (fraud, no reuse value).
LINKED_KINDS = ("address", "phone", "email", "contact")
PERSONAL_KINDS = (*DIRECT_KINDS, "person_name", "mixed_persons", "birth_date", "address", "contact")
_CONTACT_KINDS = frozenset(["phone", "email"])
# What a contact cell may also hold: "06 12 34 56 78 - 3 rue X, 34000 Montpellier".
_CONTACT_CELL_KINDS = _CONTACT_KINDS | {"address"}
GUARDIAN_LEGAL_SHARE = 0.02  # organisations among a guardian column's rows (see `guardian`)
CATEGORY_SHARE = 0.8  # share of the non-empty sampled cells that must be known categories
CATEGORY_MIN_CELLS = 5
CATEGORY_DISTINCT = 30  # a category column holds a few recurring values


@dataclass
class ColumnScan:
    """What the scan concluded about one column (counts and shares, never values)."""

    column: str
    type: str
    kind: str  # none, free_text, person_name, mixed_persons, legal_persons, address, birth_date, …
    share: float  # share of non-empty sampled rows holding that kind
    confidence: float
    header_kind: str | None
    non_empty: int
    natural_persons: int = 0
    legal_persons: int = 0
    findings: dict[str, int] = field(default_factory=dict)  # spans by kind in the sample
    person_file: bool = True  # the file is about persons (names, birth dates), or its rows' subject
    named_values: int = 0  # distinct sampled values holding a person's name
    place_header: bool = False  # the header names a place ("Arrêt", "Lieu") or works' authors
    organisation_header: bool = False  # the header names an organisation ("Club", "Entreprise")
    thing_header: bool = False  # the header names a thing ("Véhicule", "Variété"), no person
    cued_names: int = 0  # sampled cells naming a person after other words ("X de Mme Y")
    home_addresses: int = 0  # sampled cells naming an address as a home ("Domicile, 12 rue X")

    @property
    def personal(self) -> bool:
        """Holds personal data: a personal kind, a direct identifier among its sampled values,
        or names/addresses in a share of them (a stray weak finding in a column of labels or
        shop signs is not enough; free text counts every finding). An address column is
        personal only in a file about persons."""
        if self.kind == "address" and not self.person_file:
            return any(k in DIRECT_KINDS for k in self.findings)
        if self.kind in PERSONAL_KINDS or any(k in DIRECT_KINDS for k in self.findings):
            return True
        weak = sum(n for k, n in self.findings.items() if k not in DIRECT_KINDS)
        if self.kind == "free_text":
            return weak > 0
        other = weak - self.findings.get("person_name", 0)
        return self.names_persons or (other > 0 and other >= WEAK_FINDING_SHARE * self.non_empty)

    @property
    def names_persons(self) -> bool:
        """Short texts naming persons in a share of rows ("Repas de famille X"): names found in
        enough cells, mostly different ones, under a header that names no place (a few names
        recurring — "Marché Frédéric Bazille", a tram stop, a brand — are no persons). Under a
        header naming a thing, one person named after other words is enough ("Nissan Micra
        prêtée par Mme X"; not "Madame Bovary", a title)."""
        named = self.findings.get("person_name", 0)
        if self.thing_header and self.cued_names:
            return True
        return (
            named > 0
            and named >= WEAK_FINDING_SHARE * self.non_empty
            and not self.place_header
            and self.named_values >= DIVERSE_NAMES * named
        )


@dataclass
class ScanReport:
    """Result of `scan_parquet`."""

    rows: int | None  # None: not counted (a streamed CSV)
    rows_sampled: int
    columns: list[ColumnScan]
    subject: str | None = None  # the name column a row is about (natural or legal person)
    subject_columns: list[str] = field(default_factory=list)  # its contact details
    subject_category: str | None = None  # the column saying whether the subject is a person

    def column(self, name: str) -> ColumnScan:
        return next(c for c in self.columns if c.column == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "rows_sampled": self.rows_sampled,
            "columns": [asdict(c) | {"personal": c.personal} for c in self.columns],
            "personal_columns": [c.column for c in self.columns if c.personal],
            "subject": self.subject,
            "subject_columns": self.subject_columns,
            "subject_category": self.subject_category,
        }


def _is_text(dtype: pa.DataType) -> bool:
    return bool(
        pa.types.is_string(dtype)
        or pa.types.is_large_string(dtype)
        or (pa.types.is_dictionary(dtype) and pa.types.is_string(dtype.value_type))
    )


def strong_person_header(name: str, headers: list[str]) -> bool:
    """The header names people ("Bénéficiaire", "Prénom", "Nom" beside a "Prénom" column)."""
    tokens = set(header_tokens(name))
    return bool(tokens.intersection(SUBJECT_LABELS)) or _surname_header(name, headers)


def _surname_header(name: str, headers: list[str]) -> bool:
    """ "Nom" beside a "Prénom" column: each cell is a surname."""
    has_first_name_column = any("prenom" in header_tokens(h) for h in headers if h != name)
    return "nom" in header_tokens(name) and has_first_name_column


def _surname_cell(value: str) -> bool:
    """A surname alone, capitalised like any word ("Berthelot", "de La Tour"), under a header
    naming surnames: no digit, no organisation word, at most four words."""
    return (
        len(value.split()) <= 4
        and not re.search(r"\d", value)
        and bool(surname_words(value))
        and not is_legal_person(value)
    )


def classify_column(name: str, array: pa.Array, headers: list[str]) -> ColumnScan:
    """Kind of one column from its header and sampled values."""
    hint = "age" if "age" in header_tokens(name) else header_kind(name)
    dtype = array.type
    type_name = str(dtype)
    if pa.types.is_date(dtype) or pa.types.is_timestamp(dtype):
        kind = "birth_date" if hint == "birth_date" else "none"
        count = len(array) - array.null_count
        return ColumnScan(
            name,
            type_name,
            kind,
            1.0 if kind != "none" else 0.0,
            0.9 if kind != "none" else 0.0,
            hint,
            count,
        )
    if pa.types.is_integer(dtype) or pa.types.is_floating(dtype):
        if hint == "age":
            count = len(array) - array.null_count
            return ColumnScan(name, type_name, "age", 1.0, 0.8, hint, count)
        if not pa.types.is_integer(dtype):
            return ColumnScan(name, type_name, "none", 0.0, 0.0, hint, 0)
    if not (_is_text(dtype) or pa.types.is_integer(dtype)):
        return ColumnScan(name, type_name, "none", 0.0, 0.0, hint, 0)
    values = [v.strip() for v in as_strings(array).to_pylist() if v is not None and v.strip()]
    n = len(values)
    if not n:
        return ColumnScan(name, type_name, "none", 0.0, 0.0, hint, 0)
    if hint == "birth_date" and _is_text(dtype):
        # Birth dates kept as text ("3 mars 1962", "14-03-1982", "23/02/94"): no cue in the
        # cell, the header is the context.
        dates = date_share(values)
        if dates >= HEADER_DIRECT_SHARE:
            return ColumnScan(name, type_name, "birth_date", dates, min(1.0, dates + 0.2), hint, n)
    ident = identifier_header(name)
    if ident is not None and ident != "birth_date":
        # The header names a direct identifier: a value failing its checksum or format is a
        # typo, still that identifier, as long as the values look like one.
        shape = BY_KIND[ident].shape
        share = _share(values, shape) if shape else 1.0
        if share >= SHAPE_SHARE:
            return ColumnScan(name, type_name, ident, share, min(1.0, share + 0.2), hint, n)
    # Each distinct value is looked at once, weighted by its count in the sample.
    counted = Counter(values)
    distinct, weights = list(counted), list(counted.values())
    per_cell = spans_per_cell(pa.array(distinct, pa.string()), DETECTORS)
    if _code_series(distinct, per_cell):
        per_cell = [[f for f in sp if f[2] != "plate"] for sp in per_cell]
    rows = list(zip(distinct, per_cell, weights, strict=True))
    kinds: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for v, sp, w in rows:
        if k := cell_kind(v, sp):
            kinds[k] += w
        for _, _, kind in sp:
            found[kind] += w
    strong = strong_person_header(name, headers)
    surnames = _surname_header(name, headers)
    # A column of first names: by its header, or by its cells — first names alone or listed
    # ("Daniel, Wojciech et Thomas"), in most cells and many different ones (children, members).
    given = [(v, w) for v, sp, w in rows if not sp and given_names_cell(v)]
    first_names_only = bool({"prenom", "prenoms"} & set(header_tokens(name))) or (
        sum(w for _, w in given) >= GIVEN_NAMES_SHARE * n and len(given) >= GIVEN_NAMES_DISTINCT
    )
    natural = sum(
        w
        for v, sp, w in rows
        if (sp or strong or first_names_only)
        and (
            is_natural_person(v, name_column=strong, names=_names(sp))
            or (first_names_only and given_names_cell(v))
            or (surnames and _surname_cell(v))
        )
    )
    # Legal persons only matter for name-like columns: skip the cost elsewhere.
    legal = (
        sum(w for v, _, w in rows if is_legal_person(v)) if natural or hint == "person_name" else 0
    )
    # Mostly organisations under a header naming persons ("Propriétaire": "INSEE", "ASF",
    # "TELA BOTANICA"): the header vouches for bare names only where some cell plainly names a
    # person (a civility, a first name).
    if (
        strong
        and natural
        and legal >= VOUCHED_LEGAL_SHARE * n
        and not surnames
        and not any(
            sp and is_natural_person(v, name_column=False, names=_names(sp)) for v, sp, _ in rows
        )
    ):
        natural = 0
    findings = dict(found)
    home = sum(w for v, sp, w in rows if any(k == "address" and home_cue(v[:a]) for a, _, k in sp))
    mean_len = sum(len(v) * w for v, _, w in rows) / n
    scan = ColumnScan(name, type_name, "none", 0.0, 0.0, hint, n, natural, legal, findings)
    scan.home_addresses = home
    scan.named_values = sum(1 for _, sp, _ in rows if any(k == "person_name" for *_, k in sp))
    # A header naming a place and no person ("Arrêt le plus proche", not "Titulaire du marché"),
    # public figures ("Personnalité honorée"), or the authors of the works the rows list ("Auteur"
    # beside "Titre", "ISBN"): public names.
    tokens = set(header_tokens(name))
    authors = bool(tokens & set(AUTHOR_LABELS)) and any(
        set(header_tokens(h)) & set(WORK_LABELS) for h in headers if h != name
    )
    # A civility before the names ("Occupant du 2e étage : Mme X") makes them persons even
    # under a header naming a place.
    civil = sum(
        w for v, sp, w in rows if any(_after_civility(v, a) for a, _, k in sp if k == "person_name")
    )
    scan.place_header = (
        hint != "person_name"
        and (bool(tokens & set(PLACE_LABELS + PUBLIC_FIGURE_LABELS)) or authors)
        and civil < WEAK_FINDING_SHARE * n
    )
    # "Nom" qualifies the organisation it names ("Nom de l'association"), no person.
    scan.organisation_header = bool(tokens & set(ORGANISATION_LABELS)) and not (
        tokens & set(PERSON_LABELS) - {"nom"}
    )
    # A header naming a thing and no person ("Véhicule", not "Propriétaire du véhicule"): cells
    # named like persons ("Nissan Micra") are the things' names, unless civilities say otherwise;
    # a civility and a name after other words in a cell are still a person's (masked as in short
    # texts).
    scan.thing_header = (
        hint != "person_name"
        and bool(tokens & set(THING_LABELS))
        and not tokens & set(PERSON_LABELS)
        and civil < WEAK_FINDING_SHARE * n
    )
    if scan.thing_header:  # read only there (`names_persons`)
        scan.cued_names = sum(
            w
            for v, sp, w in rows
            if any(
                k == "person_name" and _after_civility(v, a) and len(v[:a].split()) > 1
                for a, _, k in sp
            )
        )

    for kind, count in kinds.most_common():
        if kind in DIRECT_KINDS or kind in ("birth_date", "address"):
            share = count / n
            if share >= DIRECT_SHARE or (hint == kind and share >= HEADER_DIRECT_SHARE):
                scan.kind, scan.share = kind, share
                scan.confidence = min(1.0, share + (0.2 if hint == kind else 0.0))
                return scan
    # Phone numbers and e-mails mixed in one column ("Contact"), in the same cells or not: each
    # cell is a contact detail.
    if len(found.keys() & _CONTACT_KINDS) > 1:
        contact = _contact_cells(distinct, per_cell, weights)
        if contact >= DIRECT_SHARE * n:
            scan.kind, scan.share = "contact", contact / n
            scan.confidence = min(1.0, scan.share + (0.2 if hint in _CONTACT_KINDS else 0.0))
            return scan
    prose = mean_len > FREE_TEXT_MEAN_LENGTH and sum(w for v, _, w in rows if " " in v) >= 0.5 * n
    # Sentences ("Message de l'usager"): free text whatever its header names, never a directory
    # (long organisation names, "Association sportive des Arceaux", are not sentences).
    sentences = prose and sum(len(v.split()) * w for v, _, w in rows) >= SENTENCE_WORDS * n
    if scan.organisation_header and natural < PERSON_SHARE * n and not sentences:
        # The organisations the rows are about ("Club", "Entreprise"): the row subject, natural
        # persons among them decided row by row.
        scan.kind, scan.share, scan.confidence = "legal_persons", 1 - natural / n, 0.8
        return scan
    if hint == "person_name" and legal / n >= LEGAL_SHARE and not sentences:
        # A directory of legal persons: natural persons among them are decided row by row.
        scan.kind = "mixed_persons" if natural else "legal_persons"
        scan.share = (natural if natural else legal) / n
        scan.confidence = legal / n
        return scan
    if prose and not sentences and _name_lists(rows, n):
        # Lists of persons ("Habitants présents": « M. Lamouroux, sakura boudjemaa, … »): each
        # cell is names alone, those the finder missed (lower case, bare) as much as the others.
        scan.kind, scan.share, scan.confidence = "person_name", natural / n, 0.8
        return scan
    if prose:
        scan.kind = "free_text"
        scan.share = len([v for v in values if len(v) > FREE_TEXT_MEAN_LENGTH]) / n
        scan.confidence = 0.8
        return scan
    person_threshold = HEADER_PERSON_SHARE if hint == "person_name" else PERSON_SHARE
    if natural / n >= person_threshold and not (scan.place_header or scan.thing_header):
        scan.kind = "mixed_persons" if legal / n >= 0.05 else "person_name"
        scan.share = natural / n
        scan.confidence = min(1.0, natural / n + (0.2 if hint == "person_name" else 0.0))
        return scan
    # Under a header naming the persons concerned or whoever acts for them ("Titulaire",
    # "Représentant légal"), cells shaped like names whose first names the lexicon lacks
    # (« Oanh Tourreil », a few recurring in a small file) fail closed: a column of names.
    vouched = strong or bool(tokens & set(GUARDIAN_LABELS))
    shaped = sum(w for v, _, w in rows if surname_candidates(v)) if vouched else 0
    if not legal and shaped >= DIRECT_SHARE * n:
        scan.kind, scan.share, scan.confidence = "person_name", shaped / n, 0.5
        return scan
    if hint == "address" and kinds.get("address", 0) / n >= HEADER_DIRECT_SHARE:
        scan.kind, scan.share = "address", kinds["address"] / n
        scan.confidence = min(1.0, scan.share + 0.2)
    return scan


def _name_lists(rows: list[tuple[str, list[Finding], int]], n: int) -> bool:
    """Whether the cells are persons, alone or listed: every item shaped like a name (a few
    words, a civility, dates in brackets; no digit outside them, no organisation) and most
    of them found as one."""
    items = named = 0
    for value, spans, weight in rows:
        names = [(a, b) for a, b, kind in spans if kind == "person_name"]
        start = 0
        for part in _LIST_SEPARATORS.split(value):
            start = value.find(part, start)
            end, start = start + len(part), start + len(part)
            if not part:
                continue
            if not _NAME_ITEM.fullmatch(_BRACKETED.sub("", part).strip()) or is_legal_person(part):
                return False
            items += weight
            named += weight * any(a < end and b > end - len(part) for a, b in names)
    return items >= n and named >= NAME_LIST_FOUND * items


def _after_civility(value: str, start: int) -> bool:
    """The name starting at `start` follows a civility ("Mme X", "M. Y")."""
    before = value[:start].split()
    return bool(before) and before[-1].lower() in CIVILITIES


def _contact_cells(values: list[str], spans: list[list[Finding]], weights: list[int]) -> int:
    """Weighted count of the cells holding phone numbers or e-mails, maybe an address, and
    little else ("06 12 34 56 78 / x@y.fr"), or short and shaped like one without validating ("07 46 55 36")."""
    strings = pa.array(values, pa.string())
    shaped = np.zeros(len(values), dtype=bool)
    for kind in _CONTACT_KINDS:
        shape = BY_KIND[kind].shape
        if shape:
            shaped |= pc.match_substring_regex(strings, shape).to_numpy(zero_copy_only=False)
    total = 0
    for value, found, weight, shape in zip(values, spans, weights, shaped, strict=True):
        if found and all(kind in _CONTACT_CELL_KINDS for *_, kind in found):
            rest = "".join(value[a:b] for a, b in gaps([(s, e) for s, e, _ in found], len(value)))
            total += weight if sum(c.isalpha() for c in rest) <= 12 else 0
        elif not found and shape and len(value) <= 40:
            total += weight
    return total


def _code_series(values: list[str], spans: list[list[Finding]]) -> bool:
    """Plate-shaped values sharing one letter block ("1940TR38", "819TR971", "1023TR84"): the
    codes of an identifier scheme (counting stations), not vehicles, whose letters vary."""
    plates = (
        next((value[a:b] for a, b, kind in found if kind == "plate"), None)
        for value, found in zip(values, spans, strict=True)
    )
    blocks = ["".join(re.findall(r"[A-Za-z]", p)).upper() for p in plates if p]
    common = Counter(blocks).most_common(1)
    return len(blocks) >= CODE_SERIES_DISTINCT and common[0][1] >= CODE_SERIES_SHARE * len(blocks)


def given_names_cell(value: str) -> bool:
    """A cell made of first names alone, one or a list ("Daniel, Wojciech et Thomas")."""
    parts = [p for p in _LIST_SEPARATORS.split(value.strip()) if p]
    return bool(parts) and all(" " not in p.strip() and is_first_name(p.strip()) for p in parts)


def _share(values: list[str], pattern: str) -> float:
    """Share of `values` matching the RE2 `pattern`."""
    matches = pc.match_substring_regex(pa.array(values, pa.string()), pattern)
    return float(pc.sum(matches).as_py() or 0) / len(values)


def _names(findings: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    return [(a, b) for a, b, kind in findings if kind == "person_name"]


def scan_table(table: pa.Table, rows: int | None) -> ScanReport:
    """Scan an in-memory sample."""
    headers = table.column_names
    columns = [
        classify_column(name, table.column(name).combine_chunks(), headers) for name in headers
    ]
    person_file = any(c.kind in PERSON_LEVEL_KINDS for c in columns)
    for c in columns:
        c.person_file = person_file
    report = ScanReport(rows=rows, rows_sampled=table.num_rows, columns=columns)
    subject = row_subject(columns, headers)
    if subject is not None:
        report.subject = subject.column
        linked = [c for c in columns if c is not subject and c.kind in LINKED_KINDS]
        report.subject_columns = [c.column for c in linked]
        report.subject_category = category_column(table, exclude=subject.column)
        if subject.kind != "legal_persons":  # some rows name a person: their addresses are his
            for c in linked:
                c.person_file = True
    return report


def person_category(value: str) -> bool | None:
    """What a category cell says of its row's subject: True a natural person (« Particulier »,
    « Entreprise individuelle »), False a legal person (« Personne morale », « Bailleur
    social », « SARL »), None nothing (blank, « Autre »)."""
    folded = " ".join(header_tokens(value))
    if folded in NATURAL_CATEGORIES:
        return True
    if folded in LEGAL_CATEGORIES:
        return False
    return None


def category_column(table: pa.Table, *, exclude: str) -> str | None:
    """The column of a sample saying, row by row, whether the subject is a natural or legal
    person: a header naming a category (« Catégorie du demandeur », « Forme juridique »), a
    few recurring values, nearly all known categories. The most telling one, if any."""
    best: tuple[float, str] | None = None
    for name in table.column_names:
        column = table.column(name)
        if name == exclude or not _is_text(column.type):
            continue
        if not CATEGORY_HEADER_WORDS.intersection(header_tokens(name)):
            continue
        counts = Counter(v.strip() for v in column.to_pylist() if v and v.strip())
        cells = sum(counts.values())
        if cells < CATEGORY_MIN_CELLS or len(counts) > CATEGORY_DISTINCT:
            continue
        known = sum(n for v, n in counts.items() if person_category(v) is not None) / cells
        if known >= CATEGORY_SHARE and (best is None or known > best[0]):
            best = (known, name)
    return best[1] if best else None


def row_subject(columns: list[ColumnScan], headers: list[str]) -> ColumnScan | None:
    """The name column the rows are about: a column of mostly legal persons, some natural,
    whose header names the persons concerned ("Redevable": the one filing for it is a
    representative), a column of person names under such a header ("Nom" beside "Prénom",
    "Titulaire"), then a column mixing natural and legal persons, then the organisations a header names ("Club",
    "Entreprise") or a column of organisations alone (their presidents are representatives),
    then any column of person names, then the rest."""

    def rank(c: ColumnScan) -> int:
        official = bool(set(OFFICIAL_LABELS).intersection(header_tokens(c.column)))
        strong = strong_person_header(c.column, headers) and not official
        if c.kind == "mixed_persons":
            return 0 if strong and c.natural_persons < 0.5 * c.non_empty else 2
        if c.kind == "person_name" and strong:
            return 1
        if c.organisation_header or c.kind == "legal_persons":
            return 3  # organisations alone: their officers in other columns are representatives
        return 4 if c.kind == "person_name" else 5

    candidates = [c for c in columns if c.kind in SUBJECT_KINDS]
    return min(candidates, key=rank) if candidates else None


def guardian(report: ScanReport) -> str | None:
    """The one name column, beside a row subject made of person names (pupils), naming whoever
    acts for them ("Responsable légal") with organisations on a share of its rows (a
    child-welfare service, a foster home): the row's contact details are that column's."""
    by_name = {c.column: c for c in report.columns}
    subject = by_name.get(report.subject or "")
    if subject is None or subject.kind != "person_name":
        return None
    found = [
        c.column
        for c in report.columns
        if c is not subject
        and c.kind in ("person_name", "mixed_persons")
        and set(GUARDIAN_LABELS).intersection(header_tokens(c.column))
        and c.legal_persons >= GUARDIAN_LEGAL_SHARE * c.non_empty
    ]
    return found[0] if len(found) == 1 else None


def scan_parquet(path: Path | TableSource, *, sample_rows: int = 10000) -> ScanReport:
    """Per-column personal-data kind, share of rows and confidence, from a sample of the file
    (or of a streamed table)."""
    table, rows = as_source(path).sample(sample_rows)
    return scan_table(table, rows)


def find_direct_identifiers(
    path: Path, *, exclude_columns: Collection[str] = ()
) -> dict[str, dict[str, int]]:
    """Independent full re-scan: column -> kind -> count of validated direct identifiers."""
    detectors = [BY_KIND[k] for k in DIRECT_KINDS]
    parquet = pq.ParquetFile(path)
    excluded = {c.lstrip("\ufeff").strip() for c in exclude_columns}
    names = [
        f.name
        for f in parquet.schema_arrow
        if f.name.lstrip("\ufeff").strip() not in excluded
        and (_is_text(f.type) or pa.types.is_integer(f.type))
    ]
    totals: dict[str, Counter[str]] = {name: Counter() for name in names}
    if not names:
        return {}
    for batch in parquet.iter_batches(batch_size=65536, columns=names):
        for name in names:
            totals[name].update(count_spans(batch.column(name), detectors))
    return {name: dict(c) for name, c in totals.items() if c}
