"""k-anonymity over quasi-identifiers: measure it, and reach it by generalizing then suppressing."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..paths import atomic_path
from ..sql import connect, ident, lit

MAX_SUPPRESSION = 0.05  # suppress small classes directly when they hold at most this share of rows


@dataclass
class KResult:
    """What k-enforcement did (counts and levels only)."""

    k_requested: int
    k_reached: int
    rows_in: int
    rows_out: int
    rows_suppressed: int
    generalized: dict[str, int] = field(default_factory=dict)  # QI -> extra generalization steps


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.sql(sql).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def _min_class(con: duckdb.DuckDBPyConnection, source: str, keys: Sequence[str]) -> int:
    group = ", ".join(keys)
    return _scalar(con, f"SELECT min(n) FROM (SELECT count(*) AS n FROM {source} GROUP BY {group})")


def k_anonymity(path: Path, quasi_identifiers: Sequence[str]) -> int:
    """Size of the smallest equivalence class over the quasi-identifiers (0 for an empty file).

    Empty values form a class of their own. With no quasi-identifier every row is alike.
    """
    con = connect()
    try:
        source = f"read_parquet({lit(path)})"
        if not quasi_identifiers:
            return _scalar(con, f"SELECT count(*) FROM {source}")
        return _min_class(con, source, [ident(q) for q in quasi_identifiers])
    finally:
        con.close()


def _band_sql(col: str, width: int) -> str:
    low = f"CAST(floor(CAST({col} AS DOUBLE) / {width}) * {width} AS BIGINT)"
    return f"CAST({low} AS VARCHAR) || '-' || CAST({low} + {width - 1} AS VARCHAR)"


def _ladder(con: duckdb.DuckDBPyConnection, source: str, column: str, dtype: str) -> list[str]:
    """SQL expressions from finest (the value itself) to coarsest for one quasi-identifier."""
    col = ident(column)
    upper = dtype.upper()
    if upper.startswith(("DATE", "TIMESTAMP")):
        year = f"CAST(year({col}) AS VARCHAR)"
        decade = f"CAST(year({col}) // 10 * 10 AS VARCHAR) || 's'"
        return [col, f"strftime({col}, '%Y-%m')", year, decade]
    if upper in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE") or (
        upper.startswith(("DECIMAL", "U"))
    ):
        return [col] + [_band_sql(col, w) for w in (5, 10, 20, 50, 100)]
    if upper == "VARCHAR":
        rows = con.sql(
            f"SELECT bool_and(regexp_full_match({col}, '\\d{{5}}')), "
            f"bool_and(regexp_full_match({col}, '\\d{{4}}-\\d{{2}}(-\\d{{2}})?')), "
            f"bool_and(regexp_full_match({col}, '\\d+-\\d+')) "
            f"FROM {source} WHERE {col} IS NOT NULL"
        ).fetchall()
        postcode, iso, band = (bool(v) for v in rows[0])
        if postcode:
            return [col, f"left({col}, CASE WHEN left({col}, 2) = '97' THEN 3 ELSE 2 END)"]
        if iso:
            return [col, f"left({col}, 7)", f"left({col}, 4)"]
        if band:
            lower = f"split_part({col}, '-', 1)"
            return [col] + [_band_sql(lower, w) for w in (10, 20, 50, 100)]
    return [col]


def enforce_k(src: Path, dst: Path, quasi_identifiers: Sequence[str], k: int) -> KResult:
    """Write `src` to `dst` k-anonymous on the quasi-identifiers (row order kept).

    Small classes are suppressed when they hold at most 5 % of the rows; otherwise the
    quasi-identifier with the most distinct values is generalized one step and the test repeats.
    When no step is left, the remaining small classes are suppressed.
    """
    # Bounded memory: the ordered window over millions of rows spills to a temporary directory.
    con = connect()
    con.execute("SET memory_limit = '500MB'")
    con.execute(f"SET temp_directory = {lit(tempfile.gettempdir())}")
    try:
        source = f"read_parquet({lit(src)}, file_row_number = true)"
        described = {
            r[0]: r[1]
            for r in con.sql(f"DESCRIBE SELECT * FROM read_parquet({lit(src)})").fetchall()
        }
        ladders = {q: _ladder(con, source, q, described[q]) for q in quasi_identifiers}
        level = dict.fromkeys(quasi_identifiers, 0)
        rows_in = _scalar(con, f"SELECT count(*) FROM {source}")

        def view() -> str:
            replace = ", ".join(f"{ladders[q][level[q]]} AS {ident(q)}" for q in quasi_identifiers)
            return f"(SELECT * REPLACE ({replace}) FROM {source})"

        keys = ", ".join(ident(q) for q in quasi_identifiers)
        while True:
            small = _scalar(
                con,
                f"SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM {view()} "
                f"GROUP BY {keys}) WHERE n < {int(k)}",
            )
            if small == 0 or small <= MAX_SUPPRESSION * rows_in:
                break
            candidates = [q for q in quasi_identifiers if level[q] + 1 < len(ladders[q])]
            if not candidates:
                break
            distinct = {
                q: _scalar(con, f"SELECT count(DISTINCT {ident(q)}) FROM {view()}")
                for q in candidates
            }
            level[max(candidates, key=lambda q: distinct[q])] += 1
        with atomic_path(dst) as tmp:
            con.execute(
                f"COPY (SELECT * EXCLUDE (file_row_number) FROM {view()} "
                f"QUALIFY count(*) OVER (PARTITION BY {keys}) >= {int(k)} "
                f"ORDER BY file_row_number) TO {lit(tmp)} (FORMAT parquet, COMPRESSION zstd)"
            ).fetchall()
        rows_out = _scalar(con, f"SELECT count(*) FROM read_parquet({lit(dst)})")
        reached = k_anonymity(dst, quasi_identifiers) if rows_out else 0
        return KResult(
            k_requested=k,
            k_reached=reached,
            rows_in=rows_in,
            rows_out=rows_out,
            rows_suppressed=rows_in - rows_out,
            generalized={q: n for q, n in level.items() if n},
        )
    finally:
        con.close()
