"""Which metadata an OpenDataSoft domain takes: its templates and fields, its licence and theme ids.

The domain's templates and their fields are listed once per publisher (portal-apis §9.3.1); a
field the domain lacks is not sent: its value goes to the description when it has a French
label, else it is dropped with a warning. Licence and theme ids come from the field's `choices`
when the domain lists them, else from `suggest/` queries (`query` is required).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.errors import MappingError, PortalProtocolError
from opendata_pipeline.publish.ods_api import OdsApi

log = logging.getLogger(__name__)
LIST_TYPES = {"list", "enumlist", "multitext", "uri_enumlist"}
SUGGEST_COUNT = 100
# Prefixes a domain's licence labels start with (suggest queries, most specific first).
LICENCE_QUERIES = {
    "etalab-2.0": ("Licence Ouverte", "Open Licence", "Etalab"),
    "odbl-1.0": ("ODbL", "Open Database", "Open Data Commons"),
    "cc-by-4.0": ("CC BY", "CC-BY", "Creative Commons", "Attribution"),
}
Metadata = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class TemplateField:
    """A field of a domain template (`MetadataTemplateField`): its type and allowed values."""

    name: str
    type: str = "text"
    choices: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # choice -> label

    @classmethod
    def parse(cls, data: dict[str, Any]) -> TemplateField:
        choices = tuple(str(c) for c in data.get("choices") or [])
        labels: dict[str, str] = {}
        for choice, by_language in (data.get("labels") or {}).items():
            if isinstance(by_language, dict) and by_language:
                labels[str(choice)] = str(by_language.get("fr") or next(iter(by_language.values())))
            elif isinstance(by_language, str):
                labels[str(choice)] = by_language
        return cls(str(data["name"]), str(data.get("type") or "text"), choices, labels)


@dataclass
class DomainTemplates:
    """The active templates of a domain and their fields."""

    fields: dict[str, dict[str, TemplateField]]

    def get(self, template: str, name: str) -> TemplateField | None:
        return self.fields.get(template, {}).get(name)


def _template(**types: str) -> dict[str, TemplateField]:
    return {name: TemplateField(name, kind) for name, kind in types.items()}


# The templates and fields portal-apis.md documents (§3.4, §9.3.2): what the dry-run outbox
# renders for, since only the live domain can be asked.
DOCUMENTED = DomainTemplates({
    "default": _template(title="text", description="html", keyword="list", language="text",
                         modified="datetime", publisher="text", references="text",
                         license="text", geographic_reference="list", attributions="list",
                         timezone="text", modified_updates_on_metadata_change="boolean",
                         modified_updates_on_data_change="boolean"),
    "internal": _template(license_id="text", theme_id="list", draft="boolean"),
    "dcat": _template(created="datetime", issued="datetime", creator="text",
                      contributor="text", contact_name="text", contact_email="text",
                      accrualperiodicity="text", relation="text"),
})  # fmt: skip


def discover(api: OdsApi, wanted: Iterable[str]) -> DomainTemplates:
    """`GET /metadata/templates/` then `GET /metadata/templates/{name}/fields/` for `wanted`."""
    listed = {str(t.get("name")): t for t in api.paginate("/metadata/templates/")}
    found: dict[str, dict[str, TemplateField]] = {}
    for name in wanted:
        template = listed.get(name)
        if template is not None and not (
            template.get("is_active", True) or template.get("is_always_active")
        ):
            continue  # not activated on this domain
        try:
            fields = api.paginate(f"/metadata/templates/{name}/fields/")
        except PortalProtocolError:  # 404: a template the listing did not show is not there
            continue
        found[name] = {str(f["name"]): TemplateField.parse(f) for f in fields if f.get("name")}
    return DomainTemplates(found)


@dataclass(frozen=True)
class MetaField:
    """One metadata value we would like on the portal.

    `label_fr`: when the domain lacks the field, the value is written in the description under
    this label (None: dropped with a warning for the steward, unless `platform`: a setting of
    the portal itself, dropped with a log line). `text`: how the value reads there.
    """

    template: str
    name: str
    value: Any
    label_fr: str | None = None
    text: str | None = None
    required: bool = False
    platform: bool = False


@dataclass
class Resolved:
    """What to send, what moved to the description, what was dropped (French warnings)."""

    metadata: Metadata
    moved: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _fit(info: TemplateField, value: Any) -> Any:
    """`value` in the field's shape and vocabulary; None when it has no allowed form."""
    if info.type in LIST_TYPES and not isinstance(value, list):
        value = [value]
    elif info.type not in LIST_TYPES and isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    if not info.choices:
        return value
    by_label = {cw.normalise(label): choice for choice, label in info.labels.items()}

    def one(item: Any) -> str | None:
        text = str(item)
        if text in info.choices:
            return text
        return by_label.get(cw.normalise(text))

    if isinstance(value, list):
        fitted = [one(v) for v in value]
        return None if None in fitted else fitted
    return one(value)


def resolve(fields: list[MetaField], domain: DomainTemplates) -> Resolved:
    """Keep the fields the domain has (in its vocabulary); the others move or are dropped."""
    resolved = Resolved({})
    paragraphs: list[str] = []
    for item in fields:
        if item.value is None or item.value == []:
            continue
        info = domain.get(item.template, item.name)
        value = _fit(info, item.value) if info is not None else None
        if value is None and item.required:
            value = item.value  # required by the API whatever the listing says
        if value is not None:
            resolved.metadata.setdefault(item.template, {})[item.name] = value
            continue
        where = f"{item.template}.{item.name}"
        if item.platform:
            log.info("%s absent from the domain's templates: not sent", where)
        elif item.label_fr:
            text = item.text or str(item.value)
            paragraphs.append(
                f"<strong>{html.escape(item.label_fr)}</strong> : {html.escape(text)}"
            )
            resolved.moved.append(where)
            log.warning("%s absent from the domain's templates: moved to the description", where)
        else:
            resolved.warnings.append(
                f"métadonnée {where} absente du portail (ou valeur hors de sa liste) : non publiée"
            )
            log.warning("%s absent from the domain's templates: not sent", where)
    if paragraphs:
        default = resolved.metadata.setdefault("default", {})
        extra = "<p>" + "<br/>".join(paragraphs) + "</p>"
        default["description"] = str(default.get("description") or "") + extra
    return resolved


def _hit_pairs(found: Any) -> list[tuple[str, str]]:
    """(id, label) pairs of a `suggest/` answer (`{"hits": [...]}`, hits as objects or strings)."""
    hits = found.get("hits", []) if isinstance(found, dict) else []
    pairs: list[tuple[str, str]] = []
    for hit in hits:
        if isinstance(hit, str):
            pairs.append((hit, hit))
        elif isinstance(hit, dict):
            ident = str(hit.get("value") or hit.get("id") or hit.get("uid") or hit.get("key") or "")
            label = str(hit.get("label") or hit.get("title") or hit.get("name") or ident)
            if ident:
                pairs.append((ident, label))
    return pairs


def _spellings(words: Iterable[str]) -> list[str]:
    """Each word as written, capitalised, and without accents: a prefix search may be case- or
    accent-sensitive ("économie" does not start "Economie, Business, …")."""
    seen: list[str] = []
    for word in words:
        plain = cw.normalise(word)
        for form in (word, word[:1].upper() + word[1:], plain, plain[:1].upper() + plain[1:]):
            if form not in seen:
                seen.append(form)
    return seen


class Vocabulary:
    """The domain's ids of `internal.license_id` and `internal.theme_id` (opaque, §0.1.8)."""

    def __init__(self, api: OdsApi, domain: DomainTemplates) -> None:
        self.api = api
        self.domain = domain
        self._suggested: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def _choices(self, name: str) -> list[tuple[str, str]] | None:
        info = self.domain.get("internal", name)
        if info is None or not info.choices:
            return None
        return [(c, info.labels.get(c, c)) for c in info.choices]

    def suggest(self, name: str, query: str) -> list[tuple[str, str]]:
        """`GET /metadata/templates/internal/fields/{name}/suggest/?query=…&count=…` (cached)."""
        key = (name, query)
        if key not in self._suggested:
            found = self.api.call(
                "GET",
                f"/metadata/templates/internal/fields/{name}/suggest/",
                params={"query": query, "count": SUGGEST_COUNT},
            )
            self._suggested[key] = _hit_pairs(found)
        return self._suggested[key]

    def licence(self, entry: DatasetEntry, portal: str) -> str:
        """The domain's licence id of the entry's licence (required: fails when absent)."""
        key = cw.licence_key(entry, portal)
        choices = self._choices("license_id")
        candidates: list[tuple[str, str]] = list(choices or [])
        queries = () if choices else LICENCE_QUERIES[key]
        for query in (None, *queries):
            if query is not None:
                candidates += self.suggest("license_id", query)
            try:
                return cw.match_licence(entry, portal, candidates)
            except MappingError:
                continue
        raise MappingError(
            portal, entry.id, f"la licence '{entry.licence}' n'existe pas dans la liste du portail"
        )

    def themes(self, entry: DatasetEntry) -> tuple[list[str], list[str]]:
        """The domain's theme ids for the entry's themes, and the themes with none."""
        if self.domain.get("internal", "theme_id") is None:
            return [], list(entry.themes)  # a domain without themes
        choices = self._choices("theme_id")
        if choices is not None:
            return cw.match_themes(entry, choices)
        candidates: list[tuple[str, str]] = []
        for theme in entry.themes:
            code = cw.theme_code(theme)
            words = [theme] if code is None or code != theme else []
            words += cw.theme_keywords(code or "")
            for query in _spellings(words):  # until a label is found by more than a mention
                candidates += self.suggest("theme_id", query)
                if cw.theme_match(theme, candidates, strong=True):
                    break
        return cw.match_themes(entry, candidates)
