"""A real HTTP server on 127.0.0.1 whose routes each test programs, and a fast fetcher."""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from opendata_pipeline.ingest.http import HttpFetcher
from opendata_pipeline.retry import RetryPolicy


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    send_length: bool = True


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


Handler = Callable[[Seen], Reply]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (timeout tests) is expected: no traceback on stderr."""


class LocalServer:
    """Routes by path; every request is recorded in `seen`."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.seen: list[Seen] = []
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                request = Seen(parts.path, query, {k.lower(): v for k, v in self.headers.items()})
                server.seen.append(request)
                handler = server.routes.get(parts.path)
                reply = handler(request) if handler else Reply(404, b"not found")
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.send_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if reply.status != 304:
                    self.wfile.write(reply.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def hits(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def static(
    body: bytes, content_type: str, *, etag: bool = True, last_modified: bool = True
) -> Handler:
    """Serve fixed bytes with validators, answering 304 to matching conditional GETs."""
    tag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
    modified = email.utils.formatdate(1_700_000_000, usegmt=True)

    def handle(seen: Seen) -> Reply:
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = tag
        if last_modified:
            headers["Last-Modified"] = modified
        if (etag and seen.headers.get("if-none-match") == tag) or (
            last_modified and seen.headers.get("if-modified-since") == modified
        ):
            return Reply(304, b"", headers)
        return Reply(200, body, headers)

    return handle


def sequence(*replies: Reply) -> Handler:
    """Answer with each reply in turn, then keep repeating the last one."""
    queue = list(replies)

    def handle(seen: Seen) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handle


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    yield local
    local.httpd.shutdown()
    local.httpd.server_close()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fetcher(sleeps: list[float]) -> Iterator[HttpFetcher]:
    """Short timeouts, tiny backoff; waits are recorded instead of slept."""
    policy = RetryPolicy(
        attempts=4,
        backoff_s=0.01,
        max_retry_after_s=300,
        connect_timeout_s=2.0,
        read_timeout_s=2.0,
        sleep=sleeps.append,
    )
    with HttpFetcher(policy=policy) as client:
        yield client


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    path = tmp_path / "raw"
    path.mkdir()
    return path
