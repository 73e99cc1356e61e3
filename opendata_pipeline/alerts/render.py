"""French texts of alerts: e-mail subject, plain-text and HTML bodies, chat webhook payload.

Every free-text field goes through `scrub_text` once more: alerts carry rule IDs, counts and
column names, never a value from the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

from opendata_pipeline import settings
from opendata_pipeline.alerts.model import Alert
from opendata_pipeline.alerts.redact import scrub_text

SUBJECT_PREFIX = "[Open data]"
SIGNATURE = "opendata_pipeline — Montpellier Méditerranée Métropole"
KIND_LABELS = {
    "data_quality": "les données sont non conformes (problème de contenu)",
    "source_down": "la source est injoignable (problème d'accès, pas de données en cause)",
    "portal_down": "un portail de publication est indisponible (pas de données en cause)",
    "run_failure": "échec technique du traitement",
    "stale": "les données publiées ne sont plus à jour",
    "recovery": "problème résolu",
}
DEDUP_NOTE = (
    "Vous ne recevrez pas d'autre alerte pour ce problème tant qu'il n'est pas résolu ; "
    "un message confirmera son rétablissement."
)
PRIVACY_NOTE = (
    "Ces alertes ne contiennent jamais de valeur issue des données : seulement des nombres, "
    "des noms de colonnes et des identifiants de règles."
)


@dataclass(frozen=True)
class Rendered:
    """One message in every form a channel needs."""

    subject: str
    text: str
    html: str
    chat: str

    def webhook_payload(self) -> dict[str, Any]:
        """JSON body accepted by Mattermost and Slack incoming webhooks."""
        return {"text": self.chat, "username": "opendata_pipeline"}


def ui_link(path: str) -> str | None:
    """`DAGSTER_UI_URL` + `path`, or None when the variable is unset."""
    base = (settings.current().ui_url or "").rstrip("/")
    return f"{base}/{path.lstrip('/')}" if base else None


def run_link(run_id: str) -> str | None:
    """Link to a run in the Dagster UI."""
    return ui_link(f"runs/{quote(run_id)}")


def asset_link(asset_path: Sequence[str]) -> str | None:
    """Link to an asset page in the Dagster UI."""
    return ui_link("assets/" + "/".join(quote(part) for part in asset_path))


def _facts(alert: Alert) -> list[tuple[str, str]]:
    facts = [
        ("Jeu de données", alert.dataset),
        ("Nature du problème", KIND_LABELS[alert.kind]),
    ]
    if alert.rule_id:
        facts.append(("Règle", alert.rule_id))
    facts.append(("Détail", alert.message_fr))
    if alert.columns:
        facts.append(("Colonnes concernées", ", ".join(alert.columns)))
    return [(label, scrub_text(value)) for label, value in facts]


def _counts(alert: Alert) -> list[str]:
    return [f"{scrub_text(key)} : {value}" for key, value in sorted(alert.counts.items())]


@dataclass(frozen=True)
class _Content:
    """What a message says, before it is laid out as text, HTML or chat."""

    greeting: str
    intro: str
    facts: list[tuple[str, str]]
    counts: list[str]
    todo: str | None
    link: str | None
    notes: tuple[str, ...]

    def text(self) -> str:
        lines = [self.greeting, "", self.intro, ""]
        lines += [f"{label} : {value}" for label, value in self.facts]
        if self.counts:
            lines += ["Chiffres :"] + [f"  - {item}" for item in self.counts]
        if self.todo:
            lines += ["", f"Que faire : {self.todo}"]
        if self.link:
            lines += ["", f"Voir dans Dagster : {self.link}"]
        lines += ["", *self.notes, "", "-- ", SIGNATURE]
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{escape(label)}</th>"
            f"<td>{escape(value)}</td></tr>"
            for label, value in self.facts
        )
        parts = [f"<p>{escape(self.greeting)}</p>", f"<p><strong>{escape(self.intro)}</strong></p>"]
        parts.append(f"<table>{rows}</table>")
        if self.counts:
            items = "".join(f"<li>{escape(item)}</li>" for item in self.counts)
            parts.append(f"<p>Chiffres :</p><ul>{items}</ul>")
        if self.todo:
            parts.append(f"<p><strong>Que faire :</strong> {escape(self.todo)}</p>")
        if self.link:
            parts.append(f'<p><a href="{escape(self.link)}">Voir dans Dagster</a></p>')
        parts += [f"<p style='color:#666'>{escape(note)}</p>" for note in self.notes]
        parts.append(f"<p style='color:#666'>— {escape(SIGNATURE)}</p>")
        body = "\n".join(parts)
        return f'<!DOCTYPE html>\n<html lang="fr"><body>\n{body}\n</body></html>\n'

    def chat(self, headline: str) -> str:
        lines = [headline, *(f"{label} : {value}" for label, value in self.facts)]
        if self.counts:
            lines.append("Chiffres : " + " ; ".join(self.counts))
        if self.todo:
            lines.append(f"Que faire : {self.todo}")
        if self.link:
            lines.append(f"Voir dans Dagster : {self.link}")
        return "\n".join(lines)

    def rendered(self, subject: str, headline: str) -> Rendered:
        return Rendered(
            subject=subject, text=self.text(), html=self.html(), chat=self.chat(headline)
        )


def render_alert(alert: Alert) -> Rendered:
    """The alert sent when a problem is first seen."""
    title = scrub_text(alert.title_fr)
    subject = f"{SUBJECT_PREFIX} {title} : {alert.dataset}"
    content = _Content(
        greeting=f"Bonjour {alert.steward_name},",
        intro=f"{title} pour le jeu de données « {alert.dataset} ».",
        facts=_facts(alert),
        counts=_counts(alert),
        todo=scrub_text(alert.what_to_do_fr),
        link=alert.run_url,
        notes=(DEDUP_NOTE, PRIVACY_NOTE),
    )
    return content.rendered(
        subject, f"{subject} (responsable : {alert.steward_name}, {alert.steward_email})"
    )


def render_recovery(alert: Alert) -> Rendered:
    """The message sent once the problem `alert` reported is fixed."""
    title = scrub_text(alert.title_fr)
    subject = f"{SUBJECT_PREFIX} Résolu : {title} : {alert.dataset}"
    facts = [("Jeu de données", alert.dataset), ("Nature du problème", KIND_LABELS["recovery"])]
    if alert.rule_id:
        facts.append(("Règle", alert.rule_id))
    content = _Content(
        greeting=f"Bonjour {alert.steward_name},",
        intro=f"Le problème « {title} » du jeu de données « {alert.dataset} » est résolu.",
        facts=facts,
        counts=[],
        todo=None,
        link=None,
        notes=("Aucune action n'est nécessaire.", PRIVACY_NOTE),
    )
    return content.rendered(subject, f"{subject} (responsable : {alert.steward_name})")


def render_digest(steward_name: str, alerts: Sequence[Alert]) -> Rendered:
    """The daily summary of every problem still open for one steward."""
    subject = f"{SUBJECT_PREFIX} Récapitulatif quotidien : {len(alerts)} problème(s) en cours"
    content = _Content(
        greeting=f"Bonjour {steward_name},",
        intro=f"{len(alerts)} problème(s) restent ouverts sur vos jeux de données.",
        facts=[
            (
                alert.dataset,
                scrub_text(f"{alert.title_fr} ({alert.rule_id or KIND_LABELS[alert.kind]})"),
            )
            for alert in alerts
        ],
        counts=[],
        todo=None,
        link=ui_link("assets"),
        notes=("Chaque problème a fait l'objet d'une alerte détaillée.", PRIVACY_NOTE),
    )
    return content.rendered(subject, f"{subject} (responsable : {steward_name})")
