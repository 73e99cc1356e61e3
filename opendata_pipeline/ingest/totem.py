"""TOTEM budget documents → one row per budget line.

`<DocumentBudgetaire>` is the XML every French local authority sends to the prefecture for
each budget act (budget primitif, décision modificative, compte administratif), made with the
TotEM tool; its values are attributes `V="…"`. Every `LigneBudget` becomes a row: its elements'
values (`<Nature V="6064"/>` → `Nature` = `6064`), the repeated `MtSup` / `CaracSup` elements as
`MtSup_<Code>` columns, and the document's identification repeated on every line: the
`EnTeteDocBudgetaire`, then each budget's `EnTeteBudget` and `BlocBudget` (authority and its
SIRET, fiscal year `Exer`, nature of the act `NatDec`, nomenclature such as `M57`).
Amounts (`Mt…`, `CredOuv`) are numbers, `Exer` an integer, `true`/`false` booleans and ISO
dates dates; every other value — the nomenclature codes (`Nature`, `Fonction`, `ContNat`,
`Chapitre`, `CodRD`…) — stays text with its leading zeros.

The XML reader sends a `DocumentBudgetaire` here when no `record_path` is set; the annexes
(`DATA_CONCOURS`, `DATA_EMPRUNT`…) are read with `record_path: //CONCOURS` and the like.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from opendata_pipeline.ingest.detect import Refused
from opendata_pipeline.ingest.discover import local
from opendata_pipeline.ingest.records import DEC_TEXT, INT_TEXT, ISO_DATE

ROOT = "DocumentBudgetaire"
LINE = "LigneBudget"
RECORD_PATH = "//" + LINE
DOCUMENT_HEADER = "EnTeteDocBudgetaire"
BUDGET_HEADERS = ("EnTeteBudget", "BlocBudget")
_AMOUNT = re.compile(r"^(Mt|CredOuv)")


def is_totem(root: ET.Element) -> bool:
    """Whether `root` is a TOTEM budget document."""
    return local(root.tag) == ROOT


def budget_lines(root: ET.Element, dataset: str, file: str) -> list[dict[str, Any]]:
    """The budget lines of the document, each with the identification of its budget."""
    document = _header(root, (DOCUMENT_HEADER,))
    budgets = [e for e in root.iter() if local(e.tag) == "Budget"] or [root]
    rows = [
        {**document, **_header(budget, BUDGET_HEADERS), **_values(line)}
        for budget in budgets
        for line in budget.iter()
        if local(line.tag) == LINE
    ]
    if not rows:
        raise Refused(
            dataset, "no_records", "document budgétaire TOTEM sans ligne budgétaire (LigneBudget)",
            file=file,
        )  # fmt: skip
    return rows


def column_types(rows: list[dict[str, Any]]) -> dict[str, str]:
    """DuckDB type of each column: amounts, the year, booleans, dates; codes stay text."""
    names = dict.fromkeys(name for row in rows for name in row)
    types: dict[str, str] = {}
    for name in names:
        values = [str(row[name]).strip() for row in rows if row.get(name) not in (None, "")]
        if _AMOUNT.match(name) and all(
            INT_TEXT.fullmatch(v) or DEC_TEXT.fullmatch(v) for v in values
        ):
            types[name] = "DOUBLE"
        elif name == "Exer" and all(INT_TEXT.fullmatch(v) for v in values):
            types[name] = "BIGINT"
        elif values and all(v in ("true", "false") for v in values):
            types[name] = "BOOLEAN"
        elif values and all(ISO_DATE.fullmatch(v) for v in values):
            types[name] = "DATE"
        else:
            types[name] = "VARCHAR"
    return types


def _header(scope: ET.Element, names: tuple[str, ...]) -> dict[str, Any]:
    """The values of the header elements `names` under `scope` (outside its budget lines)."""
    row: dict[str, Any] = {}
    for element in scope.iter():
        if local(element.tag) in names:
            row.update(_values(element))
    return row


def _values(element: ET.Element) -> dict[str, Any]:
    """`<Tag V="x"/>` children as {Tag: x}; a child with a `Code` as {Tag_<Code>: x}."""
    row: dict[str, Any] = {}
    for child in element:
        value = child.get("V")
        if value is not None:
            code = child.get("Code")
            row[f"{local(child.tag)}_{code}" if code else local(child.tag)] = value
    return row
