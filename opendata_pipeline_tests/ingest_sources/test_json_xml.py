"""json and xml readers on the Métropole's real files, malformed input and XML bombs.

Every JSON/XML file of shared/realdata is read by the reader of its kind, the records found
without a record_path (`test_every_real_file_is_read`; only the XSD is refused — the
concatenated EcoCompt archive is rejected with its byte offset only when declared
`format: json`); the others assert real values. XML bombs and external entities are written by
the tests.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest import json_reader, ngsi, xml_reader
from opendata_pipeline.ingest.detect import Refused
from opendata_pipeline.ingest.kinds import make_source
from opendata_pipeline.ingest.result import ReadResult

ECO = "tabular/MMM_EcoCompt_X2H19070220_archive.json"
SERIES = "parking/parking_timeseries_parking001_2025-02-27.json"
VELOMAG = "bikeshare/TAM_MMM_VELOMAG_2021-03-26.xml"
PARK_FIELDS = {
    "DateTime": "datetime", "Name": "string", "Status": "string",
    "Free": "integer", "Total": "integer",
}  # fmt: skip


def select(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
    return con.execute(sql).fetchall()


def test_concatenated_ecocounter_archive(realdata: Path, tmp_path: Path) -> None:
    out = tmp_path / "eco.parquet"
    result = json_reader.to_parquet([realdata / ECO], out, make_source(kind="json", url="x"), "eco")
    assert result.rows == 87
    assert result.details["json_format"] == "concatenated"
    assert result.details["duplicate_records"] == 4  # repeated days in the archive, kept
    types = dict(result.columns)
    assert types["intensity"] == "BIGINT" and types["reversedLane"] == "BOOLEAN"
    assert types["dateObserved"] == "VARCHAR"  # an interval start/end, not one date
    first = select(out, "SELECT intensity, longitude, latitude, dateObserved FROM t LIMIT 1")
    assert first == [
        (524, 3.896939992904663, 43.60969924926758, "2020-12-17T00:00:00/2020-12-18T00:00:00")
    ]


def test_concatenated_objects_are_rejected_as_one_document_with_byte_offset(
    realdata: Path, tmp_path: Path
) -> None:
    data = (realdata / ECO).read_bytes()
    source = make_source(kind="json", url="x", options={"format": "json"})
    with pytest.raises(DatasetError) as caught:
        json_reader.to_parquet([realdata / ECO], tmp_path / "o.parquet", source, "eco")
    offset = data.index(b"}{") + 1
    assert caught.value.location == f"byte {offset} (line 2, column {offset - 2 + 1})"
    assert caught.value.file == "MMM_EcoCompt_X2H19070220_archive.json"
    assert "Extra data" in caught.value.reason


def test_broken_json_gives_the_byte_offset(realdata: Path, tmp_path: Path) -> None:
    data = (realdata / "bikeshare/bikestation_2025-12-21.json").read_bytes()
    cut = data.index(b'"freeSlotNumber"', 5000)
    broken = tmp_path / "broken.json"
    broken.write_bytes(data[:cut] + b"," + data[cut:])
    with pytest.raises(DatasetError) as caught:
        json_reader.to_parquet(
            [broken], tmp_path / "o.parquet", make_source(kind="json", url="x"), "b"
        )
    assert caught.value.location is not None
    assert caught.value.location.startswith(f"byte {cut}")
    assert not (tmp_path / "o.parquet").exists()


def test_json_lines_and_record_path(realdata: Path, tmp_path: Path) -> None:
    entities = json.loads((realdata / "parking/offstreetparking_2025-02-27.json").read_bytes())
    lines = tmp_path / "p.jsonl"
    lines.write_text("\n".join(json.dumps({"page": {"items": [e]}}) for e in entities) + "\n")
    source = make_source(
        kind="json", url="x", record_path="page.items",
        options={"format": "lines"}, fields={"id": "string", "totalSpotNumber_value": "integer"},
    )  # fmt: skip
    out = tmp_path / "o.parquet"
    result = json_reader.to_parquet([lines], out, source, "p")
    assert result.columns == [("id", "VARCHAR"), ("totalSpotNumber_value", "BIGINT")]
    assert select(out, "SELECT sum(totalSpotNumber_value) FROM t") == [
        (sum(e["totalSpotNumber"]["value"] for e in entities),)
    ]
    bad = make_source(kind="json", url="x", record_path="page.nothing")
    with pytest.raises(DatasetError, match=r"record_path 'page\.nothing' not found"):
        json_reader.to_parquet([lines], out, bad, "p")


def test_timeseries_parallel_arrays(realdata: Path, tmp_path: Path) -> None:
    source = make_source(
        kind="json",
        url="x",
        options={"parallel_arrays": {"index": "observed_at", "values": "value"}},
    )
    out = tmp_path / "ts.parquet"
    result = json_reader.to_parquet([realdata / SERIES], out, source, "ts")
    assert result.rows == 436
    assert dict(result.columns)["observed_at"] == "TIMESTAMP WITH TIME ZONE"
    last = select(
        out, "SELECT entityId, observed_at, value FROM t ORDER BY observed_at DESC LIMIT 1"
    )
    assert last == [
        ("urn:ngsi-ld:parking:001", datetime(2025, 2, 28, 12, 17, 59, tzinfo=UTC), 126.0)
    ]


def test_car_park_xml_with_declared_fields(realdata: Path, tmp_path: Path) -> None:
    files = sorted((realdata / "parking/xml_2017-01-28").glob("FR_MTP_*.xml"))
    source = make_source(
        kind="xml", url="x", fields=PARK_FIELDS, options={"source_file_column": "file"}
    )
    out = tmp_path / "park.parquet"
    result = xml_reader.to_parquet(files, out, source, "parkings")
    assert result.rows == 7 and result.encoding == "utf-8"
    assert dict(result.columns)["Free"] == "BIGINT"
    rows = select(out, "SELECT Name, Free, Total, DateTime, file FROM t ORDER BY Name")
    assert rows[0] == ("ANTI", 307, 350, datetime(2017, 1, 28, 22, 53, 54), "FR_MTP_ANTI.xml")
    assert rows[-1][:3] == ("GAMB", 104, 400)


def test_zero_padded_values_stay_text_when_not_declared(realdata: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    path = realdata / "parking/FR_MTP_ANTI_2020-07-10.xml"
    result = xml_reader.to_parquet([path], out, make_source(kind="xml", url="x"), "a")
    assert dict(result.columns)["Free"] == "VARCHAR"
    assert select(out, "SELECT Free, Total FROM t") == [("0192", "0280")]


def test_model_file_ignores_schema_hints(realdata: Path, tmp_path: Path) -> None:
    path = realdata / "parking/xml_2017-01-28/ParkingTpsReel_modele.xml"
    source = make_source(kind="xml", url="x", record_path="park", fields=PARK_FIELDS)
    out = tmp_path / "m.parquet"
    xml_reader.to_parquet([path], out, source, "m")
    assert select(out, "SELECT Free FROM t") == [(252,)]
    auto = xml_reader.to_parquet([path], out, make_source(kind="xml", url="x"), "m")
    assert "noNamespaceSchemaLocation" not in dict(auto.columns)


def test_old_velomagg_attributes(realdata: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.parquet"
    result = xml_reader.to_parquet([realdata / VELOMAG], out, make_source(kind="xml", url="x"), "v")
    assert result.rows == 57 and result.details["record_path"] == ["vcs/sl/si"]
    types = dict(result.columns)
    assert (types["id"], types["av"], types["la"]) == ("VARCHAR", "BIGINT", "DOUBLE")
    assert select(out, "SELECT na, av, fr, \"to\" FROM t WHERE id = '002'") == [
        ("002 Comédie", 4, 20, 24)
    ]
    assert select(out, "SELECT na FROM t WHERE id = '018'") == [("018 Nombre d'Or",)]
    assert select(out, "SELECT count(*) FROM t WHERE id IN ('052', '058')") == [(0,)]
    explicit = make_source(
        kind="xml", url="x", record_path="//si", fields={"id": "string", "to": "integer"}
    )
    assert xml_reader.to_parquet([realdata / VELOMAG], out, explicit, "v").rows == 57


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<park><Name>&lol3;</Name></park>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE park [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<park><Name>&xxe;</Name></park>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "xxe"])
def test_xml_bombs_are_rejected(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "FR_MTP_EVIL.xml"
    path.write_bytes(payload)
    with pytest.raises(DatasetError) as caught:
        xml_reader.to_parquet(
            [path], tmp_path / "o.parquet", make_source(kind="xml", url="x"), "evil"
        )
    assert "XML refusé" in caught.value.reason and "EntitiesForbidden" in caught.value.reason
    assert caught.value.file == "FR_MTP_EVIL.xml"
    assert "passwd" not in str(caught.value)
    assert not (tmp_path / "o.parquet").exists()


def test_malformed_xml_gives_line_and_column(realdata: Path, tmp_path: Path) -> None:
    text = (realdata / "parking/xml_2017-01-28/FR_MTP_FOCH.xml").read_text()
    path = tmp_path / "FR_MTP_FOCH.xml"
    path.write_text(text.replace("</Free>", "</Fre>"))
    with pytest.raises(DatasetError) as caught:
        xml_reader.to_parquet([path], tmp_path / "o.parquet", make_source(kind="xml", url="x"), "f")
    assert caught.value.location == "line 6, column 14"  # the name of the closing tag


def test_declared_integer_that_is_not_one(realdata: Path, tmp_path: Path) -> None:
    source = make_source(kind="xml", url="x", fields={"Name": "integer"})
    path = realdata / "parking/xml_2017-01-28/FR_MTP_CORU.xml"
    with pytest.raises(DatasetError) as caught:
        xml_reader.to_parquet([path], tmp_path / "o.parquet", source, "c")
    assert caught.value.location == "row 1, field Name"
    assert "CORU" not in caught.value.reason


def _read_any(path: Path, out: Path) -> ReadResult:
    if path.suffix in (".xml", ".xsd"):
        return xml_reader.to_parquet([path], out, make_source(kind="xml", url="x"), "sweep")
    doc = path.read_bytes().lstrip()
    if doc.startswith(b"[") and b'"metadata"' in doc[:2000]:
        return ngsi.to_parquet([path], out, make_source(kind="ngsi", url="x"), "sweep")
    return json_reader.to_parquet([path], out, make_source(kind="json", url="x"), "sweep")


def test_every_real_file_is_read(realdata: Path, tmp_path: Path) -> None:
    files = sorted(
        p for p in realdata.rglob("*") if p.suffix in (".json", ".xml", ".xsd") and p.is_file()
    )
    assert len(files) == 18
    xsd = next(p for p in files if p.suffix == ".xsd")
    with pytest.raises(Refused) as refused:
        _read_any(xsd, tmp_path / "xsd.parquet")
    assert refused.value.kind == "xml_schema" and "schéma XML" in refused.value.reason
    files.remove(xsd)
    outcomes = {p.name: _read_any(p, tmp_path / f"{p.stem}.parquet").rows for p in files}
    assert outcomes["offstreetparking_2025-02-27.json"] == 24
    assert outcomes["ecocounter_ngsi_2025-11-25.json"] == 73
    assert outcomes["bikestation_2025-12-21.json"] == 57
    assert outcomes["MMM_EcoCompt_X2H19070220_archive.json"] == 87
    assert outcomes["parking_timeseries_parking001_2025-02-27.json"] == 436  # arrays zipped
    assert outcomes["gbfs_station_status_3stations.json"] == 3  # data.stations found
    assert outcomes["gbfs_station_information_3stations.json"] == 3
    assert outcomes["ParkingTpsReel_modele.xml"] == 1  # one car park: nothing repeats
    assert outcomes["TAM_MMM_VELOMAG_2021-03-26.xml"] == 57
    assert all(outcomes[p.name] == 1 for p in files if p.name.startswith("FR_MTP_"))
