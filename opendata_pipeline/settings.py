"""The one place that reads the environment: `Settings`, the configuration engines receive.

The Dagster resources (`defs/resources.py`) build a `Settings` and activate it for a run; the
command line activates `Settings.from_env()`. When nothing is active, `current()` reads the
environment afresh, so a variable changed in a test or a shell is seen at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

PORTAL_PREFIXES = ("MONTPELLIER_PORTAL_", "HERAULT_DATA_")
"""Prefixes of the portal variables (`publish/portals.py` names them, `publish/config.py` reads them)."""


MOBILITY_VARIABLES = {
    "ngsi": "MOBILITY_API_URL",
    "gbfs": "MOBILITY_GBFS_URL",
    "xml": "MOBILITY_XML_URL",
}


class ConfigurationError(ValueError):
    """Missing or malformed configuration, naming the variable."""


@dataclass(frozen=True)
class ObjectStoreSettings:
    """The S3 zones (`OPENDATA_ZONES_URL=s3://bucket/prefix`, `OPENDATA_S3_*`)."""

    url: str
    key_id: str | None = None
    secret: str | None = field(default=None, repr=False)
    region: str | None = None
    endpoint: str | None = None


@dataclass(frozen=True)
class SmtpSettings:
    """The stewards' mail server (`STEWARD_SMTP_*`, `STEWARD_MAIL_FROM`)."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    security: str = "auto"
    mail_from: str = "opendata-pipeline@localhost"


@dataclass(frozen=True)
class Settings:
    """Everything engines are configured with; secrets are kept out of `repr`."""

    home: Path = Path("var")
    home_configured: bool = False
    catalog_dir: Path | None = None
    duckdb_memory: str = "512MB"
    anonymize_workers: int | None = None  # processes masking free text (None: one per CPU)
    geojson_max_rows: int = 1_000_000
    pseudonymization_key: bytes | None = field(default=None, repr=False)
    object_store: ObjectStoreSettings | None = None
    smtp: SmtpSettings | None = None
    webhook_url: str | None = field(default=None, repr=False)
    ui_url: str | None = None
    mobility_urls: Mapping[str, str] = field(default_factory=dict)
    portals: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment describes (unset or blank variables take the default)."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            return (env.get(name) or "").strip() or None

        home = get("OPENDATA_HOME")
        key = env.get("OPENDATA_PSEUDONYMIZATION_KEY")  # a secret is used as written
        zones_url = get("OPENDATA_ZONES_URL")
        store = None
        if zones_url:
            s3 = [get(f"OPENDATA_S3_{n}") for n in ("KEY_ID", "SECRET", "REGION", "ENDPOINT")]
            store = ObjectStoreSettings(zones_url, *s3)
        smtp_host = get("STEWARD_SMTP_HOST")
        smtp = None
        if smtp_host:
            smtp = SmtpSettings(
                host=smtp_host,
                port=_int(env, "STEWARD_SMTP_PORT", 587),
                user=get("STEWARD_SMTP_USER"),
                password=get("STEWARD_SMTP_PASSWORD"),
                security=(get("STEWARD_SMTP_SECURITY") or "auto").lower(),
                mail_from=get("STEWARD_MAIL_FROM") or "opendata-pipeline@localhost",
            )
        return cls(
            home=Path(home or "var").resolve(),
            home_configured=home is not None,
            catalog_dir=Path(v) if (v := get("OPENDATA_CATALOG_DIR")) else None,
            duckdb_memory=get("OPENDATA_DUCKDB_MEMORY") or "512MB",
            anonymize_workers=_int(env, "OPENDATA_ANONYMIZE_WORKERS", 0) or None,
            geojson_max_rows=_int(env, "OPENDATA_GEOJSON_MAX_ROWS", 1_000_000),
            pseudonymization_key=key.encode("utf-8") if key else None,
            object_store=store,
            smtp=smtp,
            webhook_url=get("STEWARD_WEBHOOK_URL"),
            ui_url=get("DAGSTER_UI_URL"),
            mobility_urls={
                kind: url for kind, name in MOBILITY_VARIABLES.items() if (url := get(name))
            },
            portals=_Prefixed(env, PORTAL_PREFIXES),
        )

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with the given fields replaced (None keeps the current value)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


class _Prefixed(Mapping[str, str]):
    """The variables of `env` named with one of `prefixes`, read when asked: scanning the whole
    environment at every `current()` would cost more than everything else it reads."""

    def __init__(self, env: Mapping[str, str], prefixes: tuple[str, ...]) -> None:
        self._env, self._prefixes = env, prefixes

    def __getitem__(self, name: str) -> str:
        if not name.startswith(self._prefixes):
            raise KeyError(name)
        return self._env[name]

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._env if name.startswith(self._prefixes))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = (env.get(name) or "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be an integer (got '{value}')") from None


_active: list[Settings] = []


def current() -> Settings:
    """The active settings (a run's resources, the command line), else the environment's."""
    return _active[-1] if _active else Settings.from_env()


@contextmanager
def active(settings: Settings) -> Iterator[Settings]:
    """Make `settings` the ones engines see until the block ends."""
    _active.append(settings)
    try:
        yield settings
    finally:
        _active.remove(settings)


def missing(environ: Mapping[str, str] | None = None) -> list[str]:
    """Variables the configured services cannot work without, with the reason: a portal URL
    without its credentials, an SMTP user without a password, a malformed zones URL."""
    env = os.environ if environ is None else environ

    def unset(name: str) -> bool:
        return not (env.get(name) or "").strip()

    problems: list[str] = []
    if not unset("HERAULT_DATA_URL") and unset("HERAULT_DATA_API_KEY"):
        problems.append("HERAULT_DATA_API_KEY (required when HERAULT_DATA_URL is set)")
    if not unset("MONTPELLIER_PORTAL_URL"):
        kind = (env.get("MONTPELLIER_PORTAL_KIND") or "").strip()
        needed = ["MONTPELLIER_PORTAL_API_KEY"] if kind == "ckan" else []
        if kind != "ckan" and unset("MONTPELLIER_PORTAL_API_KEY"):
            needed = ["MONTPELLIER_PORTAL_USER", "MONTPELLIER_PORTAL_PASSWORD"]
        problems += [
            f"{n} (required when MONTPELLIER_PORTAL_URL is set)" for n in needed if unset(n)
        ]
    if not unset("STEWARD_SMTP_USER") and unset("STEWARD_SMTP_PASSWORD"):
        problems.append("STEWARD_SMTP_PASSWORD (required when STEWARD_SMTP_USER is set)")
    url = (env.get("OPENDATA_ZONES_URL") or "").strip()
    if url and (not url.startswith("s3://") or not url.removeprefix("s3://").strip("/")):
        problems.append("OPENDATA_ZONES_URL (must look like s3://bucket/prefix)")
    return problems


def quiet_libraries() -> None:
    """Libraries that phone home or chatter unless told not to (Great Expectations' analytics)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def dagster_home() -> Path:
    """`DAGSTER_HOME`, default `./.dagster_home`, exported for Dagster to read."""
    home = Path(os.environ.get("DAGSTER_HOME") or Path.cwd() / ".dagster_home").resolve()
    os.environ["DAGSTER_HOME"] = str(home)
    return home
