"""Schema of a catalogue entry (design.md, legal-rules.md §0 inputs)."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

from opendata_pipeline.anonymize.policy import Policy
from opendata_pipeline.catalog.mapping import FieldMapping
from opendata_pipeline.ingest.kinds import Source

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")
# `spatial`: an INSEE commune code, the SIREN of an EPCI, or the URI of the area.
SPATIAL_PATTERN = re.compile(r"^(?:\d{5}|2[AB]\d{3}|\d{9}|https?://\S+)$")
Frequency = Literal[
    "continuous", "hourly", "daily", "weekly", "monthly", "quarterly",
    "semiannual", "annual", "irregular", "unknown",
]  # fmt: skip
HvdCategory = Literal[
    "geospatial", "earth_observation", "environment", "meteorological",
    "statistics", "companies", "mobility",
]  # fmt: skip
# Period of each cadence in hours, for schedules and R-FRESHNESS.
FREQUENCY_HOURS: dict[str, float | None] = {
    "continuous": 0.25, "hourly": 1, "daily": 24, "weekly": 24 * 7, "monthly": 24 * 31,
    "quarterly": 24 * 92, "semiannual": 24 * 183, "annual": 24 * 366,
    "irregular": None, "unknown": None,
}  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Steward(_Strict):
    """The person or service answerable for the dataset's quality; receives alerts."""

    name: str = Field(min_length=1)
    email: EmailStr


class Geo(_Strict):
    """Columns holding WGS 84 coordinates (`auto` finds longitude/latitude-like headers)."""

    longitude: str
    latitude: str


ODS_DATASET_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,254}$")
ODS_RESOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


class HeraultDataTarget(_Strict):
    """The dataset on Hérault Data (OpenDataSoft).

    `realtime_resource`: the short name of the realtime push source declared in the ODS back
    office (the `<RESOURCE_ID>` of its push URL); its records are then pushed, not uploaded.
    `unique_key`: the column(s) identifying a record (default: the table schema's primary key,
    else a column `id`).
    """

    dataset_id: str = ""  # empty: `<entry id>-3m`, filled in by the entry
    realtime_resource: str | None = None
    unique_key: list[str] = Field(default_factory=list)

    @field_validator("dataset_id")
    @classmethod
    def _dataset_id(cls, value: str) -> str:
        if value and not ODS_DATASET_ID.match(value):
            raise ValueError(
                f"bad Hérault Data dataset_id '{value}': lower-case letters, digits, - and _"
            )
        return value

    @field_validator("realtime_resource")
    @classmethod
    def _resource(cls, value: str | None) -> str | None:
        if value is not None and not ODS_RESOURCE_ID.match(value):
            raise ValueError(f"bad realtime_resource '{value}': letters, digits, - and _")
        return value


class PortalTargets(_Strict):
    """Identifiers of the dataset on each portal; an absent portal is not published to."""

    montpellier: dict[str, str] | None = None
    herault_data: HeraultDataTarget | None = None


class ColumnDoc(_Strict):
    """What a column means, for the portals' field dictionaries (French)."""

    label: str | None = None
    description: str | None = None
    unit: str | None = None
    facet: bool | None = None  # None: decided from the data (few distinct text values)


class Review(_Strict):
    by: str
    date: date


class Waiver(_Strict):
    rule: str
    reason: str
    approver: str
    until: date
    approver_role: str | None = None


class DatasetEntry(_Strict):
    """One dataset of the catalogue."""

    id: str
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    publisher: str = "Montpellier Méditerranée Métropole"
    steward: Steward
    licence: str = Field(min_length=1)
    licence_homologation_ref: str | None = None
    themes: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    frequency: Frequency = "unknown"
    high_value: HvdCategory | None = None
    source: Source
    schema_: str | None = Field(default=None, alias="schema")
    # schema field → source column, constant or lookup (catalog/mapping.py): published = schema
    schema_mapping: dict[str, FieldMapping] | None = None
    personal_data: Literal["none"] | Policy
    portals: PortalTargets = Field(default_factory=PortalTargets)
    geo: Geo | Literal["auto", "none"] = "auto"
    spatial: str | None = None
    temporal: str | None = None
    language: str = "fr"
    issued: date | None = None
    publication_basis: str | None = None
    record_subject: (
        Literal["natural_person", "legal_person", "mixed", "asset", "aggregate"] | None
    ) = None
    geo_subject: Literal["asset", "person", "event"] | None = None
    third_party_rights: bool = False
    information_notice_url: str | None = None
    secrets_review: Review | None = None
    anonymisation_review: Review | None = None
    waivers: list[Waiver] = Field(default_factory=list)
    tags: dict[str, str] = Field(default_factory=dict)
    columns: dict[str, ColumnDoc] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(
                f"bad identifier '{value}': use lower-case letters, digits and hyphens "
                "(1-100 characters, no leading/trailing hyphen)"
            )
        return value

    @field_validator("spatial")
    @classmethod
    def _spatial(cls, value: str | None) -> str | None:
        if value is not None and not SPATIAL_PATTERN.match(value.strip()):
            raise ValueError(
                f"spatial '{value}' : indiquez le code INSEE de la commune (5 caractères), le "
                "SIREN de l'EPCI (9 chiffres) ou l'URI du territoire"
            )
        return value.strip() if value else value

    @model_validator(mode="after")
    def _herault_dataset_id(self) -> DatasetEntry:
        target = self.portals.herault_data
        if target is not None and not target.dataset_id:
            target.dataset_id = f"{self.id}-3m"
        return self

    @model_validator(mode="after")
    def _policy_columns_need_policy(self) -> DatasetEntry:
        if self.record_subject == "natural_person" and self.personal_data == "none":
            raise ValueError(
                "personal_data: 'none' is not allowed when record_subject is natural_person"
            )
        if self.schema_mapping is not None and not self.schema_:
            raise ValueError("schema_mapping needs the schema it maps to (schema: owner/name)")
        return self

    @property
    def declared_free_of_personal_data(self) -> bool:
        return self.personal_data == "none"

    @property
    def policy(self) -> Policy | None:
        return None if isinstance(self.personal_data, str) else self.personal_data

    @property
    def period_hours(self) -> float | None:
        return FREQUENCY_HOURS[self.frequency]

    @property
    def realtime(self) -> bool:
        """Records are pushed to Hérault Data's realtime API (continuous or a declared source)."""
        target = self.portals.herault_data
        return target is not None and (
            self.frequency == "continuous" or target.realtime_resource is not None
        )
