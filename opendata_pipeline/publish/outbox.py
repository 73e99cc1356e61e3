"""Dry-run publisher: writes to `outbox/<portal>/<id>/` the requests and files it would send.

The payloads come from the real adapters' mappings (same crosswalk, same failures); portal
vocabularies that only the live portal knows (ODS licence and theme ids) are written as the
catalogue values, to be resolved on the domain.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.paths import atomic_path, atomic_write_text, outbox_dir, sha256_file
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.base import Publisher, RemoteState
from opendata_pipeline.publish.ckan import FILE_KINDS as CKAN_KINDS
from opendata_pipeline.publish.ckan import CkanPublisher
from opendata_pipeline.publish.dkan import FILE_KINDS as DKAN_KINDS
from opendata_pipeline.publish.dkan import Dkan7Publisher
from opendata_pipeline.publish.ledger import Ledger
from opendata_pipeline.publish.model import (
    PublicationResult,
    PublishedDataset,
    ReadBackResult,
    csv_shape,
)
from opendata_pipeline.publish.opendatasoft import CSV_PARAMS, OdsPublisher

TARGET_KINDS = {"montpellier": "dkan7", "herault_data": "opendatasoft"}
Request = dict[str, Any]


class OutboxPublisher(Publisher):
    """Writes `requests.json`, `publication.json` and the files; no network at all."""

    kind = "outbox"

    def __init__(
        self,
        portal: str,
        *,
        target_kind: str | None = None,
        public_urls: Mapping[str, str] | None = None,
        ledger: Ledger | None = None,
        max_upload_bytes: int | None = None,
    ) -> None:
        super().__init__(
            portal, public_urls=public_urls, ledger=ledger, max_upload_bytes=max_upload_bytes
        )
        self.target_kind = target_kind or TARGET_KINDS[portal]

    def folder(self, dataset: str) -> Path:
        return outbox_dir(self.portal, dataset)

    # -- request rendering -----------------------------------------------------------------
    def _requests(
        self, entry: DatasetEntry, published: PublishedDataset
    ) -> tuple[list[Request], list[str]]:
        """The requests of a first publication on the target portal, and the files they send."""
        if self.target_kind == "dkan7":
            return self._dkan_requests(entry, published)
        if self.target_kind == "ckan":
            return self._ckan_requests(entry, published)
        return self._ods_requests(entry, published)

    def _dkan_requests(
        self, entry: DatasetEntry, published: PublishedDataset
    ) -> tuple[list[Request], list[str]]:
        urls = self.public_urls
        dkan = Dkan7Publisher(
            self.portal, urls[self.portal], "", "", public_urls=urls, ledger=self.ledger
        )
        node = {**dkan.desired(entry, published), "og_group_ref": {"und": [
            {"target_id": f"<nid du groupe '{entry.publisher}'>"}]}}  # fmt: skip
        kinds = [k for k in DKAN_KINDS if k in published.files]
        requests: list[Request] = [
            {"method": "POST", "path": "/api/dataset/user/login",
             "json": {"username": "<MONTPELLIER_PORTAL_USER>", "password": "<secret>"}},
            {"method": "POST", "path": "/api/dataset/node", "json": node},
        ]  # fmt: skip
        for kind in kinds:
            item = published.files[kind]
            requests += [
                {"method": "POST", "path": "/api/dataset/node", "json": {
                    "type": "resource", "title": item.name,
                    "field_format": {"und": [{"value": item.format.lower()}]},
                    "field_dataset_ref": {"und": [{"target_id": "<nid du jeu>"}]}}},
                {"method": "POST", "path": "/api/dataset/node/<nid de la ressource>/attach_file",
                 "multipart": {"field_name": "field_upload", "attach": "0",
                               "files[1]": item.name}},
            ]  # fmt: skip
        return requests, kinds

    def _ckan_requests(
        self, entry: DatasetEntry, published: PublishedDataset
    ) -> tuple[list[Request], list[str]]:
        urls = self.public_urls
        ckan = CkanPublisher(
            self.portal, urls[self.portal], "", public_urls=urls, ledger=self.ledger
        )
        licence = cw.CKAN_LICENCE_IDS[cw.licence_key(entry, self.portal)][0]
        package = ckan.desired(entry, published, licence_id=licence)
        kinds = [k for k in CKAN_KINDS if k in published.files]
        requests: list[Request] = [
            {"method": "POST", "path": "/api/3/action/package_create", "json": package}
        ]
        for kind in kinds:
            item = published.files[kind]
            requests.append({"method": "POST", "path": "/api/3/action/resource_create",
                             "multipart": {"package_id": package["name"], "name": item.name,
                                           "format": item.format, "hash": item.sha256,
                                           "upload": item.name}})  # fmt: skip
        return requests, kinds

    def _ods_requests(
        self, entry: DatasetEntry, published: PublishedDataset
    ) -> tuple[list[Request], list[str]]:
        urls = self.public_urls
        key = cw.licence_key(entry, self.portal)
        ods = OdsPublisher(
            self.portal, urls[self.portal], "", public_urls=urls,
            licence_ids={key: key}, theme_ids={t: t for t in entry.themes}, ledger=self.ledger,
        )  # fmt: skip
        metadata = ods.desired(entry, published)
        item = published.files["csv"]
        requests: list[Request] = [
            {"method": "POST", "path": "/api/automation/v1.0/datasets/", "json": {
                "dataset_id": cw.herault_dataset_id(entry), "is_restricted": False,
                "metadata": {t: {f: {"value": v} for f, v in fs.items()} for t, fs in metadata.items()}}},
            {"method": "POST", "path": "/api/automation/v1.0/datasets/<uid>/resources/files/",
             "multipart": {"file": item.name}},
            {"method": "POST", "path": "/api/automation/v1.0/datasets/<uid>/resources/", "json": {
                "type": "csvfile", "title": item.name, "params": CSV_PARAMS,
                "datasource": {"type": "uploaded_file", "file": {"uid": "<uid du fichier envoyé>"}}}},
            {"method": "POST", "path": "/api/automation/v1.0/datasets/<uid>/publish/", "json": {}},
        ]  # fmt: skip
        return requests, ["csv"]

    # -- Publisher -------------------------------------------------------------------------
    def publish(self, entry: DatasetEntry, published: PublishedDataset) -> PublicationResult:
        requests, kinds = self._requests(entry, published)
        self.check_sizes(entry, published, kinds)
        folder = self.folder(entry.id)
        previous = self._manifest(entry.id)
        files = {published.files[k].name: published.files[k].sha256 for k in kinds}
        result = PublicationResult(
            self.portal, self.kind, entry.id, str(folder), folder.as_uri(), "unchanged", False,
            identifier=cw.stable_identifier(entry),
        )  # fmt: skip
        if previous is None:
            result.action = "created"
        metadata_changed = previous is None or previous.get("requests") != _plain(requests)
        for name, sha in files.items():
            target = folder / name
            if (previous or {}).get("files", {}).get(name) == sha and target.is_file():
                continue
            with atomic_path(target) as tmp:
                shutil.copyfile(published.directory / name, tmp)
            result.uploaded_files.append(name)
        for stale in set((previous or {}).get("files", {})) - set(files):
            (folder / stale).unlink(missing_ok=True)
        if metadata_changed or result.uploaded_files:
            manifest = {"portal": self.portal, "target_kind": self.target_kind, "dataset": entry.id,
                        "identifier": result.identifier, "files": files, "requests": requests}  # fmt: skip
            text = json.dumps(manifest, ensure_ascii=False, indent=2, default=str)
            atomic_write_text(folder / "requests.json", text + "\n")
            result.action = "updated" if result.action == "unchanged" else result.action
        result.uploaded = bool(result.uploaded_files)
        result.metadata_changed = metadata_changed
        self.remember_modified(entry, published)
        result.notes.append(f"simulation : requêtes écrites dans {folder}")
        return result

    def _manifest(self, dataset: str) -> dict[str, Any] | None:
        path = self.folder(dataset) / "requests.json"
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None

    def read_back(self, entry: DatasetEntry, published: PublishedDataset) -> ReadBackResult:
        result = ReadBackResult(self.portal, entry.id)
        manifest = self._manifest(entry.id)
        result.compare("présence", True, manifest is not None)
        if manifest is None:
            return result
        folder = self.folder(entry.id)
        by_name = {f.name: f for f in published.files.values()}
        for name in manifest.get("files", {}):
            item = by_name.get(name)
            copy = folder / name
            actual = sha256_file(copy) if copy.is_file() else "absent"
            result.compare("sha256", f"{name}:{item.sha256 if item else '?'}", f"{name}:{actual}")
            if item is not None and item.kind == "csv" and copy.is_file():
                header, rows = csv_shape(copy.read_bytes())
                result.compare("lignes", published.rows, rows)
                result.compare("colonnes", published.column_names, header)
        sent = json.dumps(manifest.get("requests", []), ensure_ascii=False)
        key = cw.licence_key(entry, self.portal)
        labels = {key, cw.DKAN_LICENCES[key], *cw.CKAN_LICENCE_IDS[key]}
        found = any(f'"{label}"' in sent for label in labels)
        result.compare("licence", key, key if found else "absente des requêtes")
        return result

    def remote_state(self, entry: DatasetEntry) -> RemoteState:
        manifest = self._manifest(entry.id)
        if manifest is None:
            return RemoteState()
        folder = self.folder(entry.id)
        return RemoteState([str(folder)], dict(manifest.get("files", {})), folder.as_uri())


def _plain(value: Any) -> Any:
    """JSON round trip, to compare rendered requests with those read from disk."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))
