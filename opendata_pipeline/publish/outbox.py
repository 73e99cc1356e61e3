"""Dry-run publisher: writes to `outbox/<portal>/<id>/` the requests and files it would send.

The payloads come from the real adapters' mappings (same crosswalk, dictionary and failures);
what only the live portal knows is written as a placeholder or the catalogue value: ODS licence
and theme ids, the domain's templates (those portal-apis.md documents are assumed), node and
dataset ids. For a realtime Hérault Data entry, `pushes.json` holds the record batches of the
last run that had something to push (`push_state.json`: what the outbox considers pushed).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Unpack

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish import ods_fields, ods_push
from opendata_pipeline.publish.base import Publisher, PublisherOptions, RemoteState
from opendata_pipeline.publish.ckan import FILE_KINDS as CKAN_KINDS
from opendata_pipeline.publish.ckan import CkanPublisher
from opendata_pipeline.publish.dictionary import build_dictionary, schema_url
from opendata_pipeline.publish.dkan import FILE_KINDS as DKAN_KINDS
from opendata_pipeline.publish.dkan import Dkan7Publisher, dictionary_fields
from opendata_pipeline.publish.model import (
    PublicationResult,
    PublishedDataset,
    PublishedFile,
    ReadBackResult,
    csv_shape,
)
from opendata_pipeline.publish.ods_api import AUTOMATION
from opendata_pipeline.publish.ods_metadata import DOCUMENTED
from opendata_pipeline.publish.opendatasoft import CSV_PARAMS, OdsPublisher, portal_csv
from opendata_pipeline.publish.portals import portal as portal_spec
from opendata_pipeline.storage.paths import atomic_path, atomic_write_text, outbox_dir, sha256_file

Request = dict[str, Any]
Files = dict[str, PublishedFile]


class OutboxPublisher(Publisher):
    """Writes `requests.json`, `publication.json` and the files; no network at all."""

    kind = "outbox"

    def __init__(
        self,
        portal: str,
        *,
        target_kind: str | None = None,
        **options: Unpack[PublisherOptions],
    ) -> None:
        super().__init__(portal, **options)
        self.spec = portal_spec(portal)
        self.target_kind = target_kind or self.spec.target_kind

    def folder(self, dataset: str) -> Path:
        return outbox_dir(self.portal, dataset)

    # -- request rendering -----------------------------------------------------------------
    def _requests(
        self, entry: DatasetEntry, published: PublishedDataset, scratch: Path
    ) -> tuple[list[Request], Files]:
        """The requests of a first publication on the target portal, and the files they send."""
        if self.target_kind == "dkan7":
            return self._dkan_requests(entry, published, scratch)
        if self.target_kind == "ckan":
            return self._ckan_requests(entry, published)
        return self._ods_requests(entry, published, scratch)

    def _dkan_requests(
        self, entry: DatasetEntry, published: PublishedDataset, scratch: Path
    ) -> tuple[list[Request], Files]:
        urls = self.public_urls
        dkan = Dkan7Publisher(
            self.portal, urls[self.portal], "", "", public_urls=urls, ledger=self.ledger
        )
        node = {**dkan.desired(entry, published), "og_group_ref": {"und": [
            {"target_id": f"<nid du groupe '{entry.publisher}'>"}]}}  # fmt: skip
        files: Files = {k: published.files[k] for k in DKAN_KINDS if k in published.files}
        schema = dkan.dictionary_file(entry, published, scratch)
        if schema is not None:
            files["schema"] = schema
        else:
            node.update(dictionary_fields(str(schema_url(entry))))
        requests: list[Request] = [
            {"method": "POST", "path": "/api/dataset/user/login",
             "json": {"username": f"<{self.spec.env('USER')}>", "password": "<secret>"}},
            {"method": "POST", "path": "/api/dataset/node", "json": node},
        ]  # fmt: skip
        for item in files.values():
            requests += [
                {"method": "POST", "path": "/api/dataset/node", "json": {
                    "type": "resource", "title": item.name,
                    "field_format": {"und": [{"value": item.format.lower()}]},
                    "field_dataset_ref": {"und": [{"target_id": "<nid du jeu>"}]}}},
                {"method": "POST", "path": "/api/dataset/node/<nid de la ressource>/attach_file",
                 "multipart": {"field_name": "field_upload", "attach": "0",
                               "files[1]": item.name}},
            ]  # fmt: skip
        if schema is not None:
            url = f"<URL publique de {schema.name}>"
            requests.append({"method": "PUT", "path": "/api/dataset/node/<nid du jeu>",
                             "json": dictionary_fields(url)})  # fmt: skip
        return requests, files

    def _ckan_requests(
        self, entry: DatasetEntry, published: PublishedDataset
    ) -> tuple[list[Request], Files]:
        urls = self.public_urls
        ckan = CkanPublisher(
            self.portal, urls[self.portal], "", public_urls=urls, ledger=self.ledger
        )
        licence = cw.CKAN_LICENCE_IDS[cw.licence_key(entry, self.portal)][0]
        package = ckan.desired(entry, published, licence_id=licence)
        files: Files = {k: published.files[k] for k in CKAN_KINDS if k in published.files}
        requests: list[Request] = [
            {"method": "POST", "path": "/api/3/action/package_create", "json": package}
        ]
        for item in files.values():
            requests.append({"method": "POST", "path": "/api/3/action/resource_create",
                             "multipart": {"package_id": package["name"], "name": item.name,
                                           "format": item.format, "hash": item.sha256,
                                           "upload": item.name}})  # fmt: skip
        return requests, files

    def _ods(self, entry: DatasetEntry) -> OdsPublisher:
        """The ODS client's mappings, on the documented templates, with catalogue vocabularies."""
        urls = self.public_urls
        key = cw.licence_key(entry, self.portal)
        return OdsPublisher(
            self.portal,
            urls[self.portal],
            "",
            public_urls=urls,
            ledger=self.ledger,
            licence_ids={key: key},
            theme_ids={t: t for t in entry.themes},
            domain=DOCUMENTED,
        )

    def _ods_requests(
        self, entry: DatasetEntry, published: PublishedDataset, scratch: Path
    ) -> tuple[list[Request], Files]:
        ods = self._ods(entry)
        resolved = ods.desired(entry, published)
        dictionary = ods.dictionary(entry, published)
        configs = ods_fields.desired_configs(dictionary, unique_key=entry.realtime)
        base = f"{AUTOMATION}/datasets/<uid>"
        requests: list[Request] = []
        files: Files = {}
        if entry.realtime:  # the dataset and its source are declared in the back office
            requests.append({"method": "GET", "path": f"{AUTOMATION}/datasets/",
                             "params": {"dataset_id": cw.herault_dataset_id(entry)}})  # fmt: skip
            requests += [
                {"method": "PUT", "path": f"{base}/metadata/{t}/{f}/", "json": {"value": v}}
                for t, fs in resolved.metadata.items()
                for f, v in fs.items()
            ]
        else:
            item = portal_csv(published, dictionary, scratch)
            files["csv"] = item
            requests += [
                {"method": "POST", "path": f"{AUTOMATION}/datasets/", "json": {
                    "dataset_id": cw.herault_dataset_id(entry), "is_restricted": False,
                    "metadata": {t: {f: {"value": v} for f, v in fs.items()}
                                 for t, fs in resolved.metadata.items()}}},
                {"method": "POST", "path": f"{base}/resources/files/",
                 "multipart": {"file": item.name}},
                {"method": "POST", "path": f"{base}/resources/", "json": {
                    "type": "csvfile", "title": item.name, "params": CSV_PARAMS,
                    "datasource": {"type": "uploaded_file",
                                   "file": {"uid": "<uid du fichier envoyé>"}}}},
            ]  # fmt: skip
        requests += [{"method": "POST", "path": f"{base}/fields/", "json": c} for c in configs]
        requests.append({"method": "POST", "path": f"{base}/publish/"})
        return requests, files

    # -- Publisher -------------------------------------------------------------------------
    def publish(self, entry: DatasetEntry, published: PublishedDataset) -> PublicationResult:
        folder = self.folder(entry.id)
        with tempfile.TemporaryDirectory(prefix="outbox-") as scratch:
            requests, sent = self._requests(entry, published, Path(scratch))
            self.check_sizes(entry, published, [k for k in sent if k in published.files])
            previous = self._manifest(entry.id)
            files = {item.name: item.sha256 for item in sent.values()}
            result = self.unchanged(entry, portal_id=str(folder), url=folder.as_uri())
            if previous is None:
                result.action = "created"
            metadata_changed = previous is None or previous.get("requests") != _plain(requests)
            for item in sent.values():
                target = folder / item.name
                old = (previous or {}).get("files", {}).get(item.name)
                if old == item.sha256 and target.is_file():
                    continue
                with atomic_path(target) as tmp:
                    shutil.copyfile(item.path, tmp)
                result.uploaded_files.append(item.name)
        for stale in set((previous or {}).get("files", {})) - set(files):
            (folder / stale).unlink(missing_ok=True)
        if metadata_changed or result.uploaded_files:
            # the validated file each sent one comes from (the ODS CSV may carry a derived column)
            sources = {published.files[k].name: published.files[k].sha256
                       for k in sent if k in published.files}  # fmt: skip
            manifest = {"portal": self.portal, "target_kind": self.target_kind, "dataset": entry.id,
                        "identifier": result.identifier, "files": files, "sources": sources,
                        "requests": requests}  # fmt: skip
            text = json.dumps(manifest, ensure_ascii=False, indent=2, default=str)
            atomic_write_text(folder / "requests.json", text + "\n")
        if entry.realtime and self.target_kind == "opendatasoft":
            self._push(entry, published, result)
        if metadata_changed or result.uploaded_files or result.records_pushed:
            result.action = "updated" if result.action == "unchanged" else result.action
        result.uploaded = bool(result.uploaded_files)
        result.metadata_changed = metadata_changed
        self.remember_modified(entry, published)
        result.notes.append(f"simulation : requêtes écrites dans {folder}")
        return result

    def _push(
        self, entry: DatasetEntry, published: PublishedDataset, result: PublicationResult
    ) -> None:
        """Render the push batches of the records that changed since the last outbox run."""
        folder = self.folder(entry.id)
        dictionary = build_dictionary(entry, published)
        current = ods_push.current_records(published, dictionary)
        state_path = folder / "push_state.json"
        held = _read_json(state_path).get("records") or {}
        todo = ods_push.plan(current, held)
        if todo.empty:
            return
        target = entry.portals.herault_data
        resource = (target.realtime_resource if target else None) or "<realtime_resource>"
        base = f"/api/push/1.0/{cw.herault_dataset_id(entry)}/{resource}"
        key = f"<{self.spec.env('PUSH_KEYS')}['{cw.herault_dataset_id(entry)}']>"
        batches = [
            {"method": "POST", "path": f"{base}/push/", "params": {"pushkey": key},
             "json": todo.upserts[start:end]}
            for start, end in ods_push.chunks(todo.upserts)
        ] + [
            {"method": "POST", "path": f"{base}/delete/", "params": {"pushkey": key}, "json": rec}
            for rec in todo.deletes
        ]  # fmt: skip
        text = json.dumps({"dataset": entry.id, "batches": batches}, ensure_ascii=False, indent=2)
        atomic_write_text(folder / "pushes.json", text + "\n")
        state = {"records": current}
        atomic_write_text(state_path, json.dumps(state, ensure_ascii=False, indent=1) + "\n")
        result.uploaded_files.append("pushes.json")
        result.records_pushed, result.records_deleted = len(todo.upserts), len(todo.deletes)

    def _manifest(self, dataset: str) -> dict[str, Any] | None:
        data = _read_json(self.folder(dataset) / "requests.json")
        return data or None

    def read_back(self, entry: DatasetEntry, published: PublishedDataset) -> ReadBackResult:
        result = ReadBackResult(self.portal, entry.id)
        manifest = self._manifest(entry.id)
        result.compare("présence", True, manifest is not None)
        if manifest is None:
            return result
        folder = self.folder(entry.id)
        by_name = {f.name: f for f in published.files.values()}
        for name, sent_sha in manifest.get("files", {}).items():
            item = by_name.get(name)
            copy = folder / name
            if item is None:  # made for the portal (the data dictionary)
                continue
            actual = sha256_file(copy) if copy.is_file() else "absent"
            # the CSV sent to ODS may carry a derived map point: the copy must be what was sent
            result.compare("sha256", f"{name}:{sent_sha}", f"{name}:{actual}")
            if item.kind == "csv" and copy.is_file():
                header, rows = csv_shape(copy.read_bytes())
                result.compare("lignes", published.rows, rows)
                result.compare("colonnes", published.column_names, header[: len(published.columns)])
        if entry.realtime and self.target_kind == "opendatasoft":
            held = _read_json(folder / "push_state.json").get("records") or {}
            result.compare("lignes", published.rows, len(held))
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
        hashes = manifest.get("sources") or manifest.get("files", {})
        return RemoteState([str(folder)], dict(hashes), folder.as_uri())


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _plain(value: Any) -> Any:
    """JSON round trip, to compare rendered requests with those read from disk."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))
