"""Every Table Schema field type agrees with frictionless (the oracle), cell by cell and through
`opendata-pipeline validate --schema`; a type nobody reads blocks as « type non pris en charge »."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from frictionless import FrictionlessException, Schema

from opendata_pipeline.cli.main import main
from opendata_pipeline.validate.table_schema import validate_table
from opendata_pipeline_tests.validate.test_table_schema import frictionless_counts

# (field descriptor, cells): valid and invalid values of each type, with constraints where the
# type supports them. Cells are what a steward's file may hold, not values picked to pass.
TYPES: dict[str, tuple[dict[str, Any], list[str]]] = {
    "time": (
        {"type": "time", "constraints": {"minimum": "08:00:00"}},
        ["10:00:00", "10:00", "25:00:00", "07:59:59", "10:00:00.5", "1:00:00", "09:30:00", ""],
    ),
    "time/%H:%M": (
        {"type": "time", "format": "%H:%M"},
        ["10:00", "9:05", "25:00", "10:00:00", "23:59"],
    ),
    "yearmonth": (
        {"type": "yearmonth", "constraints": {"enum": ["2024-01", "2024-02"]}},
        ["2024-01", "2024-1", "2024-13", "2024", "2024-02", "2024-03", "2024-00"],
    ),
    "duration": (
        {"type": "duration"},
        ["P1D", "PT1H30M", "P1Y2M", "1D", "P", "P1W", "-P1D", "PT"],
    ),
    "array": (
        {"type": "array", "constraints": {"minLength": 2}},
        ["[1, 2]", "[]", "{}", "1", "[1,", '["a", "b", "c"]', '"a"'],
    ),
    "object": (
        {"type": "object", "constraints": {"maxLength": 1}},
        ['{"a": 1}', "{}", "[]", "1", "{a:1}", '{"a": 1, "b": 2}'],
    ),
    "geojson": (
        {"type": "geojson"},
        [
            '{"type": "Point", "coordinates": [3.87, 43.61]}',
            '{"type": "Point"}',
            '{"type": "Foo"}',
            "[]",
            '{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}',
        ],
    ),
    "geojson/topojson": (
        {"type": "geojson", "format": "topojson"},
        ['{"type": "Topology", "objects": {}, "arcs": []}', '{"type": "Point"}', "x"],
    ),
    "geopoint": (
        {"type": "geopoint"},
        ["3.87,43.61", "3.87, 43.61", "200,10", "3.87,91", "3.87", "a,b", "-3.8,-43.6"],
    ),
    "geopoint/array": (
        {"type": "geopoint", "format": "array"},
        ["[3.87, 43.61]", '["3.87", "43.61"]', "[200, 10]", "[3.87]", "3.87,43.61"],
    ),
    "geopoint/object": (
        {"type": "geopoint", "format": "object"},
        ['{"lon": 3.87, "lat": 43.61}', '{"lon": 200, "lat": 1}', "[3.87, 43.61]", '{"lon": 3.87}'],
    ),
    "datetime": (
        {"type": "datetime", "constraints": {"maximum": "2030-01-01T00:00:00"}},
        [
            "2024-01-05T10:00:00",
            "2024-01-05 10:00:00",
            "2024-01-05T10:00:00.123",
            "2024-01-05T10:00",
            "2024-01-05T25:00:00",
            "2031-01-01T00:00:00",
            "2024-01-05",
        ],
    ),
    "datetime/offsets": (
        {"type": "datetime"},
        [
            "2024-01-05T10:00:00Z",
            "2024-01-05T10:00:00+01:00",
            "2024-01-05T10:00:00+0100",
            "20240105T100000",
            "2024-01-05T10:00:00 +01:00",
        ],
    ),
    "datetime/%d/%m/%Y %H:%M": (
        {"type": "datetime", "format": "%d/%m/%Y %H:%M"},
        ["05/01/2024 10:00", "5/1/2024 9:05", "05/01/2024 25:00", "05/01/2024"],
    ),
    "date/%d/%m/%Y": (
        {"type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/01/2000"}},
        ["05/01/2024", "5/1/2024", "31/02/2024", "05/01/24", "2024-01-05", "05/01/1999"],
    ),
    "date/any": (
        {"type": "date", "format": "any"},
        ["2024-01-05", "5 janvier 2024", "January 5, 2024", "05/01/2024", "nope"],
    ),
    "year": (
        {"type": "year", "constraints": {"minimum": 2000}},
        ["2024", "-1", "24", " 2024", "1999", "2024.0"],
    ),
    "string/email": (
        {"type": "string", "format": "email"},
        ["mairie@montpellier.fr", "a@b", "x@y.z", "a.@b.fr", "a b@c.fr"],
    ),
    "string/uri": (
        {"type": "string", "format": "uri"},
        ["https://data.montpellier3m.fr", "data.montpellier3m.fr", "mailto:a@b.fr", "ftp://a b"],
    ),
    "string/uuid": (
        {"type": "string", "format": "uuid"},
        ["123e4567-e89b-12d3-a456-426614174000", "123e4567e89b12d3a456426614174000", "nope"],
    ),
    "string/binary": ({"type": "string", "format": "binary"}, ["aGVsbG8=", "aGVsbG8", "!!!"]),
    "integer/bareNumber": (
        {"type": "integer", "bareNumber": False},
        ["12 €", "€12", "12", "douze", "1.5"],
    ),
}


def _file(folder: Path, name: str, fld: dict[str, Any], cells: list[str]) -> tuple[Path, Path]:
    """A two-column CSV (an id and the typed field) and its schema."""
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "valeur", **fld}]}
    folder.mkdir(parents=True, exist_ok=True)
    schema_path = folder / f"{name}.schema.json"
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    data = folder / f"{name}.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "valeur"])
        writer.writerows([i, cell] for i, cell in enumerate(cells, start=1))
    return data, schema_path


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_field_type_agrees_with_frictionless(tmp_path: Path, kind: str) -> None:
    fld, cells = TYPES[kind]
    data, schema = _file(tmp_path, kind.replace("/", "_").replace("%", ""), fld, cells)
    valid, expected = frictionless_counts(data, schema)
    report = validate_table(data, schema)
    assert report.counts() == dict(expected)
    assert report.valid == valid
    assert not valid, f"{kind}: the cells should include invalid values"
    # the same file through the operator's command: exit 1 exactly when frictionless refuses
    assert main(["validate", str(data), "--schema", str(schema), "--json"]) == 1


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_valid_cells_of_each_type_pass_like_frictionless(tmp_path: Path, kind: str) -> None:
    from frictionless import Field

    fld, cells = TYPES[kind]
    reader = Field.from_descriptor({"name": "valeur", **fld})
    keep = [c for c in cells if c and reader.read_cell(c)[1] is None]
    assert keep, kind
    data, schema = _file(tmp_path, "ok", fld, keep)
    valid, expected = frictionless_counts(data, schema)
    assert valid and not expected
    assert validate_table(data, schema).valid
    assert main(["validate", str(data), "--schema", str(schema)]) == 0


def test_unknown_type_blocks_as_not_supported(tmp_path: Path) -> None:
    data, schema = _file(tmp_path, "inconnu", {"type": "couleur"}, ["rouge", "vert"])
    with pytest.raises(FrictionlessException):  # the oracle cannot read such a field either
        Schema.from_descriptor(json.loads(schema.read_text("utf-8")))
    report = validate_table(data, schema)
    assert not report.valid
    [error] = [e for e in report.blocking]
    assert (error.code, error.field) == ("type-non-pris-en-charge", "valeur")
    assert "type non pris en charge" in error.note
    assert main(["validate", str(data), "--schema", str(schema)]) == 1
