"""Publication ledger: the portal-side ids and file hashes of what was last sent.

DKAN 7 and OpenDataSoft return no checksum of an uploaded file, and DKAN titles are not unique,
so idempotence rests on what we recorded (portal-apis.md §0 point 2). One JSON file per
portal and dataset under `OPENDATA_HOME/ledger/`; the publication stage keeps it on the object
store when `OPENDATA_ZONES_URL` is set (a fresh pod must not create a second copy on a portal).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from opendata_pipeline.storage.paths import atomic_write_text, opendata_home

RECORDS = ("", "modified", "published")


class Ledger:
    """Read and write `<root>/<portal>/<dataset>.json`."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or opendata_home() / "ledger"

    def path(self, portal: str, dataset: str, record: str = "") -> Path:
        """The ledger file (`record="modified"` / `"published"`: the files beside it)."""
        return self.root / portal / f"{dataset}{'.' + record if record else ''}.json"

    def records(self, dataset: str, portals: Iterable[str]) -> list[Path]:
        """Every record file of `dataset` on `portals` (what the object store must keep)."""
        return [self.path(portal, dataset, record) for portal in portals for record in RECORDS]

    def get(self, portal: str, dataset: str) -> dict[str, Any]:
        return _read(self.path(portal, dataset))

    def put(self, portal: str, dataset: str, record: dict[str, Any]) -> None:
        text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True)
        _write(self.path(portal, dataset), text)

    def published(self, portal: str, dataset: str) -> dict[str, Any]:
        """The last successful publication on `portal`: its page and the twin link it carried
        (empty before the first one)."""
        return _read(self.path(portal, dataset, "published"))

    def remember_published(self, portal: str, dataset: str, page: str, twin: str | None) -> None:
        """Record a successful publication (the other portal's records may now link to it)."""
        text = json.dumps({"page": page, "twin": twin}, ensure_ascii=False, sort_keys=True)
        _write(self.path(portal, dataset, "published"), text)

    def modified(
        self, portal: str, dataset: str, content_hash: str, candidate: datetime
    ) -> datetime:
        """`dct:modified`: kept from the last publication while the files are unchanged.

        A re-conversion of identical data (new `published_at`, same sha256) is no modification,
        and must not make a second run write metadata.
        """
        data = _read(self.path(portal, dataset, "modified"))
        if data.get("content_hash") == content_hash:
            return datetime.fromisoformat(str(data["modified"]))
        return candidate

    def remember_modified(
        self, portal: str, dataset: str, content_hash: str, modified: datetime
    ) -> None:
        """Record the `modified` sent with these files (after a successful publication)."""
        text = json.dumps({"content_hash": content_hash, "modified": modified.isoformat()})
        _write(self.path(portal, dataset, "modified"), text)


def _read(path: Path) -> dict[str, Any]:
    """A ledger record (empty before the first one)."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _write(path: Path, text: str) -> None:
    atomic_write_text(path, text + "\n")
