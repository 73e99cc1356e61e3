"""Entry points the assets, checks and CLI call: publish one dataset, read it back."""

from __future__ import annotations

import logging

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.publish.base import Publisher
from opendata_pipeline.publish.errors import MappingError
from opendata_pipeline.publish.model import PublicationResult, PublishedDataset, ReadBackResult
from opendata_pipeline.publish.portals import portal

log = logging.getLogger(__name__)


def check_inputs(entry: DatasetEntry, published: PublishedDataset, publisher: Publisher) -> None:
    """The published folder belongs to the entry, under the same licence, for a declared portal."""
    if published.dataset != entry.id:
        raise DatasetError(entry.id, f"dossier publié d'un autre jeu ('{published.dataset}')")
    if published.licence.strip().lower() != entry.licence.strip().lower():
        raise MappingError(
            publisher.portal,
            entry.id,
            f"licence du manifeste '{published.licence}' différente du catalogue '{entry.licence}'",
        )
    if not portal(publisher.portal).declared(entry):
        raise MappingError(publisher.portal, entry.id, "ce portail n'est pas déclaré au catalogue")


def publish_dataset(
    entry: DatasetEntry, published: PublishedDataset, publisher: Publisher
) -> PublicationResult:
    """Create or update `entry` on the publisher's portal; idempotent (see each adapter)."""
    check_inputs(entry, published, publisher)
    result = publisher.publish(entry, published)
    log.info(
        "%s/%s: %s (uploaded: %s)", publisher.portal, entry.id, result.action,
        ", ".join(result.uploaded_files) or "none",
    )  # fmt: skip
    return result


def read_back(
    entry: DatasetEntry, published: PublishedDataset, publisher: Publisher
) -> ReadBackResult:
    """R-INTEGRITY: row count, columns, licence and checksum of the portal copy."""
    check_inputs(entry, published, publisher)
    return publisher.read_back(entry, published)
