"""What an alert says: one problem of one dataset, addressed to its steward."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

AlertKind = Literal[
    "data_quality", "source_down", "portal_down", "run_failure", "stale", "recovery"
]
ALERT_KINDS: tuple[str, ...] = get_args(AlertKind)


@dataclass(frozen=True)
class Alert:
    """One problem (`problem_key`) of one dataset, in French, with counts only (never a value).

    `kind` separates "the data is bad" (`data_quality`) from "something is down"
    (`source_down`, `portal_down`, `run_failure`) and from `stale`; `recovery` is the message
    sent once the problem is fixed. `columns` may name columns (never their values).
    """

    dataset: str
    problem_key: str
    kind: AlertKind
    rule_id: str | None
    title_fr: str
    message_fr: str
    counts: dict[str, int]
    what_to_do_fr: str
    run_url: str | None
    steward_email: str
    steward_name: str
    columns: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in ALERT_KINDS:
            raise ValueError(f"unknown alert kind '{self.kind}' (expected one of {ALERT_KINDS})")
        if not self.dataset or not self.problem_key:
            raise ValueError("an alert needs a dataset and a problem key")

    @property
    def problem(self) -> tuple[str, str]:
        """The deduplication key: (dataset, problem_key)."""
        return (self.dataset, self.problem_key)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["columns"] = list(self.columns)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alert:
        values = dict(data)
        values["columns"] = tuple(values.get("columns", ()))
        values["counts"] = {str(k): int(v) for k, v in values.get("counts", {}).items()}
        return cls(**values)
