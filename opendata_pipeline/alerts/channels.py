"""Delivery channels: e-mail over SMTP and a chat webhook (Mattermost/Slack compatible).

A channel either delivers or raises `DeliveryError`; it never logs a password, and the error
says which channel and why (the server's answer), so the dispatcher can keep the message.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Literal, Protocol, cast

import requests

from opendata_pipeline.alerts.render import Rendered
from opendata_pipeline.settings import Settings, SmtpSettings, current

Security = Literal["auto", "starttls", "ssl", "none"]


class DeliveryError(Exception):
    """A message could not be delivered through one channel (it will be retried)."""

    def __init__(self, channel: str, reason: str) -> None:
        self.channel = channel
        self.reason = reason
        super().__init__(f"{channel}: {reason}")


class Channel(Protocol):
    """Something that delivers one rendered message to one steward."""

    @property
    def name(self) -> str: ...

    def send(self, message: Rendered, recipient_email: str, recipient_name: str) -> None: ...


@dataclass(frozen=True)
class EmailChannel:
    """SMTP delivery; `security`: `auto` (implicit TLS on port 465, else STARTTLS when offered),
    `starttls` (required), `ssl` (implicit TLS) or `none`. Logs in only when `user` is set."""

    host: str
    mail_from: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    security: Security = "auto"
    timeout_s: float = 15.0
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)
    name: str = "email"

    @classmethod
    def from_settings(cls, config: SmtpSettings | None) -> EmailChannel | None:
        """From `STEWARD_SMTP_HOST`/`_PORT`/`_USER`/`_PASSWORD`/`_SECURITY` and
        `STEWARD_MAIL_FROM`; None when no SMTP host is configured."""
        if config is None:
            return None
        if config.security not in ("auto", "starttls", "ssl", "none"):
            raise ValueError(
                f"STEWARD_SMTP_SECURITY must be auto, starttls, ssl or none (got '{config.security}')"
            )
        return cls(
            host=config.host,
            port=config.port,
            user=config.user,
            password=config.password,
            mail_from=config.mail_from,
            security=cast(Security, config.security),
        )

    def build(self, message: Rendered, recipient_email: str, recipient_name: str) -> EmailMessage:
        """The MIME message: plain text with an HTML alternative, UTF-8."""
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail["From"] = self.mail_from
        mail["To"] = formataddr((recipient_name, recipient_email))
        mail["Message-ID"] = make_msgid(domain=self.mail_from.rpartition("@")[2] or None)
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        return mail

    def _connect(self) -> smtplib.SMTP:
        context = self.ssl_context or ssl.create_default_context()
        if self.security == "ssl" or (self.security == "auto" and self.port == 465):
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout_s, context=context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
        smtp.ehlo()
        if self.security == "starttls" or (self.security == "auto" and smtp.has_extn("starttls")):
            smtp.starttls(context=context)
            smtp.ehlo()
        return smtp

    def send(self, message: Rendered, recipient_email: str, recipient_name: str) -> None:
        mail = self.build(message, recipient_email, recipient_name)
        try:
            with self._connect() as smtp:
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            # smtplib errors carry the server's reply, never the password we sent
            raise DeliveryError(self.name, f"{type(exc).__name__}: {exc}") from None


@dataclass(frozen=True)
class WebhookChannel:
    """POST of a Mattermost/Slack incoming-webhook JSON body, retried on network errors,
    HTTP 429 and 5xx."""

    url: str = field(repr=False)
    timeout_s: float = 10.0
    attempts: int = 3
    backoff_s: float = 1.0
    name: str = "webhook"

    def send(self, message: Rendered, recipient_email: str, recipient_name: str) -> None:
        reason = "not attempted"
        for attempt in range(1, self.attempts + 1):
            try:
                response = requests.post(
                    self.url, json=message.webhook_payload(), timeout=self.timeout_s
                )
            except requests.RequestException as exc:
                reason = type(exc).__name__  # the message would repeat the URL (a secret)
            else:
                if response.status_code < 300:
                    return
                reason = f"HTTP {response.status_code}"
                if response.status_code != 429 and response.status_code < 500:
                    break
            if attempt < self.attempts:
                time.sleep(self.backoff_s * attempt)
        raise DeliveryError(self.name, reason)


def configured_channels(config: Settings | None = None) -> list[Channel]:
    """The channels the settings configure (possibly none)."""
    config = config or current()
    channels: list[Channel] = []
    if email := EmailChannel.from_settings(config.smtp):
        channels.append(email)
    if config.webhook_url:
        channels.append(WebhookChannel(url=config.webhook_url))
    return channels
