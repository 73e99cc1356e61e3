"""SHACL validation of the DCAT catalogue against the bundled DCAT-AP 3.0.0 and HVD 3.0.0 shapes.

The whole catalogue is checked against DCAT-AP 3.0.0; its high-value part (the catalogue node,
the high-value datasets and every node they reach) against DCAT-AP HVD 3.0.0, whose shapes
target every dataset of the graph they read. pyshacl is imported when a check runs.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, SH
from rdflib.term import Node

from opendata_pipeline.verdict import CheckVerdict

SHAPES_DIR = Path(__file__).parent / "shacl"
DCAT_AP = "DCAT-AP 3.0.0"
HVD = "DCAT-AP HVD 3.0.0"
SHAPES = {DCAT_AP: "dcat-ap-3.0.0-SHACL.ttl", HVD: "dcat-ap-hvd-3.0.0-SHACL.ttl"}


@dataclass(frozen=True)
class ShaclIssue:
    """One SHACL result: the node, the property and the constraint it breaks."""

    profile: str
    focus: str
    path: str
    constraint: str
    message: str


@dataclass
class ShaclReport:
    """Every issue per profile, and how many datasets each profile checked."""

    issues: list[ShaclIssue] = field(default_factory=list)
    datasets: dict[str, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not self.issues

    def counts(self) -> dict[str, int]:
        return {profile: sum(1 for i in self.issues if i.profile == profile) for profile in SHAPES}

    def summary_fr(self) -> str:
        checked = ", ".join(f"{p} : {n} jeu(x)" for p, n in self.datasets.items())
        if self.conforms:
            return f"Catalogue DCAT conforme ({checked})."
        counts = ", ".join(f"{n} écart(s) {p}" for p, n in self.counts().items() if n)
        top = Counter((i.path, i.constraint) for i in self.issues).most_common(3)
        worst = "; ".join(f"{path} ({constraint}) ×{n}" for (path, constraint), n in top)
        return f"Catalogue DCAT non conforme : {counts} ({checked}). Principaux : {worst}."

    def verdict(self) -> CheckVerdict:
        """The `dcat_ap_shacl` check (R-METADATA, R-HVD): blocking."""
        counts = self.counts()
        return CheckVerdict(
            "dcat_ap_shacl",
            self.conforms,
            True,
            self.summary_fr(),
            {
                "rule_id": "R-METADATA, R-HVD",
                "results_dcat_ap": counts[DCAT_AP],
                "results_hvd": counts[HVD],
            },
            self.markdown(),
        )

    def markdown(self, limit: int = 50) -> str:
        lines = ["| profil | nœud | propriété | contrainte | message |", "|---|---|---|---|---|"]
        for i in self.issues[:limit]:
            lines.append(f"| {i.profile} | {i.focus} | {i.path} | {i.constraint} | {i.message} |")
        if len(self.issues) > limit:
            lines.append(f"| … | {len(self.issues) - limit} de plus | | | |")
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        """The report as a French HTML page (written beside the rejected catalogue)."""
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in
                             (i.profile, i.focus, i.path, i.constraint, i.message)) + "</tr>"
            for i in self.issues
        )  # fmt: skip
        return (
            "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
            "<title>Validation SHACL du catalogue DCAT</title></head><body>"
            f"<h1>Validation SHACL du catalogue DCAT</h1><p>{html.escape(self.summary_fr())}</p>"
            "<table border='1'><tr><th>profil</th><th>nœud</th><th>propriété</th>"
            f"<th>contrainte</th><th>message</th></tr>{rows}</table></body></html>\n"
        )


@functools.cache
def shapes(profile: str) -> Graph:
    """The bundled shapes of one profile (parsed once per process)."""
    return Graph().parse(SHAPES_DIR / SHAPES[profile], format="turtle")


def high_value_part(graph: Graph, datasets: Iterable[URIRef]) -> Graph:
    """The catalogue restricted to `datasets`: the catalogue node, those datasets and every
    node reachable from them (other datasets and their own services are left out)."""
    keep = set(datasets)
    others = set(graph.subjects(RDF.type, DCAT.Dataset)) - keep
    others |= {  # the services of those datasets alone
        service
        for service in graph.subjects(RDF.type, DCAT.DataService)
        if set(graph.objects(service, DCAT.servesDataset)) <= others
    }
    part = Graph()
    for prefix, namespace in graph.namespaces():
        part.bind(prefix, namespace)
    todo: list[Node] = [*keep, *graph.subjects(RDF.type, DCAT.Catalog)]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for _, predicate, obj in graph.triples((node, None, None)):
            if obj in others:
                continue
            part.add((node, predicate, obj))
            if not isinstance(obj, Literal):
                todo.append(obj)
    return part


def _issues(profile: str, data: Graph) -> list[ShaclIssue]:
    from pyshacl import validate

    _, results, _ = validate(data, shacl_graph=shapes(profile), advanced=False, inference="none")
    assert isinstance(results, Graph)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):

        def text(predicate: URIRef, result: Node = result) -> str:
            value = results.value(result, predicate)
            return "" if value is None else str(value)

        found.append(
            ShaclIssue(
                profile=profile,
                focus=text(SH.focusNode),
                path=_short(data, text(SH.resultPath)),
                constraint=text(SH.sourceConstraintComponent).rsplit("#", 1)[-1],
                message=text(SH.resultMessage),
            )
        )
    return sorted(found, key=lambda i: (i.profile, i.focus, i.path, i.constraint))


def _short(graph: Graph, uri: str) -> str:
    if not uri:
        return ""
    try:
        return graph.namespace_manager.normalizeUri(URIRef(uri))
    except ValueError:
        return uri


def validate_catalog(graph: Graph, high_value: Iterable[URIRef]) -> ShaclReport:
    """DCAT-AP 3.0.0 on the whole graph, DCAT-AP HVD 3.0.0 on the high-value datasets."""
    hvd = [d for d in high_value if (d, RDF.type, DCAT.Dataset) in graph]
    report = ShaclReport()
    report.datasets[DCAT_AP] = len(set(graph.subjects(RDF.type, DCAT.Dataset)))
    report.issues += _issues(DCAT_AP, graph)
    report.datasets[HVD] = len(hvd)
    if hvd:
        report.issues += _issues(HVD, high_value_part(graph, hvd))
    return report
