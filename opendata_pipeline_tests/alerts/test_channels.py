"""E-mail and webhook channels against real servers on 127.0.0.1 (plain SMTP, STARTTLS with
login, a chat webhook that fails then answers)."""

from __future__ import annotations

import pytest

from opendata_pipeline.alerts.build import check_failure_alert
from opendata_pipeline.alerts.channels import (
    DeliveryError,
    EmailChannel,
    WebhookChannel,
    configured_channels,
)
from opendata_pipeline.alerts.render import Rendered, render_alert
from opendata_pipeline.settings import Settings
from opendata_pipeline_tests.alerts.conftest import (
    STEWARD,
    SmtpServer,
    TlsFiles,
    WebhookReceiver,
    free_port,
    password_authenticator,
    start_smtp,
)


def _message() -> Rendered:
    alert = check_failure_alert(
        "subventions-associations",
        "table_schema",
        {"rule_id": "R-SCHEMA-TYPE", "message_fr": "Montants non numériques", "lignes": 4},
        STEWARD,
        "http://dagster.test/runs/r1",
    )
    return render_alert(alert)


def test_email_reaches_the_steward_with_text_and_html(smtp_server: SmtpServer) -> None:
    channel = EmailChannel(host="127.0.0.1", port=smtp_server.port, mail_from="od@example.org")
    channel.send(_message(), STEWARD.email, STEWARD.name)

    [received] = smtp_server.messages
    assert received.recipients == ["vie-associative@example.org"]
    assert received.mail_from == "od@example.org"
    assert received.message["Subject"] == (
        "[Open data] Données non conformes (règle R-SCHEMA-TYPE) : subventions-associations"
    )
    assert "Service Vie associative" in received.message["To"]
    assert "Montants non numériques" in received.body("plain")
    assert "lignes : 4" in received.body("plain")
    assert '<a href="http://dagster.test/runs/r1">' in received.body("html")


def test_email_with_starttls_and_login(tls_files: TlsFiles) -> None:
    server = start_smtp(
        free_port(),
        tls_context=tls_files.server_context(),
        require_starttls=True,
        auth_required=True,
        authenticator=password_authenticator("alerts", "s3cret-pw"),
    )
    try:
        channel = EmailChannel(
            host="127.0.0.1",
            port=server.port,
            mail_from="od@example.org",
            user="alerts",
            password="s3cret-pw",
            security="starttls",
            ssl_context=tls_files.client_context(),
        )
        channel.send(_message(), STEWARD.email, STEWARD.name)
        assert [m.recipients for m in server.messages] == [["vie-associative@example.org"]]

        wrong = EmailChannel(
            host="127.0.0.1",
            port=server.port,
            mail_from="od@example.org",
            user="alerts",
            password="not-the-pw-xyz",
            ssl_context=tls_files.client_context(),
        )
        with pytest.raises(DeliveryError) as failure:
            wrong.send(_message(), STEWARD.email, STEWARD.name)
        assert "SMTPAuthenticationError" in str(failure.value)
        assert "not-the-pw-xyz" not in str(failure.value)
        assert "not-the-pw-xyz" not in repr(wrong)
        assert len(server.messages) == 1
    finally:
        server.controller.stop()


def test_unreachable_smtp_server_raises_delivery_error() -> None:
    channel = EmailChannel(host="127.0.0.1", port=free_port(), mail_from="od@example.org")
    with pytest.raises(DeliveryError, match="email: ConnectionRefusedError"):
        channel.send(_message(), STEWARD.email, STEWARD.name)


def test_configured_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STEWARD_SMTP_HOST", "STEWARD_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    assert configured_channels() == []

    monkeypatch.setenv("STEWARD_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("STEWARD_SMTP_PORT", "465")
    monkeypatch.setenv("STEWARD_SMTP_USER", "alerts")
    monkeypatch.setenv("STEWARD_SMTP_PASSWORD", "hunter2-secret")
    monkeypatch.setenv("STEWARD_MAIL_FROM", "opendata@example.org")
    monkeypatch.setenv("STEWARD_WEBHOOK_URL", "https://chat.example.org/hooks/token123")
    email, hook = configured_channels()
    assert isinstance(email, EmailChannel) and isinstance(hook, WebhookChannel)
    assert (email.host, email.port, email.user, email.mail_from) == (
        "smtp.example.org", 465, "alerts", "opendata@example.org",
    )  # fmt: skip
    assert "hunter2-secret" not in repr(email)
    assert "token123" not in repr(hook)

    monkeypatch.setenv("STEWARD_SMTP_SECURITY", "maybe")
    with pytest.raises(ValueError, match="STEWARD_SMTP_SECURITY"):
        EmailChannel.from_settings(Settings.from_env().smtp)


def test_webhook_posts_slack_compatible_json(webhook: WebhookReceiver) -> None:
    WebhookChannel(url=webhook.url).send(_message(), STEWARD.email, STEWARD.name)

    [post] = webhook.posts
    assert set(post) == {"text", "username"}
    assert post["text"].startswith("[Open data] Données non conformes (règle R-SCHEMA-TYPE)")
    assert "Voir dans Dagster : http://dagster.test/runs/r1" in post["text"]


def test_webhook_retries_server_errors_but_not_client_errors(webhook: WebhookReceiver) -> None:
    channel = WebhookChannel(url=webhook.url, attempts=3, backoff_s=0)
    webhook.script = [503, 500]
    channel.send(_message(), STEWARD.email, STEWARD.name)
    assert len(webhook.posts) == 1

    webhook.script = [404, 404]
    with pytest.raises(DeliveryError, match="HTTP 404"):
        channel.send(_message(), STEWARD.email, STEWARD.name)
    assert webhook.script == [404]  # one attempt only: a wrong URL does not heal
