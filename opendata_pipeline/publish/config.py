"""Pick each portal's publisher from the environment (design.md, Configuration).

Variables (prefixes from `publish/portals.py`): `MONTPELLIER_PORTAL_URL` (unset → outbox),
`MONTPELLIER_PORTAL_KIND` (`dkan7`, `ckan`; detected when unset),
`MONTPELLIER_PORTAL_USER`/`_PASSWORD` (DKAN 7), `MONTPELLIER_PORTAL_API_KEY` (CKAN),
`HERAULT_DATA_URL` (unset → outbox), `HERAULT_DATA_API_KEY`, `HERAULT_DATA_PUSH_KEYS` (JSON
object: Hérault Data dataset id → realtime push key). Optional: `<PREFIX>_MAX_UPLOAD_MB` (refuse
bigger files before sending), `MONTPELLIER_PORTAL_LICENCE_SHAPE` (`value` or `select`, DKAN
licence field form), `MONTPELLIER_PORTAL_FREQUENCIES` and `HERAULT_DATA_LICENCE_IDS` /
`HERAULT_DATA_THEME_IDS` (JSON objects: catalogue value → portal id; ODS ids are otherwise looked
up on the domain).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import requests

from opendata_pipeline import settings
from opendata_pipeline.publish.base import Publisher
from opendata_pipeline.publish.ckan import CkanPublisher
from opendata_pipeline.publish.dkan import Dkan7Publisher
from opendata_pipeline.publish.errors import MappingError
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.ledger import Ledger
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline.publish.outbox import OutboxPublisher
from opendata_pipeline.publish.portals import HERAULT_DATA, PortalSpec
from opendata_pipeline.publish.portals import portal as portal_spec
from opendata_pipeline.publish.portals import public_urls as portal_urls


def _max_upload(environ: Mapping[str, str], spec: PortalSpec) -> int | None:
    value = environ.get(spec.env("MAX_UPLOAD_MB"))
    return int(float(value) * 1024**2) if value else None


def _json_map(environ: Mapping[str, str], name: str) -> dict[str, str]:
    """A JSON object from the environment (portal vocabularies, push keys), `{}` when unset."""
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
    portal: str,
    environ: Mapping[str, str] | None = None,
    *,
    dry_run: bool = False,
    policy: RetryPolicy | None = None,
    ledger: Ledger | None = None,
) -> Publisher:
    """The client of `portal`; the outbox when its URL is unset or `dry_run` is asked."""
    environ = settings.current().portals if environ is None else environ
    spec = portal_spec(portal)
    urls = portal_urls(environ)
    url = spec.configured_url(environ)
    max_upload = _max_upload(environ, spec)
    kind = None if spec is HERAULT_DATA else environ.get(spec.env("KIND")) or None
    if not url or dry_run:
        return OutboxPublisher(portal, target_kind=kind, public_urls=urls, ledger=ledger,
                               max_upload_bytes=max_upload)  # fmt: skip
    env = spec.env
    if spec is HERAULT_DATA:
        return OdsPublisher(portal, url, environ.get(env("API_KEY"), ""), policy=policy,
                            public_urls=urls, ledger=ledger, max_upload_bytes=max_upload,
                            licence_ids=_json_map(environ, env("LICENCE_IDS")),
                            theme_ids=_json_map(environ, env("THEME_IDS")),
                            push_keys=_json_map(environ, env("PUSH_KEYS")))  # fmt: skip
    kind = kind or detect_montpellier_kind(url, policy)
    if kind == "ckan":
        return CkanPublisher(portal, url, environ.get(env("API_KEY"), ""),
                             policy=policy, public_urls=urls, ledger=ledger,
                             **({"max_upload_bytes": max_upload} if max_upload else {}))  # fmt: skip
    if kind == "dkan7":
        return Dkan7Publisher(portal, url, environ.get(env("USER"), ""),
                              environ.get(env("PASSWORD"), ""), policy=policy,
                              public_urls=urls, ledger=ledger, max_upload_bytes=max_upload,
                              licence_shape=environ.get(env("LICENCE_SHAPE"), "value"),
                              frequencies=_json_map(environ, env("FREQUENCIES")))  # fmt: skip
    raise MappingError(portal, "-", f"{env('KIND')} inconnu : '{kind}' (dkan7, ckan)")
