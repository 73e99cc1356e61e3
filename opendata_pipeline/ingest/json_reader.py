"""`json` source kind: JSON documents, JSON Lines and concatenated JSON objects to typed Parquet.

Catalogue entry fields:
- `record_path`: dotted path to the records inside each document (`data.stations`, `results`,
  `0.items`); the node found is a list of records or one record. Default: the document itself
  (a list → one record per element, an object → one record).
- `fields`: column → declared type (`integer`, `number`, `boolean`, `string`, `datetime`, `date`,
  `auto`). When given, only these columns are kept, in that order (see `keep_other_fields`).

`options`:
- `format`: `auto` (default: one JSON document, else a sequence of concatenated documents),
  `json` (exactly one document), `lines` (JSON Lines), `concatenated` (objects one after the other,
  with or without whitespace between them, as in the Métropole's EcoCompt archives).
- `parallel_arrays`: mapping array key → column name, e.g. `{index: observed_at, values: value}`
  for the FIWARE time-series answers: the arrays are zipped into one row per element and the
  scalar siblings (`entityId`, `attrName`, …) are repeated on every row.
- `keep_other_fields` (default false): with `fields`, also keep the undeclared columns.
- `bbox` (`[min_lon, min_lat, max_lon, max_lat]`, default the Métropole's envelope) and
  `fix_swapped_coordinates` (default true): GeoJSON points become `longitude`/`latitude`
  (`<key>_longitude`/`<key>_latitude` for keys other than `location`); a pair outside the
  bounding box that falls inside once swapped is swapped back and counted in details.

Nested objects are flattened to `parent_child` columns; lists are kept as JSON text. Strings that
are ISO 8601 dates/date-times become DATE/TIMESTAMP columns; other strings (codes such as `006`)
stay text. A document that does not parse is rejected with its byte offset, line and column.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from opendata_pipeline.catalog.model import Source
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.records import (
    METROPOLE_BBOX,
    PointFixer,
    cited_file,
    flatten,
    write_records,
)
from opendata_pipeline.ingest.result import ReadResult

FORMATS = ("auto", "json", "lines", "concatenated")


def to_parquet(raw_files: list[Path], dst: Path, source: Source, dataset: str) -> ReadResult:
    """Read every raw JSON file of a snapshot and write one typed Parquet file."""
    fmt = str(source.options.get("format", "auto"))
    if fmt not in FORMATS:
        raise DatasetError(dataset, f"unknown JSON format '{fmt}' (use {', '.join(FORMATS)})")
    points = point_fixer(source.options, dataset)
    arrays = source.options.get("parallel_arrays") or {}
    rows: list[dict[str, Any]] = []
    formats: set[str] = set()
    documents = 0
    for path in raw_files:
        docs, found = parse_documents(path.read_bytes(), fmt, dataset, path.name)
        formats.add(found)
        documents += len(docs)
        for doc in docs:
            for record in extract_records(doc, source.record_path, dataset, path.name):
                for row in zip_arrays(record, arrays, dataset, path.name):
                    rows.append(flatten(row, points))
    fields = source.fields
    columns = write_records(
        rows,
        dst,
        dataset=dataset,
        file=cited_file(raw_files),
        declared=fields,
        only_declared=bool(fields) and not source.options.get("keep_other_fields", False),
    )
    details: dict[str, Any] = {
        "json_format": "+".join(sorted(formats)),
        "documents": documents,
        "duplicate_records": duplicate_count(rows),
        **points.details(),
    }
    return ReadResult(rows=len(rows), columns=columns, encoding="utf-8", details=details)


def point_fixer(options: Mapping[str, Any], dataset: str) -> PointFixer:
    """The coordinate fixer configured by `bbox` / `fix_swapped_coordinates` options."""
    bbox = options.get("bbox", METROPOLE_BBOX)
    if not (isinstance(bbox, list | tuple) and len(bbox) == 4):
        raise DatasetError(dataset, "option bbox must be [min_lon, min_lat, max_lon, max_lat]")
    return PointFixer(
        bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])),
        fix_swaps=bool(options.get("fix_swapped_coordinates", True)),
    )


def parse_documents(data: bytes, fmt: str, dataset: str, file: str) -> tuple[list[Any], str]:
    """The JSON documents in `data` and the format found (`json`, `concatenated`)."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            dataset, "JSON must be UTF-8: invalid byte sequence", file=file,
            location=f"byte {exc.start + bom}",
        ) from None  # fmt: skip
    if fmt in ("auto", "json"):
        try:
            return [json.loads(text)], "json"
        except json.JSONDecodeError as exc:
            if fmt == "json" or not text.strip():
                raise _decode_error(exc, text, bom, dataset, file) from None
    decoder = json.JSONDecoder()
    docs: list[Any] = []
    pos = _skip_space(text, 0)
    while pos < len(text):
        try:
            doc, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _decode_error(exc, text, bom, dataset, file) from None
        if fmt == "lines" and docs and "\n" not in text[_prev_end(text, pos) : pos]:
            raise DatasetError(
                dataset, "JSON Lines: two documents on one line", file=file,
                location=f"byte {len(text[:pos].encode()) + bom}",
            )  # fmt: skip
        docs.append(doc)
        pos = _skip_space(text, end)
    if not docs:
        raise DatasetError(dataset, "no JSON document found (empty file)", file=file)
    return docs, "lines" if fmt == "lines" else "concatenated"


def extract_records(doc: Any, record_path: str | None, dataset: str, file: str) -> list[Any]:
    """The records found at `record_path` (dotted, list indices as numbers)."""
    node = doc
    for part in (record_path or "").split(".") if record_path else []:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise DatasetError(
                dataset, f"record_path '{record_path}' not found (stops at '{part}')",
                file=file, location=f"field {record_path}",
            )  # fmt: skip
    return node if isinstance(node, list) else [node]


def zip_arrays(
    record: Any, arrays: Mapping[str, str], dataset: str, file: str
) -> list[dict[str, Any]]:
    """One row per element of the parallel arrays of `record` (or the record itself)."""
    if not isinstance(record, dict):
        return [{"value": record}]
    if not arrays:
        return [record]
    lists = {key: record.get(key) for key in arrays}
    for key, value in lists.items():
        if not isinstance(value, list):
            raise DatasetError(
                dataset, "parallel array missing or not a list", file=file, location=f"field {key}"
            )
    lengths = {len(v) for v in lists.values() if isinstance(v, list)}
    if len(lengths) > 1:
        raise DatasetError(
            dataset,
            f"parallel arrays of different lengths ({', '.join(map(str, sorted(lengths)))})",
            file=file,
            location=f"field {', '.join(arrays)}",
        )
    constants = {k: v for k, v in record.items() if k not in arrays}
    count = lengths.pop() if lengths else 0
    return [
        {**constants, **{arrays[key]: lists[key][i] for key in arrays}}  # type: ignore[index]
        for i in range(count)
    ]


def duplicate_count(rows: list[dict[str, Any]]) -> int:
    """How many rows repeat an earlier row exactly."""
    seen = {json.dumps(row, sort_keys=True, default=str) for row in rows}
    return len(rows) - len(seen)


def _decode_error(
    exc: json.JSONDecodeError, text: str, bom: int, dataset: str, file: str
) -> DatasetError:
    offset = len(text[: exc.pos].encode("utf-8")) + bom
    return DatasetError(
        dataset,
        f"invalid JSON: {exc.msg}",
        file=file,
        location=f"byte {offset} (line {exc.lineno}, column {exc.colno})",
    )


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _prev_end(text: str, pos: int) -> int:
    end = pos
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return end
