"""Steward alerts: French e-mail and chat messages, deduplicated, never a raw value.

Plain Python (no Dagster): `defs/alerting.py` turns check results, failed runs and stale
datasets into `Alert`s with `build`, and hands them to `dispatch.dispatch`. Names are resolved
lazily (PEP 562) so that loading the definitions does not import the HTTP/SMTP stack.
"""

from importlib import import_module
from typing import Any

_MODULES = {
    "Channel": "channels",
    "DeliveryError": "channels",
    "EmailChannel": "channels",
    "WebhookChannel": "channels",
    "channels_from_env": "channels",
    "DispatchResult": "dispatch",
    "Alert": "model",
    "AlertKind": "model",
    "Rendered": "render",
    "render_alert": "render",
    "render_recovery": "render",
    "AlertStore": "store",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
