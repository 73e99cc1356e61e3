"""The personal-data policy (design.md): a catalogue `personal_data` block or a standalone file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .hierarchies import LEVEL_SPELLINGS, is_level_name
from .lexicon import normalize_header

SIMPLE_ACTIONS = (
    "keep",
    "drop",
    "redact",
    "redact_natural_persons",
    "mask_text",
    "generalize",
    "pseudonymize",
)
MAX_SUPPRESSION = 0.05  # R-ANON-K: at most 5 % of the rows suppressed by default

# What each key accepts, in the words of the error a steward reads.
KEY_HELP = {
    "version": "1",
    "description": "un texte libre",
    "public_columns": "une liste de noms de colonnes",
    "public_columns_basis": "un dictionnaire colonne → base légale",
    "not_personal": "un dictionnaire colonne → raison",
    "columns": "un dictionnaire colonne → action",
    "default": "auto ou keep",
    "quasi_identifiers": "une liste de noms de colonnes",
    "k": "un entier au moins égal à 2",
    "max_suppression": "une part des lignes entre 0 et 1 (0.05 = 5 %)",
    "free_text": "une liste de noms de colonnes",
    "secret_columns": "une liste de noms de colonnes",
    "sensitive_attributes": "une liste de noms de colonnes",
    "l_diversity": "un entier au moins égal à 2",
}


class PolicyError(ValueError):
    """A policy that cannot be used; the message is one French sentence naming the key."""


def _check_action(column: str, action: str) -> str:
    if action in SIMPLE_ACTIONS:
        return action
    if action.startswith("generalize:"):
        level = action.split(":", 1)[1].strip()
        if is_level_name(level):
            return f"generalize:{level}"
        raise ValueError(
            f"niveau de généralisation inconnu « {level} » pour la colonne « {column} » "
            f"(niveaux admis : {', '.join(LEVEL_SPELLINGS)})"
        )
    raise ValueError(
        f"action inconnue « {action} » pour la colonne « {column} » (actions admises : "
        f"{', '.join(SIMPLE_ACTIONS)}, generalize:<niveau>)"
    )


class Policy(BaseModel):
    """What to do with each column; `default: auto` lets detection decide."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    description: str | None = None  # free text, shown in reports
    public_columns: list[str] = Field(default_factory=list)
    public_columns_basis: dict[str, str] = Field(default_factory=dict)
    not_personal: dict[str, str] = Field(default_factory=dict)
    columns: dict[str, str] = Field(default_factory=dict)
    default: Literal["auto", "keep"] = "auto"
    quasi_identifiers: list[str] = Field(default_factory=list)
    k: int | None = Field(default=None, ge=2)
    max_suppression: float = Field(default=MAX_SUPPRESSION, ge=0, le=1)
    free_text: list[str] = Field(default_factory=list)
    secret_columns: list[str] = Field(default_factory=list)
    # R-ANON-L: each class on the quasi-identifiers holds at least `l_diversity` distinct
    # values of every sensitive attribute.
    sensitive_attributes: list[str] = Field(default_factory=list)
    l_diversity: int = Field(default=2, ge=2)
    # Row linkage: the name column a row is about, and its contact details (redacted on rows
    # whose subject is a natural person); by default found by the scan.
    subject: str | None = None
    subject_columns: list[str] = Field(default_factory=list)

    @field_validator("columns", mode="before")
    @classmethod
    def _normalize_actions(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out: dict[str, str] = {}
        for column, action in value.items():
            if isinstance(action, dict) and set(action) == {"generalize"}:
                action = f"generalize:{action['generalize']}"
            if not isinstance(action, str):
                raise ValueError(
                    f"l'action de la colonne « {column} » doit être un texte (actions admises : "
                    f"{', '.join(SIMPLE_ACTIONS)}, generalize:<niveau>)"
                )
            out[str(column).strip()] = _check_action(str(column).strip(), action.strip())
        return out

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        for column in self.public_columns:
            action = self.columns.get(column, "keep")
            if action != "keep":
                raise ValueError(
                    f"la colonne « {column} » est dans public_columns mais a l'action "
                    f"« {action} » : une colonne publique est copiée telle quelle (action keep, "
                    "ou retirez-la d'une des deux listes)"
                )
        if self.quasi_identifiers and self.k is None:
            raise ValueError("quasi_identifiers est donné sans k (un entier au moins égal à 2)")
        if self.sensitive_attributes and not self.quasi_identifiers:
            raise ValueError(
                "sensitive_attributes exige quasi_identifiers et k (la ℓ-diversité se mesure "
                "dans les classes des quasi-identifiants)"
            )
        both = sorted(set(self.sensitive_attributes) & set(self.quasi_identifiers))
        if both:
            raise ValueError(
                f"la colonne « {both[0]} » ne peut être à la fois dans quasi_identifiers et "
                "dans sensitive_attributes"
            )
        return self

    def declared_action(self, column: str) -> str | None:
        """The action named for a header (exact, then accent/case/spacing-insensitive match).

        Public columns are `keep`; `not_personal` columns are `keep` unless listed in `columns`;
        `secret_columns` are dropped. None when the policy does not name the column.
        """
        name = column.lstrip("\ufeff").strip()
        for candidate in (name, *self.aliases(name)):
            if candidate in self.secret_columns:
                return "drop"
            if candidate in self.public_columns:
                return "keep"
            if candidate in self.columns:
                return self.columns[candidate]
            if candidate in self.not_personal:
                return "keep"
        return None

    def aliases(self, name: str) -> list[str]:
        """Headers named by the policy that match `name` ignoring accents, case and spacing."""
        key = normalize_header(name)
        return [n for n in self.named_columns() if n != name and normalize_header(n) == key]

    def named_columns(self) -> set[str]:
        """Every header the policy mentions."""
        return {
            *self.public_columns,
            *self.columns,
            *self.not_personal,
            *self.quasi_identifiers,
            *self.free_text,
            *self.secret_columns,
            *self.sensitive_attributes,
            *self.subject_columns,
            *([self.subject] if self.subject else []),
        }

    def action_for(self, column: str) -> str:
        """The declared action for a header (BOM and surrounding spaces ignored)."""
        name = column.lstrip("\ufeff").strip()
        if name in self.public_columns:
            return "keep"
        declared = self.declared_action(name)
        return self.default if declared is None else declared


def explain(exc: ValidationError) -> str:
    """One French sentence for a policy's first validation error: the key and what it accepts
    (never pydantic's wording or links)."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    location = [str(part) for part in first["loc"]]
    key = location[0] if location else ""
    more = f" ({len(errors) - 1} autre(s) erreur(s))" if len(errors) > 1 else ""
    if first["type"] == "extra_forbidden":
        return (
            f"clé inconnue « {key} » dans la politique (clés admises : {', '.join(KEY_HELP)})"
            + more
        )
    if first["type"] == "value_error":
        return str(first["ctx"]["error"]) + more
    return f"valeur invalide pour « {key} » : attendu {KEY_HELP.get(key, '?')}" + more


def load_policy(path: Path) -> Policy:
    """Read a standalone policy file (YAML or JSON); `PolicyError` says in French what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (ligne {mark.line + 1})" if mark is not None else ""
        raise PolicyError(f"le fichier n'est pas du YAML valide{where}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"fichier illisible ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise PolicyError(
            f"une politique est un dictionnaire de clés (clés admises : {', '.join(KEY_HELP)})"
        )
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(explain(exc)) from None
