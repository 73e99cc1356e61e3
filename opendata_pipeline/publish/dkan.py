"""DKAN 7 client: Services REST writes (session + CSRF), CKAN-compatible reads (portal-apis §2)."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Unpack

import requests

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.base import HttpPublisher, PublisherOptions, RemoteState
from opendata_pipeline.publish.ckan import DOWNLOAD_CHECK_LIMIT, check_files
from opendata_pipeline.publish.dictionary import build_dictionary, schema_url
from opendata_pipeline.publish.errors import (
    MappingError,
    PortalAuthError,
    PortalProtocolError,
    PortalUnavailable,
    PortalValidationError,
    UploadTooLarge,
)
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.model import (
    PublicationResult,
    PublishedDataset,
    PublishedFile,
    ReadBackResult,
    sha256_bytes,
)
from opendata_pipeline.publish.portals import portal as portal_spec

log = logging.getLogger(__name__)
# DKAN 7 refuses `.parquet` uploads (§0.1.6): CSV and GeoJSON go to the portal.
FILE_KINDS = ("csv", "geojson")
DICTIONARY_TYPE = "application/vnd.tableschema+json"
Fields = dict[str, Any]
# Answers of an expired session or a stale CSRF token (portal-apis §9.4.3): log in again, once.
EXPIRED = ("access denied for user anonymous", "csrf validation failed")


def _und(*items: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {"und": [dict(i) for i in items]}


class Dkan7Publisher(HttpPublisher):
    """One dataset node + one resource node per file; ids and hashes kept in the ledger."""

    kind = "dkan7"

    def __init__(
        self,
        portal: str,
        base_url: str,
        username: str,
        password: str,
        *,
        policy: RetryPolicy | None = None,
        licences: Mapping[str, str] | None = None,
        licence_shape: str = "value",
        frequencies: Mapping[str, str] | None = None,
        **options: Unpack[PublisherOptions],
    ) -> None:
        super().__init__(portal, base_url, policy=policy, **options)
        self.spec = portal_spec(portal)
        self._username = username
        self._password = password
        self._auth: dict[str, str] | None = None
        self.licences = dict(licences or cw.DKAN_LICENCES)
        self.licence_shape = licence_shape
        self.frequencies = dict(frequencies or {})  # catalogue value -> site key (older DKAN 7)

    # -- transport -------------------------------------------------------------------------
    def _login(self) -> dict[str, str]:
        """Session cookie and CSRF token (one login per session; `_renew` starts a new one)."""
        if self._auth is not None:
            return self._auth
        for _ in range(2):
            response = self.http.request(
                "POST",
                "/api/dataset/user/login",
                json={"username": self._username, "password": self._password},
                idempotent=True,
            )
            if response.status_code != 406 or "already logged in" not in response.text.lower():
                break
            self.http.session.cookies.clear()  # a cookie kept by the session is still valid
        body = self._json(response, "connexion")
        headers = {"Cookie": f"{body['session_name']}={body['sessid']}"}
        token = body.get("token")
        if not token:
            reply = self.http.request("POST", "/services/session/token", headers=headers)
            token = reply.text.strip()
        self._auth = {**headers, "X-CSRF-Token": str(token)}
        return self._auth

    def _renew(self) -> None:
        """Drop the session (cookie and token) so that the next request logs in again."""
        self._auth = None
        self.http.session.cookies.clear()

    def _request(
        self, method: str, path: str, *, idempotent: bool | None = None, **kwargs: Any
    ) -> requests.Response:
        """A request in the session; an expired session is renewed and the request sent once
        more — never a loop. A 403 naming a logged-in user is a permission refusal: returned."""
        response = self.http.request(
            method, path, headers=self._login(), idempotent=idempotent, **kwargs
        )
        if response.status_code in (401, 403) and any(e in response.text.lower() for e in EXPIRED):
            log.info("%s: session expired (%s %s): logging in again", self.portal, method, path)
            self._renew()
            response = self.http.request(
                method, path, headers=self._login(), idempotent=idempotent, **kwargs
            )
        return response

    def _write(self, method: str, path: str, *, idempotent: bool = False, **kwargs: Any) -> Any:
        response = self._request(method, path, idempotent=idempotent, **kwargs)
        return self._json(response, f"{method} {path}")

    def _json(self, response: requests.Response, what: str) -> Any:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if 200 <= status < 300 and body is not None:
            return body
        message = " ".join(str(m) for m in body) if isinstance(body, list) else str(body or "")
        message = message[:300]
        dataset = self.http.dataset
        if status in (401, 403):
            lowered = message.lower()
            if "wrong username or password" in lowered or what == "connexion":
                reason = (f"identifiant ou mot de passe refusé ; vérifiez {self.spec.env('USER')} "
                          f"et {self.spec.env('PASSWORD')}")  # fmt: skip
            elif any(e in lowered for e in EXPIRED):
                reason = "session refusée même après une nouvelle connexion"
            else:
                reason = "droits insuffisants pour ce compte sur le portail"
            raise PortalAuthError(
                self.portal, dataset, f"{what} : HTTP {status} ({message}) : {reason}"
            )
        if status == 413:
            raise UploadTooLarge(self.portal, dataset, f"{what} : HTTP 413")
        if status >= 500 or status == 429:
            raise PortalUnavailable(self.portal, dataset, f"{what} : HTTP {status}")
        if 400 <= status < 500:
            fields = sorted(
                {w.strip(".,:;'\"()[]") for w in message.split() if w.startswith("field_")}
            )
            raise PortalValidationError(
                self.portal, dataset, f"{what} : HTTP {status} {message}", fields
            )
        raise PortalProtocolError(self.portal, dataset, f"{what} : HTTP {status}")

    def _get_node(self, nid: str) -> Fields | None:
        response = self._request("GET", f"/api/dataset/node/{nid}")
        if response.status_code == 404:
            return None
        node = self._json(response, "lecture du nœud")
        return node if isinstance(node, dict) else None

    def _list_nodes(self, node_type: str, title: str) -> list[Fields]:
        response = self._request(
            "GET",
            "/api/dataset/node.json",
            params={"parameters[type]": node_type, "parameters[title]": title, "pagesize": 20},
        )
        found = self._json(response, "liste des nœuds")
        return [n for n in found if isinstance(n, dict)] if isinstance(found, list) else []

    # -- mapping ---------------------------------------------------------------------------
    def _licence_field(self, entry: DatasetEntry) -> Fields:
        key = cw.licence_key(entry, self.portal)
        if key not in self.licences:
            raise MappingError(
                self.portal, entry.id, f"licence '{entry.licence}' sans clé DKAN configurée"
            )
        value = self.licences[key]
        return (
            {"und": {"select": value}} if self.licence_shape == "select" else _und({"value": value})
        )

    def desired(self, entry: DatasetEntry, published: PublishedDataset) -> Fields:
        """The dataset node fields (Drupal `und` structure), minus the publisher group."""
        common = cw.common_metadata(entry)
        keywords = cw.check_keywords(entry, self.portal)
        start, end = cw.temporal_bounds(entry)
        info = {
            "identifier": common["identifier"],
            "modified": self.modified(entry, published).isoformat(),
            "accrual_periodicity": common["frequency"],
            "hvd_category": common["hvd_category"],
            "applicable_legislation": cw.HVD_LEGISLATION if entry.high_value else None,
            "relation": self.twin(entry),
        }
        fields: Fields = {
            "type": "dataset",
            "title": entry.title,
            "body": _und({"value": cw.description(entry, published), "format": "plain_text"}),
            "field_license": self._licence_field(entry),
            "field_tags": _und(*({"name": k} for k in keywords)),
            "field_contact_name": _und({"value": common["contact_name"]}),
            "field_contact_email": _und({"value": common["contact_email"]}),
            "field_language": _und({"value": entry.language}),
            "field_public_access_level": _und({"value": "public"}),
            "field_additional_info": _und(
                *({"first": k, "second": v} for k, v in info.items() if v is not None)
            ),
        }
        frequency = self.frequencies.get(entry.frequency) or cw.dkan_frequency(entry)
        if frequency:
            fields["field_frequency"] = _und({"value": frequency})
        if start or end:
            fields["field_temporal_coverage"] = _und({"value": start or "", "value2": end or ""})
        if entry.spatial:
            fields["field_spatial_geographical_cover"] = _und({"value": entry.spatial})
        return fields

    def _group(self, entry: DatasetEntry) -> Fields:
        """`og_group_ref` of the publisher (the Métropole or one of its communes)."""
        name = (entry.portals.montpellier or {}).get("organization_title", entry.publisher)
        groups = self._list_nodes("group", name)
        if not groups:
            raise MappingError(
                self.portal, entry.id, f"éditeur '{name}' absent des groupes du portail"
            )
        return _und({"target_id": str(groups[0]["nid"])})

    # -- publication -----------------------------------------------------------------------
    def dictionary_file(
        self, entry: DatasetEntry, published: PublishedDataset, folder: Path
    ) -> PublishedFile | None:
        """The Table Schema of the published CSV (labels, types, key), uploaded as a resource
        and referenced by `field_data_dictionary`; None when the entry's official schema has a
        public URL of its own."""
        if schema_url(entry):
            return None
        descriptor = build_dictionary(entry, published).table_schema(entry)
        path = folder / f"{entry.id}.schema.json"
        data = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()
        path.write_bytes(data)
        return PublishedFile("schema", path, sha256_bytes(data), len(data))

    def publish(self, entry: DatasetEntry, published: PublishedDataset) -> PublicationResult:
        self.http.dataset = entry.id
        kinds = [k for k in FILE_KINDS if k in published.files]
        desired = self.desired(entry, published)
        self.check_sizes(entry, published, kinds)
        desired["og_group_ref"] = self._group(entry)
        record = self.ledger.get(self.portal, entry.id)
        dictionary = schema_url(entry) or (record.get("resources") or {}).get("schema", {}).get(
            "url"
        )
        if dictionary:
            desired.update(dictionary_fields(dictionary))
        result = self.unchanged(entry)
        node = self._get_node(record["nid"]) if record.get("nid") else None
        if node is None:
            node = self._recover(entry)
        if node is None:
            nid = self._create_node(desired, lambda: self._recover(entry))
            record = {"nid": nid, "resources": {}}
            self.ledger.put(self.portal, entry.id, record)
            result.action, result.metadata_changed = "created", True
            held = dictionary
        else:
            held = _value(node.get("field_data_dictionary"))
            if record.get("nid") != str(node["nid"]):
                record = {"nid": str(node["nid"]), "resources": {}}
            changes = {k: v for k, v in desired.items() if not _same(v, node.get(k))}
            changes.pop("type", None)
            if changes:
                self._write(
                    "PUT", f"/api/dataset/node/{node['nid']}", json=changes, idempotent=True
                )
                result.action, result.metadata_changed = "updated", True
                held = dictionary if "field_data_dictionary" in changes else held
        with tempfile.TemporaryDirectory(prefix="dkan-") as folder:
            files = {k: published.files[k] for k in kinds}
            schema = self.dictionary_file(entry, published, Path(folder))
            if schema is not None:
                files["schema"] = schema
            self._upload(entry, record, files, result)
        url = (record["resources"].get("schema") or {}).get("url")
        if url and url != held:
            self._write("PUT", f"/api/dataset/node/{record['nid']}",
                        json=dictionary_fields(url), idempotent=True)  # fmt: skip
            result.metadata_changed = True
        self.ledger.put(self.portal, entry.id, record)
        if result.uploaded_files or result.metadata_changed:
            result.uploaded = bool(result.uploaded_files)
            result.action = "updated" if result.action == "unchanged" else result.action
        self.remember_modified(entry, published)
        result.portal_id = record["nid"]
        result.url = f"{self.http.base_url}/node/{record['nid']}"
        return result

    def _upload(
        self,
        entry: DatasetEntry,
        record: dict[str, Any],
        files: Mapping[str, PublishedFile],
        result: PublicationResult,
    ) -> None:
        """One resource node per file; a file is attached only when its sha256 changed."""
        resources: dict[str, Any] = record.setdefault("resources", {})
        if any(k not in resources for k in files):
            resources.update(self._adopt(record["nid"], files, resources))
        for kind, item in files.items():
            known = resources.get(kind) or {}
            if known.get("sha256") == item.sha256 and self._get_node(known["nid"]) is not None:
                continue
            resources[kind] = {"nid": self._resource_node(record["nid"], known, item)}
            self._attach(resources[kind]["nid"], item)
            resources[kind]["sha256"] = item.sha256
            if kind == "schema":
                resources[kind]["url"] = self._download_url(record["nid"], item.name)
            self.ledger.put(self.portal, entry.id, record)
            result.uploaded_files.append(item.name)

    def _download_url(self, nid: str, name: str) -> str | None:
        """The public URL of an attached file (what `package_show` lists for the resource)."""
        package = self._package(nid) or {}
        urls = {r.get("name"): r.get("url") for r in package.get("resources", [])}
        url = urls.get(name)
        return str(url) if url else None

    def _recover(self, entry: DatasetEntry) -> Fields | None:
        """Ledger lost: find our node by title, confirmed by the stable identifier."""
        identifier = cw.stable_identifier(entry)
        for summary in self._list_nodes("dataset", entry.title):
            node = self._get_node(str(summary["nid"]))
            if node and identifier in _info(node).values():
                return node
        return None

    def _adopt(
        self, nid: str, files: Mapping[str, PublishedFile], known: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Resources the ledger misses: find their node by file name and hash the portal copy."""
        node = self._get_node(nid) or {}
        adopted: dict[str, Any] = {}
        for ref in (node.get("field_resources") or {}).get("und") or []:
            resource = self._get_node(str(ref.get("target_id")))
            for kind, item in files.items():
                if kind in known or not resource or resource.get("title") != item.name:
                    continue
                adopted[kind] = {"nid": str(resource["nid"])}
        if adopted:
            package = self._package(nid) or {}
            urls = {r.get("name"): r.get("url") for r in package.get("resources", [])}
            for kind, record in adopted.items():
                url = urls.get(files[kind].name)
                if kind == "schema" and url:
                    record["url"] = str(url)
                if url and files[kind].bytes <= DOWNLOAD_CHECK_LIMIT:
                    response = self.http.request("GET", str(url))
                    if response.status_code == 200:
                        record["sha256"] = sha256_bytes(response.content)
        return adopted

    def _resource_node(
        self, dataset_nid: str, known: Mapping[str, Any], item: PublishedFile
    ) -> str:
        if known.get("nid") and self._get_node(str(known["nid"])) is not None:
            return str(known["nid"])
        body = {
            "type": "resource",
            "title": item.name,
            "field_format": _und({"value": item.format.lower()}),
            "field_dataset_ref": _und({"target_id": dataset_nid}),
        }
        return self._create_node(body, lambda: self._child(dataset_nid, item.name))

    def _create_node(self, body: Fields, find: Callable[[], Fields | None]) -> str:
        """`POST /api/dataset/node`; after a 5xx or a timeout the node may exist (committed
        before the error): `find` looks for it, so a create is never sent twice."""
        try:
            return str(self._write("POST", "/api/dataset/node", json=body)["nid"])
        except PortalUnavailable:
            found = find()
            if found is None:
                raise
            log.info("%s: node created before the error, found again", self.portal)
            return str(found["nid"])

    def _child(self, dataset_nid: str, title: str) -> Fields | None:
        """The resource node of a dataset with that title (the back-reference DKAN keeps)."""
        node = self._get_node(dataset_nid) or {}
        for ref in (node.get("field_resources") or {}).get("und") or []:
            resource = self._get_node(str(ref.get("target_id")))
            if resource and resource.get("title") == title:
                return resource
        return None

    def _attach(self, resource_nid: str, item: PublishedFile) -> None:
        with item.path.open("rb") as handle:
            answer = self._write(
                "POST",
                f"/api/dataset/node/{resource_nid}/attach_file",
                data={"field_name": "field_upload", "attach": "0"},
                files={"files[1]": (item.name, handle, item.media_type)},
                idempotent=True,  # attach=0 replaces: a replay leaves the same file
            )
        first = answer[0] if isinstance(answer, list) and answer else None
        if not isinstance(first, dict) or not first.get("fid"):
            raise PortalProtocolError(
                self.portal, self.http.dataset, f"{item.name} : pièce jointe non confirmée"
            )

    # -- read-back and reconciliation ------------------------------------------------------
    def _package(self, ident: str) -> Fields | None:
        """CKAN-compatible `package_show`: a one-element list; 404 with success: true."""
        response = self.http.request("GET", "/api/3/action/package_show", params={"id": ident})
        if response.status_code == 404:
            return None
        body = self._json(response, "package_show")
        result = body.get("result") if isinstance(body, dict) else None
        if isinstance(result, list):
            result = result[0] if result else None
        return result if isinstance(result, dict) else None

    def read_back(self, entry: DatasetEntry, published: PublishedDataset) -> ReadBackResult:
        self.http.dataset = entry.id
        result = ReadBackResult(self.portal, entry.id)
        record = self.ledger.get(self.portal, entry.id)
        package = self._package(str(record.get("nid") or cw.montpellier_name(entry)))
        result.compare("présence", True, package is not None)
        if package is None:
            return result
        # DKAN 7: license_id is always empty, license_title holds the licence URI (§0.1.2).
        result.compare("licence", cw.licence_uri(entry, self.portal), package.get("license_title"))
        resources = {r.get("name"): r for r in package.get("resources", [])}
        files = {k: v for k, v in published.files.items() if k in FILE_KINDS}
        check_files(self.http, result, published, resources, files)
        return result

    def remote_state(self, entry: DatasetEntry) -> RemoteState:
        self.http.dataset = entry.id
        identifier = cw.stable_identifier(entry)
        record = self.ledger.get(self.portal, entry.id)
        state = RemoteState()
        for summary in self._list_nodes("dataset", entry.title):
            node = self._get_node(str(summary["nid"]))
            if node and identifier in _info(node).values():
                state.portal_ids.append(str(node["nid"]))
        if state.portal_ids:
            state.url = f"{self.http.base_url}/node/{state.portal_ids[0]}"
            for kind, known in (record.get("resources") or {}).items():
                if str(record.get("nid")) in state.portal_ids:
                    state.file_hashes[f"{entry.id}.{kind}"] = known.get("sha256")
        return state


def _value(field: Any) -> str | None:
    """The value of a single-valued Drupal field (`{"und": [{"value": v}]}`)."""
    items = field.get("und") if isinstance(field, dict) else None
    first = items[0] if isinstance(items, list) and items else None
    return str(first["value"]) if isinstance(first, dict) and first.get("value") else None


def dictionary_fields(url: str) -> Fields:
    """The data dictionary of a dataset node (portal-apis §9.4.1): a Table Schema URL."""
    return {
        "field_data_dictionary": _und({"value": url}),
        "field_data_dictionary_type": _und({"value": DICTIONARY_TYPE}),
    }


def _info(node: Mapping[str, Any]) -> dict[str, str]:
    items = (node.get("field_additional_info") or {}).get("und") or []
    return {str(i.get("first")): str(i.get("second")) for i in items if isinstance(i, dict)}


def _same(desired: Any, current: Any) -> bool:
    """Equal on the keys we send (Drupal adds `safe_value`, `format`… on read)."""
    if isinstance(desired, dict):
        return isinstance(current, dict) and all(
            _same(v, current.get(k)) for k, v in desired.items()
        )
    if isinstance(desired, list):
        return (
            isinstance(current, list)
            and len(desired) == len(current)
            and all(_same(d, c) for d, c in zip(desired, current, strict=True))
        )
    return desired == current or str(desired) == str(current)
