"""Delivery channels: e-mail over SMTP and a chat webhook (Mattermost/Slack compatible).

A channel either delivers or raises `DeliveryError`; it never logs a password, and the error
says which channel and why (the server's answer), so the dispatcher can keep the message.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Literal, Protocol, cast

import requests

from opendata_pipeline.alerts.render import Rendered

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
    def from_env(cls) -> EmailChannel | None:
        """From `STEWARD_SMTP_HOST`/`_PORT`/`_USER`/`_PASSWORD`/`_SECURITY` and
        `STEWARD_MAIL_FROM`; None when no SMTP host is configured."""
        host = os.environ.get("STEWARD_SMTP_HOST", "").strip()
        if not host:
            return None
        security = os.environ.get("STEWARD_SMTP_SECURITY", "auto").strip().lower() or "auto"
        if security not in ("auto", "starttls", "ssl", "none"):
            raise ValueError(
                f"STEWARD_SMTP_SECURITY must be auto, starttls, ssl or none (got '{security}')"
            )
        return cls(
            host=host,
            port=int(os.environ.get("STEWARD_SMTP_PORT", "587")),
            user=os.environ.get("STEWARD_SMTP_USER") or None,
            password=os.environ.get("STEWARD_SMTP_PASSWORD") or None,
            mail_from=os.environ.get("STEWARD_MAIL_FROM") or "opendata-pipeline@localhost",
            security=cast(Security, security),
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

    @classmethod
    def from_env(cls) -> WebhookChannel | None:
        """From `STEWARD_WEBHOOK_URL`; None when it is unset."""
        url = os.environ.get("STEWARD_WEBHOOK_URL", "").strip()
        return cls(url=url) if url else None

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


def channels_from_env() -> list[Channel]:
    """The channels configured by environment variables (possibly none)."""
    configured: list[Channel | None] = [EmailChannel.from_env(), WebhookChannel.from_env()]
    return [channel for channel in configured if channel is not None]
