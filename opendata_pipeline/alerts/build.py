"""Turn plain facts (check metadata, a failed step, an age) into French `Alert`s.

Only rule IDs, counts and column names are copied from the facts; free text goes through
`scrub_text`, and exception messages are never read (only the exception class name).
"""

from __future__ import annotations

from collections.abc import Mapping

from opendata_pipeline.alerts.model import Alert, AlertKind
from opendata_pipeline.alerts.redact import scrub_text
from opendata_pipeline.catalog.model import Steward
from opendata_pipeline.publish.portals import by_asset_prefix

STALE_FACTOR = 1.5  # R-FRESHNESS: stale after 1.5 x the declared period
# Exception class names (the message is never read) that mean "something is unreachable"...
UNREACHABLE_ERROR_CLASSES = frozenset(
    {
        "FetchError", "ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout",
        "TimeoutError", "HTTPError", "URLError", "SSLError", "ConnectionRefusedError",
        "ConnectionResetError", "RemoteDisconnected", "gaierror",
    }
)  # fmt: skip
# ... and that mean "the data is bad".
DATA_ERROR_CLASSES = frozenset({"DatasetError"})

_CHECK_ADVICE = {
    "personal_data_absent": (
        "Des données personnelles restent dans les données nettoyées. Complétez la politique "
        "de données personnelles du jeu (bloc « personal_data » de son entrée du catalogue) "
        "pour les colonnes citées, puis relancez le traitement."
    ),
    "k_anonymity": (
        "Des groupes de lignes sont trop petits sur les quasi-identifiants. Généralisez "
        "davantage ces colonnes ou réduisez la liste « quasi_identifiers » dans la politique, "
        "puis relancez le traitement."
    ),
    "table_schema": (
        "Les données ne respectent pas le schéma déclaré. Consultez le détail du contrôle dans "
        "Dagster (colonnes et nombre de lignes en cause), corrigez la source ou le schéma, puis "
        "relancez le traitement."
    ),
    "optional_metadata": (
        "Le jeu est publié, sans la métadonnée citée : le portail ne la connaît pas (un thème "
        "absent de sa liste, un champ que ses modèles n'ont pas). Choisissez dans l'entrée du "
        "catalogue une valeur que le portail connaît, ou demandez à son administrateur de "
        "l'ajouter ; la publication suivante la reprendra."
    ),
    "legal_rules": (
        "Une règle légale de publication n'est pas satisfaite (licence, format ouvert, "
        "métadonnées, fraîcheur). Complétez l'entrée du catalogue selon la règle citée, puis "
        "relancez le traitement."
    ),
}
_CHECK_TITLES = {"optional_metadata": "Métadonnée facultative non publiée"}
_DEFAULT_CHECK_ADVICE = (
    "Consultez le détail du contrôle dans Dagster, corrigez la source ou l'entrée du catalogue, "
    "puis relancez le traitement."
)
_NOT_BLOCKING = " Ce contrôle ne bloque pas la publication."
_BLOCKED = " La version publiée précédente reste en ligne : rien n'a été envoyé aux portails."


def _counts(metadata: Mapping[str, object]) -> dict[str, int]:
    return {
        key: value
        for key, value in metadata.items()
        if isinstance(value, int) and not isinstance(value, bool) and not key.startswith("dagster/")
    }


def _columns(metadata: Mapping[str, object]) -> tuple[str, ...]:
    value = metadata.get("columns")
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return ()


def check_failure_alert(
    dataset: str,
    check_name: str,
    metadata: Mapping[str, object],
    steward: Steward,
    run_url: str | None,
    *,
    blocks_publication: bool = True,
) -> Alert:
    """A failed asset check (the data is bad): `rule_id`, `message_fr`, int counts, `columns`.

    `blocks_publication`: the check is blocking with ERROR severity, so nothing was published.
    """
    rule_id = metadata.get("rule_id")
    rule = rule_id if isinstance(rule_id, str) and rule_id else None
    message = metadata.get("message_fr")
    text = message if isinstance(message, str) and message.strip() else None
    return Alert(
        dataset=dataset,
        problem_key=f"check:{check_name}",
        kind="data_quality",
        rule_id=rule,
        title_fr=_CHECK_TITLES.get(check_name)
        or (
            f"Données non conformes (règle {rule})"
            if rule
            else f"Données non conformes (contrôle « {check_name} »)"
        ),
        message_fr=scrub_text(text or f"Le contrôle « {check_name} » a échoué."),
        counts=_counts(metadata),
        what_to_do_fr=_CHECK_ADVICE.get(check_name, _DEFAULT_CHECK_ADVICE)
        + (_BLOCKED if blocks_publication else _NOT_BLOCKING),
        run_url=run_url,
        steward_email=str(steward.email),
        steward_name=steward.name,
        columns=_columns(metadata),
    )


def step_failure_alert(
    dataset: str, stage: str, error_class: str | None, steward: Steward, run_url: str | None
) -> Alert:
    """A failed step of `stage` (`raw`, `clean`, `published`, `portal_*`), told apart by cause.

    A network-like error (`FetchError`, timeouts...) of `raw` means the source is down; any
    failure of `portal_*` that the portal is down or refused the upload; a `DatasetError` that
    the input is bad (`data_quality`); the rest is a `run_failure`.
    """
    error = error_class or "inconnue"

    def alert(kind: AlertKind, title: str, message: str, advice: str) -> Alert:
        return Alert(
            dataset=dataset,
            problem_key=f"step:{stage}",
            kind=kind,
            rule_id=None,
            title_fr=title,
            message_fr=message,
            counts={},
            what_to_do_fr=advice,
            run_url=run_url,
            steward_email=str(steward.email),
            steward_name=steward.name,
        )

    unreachable = error_class in UNREACHABLE_ERROR_CLASSES
    if stage == "raw" and unreachable:
        return alert(
            "source_down",
            "Source injoignable",
            (
                f"La source du jeu n'a pas pu être lue (erreur {error}). Il s'agit d'un problème "
                "d'accès, pas d'un problème dans les données."
            ),
            (
                "Vérifiez auprès du producteur que la source (URL de l'entrée du catalogue) est "
                "en ligne. Le traitement réessaiera au prochain passage ; la version publiée "
                "reste en ligne."
            ),
        )
    spec = by_asset_prefix(stage)
    if spec is not None:
        portal = spec.name
        return alert(
            "portal_down",
            f"Portail {portal} indisponible",
            (
                f"La publication sur {portal} a échoué (erreur {error}) : le portail est "
                "injoignable ou a refusé l'envoi. Les contrôles des données sont passés et "
                "l'autre portail n'est pas affecté."
            ),
            (
                f"Aucune correction des données n'est a priori nécessaire. Relancez la "
                f"publication sur {portal} depuis Dagster quand le portail répond à nouveau "
                "(seule l'étape en échec est refaite)."
            ),
        )
    if error_class in DATA_ERROR_CLASSES:
        return alert(
            "data_quality",
            "Données illisibles ou invalides",
            f"L'étape « {stage} » a rejeté les données du jeu (erreur {error}).",
            (
                "Le message d'erreur dans Dagster indique le fichier, la ligne et le champ en "
                "cause. Corrigez la source ou les options de lecture dans le catalogue, puis "
                "relancez le traitement." + _BLOCKED
            ),
        )
    return alert(
        "run_failure",
        "Échec technique du traitement",
        f"L'étape « {stage} » du jeu a échoué (erreur {error}).",
        (
            "Transmettez ce message à l'équipe data avec le lien vers l'exécution ; elle "
            "relancera le traitement une fois la cause corrigée." + _BLOCKED
        ),
    )


def stale_alert(
    dataset: str, age_hours: float, period_hours: float, steward: Steward, url: str | None
) -> Alert:
    """The published data is older than 1.5 x its declared period (R-FRESHNESS)."""
    return Alert(
        dataset=dataset,
        problem_key="stale",
        kind="stale",
        rule_id="R-FRESHNESS",
        title_fr="Jeu de données non mis à jour",
        message_fr=(
            f"La dernière publication date de {age_hours:.0f} h, au-delà de 1,5 fois la période "
            f"déclarée ({period_hours:g} h)."
        ),
        counts={
            "heures_depuis_publication": int(age_hours),
            "periode_declaree_heures": int(period_hours),
        },
        what_to_do_fr=(
            "Vérifiez que la source publie toujours et que la planification tourne dans Dagster, "
            "ou corrigez la fréquence déclarée (« frequency ») dans l'entrée du catalogue."
        ),
        run_url=url,
        steward_email=str(steward.email),
        steward_name=steward.name,
    )
