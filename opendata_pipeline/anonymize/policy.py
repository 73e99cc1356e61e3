"""The personal-data policy (design.md): a catalogue `personal_data` block or a standalone file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
GENERALIZE_LEVELS = ("year", "month", "age_band", "postcode_department")
_GRID = re.compile(r"^grid_(\d+)m$")


def _check_action(action: str) -> str:
    if action in SIMPLE_ACTIONS:
        return action
    if action.startswith("generalize:"):
        level = action.split(":", 1)[1].strip()
        if level in GENERALIZE_LEVELS or _GRID.match(level):
            return f"generalize:{level}"
        raise ValueError(
            f"unknown generalize level '{level}' (expected one of "
            f"{', '.join(GENERALIZE_LEVELS)} or grid_<m>m)"
        )
    raise ValueError(f"unknown action '{action}' (expected one of {', '.join(SIMPLE_ACTIONS)})")


class Policy(BaseModel):
    """What to do with each column; `default: auto` lets detection decide."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    public_columns: list[str] = Field(default_factory=list)
    public_columns_basis: dict[str, str] = Field(default_factory=dict)
    not_personal: dict[str, str] = Field(default_factory=dict)
    columns: dict[str, str] = Field(default_factory=dict)
    default: Literal["auto", "keep"] = "auto"
    quasi_identifiers: list[str] = Field(default_factory=list)
    k: int | None = Field(default=None, ge=2)
    free_text: list[str] = Field(default_factory=list)
    secret_columns: list[str] = Field(default_factory=list)
    sensitive_attributes: list[str] = Field(default_factory=list)
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
                raise ValueError(f"column '{column}': action must be a string")
            try:
                out[str(column).strip()] = _check_action(action.strip())
            except ValueError as exc:
                raise ValueError(f"column '{column}': {exc}") from None
        return out

    @model_validator(mode="after")
    def _public_columns_are_kept(self) -> Policy:
        for column in self.public_columns:
            action = self.columns.get(column, "keep")
            if action != "keep":
                raise ValueError(
                    f"column '{column}' is listed in public_columns but has action '{action}': "
                    "public columns are copied verbatim (use keep or remove it from one list)"
                )
        if self.quasi_identifiers and self.k is None:
            raise ValueError("quasi_identifiers given without k")
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


def load_policy(path: Path) -> Policy:
    """Read a standalone policy file (YAML or JSON)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a policy must be a mapping")
    return Policy.model_validate(data)
