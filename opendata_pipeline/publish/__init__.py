"""Publication to the portals (DKAN 7, CKAN, OpenDataSoft, dry-run outbox), DCAT, reconciliation.

Plain Python, no Dagster: the assets and checks call `publish_dataset` and `read_back` with the
publisher that `publisher_for` picks from the environment.
"""

from opendata_pipeline.publish.base import Publisher, RemoteState
from opendata_pipeline.publish.config import publisher_for
from opendata_pipeline.publish.errors import (
    MappingError,
    PortalAuthError,
    PortalProtocolError,
    PortalStateError,
    PortalUnavailable,
    PortalValidationError,
    PublishError,
    UploadTooLarge,
)
from opendata_pipeline.publish.model import PublicationResult, PublishedDataset, ReadBackResult
from opendata_pipeline.publish.service import link_twins, publish_dataset, read_back

__all__ = [
    "MappingError",
    "PortalAuthError",
    "PortalProtocolError",
    "PortalStateError",
    "PortalUnavailable",
    "PortalValidationError",
    "PublicationResult",
    "PublishError",
    "PublishedDataset",
    "Publisher",
    "ReadBackResult",
    "RemoteState",
    "UploadTooLarge",
    "link_twins",
    "publish_dataset",
    "publisher_for",
    "read_back",
]
