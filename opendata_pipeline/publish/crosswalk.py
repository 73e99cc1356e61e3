"""Catalogue → portal metadata crosswalk (portal-apis.md §5): licences, frequencies, themes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from opendata_pipeline import schemas
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish.errors import MappingError

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
HVD_CATEGORY = "http://data.europa.eu/bna/"
HVD_LEGISLATION = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
PUBLIC_URLS = {
    "montpellier": "https://data.montpellier3m.fr",
    "herault_data": "https://www.herault-data.fr",
}
IDENTIFIER_BASE = "https://data.montpellier3m.fr/id/dataset/"
# EU high-value dataset categories (http://data.europa.eu/bna/, Regulation 2023/138 Annex).
HVD_CATEGORIES = {
    "geospatial": "c_ac64a52d",
    "earth_observation": "c_dd313021",
    "environment": "c_dd313021",
    "meteorological": "c_164e0bf5",
    "statistics": "c_e1da4e07",
    "companies": "c_a9135398",
    "mobility": "c_b79e35eb",
}

LICENCE_URIS = {
    "etalab-2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
    "odbl-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
}
# DKAN 7 site keys (§0.1.5) and the usual CKAN ids, tried in this order.
DKAN_LICENCES = {"etalab-2.0": "etalab-2.0", "odbl-1.0": "odc-odbl", "cc-by-4.0": "cc-by"}
CKAN_LICENCE_IDS = {
    "etalab-2.0": ("etalab-2.0", "lov2", "fr-lo-2.0", "licence-ouverte-2.0"),
    "odbl-1.0": ("odc-odbl", "odbl-1.0", "odbl"),
    "cc-by-4.0": ("cc-by", "cc-by-4.0"),
}


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


# How a portal's licence label is recognised (ODS domain ids are opaque, §0.1.8).
LICENCE_LABELS: dict[str, Callable[[str], bool]] = {
    "etalab-2.0": lambda t: ("licence ouverte" in t or "open licence" in t) and "2" in t,
    "odbl-1.0": lambda t: "odbl" in t or "open database" in t,
    "cc-by-4.0": lambda t: (
        ("cc by" in t or "cc-by" in t or "attribution" in t)
        and "4.0" in t
        and "sa" not in t.split()
    ),
}

FREQUENCIES: dict[str, tuple[str, str | None]] = {
    # catalogue: (EU authority code, DKAN ISO 8601)
    "continuous": ("UPDATE_CONT", "R/PT1S"),
    "hourly": ("HOURLY", "R/PT1H"),
    "daily": ("DAILY", "R/P1D"),
    "weekly": ("WEEKLY", "R/P1W"),
    "monthly": ("MONTHLY", "R/P1M"),
    "quarterly": ("QUARTERLY", "R/P3M"),
    "semiannual": ("ANNUAL_2", "R/P6M"),
    "annual": ("ANNUAL", "R/P1Y"),
    "irregular": ("IRREG", "irregular"),
    "unknown": ("UNKNOWN", None),
}

_THEMES = {
    "AGRI": ("agriculture", "alimentation", "peche", "forets"),
    "ECON": ("economie", "finances", "finances publiques", "budget", "emploi", "commerce"),
    "EDUC": ("education", "culture", "sport", "sports", "loisirs", "enseignement", "tourisme"),
    "ENER": ("energie",),
    "ENVI": ("environnement", "nature", "eau", "dechets", "climat", "air"),
    "GOVE": ("administration", "gouvernement", "secteur public", "citoyennete", "vie publique",
             "elections", "deliberations"),
    "HEAL": ("sante",),
    "INTR": ("international", "questions internationales"),
    "JUST": ("justice", "securite", "justice et securite"),
    "REGI": ("regions", "villes", "territoire", "urbanisme", "amenagement", "logement",
             "regions et villes", "equipements"),
    "SOCI": ("population", "societe", "social", "solidarite", "associations", "vie associative"),
    "TECH": ("science", "technologie", "numerique", "sciences et technologies"),
    "TRAN": ("transports", "transport", "mobilite", "mobilites", "stationnement", "velo"),
}  # fmt: skip
THEME_CODES = {label: code for code, labels in _THEMES.items() for label in labels}
CKAN_TAG = re.compile(r"^[\w .-]{2,100}$")


def licence_key(entry: DatasetEntry, portal: str) -> str:
    """The catalogue licence, normalised; unknown licences fail before any request."""
    key = entry.licence.strip().lower()
    if key not in LICENCE_URIS:
        known = ", ".join(sorted(LICENCE_URIS))
        raise MappingError(
            portal, entry.id, f"licence '{entry.licence}' sans correspondance (connues : {known})"
        )
    return key


def licence_uri(entry: DatasetEntry, portal: str) -> str:
    return LICENCE_URIS[licence_key(entry, portal)]


def match_licence(entry: DatasetEntry, portal: str, available: Iterable[tuple[str, str]]) -> str:
    """Pick the portal's id for the entry's licence among (id, label-or-url) pairs."""
    key = licence_key(entry, portal)
    pairs = list(available)
    for candidate in CKAN_LICENCE_IDS[key]:
        for ident, _ in pairs:
            if ident.lower() == candidate:
                return ident
    for ident, label in pairs:
        text = normalise(label)
        if LICENCE_LABELS[key](text) or LICENCE_URIS[key].rstrip("/") in label:
            return ident
    raise MappingError(
        portal, entry.id, f"la licence '{entry.licence}' n'existe pas dans la liste du portail"
    )


def theme_codes(entry: DatasetEntry, portal: str) -> list[str]:
    """EU data-theme codes of the entry's themes; an unknown theme fails before any request."""
    codes: list[str] = []
    for theme in entry.themes:
        code = (
            theme
            if theme.upper() in _THEMES and theme.isupper()
            else THEME_CODES.get(normalise(theme))
        )
        if code is None:
            raise MappingError(
                portal, entry.id, f"thème '{theme}' sans correspondance dans le vocabulaire EU"
            )
        if code not in codes:
            codes.append(code)
    return codes


def match_themes(
    entry: DatasetEntry, portal: str, available: Iterable[tuple[str, str]]
) -> list[str]:
    """Portal theme ids (ODS domain ids) whose label equals each catalogue theme."""
    by_label = {normalise(label): ident for ident, label in available}
    ids: list[str] = []
    for theme in entry.themes:
        ident = by_label.get(normalise(theme))
        if ident is None:
            raise MappingError(
                portal, entry.id, f"thème '{theme}' absent de la liste des thèmes du portail"
            )
        ids.append(ident)
    return ids


def frequency_uri(entry: DatasetEntry) -> str:
    return EU_FREQUENCY + FREQUENCIES[entry.frequency][0]


def dkan_frequency(entry: DatasetEntry) -> str | None:
    return FREQUENCIES[entry.frequency][1]


def check_keywords(entry: DatasetEntry, portal: str) -> list[str]:
    """Keywords as CKAN/DKAN tags (letters, digits, space, -, _, .; 2-100 characters)."""
    for keyword in entry.keywords:
        if not CKAN_TAG.match(keyword):
            raise MappingError(
                portal,
                entry.id,
                f"mot-clé '{keyword}' refusé (lettres, chiffres, espace, - _ . ; 2 à 100 caractères)",
            )
    return list(entry.keywords)


def hvd_category_uri(entry: DatasetEntry) -> str | None:
    return HVD_CATEGORY + HVD_CATEGORIES[entry.high_value] if entry.high_value else None


def stable_identifier(entry: DatasetEntry) -> str:
    """The `dct:identifier` shared by both portals (data.gouv.fr deduplicates on it)."""
    return IDENTIFIER_BASE + entry.id


def montpellier_name(entry: DatasetEntry) -> str:
    return (entry.portals.montpellier or {}).get("name", entry.id)


def herault_dataset_id(entry: DatasetEntry) -> str:
    return (entry.portals.herault_data or {}).get("dataset_id", f"{entry.id}-3m")


def landing_page(entry: DatasetEntry, portal: str, public_urls: Mapping[str, str]) -> str:
    base = public_urls.get(portal, PUBLIC_URLS[portal]).rstrip("/")
    if portal == "montpellier":
        return f"{base}/dataset/{montpellier_name(entry)}"
    return f"{base}/explore/dataset/{herault_dataset_id(entry)}/"


def twin_reference(entry: DatasetEntry, portal: str, public_urls: Mapping[str, str]) -> str | None:
    """For a high-value dataset on both portals, the URL of its twin on the other portal."""
    other = "herault_data" if portal == "montpellier" else "montpellier"
    if entry.high_value is None or getattr(entry.portals, other) is None:
        return None
    return landing_page(entry, other, public_urls)


def temporal_bounds(entry: DatasetEntry) -> tuple[str | None, str | None]:
    """`start/end` of the entry's temporal coverage (either side may be open)."""
    if not entry.temporal:
        return None, None
    start, _, end = entry.temporal.partition("/")
    return start.strip() or None, end.strip() or None


# DKAN 7 dataset data dictionary type of a Table Schema (portal-apis.md §9.4.1).
TABLE_SCHEMA_MEDIA_TYPE = "application/vnd.tableschema+json"


def schema_reference(entry: DatasetEntry) -> schemas.SchemaReference | None:
    """The official schema the published files follow (None without one, or when it has no
    public URL: a local schema file is not something a portal can point to)."""
    if not entry.schema_:
        return None
    ref = schemas.reference(entry.schema_)
    return ref if ref.url else None


def schema_metadata(entry: DatasetEntry) -> dict[str, Any] | None:
    """How each portal states the schema (`common_metadata()["schema"]`):

    - CKAN: extra `conforms_to` = `url` (ckanext-dcat's `dct:conformsTo`);
    - DKAN 7: `field_data_dictionary` = `url` and `field_data_dictionary_type` =
      `dictionary_type` (data.json `describedBy` / `describedByType`);
    - OpenDataSoft: `dcat.conforms_to` = `url` when the domain's dcat template has that field,
      else nothing (`default.references` stays the producer's page);
    - data.gouv.fr (harvesting our DCAT): `dct:conformsTo` on the dataset and its CSV.
    """
    ref = schema_reference(entry)
    if ref is None:
        return None
    return {
        "name": ref.name,
        "version": ref.version,
        "title": ref.title,
        "url": ref.url,
        "page": ref.page,
        "dictionary_type": TABLE_SCHEMA_MEDIA_TYPE,
    }


def common_metadata(entry: DatasetEntry) -> dict[str, Any]:
    """Portal-neutral view used by every adapter (after all vocabulary checks passed)."""
    schema = schema_metadata(entry)
    return {
        "identifier": stable_identifier(entry),
        "title": entry.title,
        "description": entry.description,
        "publisher": entry.publisher,
        "contact_name": entry.steward.name,
        "contact_email": str(entry.steward.email),
        "language": entry.language,
        "frequency": frequency_uri(entry),
        "hvd_category": hvd_category_uri(entry),
        "spatial": entry.spatial,
        "temporal": entry.temporal,
        "conforms_to": schema["url"] if schema else None,
        "schema": schema,
    }
