"""The Validata `custom_checks` of SCDL/etalab schemas that frictionless ignores (R-SCHEMA-CUSTOM).

Each check becomes row predicates (`CellCheck`s) over the view `t` registered by
`table_schema.load_table`, counted in the same scan as the Table Schema checks; value checks
written in Python (SIRET checksums, the ACTES nomenclature) are DuckDB functions called once per
distinct value. Errors hold counts and first row numbers only. A check this module does not
implement fails closed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa
from stdnum.fr import siret

from opendata_pipeline.storage.sql import filled
from opendata_pipeline.validate.table_schema import (
    CellCheck,
    SchemaError,
    TableSchema,
    count_failures,
    literal,
    quote,
    register_function,
)

# R-SUBV-BENEFICIARY: the constant that replaces a masked natural-person beneficiary.
NATURAL_PERSON_PLACEHOLDER = "Personne physique"
_OPS = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "=", "=": "=", "!=": "<>"}


def _fold(text: str) -> str:
    """Lower case without accents, as Validata compares ACTES matter names."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


# The nine level-1 matters of the ACTES nomenclature, numbered as in its classification
# (`DELIB_MATIERE_CODE` 1.x to 9.x); the names are those Validata accepts before the "/".
ACTES_MATTERS = {
    1: "Commande publique",
    2: "Urbanisme",
    3: "Domaine et patrimoine",
    4: "Fonction publique",
    5: "Institutions et vie politique",
    6: "Libertés publiques et pouvoirs de police",
    7: "Finances locales",
    8: "Domaines de compétences par thèmes",
    9: "Autres domaines de compétences",
}
_FOLDED_MATTERS = {_fold(name): number for number, name in ACTES_MATTERS.items()}
# Level-2 codes per matter, as listed in the description of `DELIB_MATIERE_CODE`
# (scdl/deliberations 2.1.5): '1.1' à '1.7', '2.1' à '2.3', … '9.1' à '9.4'.
ACTES_SUBMATTERS = {1: 7, 2: 3, 3: 6, 4: 5, 5: 8, 6: 5, 7: 10, 8: 9, 9: 4}
ACTES_CODES = frozenset(f"{m}.{s}" for m, n in ACTES_SUBMATTERS.items() for s in range(1, n + 1))


def actes_name_problem(value: str) -> str | None:
    """Why a `DELIB_MATIERE_NOM` is refused by Validata's `nomenclature-actes-value`, or None.

    The level-1 name before the first "/" must be one of the nine ACTES matters (case and
    accents ignored), with no space before or after the "/".
    """
    if "/" not in value:
        return "le signe oblique « / » est manquant"
    prefix = value[: value.find("/")]
    if _fold(prefix) in _FOLDED_MATTERS and "/ " not in value:
        return None
    if _fold(prefix.rstrip()) in _FOLDED_MATTERS or "/ " in value:
        return "le signe oblique ne doit pas être précédé ni suivi d'espace"
    return "le préfixe n'est pas une matière de niveau 1 de la nomenclature ACTES"


def actes_matter(name: str) -> int | None:
    """The level-1 matter number of a valid ACTES name (`finances locales/…` → 7)."""
    if actes_name_problem(name) is not None:
        return None
    return _FOLDED_MATTERS[_fold(name[: name.find("/")])]


# Python value checks exposed to SQL: name → (function of one text value, its SQL type).
_VALUE_FUNCTIONS: dict[str, tuple[Callable[[str], Any], str]] = {
    "__siret_invalid": (lambda v: not siret.is_valid(v.strip()), "BOOLEAN"),
    "__actes_invalid": (lambda v: actes_name_problem(v) is not None, "BOOLEAN"),
    "__actes_matter": (actes_matter, "INTEGER"),
}


@cache
def _arrow(name: str) -> Callable[[pa.Array], pa.Array]:
    check, kind = _VALUE_FUNCTIONS[name]
    arrow_type = pa.bool_() if kind == "BOOLEAN" else pa.int32()
    seen: dict[str, Any] = {}

    def function(values: pa.Array) -> pa.Array:
        out = []
        for value in values.to_pylist():
            if value is not None and value not in seen:
                seen[value] = check(value)
            out.append(None if value is None else seen[value])
        return pa.array(out, type=arrow_type)

    return function


def register_value_functions(con: duckdb.DuckDBPyConnection) -> None:
    """Create the Python value checks on this connection (once)."""
    for name, (_, kind) in _VALUE_FUNCTIONS.items():
        register_function(con, name, _arrow(name), kind)


def _as_comparable(col: str) -> str:
    text = f"trim(CAST({col} AS VARCHAR))"
    return f"coalesce(TRY_CAST({text} AS DOUBLE), epoch(TRY_CAST({text} AS DATE)))"


def _check(name: str, field: str, failing: str, *, note: str = "", warn: bool = False) -> CellCheck:
    return CellCheck(field, name, note or name, failing, severity="WARN" if warn else "BLOCK")


def _actes(field: str, columns: set[str]) -> list[CellCheck]:
    """Validata's check of the names (BLOCK) and, as warnings, the codes listed by the schema and
    the agreement of each code with its name's matter (the schema asks for it; Validata does not
    check it, so the verdict stays Validata's)."""
    name = "nomenclature-actes-value"
    col = quote(field)
    checks = [
        _check(name, field, f"{filled(col)} AND __actes_invalid(CAST({col} AS VARCHAR))",
               note="nomenclature ACTES")
    ]  # fmt: skip
    code_field = "DELIB_MATIERE_CODE"
    if code_field in columns:
        code = f"trim(CAST({quote(code_field)} AS VARCHAR))"
        listed = ", ".join(literal(c) for c in sorted(ACTES_CODES))
        has_code = filled(quote(code_field))
        checks.append(
            _check(name, code_field, f"{has_code} AND {code} NOT IN ({listed})",
                   note="code ACTES hors de la liste du schéma", warn=True)
        )  # fmt: skip
        matter = f"__actes_matter(CAST({col} AS VARCHAR))"
        checks.append(
            _check(name, code_field,
                   f"{has_code} AND {code} IN ({listed}) AND {matter} IS NOT NULL "
                   f"AND {matter} <> TRY_CAST(split_part({code}, '.', 1) AS INTEGER)",
                   note="code et nom de matière discordants", warn=True)
        )  # fmt: skip
    return checks


def custom_checks(
    schema: TableSchema, columns: set[str]
) -> tuple[list[CellCheck], list[SchemaError]]:
    """Row checks of every declared custom check, and the errors of checks that cannot run
    (columns missing, unknown check or operator: fail closed)."""
    checks: list[CellCheck] = []
    errors: list[SchemaError] = []
    for declared in schema.custom_checks:
        name = str(declared.get("name"))
        params: dict[str, Any] = dict(declared.get("params", {}))
        involved = [
            str(v)
            for k, v in params.items()
            if k in ("column", "column1", "column2") and isinstance(v, str)
        ] + [str(c) for k in ("othercolumns", "columns") for c in params.get(k, [])]
        absent = [c for c in involved if c not in columns]
        field = str(params.get("column") or params.get("column1") or "")
        col = quote(field)
        if name in ("french-siret-value", "year-interval-value", "nomenclature-actes-value"):
            if absent:
                continue  # an absent optional column has no value (a missing required: R-SCHEMA)
        elif name != "one-of-required" and absent:
            errors.append(SchemaError(name, field, 1, f"colonnes absentes : {', '.join(absent)}"))
            continue
        if name == "french-siret-value":
            failing = f"{filled(col)} AND __siret_invalid(CAST({col} AS VARCHAR))"
            checks.append(_check(name, field, failing))
        elif name == "nomenclature-actes-value":
            checks.extend(_actes(field, columns))
        elif name == "one-of-required":
            pair = [c for c in (params["column1"], params["column2"]) if c in columns]
            empty = " AND ".join(f"NOT {filled(quote(c))}" for c in pair) or "TRUE"
            if "nomBeneficiaire" not in columns:
                checks.append(_check(name, field, empty))
                continue
            masked = f"{quote('nomBeneficiaire')} = {literal(NATURAL_PERSON_PLACEHOLDER)}"
            checks.append(_check(name, field, f"({empty}) AND NOT ({masked})"))
            # legal-rules precedence 3: a masked natural person → WARN
            checks.append(_check(name, field, f"({empty}) AND ({masked})", warn=True))
        elif name == "compare-columns-value":
            op = _OPS.get(str(params.get("op")))
            if op is None:
                errors.append(SchemaError(name, field, 1, "opérateur inconnu"))
                continue
            left, right = _as_comparable(col), _as_comparable(quote(params["column2"]))
            failing = f"{left} IS NOT NULL AND {right} IS NOT NULL AND NOT ({left} {op} {right})"
            checks.append(_check(name, field, failing))
        elif name == "cohesive-columns-value":
            cols = [quote(c) for c in [params["column"], *params["othercolumns"]]]
            count = " + ".join(f"CAST({filled(c)} AS INTEGER)" for c in cols)
            checks.append(_check(name, field, f"({count}) NOT IN (0, {len(cols)})"))
        elif name == "sum-columns-value":
            total = _as_comparable(col)
            parts = [_as_comparable(quote(c)) for c in params["columns"]]
            known = " AND ".join(f"{p} IS NOT NULL" for p in [total, *parts])
            checks.append(_check(name, field, f"{known} AND {total} <> {' + '.join(parts)}"))
        elif name == "year-interval-value":
            text = f"trim(CAST({col} AS VARCHAR))"
            year_only = str(params.get("allow-year-only", "no")).lower() == "yes"
            interval = (
                f"(regexp_full_match({text}, '\\d{{4}}/\\d{{4}}') "
                f"AND split_part({text}, '/', 1) < split_part({text}, '/', 2))"
            )
            ok = f"({interval} OR regexp_full_match({text}, '\\d{{4}}'))" if year_only else interval
            checks.append(_check(name, field, f"{filled(col)} AND NOT {ok}"))
        else:  # a check Validata has and this module does not: fail closed
            errors.append(
                SchemaError(name, field, 1, "contrôle non disponible dans le pipeline (bloquant)")
            )
    return checks, errors


def run_custom_checks(
    con: duckdb.DuckDBPyConnection, schema: TableSchema, columns: set[str]
) -> list[SchemaError]:
    """All custom checks the schema declares, counted on `t` (empty list = passed)."""
    checks, errors = custom_checks(schema, columns)
    register_value_functions(con)
    for check, count, rows in count_failures(con, checks):
        if count:
            errors.append(check.error(count, rows))
    return errors
