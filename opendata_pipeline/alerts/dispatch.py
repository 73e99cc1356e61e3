"""Deduplicate, queue and deliver alerts: one alert per dataset and problem until it is fixed,
then one recovery message. A channel that fails keeps its messages for the next call."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from opendata_pipeline.alerts.channels import Channel, DeliveryError
from opendata_pipeline.alerts.model import Alert
from opendata_pipeline.alerts.render import (
    Rendered,
    render_alert,
    render_digest,
    render_recovery,
)
from opendata_pipeline.alerts.store import AlertStore, OutboxItem

log = logging.getLogger(__name__)
DIGEST_TIMEZONE = ZoneInfo("Europe/Paris")


@dataclass
class DispatchResult:
    """What one `dispatch` call did; `pending` messages wait for the next call."""

    opened: int = 0
    repeated: int = 0
    resolved: int = 0
    digests: int = 0
    delivered: int = 0
    failed: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)


def _render(item: OutboxItem) -> Rendered:
    if item.message == "digest":
        alerts = [Alert.from_dict(data) for data in item.payload["alerts"]]
        return render_digest(item.recipient_name, alerts)
    alert = Alert.from_dict(item.payload)
    return render_recovery(alert) if item.message == "recovery" else render_alert(alert)


def _deliver(store: AlertStore, channels: Sequence[Channel], result: DispatchResult) -> None:
    by_name = {channel.name: channel for channel in channels}
    failing: set[str] = set()
    for item in store.claim_pending(list(by_name), time.time()):
        if item.channel in failing:  # do not wait on a dead server once per message
            store.release(item.id, None)
            continue
        try:
            by_name[item.channel].send(_render(item), item.recipient_email, item.recipient_name)
        except DeliveryError as exc:
            error = str(exc)
            failing.add(item.channel)
        except Exception as exc:  # the alerting must never crash its caller
            error = f"{item.channel}: unexpected {type(exc).__name__}"
            log.exception("alert channel %s raised", item.channel)
        else:
            store.mark_delivered(item.id, time.time())
            result.delivered += 1
            continue
        store.release(item.id, error)
        result.failed += 1
        result.errors.append(error)
        log.error(
            "Steward %s (%s) not delivered, kept for the next attempt (attempt %d): %s",
            item.message, item.channel, item.attempts + 1, error,
        )  # fmt: skip


def dispatch(
    alerts_open: Sequence[Alert],
    problems_resolved: Sequence[tuple[str, str]],
    channels: Sequence[Channel],
    *,
    store: AlertStore,
    digest_hour: int | None = None,
) -> DispatchResult:
    """Record the current problems, then deliver everything pending (including earlier failures).

    `alerts_open`: problems seen now (already-open ones are not re-sent); `problems_resolved`:
    (dataset, problem_key) seen fixed now (a recovery goes out if an alert did). With
    `digest_hour`, a daily summary of open problems goes to each steward once that local hour
    (Europe/Paris) has passed. Delivery failures are logged and retried on the next call.
    """
    names = [channel.name for channel in channels]
    if alerts_open and not names:
        log.warning("No alert channel configured (STEWARD_SMTP_HOST, STEWARD_WEBHOOK_URL)")
    now = time.time()
    recorded = store.record(alerts_open, problems_resolved, names, now)
    result = DispatchResult(
        opened=len(recorded.opened), repeated=recorded.repeated, resolved=len(recorded.resolved)
    )
    if digest_hour is not None:
        local = datetime.fromtimestamp(now, DIGEST_TIMEZONE)
        if local.hour >= digest_hour:
            result.digests = store.queue_digest(names, local.date().isoformat(), now)
    if names:
        _deliver(store, channels, result)
    result.pending = store.pending_count()
    return result
