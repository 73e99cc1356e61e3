"""Steward alerts: French e-mail and chat messages, deduplicated, never a raw value.

Plain Python (no Dagster): `defs/alerting.py` turns check results, failed runs and stale
datasets into `Alert`s with `build`, and hands them to `dispatch`.
"""

from opendata_pipeline.alerts.channels import (
    Channel,
    DeliveryError,
    EmailChannel,
    WebhookChannel,
    channels_from_env,
)
from opendata_pipeline.alerts.dispatch import DispatchResult, dispatch
from opendata_pipeline.alerts.model import Alert, AlertKind
from opendata_pipeline.alerts.render import Rendered, render_alert, render_recovery
from opendata_pipeline.alerts.store import AlertStore

__all__ = [
    "Alert",
    "AlertKind",
    "AlertStore",
    "Channel",
    "DeliveryError",
    "DispatchResult",
    "EmailChannel",
    "Rendered",
    "WebhookChannel",
    "channels_from_env",
    "dispatch",
    "render_alert",
    "render_recovery",
]
