"""OpenDataSoft (Huwise) client: Automation API v1.0 writes, Explore v2.1 read-back (§3)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import requests

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.base import Publisher, RemoteState
from opendata_pipeline.publish.errors import (
    PortalAuthError,
    PortalProtocolError,
    PortalStateError,
    PortalUnavailable,
    PortalValidationError,
    UploadTooLarge,
)
from opendata_pipeline.publish.http import PortalHttp, RetryPolicy
from opendata_pipeline.publish.ledger import Ledger
from opendata_pipeline.publish.model import (
    PublicationResult,
    PublishedDataset,
    PublishedFile,
    ReadBackResult,
)

AUTOMATION = "/api/automation/v1.0"
EXPLORE = "/api/explore/v2.1"
BUSY = {"queued", "processing", "aborting_processing", "saving_version", "deleting"}
FAILED = {"error", "limit_reached"}
CSV_PARAMS = {"separator": ",", "encoding": "utf-8", "headers_first_row": True,
              "first_row_no": 1, "doublequote": True}  # fmt: skip
Metadata = dict[str, dict[str, Any]]


class _InvalidStatus(Exception):
    """400 `invalid_dataset_status`: the dataset is not idle."""


def ods_field_name(column: str) -> str:
    """The technical field name ODS derives from a CSV header (lower-case ASCII, `_`)."""
    return re.sub(r"[^a-z0-9]+", "_", cw.normalise(column)).strip("_")


def _html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


class OdsPublisher(Publisher):
    """One ODS dataset per catalogue entry, one `csvfile` resource fed by an uploaded file."""

    kind = "opendatasoft"

    def __init__(
        self,
        portal: str,
        base_url: str,
        api_key: str,
        *,
        policy: RetryPolicy | None = None,
        public_urls: Mapping[str, str] | None = None,
        ledger: Ledger | None = None,
        max_upload_bytes: int | None = None,
        licence_ids: Mapping[str, str] | None = None,
        theme_ids: Mapping[str, str] | None = None,
        identifier_field: tuple[str, str] = ("dcat", "identifier"),
        max_polls: int = 600,
        poll_s: tuple[float, float] = (2.0, 30.0),
    ) -> None:
        super().__init__(
            portal, public_urls=public_urls, ledger=ledger, max_upload_bytes=max_upload_bytes
        )
        self.http = PortalHttp(base_url, portal=portal, policy=policy)
        self._api_key = api_key
        self.licence_ids = dict(licence_ids or {})
        self.theme_ids = dict(theme_ids or {})
        self.identifier_field = identifier_field
        self.max_polls = max_polls
        self.poll_s = poll_s

    # -- transport -------------------------------------------------------------------------
    def _call(
        self, method: str, path: str, *, ok: tuple[int, ...] = (200, 201), **kwargs: Any
    ) -> Any:
        headers = {"Authorization": f"apikey {self._api_key}"}
        response = self.http.request(method, f"{AUTOMATION}{path}", headers=headers, **kwargs)
        if response.status_code in ok:
            return response.json() if response.content else {}
        self._fail(response, f"{method} {path}")

    def _fail(self, response: requests.Response, what: str) -> None:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        code = body.get("error_code") or body.get("errorcode")
        message = str(body.get("message") or body.get("error") or "")[:300]
        dataset = self.http.dataset
        if code == "invalid_dataset_status":
            raise _InvalidStatus(message)
        if status in (401, 403):
            raise PortalAuthError(
                self.portal, dataset, f"{what} : HTTP {status}, clé API refusée ou droits "
                f"insuffisants ({message})"
            )  # fmt: skip
        if status == 413:
            raise UploadTooLarge(self.portal, dataset, f"{what} : HTTP 413")
        if status >= 500 or status == 429:
            raise PortalUnavailable(self.portal, dataset, f"{what} : HTTP {status}")
        if status == 400:
            raw = body.get("detail")
            detail: dict[str, Any] = raw if isinstance(raw, dict) else {}
            raise PortalValidationError(
                self.portal, dataset, f"{what} : {code} {message} {detail}".strip(), sorted(detail)
            )
        raise PortalProtocolError(self.portal, dataset, f"{what} : HTTP {status} {code or ''}")

    def _mutate(self, method: str, path: str, uid: str, **kwargs: Any) -> Any:
        """A write that waits for `idle` and retries on `invalid_dataset_status` (§0.1.10)."""
        for _ in range(5):
            try:
                return self._call(method, path, **kwargs)
            except _InvalidStatus:
                self._wait_idle(uid)
        raise PortalStateError(
            self.portal, self.http.dataset, f"{method} {path} : le jeu reste occupé"
        )

    def _status(self, uid: str) -> dict[str, Any]:
        status = self._call("GET", f"/datasets/{uid}/status/")
        return status if isinstance(status, dict) else {}

    def _wait_idle(self, uid: str, *, after_publish: bool = False) -> dict[str, Any]:
        """Poll `status/` with backoff until `idle`; an error end state is reported."""
        delay, ceiling = self.poll_s
        for _ in range(self.max_polls):
            status = self._status(uid)
            state = status.get("status")
            if state in FAILED and after_publish:
                errors = status.get("records_errors") or []
                raise PortalStateError(
                    self.portal,
                    self.http.dataset,
                    f"statut '{state}' : {status.get('message') or 'sans message'} "
                    f"({len(errors)} erreur(s) d'enregistrement)",
                )
            if state not in BUSY:
                return status
            self.http.policy.sleep(delay)
            delay = min(delay * 1.5, ceiling)
        raise PortalUnavailable(self.portal, self.http.dataset, "traitement trop long (statut)")

    # -- mapping ---------------------------------------------------------------------------
    def _suggest(self, field: str) -> list[tuple[str, str]]:
        found = self._call(
            "GET", f"/metadata/templates/internal/fields/{field}/suggest/", params={"count": 1000}
        )
        hits = found.get("hits", []) if isinstance(found, dict) else []
        pairs: list[tuple[str, str]] = []
        for hit in hits:
            if isinstance(hit, dict):
                ident = str(hit.get("value") or hit.get("id") or "")
                pairs.append((ident, str(hit.get("label") or hit.get("name") or ident)))
        return pairs

    def _licence(self, entry: DatasetEntry) -> str:
        key = cw.licence_key(entry, self.portal)
        if key in self.licence_ids:
            return self.licence_ids[key]
        return cw.match_licence(entry, self.portal, self._suggest("license_id"))

    def _themes(self, entry: DatasetEntry) -> list[str]:
        cw.theme_codes(entry, self.portal)
        if not entry.themes:
            return []
        if all(t in self.theme_ids for t in entry.themes):
            return [self.theme_ids[t] for t in entry.themes]
        return cw.match_themes(entry, self.portal, self._suggest("theme_id"))

    def desired(self, entry: DatasetEntry, published: PublishedDataset) -> Metadata:
        """Metadata by template and field (`{"value": …}` bodies are built when sending)."""
        common = cw.common_metadata(entry)
        when = self.modified(entry, published)
        modified = when.isoformat().replace("+00:00", "Z") + ("" if when.tzinfo else "Z")
        references = (
            cw.landing_page(entry, "montpellier", self.public_urls)
            if entry.portals.montpellier is not None
            else None
        )
        metadata: Metadata = {
            "default": {
                "title": entry.title,
                "description": _html(entry.description),
                "keyword": list(entry.keywords),
                "language": entry.language,
                "modified": modified,
                "publisher": entry.publisher,
                "references": references,
            },
            "internal": {"license_id": self._licence(entry), "theme_id": self._themes(entry)},
            "dcat": {
                "accrualperiodicity": common["frequency"],
                "contact_name": common["contact_name"],
                "contact_email": common["contact_email"],
                "spatial": entry.spatial,
                "temporal": entry.temporal,
                "relation": cw.twin_reference(entry, self.portal, self.public_urls),
            },
        }
        template, field = self.identifier_field
        metadata.setdefault(template, {})[field] = common["identifier"]
        return {
            t: {f: v for f, v in fields.items() if v is not None} for t, fields in metadata.items()
        }

    # -- publication -----------------------------------------------------------------------
    def _find(self, dataset_id: str) -> list[dict[str, Any]]:
        found = self._call("GET", "/datasets/", params={"dataset_id": dataset_id})
        return [d for d in found.get("results", []) if d.get("dataset_id") == dataset_id]

    def _create(self, dataset_id: str, metadata: Metadata) -> str:
        body = {
            "dataset_id": dataset_id,
            "is_restricted": False,
            "metadata": {t: {f: {"value": v} for f, v in fs.items()} for t, fs in metadata.items()},
        }
        try:
            created = self._call("POST", "/datasets/", json=body, ok=(201,))
            return str(created["uid"])
        except (PortalValidationError, PortalUnavailable) as exc:
            if isinstance(exc, PortalValidationError) and "dataset_id" not in exc.fields:
                raise
            existing = self._find(dataset_id)  # concurrent creation, or committed before a 5xx
            if not existing:
                raise
            return str(existing[0]["uid"])

    def publish(self, entry: DatasetEntry, published: PublishedDataset) -> PublicationResult:
        self.http.dataset = entry.id
        desired = self.desired(entry, published)
        self.check_sizes(entry, published, ["csv"])
        dataset_id = cw.herault_dataset_id(entry)
        record = self.ledger.get(self.portal, entry.id)
        result = PublicationResult(
            self.portal, self.kind, entry.id, None, None, "unchanged", False,
            identifier=cw.stable_identifier(entry),
        )  # fmt: skip
        existing = self._find(dataset_id)
        if existing:
            uid = str(existing[0]["uid"])
            if record.get("uid") != uid:
                record = {"uid": uid}
            self._wait_idle(uid)
            result.metadata_changed = self._update_metadata(uid, desired)
            if existing[0].get("is_restricted"):
                self._mutate(
                    "PUT", f"/datasets/{uid}/", uid, json={**existing[0], "is_restricted": False}
                )
                result.metadata_changed = True
        else:
            uid = self._create(dataset_id, desired)
            record = {"uid": uid}
            result.action, result.metadata_changed = "created", True
            self.ledger.put(self.portal, entry.id, record)
            self._wait_idle(uid)
            self._update_metadata(uid, desired)  # converges if someone else created it
        item = published.files["csv"]
        data_changed = record.get("sha256") != item.sha256 or not self._has_resource(uid, record)
        if data_changed:
            record["resource_uid"] = self._put_resource(uid, record.get("resource_uid"), item)
            record["sha256"] = None  # known only once published
            self.ledger.put(self.portal, entry.id, record)
            result.uploaded, result.uploaded_files = True, [item.name]
        status = self._status(uid)
        if data_changed or not status.get("is_published"):
            self._publish(uid, "publish")
        elif result.metadata_changed:
            self._publish(uid, "publish_metadata")
        record["sha256"] = item.sha256
        self.ledger.put(self.portal, entry.id, record)
        self.remember_modified(entry, published)
        if result.action == "unchanged" and (result.uploaded or result.metadata_changed):
            result.action = "updated"
        result.portal_id = uid
        result.url = f"{self.http.base_url}/explore/dataset/{dataset_id}/"
        return result

    def _update_metadata(self, uid: str, desired: Metadata) -> bool:
        """PUT only the fields that differ (least risk of clobbering, §3.4)."""
        current = self._call("GET", f"/datasets/{uid}/metadata/")
        changed = False
        for template, fields in desired.items():
            for field, value in fields.items():
                now = ((current.get(template) or {}).get(field) or {}).get("value")
                if now == value:
                    continue
                self._mutate(
                    "PUT",
                    f"/datasets/{uid}/metadata/{template}/{field}/",
                    uid,
                    json={"value": value},
                )
                changed = True
        return changed

    def _has_resource(self, uid: str, record: Mapping[str, Any]) -> bool:
        listed = self._call("GET", f"/datasets/{uid}/resources/")
        results = listed.get("results", listed) if isinstance(listed, dict) else listed
        return any(r.get("uid") == record.get("resource_uid") for r in results or [])

    def _put_resource(self, uid: str, resource_uid: str | None, item: PublishedFile) -> str:
        with item.path.open("rb") as handle:
            uploaded = self._mutate(
                "POST",
                f"/datasets/{uid}/resources/files/",
                uid,
                files={"file": (item.name, handle, item.media_type)},
                ok=(200, 201),
            )
        file_uid = uploaded.get("uid") if isinstance(uploaded, dict) else None
        if not file_uid:
            raise PortalProtocolError(self.portal, self.http.dataset, "envoi sans identifiant")
        body = {
            "type": "csvfile",
            "title": item.name,
            "params": CSV_PARAMS,
            "datasource": {"type": "uploaded_file", "file": {"uid": file_uid}},
        }
        if resource_uid and self._has_resource(uid, {"resource_uid": resource_uid}):
            self._mutate("PUT", f"/datasets/{uid}/resources/{resource_uid}/", uid, json=body)
            return resource_uid
        created = self._mutate("POST", f"/datasets/{uid}/resources/", uid, json=body, ok=(201,))
        return str(created["uid"])

    def _publish(self, uid: str, action: str) -> None:
        self._mutate("POST", f"/datasets/{uid}/{action}/", uid, json={})
        status = self._wait_idle(uid, after_publish=True)
        if action == "publish" and not status.get("is_published"):
            raise PortalStateError(
                self.portal, self.http.dataset, "jeu non publié après traitement"
            )

    # -- read-back and reconciliation ------------------------------------------------------
    def _explore(self, dataset_id: str) -> dict[str, Any] | None:
        """Anonymous read: a restricted or unpublished dataset is not found (§0.1.7)."""
        response = self.http.request("GET", f"{EXPLORE}/catalog/datasets/{dataset_id}")
        if response.status_code in (401, 403, 404):
            return None
        if response.status_code != 200:
            self._fail(response, "explore")
        body = response.json()
        return body if isinstance(body, dict) else None

    def read_back(self, entry: DatasetEntry, published: PublishedDataset) -> ReadBackResult:
        self.http.dataset = entry.id
        result = ReadBackResult(self.portal, entry.id)
        found = self._explore(cw.herault_dataset_id(entry))
        result.compare("présence", True, found is not None)
        if found is None:
            return result
        default = (found.get("metas") or {}).get("default") or {}
        result.compare("lignes", published.rows, default.get("records_count"))
        result.compare(
            "colonnes",
            [ods_field_name(c) for c in published.column_names],
            [f.get("name") for f in found.get("fields", [])],
        )
        label = cw.normalise(str(default.get("license") or ""))
        key = cw.licence_key(entry, self.portal)
        result.compare(
            "licence", entry.licence, entry.licence if cw.LICENCE_LABELS[key](label) else label
        )
        result.unverifiable("sha256", published.files["csv"].sha256,
                            "OpenDataSoft ne publie pas de somme de contrôle")  # fmt: skip
        return result

    def remote_state(self, entry: DatasetEntry) -> RemoteState:
        self.http.dataset = entry.id
        state = RemoteState()
        found = self._find(cw.herault_dataset_id(entry))
        state.portal_ids = [str(d["uid"]) for d in found]
        if found:
            state.url = f"{self.http.base_url}/explore/dataset/{cw.herault_dataset_id(entry)}/"
            record = self.ledger.get(self.portal, entry.id)
            if record.get("uid") == state.portal_ids[0]:
                state.file_hashes[f"{entry.id}.csv"] = record.get("sha256")
        return state
