"""Publication errors: each names the portal and the dataset, says why in French, never a secret."""

from __future__ import annotations


class PublishError(Exception):
    """A publication step failed; `retryable` says whether a later re-run may succeed as is."""

    retryable = False
    label = "échec de publication"

    def __init__(self, portal: str, dataset: str, message: str) -> None:
        self.portal = portal
        self.dataset = dataset
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"portail '{self.portal}', jeu '{self.dataset}' : {self.label} : {self.message}"


class MappingError(PublishError):
    """Catalogue metadata that the portal cannot take (unknown licence, theme, bad keyword)."""

    label = "métadonnées non publiables"


class PortalConfigurationError(PublishError):
    """Something only an operator can provide is missing (a push key, a back-office source)."""

    label = "configuration incomplète"


class PortalAuthError(PublishError):
    """Credentials refused (CKAN answers 403 for a bad token, ODS 401/403, DKAN 401/403)."""

    label = "authentification refusée"


class PortalValidationError(PublishError):
    """The portal rejected the request content (CKAN 409, ODS 400 validation_error, DKAN 406)."""

    label = "requête rejetée par le portail"

    def __init__(self, portal: str, dataset: str, message: str, fields: list[str]) -> None:
        self.fields = fields
        super().__init__(portal, dataset, message)


class UploadTooLarge(PublishError):
    """A file exceeds the portal's upload limit (refused before sending, or 409/413 answers)."""

    label = "fichier trop volumineux"


class PortalUnavailable(PublishError):
    """Timeouts, 5xx or 429 after the bounded retries: a later re-run may succeed."""

    retryable = True
    label = "portail indisponible"


class PortalStateError(PublishError):
    """The portal ended its processing in an error state (ODS `error`, `limit_reached`)."""

    label = "traitement en erreur sur le portail"


class PortalProtocolError(PublishError):
    """The portal answered something the contract does not allow (e.g. upload silently dropped)."""

    label = "réponse inattendue du portail"
