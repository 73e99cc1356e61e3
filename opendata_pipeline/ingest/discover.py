"""Find the records of a JSON or XML document when the catalogue gives no `record_path`.

Every repeated object is a candidate: a JSON list of objects, a JSON object keyed by id
(`{"<id>": {...}, "<id>": {...}}`), an XML element that repeats. Its count is the number of
records, its share the part of the document's nodes inside them. The candidate covering the
most of the document wins (the outermost on a tie); when its records are only containers of a
nested candidate (≥ 60 % of its share, ≥ 2 × its count: stations holding their measures,
regions holding departments holding communes), the nested one is taken and each record keeps
its parents' fields. A candidate covering under MIN_SHARE of the document, or a rival (neither
inside nor around it) holding at least half its share, makes the document ambiguous: the
reader refuses it with the three best candidate paths and their counts, for the steward to
copy one into the catalogue.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

MIN_SHARE = 0.3
NESTED_SHARE = 0.6
NESTED_COUNT = 2
KEYED_MIN_ENTRIES = 2


@dataclass
class Candidate:
    """A set of records: where (`path` as `record_path` spells it), how many, how much of the
    document they hold; `prefix` locates the records, to tell which candidate holds which."""

    path: str
    prefix: tuple[str, ...]
    count: int = 0
    nodes: int = 0
    share: float = 0.0

    def inside(self, other: Candidate) -> bool:
        return self is not other and self.prefix[: len(other.prefix)] == other.prefix

    def describe(self) -> str:
        where = f"« {self.path} »" if self.path else "la racine du document"
        return f"{where} ({self.count} enregistrements, {self.share:.0%} du document)"


class Ambiguous(Exception):
    """No clearly dominant set of records: the best candidates, for the steward."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        if not self.candidates:
            return "aucun ensemble d'enregistrements répété trouvé"
        listed = " ; ".join(c.describe() for c in self.candidates)
        return (
            "impossible de savoir quels éléments sont les enregistrements : indiquez "
            f"record_path dans l'entrée du catalogue parmi {listed}"
        )


def dominant(candidates: list[Candidate], total: int) -> Candidate | None:
    """The clearly dominant candidate (see the module docstring), None when nothing repeats;
    `Ambiguous` when it is not clear."""
    found = [c for c in candidates if c.count >= 2]
    if not found:
        return None
    for c in found:
        c.share = c.nodes / max(total, 1)
    ranked = sorted(found, key=lambda c: (-c.share, len(c.prefix)))
    best = ranked[0]
    while True:
        nested = [
            c
            for c in ranked
            if c.inside(best)
            and c.share >= NESTED_SHARE * best.share
            and c.count >= NESTED_COUNT * best.count
        ]
        if not nested:
            break
        best = nested[0]
    rivals = [c for c in ranked if not c.inside(best) and not best.inside(c) and c is not best]
    if best.share < MIN_SHARE or any(r.share >= best.share / 2 for r in rivals):
        raise Ambiguous(ranked[:3])
    return best


# JSON ----------------------------------------------------------------------------------------


def keyed_by_id(node: Mapping[str, Any]) -> bool:
    """An object whose values are all objects sharing most of their keys: records by id."""
    values = list(node.values())
    if len(values) < KEYED_MIN_ENTRIES or not all(isinstance(v, dict) and v for v in values):
        return False
    union = set().union(*(v.keys() for v in values))
    return sum(len(v) for v in values) / (len(values) * len(union)) >= 0.5


def json_candidates(doc: Any) -> tuple[list[Candidate], int]:
    """The candidates of a JSON document and its number of nodes."""
    found: dict[tuple[str, ...], Candidate] = {}

    def candidate(prefix: tuple[str, ...], path: str) -> Candidate:
        return found.setdefault(prefix, Candidate(path, prefix))

    def walk(node: Any, path: tuple[str, ...]) -> int:
        if isinstance(node, dict):
            if keyed_by_id(node):
                prefix = (*path, "*")
                sizes = [walk(v, prefix) for v in node.values()]
                c = candidate(prefix, ".".join(prefix))
                c.count, c.nodes = c.count + len(sizes), c.nodes + sum(sizes) + len(sizes)
                return 1 + sum(sizes) + len(sizes)
            return 1 + sum(walk(v, (*path, str(k))) for k, v in node.items())
        if isinstance(node, list):
            prefix = (*path, "*")
            sizes = [walk(item, prefix) for item in node]
            objects = sum(isinstance(item, dict) for item in node)
            if node and objects >= 0.8 * len(node):
                c = candidate(prefix, ".".join(path))
                c.count, c.nodes = c.count + objects, c.nodes + sum(sizes)
            return 1 + sum(sizes)
        return 1

    total = walk(doc, ())
    return list(found.values()), total


def parallel_arrays(node: Any) -> dict[str, str]:
    """Equal-length lists of scalars in one object (a time series: `index`, `values`) that
    hold most of it: {key: key}, else {}."""
    if not isinstance(node, dict):
        return {}
    lists = {
        k: v
        for k, v in node.items()
        if isinstance(v, list) and len(v) >= 2 and not any(isinstance(x, dict | list) for x in v)
    }
    lengths = {len(v) for v in lists.values()}
    if len(lists) < 2 or len(lengths) != 1:
        return {}
    return {k: k for k in lists}


# XML -----------------------------------------------------------------------------------------


def local(tag: str) -> str:
    """A tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def xml_candidates(root: ET.Element) -> tuple[list[Candidate], int, dict[str, str]]:
    """The candidates of an XML tree, its number of nodes (elements and attributes) and, per
    candidate path, the tag of its records. An element nested in one of the same name (an
    account inside its parent account) belongs to the outermost one's candidate: `//Tag`."""
    found: dict[tuple[str, ...], Candidate] = {}
    tags: dict[str, str] = {}
    recursive: set[tuple[str, ...]] = set()

    def walk(element: ET.Element, path: tuple[str, ...], wrapped: bool) -> int:
        tag = local(element.tag)
        # `<measuredValue index="1"><measuredValue>…` (DATEX II): an only child of the same
        # name without attributes is a wrapper, not a record nested in its parent record
        nested = tag in path and not (wrapped and not element.attrib)
        key = path[: path.index(tag) + 1] if nested else (*path, tag)
        if nested:
            recursive.add(key)
        only = len(element) == 1
        size = 1 + len(element.attrib)
        size += sum(walk(child, key, only and local(child.tag) == tag) for child in element)
        c = found.setdefault(key, Candidate("/".join(key), key))
        c.count += 1
        if not nested:  # the outermost of nested same-name elements holds the nodes
            c.nodes += size
        return size

    total = walk(root, (), False)
    for key in recursive:
        found[key].path = "//" + key[-1]
    del found[(local(root.tag),)]
    for c in found.values():
        tags[c.path] = c.prefix[-1]
    return list(found.values()), total, tags


def leaf_fields(
    element: ET.Element, skip: Callable[[ET.Element], bool] = lambda e: False
) -> dict[str, Any]:
    """Attributes and leaf children of `element` (the parent fields its nested records keep)."""
    row: dict[str, Any] = {local(k): v for k, v in element.attrib.items()}
    for child in element:
        if len(child) == 0 and not skip(child):
            text = (child.text or "").strip()
            name = local(child.tag)
            if text:
                row[name] = text
            elif len(child.attrib) == 1:
                row[name] = next(iter(child.attrib.values()))
            else:
                row.update({f"{name}_{local(k)}": v for k, v in child.attrib.items()})
    return row
