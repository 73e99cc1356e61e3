"""Fake OpenDataSoft: Automation API v1.0 + Explore v2.1 (portal-apis.md §3, §6.4)."""

from __future__ import annotations

import copy
import csv
import io
import re
import uuid
from datetime import datetime
from typing import Any

from opendata_pipeline_tests.publish.fakes.harness import FakePortal, Request, Response

AUTOMATION = "/api/automation/v1.0"
EXPLORE = "/api/explore/v2.1"
LICENCES = {"5sylls5": "Licence Ouverte v2.0 (Etalab)", "odbl0aa": "Open Database License (ODbL)",
            "ccby4xx": "CC BY 4.0"}  # fmt: skip
THEMES = {"th_eco": "Économie", "th_mob": "Mobilité", "th_env": "Environnement"}
FIELDS = {
    "default": {"title", "description", "keyword", "language", "modified", "publisher",
                "references", "license", "geographic_reference", "attributions"},
    "internal": {"license_id", "theme_id", "draft"},
    "dcat": {"accrualperiodicity", "contact_name", "contact_email", "spatial", "temporal",
             "relation", "identifier", "issued", "created", "creator"},
}  # fmt: skip
PERMISSIONS = {"browse", "create", "edit", "publish"}


def _error(status: int, code: str, message: str, detail: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {"error_code": code, "message": message}
    if detail:
        body["detail"] = detail
    return Response(status, body)


def _field_name(header: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", header)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


class FakeOds(FakePortal):
    """In-memory ODS domain: datasets, files, resources, a publish state machine."""

    def __init__(self, api_key: str = "key-publisher") -> None:
        super().__init__()
        self.keys: dict[str, set[str]] = {api_key: set(PERMISSIONS)}
        self.datasets: dict[str, dict[str, Any]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.processing_polls = 3  # status reads spent in queued/processing after a publish
        self.next_end: tuple[str, str, int] | None = None  # (status, message, records errors)
        self.max_upload = 10 * 1024**2

    # -- HTTP ------------------------------------------------------------------------------
    def route(self, request: Request) -> Response:
        if request.path.startswith(EXPLORE):
            return self._explore(request.path[len(EXPLORE) :], request)
        if not request.path.startswith(AUTOMATION):
            return Response(404, "<html>Not found</html>")
        path = request.path[len(AUTOMATION) :]
        if not path.endswith("/"):
            return Response(301, b"", {"Location": request.path + "/"})
        auth = request.header("authorization") or ""
        key = (
            auth[len("apikey ") :]
            if auth.lower().startswith("apikey ")
            else request.query.get("apikey")
        )
        if key not in self.keys:
            return _error(401, "authentication_failed", "Invalid API key.")
        needed = "browse" if request.method == "GET" else "edit"
        if path == "/datasets/" and request.method == "POST":
            needed = "create"
        if path.endswith(("/publish/", "/publish_metadata/")):
            needed = "publish"
        if needed not in self.keys[key]:
            return _error(
                403, "permission_denied", "You do not have permission to perform this action."
            )
        return self._automation(path, request)

    def _automation(self, path: str, request: Request) -> Response:
        method = request.method
        match = re.fullmatch(r"/metadata/templates/internal/fields/(\w+)/suggest/", path)
        if match and method == "GET":
            values = LICENCES if match.group(1) == "license_id" else THEMES
            hits = [{"value": k, "label": v} for k, v in values.items()]
            return Response(200, {"hits": hits, "nb_hits": len(hits)})
        if path == "/datasets/":
            if method == "GET":
                found = [self._public(d) for d in self.datasets.values()
                         if "dataset_id" not in request.query
                         or d["dataset_id"] == request.query["dataset_id"]]  # fmt: skip
                return Response(200, {"total_count": len(found), "next": None, "previous": None,
                                      "results": found})  # fmt: skip
            if method == "POST":
                return self._create(request.json())
        match = re.fullmatch(r"/datasets/(da_\w+)/(.*)", path)
        if match is None or match.group(1) not in self.datasets:
            return _error(404, "not_found", "Not found.")
        dataset, rest = self.datasets[match.group(1)], match.group(2)
        if rest == "status/" and method == "GET":
            return Response(200, self._advance(dataset))
        if method != "GET" and dataset["status"] in {"queued", "processing"}:
            return _error(400, "invalid_dataset_status",
                          f"Invalid precondition, dataset status is {dataset['status']}")  # fmt: skip
        if rest == "" and method == "GET":
            return Response(200, self._public(dataset))
        if rest == "" and method == "PUT":
            dataset["is_restricted"] = bool(
                request.json().get("is_restricted", dataset["is_restricted"])
            )
            return Response(200, self._public(dataset))
        if rest == "metadata/" and method == "GET":
            return Response(200, copy.deepcopy(dataset["metadata"]))
        match = re.fullmatch(r"metadata/(\w+)/(\w+)/", rest)
        if match and method == "PUT":
            template, field = match.groups()
            value = request.json().get("value")
            error = self._check_field(template, field, value)
            if error:
                return error
            dataset["metadata"].setdefault(template, {})[field] = {"value": value}
            return Response(200, {"value": value})
        if rest == "resources/files/" and method == "POST":
            return self._upload(request)
        if rest == "resources/" and method == "GET":
            return Response(200, {"results": list(copy.deepcopy(dataset["resources"]).values())})
        if rest == "resources/" and method == "POST":
            return self._resource(dataset, None, request.json())
        match = re.fullmatch(r"resources/(re_\w+)/", rest)
        if match and method == "PUT":
            if match.group(1) not in dataset["resources"]:
                return _error(404, "not_found", "Not found.")
            return self._resource(dataset, match.group(1), request.json())
        if rest in {"publish/", "publish_metadata/"} and method == "POST":
            dataset["status"] = "queued"
            dataset["pending"] = (rest.rstrip("/"), self.processing_polls)
            return Response(200, {"detail": "ok"})
        return _error(404, "not_found", "Not found.")

    # -- automation helpers ----------------------------------------------------------------
    def _check_field(self, template: str, field: str, value: Any) -> Response | None:
        if field not in FIELDS.get(template, set()):
            return _error(400, "validation_error", "Unknown metadata field.",
                          {f"{template}.{field}": ["Unknown field."]})  # fmt: skip
        if (template, field) == ("internal", "license_id") and value not in LICENCES:
            return _error(400, "validation_error", "Invalid value.",
                          {"internal.license_id": ["Unknown licence."]})  # fmt: skip
        if (template, field) == ("internal", "theme_id") and not set(value or []) <= set(THEMES):
            return _error(400, "validation_error", "Invalid value.",
                          {"internal.theme_id": ["Unknown theme."]})  # fmt: skip
        if (template, field) == ("default", "modified"):
            text = str(value)
            if "T" not in text or not (text.endswith("Z") or re.search(r"[+-]\d\d:\d\d$", text)):
                return _error(400, "validation_error", "Invalid datetime.",
                              {"default.modified": ["Enter a valid date/time with a timezone."]})  # fmt: skip
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        return None

    def _create(self, body: dict[str, Any]) -> Response:
        metadata = body.get("metadata") or {}
        default = metadata.get("default") or {}
        missing = [f for f in ("title", "modified", "language") if f not in default]
        if missing:
            return _error(400, "validation_error", "Invalid metadata.",
                          {f"metadata.default.{f}": ["This field is required."] for f in missing})  # fmt: skip
        dataset_id = str(body.get("dataset_id", ""))
        if any(d["dataset_id"] == dataset_id for d in self.datasets.values()):
            return _error(400, "validation_error", "Invalid dataset.",
                          {"dataset_id": ["A dataset with this dataset_id already exists."]})  # fmt: skip
        for template, fields in metadata.items():
            for field, spec in fields.items():
                error = self._check_field(template, field, (spec or {}).get("value"))
                if error:
                    return error
        uid = "da_" + uuid.uuid4().hex[:6]
        self.datasets[uid] = {
            "uid": uid, "dataset_id": dataset_id, "is_published": False,
            "is_restricted": bool(body.get("is_restricted", True)), "status": "idle",
            "metadata": copy.deepcopy(metadata), "resources": {}, "snapshot": None,
            "pending": None, "records_errors": [], "message": None,
        }  # fmt: skip
        return Response(201, self._public(self.datasets[uid]))

    def _upload(self, request: Request) -> Response:
        if not request.is_multipart:
            return _error(400, "bad_request", "Expected multipart/form-data.")
        _, files = request.form()
        if "file" not in files:
            return _error(400, "validation_error", "No file.", {"file": ["No file was submitted."]})
        filename, content = files["file"]
        if len(content) > self.max_upload:
            return Response(413, "<html>413 Request Entity Too Large</html>")
        file_uid = "fi_" + uuid.uuid4().hex[:8]
        self.files[file_uid] = (filename, content)
        return Response(200, {"uid": file_uid, "filename": filename, "mimetype": "text/csv"})

    def _resource(
        self, dataset: dict[str, Any], resource_uid: str | None, body: dict[str, Any]
    ) -> Response:
        source = body.get("datasource") or {}
        file_uid = (source.get("file") or {}).get("uid")
        if source.get("type") != "uploaded_file" or file_uid not in self.files:
            return _error(400, "validation_error", "Invalid datasource.",
                          {"datasource": ["Unknown file uid."]})  # fmt: skip
        uid = resource_uid or "re_" + uuid.uuid4().hex[:6]
        dataset["resources"][uid] = {**copy.deepcopy(body), "uid": uid}
        return Response(200 if resource_uid else 201, dataset["resources"][uid])

    def _advance(self, dataset: dict[str, Any]) -> dict[str, Any]:
        """Each status read moves a pending publish one step: queued → processing → end."""
        pending = dataset.get("pending")
        if pending:
            action, left = pending
            if left > 0:
                dataset["status"] = "processing"
                dataset["pending"] = (action, left - 1)
            else:
                dataset["pending"] = None
                self._finish(dataset, action)
        return {"status": dataset["status"], "is_published": dataset["is_published"],
                "message": dataset["message"], "records_errors": dataset["records_errors"],
                "since": datetime.now().isoformat(), "params": {}}  # fmt: skip

    def _finish(self, dataset: dict[str, Any], action: str) -> None:
        if self.next_end is not None:
            state, message, errors = self.next_end
            self.next_end = None
            dataset.update(status=state, message=message,
                           records_errors=[{"record": i} for i in range(errors)])  # fmt: skip
            return
        dataset.update(status="idle", message=None, records_errors=[])
        snapshot = dict(dataset["snapshot"] or {})
        snapshot["metadata"] = copy.deepcopy(dataset["metadata"])
        if action == "publish":
            header: list[str] = []
            rows: list[list[str]] = []
            for resource in dataset["resources"].values():
                content = self.files[resource["datasource"]["file"]["uid"]][1]
                reader = csv.reader(io.StringIO(content.decode("utf-8")))
                header = next(reader, [])
                rows = list(reader)
            snapshot.update(fields=[_field_name(h) for h in header], rows=rows)
            dataset["is_published"] = True
        dataset["snapshot"] = snapshot

    @staticmethod
    def _public(dataset: dict[str, Any]) -> dict[str, Any]:
        keys = ("uid", "dataset_id", "is_published", "is_restricted", "metadata")
        return {k: copy.deepcopy(dataset[k]) for k in keys}

    # -- Explore v2.1 (published snapshot only, anonymous) ---------------------------------
    def _explore(self, path: str, request: Request) -> Response:
        match = re.fullmatch(r"/catalog/datasets/([\w-]+)(/.*)?", path)
        found = [d for d in self.datasets.values() if match and d["dataset_id"] == match.group(1)]
        if not found or not found[0]["is_published"] or found[0]["snapshot"] is None:
            return Response(404, {"error_code": "NotFound", "message": "Unknown dataset"})
        dataset = found[0]
        if dataset["is_restricted"]:
            return Response(401, {"error_code": "Unauthorized", "message": "Restricted dataset"})
        snap = dataset["snapshot"]
        rows, fields = snap.get("rows", []), snap.get("fields", [])
        sub = match.group(2) if match else None
        if not sub:
            meta = snap["metadata"]
            default = {k: v.get("value") for k, v in (meta.get("default") or {}).items()}
            licence = (meta.get("internal") or {}).get("license_id", {}).get("value")
            default.update(license=LICENCES.get(licence), records_count=len(rows))
            return Response(200, {"dataset_id": dataset["dataset_id"], "dataset_uid": dataset["uid"],
                                  "has_records": bool(rows),
                                  "fields": [{"name": f, "label": f, "type": "text"} for f in fields],
                                  "metas": {"default": default}})  # fmt: skip
        if sub == "/records":
            limit, offset = int(request.query.get("limit", 10)), int(request.query.get("offset", 0))
            if limit > 100 or offset + limit > 10000:
                return Response(400, {"error_code": "InvalidRESTParameterError",
                                      "message": "Invalid value for limit"})  # fmt: skip
            page = [dict(zip(fields, r, strict=False)) for r in rows[offset : offset + limit]]
            return Response(200, {"total_count": len(rows), "results": page})
        if sub == "/exports/csv":
            out = io.StringIO()
            writer = csv.writer(out, delimiter=";")
            writer.writerow(fields)
            writer.writerows(rows)
            return Response(200, ("\ufeff" + out.getvalue()).encode("utf-8"),
                            {"Content-Type": "text/csv; charset=utf-8"})  # fmt: skip
        return Response(404, {"error_code": "NotFound", "message": "Unknown endpoint"})
