"""Small helpers of the mobility tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pyarrow as pa

FETCHED_AT = datetime(2025, 2, 27, 14, 0, tzinfo=UTC)


def by_id(table: pa.Table) -> dict[str, dict[str, Any]]:
    """Rows keyed by id (one observation per id expected)."""
    rows = table.to_pylist()
    keyed = {row["id"]: row for row in rows}
    assert len(keyed) == len(rows), "one row per id expected"
    return keyed


@dataclass
class FeedServer:
    """Serves `routes` (path with query → bytes); any other path answers `status_other`."""

    routes: dict[str, bytes]
    status_other: int = 404
    requests_seen: list[str] = field(default_factory=list)
    url: str = ""


@contextmanager
def serve_feeds() -> Iterator[FeedServer]:
    """An HTTP server on 127.0.0.1 answering the feed URLs from `FeedServer.routes`."""
    state = FeedServer(routes={})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests_seen.append(self.path)
            body = state.routes.get(self.path)
            if body is None:
                self.send_response(state.status_other)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
