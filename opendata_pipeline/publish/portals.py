"""The portal registry: every place that names a portal (assets, pools, environment, alerts,
DCAT, outbox) reads it from here; adding a portal is one `PortalSpec` plus its client."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opendata_pipeline.catalog.model import DatasetEntry


@dataclass(frozen=True)
class PortalSpec:
    """One portal the pipeline publishes to."""

    id: str  # key under `portals:` in a catalogue entry, `--portal` value, ledger folder
    asset_prefix: str  # Dagster asset key `<asset_prefix>/<dataset>` (also the alert stage)
    name: str  # what a steward reads
    software: str
    pool: str  # Dagster concurrency pool (the portal's rate limit)
    env_prefix: str  # `<env_prefix>_URL`, `_MAX_UPLOAD_MB`, credentials...
    public_url: str
    target_kind: str  # the client the dry-run outbox renders requests for

    @property
    def label(self) -> str:
        return f"{self.name} ({self.software})"

    def env(self, suffix: str) -> str:
        """The name of one of this portal's environment variables."""
        return f"{self.env_prefix}_{suffix}"

    def configured_url(self, environ: Mapping[str, str]) -> str | None:
        """The API base URL from the environment (unset: the outbox publishes)."""
        return environ.get(self.env("URL")) or None

    def base_url(self, environ: Mapping[str, str]) -> str:
        """Where the portal's pages live: the configured URL, else the production one."""
        return (self.configured_url(environ) or self.public_url).rstrip("/")

    def target(self, entry: DatasetEntry) -> Any:
        """The entry's identifiers on this portal; None when it is not published there."""
        return getattr(entry.portals, self.id)

    def declared(self, entry: DatasetEntry) -> bool:
        return self.target(entry) is not None


MONTPELLIER = PortalSpec(
    id="montpellier",
    asset_prefix="portal_montpellier",
    name="data.montpellier3m.fr",
    software="DKAN 7",
    pool="portal_montpellier",
    env_prefix="MONTPELLIER_PORTAL",
    public_url="https://data.montpellier3m.fr",
    target_kind="dkan7",
)
HERAULT_DATA = PortalSpec(
    id="herault_data",
    asset_prefix="portal_herault",
    name="Hérault Data",
    software="OpenDataSoft",
    pool="portal_herault",
    env_prefix="HERAULT_DATA",
    public_url="https://www.herault-data.fr",
    target_kind="opendatasoft",
)
PORTALS: tuple[PortalSpec, ...] = (MONTPELLIER, HERAULT_DATA)
PORTAL_IDS: tuple[str, ...] = tuple(p.id for p in PORTALS)
_BY_ID = {p.id: p for p in PORTALS}
_BY_PREFIX = {p.asset_prefix: p for p in PORTALS}


def portal(portal_id: str) -> PortalSpec:
    """The spec of a portal id (`KeyError` for an unknown one)."""
    return _BY_ID[portal_id]


def by_asset_prefix(prefix: str) -> PortalSpec | None:
    return _BY_PREFIX.get(prefix)


def declared_portals(entry: DatasetEntry) -> list[PortalSpec]:
    """The portals the entry is published to, in registry order."""
    return [p for p in PORTALS if p.declared(entry)]


def public_urls(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Public base URL of each portal (landing pages, twin references, DCAT)."""
    return {p.id: p.base_url(environ or {}) for p in PORTALS}
