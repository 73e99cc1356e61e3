"""OpenDataSoft realtime push (portal-apis §9.1): only the records that changed, in chunks under
the 5 MB limit; records that disappeared are deleted with `POST …/delete/`.

The push key is a secret of its own (`HERAULT_DATA_PUSH_KEYS`), sent as the documented `pushkey`
query parameter; it never reaches a message, a log line (urllib3's debug lines included) or a file.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from opendata_pipeline.publish.dictionary import Dictionary
from opendata_pipeline.publish.errors import (
    PortalAuthError,
    PortalProtocolError,
    PortalValidationError,
    UploadTooLarge,
)
from opendata_pipeline.publish.http import PortalHttp
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.ods_api import error_body

PUSH = "/api/push/1.0"
MAX_BYTES = 4_000_000  # a margin under the documented 5 MB per request
MAX_RECORDS = 1000  # per request (the size of working clients' batches)
Record = dict[str, Any]
_SECRET = re.compile(r"((?:push|api)key=)[^&\s\"']+", re.IGNORECASE)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


class _RedactKeys(logging.Filter):
    """Mask `pushkey=` / `apikey=` values in a log record (urllib3 logs request URLs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SECRET.search(message):
            record.msg, record.args = _SECRET.sub(r"\1***", message), ()
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_RedactKeys())


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        text = value.isoformat()
        return text if value.tzinfo else text + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def current_records(published: PublishedDataset, dictionary: Dictionary) -> dict[str, Record]:
    """The published rows as push records (ODS field names), by record key."""
    import pyarrow.parquet as pq

    item = published.files.get("parquet")
    if item is None:
        raise PortalProtocolError("herault_data", published.dataset, "pas de Parquet publié")
    rows = pq.read_table(item.path).to_pylist()
    names = {doc.column: doc.name for doc in dictionary.fields}
    geo = dictionary.field(dictionary.geo_point) if dictionary.geo_point else None
    records: dict[str, Record] = {}
    for row in rows:
        record: Record = {}
        for column, value in row.items():
            value = _json_value(value)
            if value is not None and column in names:
                record[names[column]] = value
        if dictionary.coordinates is not None:
            lon, lat = (row.get(c) for c in dictionary.coordinates)
            if lon is not None and lat is not None:
                record[geo.name if geo else "geo_point_2d"] = f"{lat},{lon}"
        elif geo is not None and isinstance(record.get(geo.name), str):
            record[geo.name] = record[geo.name].replace(" ", "")
        key = "|".join(str(row.get(c)) for c in dictionary.unique_key)
        records[key] = record
    return records


@dataclass
class PushPlan:
    """What to send: new or changed records, and the previous version of deleted ones."""

    upserts: list[Record] = field(default_factory=list)
    upsert_keys: list[str] = field(default_factory=list)
    deletes: list[Record] = field(default_factory=list)
    delete_keys: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.upserts and not self.deletes


def plan(current: dict[str, Record], previous: dict[str, Record]) -> PushPlan:
    """Compare what the portal holds (as last acknowledged) with the current records."""
    result = PushPlan()
    for key, record in current.items():
        if previous.get(key) != record:
            result.upserts.append(record)
            result.upsert_keys.append(key)
    for key in previous.keys() - current.keys():
        result.deletes.append(previous[key])
        result.delete_keys.append(key)
    return result


def _size(record: Record) -> int:
    return len(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode())


def chunks(
    records: list[Record], *, max_bytes: int = MAX_BYTES, max_records: int = MAX_RECORDS
) -> list[tuple[int, int]]:
    """[start, end) index ranges of request bodies (JSON arrays) under `max_bytes`."""
    ranges: list[tuple[int, int]] = []
    start, size = 0, 2  # the brackets
    for i, record in enumerate(records):
        length = _size(record) + 1
        if length + 2 > max_bytes:
            raise UploadTooLarge(
                "herault_data", "-", f"un enregistrement dépasse {max_bytes} octets"
            )
        if i > start and (size + length > max_bytes or i - start >= max_records):
            ranges.append((start, i))
            start, size = i, 2
        size += length
    if start < len(records):
        ranges.append((start, len(records)))
    return ranges


class PushClient:
    """`POST /api/push/1.0/<dataset_id>/<resource>/{push,delete}/?pushkey=…`."""

    def __init__(
        self, http: PortalHttp, dataset_id: str, resource: str, push_key: str, *, key_hint: str
    ) -> None:
        self.http = http
        self.dataset_id = dataset_id
        self.resource = resource
        self._push_key = push_key
        self.key_hint = key_hint

    def __repr__(self) -> str:
        return f"PushClient({self.dataset_id!r}, {self.resource!r})"

    def path(self, operation: str) -> str:
        return f"{PUSH}/{self.dataset_id}/{self.resource}/{operation}/"

    def send(self, operation: str, body: Record | list[Record]) -> None:
        """One push or delete; an upsert by record key, so a replay duplicates nothing."""
        response = self.http.request(
            "POST",
            self.path(operation),
            params={"pushkey": self._push_key},
            json=body,
            idempotent=True,
        )
        what = f"POST {self.path(operation)}"
        body_json = error_body(response)
        status = response.status_code
        dataset = self.http.dataset
        if status == 200:
            state = str(body_json.get("status", "")).lower()
            if state == "ok" or body_json.get("ok") is True:
                return
            raise PortalProtocolError(self.http.portal, dataset, f"{what} : statut '{state}'")
        message = _QUOTED.sub("…", str(body_json.get("message") or body_json.get("error") or ""))
        if status in (401, 403):
            raise PortalAuthError(
                self.http.portal,
                dataset,
                f"{what} : HTTP {status}, clé de push refusée ; vérifiez {self.key_hint}",
            )
        if status == 413:
            raise UploadTooLarge(self.http.portal, dataset, f"{what} : HTTP 413")
        if status == 404:
            raise PortalProtocolError(
                self.http.portal,
                dataset,
                f"{what} : HTTP 404, source temps réel introuvable "
                "(nom de la ressource ou jeu non publié)",
            )
        raise PortalValidationError(
            self.http.portal, dataset, f"{what} : HTTP {status} {message[:200]}".strip(), []
        )
