"""OpenDataSoft Automation API v1.0 transport: auth, error mapping, pagination, the status machine.

Every path ends with a slash (§0.1.12); query parameters are only those the API documents.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from opendata_pipeline.publish.errors import (
    PortalAuthError,
    PortalProtocolError,
    PortalStateError,
    PortalUnavailable,
    PortalValidationError,
    UploadTooLarge,
)
from opendata_pipeline.publish.http import PortalHttp

AUTOMATION = "/api/automation/v1.0"
BUSY = {"queued", "processing", "aborting_processing", "saving_version", "deleting"}
FAILED = {"error", "limit_reached"}
PAGE = 100  # `limit` of paginated lists (the API allows 0-1000)


class InvalidStatus(Exception):
    """400 `invalid_dataset_status`: the dataset is not idle."""


def error_body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class OdsApi:
    """Calls to one domain's Automation API with one API key (never printed)."""

    def __init__(
        self,
        http: PortalHttp,
        api_key: str,
        *,
        key_variable: str,
        max_polls: int = 600,
        poll_s: tuple[float, float] = (2.0, 30.0),
    ) -> None:
        self.http = http
        self._api_key = api_key
        self.key_variable = key_variable
        self.max_polls = max_polls
        self.poll_s = poll_s

    def __repr__(self) -> str:
        return f"OdsApi({self.http.base_url!r})"

    @property
    def portal(self) -> str:
        return self.http.portal

    def call(
        self, method: str, path: str, *, ok: tuple[int, ...] = (200, 201), **kwargs: Any
    ) -> Any:
        """One request; a documented error answer becomes the matching `PublishError`."""
        headers = {"Authorization": f"apikey {self._api_key}"}
        response = self.http.request(method, f"{AUTOMATION}{path}", headers=headers, **kwargs)
        if response.status_code in ok:
            return response.json() if response.content else {}
        self.fail(response, f"{method} {path}")

    def fail(self, response: requests.Response, what: str) -> None:
        """Raise the error an Automation API answer means (portal-apis §3.8)."""
        status = response.status_code
        body = error_body(response)
        code = body.get("error_code") or body.get("errorcode")
        message = str(body.get("message") or body.get("error") or "")[:300]
        dataset = self.http.dataset
        if code == "invalid_dataset_status":
            raise InvalidStatus(message)
        if status in (401, 403):
            reason = "clé API refusée" if status == 401 else "droits insuffisants pour la clé API"
            raise PortalAuthError(
                self.portal, dataset, f"{what} : HTTP {status}, {reason} ({message}) ; "
                f"vérifiez {self.key_variable}"
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

    def paginate(self, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every `results` item of a paginated list, following the server's `next` links."""
        query: dict[str, Any] = {**(params or {}), "limit": PAGE}
        items: list[dict[str, Any]] = []
        for _ in range(10_000):
            page = self.call("GET", path, params=query)
            if isinstance(page, list):  # an unpaginated answer
                return [r for r in page if isinstance(r, dict)]
            items += [r for r in page.get("results") or [] if isinstance(r, dict)]
            following = page.get("next")
            if not following:
                return items
            query = dict(parse_qsl(urlsplit(str(following)).query))
        raise PortalProtocolError(self.portal, self.http.dataset, f"{path} : pagination sans fin")

    def mutate(self, method: str, path: str, uid: str, **kwargs: Any) -> Any:
        """A write that waits for `idle` and retries on `invalid_dataset_status` (§0.1.10)."""
        for _ in range(5):
            try:
                return self.call(method, path, **kwargs)
            except InvalidStatus:
                self.wait_idle(uid)
        raise PortalStateError(
            self.portal, self.http.dataset, f"{method} {path} : le jeu reste occupé"
        )

    def status(self, uid: str) -> dict[str, Any]:
        status = self.call("GET", f"/datasets/{uid}/status/")
        return status if isinstance(status, dict) else {}

    def wait_idle(self, uid: str, *, after_publish: bool = False) -> dict[str, Any]:
        """Poll `status/` with backoff until `idle`; an error end state is reported."""
        delay, ceiling = self.poll_s
        for _ in range(self.max_polls):
            status = self.status(uid)
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

    def publish(self, uid: str, action: str = "publish") -> None:
        """`publish/` or `publish_metadata/`, then wait for the processing to end."""
        self.mutate("POST", f"/datasets/{uid}/{action}/", uid)
        status = self.wait_idle(uid, after_publish=True)
        if action == "publish" and not status.get("is_published"):
            raise PortalStateError(
                self.portal, self.http.dataset, "jeu non publié après traitement"
            )
