"""DCAT-AP 3.0 catalogue (+ HVD) of everything published, as an rdflib graph (R-METADATA, R-HVD).

Every node the DCAT-AP 3.0.0 and HVD 3.0.0 shapes constrain by class is typed (licence, media
type, format, frequency, language, location, theme, checksum algorithm, legislation, URLs), and
`publish/shacl.py` validates the result against the bundled shapes before it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.model import PublishedDataset, PublishedFile
from opendata_pipeline.publish.portals import HERAULT_DATA, MONTPELLIER, declared_portals, portal
from opendata_pipeline.storage.paths import atomic_write_text, published_dir

if TYPE_CHECKING:
    from opendata_pipeline.publish.shacl import ShaclReport

DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
THEME_SCHEME = URIRef("http://publications.europa.eu/resource/authority/data-theme")
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPES = {"csv": "CSV", "parquet": "PARQUET", "geojson": "GEOJSON"}
LANGUAGES = {"fr": "FRA", "fra": "FRA", "en": "ENG", "oc": "OCI"}
CATALOG_URI = URIRef("https://data.montpellier3m.fr/id/catalog")
RUN_BASE = "https://data.montpellier3m.fr/id/run/"
METROPOLE = "Montpellier Méditerranée Métropole"
# Explore API v2.1 of an OpenDataSoft portal: its description and documentation (portal-apis §3.9).
ODS_API_DOC = "https://help.opendatasoft.com/apis/ods-explore-v2/explore_v2.1.html"


def _typed(graph: Graph, value: str, cls: URIRef) -> URIRef:
    """The IRI `value`, declared an instance of `cls` (the shapes check node classes)."""
    node = URIRef(value)
    graph.add((node, RDF.type, cls))
    return node


def _concept(graph: Graph, value: str, label: str, scheme: URIRef | None = None) -> URIRef:
    node = _typed(graph, value, SKOS.Concept)
    graph.add((node, SKOS.prefLabel, Literal(label, lang="fr")))
    if scheme is not None:
        graph.add((node, SKOS.inScheme, scheme))
    return node


def _agent(graph: Graph, name: str) -> URIRef:
    node = URIRef(
        f"https://data.montpellier3m.fr/id/organization/{cw.normalise(name).replace(' ', '-')}"
    )
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, FOAF.name, Literal(name, lang="fr")))
    return node


def _standard(graph: Graph, entry: DatasetEntry) -> URIRef | None:
    """The official schema as a `dct:Standard` (its pinned version's URL), or None."""
    schema = cw.schema_metadata(entry)
    if schema is None:
        return None
    node = _typed(graph, schema["url"], DCTERMS.Standard)
    graph.add((node, DCTERMS.title, Literal(schema["title"], lang="fr")))
    graph.add((node, DCTERMS.identifier, Literal(schema["name"])))
    graph.add((node, OWL.versionInfo, Literal(schema["version"])))
    if schema["page"]:
        graph.add((node, FOAF.page, _typed(graph, schema["page"], FOAF.Document)))
    return node


def _licence(graph: Graph, entry: DatasetEntry) -> URIRef:
    return _typed(graph, cw.licence_uri(entry, "dcat"), DCTERMS.LicenseDocument)


def _hvd(graph: Graph, entry: DatasetEntry, node: URIRef, *, category: bool) -> None:
    """Regulation 2023/138 on a dataset, distribution or data service (category: not on
    distributions)."""
    if not entry.high_value:
        return
    graph.add((node, DCATAP.applicableLegislation,
               _typed(graph, cw.HVD_LEGISLATION, ELI.LegalResource)))  # fmt: skip
    if category:
        uri = str(cw.hvd_category_uri(entry))
        label = cw.HVD_LABELS_FR[uri.removeprefix(cw.HVD_CATEGORY)]
        graph.add((node, DCATAP.hvdCategory, _concept(graph, uri, label)))


def _contact(graph: Graph, entry: DatasetEntry, dataset: URIRef) -> URIRef:
    common = cw.common_metadata(entry)
    contact = URIRef(f"{dataset}/contact")
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(common["contact_name"])))
    email = _typed(graph, f"mailto:{common['contact_email']}", RDFS.Resource)
    graph.add((contact, VCARD.hasEmail, email))
    return contact


def _api(graph: Graph, entry: DatasetEntry, dataset: URIRef, urls: Mapping[str, str]) -> URIRef:
    """The dataset's Explore API on Hérault Data, as a `dcat:DataService` (R-HVD: an API)."""
    endpoint, description, _ = cw.ods_api(entry, urls)
    node = URIRef(f"{dataset}/service/{HERAULT_DATA.id}")
    add = graph.add
    add((node, RDF.type, DCAT.DataService))
    add((node, DCTERMS.title, Literal(f"API de « {entry.title} » sur Hérault Data", lang="fr")))
    add((node, DCAT.endpointURL, _typed(graph, endpoint, RDFS.Resource)))
    add((node, DCAT.endpointDescription, _typed(graph, description, RDFS.Resource)))
    add((node, FOAF.page, _typed(graph, ODS_API_DOC, FOAF.Document)))
    add((node, DCAT.servesDataset, dataset))
    add((node, DCAT.contactPoint, _contact(graph, entry, dataset)))
    add((node, DCTERMS.license, _licence(graph, entry)))
    _hvd(graph, entry, node, category=True)
    return node


def _distribution(
    graph: Graph,
    entry: DatasetEntry,
    dataset: URIRef,
    item: PublishedFile,
    urls: Mapping[str, str],
) -> URIRef:
    """A published file: its checksum, size and licence, reachable from each portal's page."""
    node = URIRef(f"{dataset}/distribution/{item.kind}")
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(item.name)))
    graph.add((node, DCTERMS.format,
               _typed(graph, FILE_TYPE[FILE_TYPES[item.kind]], DCTERMS.MediaTypeOrExtent)))  # fmt: skip
    graph.add((node, DCAT.mediaType, _typed(graph, IANA + item.media_type, DCTERMS.MediaType)))
    graph.add((node, DCTERMS.license, _licence(graph, entry)))
    graph.add((node, DCAT.byteSize, Literal(item.bytes, datatype=XSD.nonNegativeInteger)))
    checksum = BNode()
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    algorithm = _typed(graph, str(SPDX.checksumAlgorithm_sha256), SPDX.ChecksumAlgorithm)
    graph.add((checksum, SPDX.algorithm, algorithm))
    graph.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    for spec in declared_portals(entry):
        page = cw.landing_page(entry, spec.id, urls)
        graph.add((node, DCAT.accessURL, _typed(graph, page, RDFS.Resource)))
    _hvd(graph, entry, node, category=False)
    standard = _standard(graph, entry)
    if standard is not None and item.kind == "csv":  # the file validated against the schema
        graph.add((node, DCTERMS.conformsTo, standard))
    return node


def _bulk_export(
    graph: Graph, entry: DatasetEntry, dataset: URIRef, service: URIRef, urls: Mapping[str, str]
) -> URIRef:
    """The whole table from Hérault Data's export endpoint (R-HVD: bulk download); its bytes
    are the portal's serialisation, so no checksum of ours is claimed for it."""
    _, _, export = cw.ods_api(entry, urls)
    node = URIRef(f"{dataset}/distribution/{HERAULT_DATA.id}-export-csv")
    add = graph.add
    add((node, RDF.type, DCAT.Distribution))
    add((node, DCTERMS.title, Literal("Export CSV complet (API Hérault Data)", lang="fr")))
    add((node, DCTERMS.format, _typed(graph, FILE_TYPE.CSV, DCTERMS.MediaTypeOrExtent)))
    add((node, DCAT.mediaType, _typed(graph, IANA + "text/csv", DCTERMS.MediaType)))
    add((node, DCTERMS.license, _licence(graph, entry)))
    add((node, DCAT.accessURL, _typed(graph, export, RDFS.Resource)))
    add((node, DCAT.downloadURL, _typed(graph, export, RDFS.Resource)))
    add((node, DCAT.accessService, service))
    _hvd(graph, entry, node, category=False)
    return node


def _provenance(graph: Graph, dataset: URIRef, published: PublishedDataset) -> None:
    """`dct:provenance` (the « Traitements appliqués » paragraph) and `prov:wasGeneratedBy`
    (the run that wrote the release: its id, date and source)."""
    add = graph.add
    statement = BNode()
    add((dataset, DCTERMS.provenance, statement))
    add((statement, RDF.type, DCTERMS.ProvenanceStatement))
    text = published.treatments or (  # a release written before the paragraph existed
        f"Publié par le pipeline open data de la Métropole (partition {published.partition}, "
        f"{published.rows} lignes)."
    )
    add((statement, RDFS.label, Literal(text, lang="fr")))
    run = published.run_id or f"{published.dataset}-{published.partition}"
    activity = URIRef(f"{RUN_BASE}{run}/{published.dataset}")
    add((dataset, PROV.wasGeneratedBy, activity))
    add((activity, RDF.type, PROV.Activity))
    add((activity, DCTERMS.identifier, Literal(run)))
    add((activity, RDFS.label, Literal(
        f"Publication de la partition {published.partition} par le pipeline open data "
        f"de la Métropole (exécution {run})", lang="fr")))  # fmt: skip
    ended = published.published_at.isoformat()
    add((activity, PROV.endedAtTime, Literal(ended, datatype=XSD.dateTime)))
    if published.source_url:
        source = URIRef(f"{dataset}/source/{published.partition}")
        add((activity, PROV.used, source))
        add((source, RDF.type, PROV.Entity))
        add((source, DCTERMS.identifier, Literal(cw.public_source(published.source_url))))
        if published.source_sha256:
            checksum = BNode()
            add((source, SPDX.checksum, checksum))
            add((checksum, RDF.type, SPDX.Checksum))
            algorithm = _typed(graph, str(SPDX.checksumAlgorithm_sha256), SPDX.ChecksumAlgorithm)
            add((checksum, SPDX.algorithm, algorithm))
            add((checksum, SPDX.checksumValue,
                 Literal(published.source_sha256, datatype=XSD.hexBinary)))  # fmt: skip


def _portal_records(
    graph: Graph, entry: DatasetEntry, dataset: URIRef, urls: Mapping[str, str]
) -> None:
    """One record per portal, same `dct:identifier`: the first portal's page is the landing
    page, the others are `dct:relation`s, each portal id an `adms:identifier`, so harvesters
    see one dataset published twice, not two datasets."""
    specs = declared_portals(entry)
    for index, spec in enumerate(specs):
        page = cw.landing_page(entry, spec.id, urls)
        if index == 0:
            graph.add((dataset, DCAT.landingPage, _typed(graph, page, FOAF.Document)))
        else:  # the twin record on the other portal
            graph.add((dataset, DCTERMS.relation, _typed(graph, page, RDFS.Resource)))
        ident = BNode()
        graph.add((dataset, ADMS.identifier, ident))
        graph.add((ident, RDF.type, ADMS.Identifier))
        local = (
            cw.herault_dataset_id(entry) if spec.id == HERAULT_DATA.id
            else cw.montpellier_name(entry)
        )  # fmt: skip
        graph.add((ident, SKOS.notation, Literal(local)))
        graph.add((ident, ADMS.schemaAgency, Literal(portal(spec.id).label)))


def add_dataset(
    graph: Graph, entry: DatasetEntry, published: PublishedDataset, urls: Mapping[str, str]
) -> URIRef:
    """One `dcat:Dataset` with its distributions, licence, HVD category and provenance."""
    common = cw.common_metadata(entry)
    dataset = URIRef(common["identifier"])
    add = graph.add
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.identifier, Literal(common["identifier"])))
    add((dataset, DCTERMS.title, Literal(entry.title, lang="fr")))
    add((dataset, DCTERMS.description, Literal(cw.description(entry, published), lang="fr")))
    for keyword in entry.keywords:
        add((dataset, DCAT.keyword, Literal(keyword, lang="fr")))
    for code in cw.theme_codes(entry):
        theme = _concept(graph, cw.EU_THEME + code, cw.THEME_LABELS_FR[code], THEME_SCHEME)
        add((dataset, DCAT.theme, theme))
    add((dataset, DCTERMS.publisher, _agent(graph, entry.publisher)))
    add((dataset, DCAT.contactPoint, _contact(graph, entry, dataset)))
    add((dataset, DCTERMS.accrualPeriodicity,
         _typed(graph, common["frequency"], DCTERMS.Frequency)))  # fmt: skip
    language = LANGUAGE[LANGUAGES.get(entry.language.lower(), "FRA")]
    add((dataset, DCTERMS.language, _typed(graph, str(language), DCTERMS.LinguisticSystem)))
    modified = published.published_at.isoformat()
    add((dataset, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    if entry.issued:
        add((dataset, DCTERMS.issued, Literal(entry.issued.isoformat(), datatype=XSD.date)))
    spatial = cw.spatial_uri(entry)
    if spatial:
        location = _typed(graph, spatial, DCTERMS.Location)
        add((dataset, DCTERMS.spatial, location))
        if entry.spatial and not entry.spatial.startswith(("http://", "https://")):
            add((location, DCTERMS.identifier, Literal(entry.spatial)))
    start, end = cw.temporal_bounds(entry)
    if start or end:
        period = BNode()
        add((dataset, DCTERMS.temporal, period))
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        if start:
            add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
        if end:
            add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))
    _portal_records(graph, entry, dataset, urls)
    _hvd(graph, entry, dataset, category=True)
    standard = _standard(graph, entry)
    if standard is not None:
        add((dataset, DCTERMS.conformsTo, standard))
    _provenance(graph, dataset, published)
    for item in published.files.values():
        add((dataset, DCAT.distribution, _distribution(graph, entry, dataset, item, urls)))
    if HERAULT_DATA.declared(entry):
        service = _api(graph, entry, dataset, urls)
        add((CATALOG_URI, DCAT.service, service))
        add((dataset, DCAT.distribution, _bulk_export(graph, entry, dataset, service, urls)))
    return dataset


def build_catalog(
    entries: Iterable[DatasetEntry],
    published_dirs: Mapping[str, Path] | None = None,
    public_urls: Mapping[str, str] | None = None,
) -> Graph:
    """The catalogue of the entries that have a published folder.

    `published_dirs` maps dataset ids to folders; by default `OPENDATA_HOME/published/<id>`.
    """
    urls = dict(public_urls or cw.PUBLIC_URLS)
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("dcatap", DCATAP),
                              ("spdx", SPDX), ("vcard", VCARD), ("adms", ADMS), ("eli", ELI),
                              ("prov", PROV), ("skos", SKOS)):  # fmt: skip
        graph.bind(prefix, namespace)
    graph.add((CATALOG_URI, RDF.type, DCAT.Catalog))
    graph.add(
        (CATALOG_URI, DCAT.themeTaxonomy, _typed(graph, str(THEME_SCHEME), SKOS.ConceptScheme))
    )
    graph.add((THEME_SCHEME, DCTERMS.title, Literal("Thèmes de données (UE)", lang="fr")))
    graph.add((CATALOG_URI, FOAF.homepage, _typed(graph, urls[MONTPELLIER.id], FOAF.Document)))
    graph.add(
        (CATALOG_URI, DCTERMS.language, _typed(graph, str(LANGUAGE.FRA), DCTERMS.LinguisticSystem))
    )
    graph.add((CATALOG_URI, DCTERMS.title, Literal(f"Données ouvertes de {METROPOLE}", lang="fr")))
    graph.add((CATALOG_URI, DCTERMS.description, Literal(
        "Jeux de données publiés par la Métropole sur data.montpellier3m.fr et Hérault Data.",
        lang="fr")))  # fmt: skip
    graph.add((CATALOG_URI, DCTERMS.publisher, _agent(graph, METROPOLE)))
    for entry in entries:
        folder = (
            published_dirs.get(entry.id) if published_dirs is not None else published_dir(entry.id)
        )
        if folder is None:
            continue
        if not (folder / "manifest.json").is_file():
            continue
        published = PublishedDataset.load(folder, verify=False)
        graph.add((CATALOG_URI, DCAT.dataset, add_dataset(graph, entry, published, urls)))
    return graph


def write_turtle(graph: Graph, path: Path) -> Path:
    atomic_write_text(path, graph.serialize(format="turtle"))
    return path


def write_jsonld(graph: Graph, path: Path) -> Path:
    atomic_write_text(path, graph.serialize(format="json-ld", indent=2))
    return path


@dataclass(frozen=True)
class CatalogOutcome:
    """What `write_catalog` produced: the graph, its SHACL report, the files written."""

    graph: Graph
    shacl: ShaclReport
    files: list[Path]

    @property
    def conforms(self) -> bool:
        return self.shacl.conforms


def write_catalog(entries: list[DatasetEntry], folder: Path) -> CatalogOutcome:
    """Build the catalogue, validate it (DCAT-AP 3.0.0, and HVD 3.0.0 on the high-value
    datasets), then write `dcat.ttl` and `dcat.jsonld`. A catalogue that does not conform replaces nothing: it is written as
    `dcat.rejected.ttl` beside its report `dcat-shacl.html`, and the previous one stays."""
    from opendata_pipeline.publish.shacl import validate_catalog

    graph = build_catalog(entries)
    high_value = [URIRef(cw.stable_identifier(e)) for e in entries if e.high_value]
    report = validate_catalog(graph, high_value)
    if not report.conforms:
        rejected = write_turtle(graph, folder / "dcat.rejected.ttl")
        page = folder / "dcat-shacl.html"
        atomic_write_text(page, report.html())
        return CatalogOutcome(graph, report, [rejected, page])
    files = [write_turtle(graph, folder / "dcat.ttl"), write_jsonld(graph, folder / "dcat.jsonld")]
    (folder / "dcat.rejected.ttl").unlink(missing_ok=True)
    (folder / "dcat-shacl.html").unlink(missing_ok=True)
    return CatalogOutcome(graph, report, files)
