"""Deduplication, recovery, retries and the daily digest, through real SMTP and webhook servers."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from opendata_pipeline.alerts.build import check_failure_alert, step_failure_alert
from opendata_pipeline.alerts.channels import Channel, EmailChannel, WebhookChannel
from opendata_pipeline.alerts.dispatch import dispatch
from opendata_pipeline.alerts.model import Alert
from opendata_pipeline.alerts.render import Rendered
from opendata_pipeline.alerts.store import AlertStore
from opendata_pipeline_tests.alerts.conftest import (
    STEWARD,
    SmtpServer,
    WebhookReceiver,
    free_port,
    start_smtp,
)

PLANTED = ("marie.martin@gmail.com", "06 12 34 56 78")


def _quality_alert() -> Alert:
    return check_failure_alert(
        "subventions-associations",
        "personal_data_absent",
        {
            "rule_id": "R-PD-DIRECT",
            "message_fr": f"Adresse e-mail trouvée dans « Objet » ({PLANTED[0]}, {PLANTED[1]})",
            "cellules": 3,
            "columns": ["Objet"],
            "exemple": PLANTED[0],
        },
        STEWARD,
        "http://dagster.test/runs/run-1",
    )


def _email(server: SmtpServer | int) -> EmailChannel:
    port = server if isinstance(server, int) else server.port
    return EmailChannel(host="127.0.0.1", port=port, mail_from="od@example.org")


@pytest.fixture
def store(tmp_path: Path) -> AlertStore:
    return AlertStore(f"sqlite:///{tmp_path / 'alerts.db'}")


def test_one_alert_per_problem_then_one_recovery(
    store: AlertStore, smtp_server: SmtpServer, webhook: WebhookReceiver
) -> None:
    channels: list[Channel] = [_email(smtp_server), WebhookChannel(url=webhook.url, backoff_s=0)]
    alert = _quality_alert()

    first = dispatch([alert], [], channels, store=store)
    again = dispatch([alert], [], channels, store=store)
    assert (first.opened, first.delivered, again.opened, again.repeated, again.delivered) == (
        1, 2, 0, 1, 0,
    )  # fmt: skip
    assert len(smtp_server.messages) == 1 and len(webhook.posts) == 1

    fixed = dispatch([], [alert.problem], channels, store=store)
    assert (fixed.resolved, fixed.delivered, fixed.pending) == (1, 2, 0)
    recovery = smtp_server.messages[1]
    assert recovery.message["Subject"].startswith("[Open data] Résolu : ")
    assert "est résolu" in recovery.body()
    assert webhook.posts[1]["text"].startswith("[Open data] Résolu : ")

    assert dispatch([], [alert.problem], channels, store=store).delivered == 0
    assert store.open_problems() == []

    reopened = dispatch([alert], [], channels, store=store)
    assert (reopened.opened, reopened.delivered) == (1, 2)
    assert len(smtp_server.messages) == 3


def test_alerts_leave_no_personal_value(
    store: AlertStore, smtp_server: SmtpServer, webhook: WebhookReceiver
) -> None:
    dispatch(
        [_quality_alert()], [], [_email(smtp_server), WebhookChannel(url=webhook.url)], store=store
    )

    [received] = smtp_server.messages
    assert received.recipients == [STEWARD.email]
    body = received.body("plain")
    assert "Règle : R-PD-DIRECT" in body
    assert "Colonnes concernées : Objet" in body
    assert "cellules : 3" in body
    everything = received.raw + received.body("plain") + received.body("html") + str(webhook.posts)
    for value in PLANTED:
        assert value not in everything
    assert "[masqué]" in body


def test_smtp_down_then_up_keeps_and_delivers_the_alert(
    store: AlertStore, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    alert = _quality_alert()

    with caplog.at_level(logging.ERROR):
        down = dispatch([alert], [], [_email(port)], store=store)
    assert (down.opened, down.delivered, down.failed, down.pending) == (1, 0, 1, 1)
    assert "kept for the next attempt" in caplog.text
    assert "ConnectionRefusedError" in down.errors[0]

    server = start_smtp(port)
    try:
        # next tick, another process: a fresh store on the same file
        up = dispatch([alert], [], [_email(port)], store=AlertStore(store.url))
        assert (up.opened, up.repeated, up.delivered, up.pending) == (0, 1, 1, 0)
        [received] = server.messages
        assert received.message["Subject"].startswith("[Open data] Données non conformes")
        assert dispatch([], [], [_email(port)], store=store).delivered == 0
    finally:
        server.controller.stop()


def test_problem_fixed_before_its_alert_went_out_sends_nothing(store: AlertStore) -> None:
    port = free_port()
    alert = _quality_alert()
    dispatch([alert], [], [_email(port)], store=store)
    dispatch([], [alert.problem], [_email(port)], store=store)

    server = start_smtp(port)
    try:
        result = dispatch([], [], [_email(port)], store=store)
        assert (result.delivered, result.pending) == (0, 0)
        assert server.messages == []
    finally:
        server.controller.stop()


def test_webhook_failure_does_not_resend_the_email(
    store: AlertStore, smtp_server: SmtpServer, webhook: WebhookReceiver
) -> None:
    channels: list[Channel] = [_email(smtp_server), WebhookChannel(url=webhook.url, attempts=1)]
    webhook.script = [502]
    first = dispatch([_quality_alert()], [], channels, store=store)
    assert (first.delivered, first.failed, first.pending) == (1, 1, 1)

    second = dispatch([], [], channels, store=store)
    assert (second.delivered, second.pending) == (1, 0)
    assert len(smtp_server.messages) == 1 and len(webhook.posts) == 1


class _BrokenChannel:
    name = "broken"

    def send(self, message: Rendered, recipient_email: str, recipient_name: str) -> None:
        raise RuntimeError("bug in a channel")


def test_a_crashing_channel_never_crashes_the_caller(store: AlertStore) -> None:
    result = dispatch([_quality_alert()], [], [_BrokenChannel()], store=store)
    assert (result.failed, result.pending) == (1, 1)
    assert result.errors == ["broken: unexpected RuntimeError"]


def test_daily_digest_once_per_day(store: AlertStore, smtp_server: SmtpServer) -> None:
    down = step_failure_alert("parkings", "raw", "FetchError", STEWARD, None)
    alerts = [_quality_alert(), down]
    first = dispatch(alerts, [], [_email(smtp_server)], store=store, digest_hour=0)
    second = dispatch([], [], [_email(smtp_server)], store=store, digest_hour=0)
    assert (first.digests, second.digests) == (1, 0)

    digests = [m for m in smtp_server.messages if "Récapitulatif" in m.message["Subject"]]
    [digest] = digests
    assert digest.message["Subject"] == (
        "[Open data] Récapitulatif quotidien : 2 problème(s) en cours"
    )
    assert "parkings : Source injoignable" in digest.body()
    assert len(smtp_server.messages) == 3  # two alerts and one digest
