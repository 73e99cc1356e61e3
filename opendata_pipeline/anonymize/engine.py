"""Apply a personal-data policy (or auto mode) to a typed table file, streaming by batches."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..paths import atomic_path
from .detectors import BY_KIND, DETECTORS, DIRECT_KINDS, header_kind
from .detectors.person_name.persons import by_known_surname, is_natural_person, surname_words
from .generalize import GeneralizeError, changed_cells, default_level, generalize_array
from .kanon import enforce_k
from .masking import NATURAL_PERSON
from .policy import Policy
from .scan import PERSON_LEVEL_KINDS, ColumnScan, scan_parquet, strong_person_header
from .tables import TableSource, as_source
from .vector import as_strings, map_distinct, map_unique, mask_array

log = logging.getLogger(__name__)

BATCH_ROWS = 131_072
DICTIONARY_SHARE = 0.5  # output columns with at most this share of distinct values: dictionary
REDACTED = "[MASQUÉ]"
KEY_ENV = "OPENDATA_PSEUDONYMIZATION_KEY"
_PERSON_KINDS = PERSON_LEVEL_KINDS  # columns that make a file person-level


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


@dataclass
class ColumnReport:
    """Per-column outcome (counts only)."""

    column: str
    action: str
    kind: str
    decided_by: str
    cells_changed: int = 0
    spans: dict[str, int] = field(default_factory=dict)


@dataclass
class AnonymizationReport:
    """What `anonymize_parquet` did: actions, counts, k reached — never values."""

    mode: str
    rows_in: int
    rows_out: int
    rows_suppressed: int
    columns: list[ColumnReport]
    quasi_identifiers: list[str] = field(default_factory=list)
    k_requested: int | None = None
    k_reached: int | None = None
    generalized_for_k: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _auto_plan(
    scan: ColumnScan, has_persons: bool, free_text: bool, name_column: bool = False
) -> ColumnPlan:
    kind = scan.kind
    name = scan.column
    if kind in DIRECT_KINDS:
        return ColumnPlan(name, "redact", kind, "auto")
    if kind == "birth_date":
        return ColumnPlan(name, "generalize:year", kind, "auto")
    if kind == "person_name":
        return ColumnPlan(name, "redact", kind, "auto")
    if kind == "mixed_persons":
        # A header naming people ("Bénéficiaire") vouches for bare names ("SOW Achraf").
        return ColumnPlan(name, "redact_natural_persons", kind, "auto", name_column=name_column)
    if kind == "address" and has_persons:
        return ColumnPlan(name, "redact", kind, "auto")
    if kind == "free_text" or free_text:
        return ColumnPlan(name, "mask_text", kind, "auto", tuple(d.kind for d in DETECTORS))
    if any(k in DIRECT_KINDS for k in scan.findings) and scan.type in ("string", "large_string"):
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
    scans = {c.column: c for c in scan_parquet(table).columns} if auto else {}
    has_persons = any(s.kind in _PERSON_KINDS for s in scans.values())
    free_text_cols = set(policy.free_text) if policy else set()
    plans: list[ColumnPlan] = []
    for h in headers:
        action = declared[h]
        scan = scans.get(h)
        kind = scan.kind if scan else (header_kind(h) or "-")
        if action is None and policy is not None and policy.default == "keep":
            action = "keep"
        if action is None:
            assert scan is not None
            strong = strong_person_header(h, headers)
            plans.append(_auto_plan(scan, has_persons, h in free_text_cols, strong))
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
    return plans, warnings


def _redact(array: pa.Array, tag: str) -> tuple[pa.Array, int]:
    strings = as_strings(array)
    filled = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(strings), ""), False)
    count = int(np.count_nonzero(np.asarray(filled.to_numpy(zero_copy_only=False), dtype=bool)))
    out = pc.if_else(filled, pa.scalar(tag, pa.string()), strings)
    return out, count


def _pseudonym(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


class _ColumnWorker:
    """Applies one plan to successive batches and accumulates its report."""

    def __init__(self, plan: ColumnPlan, key: bytes | None) -> None:
        self.plan = plan
        self.key = key
        self.report = ColumnReport(plan.column, plan.action, plan.kind, plan.decided_by)
        self.spans: Counter[str] = Counter()
        self.level: str | None = None
        self.detectors = [BY_KIND[k] for k in plan.detectors] or list(DETECTORS)
        # Directory columns repeat their names from batch to batch: each is decided once.
        self._natural = lru_cache(maxsize=1 << 16)(self._natural_person)
        self.surnames: set[str] = set()  # carried by the column's natural persons so far

    def _natural_person(self, value: str) -> str | None:
        natural = is_natural_person(value, name_column=self.plan.name_column)
        return NATURAL_PERSON if natural else None

    def _natural_persons(self, values: list[str]) -> list[str | None]:
        """Natural persons among distinct values; in a column of names, a name-shaped value
        whose first name the lexicon lacks counts when its surname is one the column's persons
        carry."""
        decided = [self._natural(v) for v in values]
        if not self.plan.name_column:
            return decided
        for value, natural in zip(values, decided, strict=True):
            if natural:
                self.surnames |= surname_words(value)
        return [
            natural or (NATURAL_PERSON if by_known_surname(value, self.surnames) else None)
            for value, natural in zip(values, decided, strict=True)
        ]

    def apply(self, array: pa.Array) -> pa.Array:
        action = self.plan.action
        if action == "keep":
            return array
        if action == "redact":
            kind = self.plan.kind
            tag = BY_KIND[kind].tag if kind in BY_KIND else REDACTED
            out, changed = _redact(array, tag)
        elif action == "mask_text":
            masked = mask_array(array, self.detectors)
            self.spans.update(masked.spans)
            out, changed = masked.array, masked.changed
        elif action == "redact_natural_persons":
            out, changed = map_distinct(array, self._natural_persons)
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

    def _generalize(self, array: pa.Array) -> tuple[pa.Array, int]:
        if self.level is None:
            _, _, level = self.plan.action.partition(":")
            try:
                self.level = level or default_level(array, self.plan.kind)
            except GeneralizeError as exc:
                raise AnonymizationError(f"colonne {self.plan.column} : {exc}") from None
        # Auto mode never fails on a stray text in a date column: that cell is redacted.
        unparsed_as = REDACTED if self.plan.decided_by == "auto" else None
        try:
            out = generalize_array(array, self.level, unparsed_as=unparsed_as)
        except GeneralizeError as exc:
            raise AnonymizationError(f"colonne {self.plan.column} : {exc}") from None
        return out, changed_cells(array, out)


def _key(plans: list[ColumnPlan], key: bytes | None) -> bytes | None:
    if not any(p.action == "pseudonymize" for p in plans):
        return None
    key = key or os.environ.get(KEY_ENV, "").encode("utf-8") or None
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


def _write(
    src: TableSource, source_schema: pa.Schema, target: Path, workers: list[_ColumnWorker]
) -> int:
    """Stream `src` (of `source_schema`) through the workers into `target`; returns rows
    written.

    The next batch is read and decoded, and the previous one compressed and written, by two
    background threads (Arrow releases the GIL) while this one is being anonymized.
    """
    kept = [w for w in workers if w.plan.action != "drop"]
    names = [w.plan.column for w in kept]
    writer: pq.ParquetWriter | None = None
    schema: pa.Schema | None = None
    rows = 0
    batches = src.batches(names, BATCH_ROWS)
    empty = pa.RecordBatch.from_arrays(
        [pa.array([], source_schema.field(n).type) for n in names], names=names
    )
    writing: Future[None] | None = None
    try:
        with ThreadPoolExecutor(max_workers=1) as background, ThreadPoolExecutor(1) as reader:
            for batch in _non_empty(_prefetched(batches, reader), empty):
                arrays = [w.apply(batch.column(i)) for i, w in enumerate(kept)]
                if schema is None:
                    schema = pa.schema(
                        [pa.field(n, a.type) for n, a in zip(names, arrays, strict=True)]
                    )
                    writer = pq.ParquetWriter(
                        target, schema, compression="zstd", use_dictionary=_repeating(names, arrays)
                    )
                arrays = [
                    a.cast(f.type) if a.type != f.type else a
                    for a, f in zip(arrays, schema, strict=True)
                ]
                assert writer is not None
                if writing is not None:
                    writing.result()
                out = pa.RecordBatch.from_arrays(arrays, schema=schema)
                writing = background.submit(writer.write_batch, out)
                rows += batch.num_rows
            if writing is not None:
                writing.result()
    finally:
        if writer is not None:
            writer.close()
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


def anonymize_parquet(
    table: Path | TableSource,
    dst: Path,
    policy: Policy | None,
    *,
    pseudonymization_key: bytes | None = None,
) -> AnonymizationReport:
    """Apply `policy` (None = auto mode) to `table` (a Parquet file, or a streamed CSV), write
    the Parquet `dst` atomically, report counts only."""
    src = as_source(table)
    schema = src.schema
    plans, warnings = plan_columns(src, schema, policy)
    for message in warnings:
        log.warning(message)
    key = _key(plans, pseudonymization_key)
    workers = [_ColumnWorker(p, key) for p in plans]
    output_columns = {p.column for p in plans if p.action != "drop"}
    qis = [q for q in (policy.quasi_identifiers if policy else []) if q in output_columns]
    for q in policy.quasi_identifiers if policy else []:
        if q not in output_columns:
            warnings.append(f"quasi-identifiant absent de la sortie, ignoré : {q}")
    k = policy.k if policy else None
    report = AnonymizationReport(
        mode="auto" if policy is None else "policy",
        rows_in=0,
        rows_out=0,
        rows_suppressed=0,
        columns=[],
        quasi_identifiers=qis,
        k_requested=k,
        warnings=warnings,
    )
    if k and qis:
        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".stage", dir=dst.parent)
        os.close(fd)
        stage = Path(name)
        try:
            report.rows_in = _write(src, schema, stage, workers)
            result = enforce_k(stage, dst, qis, k)
        finally:
            stage.unlink(missing_ok=True)
        report.rows_out = result.rows_out
        report.rows_suppressed = result.rows_suppressed
        report.k_reached = result.k_reached
        report.generalized_for_k = result.generalized
    else:
        with atomic_path(dst) as tmp:
            report.rows_in = report.rows_out = _write(src, schema, tmp, workers)
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
