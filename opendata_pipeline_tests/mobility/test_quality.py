"""Quality and R-MOBILITY-NAP checks on the real samples (and on real bytes with one defect)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pyarrow as pa

from opendata_pipeline.mobility import quality
from opendata_pipeline.mobility.feeds import parse_bikes, parse_parking
from opendata_pipeline_tests.mobility.helpers import FETCHED_AT


def _edited(raw: bytes, entity_id: str, attribute: str, value: object) -> bytes:
    entities = json.loads(raw)
    for entity in entities:
        if entity["id"] == entity_id:
            entity[attribute]["value"] = value
    return json.dumps(entities).encode()


def test_stale_sensor_of_the_real_parking_feed(parking: pa.Table) -> None:
    outcome = quality.stale_sensors(parking)
    assert not outcome.passed
    assert not outcome.blocking
    assert quality.counts(outcome) == {"capteurs": 24, "figes": 1, "retard_max_jours": 132}
    assert quality.flagged(outcome) == ["urn:ngsi-ld:parking:006 (Foch)"]
    assert "1 capteur(s) sur 24" in outcome.message_fr


def test_stale_bike_stations(bikes: pa.Table) -> None:
    outcome = quality.stale_sensors(bikes)
    assert quality.counts(outcome)["figes"] == 4
    assert "urn:ngsi-ld:station:027 (Odysseum)" in quality.flagged(outcome)


def test_full_with_free_places(parking: pa.Table, parking_ngsi_raw: bytes) -> None:
    real = quality.full_with_free_places(parking)
    assert real.passed  # Gaumont OUEST is Full with 0 free places: coherent
    assert quality.counts(real) == {"complets": 1, "incoherents": 0}
    broken = parse_parking(
        _edited(parking_ngsi_raw, "urn:ngsi-ld:parking:021", "availableSpotNumber", 12),
        "ngsi",
        fetched_at=FETCHED_AT,
    )
    outcome = quality.full_with_free_places(broken)
    assert not outcome.passed
    assert quality.counts(outcome) == {"complets": 1, "incoherents": 1}
    assert quality.flagged(outcome) == ["urn:ngsi-ld:parking:021 (Gaumont OUEST)"]


def test_docks_out_of_service_on_real_bikes(bikes: pa.Table) -> None:
    outcome = quality.docks_out_of_service(bikes)
    assert not outcome.passed
    # 005 Corum 6+4≠12, 007 Foch 2+2≠8, 024 Cité Mion 4+3≠8, 039 Aiguelongue 0+7≠8,
    # 059 Sud De France 5+2≠8
    assert quality.counts(outcome) == {"stations": 57, "stations_ecart": 5, "bornes_manquantes": 9}
    assert [f.split(" ")[0].rsplit(":", 1)[1] for f in quality.flagged(outcome)] == [
        "005",
        "007",
        "024",
        "039",
        "059",
    ]


def test_coordinates_swapped_and_outside(parking: pa.Table, parking_ngsi_raw: bytes) -> None:
    assert quality.coordinates(parking).passed
    raw = _edited(
        parking_ngsi_raw,
        "urn:ngsi-ld:parking:001",
        "location",
        {"type": "Point", "coordinates": [43.60871606, 3.88881893]},
    )
    raw = _edited(
        raw, "urn:ngsi-ld:parking:024", "location", {"type": "Point", "coordinates": [2.35, 48.85]}
    )
    outcome = quality.coordinates(parse_parking(raw, "ngsi", fetched_at=FETCHED_AT))
    assert not outcome.passed
    assert quality.counts(outcome) == {
        "points": 24,
        "absentes": 0,
        "inversees": 1,
        "hors_metropole": 1,
    }


def test_capacity_changes_between_legacy_and_ngsi(parking_dir: Path, parking: pa.Table) -> None:
    xml_2017 = parse_parking(
        {p.name: p.read_bytes() for p in (parking_dir / "xml_2017-01-28").glob("FR_MTP_*.xml")},
        "xml",
        fetched_at=FETCHED_AT,
    )
    xml_2020 = parse_parking(
        (parking_dir / "FR_MTP_ANTI_2020-07-10.xml").read_bytes(), "xml", fetched_at=FETCHED_AT
    )
    outcome = quality.capacity_changes(pa.concat_tables([xml_2020, xml_2017]))
    assert not outcome.passed
    assert quality.counts(outcome) == {"equipements": 7, "modifies": 1, "changements": 1}
    assert quality.flagged(outcome) == ["urn:ngsi-ld:parking:001 (Antigone)"]
    # with 2025: Antigone 350 → 280 → 239, and the six others changed once since 2017
    full = quality.capacity_changes(pa.concat_tables([parking, xml_2020, xml_2017]))
    assert quality.counts(full) == {"equipements": 24, "modifies": 7, "changements": 8}
    assert quality.capacity_changes(parking).passed


def test_feed_freshness(parking: pa.Table) -> None:
    assert quality.feed_freshness(parking, now=FETCHED_AT).passed  # newest 13:45:27
    late = quality.feed_freshness(parking, now=FETCHED_AT + timedelta(hours=1))
    assert not late.passed
    assert quality.counts(late)["age_minutes"] == 74


def test_feed_checks_by_kind(parking: pa.Table, bikes: pa.Table) -> None:
    assert [o.name for o in quality.feed_checks(parking)] == [
        "capteurs_figes",
        "complet_avec_places",
        "coordonnees",
    ]
    assert "bornes_hors_service" in [o.name for o in quality.feed_checks(bikes, now=FETCHED_AT)]
    metadata = quality.stale_sensors(parking).metadata
    assert metadata["figes"] == 1
    assert metadata["flagged"] == ["urn:ngsi-ld:parking:006 (Foch)"]


def test_bike_tables_from_three_sources_share_ids(bikeshare_dir: Path, bikes: pa.Table) -> None:
    xml = parse_bikes(
        (bikeshare_dir / "TAM_MMM_VELOMAG_2021-03-26.xml").read_bytes(),
        "xml",
        fetched_at=FETCHED_AT,
    )
    assert set(bikes["id"].to_pylist()) - set(xml["id"].to_pylist()) == {
        "urn:ngsi-ld:station:060",
        "urn:ngsi-ld:station:061",
    }
