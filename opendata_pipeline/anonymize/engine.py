"""Apply a personal-data policy (or auto mode) to a typed table file, streaming by batches."""

from __future__ import annotations

import gc
import hashlib
import hmac
import logging
import os
import re
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..storage.paths import atomic_path, scratch_dir
from .detectors import BY_KIND, DETECTORS, DIRECT_KINDS, header_kind, identifier_header
from .detectors.address import (
    LOCALITY,
    LOCALITY_SCREEN,
    NO_INSTITUTION,
    institution,
    is_locality,
)
from .detectors.email import desk_cell, is_functional
from .detectors.person_name.persons import (
    REPRESENTED_BY,
    is_legal_person,
    is_natural_person,
    marks_persons,
    person_shaped,
    representatives,
    sole_trader_name,
    surname_candidates,
    surname_words,
)
from .detectors.person_name.vocabulary import (
    CATEGORY_HEADER_WORDS,
    CONTACT_ROLE_LABELS,
    HOLDER_LABELS,
    PERSON_LABELS,
    SAME_PERSON,
)
from .detectors.phone import is_mobile
from .generalize import REDACTED, GeneralizeError, default_level, generalize_column
from .kanon import KAnonymityError, enforce_k
from .lexicon import header_tokens, normalize_header
from .linkage import mailbox_names_row_person
from .masking import NATURAL_PERSON, apply_spans
from .parallel import MaskedLater, TextMasking, worker_count
from .policy import Policy
from .scan import (
    PERSON_LEVEL_KINDS,
    PERSON_SHARE,
    SUBJECT_KINDS,
    ColumnScan,
    ScanReport,
    category_column,
    guardian,
    person_category,
    scan_parquet,
    strong_person_header,
)
from .tables import TableSource, as_source
from .vector import as_strings, map_distinct, map_unique, mask_of, rows_where

log = logging.getLogger(__name__)

BATCH_ROWS = 131_072
DICTIONARY_SHARE = 0.5  # output columns with at most this share of distinct values: dictionary
KEY_ENV = "OPENDATA_PSEUDONYMIZATION_KEY"
GC_YOUNG = 50_000  # allocations between two young-object collections during a run (Python: 700)
CATEGORY_SAMPLE_ROWS = 10000  # rows read to find the subject's category column without a scan
MOSTLY_PERSONS = 0.6  # share of natural persons that makes every name-shaped cell a person's
_PERSON_KINDS = PERSON_LEVEL_KINDS  # columns that make a file person-level
_TEXT_TYPES = ("string", "large_string")


class AnonymizationError(ValueError):
    """The policy cannot be applied to this file (message names columns, never values)."""


@dataclass
class ColumnPlan:
    """What will be done to one column and why."""

    column: str
    action: str
    kind: str
    decided_by: str  # policy, auto, public
    detectors: tuple[str, ...] = ()  # for mask_text: the detector kinds applied
    name_column: bool = False  # for redact_natural_persons: header says the column holds names
    # for redact_natural_persons: the scan found mostly persons there, so a cell shaped like a
    # name and no organisation is a person's whatever its first name
    mostly_persons: bool = False
    # the row subject: a name it leaves undecided may be a person's (fail closed), unless the
    # scan found a directory of organisations there (persons under PERSON_SHARE)
    undecided_persons: bool = True
    # for redact_natural_persons: only what is surely an organisation stays (a guardian column)
    legal_only: bool = False
    subject: str | None = None  # redact only rows whose subject (this column) is a natural person
    # the header names `subject` ("Téléphone du responsable"): kept only where it is a legal person
    named_subject: bool = False
    # redact only the values that may be a person's own line (a mobile, a personal mailbox):
    # nothing in the file names a person and the header names no identifier
    organisations: bool = False
    # the row subject: the column saying, row by row, natural or legal person (« Particulier »)
    category: str | None = None


@dataclass
class ColumnReport:
    """Per-column outcome (counts only)."""

    column: str
    action: str
    kind: str
    decided_by: str
    cells_changed: int = 0
    cells_unmapped: int = 0  # generalize: values outside the hierarchy (31/02…), redacted
    spans: dict[str, int] = field(default_factory=dict)
    subject: str | None = None  # rows redacted: those whose subject is a natural person
    organisations: bool = False  # landlines and function mailboxes kept (see `ColumnPlan`)


@dataclass
class AnonymizationReport:
    """What `anonymize_parquet` did: actions, counts, k reached — never values."""

    mode: str
    rows_in: int
    rows_out: int
    rows_suppressed: int  # rows of too-small classes (quasi-identifiers masked, or removed)
    columns: list[ColumnReport]
    description: str | None = None  # the policy's
    rows_removed: int = 0
    quasi_identifiers: list[str] = field(default_factory=list)
    k_requested: int | None = None
    k_reached: int | None = None
    max_suppression: float | None = None
    sensitive_attributes: list[str] = field(default_factory=list)
    l_requested: int | None = None
    l_reached: int | None = None
    information_loss: list[dict[str, Any]] = field(default_factory=list)  # per quasi-identifier
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _auto_plan(
    scan: ColumnScan, has_persons: bool, free_text: bool, name_column: bool = False
) -> ColumnPlan:
    kind = scan.kind
    name = scan.column
    if kind in DIRECT_KINDS or kind == "contact":
        return ColumnPlan(name, "redact", kind, "auto")
    if kind == "birth_date":
        return ColumnPlan(name, "generalize:year", kind, "auto")
    if kind == "person_name":
        return ColumnPlan(name, "redact", kind, "auto")
    if kind == "mixed_persons" or (kind == "legal_persons" and scan.natural_persons):
        # A header naming people ("Bénéficiaire") vouches for bare names ("SOW Achraf").
        return ColumnPlan(name, "redact_natural_persons", kind, "auto", name_column=name_column)
    if kind == "address" and has_persons:
        return ColumnPlan(name, "redact", kind, "auto")
    if kind == "free_text" or free_text:
        return ColumnPlan(name, "mask_text", kind, "auto", tuple(d.kind for d in DETECTORS))
    if scan.type in _TEXT_TYPES and scan.home_addresses:
        # Addresses named as homes ("Domicile, 12 rue X") even under a header naming a place
        # ("Lieu du décès"): they go with the identifiers, the places' names stay.
        return ColumnPlan(name, "mask_text", kind, "auto", (*DIRECT_KINDS, "address"))
    if scan.type in _TEXT_TYPES and scan.names_persons:
        # Short texts naming persons in a share of rows ("Repas de famille X"): names and
        # identifiers go, places stay (a location column's "12 rue X" is no home address).
        return ColumnPlan(name, "mask_text", kind, "auto", (*DIRECT_KINDS, "person_name"))
    if any(k in DIRECT_KINDS for k in scan.findings) and scan.type in _TEXT_TYPES:
        # A few identifiers in an otherwise ordinary text column: mask them cell by cell.
        return ColumnPlan(name, "mask_text", kind, "auto", DIRECT_KINDS)
    return ColumnPlan(name, "keep", kind, "auto")


def plan_columns(
    table: TableSource, schema: pa.Schema, policy: Policy | None
) -> tuple[list[ColumnPlan], list[str]]:
    """One plan per input column, and warnings (column names only)."""
    headers = schema.names
    warnings: list[str] = []
    declared = {h: (policy.declared_action(h) if policy else None) for h in headers}
    if policy is not None:
        known = {n.lstrip("\ufeff").strip() for n in headers}
        for name in sorted(policy.named_columns()):
            if name not in known and not any(
                policy.declared_action(h) is not None and name in policy.aliases(h) for h in headers
            ):
                warnings.append(f"colonne absente du fichier, ignorée : {name}")
    auto = policy is None or any(declared[h] is None and policy.default == "auto" for h in headers)
    report = scan_parquet(table) if auto else None
    scans = {c.column: c for c in report.columns} if report else {}
    subject, linked = _row_subject(headers, declared, policy, report)
    acting = guardian(report) if report is not None and report.subject == subject else None
    has_persons = any(s.kind in _PERSON_KINDS for s in scans.values())
    about_places = any(s.place_header and s.kind == "none" for s in scans.values())
    free_text_cols = set(policy.free_text) if policy else set()
    plans: list[ColumnPlan] = []
    for h in headers:
        action = declared[h]
        scan = scans.get(h)
        kind = scan.kind if scan else (header_kind(h) or "-")
        if action is None and h in linked:
            by = "auto" if scan else "policy"
            if kind in _ORGANISATION_LINES and _holder_header(h):
                # « Tél. vétérinaire »: the practice's lines; only its mobiles may be a person's
                plans.append(ColumnPlan(h, "redact", kind, by, organisations=True))
                continue
            owner = _named_subject(h, report)
            if owner is None and kind in _ORGANISATION_LINES:
                owner = acting  # a guardian's lines; the address stays the pupil's home
            owner = owner if owner != subject else None  # "Contact du club": the row subject
            plans.append(
                ColumnPlan(
                    h, "redact", kind, by, subject=owner or subject, named_subject=bool(owner)
                )
            )
            continue
        if action is None and policy is not None and policy.default == "keep":
            action = "keep"
        if action is None and h == acting:
            # "Responsable légal": persons, and the organisations standing for a child
            plans.append(
                ColumnPlan(
                    h, "redact_natural_persons", kind, "auto", name_column=True, legal_only=True
                )
            )
            continue
        if action is None:
            assert scan is not None
            # Bare names ("SOW Achraf") count as persons where the header names people or, in
            # the row subject, where persons make a good share of the column (not a directory).
            names = strong_person_header(h, headers) or (
                h == subject and scan.natural_persons >= PERSON_SHARE * scan.non_empty
            )
            plan = _auto_plan(scan, has_persons, h in free_text_cols, names)
            plan.mostly_persons = plan.action == "redact_natural_persons" and (
                scan.natural_persons >= MOSTLY_PERSONS * scan.non_empty
            )
            plan.undecided_persons = scan.natural_persons >= PERSON_SHARE * scan.non_empty
            # An events agenda's "Renseignements": no person in the file, a neutral header or
            # rows about places ("Lieu", "Équipement"): the places' own lines.
            plan.organisations = (
                plan.action == "redact"
                and kind in _ORGANISATION_LINES
                and (
                    _holder_header(h)
                    or (
                        subject is None
                        and not has_persons
                        and (identifier_header(h) is None or about_places)
                    )
                )
            )
            plans.append(plan)
            continue
        by = "public" if policy and h.strip() in policy.public_columns else "policy"
        plans.append(
            ColumnPlan(
                h,
                action,
                kind,
                by,
                detectors=tuple(d.kind for d in DETECTORS) if action == "mask_text" else (),
                name_column=action == "redact_natural_persons",
            )
        )
    if subject is not None:
        category = _subject_category(table, schema, subject, report)
        next(p for p in plans if p.column == subject).category = category
    return plans, warnings


def _subject_category(
    table: TableSource, schema: pa.Schema, subject: str, report: ScanReport | None
) -> str | None:
    """The column saying whether each row's subject is a natural or legal person: the scan's,
    else found in the first rows of the columns whose header names a category."""
    if report is not None and report.subject == subject:
        return report.subject_category
    names = [
        f.name
        for f in schema
        if f.name != subject and CATEGORY_HEADER_WORDS.intersection(header_tokens(f.name))
    ]
    if not names:
        return None
    first = next(table.batches(names, CATEGORY_SAMPLE_ROWS), None)
    if first is None:
        return None
    return category_column(pa.Table.from_batches([first.select(names)]), exclude=subject)


_ORGANISATION_LINES = ("phone", "email", "contact")  # kinds an organisation publishes as its own
# Header words that name a contact detail, not whose it is ("Téléphone contact").
_CONTACT_WORDS = frozenset(
    [w for k in ("address", "phone", "email") for label in BY_KIND[k].labels for w in label.split()]
    + ["contact"]
)


def _holder_header(header: str) -> bool:
    """The header names an organisation or a practice as the line's holder (« Tél. service »,
    « Tél. vétérinaire ») and no person: its landlines are the holder's."""
    tokens = set(header_tokens(header))
    return bool(tokens & set(HOLDER_LABELS)) and not tokens & set(
        PERSON_LABELS + CONTACT_ROLE_LABELS
    )


def _named_subject(header: str, report: ScanReport | None) -> str | None:
    """The name column a contact column's header names ("Téléphone du responsable" beside
    "Responsable légal"): that person's details, decided on that column's rows, not the row
    subject's. None when no scanned name column, or more than one, is named so."""
    if report is None:
        return None
    words = {t for t in header_tokens(header) if len(t) > 3} - _CONTACT_WORDS
    named = [
        c.column
        for c in report.columns
        if c.column != header and c.kind in SUBJECT_KINDS and words & set(header_tokens(c.column))
    ]
    return named[0] if len(named) == 1 else None


def _row_subject(
    headers: list[str],
    declared: dict[str, str | None],
    policy: Policy | None,
    report: ScanReport | None,
) -> tuple[str | None, set[str]]:
    """The column a row is about and the columns holding its contact details (row linkage):
    as the policy declares them (`subject`, `subject_columns`), else its one
    `redact_natural_persons` column, else as the scan found them."""
    by_name = {h.lstrip("\ufeff").strip(): h for h in headers}
    subject = by_name.get(policy.subject) if policy and policy.subject else None
    if subject is None and policy is not None:
        natural = [h for h in headers if declared[h] == "redact_natural_persons"]
        subject = natural[0] if len(natural) == 1 else None
    if subject is None and report is not None:
        subject = report.subject
    if subject is None:
        return None, set()
    if policy is not None and policy.subject_columns:
        linked = {by_name[c] for c in policy.subject_columns if c in by_name}
    else:
        linked = set(report.subject_columns) if report else set()
    return subject, linked - {subject}


def _present(array: pa.Array) -> np.ndarray:
    """Rows holding a non-blank value (one not empty nor all whitespace: no trimmed copy)."""
    strings = as_strings(array)
    present = pc.and_(
        pc.greater(pc.binary_length(strings), 0), pc.invert(pc.utf8_is_space(strings))
    )
    return mask_of(present)


_SAME_PERSON = pa.array(sorted(SAME_PERSON), pa.string())


def _same_person(array: pa.Array) -> np.ndarray:
    """Rows whose cell points back at the person the row is about (« idem », « l'intéressée »):
    that person's contact details go with the row (fail closed)."""
    folded = pc.utf8_trim(pc.utf8_lower(as_strings(array)), " .\u00a0")
    same = pc.is_in(folded, value_set=_SAME_PERSON)
    return mask_of(same)


def _redact(
    array: pa.Array, tag: str, rows: np.ndarray | None = None, keep: pa.Array | None = None
) -> tuple[pa.Array, int]:
    """Non-blank cells replaced by `tag` (with `rows`: only on those rows; `keep`: each cell's
    text kept after the tag)."""
    strings = as_strings(array)
    filled = _present(strings)
    if rows is not None:
        filled &= rows
    count = int(np.count_nonzero(filled))
    if not count:
        return strings, 0
    replacement = pa.scalar(tag, pa.string())
    if keep is not None:
        replacement = pc.binary_join_element_wise(tag, keep, "")
    return pc.if_else(pa.array(filled), replacement, strings), count


def _without_representatives(value: str) -> str | None:
    """A legal person's cell with the names of its representatives masked (None: none)."""
    spans = representatives(value)
    if not spans:
        return None
    return apply_spans(value, [(start, end, "person_name") for start, end in sorted(spans)])


def _pseudonym(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


class _SubjectRows:
    """Per row, whether a name column designates a natural person: each distinct value decided
    once across batches; in a column of names, a name-shaped value whose first name the lexicon
    lacks counts when its surname is one the column's natural persons carry — any such value
    where the scan found mostly persons (`mostly_persons`: « octave fofana ») —, a sole trader
    counts whatever the first name, and an organisation the column shows represented does not
    (« X, représentée par Y »). In a column of person names (`persons`), every value is (fail
    closed: "Dubois" is no wood); in a guardian's (`legal_only`), every value but a sure
    organisation."""

    def __init__(
        self,
        name_column: bool,
        *,
        persons: bool = False,
        category: str | None = None,
        legal_only: bool = False,
        mostly_persons: bool = False,
    ) -> None:
        self.name_column = name_column
        self.mostly_persons = mostly_persons  # a name-shaped cell is a person's
        self.persons = persons
        self.legal_only = legal_only  # every value is a person but a sure organisation
        self.category = category  # the column saying natural or legal person, row by row
        self._natural = lru_cache(maxsize=1 << 16)(self._natural_person)
        self._surnames = lru_cache(maxsize=1 << 16)(surname_words)
        self._candidates = lru_cache(maxsize=1 << 16)(surname_candidates)
        self.surnames: set[str] = set()  # carried by the column's natural persons so far
        self.represented: set[str] = set()  # organisations the column shows represented so far
        self.organisations = False  # also decide which rows name a legal person
        # also decide which rows not found a natural person surely name a legal person: the
        # others lose a mobile or a personal mailbox (a linked column's, fail closed)
        self.undecided = False

    def _natural_person(self, value: str) -> bool:
        if self.persons:
            return bool(value.strip())
        if self.legal_only:  # « Famille d'accueil X » is persons
            return bool(value.strip()) and (not is_legal_person(value) or marks_persons(value))
        if (represented := _representation(value)) and represented[1]:
            return True  # who is represented decides: « M. Castan, représenté par sa fille » is his
        return is_natural_person(value, name_column=self.name_column) or (
            self.mostly_persons and person_shaped(value)
        )

    def _decide(self, values: list[str]) -> list[bool]:
        """Each value's verdict; what a value says alone is cached (values recur from batch
        to batch), what the column says so far (surnames, represented) is asked anew."""
        represented = self.represented
        if not self.persons:
            represented.update(o for v in values if (o := _represented(v)) is not None)
        decided = [
            self._natural(v) and not (represented and _fold(v) in represented) for v in values
        ]
        if not self.name_column:
            return decided
        for value, natural in zip(values, decided, strict=True):
            if natural:
                self.surnames |= self._surnames(value)
        surnames = self.surnames
        return [
            natural
            or (
                bool(surnames)
                and any(w in surnames for w in self._candidates(value))
                and not (represented and _fold(value) in represented)
            )
            for value, natural in zip(values, decided, strict=True)
        ]

    def _legal(self, values: list[str]) -> list[bool]:
        """Each value's verdict: an organisation by its words or shown represented."""
        return [is_legal_person(v) or _fold(v) in self.represented for v in values]

    def rows(self, array: pa.Array, category: pa.Array | None = None) -> _PersonRows:
        """Which rows of `array` (a batch of the name column) are natural persons; where
        `category` (the batch of `self.category`) says so, it decides: a « Particulier » is a
        person whatever his name looks like, a « Personne morale » is none unless its name is
        a sole trader's (« EI Jean Dupont »)."""
        natural = rows_where(array, self._decide)
        legal = None
        if self.organisations and self.legal_only:
            legal = ~natural & _present(array)
        elif self.organisations:
            legal = rows_where(array, lambda values: [is_legal_person(v) for v in values])
        elif self.undecided and not self.persons:
            others = np.flatnonzero(~natural & _present(array))
            legal = rows_where(array, self._legal, among=others)
        if category is not None and not self.persons:
            said_natural = rows_where(category, _said(True))
            said_legal = rows_where(category, _said(False))
            said_legal &= ~rows_where(
                array, lambda values: [sole_trader_name(v) is not None for v in values]
            )
            natural = (natural & ~said_legal) | said_natural
            if legal is not None:
                legal = (legal | said_legal) & ~said_natural
        linked = natural | ~_present(array)
        if not self.persons:
            linked |= _same_person(array)
        return _PersonRows(natural, linked, legal)


def _said(natural: bool) -> Callable[[list[str]], list[bool]]:
    """Per category cell, whether it says a natural (`natural`) or a legal person."""
    return lambda values: [person_category(v) is natural for v in values]


# An organisation acting through a representative (« ACM Habitat, représentée par Me X »).
_REPRESENTED = re.compile(rf"^\s*([^,]+?)\s*,?\s+(?:{REPRESENTED_BY})", re.IGNORECASE)


def _fold(value: str) -> str:
    return " ".join(value.split()).casefold()


@lru_cache(maxsize=1 << 16)
def _representation(value: str) -> tuple[str, bool] | None:
    """Who `value` shows acting through a representative: the head (folded) and whether it
    names a natural person by itself (« Mme Roux, représentée par son fils »: a civility, a
    known first name); None without a representative."""
    m = _REPRESENTED.match(value)
    return (
        None if m is None else (_fold(m.group(1)), is_natural_person(m.group(1), name_column=False))
    )


def _represented(value: str) -> str | None:
    """The organisation `value` shows acting through a representative (folded): its name alone
    elsewhere in the column is its own, not a person's, even shaped like one ("ACM Habitat"
    reads like "DUPONT Anh"). A head naming a person is none (fail closed)."""
    r = _representation(value)
    return r[0] if r is not None and not r[1] else None


class _PersonRows(NamedTuple):
    natural: np.ndarray  # the cell names a natural person
    linked: np.ndarray  # the row's contact details go: a natural person, or no name (fail closed)
    legal: np.ndarray | None = None  # the cell names a legal person (when asked)


class _ColumnWorker:
    """Applies one plan to successive batches and accumulates its report."""

    def __init__(self, plan: ColumnPlan, key: bytes | None) -> None:
        self.plan = plan
        self.key = key
        self.report = ColumnReport(
            plan.column,
            plan.action,
            plan.kind,
            plan.decided_by,
            subject=plan.subject,
            organisations=plan.organisations,
        )
        self.spans: Counter[str] = Counter()
        self.level: str | None = None
        self.kinds = plan.detectors or tuple(d.kind for d in DETECTORS)  # mask_text

    @property
    def masks_text(self) -> bool:
        return self.plan.action == "mask_text"

    def apply(self, array: pa.Array, persons: dict[str, _PersonRows]) -> pa.Array:
        """The anonymized `array` (but masked text: `TextMasking.submit`, then `masked`);
        `persons`: the person rows of the batch's name columns (the row subject and
        `redact_natural_persons` columns)."""
        action = self.plan.action
        if action == "keep":
            return array
        if action == "redact":
            kind = self.plan.kind
            tag = BY_KIND[kind].tag if kind in BY_KIND else REDACTED
            subject = persons[self.plan.subject] if self.plan.subject else None
            rows = subject.linked if subject else None
            if subject and subject.legal is not None and self.plan.named_subject:
                rows = ~subject.legal  # evidence of an organisation keeps the cell, nothing else
            elif (
                rows is not None
                and subject
                and subject.legal is not None
                and kind in _personal_lines
            ):
                # a row whose subject is no sure organisation (a name the column did not read):
                # its mobile or personal mailbox goes all the same (fail closed)
                undecided = np.flatnonzero(~rows & ~subject.legal)
                rows = rows | rows_where(array, _undecided_lines[kind], among=undecided)
            if rows is not None and _OWN_CONTACTS in persons:
                own = persons[_OWN_CONTACTS]
                if kind == "phone":  # a mobile beside a person the row names is that person's
                    rows = rows | (own.natural & rows_where(array, _mobiles))
                elif kind != "address":  # a legal person's seat stays its own
                    rows = rows | own.linked  # a representative's mailbox: the cell is his
            if self.plan.organisations:
                rows = rows_where(array, _personal_lines[kind])
            if kind == "address":  # "EHPAD Les Aubes" is no one's home address
                homes = ~rows_where(
                    array, lambda values: [institution(v) for v in values], unless=NO_INSTITUTION
                )
                rows = homes if rows is None else rows & homes
                # the commune stays, unless the policy itself asked for the column to go
                keep = self.plan.subject is not None or self.plan.decided_by == "auto"
                out, changed = _redact(array, tag, rows, keep=_locality(array) if keep else None)
            else:
                out, changed = _redact(array, tag, rows)
        elif action == "redact_natural_persons":
            out, changed = _redact(array, NATURAL_PERSON, persons[self.plan.column].natural)
            # a legal person stays, the person representing it does not
            out, named = map_unique(out, _without_representatives)
            changed += named
        elif action == "pseudonymize":
            key = self.key
            assert key is not None
            out, changed = map_unique(array, lambda v: _pseudonym(key, v))
        elif action.startswith("generalize"):
            out, changed = self._generalize(array)
        else:  # pragma: no cover - Policy validates actions
            raise AnonymizationError(f"action inconnue pour la colonne {self.plan.column}")
        self.report.cells_changed += changed
        return out

    def masked(self, result: pa.Array | MaskedLater) -> pa.Array:
        """What `apply` gave, the masking it awaited counted."""
        if not isinstance(result, MaskedLater):
            return result
        try:
            masked = result.result()
        except BrokenProcessPool:
            raise AnonymizationError(
                f"colonne {self.plan.column} : un processus de masquage du texte s'est arrêté "
                "(mémoire insuffisante ?) ; aucun fichier n'a été écrit"
            ) from None
        self.spans.update(masked.spans)
        self.report.cells_changed += masked.changed
        return masked.array

    def _generalize(self, array: pa.Array) -> tuple[pa.Array, int]:
        """Coarsen the batch; a value outside the hierarchy (an impossible date, an unknown
        profession) is redacted and counted, never a reason to refuse the file."""
        try:
            if self.level is None:
                _, _, level = self.plan.action.partition(":")
                self.level = level or default_level(array, self.plan.kind, self.plan.column)
            out = generalize_column(array, self.level)
        except GeneralizeError as exc:
            raise AnonymizationError(f"colonne {self.plan.column} : {exc}") from None
        self.report.cells_unmapped += out.unmapped
        return out.array, out.changed


def _subjects(plans: list[ColumnPlan]) -> dict[str, _SubjectRows]:
    """One natural-person decider per name column that plans read: `redact_natural_persons`
    columns and the row subject (a subject is a column of names)."""
    subjects = {
        p.column: _SubjectRows(
            p.name_column,
            category=p.category,
            legal_only=p.legal_only,
            mostly_persons=p.mostly_persons,
        )
        for p in plans
        if p.action == "redact_natural_persons"
    }
    by_column = {p.column: p for p in plans}
    for p in plans:
        if p.subject is not None and p.subject not in subjects:
            # A column of person names, or one the plan removes whole (redact, drop,
            # pseudonymize), names natural persons on every row; a kept or masked column (a
            # directory of legal persons, a public column) is decided row by row from its text.
            subject = by_column[p.subject]
            persons = subject.kind == "person_name" or subject.action not in ("keep", "mask_text")
            subjects[p.subject] = _SubjectRows(
                name_column=False, persons=persons, category=subject.category
            )
    for p in plans:
        if p.named_subject and p.subject is not None:
            subjects[p.subject].organisations = True
        elif p.subject is not None and p.kind in _personal_lines:
            subjects[p.subject].undecided = by_column[p.subject].undecided_persons
    return subjects


_OWN_CONTACTS = "\0own contacts"  # key of the rows whose e-mail names a person of the row


class _OwnContacts:
    """Rows whose linked e-mail is the mailbox of a person the row names (a club's president
    giving his own address): their contact details go even on a legal person's row. `natural`
    of its rows: the row names a natural person beside its subject (a declarant, a president),
    whose mobile phone a linked phone column may hold (an organisation's line is a landline)."""

    def __init__(self, plans: list[ColumnPlan]) -> None:
        linked = [p for p in plans if p.subject and p.kind in ("email", "contact", "phone")]
        self.contacts = [p.column for p in linked if p.kind != "phone"]
        self.subject = linked[0].subject if linked else None
        self.persons = [
            p.column
            for p in plans
            if p.kind in ("person_name", "mixed_persons") and p.column != self.subject
        ]
        self.mixed = {p.column for p in plans if p.kind == "mixed_persons"}
        self._natural = lru_cache(maxsize=1 << 16)(partial(is_natural_person, name_column=True))

    def columns(self) -> list[str]:
        if not (self.subject and self.persons):
            return []
        return [*self.contacts, *self.persons, self.subject]

    def rows(self, batch: pa.RecordBatch, read: list[str]) -> _PersonRows:
        persons = [batch.column(read.index(c)) for c in self.persons]
        mine = np.zeros(batch.num_rows, dtype=bool)
        if self.contacts:
            mine = mailbox_names_row_person(
                [batch.column(read.index(c)) for c in self.contacts],
                persons,
                batch.column(read.index(str(self.subject))),
            )
        named = np.zeros(batch.num_rows, dtype=bool)
        for column, array in zip(self.persons, persons, strict=True):
            if column in self.mixed:
                named |= rows_where(array, lambda values: [self._natural(v) for v in values])
            else:  # a column of person names: every name is a person's (fail closed)
                named |= _present(array)
        return _PersonRows(named, mine)


def _mobiles(values: list[str]) -> list[bool]:
    return [is_mobile(v) for v in values]


def _personal_mailboxes(values: list[str]) -> list[bool]:
    return [not is_functional(v) for v in values]


def _personal_contacts(values: list[str]) -> list[bool]:
    """A contact cell is someone's own unless every phone in it is a landline and every
    mailbox a function's (« 04 67 … / accueil@… »); one without either goes (fail closed)."""
    phone, email = BY_KIND["phone"], BY_KIND["email"]
    out = []
    for value in values:
        phones = [value[a:b] for a, b in phone.find(value)]
        mails = [value[a:b] for a, b in email.find(value)]
        out.append(
            not (phones or mails)
            or any(is_mobile(p) for p in phones)
            or any(not is_functional(m) for m in mails)
        )
    return out


_personal_lines = {"phone": _mobiles, "email": _personal_mailboxes, "contact": _personal_contacts}


def _own_mailboxes(values: list[str]) -> list[bool]:
    """A mailbox that may be someone's own: not named after a function, nor an organisation's
    desk at its own domain (« gestion@agence-x.fr »)."""
    return [not is_functional(v) and not desk_cell(v) for v in values]


# On a row whose subject is no sure organisation: what may be a person's own line.
_undecided_lines = {**_personal_lines, "email": _own_mailboxes}


def _locality(array: pa.Array) -> pa.Array:
    """Per cell, the commune closing it ("…, 34000 Montpellier"), kept after a redacted street
    ("" where none)."""
    strings = as_strings(array)
    out = pc.fill_null(pa.nulls(len(strings), pa.string()), "")
    screen = pc.fill_null(pc.match_substring_regex(strings, LOCALITY_SCREEN), False)
    if not pc.any(screen).as_py():
        return out
    found = pc.struct_field(pc.extract_regex(strings.filter(screen), LOCALITY), "locality")
    kept, _ = map_distinct(found, lambda values: [None if is_locality(v) else "" for v in values])
    return pc.replace_with_mask(out, screen, pc.fill_null(kept, ""))


def _key(plans: list[ColumnPlan], key: bytes | None) -> bytes | None:
    if not any(p.action == "pseudonymize" for p in plans):
        return None
    if not key:
        raise AnonymizationError(
            f"l'action pseudonymize exige une clé secrète ({KEY_ENV}) : aucune n'est définie"
        )
    return key


def _prefetched(batches: Iterator[pa.RecordBatch], pool: ThreadPoolExecutor) -> Any:
    """The batches, each next one read and decoded in `pool` while this one is processed."""
    pending = pool.submit(next, batches, None)
    while (batch := pending.result()) is not None:
        pending = pool.submit(next, batches, None)
        yield batch


class _Sink:
    """The output Parquet file, its schema taken from the first batch, each batch compressed
    and written in a background thread (Arrow releases the GIL) while the next is prepared."""

    def __init__(self, target: Path, names: list[str], background: ThreadPoolExecutor) -> None:
        self.target, self.names, self.background = target, names, background
        self.writer: pq.ParquetWriter | None = None
        self.schema: pa.Schema | None = None
        self.writing: Future[None] | None = None

    def write(self, arrays: list[pa.Array]) -> None:
        if self.schema is None:
            self.schema = pa.schema(
                [pa.field(n, a.type) for n, a in zip(self.names, arrays, strict=True)]
            )
            self.writer = pq.ParquetWriter(
                self.target,
                self.schema,
                compression="zstd",
                use_dictionary=_repeating(self.names, arrays),
            )
        arrays = [
            a.cast(f.type) if a.type != f.type else a
            for a, f in zip(arrays, self.schema, strict=True)
        ]
        assert self.writer is not None
        self.flush()
        out = pa.RecordBatch.from_arrays(arrays, schema=self.schema)
        self.writing = self.background.submit(self.writer.write_batch, out)

    def flush(self) -> None:
        if self.writing is not None:
            self.writing.result()
            self.writing = None

    def close(self) -> None:
        if self.writing is not None:
            wait([self.writing])  # failing: the batch being written ends before the file closes
        if self.writer is not None:
            self.writer.close()


def _write(
    src: TableSource,
    source_schema: pa.Schema,
    target: Path,
    workers: list[_ColumnWorker],
    subjects: dict[str, _SubjectRows],
) -> int:
    """Stream `src` (of `source_schema`) through the workers into `target`; returns rows
    written. `subjects`: the name columns whose natural-person rows the workers read.

    The next batch is read and decoded, and the previous one compressed and written, by two
    background threads while this one is being anonymized; free text is masked in worker
    processes (`parallel`), a few batches ahead of the one being written, in file order.
    """
    kept = [w for w in workers if w.plan.action != "drop"]
    names = [w.plan.column for w in kept]
    own = _OwnContacts([w.plan for w in workers])
    categories = [r.category for r in subjects.values() if r.category]
    extra = [*subjects, *own.columns(), *categories]
    read = names + [s for s in dict.fromkeys(extra) if s not in names]  # dropped, still read
    rows = 0
    batches = src.batches(read, BATCH_ROWS)
    empty = pa.RecordBatch.from_arrays(
        [pa.array([], source_schema.field(n).type) for n in read], names=read
    )
    masking = TextMasking(worker_count())
    pending: deque[list[pa.Array | MaskedLater]] = deque()
    with ThreadPoolExecutor(max_workers=1) as background, ThreadPoolExecutor(1) as reader:
        sink = _Sink(target, names, background)
        try:
            for batch in _non_empty(_prefetched(batches, reader), empty):
                # Sources give the columns in file order (Parquet's `iter_batches` does), not
                # in the order asked: a dropped subject read last would shift every column.
                batch = batch.select(read)
                masking.new_batch(full=batch.num_rows >= BATCH_ROWS)
                # Free text first: the workers mask it while the rows are decided here.
                texts = {
                    i: masking.submit(batch.column(i), w.kinds)
                    for i, w in enumerate(kept)
                    if w.masks_text
                }
                persons = {
                    s: rows.rows(
                        batch.column(read.index(s)),
                        batch.column(read.index(rows.category)) if rows.category else None,
                    )
                    for s, rows in subjects.items()
                }
                if own.columns():
                    persons[_OWN_CONTACTS] = own.rows(batch, read)
                pending.append(
                    [
                        texts[i] if i in texts else w.apply(batch.column(i), persons)
                        for i, w in enumerate(kept)
                    ]
                )
                rows += batch.num_rows
                while len(pending) >= masking.in_flight:
                    sink.write([w.masked(a) for w, a in zip(kept, pending.popleft(), strict=True)])
            while pending:
                sink.write([w.masked(a) for w, a in zip(kept, pending.popleft(), strict=True)])
            sink.flush()
        finally:
            masking.close()
            sink.close()
    return rows


def _repeating(names: list[str], arrays: list[pa.Array]) -> list[str]:
    """Columns worth a Parquet dictionary: at most half their first batch's values distinct
    (trying a dictionary on every column costs a quarter of the writing, and bytes)."""
    return [
        name
        for name, a in zip(names, arrays, strict=True)
        if len(a) and pc.count_distinct(a).as_py() <= DICTIONARY_SHARE * len(a)
    ]


def _non_empty(batches: Any, empty: pa.RecordBatch) -> Any:
    """The batches, or one empty batch so an empty file still gets its schema."""
    seen = False
    for batch in batches:
        seen = True
        yield batch
    if not seen:
        yield empty


def _output_headers(columns: list[str], plans: list[ColumnPlan], warnings: list[str]) -> list[str]:
    """The output headers of the policy's quasi-identifiers (or sensitive attributes), matched
    like declared columns; a dropped one is warned about (an absent one already is)."""
    found = []
    for column in columns:
        key = normalize_header(column)
        plan = next((p for p in plans if normalize_header(p.column) == key), None)
        if plan is not None and plan.action == "drop":
            warnings.append(f"colonne supprimée par la politique, ignorée ici : {column}")
        elif plan is not None:
            found.append(plan.column)
    return found


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector run less often while a table is anonymized (forked workers
    included): the scan and the masking allocate millions of short-lived tuples and lists,
    freed by reference counting, and every 700 allocations a collection walked the young
    survivors again."""
    threshold = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def anonymize_parquet(
    table: Path | TableSource,
    dst: Path,
    policy: Policy | None,
    *,
    pseudonymization_key: bytes | None = None,
) -> AnonymizationReport:
    """Apply `policy` (None = auto mode) to `table` (a Parquet file, or a streamed CSV), write
    the Parquet `dst` atomically, report counts only."""
    with _fewer_collections():
        return _anonymize_parquet(table, dst, policy, pseudonymization_key)


def _anonymize_parquet(
    table: Path | TableSource, dst: Path, policy: Policy | None, pseudonymization_key: bytes | None
) -> AnonymizationReport:
    src = as_source(table)
    schema = src.schema
    plans, warnings = plan_columns(src, schema, policy)
    key = _key(plans, pseudonymization_key)
    workers = [_ColumnWorker(p, key) for p in plans]
    subjects = _subjects(plans)
    qis = _output_headers(policy.quasi_identifiers if policy else [], plans, warnings)
    sensitive = _output_headers(policy.sensitive_attributes if policy else [], plans, warnings)
    for message in warnings:
        log.warning(message)
    k = policy.k if policy else None
    report = AnonymizationReport(
        mode="auto" if policy is None else "policy",
        rows_in=0,
        rows_out=0,
        rows_suppressed=0,
        columns=[],
        description=policy.description if policy else None,
        quasi_identifiers=qis,
        k_requested=k,
        sensitive_attributes=sensitive,
        warnings=warnings,
    )
    if policy is not None and k and qis:
        # The stage is scratch (read once, then deleted): never beside the output.
        fd, name = tempfile.mkstemp(prefix="opendata-k-", suffix=".parquet", dir=scratch_dir())
        os.close(fd)
        stage = Path(name)
        try:
            report.rows_in = _write(src, schema, stage, workers, subjects)
            result = enforce_k(
                stage,
                dst,
                qis,
                k,
                max_suppression=policy.max_suppression,
                sensitive=sensitive,
                l_min=policy.l_diversity,
            )
        except KAnonymityError as exc:
            raise AnonymizationError(str(exc)) from None
        finally:
            stage.unlink(missing_ok=True)
        report.rows_out = result.rows_out
        report.rows_suppressed = result.rows_suppressed
        report.rows_removed = result.rows_removed
        report.k_reached = result.k_reached
        report.max_suppression = result.max_suppression
        report.l_requested, report.l_reached = result.l_requested, result.l_reached
        report.information_loss = [asdict(loss) for loss in result.losses]
        for message in result.warnings:
            log.warning(message)
        report.warnings.extend(result.warnings)
    else:
        with atomic_path(dst) as tmp:
            report.rows_in = report.rows_out = _write(src, schema, tmp, workers, subjects)
    for w in workers:
        w.report.spans = dict(w.spans)
    report.columns = [w.report for w in workers]
    return report


__all__ = [
    "AnonymizationError",
    "AnonymizationReport",
    "ColumnPlan",
    "ColumnReport",
    "anonymize_parquet",
    "plan_columns",
]
