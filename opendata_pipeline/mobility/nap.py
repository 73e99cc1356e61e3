"""R-MOBILITY-NAP: what the Métropole supplies to the national access point, and its validation.

- Car parks: the national Table Schema `etalab/schema-stationnement` (0.1.5), validated with
  frictionless. The real-time feed lacks its static fields (INSEE code, SIRET, height limit…):
  they come from a `static` reference per car park; what is missing is reported field by field.
- Bike sharing: GBFS JSON Schema of the feed's declared version; `to_gbfs_v3` turns the
  normalised station table into GBFS 3.0 `station_information` / `station_status`.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import pyarrow as pa

from opendata_pipeline.mobility.quality import CheckOutcome
from opendata_pipeline.mobility.rows import parse_timestamp, utc

SCHEMAS_DIR: Final = Path(__file__).resolve().parents[1] / "schemas"
PARKING_SCHEMA: Final = SCHEMAS_DIR / "etalab" / "schema-stationnement" / "schema.json"
GBFS_SCHEMAS: Final = SCHEMAS_DIR / "MobilityData" / "gbfs-json-schema"


def parking_nap_rows(
    current: pa.Table, schema: Mapping[str, Any], static: Mapping[str, Mapping[str, str]] | None
) -> list[dict[str, str]]:
    """One schema-stationnement row per car park: feed values + its `static` reference fields.

    `static` maps a car-park id to field → value for what the feed lacks (`insee`,
    `num_siret`, `hauteur_max`, `type_usagers`, `gratuit`, `adresse`, tariffs…); `id`
    defaults to `<insee>-P-<NNN>` from the NGSI number.
    """
    names = [f["name"] for f in schema["fields"]]
    rows = []
    for park in current.to_pylist():
        if park["kind"] != "parking":
            continue
        extra = dict((static or {}).get(park["id"], {}))
        row = dict.fromkeys(names, "")
        row.update(
            nom=park["name"] or "",
            nb_places="" if park["capacity"] is None else str(park["capacity"]),
            Xlong="" if park["longitude"] is None else f"{park['longitude']:.6f}",
            Ylat="" if park["latitude"] is None else f"{park['latitude']:.6f}",
            type_ouvrage="ouvrage",
        )
        number = park["id"].rsplit(":", 1)[-1]
        if extra.get("insee") and number.isdigit():
            row["id"] = f"{extra['insee']}-P-{int(number):03d}"
        row.update({key: value for key, value in extra.items() if key in row})
        rows.append(row)
    return rows


def validate_parking_nap(
    current: pa.Table,
    *,
    schema_path: Path = PARKING_SCHEMA,
    static: Mapping[str, Mapping[str, str]] | None = None,
) -> CheckOutcome:
    """Validate the car-park export against `etalab/schema-stationnement` (BLOCK on error)."""
    from frictionless import Resource, Schema, validate  # heavy import, on use only

    descriptor = json.loads(schema_path.read_text(encoding="utf-8"))
    descriptor.pop("custom_checks", None)  # Validata extension, unknown to frictionless
    rows = parking_nap_rows(current, descriptor, static)
    names = [f["name"] for f in descriptor["fields"]]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stationnement.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        resource = Resource(
            path=path.name, basepath=folder, schema=Schema.from_descriptor(descriptor)
        )
        report = validate(resource)
        errors = report.flatten(["type", "fieldName"])
    by_field = Counter(f"{code}:{name}" for code, name in errors)
    fields = sorted({name for _, name in errors if name})
    version = descriptor.get("version", "?")
    return CheckOutcome(
        "schema_stationnement",
        report.valid,
        "BLOCK",
        {"parkings": len(rows), "erreurs": len(errors), **dict(sorted(by_field.items()))},
        f"Export national des parkings (schema-stationnement {version}) : "
        + (
            "conforme."
            if report.valid
            else f"{len(errors)} erreur(s) ; champs en cause : {', '.join(fields) or 'structure'}."
        ),
    )


def to_gbfs_v3(
    bikes: pa.Table, *, now: datetime, ttl: int = 60, language: str = "fr"
) -> dict[str, bytes]:
    """GBFS 3.0 `station_information.json` and `station_status.json` from a bike snapshot."""
    stamp = utc(now).isoformat().replace("+00:00", "Z")
    information, status = [], []
    for row in bikes.to_pylist():
        station_id = row["id"].rsplit(":", 1)[-1]
        info: dict[str, Any] = {
            "station_id": station_id,
            "name": [{"text": row["name"] or station_id, "language": language}],
            "lat": row["latitude"],
            "lon": row["longitude"],
        }
        if row["capacity"] is not None:
            info["capacity"] = row["capacity"]
        information.append(info)
        open_ = row["status"] != "closed"
        status.append(
            {
                "station_id": station_id,
                "num_vehicles_available": row["available"] or 0,
                "num_docks_available": row["free_slots"] or 0,
                "is_installed": open_,
                "is_renting": open_,
                "is_returning": open_,
                "last_reported": row["observed_at"].isoformat().replace("+00:00", "Z"),
            }
        )
    envelope = {"last_updated": stamp, "ttl": ttl, "version": "3.0"}
    return {
        "station_information.json": _json({**envelope, "data": {"stations": information}}),
        "station_status.json": _json({**envelope, "data": {"stations": status}}),
    }


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def validate_gbfs(
    files: Mapping[str, bytes], *, schemas_dir: Path = GBFS_SCHEMAS, version: str | None = None
) -> CheckOutcome:
    """Validate GBFS files against the JSON Schema of their declared (or given) version.

    BLOCK when a schema reports errors; WARN (not verified) when that version's schema is not
    bundled.
    """
    import jsonschema  # on use only

    errors: Counter[str] = Counter()
    missing_versions = set()
    for name, raw in sorted(files.items()):
        feed = name.removesuffix(".json")
        payload = json.loads(raw)
        declared = version or str(payload.get("version", "?"))
        schema_file = schemas_dir / f"v{declared}" / f"{feed}.json"
        if not schema_file.is_file():
            missing_versions.add(declared)
            continue
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        validator = jsonschema.Draft7Validator(
            schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        )
        for error in validator.iter_errors(payload):
            where = "/".join(str(p) for p in error.absolute_path if not isinstance(p, int))
            errors[f"{feed}:{where or '(racine)'}:{error.validator}"] += 1
    total = sum(errors.values())
    if missing_versions and not total:
        return CheckOutcome(
            "schema_gbfs",
            False,
            "WARN",
            {"fichiers": len(files), "versions_sans_schema": len(missing_versions)},
            "Conformité GBFS non vérifiée : aucun schéma embarqué pour la version "
            f"{', '.join(sorted(missing_versions))} déclarée par le flux.",
        )
    return CheckOutcome(
        "schema_gbfs",
        total == 0,
        "BLOCK",
        {"fichiers": len(files), "erreurs": total, **dict(sorted(errors.items()))},
        "Flux GBFS conforme au schéma."
        if total == 0
        else f"Flux GBFS non conforme : {total} erreur(s) de schéma.",
    )


def gbfs_freshness(status_raw: bytes, *, now: datetime) -> CheckOutcome:
    """`last_updated` age ≤ 2 × max(ttl, 60 s) (R-MOBILITY-NAP, convention) → else WARN."""
    payload = json.loads(status_raw)
    updated = parse_timestamp(payload.get("last_updated"))
    ttl = int(payload.get("ttl") or 0)
    limit = 2 * max(ttl, 60)
    age = int((utc(now) - updated).total_seconds()) if updated else -1
    fresh = updated is not None and 0 <= age <= limit
    return CheckOutcome(
        "fraicheur_gbfs",
        fresh,
        "WARN",
        {"age_secondes": age, "age_max_secondes": limit},
        "Flux GBFS à jour."
        if fresh
        else f"Flux GBFS périmé ou daté dans le futur : last_updated il y a {age} s "
        f"(maximum {limit} s).",
    )
