"""`dagster dev` (webserver + daemon + code server) started on a free local port for one test."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LOCATION_QUERY = """{ workspaceOrError { ... on Workspace { locationEntries {
  name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _location_state(url: str) -> tuple[str, str]:
    """(`loadStatus`, typename or error message) of the `opendata_pipeline` code location."""
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": LOCATION_QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        payload = json.load(response)
    for entry in payload["data"]["workspaceOrError"]["locationEntries"]:
        if entry["name"] == "opendata_pipeline":
            loaded = entry["locationOrLoadError"] or {}
            return entry["loadStatus"], loaded.get("message") or loaded.get("__typename", "")
    return "MISSING", ""


def _tail(log: Path, lines: int = 30) -> str:
    """The end of the server log, so a CI failure shows why without the artifacts."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def dagster_dev(env: dict[str, str], log: Path, timeout: float = 240) -> Iterator[str]:
    """Run `dagster dev -w workspace.yaml`; yield its URL once the code location is loaded."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    dagster = str(Path(sys.executable).parent / "dagster")
    command = [dagster, "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"dagster dev exited ({process.returncode}), see {log}:\n{_tail(log)}"
                    )
                try:
                    status, detail = _location_state(url)
                except (urllib.error.URLError, ConnectionError, TimeoutError, KeyError):
                    status, detail = "STARTING", ""
                if status == "LOADED":
                    if detail != "RepositoryLocation":
                        raise RuntimeError(f"code location failed to load: {detail}")
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"dagster dev not ready after {timeout} s, see {log}:\n{_tail(log)}"
                    )
                time.sleep(1)
            yield url
        finally:
            # the whole process group: webserver, daemon and code server are its children
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
