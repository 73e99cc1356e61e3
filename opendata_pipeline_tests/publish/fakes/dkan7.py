"""Fake DKAN 7.x-1.18 (portal-apis.md §2.2-2.3, §6.3): Services REST writes, CKAN-like reads."""

from __future__ import annotations

import copy
import re
import uuid
from typing import Any

from opendata_pipeline_tests.publish.fakes.harness import FakePortal, Request, Response

LICENCES = {
    "etalab-2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
    "odc-odbl": "https://opendatacommons.org/licenses/odbl/1-0/",
    "cc-by": "https://creativecommons.org/licenses/by/4.0/",
    "notspecified": None,
}
FREQUENCIES = {
    "R/PT1S",
    "R/PT1H",
    "R/P1D",
    "R/P1W",
    "R/P1M",
    "R/P3M",
    "R/P6M",
    "R/P1Y",
    "irregular",
}
EXTENSIONS = {"csv", "geojson", "json", "zip", "xls", "xlsx", "pdf", "txt"}
SESSION_NAME = "SESSdkan"
# Fields of the DKAN 7 content types (§2.3, §9.4.1): anything else is refused.
NODE_FIELDS = {
    "dataset": {"type", "title", "body", "field_tags", "field_topic", "field_license",
                "field_frequency", "field_temporal_coverage", "field_spatial",
                "field_spatial_geographical_cover", "field_contact_name", "field_contact_email",
                "field_public_access_level", "field_language", "field_additional_info",
                "og_group_ref", "field_data_dictionary", "field_data_dictionary_type",
                "field_resources"},
    "resource": {"type", "title", "body", "field_dataset_ref", "field_format", "field_link_api",
                 "field_link_remote_file", "field_upload", "field_datastore_status"},
    "group": {"type", "title"},
}  # fmt: skip
READ_ONLY = {"nid", "uuid", "status", "alias"}
LIST_PARAMS = {"parameters[type]", "parameters[title]", "page", "pagesize"}


def _first(field: Any) -> Any:
    """Value of a Drupal field in `{"und": [{"value": v}]}` or `{"und": {"select": v}}` form."""
    und = (field or {}).get("und") if isinstance(field, dict) else None
    if isinstance(und, dict):
        return und.get("select")
    if isinstance(und, list) and und and isinstance(und[0], dict):
        return und[0].get("value")
    return None


class FakeDkan7(FakePortal):
    """In-memory Drupal nodes; one editor account; groups for the Métropole and a commune."""

    def __init__(self, username: str = "pipeline", password: str = "pw-secret") -> None:
        super().__init__()
        self.accounts = {username: password}
        self.sessions: dict[str, tuple[str, str]] = {}  # sessid -> (user, csrf token)
        self.nodes: dict[str, dict[str, Any]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.aliases: dict[str, str] = {}  # alias -> nid
        self.max_upload = 10 * 1024**2
        self.read_only_users: set[str] = set()  # logged in, but without the editor role
        self._next = 100
        for title in ("Montpellier Méditerranée Métropole", "Ville de Lattes"):
            self._save({"type": "group", "title": title})

    # -- store -----------------------------------------------------------------------------
    def _save(self, node: dict[str, Any]) -> dict[str, Any]:
        self._next += 1
        nid = str(self._next)
        node = {**copy.deepcopy(node), "nid": nid, "uuid": str(uuid.uuid4()), "status": "1"}
        self.nodes[nid] = node
        if node["type"] == "dataset":
            base = re.sub(r"[^a-z0-9]+", "-", node["title"].lower()).strip("-")
            alias, n = base, 0
            while alias in self.aliases:  # pathauto: no error, suffix from -0
                alias, n = f"{base}-{n}", n + 1
            self.aliases[alias] = nid
            node["alias"] = alias
        return node

    def expire_sessions(self) -> None:
        """Every session ends (Drupal's garbage collector): the cookie becomes anonymous."""
        self.sessions.clear()

    def rotate_tokens(self) -> None:
        """Sessions stay, their CSRF tokens change (a stale token is refused)."""
        for sessid, (user, _) in self.sessions.items():
            self.sessions[sessid] = (user, uuid.uuid4().hex)

    def _lookup(self, ident: str) -> dict[str, Any] | None:
        if ident in self.nodes:
            return self.nodes[ident]
        for node in self.nodes.values():
            if ident == node["uuid"] or ident == node.get("alias"):
                return node
        return None

    # -- HTTP ------------------------------------------------------------------------------
    def route(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/api/action/"):
            return Response(404, "<html>Page not found</html>")
        if path.startswith("/api/3/action/"):
            return self._ckan_read(path.rsplit("/", 1)[-1], request)
        if path.startswith("/sites/default/files/"):
            fid = path.split("/")[4]
            return (
                Response(200, self.files[fid][1]) if fid in self.files else Response(404, "<html/>")
            )
        if path == "/api/dataset/user/login" and request.method == "POST":
            return self._login(request)
        if not path.startswith("/api/dataset/node"):
            return Response(404, "<html>Page not found</html>")
        if request.method == "GET":
            return self._get(path, request)
        session = self._session(request)
        if isinstance(session, Response):
            return session
        match = re.fullmatch(r"/api/dataset/node/(\d+)/attach_file", path)
        if match and request.method == "POST":
            return self._attach(match.group(1), request)
        if path == "/api/dataset/node" and request.method == "POST":
            return self._create(request.json())
        match = re.fullmatch(r"/api/dataset/node/(\d+)", path)
        if match and request.method == "PUT":
            return self._update(match.group(1), request.json())
        return Response(404, ["Could not find the controller."])

    def _login(self, request: Request) -> Response:
        current = self._sessid(request)
        if current in self.sessions:
            return Response(406, [f"Already logged in as {self.sessions[current][0]}."])
        body = request.json()
        if self.accounts.get(body.get("username")) != body.get("password"):
            return Response(401, ["Wrong username or password."])
        sessid, token = uuid.uuid4().hex, uuid.uuid4().hex
        self.sessions[sessid] = (body["username"], token)
        user = {"uid": "7", "name": body["username"]}
        return Response(200, {"sessid": sessid, "session_name": SESSION_NAME, "token": token,
                              "user": user})  # fmt: skip

    @staticmethod
    def _sessid(request: Request) -> str | None:
        cookie = request.header("cookie") or ""
        pairs = dict(part.strip().split("=", 1) for part in cookie.split(";") if "=" in part)
        return pairs.get(SESSION_NAME)

    def _session(self, request: Request) -> Response | None:
        """Services session auth (§9.4.3): anonymous → 403, stale token → 401, no role → 403."""
        sessid = self._sessid(request)
        if sessid not in self.sessions:
            return Response(403, ["Access denied for user anonymous"])
        user, token = self.sessions[sessid]
        if request.header("x-csrf-token") != token:
            return Response(401, ["CSRF validation failed"])
        if user in self.read_only_users:
            return Response(403, [f"Access denied for user {user}"])
        return None

    def _get(self, path: str, request: Request) -> Response:
        """Read and list, with or without the `.json` suffix (§2.3 and §9.4.2 show both)."""
        path = path.removesuffix(".json")
        if path == "/api/dataset/node":
            unknown = sorted(k for k in set(request.query) - LIST_PARAMS if k.startswith("param"))
            if unknown:  # Services builds the index query from `parameters[…]`: no such field
                return Response(406, [f"Unknown parameter {unknown[0]}"])
            node_type = request.query.get("parameters[type]")
            title = request.query.get("parameters[title]")
            size = min(int(request.query.get("pagesize", 20)), 20)
            found = [
                {"nid": n["nid"], "uuid": n["uuid"], "type": n["type"], "title": n["title"],
                 "uri": f"{self.url}/api/dataset/node/{n['nid']}"}
                for n in self.nodes.values()
                if (node_type is None or n["type"] == node_type) and (title is None or n["title"] == title)
            ]  # fmt: skip
            return Response(200, found[:size])
        node = self.nodes.get(path.rsplit("/", 1)[-1])
        if node is None:
            return Response(404, ["Node not found"])
        return Response(200, copy.deepcopy(node))

    def _validate(self, node: dict[str, Any]) -> Response | None:
        unknown = set(node) - NODE_FIELDS.get(node.get("type", ""), set()) - READ_ONLY
        if unknown:
            return Response(406, [f"{sorted(unknown)[0]}: no such field on a {node.get('type')}"])
        dictionary = _first(node.get("field_data_dictionary"))
        if dictionary is not None and not re.fullmatch(r"https?://[^\s/]+/\S*", str(dictionary)):
            return Response(406, ["Data dictionary should be empty, a valid URL or redacted."])
        kind = _first(node.get("field_data_dictionary_type"))
        if kind is not None and len(str(kind)) > 255:
            return Response(406, ["field_data_dictionary_type: at most 255 characters"])
        if "field_license" in node and _first(node["field_license"]) not in LICENCES:
            return Response(406, ["field_license: An illegal choice has been detected."])
        if "field_frequency" in node and _first(node["field_frequency"]) not in FREQUENCIES:
            return Response(406, ["field_frequency: An illegal choice has been detected."])
        if not node.get("title"):
            return Response(406, ["Title field is required."])
        return None

    def _create(self, body: dict[str, Any]) -> Response:
        if body.get("type") not in {"dataset", "resource"}:
            return Response(406, ["Node type is required"])
        error = self._validate(body)
        if error:
            return error
        node = self._save(body)
        if node["type"] == "resource":
            ref = node["field_dataset_ref"]["und"][0]["target_id"]
            parent = self.nodes[str(ref)]
            parent.setdefault("field_resources", {"und": []})["und"].append(
                {"target_id": node["nid"]}
            )
        return Response(
            200, {"nid": node["nid"], "uri": f"{self.url}/api/dataset/node/{node['nid']}"}
        )

    def _update(self, nid: str, body: dict[str, Any]) -> Response:
        node = self.nodes.get(nid)
        if node is None:
            return Response(404, ["Node not found"])
        if "type" in body and body["type"] != node["type"]:
            return Response(406, ["Node type cannot be changed"])
        error = self._validate({**node, **body})
        if error:
            return error
        node.update(copy.deepcopy(body))
        return Response(200, {"nid": nid, "uri": f"{self.url}/api/dataset/node/{nid}"})

    def _attach(self, nid: str, request: Request) -> Response:
        node = self.nodes.get(nid)
        if node is None or node["type"] != "resource":
            return Response(404, ["Node not found"])
        fields, files = request.form()
        if fields.get("field_name") != "field_upload" or "files[1]" not in files:
            return Response(406, ["Missing field_name or file"])
        filename, content = files["files[1]"]
        extension = filename.rsplit(".", 1)[-1].lower()
        if extension not in EXTENSIONS:
            return Response(406, [f"The specified file {filename} could not be uploaded. Only "
                                  f"files with the following extensions are allowed: "
                                  f"{' '.join(sorted(EXTENSIONS))}"])  # fmt: skip
        if len(content) > self.max_upload:
            return Response(413, "<html>413 Request Entity Too Large</html>")
        if fields.get("attach") == "1" and node.get("field_upload"):
            return Response(406, ["File already attached (attach=1)"])
        self._next += 1
        fid = str(self._next)
        self.files[fid] = (filename, content)
        node["field_upload"] = {"und": [{"fid": fid, "filename": filename}]}
        return Response(200, [{"fid": fid, "uri": f"{self.url}/api/dataset/file/{fid}"}])

    # -- CKAN-compatible read side ---------------------------------------------------------
    def _ckan_read(self, action: str, request: Request) -> Response:
        help_url = f"{self.url}/api/3/action/help_show?name={action}"
        if action == "package_show":
            node = self._lookup(request.query.get("id", ""))
            if node is None or node["type"] != "dataset":
                return Response(404, {"help": help_url, "success": True,
                                      "error": {"__type": "Not Found Error", "message": "Not Found"}})  # fmt: skip
            return Response(
                200, {"help": help_url, "success": True, "result": [self._package(node)]}
            )
        if action == "package_list":
            names = [n["alias"] for n in self.nodes.values() if n["type"] == "dataset"]
            return Response(200, {"help": help_url, "success": True, "result": names})
        return Response(400, f"Bad request - Action name not known: {action}")

    def _package(self, node: dict[str, Any]) -> dict[str, Any]:
        resources = []
        for ref in (node.get("field_resources") or {}).get("und", []):
            res = self.nodes[str(ref["target_id"])]
            upload = (res.get("field_upload") or {}).get("und") or [{}]
            fid = upload[0].get("fid")
            url = f"{self.url}/sites/default/files/{fid}/{upload[0]['filename']}" if fid else ""
            resources.append({"id": res["uuid"], "name": res["title"], "url": url,
                              "format": _first(res.get("field_format"))})  # fmt: skip
        info = (node.get("field_additional_info") or {}).get("und", [])
        licence = LICENCES.get(_first(node.get("field_license")) or "")
        package = {
            "id": node["uuid"], "name": node["alias"], "title": node["title"],
            "notes": _first(node.get("body")), "license_id": "", "private": node["status"],
            "state": "Active", "type": "Dataset", "owner_org": "",
            "extras": [{"key": i["first"], "value": i["second"]} for i in info],
            "resources": resources,
        }  # fmt: skip
        if licence:
            package["license_title"] = licence
        return package
