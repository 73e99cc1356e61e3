"""`xml` source kind: XML records (attributes and child elements) to typed Parquet.

Parsed with defusedxml: entity declarations (billion laughs, external entities) and external
references are refused, and the file is rejected with a clear error.

Catalogue entry fields:
- `record_path`: slash-separated element names from the root, root included (`park`,
  `vcs/sl/si`), or `//name` for every `name` element at any depth. Namespaces are ignored.
  Default: the root itself when all its children are leaves (one record per file, as in the
  FR_MTP_*.xml car-park feed), else the repeated children found by descending single-child
  elements (`vcs/sl/si` for the old Vélomagg XML).
- `fields`: column → declared type (`integer`, `number`, `boolean`, `string`, `datetime`,
  `date`, `auto`); when given, only these columns are kept. A field declared numeric reads
  zero-padded values (`0307` → 307); undeclared values with leading zeros (`001`) stay text,
  other digit strings become numbers and ISO 8601 strings dates/date-times.

`options`:
- `source_file_column` (default none): name of a column receiving the raw file name of each
  record (useful when one snapshot holds one file per car park).

A record's columns are its attributes (except `xsi:` schema hints), then the text of its child elements (grand-children
flattened as `child_grandchild`); an element named like an attribute gets the suffix `_element`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from opendata_pipeline.catalog.model import Source
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.records import cited_file, write_records
from opendata_pipeline.ingest.result import ReadResult

XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


def to_parquet(raw_files: list[Path], dst: Path, source: Source, dataset: str) -> ReadResult:
    """Read the records of every raw XML file and write one typed Parquet file."""
    file_column = source.options.get("source_file_column")
    rows: list[dict[str, Any]] = []
    encodings: set[str] = set()
    paths: set[str] = set()
    for path in raw_files:
        root = parse(path, dataset)
        encodings.add(_declared_encoding(path))
        elements, found = find_records(root, source.record_path, dataset, path.name)
        paths.add(found)
        for element in elements:
            row = record_of(element)
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
        numeric_text=True,
        only_declared=bool(fields),
    )
    details = {"record_path": sorted(paths), "files": len(raw_files)}
    return ReadResult(
        rows=len(rows), columns=columns, encoding="/".join(sorted(encodings)), details=details
    )


def parse(path: Path, dataset: str) -> ET.Element:
    """Parse with defusedxml; entity declarations and external references are rejected."""
    try:
        tree = DET.parse(path, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        root: ET.Element = tree.getroot()
        return root
    except DefusedXmlException as exc:
        raise DatasetError(
            dataset,
            f"XML rejected: {type(exc).__name__} — entity declarations and external references "
            "are forbidden (possible XML bomb or external entity)",
            file=path.name,
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise DatasetError(
            dataset, "XML is not well-formed", file=path.name,
            location=f"line {line}, column {column + 1}",
        ) from None  # fmt: skip


def find_records(
    root: ET.Element, record_path: str | None, dataset: str, file: str
) -> tuple[list[ET.Element], str]:
    """The record elements and the path they were found at."""
    if record_path and record_path.startswith("//"):
        name = record_path[2:]
        found = [e for e in root.iter() if _local(e.tag) == name]
    elif record_path:
        parts = [p for p in record_path.strip("/").split("/") if p]
        if _local(root.tag) != parts[0]:
            raise DatasetError(
                dataset, f"record_path '{record_path}': root element does not match",
                file=file, location=f"field {parts[0]}",
            )  # fmt: skip
        found = [root]
        for part in parts[1:]:
            found = [c for e in found for c in e if _local(c.tag) == part]
    else:
        return _auto_records(root, dataset, file)
    if not found:
        raise DatasetError(dataset, f"no element at record_path '{record_path}'", file=file)
    return found, record_path


def record_of(element: ET.Element) -> dict[str, Any]:
    """Attributes then child texts (flattened) of one record element."""
    row: dict[str, Any] = {_local(k): v for k, v in element.attrib.items() if not k.startswith(XSI)}
    for child in element:
        _add_child(row, child, "")
    return row


def _add_child(row: dict[str, Any], child: ET.Element, prefix: str) -> None:
    name = f"{prefix}{_local(child.tag)}"
    if name in row and not prefix:
        name = f"{name}_element"
    for key, value in child.attrib.items():
        row[f"{name}_{_local(key)}"] = value
    if len(child):
        for grandchild in child:
            _add_child(row, grandchild, f"{name}_")
    else:
        text = (child.text or "").strip()
        row[name] = text or None


def _auto_records(root: ET.Element, dataset: str, file: str) -> tuple[list[ET.Element], str]:
    node, path = root, _local(root.tag)
    while True:
        children = list(node)
        if not children or (
            all(len(c) == 0 for c in children)
            and len({_local(c.tag) for c in children}) == len(children)
        ):
            return [node], path
        tags = {_local(c.tag) for c in children}
        if len(children) == 1:
            node, path = children[0], f"{path}/{_local(children[0].tag)}"
            continue
        if len(tags) == 1:
            return children, f"{path}/{tags.pop()}"
        raise DatasetError(
            dataset,
            "cannot tell which elements are the records: set record_path",
            file=file,
            location=f"field {path}",
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _declared_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(200)
    if head.startswith(b"<?xml"):
        declaration = head.split(b"?>", 1)[0].decode("ascii", "replace").lower()
        for quote in ('"', "'"):
            marker = f"encoding={quote}"
            if marker in declaration:
                return declaration.split(marker, 1)[1].split(quote, 1)[0]
    return "utf-8"
