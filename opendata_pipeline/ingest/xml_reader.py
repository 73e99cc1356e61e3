"""`xml` source kind: XML records (attributes and child elements) to typed Parquet.

Parsed with defusedxml: entity declarations (billion laughs, external entities) and external
references are refused, and the file is rejected with a clear error. Text lines before the
root (a title) are skipped with a warning; a file without an encoding declaration that is not
UTF-8 is decoded as sniffed. An XML Schema (XSD) is refused: it describes data, it holds none.

Catalogue entry fields:
- `record_path`: slash-separated element names from the root, root included (`park`,
  `vcs/sl/si`), or `//name` for every `name` element at any depth. Namespaces are ignored.
  Default: found in the document (see `discover`): the dominant repeated element (`vcs/sl/si`
  for the old Vélomagg XML; `//Compte` for accounts nested in accounts, each keeping its
  parent's fields as `parent_<field>`), each record keeping the fields of the repeated
  elements around it as `<element>_<field>`; a TOTEM budget (`DocumentBudgetaire`) gives its
  budget lines (see `totem`); a document where nothing repeats is one record (the FR_MTP_*.xml
  car-park feed); one where no element clearly dominates is refused with the three best
  candidate paths and their counts.
- `fields`: column → declared type (`integer`, `number`, `boolean`, `string`, `datetime`,
  `date`, `auto`); when given, only these columns are kept. A field declared numeric reads
  zero-padded values (`0307` → 307); undeclared values with leading zeros (`001`) and columns
  named like codes (`Code`, `INSEE`, `SIRET`…) stay text, other digit strings become numbers
  and ISO 8601 strings dates/date-times.

`options`:
- `source_file_column` (default none): name of a column receiving the raw file name of each
  record (useful when one snapshot holds one file per car park).

A record's columns are its attributes (except `xsi:` schema locations), then the text of its
child elements (grand-children flattened as `child_grandchild`, repeated children numbered
`child_1`, `child_2`); an element with no text and one attribute (`<Nature V="6064"/>`) gives
that attribute's value; an element named like an attribute gets the suffix `_element`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException
from pydantic import ConfigDict, Field, with_config

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest import totem
from opendata_pipeline.ingest.detect import Refused
from opendata_pipeline.ingest.discover import (
    Ambiguous,
    dominant,
    leaf_fields,
    local,
    xml_candidates,
)
from opendata_pipeline.ingest.http import XML_TYPES
from opendata_pipeline.ingest.kinds import FileOptions, SourceKind, SourceOptions
from opendata_pipeline.ingest.records import cited_file, write_records
from opendata_pipeline.ingest.result import ReadResult, line_list
from opendata_pipeline.ingest.sniff import detect_encoding
from opendata_pipeline.ingest.sources import fetch_file

XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
SCHEMA_HINTS = (f"{XSI}schemaLocation", f"{XSI}noNamespaceSchemaLocation")
XSD = "{http://www.w3.org/2001/XMLSchema}"
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']""")


@with_config(ConfigDict(extra="forbid"))
class XmlOptions(FileOptions, total=False):
    source_file_column: str  # a column naming the raw file of each record


class XmlSource(SourceOptions):
    """An XML document holding records (a TOTEM budget is recognised)."""

    kind: Literal["xml"] = "xml"
    record_path: str | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    options: XmlOptions = Field(default_factory=lambda: XmlOptions())


def to_parquet(raw_files: list[Path], dst: Path, source: XmlSource, dataset: str) -> ReadResult:
    """Read the records of every raw XML file and write one typed Parquet file."""
    file_column = source.options.get("source_file_column")
    rows: list[dict[str, Any]] = []
    encodings: set[str] = set()
    paths: set[str] = set()
    warnings: list[str] = []
    budget = False
    for path in raw_files:
        root, encoding, notes = parse_document(path, dataset)
        encodings.add(encoding)
        warnings += notes
        if root.tag == f"{XSD}schema":
            raise Refused(
                dataset, "xml_schema",
                "schéma XML (XSD) : il décrit la structure de fichiers XML et ne contient pas de "
                "données ; joignez-le comme documentation du jeu de données",
                file=path.name,
            )  # fmt: skip
        if source.record_path is None and totem.is_totem(root):
            found, budget = totem.budget_lines(root, dataset, path.name), True
            paths.add(totem.RECORD_PATH)
        else:
            found, at = record_rows(root, source.record_path, dataset, path.name)
            paths.add(at)
        for row in found:
            if file_column:
                row[str(file_column)] = path.name
            rows.append(row)
    fields = dict(source.fields)
    if file_column and fields:
        fields.setdefault(str(file_column), "string")
    columns = write_records(
        rows,
        dst,
        dataset=dataset,
        file=cited_file(raw_files),
        declared=fields,
        numeric_text=not budget,
        only_declared=bool(fields),
        types=totem.column_types(rows) if budget and not fields else None,
    )
    details = {"record_path": sorted(paths), "files": len(raw_files)}
    return ReadResult(
        rows=len(rows), columns=columns, encoding="/".join(sorted(encodings)), details=details,
        kind="totem" if budget else "xml", warnings=warnings,
    )  # fmt: skip


def record_rows(
    root: ET.Element, record_path: str | None, dataset: str, file: str
) -> tuple[list[dict[str, Any]], str]:
    """The records (as rows) at `record_path`, or found in the document, and their path."""
    if record_path:
        elements, found = find_records(root, record_path, dataset, file)
        return rows_of([(e, {}) for e in elements], found.startswith("//")), found
    candidates, total, _ = xml_candidates(root)
    try:
        best = dominant(candidates, total)
    except Ambiguous as exc:
        raise Refused(dataset, "ambiguous_records", exc.reason, file=file) from None
    if best is None:
        return rows_of([(root, {})], False), local(root.tag)
    repeated = {c.prefix for c in candidates if c.count >= 2}
    recursive = best.path.startswith("//")
    return rows_of(_records_along(root, best.prefix, repeated, recursive), recursive), best.path


Record = tuple[ET.Element, dict[str, Any]]  # a record element and the fields around it


def _records_along(
    root: ET.Element, prefix: tuple[str, ...], repeated: set[tuple[str, ...]], recursive: bool
) -> list[Record]:
    """The records at `prefix` (tag names from the root), each with the fields of the repeated
    elements passed on the way (`<tag>_<field>`); nested records of the same tag (`//Tag`)
    carry their parent's fields as `parent_<field>`."""
    found: list[Record] = []
    tag = prefix[-1]

    def records(element: ET.Element, context: dict[str, Any]) -> None:
        found.append((element, context))
        if recursive:
            parent = {f"parent_{k}": v for k, v in leaf_fields(element, _holds(tag)).items()}
            for nested in _nested(element, tag):
                records(nested, parent)

    def descend(element: ET.Element, depth: int, context: dict[str, Any]) -> None:
        if depth == len(prefix) - 1:
            records(element, context)
            return
        if depth and prefix[: depth + 1] in repeated:
            name = prefix[depth]
            fields = leaf_fields(element, lambda c: local(c.tag) == prefix[depth + 1])
            context = {**context, **{f"{name}_{k}": v for k, v in fields.items()}}
        for child in element:
            if local(child.tag) == prefix[depth + 1]:
                descend(child, depth + 1, context)

    descend(root, 0, {})
    return found


def _holds(tag: str) -> Callable[[ET.Element], bool]:
    """Whether an element is, or holds, a `tag` element."""
    return lambda element: any(local(e.tag) == tag for e in element.iter())


def _nested(element: ET.Element, tag: str) -> list[ET.Element]:
    """The `tag` elements under `element`, not under another `tag` element."""
    found: list[ET.Element] = []
    for child in element:
        if local(child.tag) == tag:
            found.append(child)
        else:
            found += _nested(child, tag)
    return found


def parse(path: Path, dataset: str) -> ET.Element:
    """Parse with defusedxml; entity declarations and external references are rejected."""
    return parse_document(path, dataset)[0]


def parse_document(path: Path, dataset: str) -> tuple[ET.Element, str, list[str]]:
    """The root element, the encoding and the warnings of an XML file (see `parse_bytes`)."""
    return parse_bytes(path.read_bytes(), dataset, path.name)


def parse_bytes(data: bytes, dataset: str, file: str) -> tuple[ET.Element, str, list[str]]:
    """The root element, the encoding and the warnings: text lines before the root are
    skipped (named); an undeclared encoding that is not UTF-8 is decoded as sniffed."""
    warnings: list[str] = []
    start = _markup_start(data)
    skipped = data[:start].count(b"\n")
    if data[:start].strip(b" \t\r\n\xef\xbb\xbf"):
        warnings.append(f"{line_list(range(1, skipped + 1))} de texte ignorée(s) avant le XML")
    data = data[start:]
    declared = _DECLARED_ENCODING.match(data)
    encoding = declared.group(1).decode().lower() if declared else "utf-8"
    if not declared:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = detect_encoding(data[: 1 << 20]).encoding
            data = data.decode(encoding, errors="replace").encode("utf-8")
            warnings.append(f"XML sans déclaration d'encodage, lu en {encoding}")
    try:
        root: ET.Element = DET.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        return root, encoding, warnings
    except DefusedXmlException as exc:
        raise DatasetError(
            dataset,
            f"XML refusé ({type(exc).__name__}) : déclarations d'entités et références externes "
            "interdites (bombe XML ou entité externe possible)",
            file=file,
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise DatasetError(
            dataset, "XML illisible (mal formé)", file=file,
            location=f"line {line + skipped}, column {column + 1}",
        ) from None  # fmt: skip


def _markup_start(data: bytes) -> int:
    """Where the markup starts: after a BOM, blank lines and text lines before the first `<`
    that begins a line."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return len(data) - len(data.lstrip(b"\xef\xbb\xbf \t\r\n"))
    match = re.search(rb"(^|\n)[ \t]*<", data[: 1 << 16])
    return match.end() - 1 if match else 0


def find_records(
    root: ET.Element, record_path: str, dataset: str, file: str
) -> tuple[list[ET.Element], str]:
    """The record elements at `record_path` and that path."""
    if record_path.startswith("//"):
        name = record_path[2:]
        found = [e for e in root.iter() if local(e.tag) == name]
    else:
        parts = [p for p in record_path.strip("/").split("/") if p]
        if local(root.tag) != parts[0]:
            raise DatasetError(
                dataset, f"record_path '{record_path}': root element does not match",
                file=file, location=f"field {parts[0]}",
            )  # fmt: skip
        found = [root]
        for part in parts[1:]:
            found = [c for e in found for c in e if local(c.tag) == part]
    if not found:
        raise DatasetError(dataset, f"no element at record_path '{record_path}'", file=file)
    return found, record_path


def rows_of(records: list[Record], nested: bool) -> list[dict[str, Any]]:
    """One row per record element: its context, its attributes (except `xsi:` schema
    locations), then its children flattened; a child repeated in any record is numbered
    (`child_1`, `child_2`) in all of them, so every row has the same columns. With `nested`
    (records at any depth, `//Tag`), children holding records of the same tag (accounts in
    their parent account) are records of their own, not columns."""
    if not records:
        return []
    tag = local(records[0][0].tag)
    skip = _holds(tag) if nested else (lambda element: False)
    numbered: set[str] = set()
    for element, _ in records:
        _repeated_children(element, "", skip, numbered)
    rows = []
    for element, context in records:
        row = {**context, **_attributes(element)}
        _add_children(row, element, "", "", skip, numbered)
        rows.append(row)
    return rows


def _attributes(element: ET.Element) -> dict[str, Any]:
    return {local(k): v for k, v in element.attrib.items() if k not in SCHEMA_HINTS}


def _repeated_children(
    element: ET.Element, path: str, skip: Callable[[ET.Element], bool], found: set[str]
) -> None:
    """Add to `found` the paths (`a/b`) of the children that repeat under one parent."""
    children = [c for c in element if not skip(c)]
    counts = Counter(local(c.tag) for c in children)
    for child in children:
        tag = local(child.tag)
        if counts[tag] > 1:
            found.add(path + tag)
        if len(child):
            _repeated_children(child, f"{path}{tag}/", skip, found)


def _add_children(
    row: dict[str, Any],
    element: ET.Element,
    prefix: str,
    path: str,
    skip: Callable[[ET.Element], bool],
    numbered: set[str],
) -> None:
    seen: Counter[str] = Counter()
    for child in element:
        if skip(child):
            continue
        tag = local(child.tag)
        seen[tag] += 1
        name = f"{prefix}{tag}" + (f"_{seen[tag]}" if path + tag in numbered else "")
        if name in row and not prefix:
            name = f"{name}_element"
        attributes = _attributes(child)
        text = (child.text or "").strip()
        if len(child) == 0 and not text and len(attributes) == 1:
            row[name] = next(iter(attributes.values()))
            continue
        for key, value in attributes.items():
            row[f"{name}_{key}"] = value
        if len(child):
            _add_children(row, child, f"{name}_", f"{path}{tag}/", skip, numbered)
        elif text or not attributes:
            row[name] = text or None


KIND = SourceKind(
    "xml", (*XML_TYPES, "application/*+xml"), fetch=fetch_file, to_parquet=to_parquet,
    Options=XmlSource, detect=True,
)  # fmt: skip
