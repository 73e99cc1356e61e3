"""Genuine CKAN (2.9-2.11) action API client: token auth, multipart upload (portal-apis §1)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Unpack

import requests

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.base import HttpPublisher, PublisherOptions, RemoteState
from opendata_pipeline.publish.errors import (
    PortalAuthError,
    PortalProtocolError,
    PortalUnavailable,
    PortalValidationError,
    UploadTooLarge,
)
from opendata_pipeline.publish.http import PortalHttp, RetryPolicy
from opendata_pipeline.publish.model import (
    PublicationResult,
    PublishedDataset,
    PublishedFile,
    ReadBackResult,
    csv_shape,
    sha256_bytes,
)

DOWNLOAD_CHECK_LIMIT = 200 * 1024**2  # R-INTEGRITY: re-download whole files up to 200 MB
DEFAULT_MAX_UPLOAD = 10 * 1024**2  # ckan.max_resource_size default
FILE_KINDS = ("csv", "parquet", "geojson")


class NotFound(Exception):
    """package_show/resource_show answered 404 (also DKAN's 404 with success: true)."""


class CkanPublisher(HttpPublisher):
    """Publishes through `/api/3/action/*` with `Authorization: <token>` (no Bearer)."""

    kind = "ckan"

    def __init__(
        self,
        portal: str,
        base_url: str,
        api_key: str,
        *,
        policy: RetryPolicy | None = None,
        **options: Unpack[PublisherOptions],
    ) -> None:
        options.setdefault("max_upload_bytes", DEFAULT_MAX_UPLOAD)
        super().__init__(portal, base_url, policy=policy, **options)
        self._api_key = api_key

    # -- transport -----------------------------------------------------------------------
    def _call(
        self,
        action: str,
        data: Mapping[str, Any] | None = None,
        *,
        files: dict[str, Any] | None = None,
        get: bool = False,
        idempotent: bool | None = None,
    ) -> Any:
        headers = {"Authorization": self._api_key}
        path = f"/api/3/action/{action}"
        if get:
            response = self.http.request("GET", path, params=data, headers=headers)
        elif files:
            form = {k: str(v) for k, v in (data or {}).items() if v is not None}
            response = self.http.request(
                "POST", path, data=form, files=files, headers=headers, idempotent=idempotent
            )
        else:
            response = self.http.request(
                "POST", path, json=dict(data or {}), headers=headers, idempotent=idempotent
            )
        return self._result(action, response)

    def _result(self, action: str, response: requests.Response) -> Any:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if status == 200 and isinstance(body, dict) and body.get("success") and "result" in body:
            return body["result"]
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        etype = error.get("__type")
        dataset = self.http.dataset
        if status == 403 or etype == "Authorization Error":
            raise PortalAuthError(
                self.portal,
                dataset,
                f"{action} : HTTP {status}, jeton refusé ou droits insuffisants "
                f"({error.get('message', 'accès refusé')})",
            )
        if status == 404:
            raise NotFound(action)
        if status == 413:
            raise UploadTooLarge(self.portal, dataset, f"{action} : HTTP 413 (limite du proxy)")
        if status == 409 and error:
            fields = sorted(k for k in error if k != "__type")
            messages = {k: error[k] for k in fields}
            upload = json.dumps(messages.get("upload", ""))
            if "too large" in upload.lower():
                raise UploadTooLarge(self.portal, dataset, f"{action} : {upload}")
            raise PortalValidationError(
                self.portal,
                dataset,
                f"{action} : {json.dumps(messages, ensure_ascii=False)}",
                fields,
            )
        if status >= 500 or status == 429:
            raise PortalUnavailable(self.portal, dataset, f"{action} : HTTP {status}")
        detail = body if isinstance(body, str) else (error.get("message") or "")
        raise PortalProtocolError(self.portal, dataset, f"{action} : HTTP {status} {detail}"[:300])

    def _show(self, name: str) -> dict[str, Any] | None:
        try:
            result = self._call("package_show", {"id": name}, get=True)
        except NotFound:
            return None
        return result if isinstance(result, dict) else None

    # -- mapping -------------------------------------------------------------------------
    def _licence_id(self, entry: DatasetEntry) -> str:
        try:
            licences = self._call("license_list", get=True)
        except (NotFound, PortalProtocolError):
            licences = []
        pairs = [
            (str(lic["id"]), f"{lic.get('title', '')} {lic.get('url', '')}") for lic in licences
        ]
        if not pairs:
            pairs = [(cw.CKAN_LICENCE_IDS[cw.licence_key(entry, self.portal)][0], "")]
        return cw.match_licence(entry, self.portal, pairs)

    def desired(
        self, entry: DatasetEntry, published: PublishedDataset, licence_id: str | None = None
    ) -> dict[str, Any]:
        """The package dict (without resources); raises MappingError before any write."""
        common = cw.common_metadata(entry)
        tags = cw.check_keywords(entry, self.portal)
        themes = [cw.EU_THEME + c for c in cw.theme_codes(entry)]
        start, end = cw.temporal_bounds(entry)
        extras = {
            "identifier": common["identifier"],
            "modified": self.modified(entry, published).isoformat(),
            "issued": entry.issued.isoformat() if entry.issued else None,
            "frequency": common["frequency"],
            "theme": json.dumps(themes) if themes else None,
            "language": entry.language,
            "publisher_name": entry.publisher,
            "contact_name": common["contact_name"],
            "contact_email": common["contact_email"],
            "temporal_start": start,
            "temporal_end": end,
            "spatial_uri": entry.spatial,
            "hvd_category": common["hvd_category"],
            "applicable_legislation": cw.HVD_LEGISLATION if entry.high_value else None,
            "related_resource": self.twin(entry),  # the key ckanext-dcat maps to dct:relation
            "conforms_to": common["conforms_to"],
        }
        organization = (entry.portals.montpellier or {}).get("organization") or _slug(
            entry.publisher
        )
        return {
            "name": cw.montpellier_name(entry),
            "title": entry.title,
            "notes": cw.description(entry, published),
            "owner_org": organization,
            "private": False,
            "license_id": licence_id or self._licence_id(entry),
            "tags": [{"name": t} for t in tags],
            "extras": [{"key": k, "value": v} for k, v in extras.items() if v is not None],
        }

    @staticmethod
    def _patch(desired: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
        """Top-level keys that differ (lists sent whole, as package_patch replaces them)."""
        patch: dict[str, Any] = {}
        for key in ("title", "notes", "license_id", "private"):
            if (current.get(key) or None) != (desired[key] or None):
                patch[key] = desired[key]
        if sorted(t["name"] for t in current.get("tags", [])) != sorted(
            t["name"] for t in desired["tags"]
        ):
            patch["tags"] = desired["tags"]
        if _extras(current) != _extras(desired):
            patch["extras"] = desired["extras"]
        return patch

    # -- publication ---------------------------------------------------------------------
    def publish(self, entry: DatasetEntry, published: PublishedDataset) -> PublicationResult:
        self.http.dataset = entry.id
        kinds = [k for k in FILE_KINDS if k in published.files]
        desired = self.desired(entry, published)
        self.check_sizes(entry, published, kinds)
        result = self.unchanged(entry, warnings=cw.theme_warnings(entry))
        current = self._show(desired["name"])
        if current is None:
            current = self._create(desired)
            result.action = "created"
            result.metadata_changed = True
        else:
            patch = self._patch(desired, current)
            if patch:
                current = self._call(
                    "package_patch", {"id": current["id"], **patch}, idempotent=True
                )
                result.action = "updated"
                result.metadata_changed = True
        resources = {r.get("name"): r for r in current.get("resources", [])}
        for kind in kinds:
            item = published.files[kind]
            resource = resources.get(item.name)
            if (
                resource
                and resource.get("hash") == item.sha256
                and resource.get("url_type") == "upload"
            ):
                continue
            self._upload(current["id"], resource, item)
            result.uploaded_files.append(item.name)
        if result.uploaded_files:
            result.uploaded = True
            if result.action == "unchanged":
                result.action = "updated"
        self.remember_modified(entry, published)
        result.portal_id = current["id"]
        result.url = f"{self.http.base_url}/dataset/{current['name']}"
        return result

    def _create(self, desired: dict[str, Any]) -> dict[str, Any]:
        """package_create; a concurrent creation (409 on `name`) or a create committed before
        a 5xx answer is found again by package_show and converges to an update."""
        try:
            return dict(self._call("package_create", desired))
        except PortalValidationError as exc:
            if exc.fields != ["name"]:
                raise
            current = self._show(desired["name"])
            if current is None:
                raise
        except PortalUnavailable:
            current = self._show(desired["name"])
            if current is None:
                raise
        patch = self._patch(desired, current)
        if patch:
            current = self._call("package_patch", {"id": current["id"], **patch}, idempotent=True)
        return dict(current)

    def _upload(
        self, package_id: str, resource: dict[str, Any] | None, item: PublishedFile
    ) -> None:
        fields: dict[str, Any] = {
            "name": item.name,
            "format": item.format,
            "mimetype": item.media_type,
            "hash": item.sha256,
        }
        with item.path.open("rb") as handle:
            files = {"upload": (item.name, handle, item.media_type)}
            if resource is None:
                try:
                    saved = self._call(
                        "resource_create", {"package_id": package_id, **fields}, files=files
                    )
                except PortalUnavailable:
                    saved = self._find_resource(package_id, item)
                    if saved is None:
                        raise
            else:
                saved = self._call(
                    "resource_patch", {"id": resource["id"], **fields}, files=files, idempotent=True
                )
        if saved.get("url_type") != "upload" or not saved.get("url"):
            raise PortalProtocolError(
                self.portal,
                self.http.dataset,
                f"{item.name} : le portail n'a pas conservé le fichier (stockage désactivé ?)",
            )
        if saved.get("size") not in (None, "", item.bytes):
            raise PortalProtocolError(
                self.portal, self.http.dataset, f"{item.name} : taille reçue {saved.get('size')}"
            )

    def _find_resource(self, package_id: str, item: PublishedFile) -> dict[str, Any] | None:
        current = self._show(package_id) or {}
        for resource in current.get("resources", []):
            if resource.get("name") == item.name and resource.get("hash") == item.sha256:
                return dict(resource)
        return None

    # -- read-back and reconciliation ----------------------------------------------------
    def read_back(self, entry: DatasetEntry, published: PublishedDataset) -> ReadBackResult:
        self.http.dataset = entry.id
        result = ReadBackResult(self.portal, entry.id)
        current = self._show(cw.montpellier_name(entry))
        result.compare("présence", True, current is not None)
        if current is None:
            return result
        result.compare("licence", self._licence_id(entry), current.get("license_id"))
        resources = {r.get("name"): r for r in current.get("resources", [])}
        check_files(self.http, result, published, resources, published.files)
        return result

    def remote_state(self, entry: DatasetEntry) -> RemoteState:
        self.http.dataset = entry.id
        state = RemoteState()
        found = self._call(
            "package_search",
            {"fq": f'extras_identifier:"{cw.stable_identifier(entry)}"', "include_private": True},
            get=True,
        )
        packages = list(found.get("results", []))
        named = self._show(cw.montpellier_name(entry))
        if named is not None and named["id"] not in {p["id"] for p in packages}:
            packages.append(named)
        state.portal_ids = [p["id"] for p in packages]
        if packages:
            first = named or packages[0]
            state.url = f"{self.http.base_url}/dataset/{first['name']}"
            for resource in first.get("resources", []):
                state.file_hashes[str(resource.get("name"))] = resource.get("hash") or None
        return state


def check_files(
    http: PortalHttp,
    result: ReadBackResult,
    published: PublishedDataset,
    resources: Mapping[str | None, Mapping[str, Any]],
    files: Mapping[str, PublishedFile],
) -> None:
    """Download each portal copy and compare sha256; rows and columns from the CSV copy."""
    for kind, item in files.items():
        resource = resources.get(item.name)
        if resource is None or not resource.get("url"):
            result.compare("sha256", f"{item.name}:{item.sha256}", f"{item.name}:absent")
            continue
        if item.bytes > DOWNLOAD_CHECK_LIMIT:
            result.unverifiable("sha256", item.sha256, "fichier trop gros pour être relu")
            continue
        response = http.request("GET", str(resource["url"]))
        if response.status_code != 200:
            result.compare("sha256", item.sha256, f"HTTP {response.status_code}")
            continue
        data = response.content
        result.compare("sha256", f"{item.name}:{item.sha256}", f"{item.name}:{sha256_bytes(data)}")
        if kind == "csv":
            header, rows = csv_shape(data)
            result.compare("lignes", published.rows, rows)
            result.compare("colonnes", published.column_names, header)


def _extras(package: Mapping[str, Any]) -> dict[str, str]:
    return {str(e["key"]): str(e["value"]) for e in package.get("extras", [])}


def _slug(text: str) -> str:
    norm = cw.normalise(text)
    return "-".join("".join(c if c.isalnum() else " " for c in norm).split())
