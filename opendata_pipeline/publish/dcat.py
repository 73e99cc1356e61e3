"""DCAT-AP 3.0 catalogue (+ HVD) of everything published, as an rdflib graph (R-METADATA, R-HVD)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, XSD

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.paths import atomic_write_text, published_dir
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.model import PublishedDataset, PublishedFile
from opendata_pipeline.publish.portals import HERAULT_DATA, declared_portals

DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPES = {"csv": "CSV", "parquet": "PARQUET", "geojson": "GEOJSON"}
LANGUAGES = {"fr": "FRA", "fra": "FRA", "en": "ENG", "oc": "OCI"}
CATALOG_URI = URIRef("https://data.montpellier3m.fr/id/catalog")
METROPOLE = "Montpellier Méditerranée Métropole"


def _uri_or_literal(value: str) -> URIRef | Literal:
    return URIRef(value) if value.startswith(("http://", "https://")) else Literal(value)


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
    node = URIRef(schema["url"])
    graph.add((node, RDF.type, DCTERMS.Standard))
    graph.add((node, DCTERMS.title, Literal(schema["title"], lang="fr")))
    graph.add((node, DCTERMS.identifier, Literal(schema["name"])))
    graph.add((node, OWL.versionInfo, Literal(schema["version"])))
    if schema["page"]:
        graph.add((node, FOAF.page, URIRef(schema["page"])))
    return node


def _distribution(
    graph: Graph,
    entry: DatasetEntry,
    dataset: URIRef,
    item: PublishedFile,
    urls: Mapping[str, str],
) -> URIRef:
    node = URIRef(f"{dataset}/distribution/{item.kind}")
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(item.name)))
    graph.add((node, DCTERMS.format, FILE_TYPE[FILE_TYPES[item.kind]]))
    graph.add((node, DCAT.mediaType, URIRef(IANA + item.media_type)))
    graph.add((node, DCTERMS.license, URIRef(cw.licence_uri(entry, "dcat"))))
    graph.add((node, DCAT.byteSize, Literal(item.bytes, datatype=XSD.nonNegativeInteger)))
    checksum = BNode()
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    for portal in declared_portals(entry):
        graph.add((node, DCAT.accessURL, URIRef(cw.landing_page(entry, portal.id, urls))))
    if item.kind == "csv" and HERAULT_DATA.declared(entry):
        base = urls[HERAULT_DATA.id].rstrip("/")
        dataset_id = cw.herault_dataset_id(entry)
        export = f"{base}/api/explore/v2.1/catalog/datasets/{dataset_id}/exports/csv"
        graph.add((node, DCAT.downloadURL, URIRef(export)))
        service = URIRef(f"{base}/api/explore/v2.1/")
        graph.add((node, DCAT.accessService, service))
        graph.add((service, RDF.type, DCAT.DataService))
        graph.add((service, DCTERMS.title, Literal("API Explore v2.1 de Hérault Data", lang="fr")))
        graph.add((service, DCAT.endpointURL, service))
        graph.add((service, DCAT.servesDataset, dataset))
        graph.add(
            (service, DCAT.endpointDescription, URIRef(f"{base}/api/explore/v2.1/swagger.json"))
        )
        if entry.high_value:
            graph.add((service, DCATAP.hvdCategory, URIRef(str(cw.hvd_category_uri(entry)))))
            graph.add((service, DCATAP.applicableLegislation, URIRef(cw.HVD_LEGISLATION)))
    if entry.high_value:
        graph.add((node, DCATAP.applicableLegislation, URIRef(cw.HVD_LEGISLATION)))
    standard = _standard(graph, entry)
    if standard is not None and item.kind == "csv":  # the file validated against the schema
        graph.add((node, DCTERMS.conformsTo, standard))
    return node


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
    add((dataset, DCTERMS.description, Literal(entry.description, lang="fr")))
    for keyword in entry.keywords:
        add((dataset, DCAT.keyword, Literal(keyword, lang="fr")))
    for code in cw.theme_codes(entry):
        add((dataset, DCAT.theme, URIRef(cw.EU_THEME + code)))
    add((dataset, DCTERMS.publisher, _agent(graph, entry.publisher)))
    contact = URIRef(f"{dataset}/contact")
    add((dataset, DCAT.contactPoint, contact))
    add((contact, RDF.type, VCARD.Kind))
    add((contact, VCARD.fn, Literal(common["contact_name"])))
    add((contact, VCARD.hasEmail, URIRef(f"mailto:{common['contact_email']}")))
    add((dataset, DCTERMS.accrualPeriodicity, URIRef(common["frequency"])))
    add((dataset, DCTERMS.language, LANGUAGE[LANGUAGES.get(entry.language.lower(), "FRA")]))
    add(
        (
            dataset,
            DCTERMS.modified,
            Literal(published.published_at.isoformat(), datatype=XSD.dateTime),
        )
    )
    if entry.issued:
        add((dataset, DCTERMS.issued, Literal(entry.issued.isoformat(), datatype=XSD.date)))
    if entry.spatial:
        add((dataset, DCTERMS.spatial, _uri_or_literal(entry.spatial)))
    start, end = cw.temporal_bounds(entry)
    if start or end:
        period = BNode()
        add((dataset, DCTERMS.temporal, period))
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        if start:
            add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
        if end:
            add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))
    portals = [p.id for p in declared_portals(entry)]
    if portals:
        add((dataset, DCAT.landingPage, URIRef(cw.landing_page(entry, portals[0], urls))))
    for portal in portals[1:]:  # the twin on the other portal (cross-reference)
        add((dataset, DCTERMS.relation, URIRef(cw.landing_page(entry, portal, urls))))
    if entry.high_value:
        add((dataset, DCATAP.hvdCategory, URIRef(str(cw.hvd_category_uri(entry)))))
        add((dataset, DCATAP.applicableLegislation, URIRef(cw.HVD_LEGISLATION)))
    standard = _standard(graph, entry)
    if standard is not None:
        add((dataset, DCTERMS.conformsTo, standard))
    provenance = BNode()
    add((dataset, DCTERMS.provenance, provenance))
    add((provenance, RDF.type, DCTERMS.ProvenanceStatement))
    text = (
        f"Publié par le pipeline open data de la Métropole le {published.published_at.date()} "
        f"(partition {published.partition}, {published.rows} lignes)"
    )
    add((provenance, RDFS.label, Literal(text, lang="fr")))
    if published.source_url and published.source_url.startswith(("http://", "https://")):
        add((dataset, DCTERMS.source, URIRef(published.source_url)))
    for item in published.files.values():
        add((dataset, DCAT.distribution, _distribution(graph, entry, dataset, item, urls)))
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
                              ("spdx", SPDX), ("vcard", VCARD), ("adms", ADMS)):  # fmt: skip
        graph.bind(prefix, namespace)
    graph.add((CATALOG_URI, RDF.type, DCAT.Catalog))
    graph.add((CATALOG_URI, DCTERMS.title, Literal(f"Données ouvertes de {METROPOLE}", lang="fr")))
    graph.add((CATALOG_URI, DCTERMS.description, Literal(
        "Jeux de données publiés par la Métropole sur data.montpellier3m.fr et Hérault Data.",
        lang="fr")))  # fmt: skip
    graph.add((CATALOG_URI, DCTERMS.publisher, _agent(graph, METROPOLE)))
    for entry in entries:
        folder = (
            published_dirs.get(entry.id) if published_dirs is not None else published_dir(entry.id)
        )
        if folder is None or not (folder / "manifest.json").is_file():
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
