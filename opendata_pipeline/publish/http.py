"""HTTP transport shared by the portal clients: timeouts, bounded retries, no secret in errors."""

from __future__ import annotations

import logging
from typing import Any

import requests

from opendata_pipeline.publish.errors import PortalUnavailable
from opendata_pipeline.retry import (
    NOT_PROCESSED,
    READS,
    RETRY_STATUSES,
    RetryPolicy,
    attempts_of,
    retry_after_seconds,
    send_with_retries,
    timed_out,
)

__all__ = ["PortalHttp", "RetryPolicy", "retry_after_seconds"]
log = logging.getLogger(__name__)


class PortalHttp:
    """A `requests.Session` bound to one portal base URL."""

    def __init__(
        self,
        base_url: str,
        *,
        portal: str,
        policy: RetryPolicy | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.portal = portal
        self.policy = policy or RetryPolicy()
        self.session = requests.Session()
        self.policy.mount(self.session)
        self.session.headers["User-Agent"] = (
            "opendata-pipeline (Montpellier Mediterranee Metropole)"
        )
        self.session.headers.update(headers or {})
        self.dataset = "-"  # set by the client for error messages

    def __repr__(self) -> str:
        return f"PortalHttp(portal={self.portal!r}, base_url={self.base_url!r})"

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}/{path.lstrip('/')}"

    def request(
        self, method: str, path: str, *, idempotent: bool | None = None, **kwargs: Any
    ) -> requests.Response:
        """Send with the retry policy; return the last response (callers classify statuses).

        Reads are retried by the session (`RetryPolicy.mount`); writes by `send_with_retries`,
        idempotent ones (PUT/DELETE by default) on timeouts, connection errors and retryable
        statuses, others only on answers proving nothing was done (429, 503). Raises
        `PortalUnavailable` when retries are exhausted or not allowed.
        """
        verb = method.upper()
        if idempotent is None:
            idempotent = verb in {*READS, "PUT", "DELETE"}
        kwargs.setdefault("timeout", self.policy.timeout)
        kwargs.setdefault("allow_redirects", verb == "GET")
        where = f"{verb} {path.split('?')[0]}"

        def send() -> requests.Response:
            _rewind_files(kwargs.get("files"))
            return self.session.request(method, self.url(path), **kwargs)

        try:
            if verb in READS:
                response = send()
                attempts = attempts_of(response)
            else:
                response, attempts = send_with_retries(self.policy, send, idempotent=idempotent)
        except (requests.Timeout, requests.ConnectionError) as exc:
            kind = "délai dépassé" if timed_out(exc) else "connexion"
            tried = self.policy.attempts if idempotent else 1
            raise PortalUnavailable(
                self.portal, self.dataset, f"{where} : {kind} (tentative {tried})"
            ) from None
        status = response.status_code
        if status in (RETRY_STATUSES if idempotent else NOT_PROCESSED):
            raise PortalUnavailable(
                self.portal, self.dataset, f"{where} : HTTP {status} après {attempts} tentatives"
            )
        return response


def _rewind_files(files: Any) -> None:
    """Rewind file objects of a multipart body before a (re)send."""
    if not files:
        return
    values = files.values() if isinstance(files, dict) else [v for _, v in files]
    for value in values:
        handle = value[1] if isinstance(value, tuple) else value
        if hasattr(handle, "seek"):
            handle.seek(0)
