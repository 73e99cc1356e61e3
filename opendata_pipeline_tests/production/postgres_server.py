"""A throw-away PostgreSQL cluster for tests: Debian's server binaries, a temp dir, 127.0.0.1."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVICE_USER = "postgres"  # Debian's `postgresql` package creates it; the server refuses root


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    database: str

    def env(self) -> dict[str, str]:
        """The `DAGSTER_PG_*` variables read by `deploy/dagster.production.yaml`."""
        return {
            "DAGSTER_PG_HOST": self.host,
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_USERNAME": self.user,
            "DAGSTER_PG_PASSWORD": "",
            "DAGSTER_PG_DB": self.database,
        }


def find_bindir() -> Path | None:
    """The newest `/usr/lib/postgresql/<version>/bin` holding `initdb` and `pg_ctl`."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_service_user(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: drop to the `postgres` account when we are root."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", SERVICE_USER, "--", *args]


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(_as_service_user(args), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


@contextmanager
def postgres_server(bindir: Path, database: str = "dagster") -> Iterator[PostgresServer]:
    """Start `initdb` + `pg_ctl` in a temp dir on a free port; stop and delete it afterwards."""
    root = Path(tempfile.mkdtemp(prefix="opendata-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVICE_USER, group=SERVICE_USER)
    port = free_port()
    user = SERVICE_USER if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    pg_ctl = str(bindir / "pg_ctl")
    try:
        _run(
            [str(bindir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"],
            "initdb",
        )  # fmt: skip
        options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root}"
        _run(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w",
             "-t", "60", "start"],
            "pg_ctl start",
        )  # fmt: skip
        try:
            address = ["-h", "127.0.0.1", "-p", str(port), "-U", user]
            _run([str(bindir / "createdb"), *address, database], "createdb")
            yield PostgresServer("127.0.0.1", port, user, database)
        finally:
            _run([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], "pg_ctl stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
