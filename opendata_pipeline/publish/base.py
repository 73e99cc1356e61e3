"""The publisher interface shared by every portal client."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict, Unpack

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish.crosswalk import PUBLIC_URLS, landing_page, stable_identifier
from opendata_pipeline.publish.errors import UploadTooLarge
from opendata_pipeline.publish.http import PortalHttp, RetryPolicy
from opendata_pipeline.publish.ledger import Ledger
from opendata_pipeline.publish.model import PublicationResult, PublishedDataset, ReadBackResult
from opendata_pipeline.publish.portals import declared_portals


@dataclass
class RemoteState:
    """What a portal holds for one dataset (for reconciliation)."""

    portal_ids: list[str] = field(default_factory=list)
    file_hashes: dict[str, str | None] = field(default_factory=dict)
    url: str | None = None


class PublisherOptions(TypedDict, total=False):
    """The keywords every publisher takes (see `Publisher`)."""

    public_urls: Mapping[str, str] | None
    ledger: Ledger | None
    max_upload_bytes: int | None


class Publisher(ABC):
    """One portal: publish a dataset, read it back, report what it holds."""

    kind: str = ""

    def __init__(
        self,
        portal: str,
        *,
        public_urls: Mapping[str, str] | None = None,
        ledger: Ledger | None = None,
        max_upload_bytes: int | None = None,
    ) -> None:
        self.portal = portal
        self.public_urls = dict(public_urls or PUBLIC_URLS)
        self.ledger = ledger or Ledger()
        self.max_upload_bytes = max_upload_bytes

    def __repr__(self) -> str:
        return f"{type(self).__name__}(portal={self.portal!r})"

    @abstractmethod
    def publish(self, entry: DatasetEntry, published: PublishedDataset) -> PublicationResult:
        """Create or update the dataset; upload only files whose sha256 changed."""

    @abstractmethod
    def read_back(self, entry: DatasetEntry, published: PublishedDataset) -> ReadBackResult:
        """Compare what the portal serves with what was validated (R-INTEGRITY)."""

    @abstractmethod
    def remote_state(self, entry: DatasetEntry) -> RemoteState:
        """The portal's copies of the dataset (several = duplicates) and their file hashes."""

    def twin(self, entry: DatasetEntry) -> str | None:
        """The entry's page on the other portal, once a publication there succeeded: the
        cross-reference each record carries (none before, so no link to a missing page)."""
        for spec in declared_portals(entry):
            if spec.id != self.portal and self.ledger.published(spec.id, entry.id):
                return landing_page(entry, spec.id, self.public_urls)
        return None

    def unchanged(
        self,
        entry: DatasetEntry,
        *,
        portal_id: str | None = None,
        url: str | None = None,
        warnings: Sequence[str] = (),
    ) -> PublicationResult:
        """A publication that has changed nothing yet: each step records what it does."""
        return PublicationResult(
            self.portal,
            self.kind,
            entry.id,
            portal_id,
            url,
            "unchanged",
            False,
            identifier=stable_identifier(entry),
            warnings=list(warnings),
        )

    def modified(self, entry: DatasetEntry, published: PublishedDataset) -> datetime:
        """The `modified` date to send (see `Ledger.modified`)."""
        return self.ledger.modified(
            self.portal, entry.id, published.content_hash, published.published_at
        )

    def remember_modified(self, entry: DatasetEntry, published: PublishedDataset) -> None:
        self.ledger.remember_modified(
            self.portal, entry.id, published.content_hash, self.modified(entry, published)
        )

    def check_sizes(
        self, entry: DatasetEntry, published: PublishedDataset, kinds: list[str]
    ) -> None:
        """Refuse before sending anything when a file exceeds the portal's upload limit."""
        if self.max_upload_bytes is None:
            return
        for kind in kinds:
            item = published.files[kind]
            if item.bytes > self.max_upload_bytes:
                raise UploadTooLarge(
                    self.portal,
                    entry.id,
                    f"{item.name} fait {item.bytes} octets, limite du portail "
                    f"{self.max_upload_bytes} octets : rien n'a été envoyé",
                )


class HttpPublisher(Publisher, ABC):
    """A publisher talking to a portal's API through `self.http` (timeouts, retry policy)."""

    def __init__(
        self,
        portal: str,
        base_url: str,
        *,
        policy: RetryPolicy | None = None,
        **options: Unpack[PublisherOptions],
    ) -> None:
        super().__init__(portal, **options)
        self.http = PortalHttp(base_url, portal=portal, policy=policy)
