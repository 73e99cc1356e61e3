"""Fixtures of the production-profile tests: a real PostgreSQL server started for the session,
and the real SMTP server of the alert tests."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

from opendata_pipeline_tests.alerts.conftest import smtp_env, smtp_server  # noqa: F401
from opendata_pipeline_tests.production.availability import missing
from opendata_pipeline_tests.production.postgres_server import (
    PostgresServer,
    find_bindir,
    postgres_server,
)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (Debian `postgresql` server binaries)."""
    for module in ("dagster_postgres", "psycopg2"):
        if importlib.util.find_spec(module) is None:
            missing(f"Python package {module} is not installed (pip extra `postgres`)")
    bindir = find_bindir()
    if bindir is None:
        missing("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin "
                "(apt-get install -y postgresql)")  # fmt: skip
    with postgres_server(bindir) as server:
        yield server
