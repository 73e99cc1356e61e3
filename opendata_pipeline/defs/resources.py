"""The pipeline's configuration as Dagster resources: shown in the UI, overridable per run.

Each resource is one concern; `PipelineSettings` gathers them, builds the engines' `Settings`
and makes it the active one while a step runs. Each field is the `EnvVar` of its variable when
that is set (resolved when a run starts: secrets never sit in the definitions), else `None`
(the default). A service configured without what it needs fails here, at load, naming the
variable.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg

from opendata_pipeline import settings
from opendata_pipeline.catalog.loader import load_catalog

SETTINGS_KEY = "settings"


class DataZones(dg.ConfigurableResource):
    """Where the zones live: `OPENDATA_HOME`, and the S3 bucket that holds them in production."""

    home: str | None = None
    catalog_dir: str | None = None
    zones_url: str | None = None
    s3_key_id: str | None = None
    s3_secret: str | None = None
    s3_region: str | None = None
    s3_endpoint: str | None = None


class DuckDBLimits(dg.ConfigurableResource):
    """Memory of each DuckDB connection (it spills beyond) and the largest GeoJSON written."""

    memory_limit: str | None = None
    geojson_max_rows: int | None = None


class Portal(dg.ConfigurableResource):
    """One portal's API: unset `url` publishes to the outbox (`publish/portals.py` names them)."""

    prefix: str
    url: str | None = None
    kind: str | None = None
    user: str | None = None
    password: str | None = None
    api_key: str | None = None
    push_keys: str | None = None


class StewardChannels(dg.ConfigurableResource):
    """How stewards are told: SMTP, a chat webhook, links to this Dagster UI."""

    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_security: str | None = None
    mail_from: str | None = None
    webhook_url: str | None = None
    ui_url: str | None = None


class MobilityFeeds(dg.ConfigurableResource):
    """Base URLs of the FIWARE NGSI, GBFS and legacy XML feeds (unset: the bundled samples)."""

    ngsi_url: str | None = None
    gbfs_url: str | None = None
    xml_url: str | None = None


class Pseudonymization(dg.ConfigurableResource):
    """The secret key of the `pseudonymize` action."""

    key: str | None = None


class PipelineSettings(dg.ConfigurableResource):
    """Every concern's configuration, active for the engines while a step runs."""

    zones: DataZones
    duckdb: DuckDBLimits
    montpellier_portal: Portal
    herault_data: Portal
    stewards: StewardChannels
    mobility: MobilityFeeds
    pseudonymization: Pseudonymization

    def build(self) -> settings.Settings:
        """The environment's settings with what this resource sets (run config) on top."""
        base = settings.Settings.from_env()
        z, s = self.zones, self.stewards
        store = base.object_store
        if z.zones_url:
            store = settings.ObjectStoreSettings(
                z.zones_url, z.s3_key_id, z.s3_secret, z.s3_region, z.s3_endpoint
            )
        smtp = base.smtp
        if s.smtp_host:  # unset fields keep the dataclass defaults
            given: dict[str, Any] = {
                "port": s.smtp_port,
                "user": s.smtp_user,
                "password": s.smtp_password,
                "security": s.smtp_security and s.smtp_security.lower(),
                "mail_from": s.mail_from,
            }
            smtp = settings.SmtpSettings(s.smtp_host, **{k: v for k, v in given.items() if v})
        portals = dict(base.portals)
        for portal in (self.montpellier_portal, self.herault_data):
            fields = {"URL": portal.url, "KIND": portal.kind, "USER": portal.user,
                      "PASSWORD": portal.password, "API_KEY": portal.api_key,
                      "PUSH_KEYS": portal.push_keys}  # fmt: skip
            portals.update({portal.prefix + k: v for k, v in fields.items() if v})
        feeds = {"ngsi": self.mobility.ngsi_url, "gbfs": self.mobility.gbfs_url,
                 "xml": self.mobility.xml_url}  # fmt: skip
        key = self.pseudonymization.key
        return base.with_overrides(
            home=Path(z.home).resolve() if z.home else None,
            home_configured=True if z.home else None,
            catalog_dir=Path(z.catalog_dir) if z.catalog_dir else None,
            duckdb_memory=self.duckdb.memory_limit,
            geojson_max_rows=self.duckdb.geojson_max_rows,
            pseudonymization_key=key.encode("utf-8") if key else None,
            object_store=store,
            smtp=smtp,
            webhook_url=s.webhook_url,
            ui_url=s.ui_url,
            mobility_urls={**base.mobility_urls, **{k: v for k, v in feeds.items() if v}},
            portals=portals,
        )

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[PipelineSettings]:
        with settings.active(self.build()):
            yield self


def _env(name: str, *, integer: bool = False) -> Any:
    """`EnvVar(name)` when the variable is set (resolved when a run starts), else None."""
    if not (os.environ.get(name) or "").strip():
        return None
    return dg.EnvVar.int(name) if integer else dg.EnvVar(name)


def _portal(prefix: str) -> Portal:
    return Portal(
        prefix=prefix,
        url=_env(prefix + "URL"),
        kind=_env(prefix + "KIND"),
        user=_env(prefix + "USER"),
        password=_env(prefix + "PASSWORD"),
        api_key=_env(prefix + "API_KEY"),
        push_keys=_env(prefix + "PUSH_KEYS"),
    )


def pipeline_settings() -> PipelineSettings:
    """The resource as the environment configures it; raises naming what is missing."""
    problems = settings.missing()
    if not _env("OPENDATA_PSEUDONYMIZATION_KEY"):
        users = [
            e.id for e in load_catalog() if e.policy and "pseudonymize" in e.policy.columns.values()
        ]
        if users:
            problems.append(
                f"OPENDATA_PSEUDONYMIZATION_KEY (required: {', '.join(users[:3])} pseudonymize)"
            )
    if problems:
        raise settings.ConfigurationError("missing configuration: " + "; ".join(problems))
    return PipelineSettings(
        zones=DataZones(
            home=_env("OPENDATA_HOME"),
            catalog_dir=_env("OPENDATA_CATALOG_DIR"),
            zones_url=_env("OPENDATA_ZONES_URL"),
            s3_key_id=_env("OPENDATA_S3_KEY_ID"),
            s3_secret=_env("OPENDATA_S3_SECRET"),
            s3_region=_env("OPENDATA_S3_REGION"),
            s3_endpoint=_env("OPENDATA_S3_ENDPOINT"),
        ),
        duckdb=DuckDBLimits(
            memory_limit=_env("OPENDATA_DUCKDB_MEMORY"),
            geojson_max_rows=_env("OPENDATA_GEOJSON_MAX_ROWS", integer=True),
        ),
        montpellier_portal=_portal("MONTPELLIER_PORTAL_"),
        herault_data=_portal("HERAULT_DATA_"),
        stewards=StewardChannels(
            smtp_host=_env("STEWARD_SMTP_HOST"),
            smtp_port=_env("STEWARD_SMTP_PORT", integer=True),
            smtp_user=_env("STEWARD_SMTP_USER"),
            smtp_password=_env("STEWARD_SMTP_PASSWORD"),
            smtp_security=_env("STEWARD_SMTP_SECURITY"),
            mail_from=_env("STEWARD_MAIL_FROM"),
            webhook_url=_env("STEWARD_WEBHOOK_URL"),
            ui_url=_env("DAGSTER_UI_URL"),
        ),
        mobility=MobilityFeeds(
            ngsi_url=_env("MOBILITY_API_URL"),
            gbfs_url=_env("MOBILITY_GBFS_URL"),
            xml_url=_env("MOBILITY_XML_URL"),
        ),
        pseudonymization=Pseudonymization(key=_env("OPENDATA_PSEUDONYMIZATION_KEY")),
    )


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(resources={SETTINGS_KEY: pipeline_settings()})
