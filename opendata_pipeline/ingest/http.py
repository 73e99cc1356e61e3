"""Fetching sources over HTTP (and `file://` / local paths) with provenance.

One `requests.Session` per `HttpFetcher`; connect/read timeouts; the retry policy of
`opendata_pipeline.retry` (connection errors, timeouts, 429 honouring `Retry-After`, 5xx); a maximum
download size checked on `Content-Length` and enforced while streaming; the response content type
checked against the declared source kind; conditional GET (`If-None-Match` / `If-Modified-Since`)
from the previous manifest, and a content hash comparison for servers without validators: an
unchanged source raises `SourceUnchanged` and writes nothing. Bytes are written as fetched,
atomically. URLs in errors and manifests have credentials and secret query parameters masked.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import shutil
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from opendata_pipeline.errors import DatasetError, SourceUnchanged
from opendata_pipeline.retry import (
    RETRY_STATUSES,
    RetryPolicy,
    attempts_of,
    retry_after_seconds,
    timed_out,
)
from opendata_pipeline.storage.paths import atomic_path, sha256_file

if TYPE_CHECKING:
    import requests

CHUNK = 64 * 1024
SECRET_PARAMS = ("key", "token", "secret", "password", "passwd", "signature", "sig", "auth")
JSON_TYPES = (
    "application/json", "text/json", "application/ld+json", "application/geo+json",
    "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
)  # fmt: skip
XML_TYPES = ("application/xml", "text/xml")
CSV_TYPES = (
    "text/csv", "application/csv", "text/comma-separated-values", "application/x-csv",
    "text/tab-separated-values", "application/vnd.ms-excel",
)  # fmt: skip
GENERIC_TYPES = ("text/plain", "application/octet-stream", "binary/octet-stream")


def _user_agent() -> str:
    try:
        version = metadata.version("opendata-pipeline")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"opendata-pipeline/{version} (Montpellier Méditerranée Métropole open-data pipeline)"


def redact_url(url: str) -> str:
    """The URL without user info and with secret-looking query values masked."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    query = [
        (k, "***" if any(s in k.lower() for s in SECRET_PARAMS) else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe="*:/"), ""))


def content_type_allowed(content_type: str | None, kind: str) -> bool:
    """Whether a response media type fits the declared kind (`SourceKind.content_types`; `any`
    accepts everything but HTML)."""
    if not content_type:
        return True
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return False
    from opendata_pipeline.ingest.kinds import kinds

    declared = kinds().get(kind)
    if declared is None or not declared.content_types or media in GENERIC_TYPES:
        return True
    return any(fnmatchcase(media, pattern) for pattern in declared.content_types)


class FetchError(DatasetError):
    """A source could not be fetched; `status` is the HTTP status when there was one."""

    def __init__(self, dataset: str, reason: str, *, url: str, status: int | None = None) -> None:
        self.url = redact_url(url)
        self.status = status
        super().__init__(dataset, f"{reason} ({self.url})", file=None, location=None)


@dataclass(frozen=True)
class FetchResult:
    """What was fetched, for the raw snapshot's manifest."""

    url: str
    final_url: str
    status: int
    path: Path
    sha256: str
    size: int
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    content_length: int | None = None
    attempts: int = 1

    def to_manifest(self) -> dict[str, Any]:
        """JSON-ready dict (the path becomes the file name; `headers` repeats the validators)."""
        out = asdict(self)
        out["path"] = self.path.name
        out["headers"] = {
            "etag": self.etag,
            "last-modified": self.last_modified,
            "content-type": self.content_type,
            "content-length": self.content_length,
        }
        return out


#: Sources: five attempts, a `Retry-After` of up to five minutes waited for, 60 s read timeout.
SOURCES_POLICY = RetryPolicy(attempts=5, max_retry_after_s=300.0, read_timeout_s=60.0)


class HttpFetcher:
    """HTTP client for sources: one session, timeouts, retries, size limit, conditional GET."""

    def __init__(
        self,
        *,
        timeout_s: float | None = None,
        policy: RetryPolicy = SOURCES_POLICY,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """`timeout_s`: the source's read timeout, in place of the policy's."""
        self.headers = {"User-Agent": _user_agent(), **(headers or {})}
        self.policy = replace(policy, read_timeout_s=timeout_s) if timeout_s else policy

    @cached_property
    def session(self) -> requests.Session:
        """Created on the first request: a local file needs no `requests` (its import is slow)."""
        import requests

        session = requests.Session()
        session.headers.update(self.headers)
        self.policy.mount(session)
        return session

    def close(self) -> None:
        if "session" in self.__dict__:
            self.session.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        dest: Path,
        *,
        previous: Mapping[str, Any] | None = None,
        max_bytes: int,
        expected_kind: str,
        dataset: str = "?",
        params: Mapping[str, str | int] | None = None,
    ) -> FetchResult:
        """Download `url` to `dest` (bytes as fetched, written atomically).

        Raises `SourceUnchanged` on 304 or when the bytes hash like `previous["sha256"]`, and
        `FetchError` for anything else that goes wrong.
        """
        if params:
            url = _with_params(url, params)
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("", "file") or (len(scheme) == 1 and url[1:2] == ":"):
            return self._copy_local(url, dest, previous, max_bytes, dataset)
        if scheme not in ("http", "https"):
            raise FetchError(dataset, f"unsupported URL scheme '{scheme}'", url=url)
        headers: dict[str, str] = {}
        if etag := _previous_header(previous, "etag"):
            headers["If-None-Match"] = etag
        if last_modified := _previous_header(previous, "last-modified"):
            headers["If-Modified-Since"] = last_modified
        response, attempts = self._request(url, headers, dataset)
        with response:
            if response.status_code == 304:
                raise SourceUnchanged(f"{redact_url(url)}: not modified (HTTP 304)")
            _raise_for_status(response, url, dataset)
            ctype = response.headers.get("Content-Type")
            if not content_type_allowed(ctype, expected_kind):
                raise FetchError(
                    dataset,
                    f"content type '{ctype}' does not match the declared kind '{expected_kind}'",
                    url=url,
                    status=response.status_code,
                )
            length = _int_or_none(response.headers.get("Content-Length"))
            if length is not None and length > max_bytes:
                raise FetchError(
                    dataset,
                    f"declared size {length} bytes exceeds the maximum of {max_bytes} bytes",
                    url=url,
                    status=response.status_code,
                )
            digest, size = self._stream_to(response, dest, previous, max_bytes, url, dataset)
            return FetchResult(
                url=redact_url(url),
                final_url=redact_url(response.url),
                status=response.status_code,
                path=dest,
                sha256=digest,
                size=size,
                fetched_at=_now(),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                content_type=ctype,
                content_length=length,
                attempts=attempts,
            )

    def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        max_bytes: int = 64 * 1024**2,
        dataset: str = "?",
        accept_statuses: tuple[int, ...] = (),
    ) -> tuple[int, Any]:
        """GET a JSON API answer (not a raw snapshot): `(status, parsed body)`.

        Statuses in `accept_statuses` are returned instead of raising (DKAN answers 404 with a
        JSON envelope for unknown datasets).
        """
        import requests

        if params:
            url = _with_params(url, params)
        response, _ = self._request(url, {"Accept": "application/json"}, dataset)
        with response:
            if response.status_code not in accept_statuses:
                _raise_for_status(response, url, dataset)
            body = bytearray()
            try:
                for chunk in response.iter_content(CHUNK):
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise FetchError(
                            dataset, f"answer exceeds the maximum of {max_bytes} bytes", url=url
                        )
            except requests.RequestException:
                raise FetchError(dataset, "answer interrupted", url=url) from None
            try:
                return response.status_code, json.loads(bytes(body))
            except ValueError:
                raise FetchError(
                    dataset, "answer is not valid JSON", url=url, status=response.status_code
                ) from None

    def _request(
        self, url: str, headers: dict[str, str], dataset: str
    ) -> tuple[requests.Response, int]:
        """GET with the retry policy (in the session); spent retries become a `FetchError`."""
        import requests

        policy = self.policy
        try:
            response = self.session.get(
                url, headers=headers, timeout=policy.timeout, stream=True, allow_redirects=True
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            kind = "timed out" if timed_out(exc) else "connection failed"
            raise FetchError(dataset, f"{kind} after {policy.attempts} attempts", url=url) from None
        except requests.RequestException as exc:
            raise FetchError(dataset, f"request failed ({type(exc).__name__})", url=url) from None
        attempts, status = attempts_of(response), response.status_code
        if status not in RETRY_STATUSES:
            return response, attempts
        response.close()
        if attempts < policy.attempts and policy.waits_too_long(response):
            wait = retry_after_seconds(response.headers.get("Retry-After")) or 0
            raise FetchError(
                dataset,
                f"HTTP {status}: server asks to wait {wait:.0f} s "
                f"(more than the {policy.max_retry_after_s:.0f} s allowed)",
                url=url,
                status=status,
            )
        raise FetchError(
            dataset, f"HTTP {status} after {attempts} attempts", url=url, status=status
        )

    def _stream_to(
        self,
        response: requests.Response,
        dest: Path,
        previous: Mapping[str, Any] | None,
        max_bytes: int,
        url: str,
        dataset: str,
    ) -> tuple[str, int]:
        import requests

        digest = hashlib.sha256()
        size = 0
        with atomic_path(dest) as tmp:
            try:
                with tmp.open("wb") as out:
                    for chunk in response.iter_content(CHUNK):
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(
                                dataset,
                                f"body exceeds the maximum of {max_bytes} bytes",
                                url=url,
                                status=response.status_code,
                            )
                        digest.update(chunk)
                        out.write(chunk)
            except requests.RequestException:
                raise FetchError(
                    dataset, f"download interrupted after {size} bytes", url=url
                ) from None
            hexdigest = digest.hexdigest()
            if previous and previous.get("sha256") == hexdigest:
                raise SourceUnchanged(f"{redact_url(url)}: same content (sha256) as before")
        return hexdigest, size

    def _copy_local(
        self,
        url: str,
        dest: Path,
        previous: Mapping[str, Any] | None,
        max_bytes: int,
        dataset: str,
    ) -> FetchResult:
        parts = urlsplit(url)
        source = Path(unquote(parts.path)) if parts.scheme == "file" else Path(url)
        if not source.is_file():
            raise FetchError(dataset, "local file not found", url=url)
        size = source.stat().st_size
        if size > max_bytes:
            raise FetchError(
                dataset, f"file size {size} bytes exceeds the maximum of {max_bytes} bytes", url=url
            )
        before = previous or {}
        if before.get("size") == size:  # maybe the same bytes: hash before copying anything
            hexdigest = sha256_file(source)
            if before.get("sha256") == hexdigest:
                raise SourceUnchanged(f"{source.name}: same content (sha256) as before")
            with atomic_path(dest) as tmp:
                shutil.copyfile(source, tmp)
        else:  # changed: the kernel copies (sendfile) while this thread hashes
            with atomic_path(dest) as tmp, ThreadPoolExecutor(1) as copier:
                copied = copier.submit(shutil.copyfile, source, tmp)
                hexdigest = sha256_file(source)
                copied.result()
        mtime = datetime.fromtimestamp(source.stat().st_mtime, UTC)
        return FetchResult(
            url=str(source),
            final_url=str(source.resolve()),
            status=200,
            path=dest,
            sha256=hexdigest,
            size=size,
            fetched_at=_now(),
            last_modified=email.utils.format_datetime(mtime, usegmt=True),
        )


def _previous_header(previous: Mapping[str, Any] | None, name: str) -> str | None:
    """A validator of the previous manifest, top-level (`last_modified`) or in `headers`."""
    if not previous:
        return None
    value = previous.get(name.replace("-", "_"))
    headers = previous.get("headers")
    if value is None and isinstance(headers, Mapping):
        lowered = {str(k).lower(): v for k, v in headers.items()}
        value = lowered.get(name)
    return str(value) if value else None


def _raise_for_status(response: requests.Response, url: str, dataset: str) -> None:
    if response.status_code >= 400:
        raise FetchError(
            dataset, f"HTTP {response.status_code}", url=url, status=response.status_code
        )


def _with_params(url: str, params: Mapping[str, str | int]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(k, str(v)) for k, v in params.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
