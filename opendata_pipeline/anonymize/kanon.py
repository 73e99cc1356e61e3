"""k-anonymity (and ℓ-diversity) on quasi-identifiers: measure it, and reach it by climbing the
generalization hierarchies first, then masking the quasi-identifiers of the few rows left in
classes that are too small — at most a capped share of the rows. A quasi-identifier none of
whose levels fits the cap goes to `*` (the whole column as one value, with a French warning);
a French error only when k (or ℓ) is impossible even then.

The search works on the table of distinct quasi-identifier combinations (with their row
counts), never on the rows: from the coarsest levels down, it keeps lowering the level whose
refinement costs the least, while suppression stays under the cap. Information loss per column
is the share of the column's entropy lost at the level chosen (0 = intact, 1 = nothing left).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import duckdb
import pyarrow as pa

from ..storage.paths import atomic_path
from ..storage.sql import connect, ident, lit
from .generalize import REDACTED
from .hierarchies import IDENTITY, Level, ladder
from .policy import MAX_SUPPRESSION

SUPPRESSED = "*"  # a quasi-identifier hidden in a row of a too-small class
# The top of every hierarchy: the whole column as one value, used only when no finer level of
# it reaches k within the suppression cap.
STAR = Level("*", "entièrement généralisée (*)", lambda value: SUPPRESSED)
_NULL = "\uffff"  # an empty value in join keys (a Unicode non-character: never in data)
P_MAX = 0.9  # R-ANON-L: in a class of P_MAX_FROM rows or more, no sensitive value above 90 %
P_MAX_FROM = 10


class KAnonymityError(ValueError):
    """k (and ℓ) cannot be reached even with every quasi-identifier fully generalized."""


@dataclass
class ColumnLoss:
    """What k-anonymity cost one quasi-identifier (counts only, never values)."""

    column: str
    level: str  # level name, "value" when unchanged
    label: str  # French
    steps: int  # levels climbed by k-anonymity
    distinct_before: int
    distinct_after: int
    cells_generalized: int  # rows whose value was coarsened (suppressed rows apart)
    loss: float  # share of the column's information (entropy) lost, 0..1


@dataclass
class KResult:
    """What k-enforcement did (counts and levels only)."""

    k_requested: int
    k_reached: int
    rows_in: int
    rows_out: int
    rows_suppressed: int  # rows of too-small classes: quasi-identifiers masked, or removed
    rows_removed: int  # when those rows are too few (or not diverse) to form a class
    max_suppression: float
    l_requested: int | None = None
    l_reached: int | None = None
    losses: list[ColumnLoss] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # French, column names only


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.sql(sql).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def k_anonymity(path: Path, quasi_identifiers: Sequence[str]) -> int:
    """Size of the smallest equivalence class over the quasi-identifiers (0 for an empty file).

    Empty values form a class of their own. With no quasi-identifier every row is alike.
    """
    con = connect()
    try:
        source = f"read_parquet({lit(path)})"
        if not quasi_identifiers:
            return _scalar(con, f"SELECT count(*) FROM {source}")
        group = ", ".join(ident(q) for q in quasi_identifiers)
        return _scalar(
            con, f"SELECT min(n) FROM (SELECT count(*) AS n FROM {source} GROUP BY {group})"
        )
    finally:
        con.close()


def l_diversity(path: Path, quasi_identifiers: Sequence[str], sensitive: Sequence[str]) -> int:
    """Fewest distinct values of a sensitive attribute within one class (0 for an empty file);
    an attribute with a single value in the whole file is not counted (R-ANON-L)."""
    con = connect()
    try:
        source = f"read_parquet({lit(path)})"
        group = ", ".join(ident(q) for q in quasi_identifiers) or "true"
        worst: int | None = None
        for s in sensitive:
            if _scalar(con, f"SELECT count(DISTINCT {ident(s)}) FROM {source}") <= 1:
                continue
            d = _scalar(
                con,
                f"SELECT min(d) FROM (SELECT count(DISTINCT coalesce(CAST({ident(s)} AS VARCHAR), "
                f"{lit(_NULL)})) AS d FROM {source} GROUP BY {group})",
            )
            worst = d if worst is None else min(worst, d)
        return worst if worst is not None else _scalar(con, f"SELECT count(*) > 0 FROM {source}")
    finally:
        con.close()


def _entropy(counts: Sequence[int]) -> float:
    total = sum(counts)
    return -sum(c / total * math.log(c / total) for c in counts if c) if total else 0.0


@dataclass
class _Hierarchy:
    """One quasi-identifier's useful levels, as a DuckDB table `m<i>`: the value `v`, its text
    `t<a>` and class number `i<a>` at each level `a` (`i0` numbers the values themselves)."""

    column: str
    levels: list[Level]
    loss: list[float]
    distinct: list[int]
    star: bool  # the last level is STAR

    @property
    def coarsest(self) -> int:
        """The coarsest level short of STAR."""
        return len(self.levels) - 1 - self.star


def _key(column: str, table: str = "") -> str:
    return f"coalesce(CAST({table}{ident(column)} AS VARCHAR), {lit(_NULL)})"


class _Search:
    """The distinct combinations of one file and the evaluation of a choice of levels."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        source: str,
        qis: Sequence[str],
        sensitive: Sequence[str],
        k: int,
        l_min: int,
    ) -> None:
        self.con: duckdb.DuckDBPyConnection = con
        self.qis, self.k, self.l_min = list(qis), k, l_min
        self.sensitive_names = list(sensitive)
        cols = [f"{_key(q)} AS q{i}" for i, q in enumerate(qis)]
        cols += [f"{_key(s)} AS s{j}" for j, s in enumerate(sensitive)]
        con.execute(
            f"CREATE TEMP TABLE f AS SELECT {', '.join(cols)}, count(*) AS n FROM {source} GROUP BY ALL"
        )
        self.rows = _scalar(con, "SELECT sum(n) FROM f")
        # A sensitive attribute with one value in the whole file is not subject to ℓ (R-ANON-L).
        self.sensitive = [
            j
            for j in range(len(sensitive))
            if _scalar(con, f"SELECT count(DISTINCT s{j}) FROM f") > 1
        ]
        self.hierarchies = [self._hierarchy(i, q) for i, q in enumerate(qis)]
        # The combinations as value numbers: every evaluation joins small integer tables.
        codes = ", ".join(f"m{i}.i0 AS c{i}" for i in range(len(qis)))
        sens = "".join(f", f.s{j}" for j in range(len(sensitive)))
        joins = " ".join(f"JOIN m{i} ON f.q{i} = m{i}.v" for i in range(len(qis)))
        con.execute(f"CREATE TEMP TABLE fc AS SELECT {codes}{sens}, f.n FROM f {joins}")
        con.execute("DROP TABLE f")
        self.memo: dict[tuple[int, ...], int] = {}

    def _hierarchy(self, i: int, column: str) -> _Hierarchy:
        pairs = self.con.sql(f"SELECT q{i}, sum(n) FROM f GROUP BY 1").fetchall()
        values = [str(v) for v, _ in pairs]
        counts = [int(n) for _, n in pairs]
        texts = [v for v in values if v != _NULL and v.strip()]
        kept: list[Level] = []
        table: dict[str, list[str] | list[int]] = {"v": values}
        distinct: list[int] = []
        entropy: list[float] = []
        for level in [*(ladder(texts, column) if texts else [IDENTITY]), STAR]:
            mapped = [
                v
                if (v == _NULL or not v.strip()) and level is not STAR
                else (level.coarsen(v) or REDACTED)
                for v in values
            ]
            sizes: dict[str, int] = {}
            for g, n in zip(mapped, counts, strict=True):
                sizes[g] = sizes.get(g, 0) + n
            if distinct and len(sizes) >= distinct[-1]:
                continue  # merges nothing: not worth a step
            number = {g: c for c, g in enumerate(sizes)}
            table[f"t{len(kept)}"] = mapped
            table[f"i{len(kept)}"] = [number[g] for g in mapped]
            kept.append(level)
            distinct.append(len(sizes))
            entropy.append(_entropy(list(sizes.values())))
        self.con.register(f"m{i}_arrow", pa.table(table))
        self.con.execute(f"CREATE TEMP TABLE m{i} AS SELECT * FROM m{i}_arrow")
        self.con.unregister(f"m{i}_arrow")
        base = entropy[0]
        loss = [1 - e / base if base else 0.0 for e in entropy]
        return _Hierarchy(column, kept, loss, distinct, kept[-1] is STAR)

    def top(self) -> tuple[int, ...]:
        """The coarsest levels short of STAR."""
        return tuple(h.coarsest for h in self.hierarchies)

    def starred(self, cap: int) -> tuple[int, ...] | None:
        """The coarsest levels with the fewest columns at STAR that keep suppression within
        `cap` (the least information lost among those), or None when even all at STAR fail."""
        top = self.top()
        can = [i for i, h in enumerate(self.hierarchies) if h.star]
        for size in range(1, len(can) + 1):
            fits = []
            for group in combinations(can, size):
                node = tuple(a + (i in group) for i, a in enumerate(top))
                if self.suppressed(node) <= cap:
                    fits.append((self.objective(node), node))
            if fits:
                return min(fits)[1]
        return None

    def _keys(self, node: Sequence[int]) -> str:
        return ", ".join(f"m{i}.i{a} AS k{i}" for i, a in enumerate(node))

    def _joins(self) -> str:
        return " ".join(f"JOIN m{i} ON fc.c{i} = m{i}.i0" for i in range(len(self.qis)))

    def classes(self, node: Sequence[int]) -> str:
        """SQL of the classes of `node`: keys k0…, size, and `bad` (too small or not diverse)."""
        keys = ", ".join(f"k{i}" for i in range(len(self.qis)))
        sens = "".join(f", fc.s{j}" for j in self.sensitive)
        grouped = (
            f"SELECT {self._keys(node)}{sens}, sum(fc.n) AS n FROM fc {self._joins()} GROUP BY ALL"
        )
        parts = [f"c AS (SELECT {keys}, sum(n) AS size FROM g GROUP BY ALL)"]
        bad = [f"c.size < {int(self.k)}"]
        joins = ""
        for j in self.sensitive:
            parts.append(
                f"d{j} AS (SELECT {keys}, count(*) AS d, max(n) AS top FROM (SELECT {keys}, s{j}, "
                f"sum(n) AS n FROM g GROUP BY ALL) GROUP BY ALL)"
            )
            joins += f" JOIN d{j} USING ({keys})"
            bad.append(f"d{j}.d < {int(self.l_min)}")
            bad.append(f"(c.size >= {P_MAX_FROM} AND d{j}.top > {P_MAX} * c.size)")
        return (
            f"WITH g AS ({grouped}), {', '.join(parts)} SELECT {keys}, c.size, "
            f"({' OR '.join(bad)}) AS bad FROM c{joins}"
        )

    def suppressed(self, node: tuple[int, ...]) -> int:
        """Rows in classes that fail k (or ℓ) at these levels."""
        if node not in self.memo:
            self.memo[node] = _scalar(
                self.con, f"SELECT coalesce(sum(size), 0) FROM ({self.classes(node)}) WHERE bad"
            )
        return self.memo[node]

    def objective(self, node: tuple[int, ...]) -> float:
        """Mean information loss over the quasi-identifiers plus the share of suppressed rows."""
        mean = sum(h.loss[a] for h, a in zip(self.hierarchies, node, strict=True)) / len(node)
        return mean + self.suppressed(node) / max(self.rows, 1)

    def descend(self, node: tuple[int, ...], cap: int) -> tuple[int, ...]:
        """From `node`, lower one level at a time while suppression stays within `cap`, taking
        each time the refinement that leaves the lowest objective."""
        best = self.objective(node)
        while True:
            options = []
            for i, a in enumerate(node):
                if a > 0:
                    finer = (*node[:i], a - 1, *node[i + 1 :])
                    if self.suppressed(finer) <= cap:
                        options.append((self.objective(finer), finer))
            if not options or min(options)[0] >= best - 1e-12:
                return node
            best, node = min(options)


def percent(share: float) -> str:
    """A share written the French way: 4,5 %."""
    return f"{share * 100:.1f} %".replace(".", ",").replace(",0 %", " %")


def _unreachable(search: _Search) -> str:
    """The French message when even every quasi-identifier fully generalized fails k or ℓ."""
    rows, k = search.rows, search.k
    what = f"k = {k}" + (f" et ℓ = {search.l_min}" if search.sensitive else "")
    if rows < k:
        return (
            f"{what} inatteignable : le fichier ne compte que {rows} ligne(s), moins que k "
            "(aucun niveau de généralisation ne peut former une classe assez grande)"
        )
    reasons = []
    for j in search.sensitive:
        [(distinct, top)] = search.con.execute(
            f"SELECT count(*), max(n) FROM (SELECT s{j}, sum(n) AS n FROM fc GROUP BY 1)"
        ).fetchall()
        column = f"« {search.sensitive_names[j]} »"
        if distinct < search.l_min:
            reasons.append(f"{column} n'a que {distinct} valeur(s) distincte(s) dans le fichier")
        elif rows >= P_MAX_FROM and top > P_MAX * rows:
            reasons.append(
                f"une valeur de {column} couvre plus de {percent(P_MAX)} des lignes du fichier"
            )
    return (
        f"{what} inatteignable même en généralisant entièrement les quasi-identifiants (*) : "
        f"{' ; '.join(reasons) or 'le fichier entier ne forme pas une classe valide'}. "
        "Retirer cet attribut des attributs sensibles ou baisser l_diversity."
    )


def enforce_k(
    src: Path,
    dst: Path,
    quasi_identifiers: Sequence[str],
    k: int,
    *,
    max_suppression: float = MAX_SUPPRESSION,
    sensitive: Sequence[str] = (),
    l_min: int = 2,
) -> KResult:
    """Write `src` to `dst` k-anonymous (and ℓ-diverse on `sensitive`) on the
    quasi-identifiers, row order kept.

    Levels are climbed as little as the suppression cap allows; the quasi-identifiers of rows
    still in too-small classes become `*` (they form one class, itself at least k rows and
    ℓ-diverse, else those rows are removed). A quasi-identifier no finer level of which fits
    the cap is fully generalized (`*`, with a warning naming it); `KAnonymityError` only when
    even every quasi-identifier fully generalized fails k or ℓ.
    """
    con = connect()
    con.execute("SET memory_limit = '500MB'")  # the ordered copy spills instead of growing
    try:
        search = _Search(con, f"read_parquet({lit(src)})", quasi_identifiers, sensitive, k, l_min)
        rows_in = search.rows
        cap = math.floor(max_suppression * rows_in + 1e-9)
        start = search.top()
        if search.suppressed(start) > cap:
            starred = search.starred(cap)
            if starred is None:
                raise KAnonymityError(_unreachable(search))
            start = starred
        node = search.descend(start, cap)
        warnings = [
            f"k = {k} : aucun niveau plus fin de « {h.column} » n'atteint k en masquant au plus "
            f"{percent(max_suppression)} des lignes ; colonne entièrement généralisée (*)"
            for h, a in zip(search.hierarchies, node, strict=True)
            if h.star and a == len(h.levels) - 1
        ]
        suppressed = search.suppressed(node)
        con.execute(f"CREATE TEMP TABLE bad AS SELECT * FROM ({search.classes(node)}) WHERE bad")
        removed = suppressed if suppressed and not _star_class_ok(search, node) else 0
        _write(con, src, dst, search, node, masked=bool(suppressed) and not removed)
        rows_out = rows_in - removed
        losses = [_loss(search, node, i) for i in range(len(node))]
        result = KResult(
            k_requested=k,
            k_reached=k_anonymity(dst, quasi_identifiers) if rows_out else 0,
            rows_in=rows_in,
            rows_out=rows_out,
            rows_suppressed=suppressed,
            rows_removed=removed,
            max_suppression=max_suppression,
            losses=losses,
            warnings=warnings,
        )
        if sensitive:
            result.l_requested = l_min
            result.l_reached = l_diversity(dst, quasi_identifiers, sensitive) if rows_out else 0
        return result
    finally:
        con.close()


def _joined_bad(search: _Search, node: Sequence[int], fact: str) -> str:
    """Joins from `fact` (aliased f, with q-columns or the raw columns) to the levels and to
    the `bad` classes (alias b; b.k0 is not null in a bad class)."""
    on = " AND ".join(f"b.k{i} = m{i}.i{a}" for i, a in enumerate(node))
    return f"{fact} LEFT JOIN bad b ON {on}"


def _star_class_ok(search: _Search, node: Sequence[int]) -> bool:
    """Whether the masked rows, together, form a class of at least k rows, ℓ-diverse."""
    where = f"FROM fc {search._joins()} {_joined_bad(search, node, '')} WHERE b.k0 IS NOT NULL"
    size = _scalar(search.con, f"SELECT sum(fc.n) {where}")
    if size < search.k:
        return False
    for j in search.sensitive:
        [row] = search.con.execute(
            f"SELECT count(*), max(n) FROM (SELECT fc.s{j}, sum(fc.n) AS n {where} GROUP BY 1)"
        ).fetchall()
        if row[0] < search.l_min or (size >= P_MAX_FROM and row[1] > P_MAX * size):
            return False
    return True


def _write(
    con: duckdb.DuckDBPyConnection,
    src: Path,
    dst: Path,
    search: _Search,
    node: Sequence[int],
    *,
    masked: bool,
) -> None:
    """Copy `src` to `dst` with the chosen levels: rows of bad classes get `*` quasi-identifiers
    (`masked`) or are left out."""
    columns = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM read_parquet({lit(src)})").fetchall()]
    position = {q: i for i, q in enumerate(search.qis)}
    select = []
    for name in columns:
        i = position.get(name)
        if i is None or (node[i] == 0 and not masked):
            select.append(f"s.{ident(name)}")
            continue
        value = f"nullif(m{i}.t{node[i]}, {lit(_NULL)})"
        if masked:
            value = f"CASE WHEN b.k0 IS NOT NULL THEN {lit(SUPPRESSED)} ELSE {value} END"
        select.append(f"{value} AS {ident(name)}")
    joins = " ".join(f"JOIN m{i} ON {_key(q, 's.')} = m{i}.v" for i, q in enumerate(search.qis))
    fact = f"read_parquet({lit(src)}, file_row_number = true) s {joins}"
    keep = "" if masked else "WHERE b.k0 IS NULL"
    with atomic_path(dst) as tmp:
        con.execute(
            f"COPY (SELECT {', '.join(select)} FROM {_joined_bad(search, node, fact)} {keep} "
            f"ORDER BY s.file_row_number) TO {lit(tmp)} (FORMAT parquet, COMPRESSION zstd)"
        ).fetchall()


def _loss(search: _Search, node: Sequence[int], i: int) -> ColumnLoss:
    h, a = search.hierarchies[i], node[i]
    generalized = _scalar(
        search.con,
        f"SELECT coalesce(sum(fc.n), 0) FROM fc {search._joins()} "
        f"{_joined_bad(search, node, '')} WHERE b.k0 IS NULL AND m{i}.t{a} <> m{i}.v",
    )
    return ColumnLoss(
        column=h.column,
        level=h.levels[a].name,
        label=h.levels[a].label,
        steps=a,
        distinct_before=h.distinct[0],
        distinct_after=h.distinct[a],
        cells_generalized=generalized,
        loss=round(h.loss[a], 3),
    )
