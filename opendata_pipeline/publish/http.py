"""HTTP transport shared by the portal clients: timeouts, bounded retries, no secret in errors."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from opendata_pipeline.publish.errors import PortalUnavailable

log = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Answers that prove the server did not act on the request: safe to repeat even a create.
NOT_PROCESSED = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """Timeouts and backoff; `sleep` is injectable so tests can record the waits."""

    attempts: int = 4
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_backoff_s)
        base = min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s)
        return float(base * (0.5 + random.random() / 2))


def retry_after_seconds(value: str | None) -> float | None:
    """`Retry-After` as seconds (delta-seconds or HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


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
        self,
        method: str,
        path: str,
        *,
        idempotent: bool | None = None,
        retry_on: Collection[int] = RETRY_STATUSES,
        **kwargs: Any,
    ) -> requests.Response:
        """Send with bounded retries; return the last response (callers classify statuses).

        Idempotent requests (GET/PUT/DELETE by default) are retried on timeouts, connection
        errors and `retry_on` statuses; others only on answers proving nothing was done
        (429, 503). Raises `PortalUnavailable` when retries are exhausted or not allowed.
        """
        if idempotent is None:
            idempotent = method.upper() in {"GET", "HEAD", "PUT", "DELETE"}
        policy = self.policy
        kwargs.setdefault("timeout", (policy.connect_timeout_s, policy.read_timeout_s))
        kwargs.setdefault("allow_redirects", method.upper() == "GET")
        where = f"{method.upper()} {path.split('?')[0]}"
        for attempt in range(1, policy.attempts + 1):
            _rewind_files(kwargs.get("files"))
            try:
                response = self.session.request(method, self.url(path), **kwargs)
            except (requests.Timeout, requests.ConnectionError) as exc:
                kind = "délai dépassé" if isinstance(exc, requests.Timeout) else "connexion"
                if not idempotent or attempt == policy.attempts:
                    raise PortalUnavailable(
                        self.portal, self.dataset, f"{where} : {kind} (tentative {attempt})"
                    ) from None
                policy.sleep(policy.delay(attempt, None))
                continue
            status = response.status_code
            retryable = status in retry_on and (idempotent or status in NOT_PROCESSED)
            if not retryable:
                return response
            if attempt == policy.attempts:
                raise PortalUnavailable(
                    self.portal, self.dataset, f"{where} : HTTP {status} après {attempt} tentatives"
                )
            wait = policy.delay(attempt, retry_after_seconds(response.headers.get("Retry-After")))
            log.info("%s: %s answered %s, retry in %.1fs", self.portal, where, status, wait)
            policy.sleep(wait)
        raise AssertionError("unreachable")


def _rewind_files(files: Any) -> None:
    """Rewind file objects of a multipart body before a (re)send."""
    if not files:
        return
    values = files.values() if isinstance(files, dict) else [v for _, v in files]
    for value in values:
        handle = value[1] if isinstance(value, tuple) else value
        if hasattr(handle, "seek"):
            handle.seek(0)
