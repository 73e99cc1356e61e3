"""Fake CKAN 2.11 action API (portal-apis.md §1, §6.2): envelopes, 403/404/409, uploads."""

from __future__ import annotations

import copy
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from opendata_pipeline_tests.publish.fakes.harness import FakePortal, Request, Response

NAME = re.compile(r"^[a-z0-9_-]{2,100}$")
TAG = re.compile(r"^[\w .-]{2,100}$")
CORE_FIELDS = {"name", "title", "notes", "owner_org", "private", "license_id", "tags", "extras",
               "resources", "groups", "url", "version", "author", "author_email", "maintainer",
               "maintainer_email", "state", "type", "id"}  # fmt: skip
GET_ACTIONS = {"status_show", "package_show", "package_search", "license_list", "organization_show"}
WRITE_ACTIONS = {"package_create", "package_update", "package_patch", "resource_create",
                 "resource_patch"}  # fmt: skip
LICENCES = [
    {"id": "lov2", "title": "Licence Ouverte / Open Licence version 2.0",
     "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"},
    {"id": "odc-odbl", "title": "Open Data Commons Open Database License (ODbL)",
     "url": "http://www.opendefinition.org/licenses/odc-odbl"},
    {"id": "cc-by", "title": "Creative Commons Attribution", "url": ""},
]  # fmt: skip


class _ActionError(Exception):
    def __init__(self, status: int, error: dict[str, Any]) -> None:
        self.status = status
        self.error = error


def _validation(**fields: list[str]) -> _ActionError:
    return _ActionError(409, {"__type": "Validation Error", **fields})


class FakeCkan(FakePortal):
    """In-memory CKAN: one organisation, one editor token, core schema rules."""

    def __init__(self, token: str = "tok-editor", organization: str = "montpellier-3m") -> None:
        super().__init__()
        self.tokens = {token: "editor"}
        self.org_id = str(uuid.uuid4())
        self.orgs = {self.org_id: organization}
        self.packages: dict[str, dict[str, Any]] = {}
        self.blobs: dict[str, bytes] = {}
        self.max_resource_size = 10 * 1024**2
        self.uploads_enabled = True
        self.strict_licences = False

    # -- HTTP ------------------------------------------------------------------------------
    def route(self, request: Request) -> Response:
        match = re.fullmatch(r"/api/(?:3/)?action/(\w+)", request.path)
        if match is None:
            download = re.fullmatch(r"/dataset/[^/]+/resource/([^/]+)/download/[^/]+", request.path)
            if download and download.group(1) in self.blobs:
                return Response(200, self.blobs[download.group(1)])
            return Response(404, "<html>Not Found</html>")
        action = match.group(1)
        if action not in GET_ACTIONS | WRITE_ACTIONS:
            return Response(400, f"Bad request - Action name not known: {action}")
        if request.method == "GET" and action in WRITE_ACTIONS:
            return Response(
                400, "JSON Error: Invalid request. Please use POST method for your request"
            )
        try:
            data, files = self._data(request)
        except ValueError:
            return Response(400, "JSON Error: Could not parse request body")
        user = self.tokens.get(request.header("authorization") or "")
        help_url = f"{self.url}/api/3/action/help_show?name={action}"
        try:
            result = getattr(self, f"_{action}")(data, files, user)
        except _ActionError as exc:
            return Response(exc.status, {"help": help_url, "success": False, "error": exc.error})
        return Response(200, {"help": help_url, "success": True, "result": result})

    @staticmethod
    def _data(request: Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        if request.method == "GET":
            return dict(request.query), {}
        if request.is_multipart:
            return request.form()
        data = request.json() if request.body else {}
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data, {}

    # -- helpers ---------------------------------------------------------------------------
    def _now(self) -> str:
        return datetime.now(UTC).replace(tzinfo=None).isoformat()

    def _find(self, ident: str) -> dict[str, Any]:
        for package in self.packages.values():
            if ident in (package["id"], package["name"]) and package["state"] == "active":
                return package
        raise _ActionError(404, {"__type": "Not Found Error", "message": "Not found"})

    @staticmethod
    def _auth(user: str | None, what: str) -> None:
        if user is None:
            raise _ActionError(
                403, {"__type": "Authorization Error", "message": f"Access denied: {what}"}
            )

    def _validate(self, pkg: dict[str, Any], *, creating: bool) -> None:
        errors: dict[str, list[str]] = {}
        name = str(pkg.get("name", ""))
        if not NAME.match(name) or name in {"new", "edit", "search"}:
            errors["name"] = [
                "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"
            ]
        elif any(
            p["name"] == name and p["state"] == "active" and p["id"] != pkg.get("id")
            for p in self.packages.values()
        ):
            errors["name"] = ["That URL is already in use."]
        bad_tags = [t for t in pkg.get("tags", []) if not TAG.match(str(t.get("name", "")))]
        if bad_tags:
            errors["tags"] = [
                "Tag may only contain alphanumeric characters, spaces and the symbols -_."
            ]
        keys = [str(e.get("key", "")) for e in pkg.get("extras", [])]
        if any(not k for k in keys) or len(set(keys)) != len(keys):
            errors["extras"] = ["Extras keys must be non-empty and unique"]
        elif set(keys) & CORE_FIELDS:
            errors["extras"] = ["There is a schema field with the same name"]
        known = {lic["id"] for lic in LICENCES}
        if self.strict_licences and pkg.get("license_id") not in known:
            errors["license_id"] = ["License not found"]
        if errors:
            raise _validation(**errors)

    def _org(self, value: Any) -> str:
        for org_id, name in self.orgs.items():
            if value in (org_id, name):
                return org_id
        raise _ActionError(
            403,
            {"__type": "Authorization Error",
             "message": "Access denied: User editor not authorized to add dataset to this organization"},
        )  # fmt: skip

    # -- actions ---------------------------------------------------------------------------
    def _status_show(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        return {"ckan_version": "2.11.3", "site_url": self.url, "extensions": []}

    def _license_list(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        return LICENCES

    def _package_show(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        package = self._find(str(data.get("id", "")))
        if package["private"] and user is None:
            self._auth(None, "not authorized to read package")
        return self._dictize(package)

    def _package_search(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        rows = min(int(data.get("rows", 10)), 1000)
        include_private = str(data.get("include_private", "false")).lower() == "true"
        results = [p for p in self.packages.values() if p["state"] == "active"]
        if not (include_private and user):
            results = [p for p in results if not p["private"]]
        fq = str(data.get("fq", ""))
        wanted = re.fullmatch(r'extras_(\w+):"(.*)"', fq)
        if wanted:
            key, value = wanted.groups()
            results = [
                p for p in results
                if any(e["key"] == key and e["value"] == value for e in p["extras"])
            ]  # fmt: skip
        return {"count": len(results), "results": [self._dictize(p) for p in results[:rows]]}

    def _package_create(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        self._auth(user, "not authorized to create packages")
        if "id" in data:
            raise _validation(id=["Only sysadmins may set the id"])
        owner = self._org(data.get("owner_org"))
        pkg = self._clean(data)
        self._validate(pkg, creating=True)
        pkg.update(id=str(uuid.uuid4()), owner_org=owner, state="active",
                   metadata_created=self._now(), metadata_modified=self._now())  # fmt: skip
        pkg["resources"] = []
        self.packages[pkg["id"]] = pkg
        return self._dictize(pkg)

    def _package_update(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        self._auth(user, "not authorized to edit package")
        current = self._find(str(data.get("id") or data.get("name", "")))
        pkg = self._clean(data)
        pkg.update(id=current["id"], owner_org=self._org(data.get("owner_org", current["owner_org"])),
                   state="active", metadata_created=current["metadata_created"],
                   metadata_modified=self._now())  # fmt: skip
        pkg.setdefault("name", current["name"])
        self._validate(pkg, creating=False)
        # CKAN: an omitted `resources` list deletes every resource.
        pkg["resources"] = [r for r in current["resources"] if r["id"] in
                            {x.get("id") for x in data.get("resources", [])}]  # fmt: skip
        self.packages[pkg["id"]] = pkg
        return self._dictize(pkg)

    def _package_patch(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        self._auth(user, "not authorized to edit package")
        current = self._dictize(self._find(str(data.get("id", ""))))
        merged = {**current, **data, "id": current["id"]}
        return self._package_update(merged, files, user)

    def _resource_create(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        self._auth(user, "not authorized to create resources")
        package = self._find(str(data.get("package_id", "")))
        resource = {k: v for k, v in data.items() if k not in {"package_id", "upload"}}
        resource["id"] = str(uuid.uuid4())
        self._store(package, resource, files)
        package["resources"].append(resource)
        package["metadata_modified"] = self._now()
        return copy.deepcopy(resource)

    def _resource_patch(self, data: dict[str, Any], files: Any, user: str | None) -> Any:
        self._auth(user, "not authorized to edit resources")
        for package in self.packages.values():
            for resource in package["resources"]:
                if resource["id"] == data.get("id"):
                    updated = {**resource, **{k: v for k, v in data.items() if k != "upload"}}
                    self._store(package, updated, files)
                    resource.clear()
                    resource.update(updated)
                    package["metadata_modified"] = self._now()
                    return copy.deepcopy(resource)
        raise _ActionError(404, {"__type": "Not Found Error", "message": "Not found: Resource"})

    def _store(self, package: dict[str, Any], resource: dict[str, Any], files: Any) -> None:
        if "upload" not in files:
            return
        filename, content = files["upload"]
        if len(content) > self.max_resource_size:
            raise _validation(upload=["File upload too large"])
        if not self.uploads_enabled:
            resource.setdefault("url", "")
            return
        self.blobs[resource["id"]] = content
        resource.update(
            url_type="upload",
            url=f"{self.url}/dataset/{package['id']}/resource/{resource['id']}/download/{filename}",
            size=len(content),
            last_modified=self._now(),
        )

    @staticmethod
    def _clean(data: dict[str, Any]) -> dict[str, Any]:
        pkg = {k: copy.deepcopy(v) for k, v in data.items() if k in CORE_FIELDS - {"resources"}}
        pkg.setdefault("private", False)
        pkg.setdefault("tags", [])
        pkg.setdefault("extras", [])
        return pkg

    @staticmethod
    def _dictize(package: dict[str, Any]) -> dict[str, Any]:
        return copy.deepcopy(package)
