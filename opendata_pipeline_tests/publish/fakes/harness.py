"""Shared harness of the fake portals: a real HTTP server on 127.0.0.1, a journal, faults."""

from __future__ import annotations

import dataclasses
import email.parser
import email.policy
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SECRET_HEADERS = {"authorization", "cookie", "x-csrf-token", "x-ckan-api-key"}


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def is_multipart(self) -> bool:
        return (self.header("content-type") or "").startswith("multipart/form-data")

    def form(self) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
        """Fields and files of a multipart body (files: part name -> (filename, bytes))."""
        head = f"Content-Type: {self.header('content-type')}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.body)
        fields: dict[str, str] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename is not None:
                files[str(name)] = (filename, payload)
            else:
                fields[str(name)] = payload.decode("utf-8")
        return fields, files


@dataclass
class Response:
    status: int
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, self.headers.get("Content-Type", "application/octet-stream")
        if isinstance(self.body, str) and self.body.lstrip().startswith("<"):
            return self.body.encode(), "text/html; charset=utf-8"
        return json.dumps(self.body).encode(), "application/json"


@dataclass
class Fault:
    """Answer `status` (after `delay_s`) to matching requests, `times` times.

    `commit=True` applies the request first, then waits `delay_s` and answers the fault
    ("commit then 504", "slow commit").
    """

    path: str
    status: int = 503
    method: str | None = None
    times: int = 1
    delay_s: float = 0.0
    commit: bool = False
    body: Any = "<html><body>Service Unavailable</body></html>"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    """One journal line: never the secrets, a digest of the body."""

    method: str
    path: str
    query: dict[str, str]
    upload: bool
    digest: str
    status: int


class FakePortal:
    """Base class: subclasses implement `route(request) -> Response`."""

    def __init__(self) -> None:
        self.journal: list[Call] = []
        self.faults: list[Fault] = []
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> str:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Request(
                    self.command,
                    parts.path,
                    dict(parse_qsl(parts.query, keep_blank_values=True)),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                response = portal.dispatch(request)
                payload, content_type = response.encoded()
                try:
                    self.send_response(response.status)
                    headers = {"Content-Type": content_type, **response.headers}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- faults and journal ----------------------------------------------------------------
    def fail(self, path: str, status: int = 503, **kwargs: Any) -> Fault:
        fault = Fault(path=path, status=status, **kwargs)
        self.faults.append(fault)
        return fault

    def _take_fault(self, request: Request) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if (
                    fault.times > 0
                    and fault.path in request.path
                    and (fault.method is None or fault.method == request.method)
                ):
                    fault.times -= 1
                    return fault
        return None

    def dispatch(self, request: Request) -> Response:
        upload = request.is_multipart and b"filename=" in request.body
        digest = hashlib.sha256(request.body).hexdigest()
        with self.lock:  # journaled on receipt, so a slow answer is already counted
            index = len(self.journal)
            self.journal.append(
                Call(request.method, request.path, request.query, upload, digest, 0)
            )
        fault = self._take_fault(request)
        if fault is not None and fault.delay_s and not fault.commit:
            time.sleep(fault.delay_s)
        if fault is not None and not fault.commit:
            response = Response(fault.status, fault.body, dict(fault.headers))
        else:
            with self.lock:
                try:
                    response = self.route(request)
                except Exception as exc:  # a bug in the fake shows as a 500 with its type
                    response = Response(500, {"fake_error": f"{type(exc).__name__}: {exc}"})
            if fault is not None:  # a slow commit: done at once, answered late (or badly)
                time.sleep(fault.delay_s)
                response = Response(fault.status, fault.body, dict(fault.headers))
        with self.lock:
            self.journal[index] = dataclasses.replace(self.journal[index], status=response.status)
        return response

    def route(self, request: Request) -> Response:
        raise NotImplementedError

    def calls(self, *, method: str | None = None, path: str = "") -> list[Call]:
        with self.lock:
            return [
                c for c in self.journal if (method is None or c.method == method) and path in c.path
            ]

    def writes(self) -> list[Call]:
        """Every non-GET call, except logins and reads sent as POST by design."""
        return [c for c in self.calls() if c.method != "GET" and not self.is_read(c)]

    def uploads(self) -> list[Call]:
        return [c for c in self.calls() if c.upload]

    def is_read(self, call: Call) -> bool:
        return call.path.endswith("/user/login")

    def reset_journal(self) -> None:
        with self.lock:
            self.journal.clear()
