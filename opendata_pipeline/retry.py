"""One retry policy for every HTTP call, to the sources and to the portals.

Bounded attempts, exponential backoff with full jitter, the server's `Retry-After` honoured; the
sleep is injectable (tests record the waits instead of sleeping). Idempotent reads (GET, HEAD)
are retried inside urllib3 (`Retry` mounted on the session's adapters, `RetryPolicy.mount`);
writes go through `send_with_retries`, told by the caller whether they may be repeated.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)
# Too many requests, and the server-side errors that pass (5xx but 501 Not Implemented).
RETRY_STATUSES = frozenset({429, 500, *range(502, 600)})
# Answers that prove the server did not act on the request: safe to repeat even a create.
NOT_PROCESSED = frozenset({429, 503})
READS = frozenset({"GET", "HEAD"})


def retry_after_seconds(value: str | None) -> float | None:
    """`Retry-After` as seconds (delta-seconds or HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:  # "-0000": UTC, with the source's zone unknown
            when = when.replace(tzinfo=UTC)
        return max(0.0, when.timestamp() - time.time())


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts, backoff and timeouts of one client.

    A `Retry-After` is waited for; beyond `max_retry_after_s` the client gives up at once, or,
    when that is None, waits `max_backoff_s` and tries again.
    """

    attempts: int = 4
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    max_retry_after_s: float | None = None
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    @property
    def timeout(self) -> tuple[float, float]:
        return self.connect_timeout_s, self.read_timeout_s

    def delay(self, attempt: int, retry_after: float | None) -> float | None:
        """The wait after failed attempt `attempt` (1-based); None: do not retry."""
        if retry_after is not None:
            if self.max_retry_after_s is None:
                return min(retry_after, self.max_backoff_s)
            return retry_after if retry_after <= self.max_retry_after_s else None
        return random.uniform(0, min(self.max_backoff_s, self.backoff_s * 2 ** (attempt - 1)))

    def waits_too_long(self, response: Any) -> bool:
        """The server asks to wait longer than this policy allows."""
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        return retry_after is not None and self.delay(1, retry_after) is None

    def mount(self, session: requests.Session) -> None:
        """Retry the session's reads (GET, HEAD) in urllib3: errors, timeouts, `RETRY_STATUSES`.

        When the retries are spent the last answer is returned (`attempts_of` counts them); an
        error is raised as `requests` does.
        """
        from requests.adapters import HTTPAdapter

        retry = _urllib3_retry()(
            total=self.attempts - 1,
            allowed_methods=READS,
            status_forcelist=RETRY_STATUSES,
            raise_on_status=False,
        )
        retry.policy = self
        logging.getLogger("urllib3.connectionpool").addFilter(_NO_QUERY)
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("http://", adapter)
        session.mount("https://", adapter)


class _NoQuery(logging.Filter):
    """urllib3 logs the path of each retried request: its query may hold a key."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                a.split("?", 1)[0] if isinstance(a, str) else a for a in record.args
            )
        return True


_NO_QUERY = _NoQuery()


def attempts_of(response: requests.Response) -> int:
    """How many attempts the mounted retry made to get `response`."""
    retries = getattr(response.raw, "retries", None)
    return len(retries.history) + 1 if retries is not None else 1


def timed_out(error: Exception) -> bool:
    """A timeout, also when urllib3 gave up after retrying one (requests says ConnectionError)."""
    import requests
    from urllib3.exceptions import NewConnectionError
    from urllib3.exceptions import TimeoutError as Urllib3Timeout

    reason = getattr(error.args[0], "reason", None) if error.args else None
    refused = isinstance(reason, NewConnectionError)  # a TimeoutError subclass in urllib3 2
    return isinstance(error, requests.Timeout) or (
        isinstance(reason, Urllib3Timeout) and not refused
    )


def send_with_retries(
    policy: RetryPolicy, send: Callable[[], requests.Response], *, idempotent: bool
) -> tuple[requests.Response, int]:
    """Send a write until it gets an answer that is not to be retried: the answer and the
    number of attempts (the last answer when they are spent).

    An idempotent write is repeated on timeouts, connection errors and `RETRY_STATUSES`; any
    other only on answers proving nothing was done (`NOT_PROCESSED`). The last error is raised.
    """
    import requests

    statuses = RETRY_STATUSES if idempotent else NOT_PROCESSED
    for attempt in range(1, policy.attempts + 1):
        try:
            response = send()
        except (requests.Timeout, requests.ConnectionError):
            if not idempotent or attempt == policy.attempts:
                raise
            policy.sleep(policy.delay(attempt, None) or 0.0)
            continue
        if response.status_code not in statuses or attempt == policy.attempts:
            return response, attempt
        wait = policy.delay(attempt, retry_after_seconds(response.headers.get("Retry-After")))
        if wait is None:
            return response, attempt
        log.info("HTTP %s: retry in %.1fs", response.status_code, wait)
        policy.sleep(wait)
    raise AssertionError("unreachable")


@functools.cache
def _urllib3_retry() -> type[Any]:
    """urllib3's `Retry` with this policy's waits and its injectable sleep (built on first use:
    a local source needs no `requests`)."""
    from urllib3.exceptions import MaxRetryError, ResponseError
    from urllib3.util.retry import Retry

    class PolicyRetry(Retry):
        policy: RetryPolicy

        def new(self, **kw: Any) -> PolicyRetry:
            retry = super().new(**kw)
            retry.policy = self.policy
            return retry

        def increment(
            self,
            method: str | None = None,
            url: str | None = None,
            response: Any = None,
            error: Exception | None = None,
            _pool: Any = None,
            _stacktrace: Any = None,
        ) -> PolicyRetry:
            retry = self
            if method is not None and not self._is_method_retryable(method):
                # a write: `send_with_retries` decides; here it is sent once, as requests does
                retry = self.new(total=0, read=False)
            elif response is not None and self.policy.waits_too_long(response):
                raise MaxRetryError(_pool, url, ResponseError("Retry-After too long"))
            return super(PolicyRetry, retry).increment(
                method, url, response, error, _pool, _stacktrace
            )

        def sleep(self, response: Any = None) -> None:
            header = response.headers.get("Retry-After") if response is not None else None
            wait = self.policy.delay(len(self.history), retry_after_seconds(header))
            self.policy.sleep(wait or 0.0)

    return PolicyRetry
