"""Catalogue → portal metadata crosswalk (portal-apis.md §5): licences, frequencies, themes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from opendata_pipeline import schemas
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import portals
from opendata_pipeline.publish.errors import MappingError

if TYPE_CHECKING:
    from opendata_pipeline.publish.model import PublishedDataset

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
HVD_CATEGORY = "http://data.europa.eu/bna/"
HVD_LEGISLATION = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
PUBLIC_URLS = portals.public_urls()
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
HVD_LABELS_FR = {
    "c_ac64a52d": "Données géospatiales",
    "c_dd313021": "Observation de la Terre et environnement",
    "c_164e0bf5": "Données météorologiques",
    "c_e1da4e07": "Statistiques",
    "c_a9135398": "Entreprises et propriété d'entreprises",
    "c_b79e35eb": "Mobilité",
}
# French labels of the EU data themes (Publications Office "data-theme" table).
THEME_LABELS_FR = {
    "AGRI": "Agriculture, pêche, sylviculture et alimentation", "ECON": "Économie et finances",
    "EDUC": "Éducation, culture et sport", "ENER": "Énergie", "ENVI": "Environnement",
    "GOVE": "Gouvernement et secteur public", "HEAL": "Santé",
    "INTR": "Questions internationales",
    "JUST": "Justice, système juridique et sécurité publique", "REGI": "Régions et villes",
    "SOCI": "Population et société", "TECH": "Science et technologie", "TRAN": "Transports",
}  # fmt: skip
# `spatial` codes → the INSEE territory URIs (commune by its INSEE code, EPCI by its SIREN).
INSEE_COMMUNE = "http://id.insee.fr/geo/commune/"
INSEE_EPCI = "http://id.insee.fr/geo/intercommunalite/"

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

FREQUENCY_LABELS_FR = {
    "continuous": "en continu", "hourly": "toutes les heures", "daily": "quotidienne",
    "weekly": "hebdomadaire", "monthly": "mensuelle", "quarterly": "trimestrielle",
    "semiannual": "semestrielle", "annual": "annuelle", "irregular": "irrégulière",
    "unknown": "non précisée",
}  # fmt: skip
# French keywords of each EU data theme: a catalogue theme label, or a portal's theme label
# ("Economie, Business, PME, …"), is matched to its EU code through them.
_THEMES = {
    "AGRI": ("agriculture", "alimentation", "pêche", "forêts"),
    "ECON": ("économie", "finances", "finances publiques", "budget", "emploi", "commerce"),
    "EDUC": ("éducation", "culture", "sport", "sports", "loisirs", "enseignement", "tourisme"),
    "ENER": ("énergie",),
    "ENVI": ("environnement", "nature", "eau", "déchets", "climat", "air"),
    "GOVE": ("administration", "gouvernement", "secteur public", "citoyenneté", "vie publique",
             "élections", "délibérations"),
    "HEAL": ("santé",),
    "INTR": ("international", "questions internationales"),
    "JUST": ("justice", "sécurité", "justice et sécurité"),
    "REGI": ("régions", "villes", "territoire", "urbanisme", "aménagement", "logement",
             "régions et villes", "équipements"),
    "SOCI": ("population", "société", "social", "solidarité", "associations", "vie associative"),
    "TECH": ("science", "technologie", "numérique", "sciences et technologies"),
    "TRAN": ("transports", "transport", "mobilité", "mobilités", "stationnement", "vélo"),
}  # fmt: skip
THEME_CODES = {normalise(label): code for code, labels in _THEMES.items() for label in labels}
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


def theme_code(theme: str) -> str | None:
    """The EU data-theme code of a catalogue theme (an EU code or a French label)."""
    if theme.isupper() and theme in _THEMES:
        return theme
    return THEME_CODES.get(normalise(theme))


def theme_codes(entry: DatasetEntry) -> list[str]:
    """EU data-theme codes of the entry's themes (themes without one are left out)."""
    codes: list[str] = []
    for theme in entry.themes:
        code = theme_code(theme)
        if code is not None and code not in codes:
            codes.append(code)
    return codes


def unknown_themes(entry: DatasetEntry) -> list[str]:
    """Catalogue themes with no EU code (optional metadata: published without, with a WARN)."""
    return [t for t in entry.themes if theme_code(t) is None]


def theme_warnings(entry: DatasetEntry) -> list[str]:
    """French warnings for the themes published without (no EU code)."""
    return [
        f"thème « {t} » sans correspondance dans le vocabulaire des thèmes : publié sans ce thème"
        for t in unknown_themes(entry)
    ]


def theme_keywords(code: str) -> tuple[str, ...]:
    """French keywords of an EU theme code (what a portal's theme label is searched with)."""
    return _THEMES.get(code, ())


def label_codes(label: str) -> list[str]:
    """EU codes whose keywords appear as whole words in a portal theme label, first mention first."""
    text = normalise(label)
    found: list[tuple[int, str]] = []
    for code, words in _THEMES.items():
        hits = [
            m.start() for w in words for m in re.finditer(rf"\b{re.escape(normalise(w))}\b", text)
        ]
        if hits:
            found.append((min(hits), code))
    return [code for _, code in sorted(found)]


def match_themes(
    entry: DatasetEntry, available: Iterable[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Portal theme ids for the entry's themes among (id, label) pairs, and the themes unmatched.

    A catalogue theme matches, in this order: a label equal to it; a label listing it
    ("Administration, …, Finances publiques"); the label whose first EU theme (by the crosswalk's
    French keywords) is the theme's code; a label that mentions that code.
    """
    ids: list[str] = []
    unmatched: list[str] = []
    pairs = list(available)
    for theme in entry.themes:
        ident = theme_match(theme, pairs)
        if ident is None:
            unmatched.append(theme)
        elif ident not in ids:
            ids.append(ident)
    return ids, unmatched


def theme_match(theme: str, pairs: list[tuple[str, str]], *, strong: bool = False) -> str | None:
    """The id of the best label for one catalogue theme (`strong`: not by a mere mention)."""
    wanted = normalise(theme)
    code = theme_code(theme)
    ranked: list[list[str]] = [[], [], [], []]
    for ident, label in pairs:
        text = normalise(label)
        codes = label_codes(label)
        if text == wanted:
            ranked[0].append(ident)
        elif wanted in (part.strip() for part in re.split(r"[,;/]", text)):
            ranked[1].append(ident)
        elif code is not None and codes[:1] == [code]:
            ranked[2].append(ident)
        elif code is not None and code in codes:
            ranked[3].append(ident)
    for found in ranked[:3] if strong else ranked:
        if found:
            return found[0]
    return None


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


def spatial_uri(entry: DatasetEntry) -> str | None:
    """The entry's area as an IRI (`dct:spatial` must be a `dct:Location` IRI, not a code)."""
    code = entry.spatial
    if not code:
        return None
    if code.startswith(("http://", "https://")):
        return code
    return (INSEE_EPCI if len(code) == 9 else INSEE_COMMUNE) + code


def stable_identifier(entry: DatasetEntry) -> str:
    """The `dct:identifier` shared by both portals (data.gouv.fr deduplicates on it)."""
    return IDENTIFIER_BASE + entry.id


def montpellier_name(entry: DatasetEntry) -> str:
    return (entry.portals.montpellier or {}).get("name", entry.id)


def herault_dataset_id(entry: DatasetEntry) -> str:
    """The entry's `dataset_id` on Hérault Data (its catalogue `portals.herault_data`)."""
    target = entry.portals.herault_data
    if target is None:
        raise MappingError("herault_data", entry.id, "ce portail n'est pas déclaré au catalogue")
    return target.dataset_id


def landing_page(entry: DatasetEntry, portal: str, public_urls: Mapping[str, str]) -> str:
    base = public_urls.get(portal, PUBLIC_URLS[portal]).rstrip("/")
    if portal == portals.MONTPELLIER.id:
        return f"{base}/dataset/{montpellier_name(entry)}"
    return f"{base}/explore/dataset/{herault_dataset_id(entry)}/"


def ods_api(entry: DatasetEntry, public_urls: Mapping[str, str]) -> tuple[str, str, str]:
    """The entry's Explore API v2.1 on Hérault Data: endpoint, OpenAPI description and the
    full CSV export (the high-value API and bulk download, R-HVD; portal-apis.md §3.9)."""
    base = public_urls.get(portals.HERAULT_DATA.id, PUBLIC_URLS[portals.HERAULT_DATA.id])
    api = f"{base.rstrip('/')}/api/explore/v2.1/"
    endpoint = f"{api}catalog/datasets/{herault_dataset_id(entry)}/"
    return endpoint, f"{api}swagger.json", f"{endpoint}exports/csv"


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
      else the schema is named in the description (`default.references` links the twin);
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


def description(entry: DatasetEntry, published: PublishedDataset | None = None) -> str:
    """The catalogue description, then the release's « Traitements appliqués » paragraph
    (what every portal and DCAT show reusers, CRPA L322-1)."""
    extra = published.treatments if published is not None else None
    return f"{entry.description.strip()}\n\n{extra}" if extra else entry.description


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


def public_source(url: str) -> str:
    """The source as reusers may read it: no query string or credentials, a local file by name."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return urlunsplit((parts.scheme, parts.hostname or "", parts.path, "", ""))
    return Path(parts.path or url).name or parts.scheme
