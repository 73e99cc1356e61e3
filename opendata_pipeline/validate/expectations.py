"""Great Expectations 1.x suites built from a Table Schema, with metrics computed in DuckDB.

GE on a pandas frame costs ~8x a DuckDB COPY of the file (stack-notes). Here every expectation's
metric (unexpected count) is one SQL predicate of `table_schema`, all counted in one DuckDB scan
of the Parquet file (plus one scan for the identifier patterns); GE receives these metrics as
`ExpectationValidationResult`s, keeps the suite and the validation result, and renders its Data
Docs. GE is imported only inside the functions (4-5 s import) and never scans the data itself.
See `bench/validate_speed.py` for the measurement.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from opendata_pipeline import settings
from opendata_pipeline.storage.paths import signature
from opendata_pipeline.validate import identifiers
from opendata_pipeline.validate.table_schema import (
    CellCheck,
    TableSchema,
    count_failures,
    label_errors,
    load_schema,
    load_table,
    schema_checks,
)

# Expectation type for each Table Schema constraint (the metric is the SQL predicate's count).
_GE_TYPES = {
    "required": "expect_column_values_to_not_be_null",
    "pattern": "expect_column_values_to_match_regex",
    "enum": "expect_column_values_to_be_in_set",
    "minimum": "expect_column_values_to_be_between",
    "maximum": "expect_column_values_to_be_between",
    "exclusiveMinimum": "expect_column_values_to_be_between",
    "exclusiveMaximum": "expect_column_values_to_be_between",
    "minLength": "expect_column_value_lengths_to_be_between",
    "maxLength": "expect_column_value_lengths_to_be_between",
    "unique": "expect_column_values_to_be_unique",
    "primaryKey": "expect_column_values_to_be_unique",
    "type": "expect_column_values_to_match_regex",
}
_TYPE_REGEX = {
    "integer": r"^\s*[+-]?\d+\s*$",
    "number": r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$",
    "date": r"^\d{4}-\d{1,2}-\d{1,2}$",
}


@dataclass(frozen=True)
class Expectation:
    """One expectation with the metric measured in DuckDB."""

    type: str
    kwargs: dict[str, Any]
    element_count: int
    unexpected_count: int
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return self.unexpected_count == 0


@dataclass
class ExpectationsOutcome:
    """All expectations of a dataset's suite and where the Data Docs were written."""

    suite_name: str
    expectations: list[Expectation]
    data_docs: Path | None = None
    written: list[Path] = field(default_factory=list)  # the Data Docs files (re)written

    @property
    def success(self) -> bool:
        return all(e.success for e in self.expectations)

    @property
    def failed(self) -> list[Expectation]:
        return [e for e in self.expectations if not e.success]


def _kwargs(check: CellCheck, fld: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"column": check.field}
    spec = check.spec
    name = check.constraint
    if name == "pattern":
        kwargs["regex"] = f"^{spec}$"
    elif name == "enum":
        kwargs["value_set"] = list(spec)
    elif name in ("minimum", "exclusiveMinimum"):
        kwargs.update(min_value=spec, strict_min=name == "exclusiveMinimum")
    elif name in ("maximum", "exclusiveMaximum"):
        kwargs.update(max_value=spec, strict_max=name == "exclusiveMaximum")
    elif name == "minLength":
        kwargs["min_value"] = spec
    elif name == "maxLength":
        kwargs["max_value"] = spec
    elif name == "type":
        kwargs["regex"] = _TYPE_REGEX.get(str(fld.get("type")), ".*")
    return kwargs


def measure(
    data: Path,
    schema: TableSchema | str | Path | None,
    *,
    public_columns: list[str] | tuple[str, ...] = (),
    con: duckdb.DuckDBPyConnection | None = None,
) -> list[Expectation]:
    """Compute every expectation's metric on `data` (CSV or Parquet) in DuckDB."""
    table = load_table(data, con)
    rows = table.rows
    out: list[Expectation] = []
    text_columns = [
        c
        for c in table.headers
        if table.column_types[c].upper() == "VARCHAR" and c not in public_columns
    ]
    first_pass = identifiers.first_pass_checks(text_columns) if text_columns else []
    checks: list[CellCheck] = []
    fields: dict[str, dict[str, Any]] = {}
    if schema is not None:
        schema = schema if isinstance(schema, TableSchema) else load_schema(schema)
        fields = {f["name"]: f for f in schema.fields}
        for err in label_errors(schema, table.headers):
            if err.code == "missing-label" and err.field:
                out.append(
                    Expectation(
                        "expect_column_to_exist",
                        {"column": err.field},
                        rows,
                        1,
                        {"table_schema": "required column"},
                    )
                )
        checks = schema_checks(schema, table.column_types)
    # one scan: every schema metric and the identifier first pass
    counted = count_failures(table.con, checks + first_pass)
    for check, count, _first in counted[: len(checks)]:
        if check.constraint not in _GE_TYPES:  # e.g. jsonSchema: R-SCHEMA reports it, GE has none
            continue
        meta = {"table_schema": check.constraint, "code": check.code}
        out.append(
            Expectation(
                _GE_TYPES[check.constraint], _kwargs(check, fields[check.field]), rows, count, meta
            )
        )
    tail = [n for _check, n, _row in counted[len(checks) :]]
    first = {c: (tail[2 * i], tail[2 * i + 1]) for i, c in enumerate(text_columns)}
    hits = identifiers.scan_identifiers(table.con, text_columns, first=first)
    regexes = [identifiers.SQL_PATTERNS[k] for k in identifiers.VALIDATED_KINDS]
    for column in text_columns:
        kinds = hits.get(column, {})
        out.append(
            Expectation(
                "expect_column_values_to_not_match_regex_list",
                {"column": column, "regex_list": regexes},
                rows,
                sum(kinds.values()),
                {"legal_rule": "R-ANON-DIRECT-ID", "kinds": kinds},
            )
        )
    return out


def _quiet_ge() -> None:
    """No progress bars, no usage statistics, no info chatter from GE."""
    settings.quiet_libraries()
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def build_data_docs(
    suite_name: str, expectations: list[Expectation], out_dir: Path, *, run_name: str
) -> Path:
    """Record the suite and its validation result in a GE file context under `out_dir/ge`,
    build GE Data Docs there and return the path of their index.html."""
    _quiet_ge()
    import great_expectations as gx
    from great_expectations.core import (
        ExpectationSuite,
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )
    from great_expectations.expectations.registry import get_expectation_impl

    context = gx.get_context(mode="file", project_root_dir=str(out_dir / "ge"))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.save()
    if any(s.name == suite_name for s in context.suites.all()):
        context.suites.delete(suite_name)
    suite = context.suites.add(ExpectationSuite(name=suite_name))
    results = []
    for exp in expectations:
        impl = get_expectation_impl(exp.type)
        expectation = suite.add_expectation(impl(**exp.kwargs, meta=exp.meta))
        percent = 100.0 * exp.unexpected_count / exp.element_count if exp.element_count else 0.0
        results.append(
            ExpectationValidationResult(
                success=exp.success,
                expectation_config=expectation.configuration,
                result={
                    "element_count": exp.element_count,
                    "unexpected_count": exp.unexpected_count,
                    "unexpected_percent": percent,
                    "partial_unexpected_list": [],  # never a raw value
                },
            )
        )
    ok = sum(e.success for e in expectations)
    validation = ExpectationSuiteValidationResult(
        success=ok == len(expectations),
        results=results,
        suite_name=suite_name,
        statistics={
            "evaluated_expectations": len(expectations),
            "successful_expectations": ok,
            "unsuccessful_expectations": len(expectations) - ok,
            "success_percent": 100.0 * ok / len(expectations) if expectations else 100.0,
        },
        meta={"metrics_engine": "duckdb"},
    )
    key = ValidationResultIdentifier(
        expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite_name),
        run_id=RunIdentifier(run_name=run_name),
        batch_identifier="clean",
    )
    context.validation_results_store.set(key, validation)
    context.build_data_docs()
    return out_dir / "ge" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def run_expectations(
    data: Path,
    schema: TableSchema | str | Path | None,
    *,
    suite_name: str,
    public_columns: list[str] | tuple[str, ...] = (),
    docs_dir: Path | None = None,
    run_name: str = "run",
) -> ExpectationsOutcome:
    """Measure the suite on `data`; with `docs_dir` (reports/<id>/) also build GE Data Docs."""
    expectations = measure(data, schema, public_columns=public_columns)
    outcome = ExpectationsOutcome(suite_name, expectations)
    if docs_dir is not None:
        ge = docs_dir / "ge"  # GE names no file it writes: those whose signature changed
        before = {p: signature(p) for p in ge.rglob("*")}
        outcome.data_docs = build_data_docs(suite_name, expectations, docs_dir, run_name=run_name)
        outcome.written = sorted(
            p for p in ge.rglob("*") if p.is_file() and signature(p) != before.get(p)
        )
    return outcome
