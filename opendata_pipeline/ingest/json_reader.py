"""`json` source kind: JSON documents, JSON Lines and concatenated JSON objects to typed Parquet.

Catalogue entry fields:
- `record_path`: dotted path to the records inside each document (`data.stations`, `results`,
  `0.items`); the node found is a list of records or one record; `*` takes every element of a
  list or every value of an object (`regions.*.departements`: the departments of every region,
  each row keeping its region's fields as `regions_<field>`; `stations.*`: an object keyed by
  id, the key becoming the column `id`, or `key` when the records have an `id`). Default: found
  in the document (see `discover`): the dominant list of objects or object keyed by id, else
  equal-length arrays (a time series) zipped into rows, else the document itself; a document
  where no set of records clearly dominates is refused with the three best candidates.
  A GeoJSON FeatureCollection is read as the `geojson` kind does.
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
stay text. Text lines before the document (a title, an export date) and after it are skipped
with a warning naming them; a document that is not UTF-8 is decoded as sniffed (warned). A
document that does not parse is rejected with its byte offset, line and column; one that holds
no record is refused, naming what it holds.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, with_config

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.detect import PREAMBLE_LINES, Refused
from opendata_pipeline.ingest.discover import (
    Ambiguous,
    dominant,
    json_candidates,
    parallel_arrays,
)
from opendata_pipeline.ingest.http import JSON_TYPES
from opendata_pipeline.ingest.kinds import FileOptions, PointOptions, SourceKind, SourceOptions
from opendata_pipeline.ingest.records import (
    METROPOLE_BBOX,
    PointFixer,
    cited_file,
    flatten,
    write_records,
)
from opendata_pipeline.ingest.result import ReadResult, line_list
from opendata_pipeline.ingest.sniff import SAMPLE_BYTES, detect_encoding
from opendata_pipeline.ingest.sources import fetch_file

FORMATS = ("auto", "json", "lines", "concatenated")


@with_config(ConfigDict(extra="forbid"))
class JsonOptions(FileOptions, PointOptions, total=False):
    format: str  # auto | json | lines | concatenated
    parallel_arrays: dict[str, Any]
    keep_other_fields: bool


class JsonSource(SourceOptions):
    """A JSON document (or JSON Lines, concatenated documents) holding records."""

    kind: Literal["json"] = "json"
    record_path: str | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    options: JsonOptions = Field(default_factory=lambda: JsonOptions())


@dataclass
class Documents:
    """The JSON documents of one file, the format found, its encoding and the warnings."""

    docs: list[Any]
    format: str
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


def to_parquet(raw_files: list[Path], dst: Path, source: JsonSource, dataset: str) -> ReadResult:
    """Read every raw JSON file of a snapshot and write one typed Parquet file."""
    fmt = str(source.options.get("format", "auto"))
    if fmt not in FORMATS:
        raise DatasetError(dataset, f"unknown JSON format '{fmt}' (use {', '.join(FORMATS)})")
    points = point_fixer(source.options, dataset)
    arrays = source.options.get("parallel_arrays") or {}
    rows: list[dict[str, Any]] = []
    formats: set[str] = set()
    found: set[str] = set()
    warnings: list[str] = []
    documents = 0
    kind = "json"
    for path in raw_files:
        parsed = read_documents(path.read_bytes(), fmt, dataset, path.name)
        formats.add(parsed.format)
        warnings += parsed.warnings
        documents += len(parsed.docs)
        if source.record_path is None and not arrays and _geojson(parsed.docs):
            from opendata_pipeline.ingest.geojson import feature_rows

            features = feature_rows(parsed.docs, source.options, dataset, path.name)
            rows += features.rows
            warnings += features.warnings
            kind = "geojson"
            continue
        records, at = find_records(parsed.docs, source.record_path, dataset, path.name)
        found.add(at)
        for record in records:
            zipped = arrays or (parallel_arrays(record) if source.record_path is None else {})
            for row in zip_arrays(record, zipped, dataset, path.name):
                rows.append(flatten(row, points))
    if not rows:
        raise Refused(
            dataset,
            "no_records",
            "aucun enregistrement dans le document",
            file=cited_file(raw_files),
        )
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
    if found:
        details["record_path"] = sorted(found)
    return ReadResult(
        rows=len(rows), columns=columns, encoding=parsed.encoding, details=details,
        kind=kind, warnings=warnings,
    )  # fmt: skip


def _geojson(docs: list[Any]) -> bool:
    """A GeoJSON FeatureCollection, or Features one after the other (GeoJSON text sequences)."""
    types = [doc.get("type") if isinstance(doc, dict) else None for doc in docs]
    return types == ["FeatureCollection"] or (bool(types) and set(types) == {"Feature"})


def find_records(
    docs: list[Any], record_path: str | None, dataset: str, file: str
) -> tuple[list[Any], str]:
    """The records of the documents and where they were found (`record_path` or discovered)."""
    if record_path is not None:
        return [r for doc in docs for r in extract_records(doc, record_path, dataset, file)], (
            record_path
        )
    doc = docs[0] if len(docs) == 1 else docs
    candidates, total = json_candidates(doc)
    try:
        best = dominant(candidates, total)
    except Ambiguous as exc:
        raise Refused(dataset, "ambiguous_records", exc.reason, file=file) from None
    if best is None:
        return (docs if len(docs) > 1 else [doc]), ""
    return extract_records(doc, best.path, dataset, file), best.path


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
    parsed = read_documents(data, fmt, dataset, file)
    return parsed.docs, parsed.format


def read_documents(data: bytes, fmt: str, dataset: str, file: str) -> Documents:
    """The JSON documents in `data`, skipping text lines before the first and after the last
    (warned, with their line numbers)."""
    text, encoding, warnings = _decode(data, dataset, file)
    first_error: json.JSONDecodeError | None = None
    if fmt in ("auto", "json"):
        try:
            return Documents([json.loads(text)], "json", encoding, warnings)
        except json.JSONDecodeError as exc:
            if not text.strip():
                raise Refused(dataset, "empty_file", "aucun document JSON (fichier vide)",
                              file=file) from None  # fmt: skip
            first_error = exc
    bom = 3 if data.startswith(codecs.BOM_UTF8) else 0
    start, skipped = _preamble(text)
    if skipped:
        warnings.append(f"{line_list(range(1, skipped + 1))} de texte ignorée(s) avant le JSON")
    decoder = json.JSONDecoder()
    docs: list[Any] = []
    pos = _skip_space(text, start)
    while pos < len(text):
        try:
            doc, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            trailer = _trailer(text, pos) if docs else None
            if trailer is None:
                raise _decode_error(exc, text, bom, dataset, file) from None
            warnings.append(f"{line_list(trailer)} de texte ignorée(s) après le JSON")
            break
        if fmt == "lines" and docs and "\n" not in text[_prev_end(text, pos) : pos]:
            raise DatasetError(
                dataset, "JSON Lines: two documents on one line", file=file,
                location=f"byte {len(text[:pos].encode()) + bom}",
            )  # fmt: skip
        docs.append(doc)
        pos = _skip_space(text, end)
    if fmt == "json" and len(docs) > 1 and first_error is not None:
        raise _decode_error(first_error, text, bom, dataset, file)
    if not docs:
        raise Refused(dataset, "empty_file", "aucun document JSON (fichier vide)", file=file)
    if fmt in ("auto", "json") and len(docs) == 1:
        return Documents(docs, "json", encoding, warnings)
    return Documents(docs, "lines" if fmt == "lines" else "concatenated", encoding, warnings)


def _decode(data: bytes, dataset: str, file: str) -> tuple[str, str, list[str]]:
    """The text of a JSON file: UTF-8 (RFC 8259); a legacy encoding is decoded as sniffed and
    warned about; a byte no encoding explains is reported with its offset."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16", []
    bom = 3 if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        first = exc
    guess = detect_encoding(data[:SAMPLE_BYTES])
    if guess.encoding not in ("utf-8", "utf-8-sig"):
        try:
            text = data.decode(guess.encoding)
            return text, guess.encoding, [f"JSON encodé en {guess.encoding} et non en UTF-8"]
        except UnicodeDecodeError:
            pass
    raise DatasetError(
        dataset, "JSON must be UTF-8: invalid byte sequence", file=file,
        location=f"byte {first.start + bom}",
    ) from None  # fmt: skip


def _preamble(text: str) -> tuple[int, int]:
    """Where the JSON starts and how many text lines come before it (a title, an export date):
    the first of the first PREAMBLE_LINES lines that starts a document which decodes."""
    if text.lstrip()[:1] in ("{", "["):
        return 0, 0
    decoder, offset = json.JSONDecoder(), 0
    for number, line in enumerate(text.splitlines(keepends=True)[:PREAMBLE_LINES]):
        start = offset + len(line) - len(line.lstrip())
        if line.lstrip()[:1] in ("{", "["):
            try:
                decoder.raw_decode(text, start)
                return start, number
            except json.JSONDecodeError:
                pass
        offset += len(line)
    return 0, 0


def _trailer(text: str, pos: int) -> list[int] | None:
    """The numbers of the text lines from `pos` to the end, when they are a short trailer of
    prose (a note, a count) rather than a broken document."""
    rest = text[pos:].splitlines()
    if len(rest) > PREAMBLE_LINES or any(
        line.lstrip()[:1] in ("{", "[", "}", "]", ",", '"') for line in rest
    ):
        return None
    first = text.count("\n", 0, pos) + 1
    return [first + i for i, line in enumerate(rest) if line.strip()]


def extract_records(doc: Any, record_path: str | None, dataset: str, file: str) -> list[Any]:
    """The records found at `record_path` (dotted, list indices as numbers, `*` for every
    element or value: the fields of the elements passed through are kept on their records)."""
    parts = record_path.split(".") if record_path else []
    level: list[tuple[Any, dict[str, Any]]] = [(doc, {})]
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        owner = next((p for p in reversed(parts[:i]) if p != "*"), "parent")
        reached: list[tuple[Any, dict[str, Any]]] = []
        for node, context in level:
            if part == "*":
                reached += _expand(node, context, owner, None if last else parts[i + 1])
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                reached.append((node[int(part)], context))
            elif isinstance(node, dict) and part in node:
                reached.append((node[part], context))
        if not reached:
            raise DatasetError(
                dataset, f"record_path '{record_path}' not found (stops at '{part}')",
                file=file, location=f"field {record_path}",
            )  # fmt: skip
        level = reached
    records: list[Any] = []
    for node, context in level:
        items = node if isinstance(node, list) and not (parts and parts[-1] == "*") else [node]
        for item in items:
            if not context:
                records.append(item)
            elif isinstance(item, dict):
                records.append({**context, **item})
            else:
                records.append({**context, "value": item})
    return records


def _expand(
    node: Any, context: dict[str, Any], owner: str, below: str | None
) -> list[tuple[Any, dict[str, Any]]]:
    """The elements of a list or the values of an object, each with its context: the key of
    an object keyed by id (`id`, or `key` when the records hold an `id`; `<owner>_id` above
    the records) and, above the records (`below` names the member the path goes down into),
    the fields of the element passed through, flattened, as `<owner>_<field>`."""
    if isinstance(node, dict):
        pairs: list[tuple[str | None, Any]] = list(node.items())
        has_id = any(isinstance(v, dict) and "id" in v for v in node.values())
        key_column = f"{owner}_id" if below is not None else ("key" if has_id else "id")
    elif isinstance(node, list):
        pairs, key_column = [(None, v) for v in node], ""
    else:
        return []
    out = []
    for key, value in pairs:
        inner = dict(context)
        if key is not None:
            inner[key_column] = key
        if below is not None and isinstance(value, dict):
            fields = {k: v for k, v in value.items() if k != below}
            inner.update({f"{owner}_{k}": v for k, v in flatten(fields, PointFixer()).items()})
        out.append((value, inner))
    return out


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
    """The decoder's error at its byte offset (line and column), never the text around it."""
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


KIND = SourceKind(
    "json", (*JSON_TYPES, "application/*+json"), fetch=fetch_file, to_parquet=to_parquet,
    Options=JsonSource, detect=True,
)  # fmt: skip
