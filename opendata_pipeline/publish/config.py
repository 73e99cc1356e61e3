"""Pick each portal's publisher from the environment (design.md, Configuration).

Variables: `MONTPELLIER_PORTAL_URL` (unset → outbox), `MONTPELLIER_PORTAL_KIND` (`dkan7`,
`ckan`; detected when unset), `MONTPELLIER_PORTAL_USER`/`_PASSWORD` (DKAN 7),
`MONTPELLIER_PORTAL_API_KEY` (CKAN), `HERAULT_DATA_URL` (unset → outbox),
`HERAULT_DATA_API_KEY`. Optional: `<PREFIX>_MAX_UPLOAD_MB` (refuse bigger files before
sending), `MONTPELLIER_PORTAL_LICENCE_SHAPE` (`value` or `select`, DKAN licence field form),
`MONTPELLIER_PORTAL_FREQUENCIES` and `HERAULT_DATA_LICENCE_IDS` / `HERAULT_DATA_THEME_IDS`
(JSON objects: catalogue value → portal id; ODS ids are otherwise looked up on the domain).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Literal

import requests

from opendata_pipeline.publish.base import Publisher
from opendata_pipeline.publish.ckan import CkanPublisher
from opendata_pipeline.publish.crosswalk import PUBLIC_URLS
from opendata_pipeline.publish.dkan import Dkan7Publisher
from opendata_pipeline.publish.errors import MappingError
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.ledger import Ledger
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline.publish.outbox import OutboxPublisher

Portal = Literal["montpellier", "herault_data"]
PORTALS: tuple[Portal, ...] = ("montpellier", "herault_data")


def _max_upload(environ: Mapping[str, str], prefix: str) -> int | None:
    value = environ.get(f"{prefix}_MAX_UPLOAD_MB")
    return int(float(value) * 1024**2) if value else None


def _json_map(environ: Mapping[str, str], name: str) -> dict[str, str]:
    """A JSON object from the environment (portal vocabularies), `{}` when unset."""
    value = environ.get(name)
    if not value:
        return {}
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise MappingError("configuration", "-", f"{name} doit être un objet JSON")
    return {str(k): str(v) for k, v in data.items()}


def public_urls(environ: Mapping[str, str]) -> dict[str, str]:
    """Public base URL of each portal (for landing pages and twin references)."""
    return {
        "montpellier": environ.get("MONTPELLIER_PORTAL_URL") or PUBLIC_URLS["montpellier"],
        "herault_data": environ.get("HERAULT_DATA_URL") or PUBLIC_URLS["herault_data"],
    }


def detect_montpellier_kind(url: str, policy: RetryPolicy | None = None) -> str:
    """`ckan` when `status_show` answers a CKAN envelope, else `dkan7` (portal-apis §2.5)."""
    policy = policy or RetryPolicy(attempts=1)
    try:
        response = requests.get(
            f"{url.rstrip('/')}/api/3/action/status_show",
            timeout=(policy.connect_timeout_s, policy.read_timeout_s),
        )
        body = response.json() if response.status_code == 200 else {}
    except (requests.RequestException, ValueError):
        body = {}
    result = body.get("result") if isinstance(body, dict) else None
    return "ckan" if isinstance(result, dict) and "ckan_version" in result else "dkan7"


def publisher_for(
    portal: Portal,
    environ: Mapping[str, str] = os.environ,
    *,
    dry_run: bool = False,
    policy: RetryPolicy | None = None,
    ledger: Ledger | None = None,
) -> Publisher:
    """The client of `portal`; the outbox when its URL is unset or `dry_run` is asked."""
    urls = public_urls(environ)
    if portal == "montpellier":
        url = environ.get("MONTPELLIER_PORTAL_URL")
        kind = environ.get("MONTPELLIER_PORTAL_KIND") or None
        max_upload = _max_upload(environ, "MONTPELLIER_PORTAL")
        if not url or dry_run:
            return OutboxPublisher(portal, target_kind=kind, public_urls=urls, ledger=ledger,
                                   max_upload_bytes=max_upload)  # fmt: skip
        kind = kind or detect_montpellier_kind(url, policy)
        if kind == "ckan":
            return CkanPublisher(portal, url, environ.get("MONTPELLIER_PORTAL_API_KEY", ""),
                                 policy=policy, public_urls=urls, ledger=ledger,
                                 **({"max_upload_bytes": max_upload} if max_upload else {}))  # fmt: skip
        if kind == "dkan7":
            return Dkan7Publisher(portal, url, environ.get("MONTPELLIER_PORTAL_USER", ""),
                                  environ.get("MONTPELLIER_PORTAL_PASSWORD", ""), policy=policy,
                                  public_urls=urls, ledger=ledger, max_upload_bytes=max_upload,
                                  licence_shape=environ.get("MONTPELLIER_PORTAL_LICENCE_SHAPE",
                                                            "value"),
                                  frequencies=_json_map(environ, "MONTPELLIER_PORTAL_FREQUENCIES"))  # fmt: skip
        raise MappingError(portal, "-", f"MONTPELLIER_PORTAL_KIND inconnu : '{kind}' (dkan7, ckan)")
    url = environ.get("HERAULT_DATA_URL")
    max_upload = _max_upload(environ, "HERAULT_DATA")
    if not url or dry_run:
        return OutboxPublisher(portal, public_urls=urls, ledger=ledger, max_upload_bytes=max_upload)
    return OdsPublisher(portal, url, environ.get("HERAULT_DATA_API_KEY", ""), policy=policy,
                        public_urls=urls, ledger=ledger, max_upload_bytes=max_upload,
                        licence_ids=_json_map(environ, "HERAULT_DATA_LICENCE_IDS"),
                        theme_ids=_json_map(environ, "HERAULT_DATA_THEME_IDS"))  # fmt: skip
