"""Fake OpenDataSoft: Automation API v1.0, realtime push API, Explore v2.1 (portal-apis.md §3,
§6.4, §9), as strict as the documentation: undocumented query parameters, unknown template
fields, unknown keys of a field configuration, a missing `query`, a wrong verb are all refused.

Written from the documentation, not from our client: the domain's templates are those the doc
lists (no `dcat.identifier`), its licence and theme ids are opaque, its theme labels are the
long ones of a real domain.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import unicodedata
import uuid
from datetime import datetime
from typing import Any

from opendata_pipeline_tests.publish.fakes.harness import FakePortal, Request, Response

AUTOMATION = "/api/automation/v1.0"
EXPLORE = "/api/explore/v2.1"
PUSH = "/api/push/1.0"
PUSH_LIMIT = 5 * 1000 * 1000  # "5 MB per request" (§9.1.5)
LICENCES = {"5sylls5": "Licence Ouverte v2.0 (Etalab)", "odbl0aa": "Open Database License (ODbL)",
            "ccby4xx": "CC BY 4.0"}  # fmt: skip
THEMES = {
    "th_eco": "Economie, Business, PME, Développement économique, Emploi",
    "th_mob": "Transports, Déplacements",
    "th_env": "Environnement",
    "th_adm": "Administration, Gouvernement, Finances publiques, Citoyenneté",
    "th_cul": "Culture, Patrimoine",
}
LANGUAGES = ["en", "fr", "nl", "pt", "it", "ar", "de", "es", "ca", "eu", "sv"]


def _template(kind: str, **fields: str) -> dict[str, Any]:
    return {"type": kind, "is_active": True, "fields": dict(fields)}


# §3.4 and §9.3.2: the fields clients use; spatial/temporal technical names are unknown.
TEMPLATES: dict[str, dict[str, Any]] = {
    "default": _template("basic", title="text", description="html", keyword="list",
                         language="enum", modified="datetime", publisher="text",
                         references="text", license="text", geographic_reference="list",
                         attributions="list", timezone="text",
                         modified_updates_on_metadata_change="boolean",
                         modified_updates_on_data_change="boolean"),
    "internal": _template("admin", license_id="text", theme_id="list", draft="boolean"),
    "dcat": _template("interop", created="datetime", issued="datetime", creator="text",
                      contributor="text", contact_name="text", contact_email="text",
                      accrualperiodicity="text", relation="text"),
    "inspire": {**_template("interop", theme="text"), "is_active": False},
}  # fmt: skip
TYPE_PARAMS = {"text", "int", "double", "geo_point_2d", "geo_shape", "date", "datetime", "file"}
ANNOTATIONS = {"id", "timeserie_precision", "unit", "decimals", "sortable", "multivalued",
               "hierarchical"}  # fmt: skip
# FieldConfig bodies (§9.2.2): required keys, optional keys (besides `type`, `label`, `uid`).
CONFIGS: dict[str, tuple[set[str], set[str]]] = {
    "rename": ({"from_name", "to_name", "field_label"}, set()),
    "type": ({"field", "type_param"}, set()),
    "annotate": ({"field", "annotation"}, {"args"}),
    "description": ({"field", "description"}, set()),
    "order": ({"args"}, set()),
    "delete": ({"field"}, set()),
}
LIMIT = {"limit", "offset"}
# Automation routes (§3.3, §9.2.1, §9.3.1): path pattern -> method -> (allowed, required) params
ROUTES: list[tuple[str, dict[str, tuple[set[str], set[str]]]]] = [
    (r"/datasets/", {"GET": (LIMIT | {"dataset_id"}, set()), "POST": (set(), set())}),
    (r"/datasets/(?P<uid>[^/]+)/", {m: (set(), set()) for m in ("GET", "PUT", "DELETE")}),
    (r"/datasets/(?P<uid>[^/]+)/status/", {"GET": (set(), set())}),
    (r"/datasets/(?P<uid>[^/]+)/metadata/", {"GET": (set(), set())}),
    (r"/datasets/(?P<uid>[^/]+)/metadata/(?P<template>\w+)/(?P<field>\w+)/",
     {m: (set(), set()) for m in ("GET", "PUT", "DELETE")}),
    (r"/datasets/(?P<uid>[^/]+)/resources/", {"GET": (LIMIT | {"expand"}, set()),
                                             "POST": (set(), set())}),
    (r"/datasets/(?P<uid>[^/]+)/resources/files/", {"POST": (set(), set())}),
    (r"/datasets/(?P<uid>[^/]+)/resources/(?P<resource>re_\w+)/",
     {"GET": ({"expand"}, set()), "PUT": (set(), set()), "DELETE": (set(), set())}),
    (r"/datasets/(?P<uid>[^/]+)/fields/", {"GET": (LIMIT, set()), "POST": (set(), set())}),
    (r"/datasets/(?P<uid>[^/]+)/fields/(?P<config>\w+)/",
     {m: (set(), set()) for m in ("GET", "PUT", "DELETE")}),
    (r"/datasets/(?P<uid>[^/]+)/(?P<action>publish|publish_metadata|unpublish)/",
     {"POST": (set(), set())}),
    (r"/metadata/templates/", {"GET": (LIMIT | {"is_active", "type"}, set())}),
    (r"/metadata/templates/(?P<template>\w+)/", {"GET": (set(), set())}),
    (r"/metadata/templates/(?P<template>\w+)/fields/", {"GET": (LIMIT, set())}),
    (r"/metadata/templates/(?P<template>\w+)/fields/(?P<field>\w+)/suggest/",
     {"GET": ({"query", "count"}, {"query"})}),
]  # fmt: skip
EXPLORE_PARAMS = {"select", "where", "order_by", "limit", "offset", "refine", "exclude", "lang",
                  "timezone", "group_by", "include_links", "include_app_metas", "apikey"}  # fmt: skip


def _error(status: int, code: str, message: str, detail: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {"error_code": code, "message": message}
    if detail:
        body["detail"] = detail
    return Response(status, body)


def _invalid(where: str, message: str) -> Response:
    return _error(400, "validation_error", "Invalid input", {where: [message]})


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _field_name(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(header)).strip("_")


def _typed(kind: str, value: Any) -> bool:
    """Whether a metadata value has the template field's type (MetadataTemplateField.type)."""
    if kind in {"list", "multitext", "enumlist", "uri_enumlist"}:
        return isinstance(value, list) and all(isinstance(v, str) and v for v in value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in {"int", "double"}:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "datetime":
        text = str(value)
        if not isinstance(value, str) or "T" not in text:
            return False
        if not (text.endswith("Z") or re.search(r"[+-]\d\d:\d\d$", text)):
            return False
        try:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return False
        return True
    return isinstance(value, str) and bool(value)


class FakeOds(FakePortal):
    """In-memory ODS domain: templates, datasets, files, resources, field configurations, a
    publish state machine, realtime sources declared "in the back office", Explore reads."""

    def __init__(self, api_key: str = "key-publisher") -> None:
        super().__init__()
        self.keys: dict[str, set[str]] = {api_key: {"browse", "create", "edit", "publish"}}
        self.templates = copy.deepcopy(TEMPLATES)
        self.theme_choices = False  # True: `internal.theme_id` lists its choices and labels
        self.suggest_folds = True  # False: suggest matches a case- and accent-exact prefix
        self.accept_facets = False  # the spec's annotation enum has no `facet` (§9.2.2)
        self.datasets: dict[str, dict[str, Any]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.processing_polls = 3  # status reads spent in queued/processing after a publish
        self.next_end: tuple[str, str, int] | None = None  # (status, message, records errors)
        self.max_upload = 10 * 1024**2
        self.push_status = "OK"  # older docs answer "ok"
        self.republish_keeps_records = False  # undocumented (§9.1.6): assume the worst

    # -- back office -----------------------------------------------------------------------
    def declare_realtime(
        self, dataset_id: str, resource: str, fields: list[str], push_key: str, **metadata: Any
    ) -> str:
        """A realtime dataset as an operator creates it in the back office (bootstrap fields)."""
        uid = self._new_dataset(dataset_id, {"default": {
            "title": {"value": metadata.get("title", dataset_id)},
            "modified": {"value": "2026-01-01T00:00:00Z"}, "language": {"value": "fr"}}})  # fmt: skip
        dataset = self.datasets[uid]
        dataset["is_restricted"] = True  # §0.1.7: restricted until opened
        resource_uid = "re_" + uuid.uuid4().hex[:6]
        dataset["resources"][resource_uid] = {
            "uid": resource_uid, "type": "realtime", "title": resource,
            "datasource": {"type": "realtime"},
        }  # fmt: skip
        dataset["realtime"] = {"resource": resource, "key": push_key, "fields": list(fields),
                               "pending": {}}  # fmt: skip
        return uid

    def by_dataset_id(self, dataset_id: str) -> dict[str, Any]:
        return next(d for d in self.datasets.values() if d["dataset_id"] == dataset_id)

    # -- HTTP ------------------------------------------------------------------------------
    def route(self, request: Request) -> Response:
        if request.path.startswith(EXPLORE):
            return self._explore(request.path[len(EXPLORE) :], request)
        if request.path.startswith(PUSH):
            return self._push(request.path[len(PUSH) :], request)
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
        for pattern, methods in ROUTES:
            match = re.fullmatch(pattern, path)
            if match is None:
                continue
            if request.method not in methods:
                return _error(405, "method_not_allowed", f"Method {request.method} not allowed.")
            allowed, required = methods[request.method]
            params = set(request.query) - {"apikey"}
            if params - allowed:
                return _invalid(sorted(params - allowed)[0], "Unknown query parameter.")
            if required - params:
                return _invalid(sorted(required - params)[0], "This parameter is required.")
            limit = request.query.get("limit")
            if limit is not None and not (limit.isdigit() and int(limit) <= 1000):
                return _invalid("limit", "Must be an integer between 0 and 1000.")
            needed = "browse" if request.method == "GET" else "edit"
            if path == "/datasets/" and request.method == "POST":
                needed = "create"
            if match.groupdict().get("action"):
                needed = "publish"
            if needed not in self.keys[key]:
                return _error(403, "permission_denied",
                              "You do not have permission to perform this action.")  # fmt: skip
            return self._automation(match.groupdict(), path, request)
        return _error(404, "not_found", "Not found.")

    def _automation(self, args: dict[str, str], path: str, request: Request) -> Response:
        method = request.method
        if path.startswith("/metadata/templates/"):
            return self._templates(args, request)
        if path == "/datasets/":
            if method == "POST":
                return self._create(request.json())
            found = [self._public(d) for d in self.datasets.values()
                     if d["dataset_id"] == request.query.get("dataset_id", d["dataset_id"])]  # fmt: skip
            return self._page(found, request)
        dataset = self.datasets.get(args["uid"])
        if dataset is None:
            return _error(404, "not_found", "Not found.")
        if path.endswith("/status/"):
            return Response(200, self._advance(dataset))
        if method != "GET" and dataset["status"] in {"queued", "processing"}:
            return _error(400, "invalid_dataset_status",
                          f"Invalid precondition, dataset status is {dataset['status']}")  # fmt: skip
        rest = path.split(f"/{args['uid']}/", 1)[1]
        if rest == "":
            return self._dataset(dataset, request)
        if rest == "metadata/":
            return Response(200, copy.deepcopy(dataset["metadata"]))
        if "template" in args:
            return self._metadata_field(dataset, args["template"], args["field"], request)
        if rest == "resources/files/":
            return self._upload(request)
        if rest.startswith("resources/"):
            return self._resources(dataset, args.get("resource"), request)
        if rest.startswith("fields/"):
            return self._fields(dataset, args.get("config"), request)
        dataset["status"] = "queued"
        dataset["pending"] = (args["action"], self.processing_polls)
        return Response(200, {"detail": "ok"})

    def _page(self, items: list[dict[str, Any]], request: Request) -> Response:
        limit = int(request.query.get("limit", 20))
        offset = int(request.query.get("offset", 0))
        page = items[offset : offset + limit]
        following = None
        if offset + limit < len(items):
            following = f"{self.url}{request.path}?limit={limit}&offset={offset + limit}"
        return Response(200, {"total_count": len(items), "next": following, "previous": None,
                              "results": copy.deepcopy(page)})  # fmt: skip

    # -- metadata templates ----------------------------------------------------------------
    def _template_fields(self, name: str) -> list[dict[str, Any]]:
        fields = []
        for field, kind in self.templates[name]["fields"].items():
            spec: dict[str, Any] = {"name": field, "type": kind, "label": field, "choices": None,
                                    "labels": None, "requirement_level": "optional"}  # fmt: skip
            if (name, field) == ("default", "language"):
                spec["choices"] = LANGUAGES
            if (name, field) == ("internal", "theme_id") and self.theme_choices:
                spec["choices"] = list(THEMES)
                spec["labels"] = {k: {"fr": v} for k, v in THEMES.items()}
            fields.append(spec)
        return fields

    def _templates(self, args: dict[str, str], request: Request) -> Response:
        name = args.get("template")
        if name is None:
            listed = [{"name": n, "title": n, "type": t["type"], "is_active": t["is_active"]}
                      for n, t in self.templates.items()
                      if request.query.get("type", t["type"]) == t["type"]]  # fmt: skip
            return self._page(listed, request)
        if name not in self.templates:
            return _error(404, "not_found", "Not found.")
        if "field" in args:
            if args["field"] not in self.templates[name]["fields"]:
                return _error(404, "not_found", "Not found.")
            values = {"license_id": LICENCES, "theme_id": THEMES}.get(args["field"], {})
            count = request.query.get("count", "10")
            if not count.isdigit():
                return _invalid("count", "A valid number is required.")
            if self.suggest_folds:  # "most likely … a prefix" (§9.3.1): of the label or a part
                query = fold(request.query["query"]).strip()
                hits = [{"value": k, "label": v} for k, v in values.items()
                        if fold(v).startswith(query)
                        or any(part.strip().startswith(query) for part in fold(v).split(","))]  # fmt: skip
            else:  # a literal prefix of the whole label
                hits = [{"value": k, "label": v} for k, v in values.items()
                        if v.startswith(request.query["query"])]  # fmt: skip
            return Response(200, {"hits": hits[: int(count)], "nb_hits": len(hits),
                                  "query": request.query["query"]})  # fmt: skip
        if request.path.endswith("/fields/"):
            return self._page(self._template_fields(name), request)
        return Response(200, {"name": name, **self.templates[name],
                              "schema": self._template_fields(name)})  # fmt: skip

    def _check_field(self, template: str, field: str, value: Any) -> Response | None:
        where = f"{template}.{field}"
        spec = self.templates.get(template)
        if spec is None or not spec["is_active"] or field not in spec["fields"]:
            return _invalid(where, "Unknown metadata field.")
        kind = spec["fields"][field]
        if kind == "enum":
            if value not in LANGUAGES:
                return _invalid(where, "Not a valid choice.")
        elif not _typed(kind, value):
            return _invalid(where, f"Expected a value of type {kind}.")
        if where == "internal.license_id" and value not in LICENCES:
            return _invalid(where, "Unknown licence.")
        if where == "internal.theme_id" and not set(value) <= set(THEMES):
            return _invalid(where, "Unknown theme.")
        return None

    def _metadata_field(
        self, dataset: dict[str, Any], template: str, field: str, request: Request
    ) -> Response:
        current = dataset["metadata"].get(template, {}).get(field)
        if request.method == "GET":
            return Response(200, current) if current else _error(404, "not_found", "Not found.")
        if request.method == "DELETE":
            dataset["metadata"].get(template, {}).pop(field, None)
            return Response(204)
        body = request.json()
        if not isinstance(body, dict) or set(body) - {"value", "override_remote_value"}:
            return _invalid("body", "Expected {'value': …}.")
        error = self._check_field(template, field, body.get("value"))
        if error:
            return error
        dataset["metadata"].setdefault(template, {})[field] = {"value": body["value"]}
        return Response(200, {"value": body["value"]})

    # -- datasets --------------------------------------------------------------------------
    def _new_dataset(self, dataset_id: str, metadata: dict[str, Any]) -> str:
        uid = "da_" + uuid.uuid4().hex[:6]
        self.datasets[uid] = {
            "uid": uid, "dataset_id": dataset_id, "is_published": False, "is_restricted": True,
            "status": "idle", "metadata": copy.deepcopy(metadata), "resources": {},
            "fields": {}, "snapshot": None, "pending": None, "records_errors": [],
            "message": None, "realtime": None,
        }  # fmt: skip
        return uid

    def _check_metadata(self, metadata: dict[str, Any]) -> Response | None:
        """Every field of every template documented, each as `{"value": …}` (§3.4, §9.3.2)."""
        for template, fields in metadata.items():
            for field, spec in fields.items():
                if not isinstance(spec, dict) or set(spec) - {"value", "override_remote_value"}:
                    return _invalid(f"{template}.{field}", "Expected {'value': …}.")
                error = self._check_field(template, field, spec.get("value"))
                if error:
                    return error
        return None

    def _create(self, body: Any) -> Response:
        if not isinstance(body, dict):
            return _invalid("body", "Expected an object.")
        unknown = set(body) - {"dataset_id", "is_restricted", "metadata", "default_security"}
        if unknown:
            return _invalid(sorted(unknown)[0], "Unknown field.")
        metadata = body.get("metadata") or {}
        default = metadata.get("default") or {}
        missing = [f for f in ("title", "modified", "language") if f not in default]
        if missing:
            return _error(400, "validation_error", "Invalid metadata.",
                          {f"metadata.default.{f}": ["This field is required."] for f in missing})  # fmt: skip
        dataset_id = str(body.get("dataset_id", ""))
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", dataset_id):
            return _invalid("dataset_id", "Invalid identifier.")
        if any(d["dataset_id"] == dataset_id for d in self.datasets.values()):
            return _invalid("dataset_id", "A dataset with this dataset_id already exists.")
        error = self._check_metadata(metadata)
        if error:
            return error
        uid = self._new_dataset(dataset_id, metadata)
        self.datasets[uid]["is_restricted"] = bool(body.get("is_restricted", True))
        return Response(201, self._public(self.datasets[uid]))

    def _dataset(self, dataset: dict[str, Any], request: Request) -> Response:
        if request.method == "GET":
            return Response(200, self._public(dataset))
        if request.method == "DELETE":
            del self.datasets[dataset["uid"]]
            return Response(204)
        body = request.json()
        known = {"uid", "dataset_id", "created_at", "updated_at", "is_published", "is_restricted",
                 "metadata", "default_security"}  # fmt: skip
        if not isinstance(body, dict) or set(body) - known:
            return _invalid(sorted(set(body) - known)[0], "Unknown field.")
        if (
            body.get("dataset_id", dataset["dataset_id"]) != dataset["dataset_id"]
            and dataset["is_published"]
        ):
            return _invalid("dataset_id", "Cannot change the identifier of a published dataset.")
        if "metadata" in body:  # the PUT replaces the whole metadata (§3.3)
            error = self._check_metadata(body["metadata"] or {})
            if error:
                return error
            dataset["metadata"] = copy.deepcopy(body["metadata"] or {})
        dataset["is_restricted"] = bool(body.get("is_restricted", dataset["is_restricted"]))
        return Response(200, self._public(dataset))

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

    def _resources(
        self, dataset: dict[str, Any], resource_uid: str | None, request: Request
    ) -> Response:
        if resource_uid is not None and resource_uid not in dataset["resources"]:
            return _error(404, "not_found", "Not found.")
        if request.method == "GET":
            if resource_uid:
                return Response(200, copy.deepcopy(dataset["resources"][resource_uid]))
            return self._page(list(dataset["resources"].values()), request)
        if request.method == "DELETE":
            del dataset["resources"][resource_uid]
            return Response(204)
        body = request.json()
        unknown = set(body) - {"uid", "type", "title", "params", "datasource"}
        if unknown:
            return _invalid(sorted(unknown)[0], "Unknown field.")
        if body.get("type") not in {"csvfile", "jsonfile", "xlsfile", "geojson"} or not body.get(
            "title"
        ):
            return _invalid("type", "Unknown extractor or missing title.")
        source = body.get("datasource") or {}
        file_uid = (source.get("file") or {}).get("uid")
        if source.get("type") != "uploaded_file" or file_uid not in self.files:
            return _invalid("datasource", "Unknown file uid.")
        uid = resource_uid or "re_" + uuid.uuid4().hex[:6]
        dataset["resources"][uid] = {**copy.deepcopy(body), "uid": uid}
        return Response(200 if resource_uid else 201, dataset["resources"][uid])

    # -- field configurations --------------------------------------------------------------
    def source_fields(self, dataset: dict[str, Any]) -> list[str]:
        """Technical names the resources give (CSV header, or the realtime bootstrap)."""
        if dataset["realtime"]:
            return list(dataset["realtime"]["fields"])
        names: list[str] = []
        for resource in dataset["resources"].values():
            content = self.files[resource["datasource"]["file"]["uid"]][1]
            header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))), [])
            names += [_field_name(h) for h in header]
        return names

    def _check_config(self, dataset: dict[str, Any], body: Any) -> Response | None:
        if not isinstance(body, dict):
            return _invalid("body", "Expected an object.")
        kind = body.get("type")
        if kind not in CONFIGS:
            return _invalid("type", "Unknown field configuration type.")
        if not isinstance(body.get("label"), str) or not body["label"]:
            return _invalid("label", "This field is required.")
        required, optional = CONFIGS[kind]
        missing = required - set(body)
        if missing:
            return _invalid(sorted(missing)[0], "This field is required.")
        unknown = set(body) - required - optional - {"type", "label", "uid"}
        if unknown:
            return _invalid(sorted(unknown)[0], "Unknown field.")
        if kind == "type" and body["type_param"] not in TYPE_PARAMS:
            return _invalid("type_param", "Not a valid choice.")
        annotations = ANNOTATIONS | ({"facet"} if self.accept_facets else set())
        if kind == "annotate" and body["annotation"] not in annotations:
            return _invalid("annotation", "Not a valid choice.")
        if kind == "rename" and not all(
            isinstance(body[k], str) and body[k] for k in ("from_name", "to_name", "field_label")
        ):
            return _invalid("field_label", "This field may not be blank.")
        field = body.get("field") or body.get("from_name")
        if field is not None and field not in self.source_fields(dataset):
            return _invalid("field", f"Unknown field '{field}'.")
        return None

    def _fields(
        self, dataset: dict[str, Any], config_uid: str | None, request: Request
    ) -> Response:
        configs: dict[str, dict[str, Any]] = dataset["fields"]
        if config_uid is not None and config_uid not in configs:
            return _error(404, "not_found", "Not found.")
        if request.method == "GET":
            if config_uid:
                return Response(200, copy.deepcopy(configs[config_uid]))
            return self._page(list(configs.values()), request)
        if request.method == "DELETE":
            del configs[config_uid]
            return Response(204)
        body = request.json()
        error = self._check_config(dataset, body)
        if error:
            return error
        uid = config_uid or "pr_" + uuid.uuid4().hex[:6]
        configs[uid] = {**{k: v for k, v in body.items() if k != "uid"}, "uid": uid}
        return Response(200 if config_uid else 201, copy.deepcopy(configs[uid]))

    # -- publish state machine -------------------------------------------------------------
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

    def _schema(self, dataset: dict[str, Any]) -> list[dict[str, Any]]:
        """Explore `fields`: the source fields with the field configurations applied."""
        fields = {n: {"name": n, "label": n, "type": "text", "description": None,
                      "annotations": {}} for n in self.source_fields(dataset)}  # fmt: skip
        for config in dataset["fields"].values():
            target = fields.get(config.get("field") or config.get("from_name") or "")
            if target is None:
                continue
            if config["type"] == "type":
                target["type"] = config["type_param"]
            elif config["type"] == "rename":
                target["label"] = config["field_label"]
            elif config["type"] == "description":
                target["description"] = config["description"]
            elif config["type"] == "annotate":
                target["annotations"][config["annotation"]] = config.get("args") or []
        return list(fields.values())

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
            snapshot["fields"] = self._schema(dataset)
            if dataset["realtime"]:
                kept = snapshot.get("records") if self.republish_keeps_records else None
                snapshot["records"] = dict(kept or {})
                snapshot["key"] = [
                    f["name"] for f in snapshot["fields"] if "id" in f["annotations"]
                ]
            else:
                rows: list[list[str]] = []
                for resource in dataset["resources"].values():
                    content = self.files[resource["datasource"]["file"]["uid"]][1]
                    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
                snapshot["rows"] = rows
            dataset["is_published"] = True
        dataset["snapshot"] = snapshot

    @staticmethod
    def _public(dataset: dict[str, Any]) -> dict[str, Any]:
        keys = ("uid", "dataset_id", "is_published", "is_restricted", "metadata")
        return {k: copy.deepcopy(dataset[k]) for k in keys}

    # -- realtime push (§9.1.2) ------------------------------------------------------------
    def _push(self, path: str, request: Request) -> Response:
        match = re.fullmatch(r"/([\w-]+)/([\w-]+)/(push|delete)/", path)
        if match is None:
            return Response(404, "<html>Not found</html>")
        if request.method != "POST":
            return Response(405, {"status": "error", "message": "Method not allowed"})
        if set(request.query) - {"pushkey", "apikey"}:
            return Response(400, {"status": "error", "message": "Unknown parameter"})
        found = [d for d in self.datasets.values()
                 if d["dataset_id"] == match.group(1) and d["realtime"]
                 and d["realtime"]["resource"] == match.group(2)]  # fmt: skip
        if not found:
            return Response(404, {"status": "error", "message": "Unknown realtime source"})
        dataset = found[0]
        if request.query.get("pushkey") != dataset["realtime"]["key"]:
            return Response(401, {"status": "error", "message": "Invalid push key"})
        if len(request.body) > PUSH_LIMIT:
            return Response(400, {"status": "error", "message": "Payload over 5 MB: split it"})
        if not dataset["is_published"] or dataset["snapshot"] is None:
            return Response(400, {"status": "error", "message": "Dataset is not published"})
        try:
            body = json.loads(request.body.decode("utf-8"))
        except ValueError:
            return Response(400, {"status": "error", "message": "Invalid JSON"})
        records = body if isinstance(body, list) else [body]
        fields = set(dataset["realtime"]["fields"])
        for record in records:
            if not isinstance(record, dict) or not record:
                return Response(400, {"status": "error", "message": "Expected JSON objects"})
            if set(record) - fields:
                bad = sorted(set(record) - fields)[0]
                return Response(400, {"status": "error", "message": f"Unknown field {bad}"})
        held: dict[str, dict[str, Any]] = dataset["snapshot"]["records"]
        key = dataset["snapshot"]["key"] or sorted(fields)
        for record in records:
            ident = json.dumps([record.get(k) for k in key])
            if match.group(3) == "push":
                held[ident] = dict(record)
            else:
                held.pop(ident, None)
        return Response(200, {"status": self.push_status})

    # -- Explore v2.1 (published snapshot only, anonymous) ---------------------------------
    def _explore(self, path: str, request: Request) -> Response:
        if set(request.query) - EXPLORE_PARAMS:
            return Response(400, {"error_code": "InvalidRESTParameterError",
                                  "message": "Unknown parameter"})  # fmt: skip
        match = re.fullmatch(r"/catalog/datasets/([\w-]+)(/.*)?", path)
        found = [d for d in self.datasets.values() if match and d["dataset_id"] == match.group(1)]
        if not found or not found[0]["is_published"] or found[0]["snapshot"] is None:
            return Response(404, {"error_code": "NotFound", "message": "Unknown dataset"})
        dataset = found[0]
        if dataset["is_restricted"]:
            return Response(401, {"error_code": "Unauthorized", "message": "Restricted dataset"})
        snap = dataset["snapshot"]
        fields = snap.get("fields", [])
        names = [f["name"] for f in fields]
        if dataset["realtime"]:
            rows = [[r.get(n) for n in names] for r in snap.get("records", {}).values()]
        else:
            rows = snap.get("rows", [])
        sub = match.group(2) if match else None
        if not sub:
            meta = snap["metadata"]
            default = {k: v.get("value") for k, v in (meta.get("default") or {}).items()}
            internal = meta.get("internal") or {}
            licence = (internal.get("license_id") or {}).get("value")
            themes = (internal.get("theme_id") or {}).get("value") or []
            default.update(license=LICENCES.get(licence), records_count=len(rows),
                           theme=[THEMES[t] for t in themes])  # fmt: skip
            dcat = {k: v.get("value") for k, v in (meta.get("dcat") or {}).items()}
            return Response(200, {"dataset_id": dataset["dataset_id"], "dataset_uid": dataset["uid"],
                                  "has_records": bool(rows), "fields": copy.deepcopy(fields),
                                  "metas": {"default": default, "dcat": dcat}})  # fmt: skip
        if sub == "/records":
            limit, offset = int(request.query.get("limit", 10)), int(request.query.get("offset", 0))
            if limit > 100 or offset + limit > 10000:
                return Response(400, {"error_code": "InvalidRESTParameterError",
                                      "message": "Invalid value for limit"})  # fmt: skip
            page = [dict(zip(names, r, strict=False)) for r in rows[offset : offset + limit]]
            return Response(200, {"total_count": len(rows), "results": page})
        if sub == "/exports/csv":
            out = io.StringIO()
            writer = csv.writer(out, delimiter=";")
            writer.writerow(names)
            writer.writerows(rows)
            return Response(200, ("\ufeff" + out.getvalue()).encode("utf-8"),
                            {"Content-Type": "text/csv; charset=utf-8"})  # fmt: skip
        return Response(404, {"error_code": "NotFound", "message": "Unknown endpoint"})
