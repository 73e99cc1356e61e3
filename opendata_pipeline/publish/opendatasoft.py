"""OpenDataSoft (Huwise) client: Automation API v1.0 writes, realtime push, Explore v2.1 read-back.

A file dataset: metadata → uploaded CSV → `csvfile` resource → field configuration → publish →
poll (portal-apis §3). A realtime dataset (`DatasetEntry.realtime`): its source is declared once
in the ODS back office; each run updates the metadata and field configuration (the record key
before the first publish) and pushes the records that changed (§9.1).
"""

from __future__ import annotations

import hashlib
import html
import logging
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Unpack

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish import ods_fields, ods_push
from opendata_pipeline.publish.base import HttpPublisher, PublisherOptions, RemoteState
from opendata_pipeline.publish.dictionary import Dictionary, build_dictionary
from opendata_pipeline.publish.errors import (
    MappingError,
    PortalConfigurationError,
    PortalProtocolError,
    PortalUnavailable,
    PortalValidationError,
)
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.model import (
    PublicationResult,
    PublishedDataset,
    PublishedFile,
    ReadBackResult,
)
from opendata_pipeline.publish.ods_api import OdsApi
from opendata_pipeline.publish.ods_metadata import (
    DomainTemplates,
    MetaField,
    Resolved,
    Vocabulary,
    discover,
    resolve,
)
from opendata_pipeline.publish.portals import portal as portal_spec
from opendata_pipeline.storage.sql import connect, ident, lit

log = logging.getLogger(__name__)
EXPLORE = "/api/explore/v2.1"
TEMPLATES = ("default", "internal", "dcat")
CSV_PARAMS = {"separator": ",", "encoding": "utf-8", "headers_first_row": True,
              "first_row_no": 1, "doublequote": True}  # fmt: skip
Metadata = dict[str, dict[str, Any]]


def _html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def ods_modified(when: datetime) -> str:
    """`default.modified`: a full date-time with `Z` or an offset (§0.1.9)."""
    text = when.isoformat().replace("+00:00", "Z")
    return text if when.tzinfo else text + "Z"


def metadata_fields(
    entry: DatasetEntry,
    *,
    description: str,
    modified: str,
    licence_id: str,
    theme_ids: list[str],
    twin: str | None,
) -> list[MetaField]:
    """Every metadata value we would like on the dataset (to add one: one line here); `twin`:
    the dataset's page on the other portal, once published there (cross-reference)."""
    common = cw.common_metadata(entry)
    # a realtime dataset changes at every push: the portal dates it (no metadata write per tick)
    dated = (
        MetaField("default", "modified_updates_on_data_change", True, platform=True)
        if entry.realtime
        else MetaField("default", "modified", modified, required=True)
    )
    return [
        MetaField("default", "title", entry.title, required=True),
        MetaField("default", "description", _html(description), required=True),
        MetaField("default", "keyword", list(entry.keywords)),
        MetaField("default", "language", entry.language, required=True),
        dated,
        MetaField("default", "publisher", entry.publisher, "Producteur"),
        MetaField("default", "references", twin, "Page de référence"),
        MetaField("internal", "license_id", licence_id, required=True),
        MetaField("internal", "theme_id", theme_ids),
        MetaField("dcat", "accrualperiodicity", common["frequency"], "Fréquence de mise à jour",
                  cw.FREQUENCY_LABELS_FR[entry.frequency]),
        MetaField("dcat", "contact_name", common["contact_name"], "Contact"),
        MetaField("dcat", "contact_email", common["contact_email"], "Courriel de contact"),
        MetaField("dcat", "spatial", entry.spatial, "Couverture géographique"),
        MetaField("dcat", "temporal", entry.temporal, "Couverture temporelle"),
        MetaField("dcat", "relation", twin, "Voir aussi"),
        MetaField("dcat", "identifier", common["identifier"], "Identifiant"),
        MetaField("dcat", "conforms_to", common["conforms_to"], "Conforme au schéma"),
    ]  # fmt: skip


def file_state(published: PublishedDataset, dictionary: Dictionary) -> dict[str, Any]:
    """What the uploaded CSV depends on (ledger): the published CSV and the derived map point."""
    derived = ",".join(dictionary.coordinates) if dictionary.coordinates else None
    return {"sha256": published.files["csv"].sha256, "derived": derived}


def portal_csv(published: PublishedDataset, dictionary: Dictionary, folder: Path) -> PublishedFile:
    """The CSV sent to ODS: the published one, plus `geo_point_2d` ("lat,lon") when derived."""
    item = published.files["csv"]
    if dictionary.coordinates is None or dictionary.derived is None:
        return item
    lon, lat = (ident(c) for c in dictionary.coordinates)
    target = folder / item.name
    con = connect()
    try:
        con.execute(
            f"COPY (SELECT *, CASE WHEN nullif(trim({lat}), '') IS NULL "
            f"OR nullif(trim({lon}), '') IS NULL THEN NULL "
            f"ELSE trim({lat}) || ',' || trim({lon}) END AS {ident(dictionary.derived.column)} "
            f"FROM read_csv({lit(item.path)}, header = true, delim = ',', quote = '\"', "
            f"escape = '\"', all_varchar = true)) TO {lit(target)} (FORMAT csv, HEADER, "
            "DELIMITER ',')"
        )
    finally:
        con.close()
    data = target.read_bytes()
    return PublishedFile("csv", target, hashlib.sha256(data).hexdigest(), len(data))


class OdsPublisher(HttpPublisher):
    """One ODS dataset per catalogue entry: an uploaded `csvfile`, or a realtime push source."""

    kind = "opendatasoft"

    def __init__(
        self,
        portal: str,
        base_url: str,
        api_key: str,
        *,
        policy: RetryPolicy | None = None,
        licence_ids: Mapping[str, str] | None = None,
        theme_ids: Mapping[str, str] | None = None,
        push_keys: Mapping[str, str] | None = None,
        max_polls: int = 600,
        poll_s: tuple[float, float] = (2.0, 30.0),
        push_max_bytes: int = ods_push.MAX_BYTES,
        domain: DomainTemplates | None = None,
        **options: Unpack[PublisherOptions],
    ) -> None:
        super().__init__(portal, base_url, policy=policy, **options)
        self.spec = portal_spec(portal)
        self.api = OdsApi(self.http, api_key, key_variable=self.spec.env("API_KEY"),
                          max_polls=max_polls, poll_s=poll_s)  # fmt: skip
        self.licence_ids = dict(licence_ids or {})
        self.theme_ids = dict(theme_ids or {})
        self._push_keys = dict(push_keys or {})
        self.push_max_bytes = push_max_bytes
        self._domain = domain  # None: listed on the domain at first use
        self._vocabulary: Vocabulary | None = None
        self._dictionaries: dict[tuple[str, str], Dictionary] = {}

    # -- what to send ----------------------------------------------------------------------
    def domain(self) -> DomainTemplates:
        """The domain's templates and fields, listed once per publisher (§9.3)."""
        if self._domain is None:
            self._domain = discover(self.api, TEMPLATES)
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.api, self._domain)
        return self._domain

    def vocabulary(self) -> Vocabulary:
        self.domain()
        assert self._vocabulary is not None
        return self._vocabulary

    def _licence(self, entry: DatasetEntry) -> str:
        key = cw.licence_key(entry, self.portal)
        if key in self.licence_ids:
            return self.licence_ids[key]
        return self.vocabulary().licence(entry, self.portal)

    def _themes(self, entry: DatasetEntry) -> tuple[list[str], list[str]]:
        """Domain theme ids, and the catalogue themes published without (optional metadata)."""
        configured = [self.theme_ids[t] for t in entry.themes if t in self.theme_ids]
        rest = entry.model_copy(
            update={"themes": [t for t in entry.themes if t not in self.theme_ids]}
        )
        if not rest.themes:
            return configured, []
        found, unmatched = self.vocabulary().themes(rest)
        return configured + [i for i in found if i not in configured], unmatched

    def desired(self, entry: DatasetEntry, published: PublishedDataset) -> Resolved:
        """The metadata this domain takes (by template and field), and what it left out."""
        themes, unmatched = self._themes(entry)
        fields = metadata_fields(
            entry,
            description=cw.description(entry, published),
            modified=ods_modified(self.modified(entry, published)),
            licence_id=self._licence(entry),
            theme_ids=themes,
            twin=self.twin(entry),
        )
        resolved = resolve(fields, self.domain())
        resolved.warnings[:0] = [
            f"thème « {t} » sans équivalent parmi les thèmes de {self.spec.name} : publié sans "
            "ce thème (demandez à l'administrateur du portail ou corrigez le catalogue)"
            for t in unmatched
        ]
        for warning in resolved.warnings:
            log.warning("%s/%s: %s", self.portal, entry.id, warning)
        return resolved

    def dictionary(self, entry: DatasetEntry, published: PublishedDataset) -> Dictionary:
        """The field dictionary (kept for the read-back of the same entry and files)."""
        key = (entry.model_dump_json(), published.content_hash)
        if key not in self._dictionaries:
            self._dictionaries[key] = build_dictionary(entry, published)
        return self._dictionaries[key]

    def push_client(self, entry: DatasetEntry) -> ods_push.PushClient:
        """The realtime push target of `entry`; configuration errors before any request."""
        target = entry.portals.herault_data
        dataset_id = cw.herault_dataset_id(entry)
        if target is None or not target.realtime_resource:
            raise PortalConfigurationError(
                self.portal,
                entry.id,
                "jeu en temps réel sans portals.herault_data."
                "realtime_resource au catalogue (nom de la source temps réel déclarée dans le "
                "back-office)",
            )
        variable = self.spec.env("PUSH_KEYS")
        key = self._push_keys.get(dataset_id)
        if not key:
            raise PortalConfigurationError(
                self.portal, entry.id, f"aucune clé de push pour '{dataset_id}' dans {variable}"
            )
        return ods_push.PushClient(
            self.http,
            dataset_id,
            target.realtime_resource,
            key,
            key_hint=f"{variable}['{dataset_id}']",
        )

    # -- publication -----------------------------------------------------------------------
    def _find(self, dataset_id: str) -> list[dict[str, Any]]:
        found = self.api.paginate("/datasets/", {"dataset_id": dataset_id})
        return [d for d in found if d.get("dataset_id") == dataset_id]

    def _create(self, dataset_id: str, metadata: Metadata) -> str:
        body = {
            "dataset_id": dataset_id,
            "is_restricted": False,
            "metadata": {t: {f: {"value": v} for f, v in fs.items()} for t, fs in metadata.items()},
        }
        try:
            created = self.api.call("POST", "/datasets/", json=body, ok=(201,))
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
        dataset_id = cw.herault_dataset_id(entry)
        push = self.push_client(entry) if entry.realtime else None
        dictionary = self.dictionary(entry, published)
        if push is not None and not dictionary.unique_key:
            raise MappingError(self.portal, entry.id, "jeu en temps réel sans clé unique (colonne "
                               "id, clé primaire du schéma ou portals.herault_data.unique_key)")  # fmt: skip
        if push is None:
            self.check_sizes(entry, published, ["csv"])
        resolved = self.desired(entry, published)
        record = self.ledger.get(self.portal, entry.id)
        result = self.unchanged(entry, warnings=resolved.warnings)
        if resolved.moved:
            result.notes.append(
                f"dans la description (absents du portail) : {', '.join(resolved.moved)}"
            )
        existing = self._find(dataset_id)
        if existing:
            uid = str(existing[0]["uid"])
            if record.get("uid") != uid:
                record = {"uid": uid}
            self.api.wait_idle(uid)
            restricted = bool(existing[0].get("is_restricted"))
            if restricted:  # before the field updates: the PUT carries the listing's metadata
                body = {**existing[0], "is_restricted": False}
                self.api.mutate("PUT", f"/datasets/{uid}/", uid, json=body)
            result.metadata_changed = self._update_metadata(uid, resolved.metadata) or restricted
        elif push is not None:
            raise PortalConfigurationError(
                self.portal,
                entry.id,
                f"jeu temps réel '{dataset_id}' absent du portail : "
                "l'API ne crée pas de source temps réel, déclarez-la dans le back-office "
                f"(ressource « {push.resource} ») puis relancez",
            )
        else:
            uid = self._create(dataset_id, resolved.metadata)
            record = {"uid": uid}
            result.action, result.metadata_changed = "created", True
            self.ledger.put(self.portal, entry.id, record)
            self.api.wait_idle(uid)
            self._update_metadata(uid, resolved.metadata)  # converges if someone else created it
        data_changed = False
        if push is None:
            data_changed = self._refresh_file(uid, published, dictionary, record, result)
        fields_changed = self._configure_fields(uid, dictionary, record, result, push is not None)
        status = self.api.status(uid)
        republish = data_changed or fields_changed or not status.get("is_published")
        if republish:
            self.api.publish(uid)
            record.pop("push", None)  # a republish may drop pushed records: push them all again
        if push is None:
            record.update(file_state(published, dictionary))
        self.ledger.put(self.portal, entry.id, record)
        if push is not None:  # the records first: the map must not wait for the metadata
            self._push(push, published, dictionary, record, result)
        if result.metadata_changed and not republish:
            self.api.publish(uid, "publish_metadata")
        self.remember_modified(entry, published)
        changed = result.uploaded or result.metadata_changed or fields_changed
        if result.action == "unchanged" and (
            changed or result.records_pushed or result.records_deleted
        ):
            result.action = "updated"
        result.portal_id = uid
        result.url = f"{self.http.base_url}/explore/dataset/{dataset_id}/"
        return result

    def _update_metadata(self, uid: str, desired: Metadata) -> bool:
        """PUT only the fields that differ (least risk of clobbering, §3.4)."""
        current = self.api.call("GET", f"/datasets/{uid}/metadata/")
        changed = False
        for template, fields in desired.items():
            for field, value in fields.items():
                now = ((current.get(template) or {}).get(field) or {}).get("value")
                if now == value:
                    continue
                path = f"/datasets/{uid}/metadata/{template}/{field}/"
                self.api.mutate("PUT", path, uid, json={"value": value})
                changed = True
        return changed

    def _refresh_file(
        self,
        uid: str,
        published: PublishedDataset,
        dictionary: Dictionary,
        record: dict[str, Any],
        result: PublicationResult,
    ) -> bool:
        """Upload the CSV and point the resource at it when it changed; True when it did."""
        state = file_state(published, dictionary)
        if all(record.get(k) == v for k, v in state.items()) and self._has_resource(uid, record):
            return False
        with tempfile.TemporaryDirectory(prefix="ods-") as folder:
            item = portal_csv(published, dictionary, Path(folder))
            record["resource_uid"] = self._put_resource(uid, record.get("resource_uid"), item)
        record["sha256"] = None  # known only once published
        self.ledger.put(self.portal, published.dataset, record)
        result.uploaded, result.uploaded_files = True, [item.name]
        return True

    def _configure_fields(
        self,
        uid: str,
        dictionary: Dictionary,
        record: dict[str, Any],
        result: PublicationResult,
        unique_key: bool,
    ) -> bool:
        """Types, labels, descriptions, units, facets (and the record key) of the fields."""
        facets = record.get("facets") is not False
        desired = ods_fields.desired_configs(dictionary, unique_key=unique_key, facets=facets)
        outcome = ods_fields.reconcile(self.api, uid, desired, optional=frozenset({"facet"}))
        if outcome.rejected:
            record["facets"] = False  # not retried on later runs
            result.notes.append("le portail refuse l'annotation « facet » : filtres non configurés")
        return outcome.changed

    def _has_resource(self, uid: str, record: Mapping[str, Any]) -> bool:
        listed = self.api.paginate(f"/datasets/{uid}/resources/")
        return any(r.get("uid") == record.get("resource_uid") for r in listed)

    def _put_resource(self, uid: str, resource_uid: str | None, item: PublishedFile) -> str:
        with item.path.open("rb") as handle:
            uploaded = self.api.mutate(
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
            self.api.mutate("PUT", f"/datasets/{uid}/resources/{resource_uid}/", uid, json=body)
            return resource_uid
        created = self.api.mutate("POST", f"/datasets/{uid}/resources/", uid, json=body, ok=(201,))
        return str(created["uid"])

    def _push(
        self,
        push: ods_push.PushClient,
        published: PublishedDataset,
        dictionary: Dictionary,
        record: dict[str, Any],
        result: PublicationResult,
    ) -> None:
        """Push what changed since the last acknowledged push; delete what disappeared."""
        state = record.get("push") or {}
        held: dict[str, Any] = (
            dict(state.get("records") or {}) if state.get("resource") == push.resource else {}
        )
        current = ods_push.current_records(published, dictionary)
        todo = ods_push.plan(current, held)

        def save() -> None:
            record["push"] = {"resource": push.resource, "records": held}
            self.ledger.put(self.portal, published.dataset, record)

        ranges = ods_push.chunks(todo.upserts, max_bytes=self.push_max_bytes)
        for start, end in ranges:
            push.send("push", todo.upserts[start:end])
            held.update({k: current[k] for k in todo.upsert_keys[start:end]})
            save()
        for key, previous in zip(todo.delete_keys, todo.deletes, strict=True):
            push.send("delete", previous)
            held.pop(key, None)
            save()
        if not todo.empty:
            save()
        result.records_pushed, result.records_deleted = len(todo.upserts), len(todo.deletes)
        if not todo.empty:
            result.notes.append(
                f"push temps réel : {len(todo.upserts)} enregistrement(s) en {len(ranges)} "
                f"requête(s), {len(todo.deletes)} suppression(s)"
            )

    # -- read-back and reconciliation ------------------------------------------------------
    def _explore(self, dataset_id: str) -> dict[str, Any] | None:
        """Anonymous read: a restricted or unpublished dataset is not found (§0.1.7)."""
        response = self.http.request("GET", f"{EXPLORE}/catalog/datasets/{dataset_id}")
        if response.status_code in (401, 403, 404):
            return None
        if response.status_code != 200:
            self.api.fail(response, "explore")
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
        dictionary = self.dictionary(entry, published)
        result.compare(
            "colonnes",
            [doc.name for doc in dictionary.fields],
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
        dataset_id = cw.herault_dataset_id(entry)
        found = self._find(dataset_id)
        state.portal_ids = [str(d["uid"]) for d in found]
        if found:
            state.url = f"{self.http.base_url}/explore/dataset/{dataset_id}/"
            record = self.ledger.get(self.portal, entry.id)
            if record.get("uid") == state.portal_ids[0] and not entry.realtime:
                state.file_hashes[f"{entry.id}.csv"] = record.get("sha256")
        return state
