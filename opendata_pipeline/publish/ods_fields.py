"""OpenDataSoft field configuration from the field dictionary (portal-apis §9.2).

Every configuration we manage carries a label starting with `MANAGED`: a run lists the dataset's
configurations, POSTs the missing ones, PUTs those that differ, DELETEs ours that are no longer
wanted, and leaves those made by hand in the back office alone. Unchanged: nothing is sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from opendata_pipeline.publish.dictionary import Dictionary
from opendata_pipeline.publish.errors import PortalValidationError
from opendata_pipeline.publish.ods_api import OdsApi

log = logging.getLogger(__name__)
MANAGED = "opendata-pipeline"
FieldConfig = dict[str, Any]


def _config(kind: str, what: str, name: str, **body: Any) -> FieldConfig:
    return {"type": kind, "label": f"{MANAGED} · {what} · {name}", **body}


def desired_configs(
    dictionary: Dictionary, *, unique_key: bool = False, facets: bool = True
) -> list[FieldConfig]:
    """Type, label, description, unit and facet of each field; the record key when asked."""
    configs: list[FieldConfig] = []
    for doc in dictionary.fields:
        name = doc.name
        configs.append(_config("type", "type", name, field=name, type_param=doc.ods_type))
        if doc.label:
            configs.append(_config("rename", "libellé", name, from_name=name, to_name=name,
                                   field_label=doc.label))  # fmt: skip
        if doc.description:
            configs.append(_config("description", "description", name, field=name,
                                   description=doc.description))  # fmt: skip
        if doc.unit:
            configs.append(_config("annotate", "unité", name, field=name, annotation="unit",
                                   args=[doc.unit]))  # fmt: skip
        if doc.facet and facets:
            configs.append(_config("annotate", "facette", name, field=name, annotation="facet"))
    if unique_key:
        for column in dictionary.unique_key:
            name = dictionary.field(column).name
            configs.append(_config("annotate", "clé unique", name, field=name, annotation="id"))
    return configs


@dataclass
class FieldsOutcome:
    changed: bool = False
    rejected: list[FieldConfig] = field(default_factory=list)  # optional configs refused


def reconcile(
    api: OdsApi, uid: str, desired: list[FieldConfig], *, optional: frozenset[str] = frozenset()
) -> FieldsOutcome:
    """Make our configurations of dataset `uid` equal `desired`.

    A configuration whose `annotation` is in `optional` may be refused by the domain (not in the
    documented enum): it is skipped and reported, the others are applied.
    """
    path = f"/datasets/{uid}/fields/"
    ours = {
        str(c["label"]): c
        for c in api.paginate(path)
        if str(c.get("label", "")).startswith(MANAGED) and c.get("uid")
    }
    outcome = FieldsOutcome()
    refused: set[str] = set()
    for body in desired:
        current = ours.pop(str(body["label"]), None)
        if body.get("annotation") in refused:  # refused once: the domain does not know it
            outcome.rejected.append(body)
            continue
        if current is not None and {k: v for k, v in current.items() if k != "uid"} == body:
            continue
        try:
            if current is None:
                api.mutate("POST", path, uid, json=body, ok=(201, 200))
            else:
                api.mutate("PUT", f"{path}{current['uid']}/", uid, json=body)
        except PortalValidationError:
            if body.get("annotation") not in optional:
                raise
            outcome.rejected.append(body)
            refused.add(str(body.get("annotation")))
            log.warning("%s: the domain refused annotation %s", api.portal, body.get("annotation"))
            continue
        outcome.changed = True
    for stale in ours.values():
        api.mutate("DELETE", f"{path}{stale['uid']}/", uid, ok=(204, 200))
        outcome.changed = True
    return outcome
