"""Schema drift between two snapshots' columns: added, removed, renamed and retyped columns.

A column is *renamed* when, at the same position, the previous name is gone, the new name is
new and the type is unchanged. Nothing is coerced: the report only describes the change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Columns = list[tuple[str, str]]


@dataclass
class DriftReport:
    """Differences between the previous and the current column lists."""

    first_snapshot: bool = False
    added: Columns = field(default_factory=list)
    removed: Columns = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # (old, new, type)
    retyped: list[tuple[str, str, str]] = field(default_factory=list)  # (name, old, new)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.renamed or self.retyped)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["has_changes"] = self.has_changes
        return out

    def to_markdown(self) -> str:
        """A readable diff (French, for data stewards)."""
        if self.first_snapshot:
            return "Premier instantané : pas de schéma précédent à comparer."
        if not self.has_changes:
            return "Schéma inchangé depuis l'instantané précédent."
        lines = ["| changement | colonne | avant | après |", "|---|---|---|---|"]
        lines += [f"| ajoutée | `{n}` | | {t} |" for n, t in self.added]
        lines += [f"| supprimée | `{n}` | {t} | |" for n, t in self.removed]
        lines += [f"| renommée | `{o}` → `{n}` | {t} | {t} |" for o, n, t in self.renamed]
        lines += [f"| type modifié | `{n}` | {o} | {t} |" for n, o, t in self.retyped]
        return "\n".join(lines)


def schema_drift(previous: Columns | None, current: Columns) -> DriftReport:
    """Compare the (name, type) lists of the previous and the current snapshot."""
    if previous is None:
        return DriftReport(first_snapshot=True)
    before = dict(previous)
    after = dict(current)
    retyped = [(n, before[n], t) for n, t in current if n in before and before[n] != t]
    gone = {n for n in before if n not in after}
    new = {n for n in after if n not in before}
    renamed: list[tuple[str, str, str]] = []
    for position, (old_name, old_type) in enumerate(previous):
        if position >= len(current) or old_name not in gone:
            continue
        new_name, new_type = current[position]
        if new_name in new and new_type == old_type:
            renamed.append((old_name, new_name, old_type))
            gone.discard(old_name)
            new.discard(new_name)
    return DriftReport(
        added=[(n, t) for n, t in current if n in new],
        removed=[(n, t) for n, t in previous if n in gone],
        renamed=renamed,
        retyped=retyped,
    )
