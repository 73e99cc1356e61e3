"""Steward alerts: French e-mail and chat messages, deduplicated, never a raw value.

Plain Python (no Dagster): `defs/alerting.py` turns check results, failed runs and stale
datasets into `model.Alert`s with `build`, and hands them to `dispatch.dispatch`. Import from the
submodules: this package imports nothing, so that loading the definitions does not pull in the
HTTP/SMTP stack of `channels`.
"""
