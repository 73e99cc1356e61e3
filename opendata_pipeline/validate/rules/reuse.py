"""Licence, access, reuse conditions, metadata, HVD, freshness, integrity."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from opendata_pipeline.publish.portals import PORTALS
from opendata_pipeline.storage.paths import sha256_file
from opendata_pipeline.validate.rules.base import (
    CREDENTIAL_PARAMS,
    FRESHNESS_FACTOR,
    PUBLICATION_BASES,
    SHARE_ALIKE,
    DatasetView,
    Finding,
    canonical_licence,
    failed,
    not_applicable,
    passed,
    rule,
    warned,
)


@rule("R-LICENCE", severity="BLOCK", basis="CRPA L323-1, L323-2, D323-2-1, D323-2-2, L321-2 c)")
def rule_licence(d: DatasetView) -> Finding:
    e = d.entry
    lic = canonical_licence(e.licence)
    ev: dict[str, Any] = {"licence_declared": e.licence, "licence": lic}
    if lic is None and not e.licence_homologation_ref:
        return failed(
            f"La licence « {e.licence} » n'est pas une licence autorisée (D323-2-1). "
            "Choisissez etalab-2.0 (Licence Ouverte) ou ODbL-1.0, ou indiquez la référence "
            "d'homologation (licence_homologation_ref).",
            **ev,
        )
    portal = {p: canonical_licence(c) or c for p, c in d.context.portal_licences.items()}
    differing = sorted(p for p, c in portal.items() if c != (lic or e.licence))
    if differing:
        return failed(
            f"Licence différente (ou code inconnu) sur : {', '.join(differing)}. "
            "Alignez la licence de chaque portail sur le catalogue.",
            **ev,
            portals_differing=differing,
        )
    source_licence = str(e.source.licence or e.source.options.get("licence", "")).lower()
    if source_licence and source_licence.startswith(SHARE_ALIKE) and lic != "ODbL-1.0":
        return failed(
            "La source est sous licence à partage à l'identique (ODbL) : le jeu dérivé doit "
            "rester sous ODbL-1.0.",
            **ev,
            source_licence=source_licence,
        )
    return passed(
        f"Licence autorisée : {lic or e.licence}.",
        **ev,
        url_check="SKIPPED (hors ligne)" if d.context.offline else "non vérifiée",
    )


_CONTENT_TYPES = {  # declared format → acceptable content types of an anonymous download
    ".csv": ("text/csv", "text/plain", "application/csv", "application/octet-stream"),
    ".json": ("application/json", "text/json", "application/octet-stream"),
    ".geojson": ("application/geo+json", "application/json", "application/octet-stream"),
    ".parquet": ("application/octet-stream", "application/vnd.apache.parquet"),
}


def anonymous_download_failures(urls: list[str], timeout_s: float = 10.0) -> list[str]:
    """R-FREE (d), live mode: URLs that an anonymous GET (no cookie, no Authorization header,
    at most 5 redirects) does not answer with 2xx and a content type matching the extension."""
    import requests

    failures = []
    for url in urls:
        session = requests.Session()
        session.max_redirects = 5
        try:
            with session.get(url, timeout=timeout_s, stream=True, allow_redirects=True) as resp:
                kind = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
                suffix = Path(urlsplit(url).path).suffix.lower()
                allowed = _CONTENT_TYPES.get(suffix)
                if not resp.ok or (allowed is not None and kind not in allowed):
                    failures.append(url)
        except requests.RequestException:
            failures.append(url)
        finally:
            session.close()
    return failures


@rule("R-FREE", severity="BLOCK", basis="CRPA L324-1, R324-4-1 ; directive (UE) 2019/1024 art. 14")
def rule_free(d: DatasetView) -> Finding:
    e = d.entry
    fees = [
        k
        for k, v in e.tags.items()
        if k.lower() in ("price", "fee", "tarif", "prix")
        and v.strip() not in ("", "0", "0.0", "gratuit")
    ]
    access = e.tags.get("accessRights", "PUBLIC").upper()
    credentials = [
        u
        for u in d.context.download_urls + d.context.api_urls
        if any(k.lower() in CREDENTIAL_PARAMS for k, _ in parse_qsl(urlsplit(u).query))
    ]
    unreachable = [] if d.context.offline else anonymous_download_failures(d.context.download_urls)
    ev = {
        "fee_fields": fees,
        "access_rights": access,
        "urls_with_credentials": len(credentials),
        "anonymous_download": "SKIPPED (hors ligne)"
        if d.context.offline
        else f"{len(d.context.download_urls) - len(unreachable)}/{len(d.context.download_urls)}",
    }
    if fees or access != "PUBLIC" or credentials or unreachable:
        return failed(
            "La réutilisation doit être gratuite et anonyme : retirez le tarif, l'accès "
            "restreint ou la clé d'accès présente dans une URL de téléchargement, et vérifiez "
            "que chaque fichier se télécharge sans connexion (page de connexion servie à la "
            "place d'un CSV, erreur HTTP…).",
            **ev,
        )
    return passed("Accès gratuit et sans restriction déclaré.", **ev)


def _actions(d: DatasetView) -> list[str]:
    """Columns transformed: from the clean step's report, else from the declared policy."""
    anonymization = (d.context.clean_report or {}).get("anonymization") or {}
    if anonymization:
        return [c["column"] for c in anonymization.get("columns", []) if c["action"] != "keep"]
    policy = d.entry.policy
    return [c for c, a in policy.columns.items() if a != "keep"] if policy else []


@rule("R-REUSE-CONDITIONS", severity="WARN", basis="CRPA L322-1, L321-1")
def rule_reuse_conditions(d: DatasetView) -> Finding:
    """Treatments disclosed: the « Traitements appliqués » paragraph is generated from the clean
    step's report and appended to the description on every portal and in DCAT."""
    actions = _actions(d)
    report = d.context.clean_report
    if not actions and report is None:
        return not_applicable("Aucun traitement autre que « keep » dans la politique.")
    ev = {
        "columns_transformed": len(actions),
        "auto_decisions": sum(
            1
            for c in ((report or {}).get("anonymization") or {}).get("columns", [])
            if c.get("decided_by") == "auto"
        ),
    }
    if report is not None:
        return passed(
            "Paragraphe « Traitements appliqués » généré depuis le rapport de nettoyage : il "
            "complète la description sur chaque portail et dans le catalogue DCAT.",
            **ev,
        )
    if "Traitements appliqués" not in d.entry.description:
        return failed(
            "Les traitements appliqués (anonymisation, généralisation…) ne peuvent être décrits : "
            "le rapport de nettoyage de cette version manque. Relancez clean/<id>, ou décrivez-"
            "les dans la description (paragraphe « Traitements appliqués »).",
            **ev,
        )
    return passed("Traitements appliqués décrits.", **ev)


@rule("R-SCOPE", severity="WARN", basis="CRPA L312-1, L312-1-1, D312-1-1-1")
def rule_scope(d: DatasetView) -> Finding:
    basis = d.entry.publication_basis
    if basis not in PUBLICATION_BASES:
        return failed(
            "Base de publication absente ou inconnue (publication_basis). Indiquez-en une "
            "de la liste fermée (ex. L312-1-1-3).",
            publication_basis=basis,
        )
    return passed(f"Base de publication : {basis}.")


@rule("R-METADATA", severity="BLOCK", basis="DCAT-AP 3.0 ; CRPA L322-1")
def rule_metadata(d: DatasetView) -> Finding:
    e = d.entry
    blocks = [
        k
        for k, v in (
            ("title", e.title),
            ("description", e.description),
            ("publisher", e.publisher),
            ("licence", e.licence),
        )
        if not v
    ]
    files = d.context.published_files
    if files is not None and not files:
        blocks.append("distribution")
    warns = []
    if len(e.description) < 100:
        warns.append("description de moins de 100 caractères")
    if re.match(r"^[a-z]+[.\-_][a-z]+@", e.steward.email):
        warns.append("contact nominatif (préférez une adresse fonctionnelle)")
    for key, missing in (
        ("issued", e.issued is None),
        ("frequency", e.frequency == "unknown"),
        ("theme", not e.themes),
        ("keywords (≥ 3)", len(e.keywords) < 3),
        ("spatial", not e.spatial),
        ("temporal", not e.temporal),
        ("language", e.language.lower() not in ("fr", "fra")),
    ):
        if missing:
            warns.append(key)
    ev = {"missing_mandatory": blocks, "missing_recommended": warns}
    if blocks:
        return failed(
            f"Métadonnées obligatoires manquantes : {', '.join(blocks)}. Complétez "
            "l'entrée du catalogue.",
            **ev,
        )
    if warns:
        return warned(f"Métadonnées recommandées manquantes : {', '.join(warns)}.", **ev)
    return passed("Métadonnées complètes.", **ev)


@rule(
    "R-HVD",
    severity="BLOCK",
    basis="directive (UE) 2019/1024 art. 14 ; règlement d'exécution (UE) 2023/138",
)
def rule_hvd(d: DatasetView) -> Finding:
    """Licence, both portals, an API (endpoint + description) and a bulk download. The DCAT
    `hvdCategory` / `applicableLegislation` are checked on the catalogue (HVD SHACL shapes)."""
    e = d.entry
    if not e.high_value:
        return not_applicable("Jeu non déclaré de forte valeur.")
    lic = canonical_licence(e.licence)
    ok_licence = lic == "etalab-2.0" or (
        e.licence.lower() in ("cc-by-4.0", "cc0-1.0") and bool(e.licence_homologation_ref)
    )
    missing_portals = [p.name for p in PORTALS if not p.declared(e)]
    ev = {
        "category": e.high_value,
        "licence": e.licence,
        "portals_missing": missing_portals,
        "api_urls": len(d.context.api_urls),
        "bulk_urls": len(d.context.download_urls),
        "bulk_files": len(d.context.published_files or []),
    }
    if not ok_licence:
        return failed(
            f"Licence « {e.licence} » incompatible avec un jeu de forte valeur (CC-BY 4.0 "
            "ou équivalent exigé ; l'ODbL est refusée par lecture prudente). Passez en "
            "etalab-2.0.",
            **ev,
        )
    if missing_portals:
        return failed(
            "Un jeu de forte valeur est publié et référencé sur les deux portails : déclarez-le "
            f"aussi sur {', '.join(missing_portals)} (portals: dans l'entrée du catalogue).",
            **ev,
        )
    if not d.context.api_urls:
        return failed(
            "Un jeu de forte valeur doit être servi par une API en plus du téléchargement "
            "en masse : déclarez l'URL de l'API.",
            **ev,
        )
    if not d.context.download_urls:
        return failed(
            "Un jeu de forte valeur doit être téléchargeable en masse (fichier complet) en "
            "plus de son API : aucune URL de téléchargement.",
            **ev,
        )
    return passed("Licence, deux portails, API et téléchargement conformes.", **ev)


@rule("R-FRESHNESS", severity="WARN", basis="CRPA L312-1-1 3° et 4° — tolérance : convention")
def rule_freshness(d: DatasetView) -> Finding:
    period = d.entry.period_hours
    if period is None:
        return failed(
            "Fréquence de mise à jour non déclarée : fraîcheur non calculable.",
            frequency=d.entry.frequency,
        )
    modified = d.context.modified
    if modified is None:
        return passed("Nouvelle version : à jour.")
    age_h = (d.context.now - modified).total_seconds() / 3600
    limit = FRESHNESS_FACTOR * period
    ev = {"age_hours": round(age_h, 1), "limit_hours": limit, "escalated": age_h > 2 * limit}
    if age_h > limit:
        return failed(
            f"Dernière mise à jour il y a {age_h / 24:.0f} jour(s), au-delà de la "
            f"tolérance ({limit / 24:.1f} j) pour la fréquence « {d.entry.frequency} ».",
            **ev,
        )
    return passed("Jeu à jour.", **ev)


@rule("R-INTEGRITY", severity="BLOCK", basis="principe « fail closed » (convention) ; CRPA L322-1")
def rule_integrity(d: DatasetView) -> Finding:
    files, recorded = d.context.published_files, d.context.validated_checksums
    if not files:
        return not_applicable("Rien n'est encore publié.")
    if recorded is None:
        return failed(
            "Aucune empreinte enregistrée à la validation : impossible de prouver que le "
            "fichier publié est celui qui a été validé."
        )
    mismatched = sorted(p.name for p in files if recorded.get(p.name) != sha256_file(p))
    if mismatched:
        return failed(
            f"Fichiers publiés différents de ceux validés : {', '.join(mismatched)}. "
            "Relancez la validation puis la publication.",
            mismatched=mismatched,
        )
    return passed(f"{len(files)} fichier(s) identiques à la version validée.", files=len(files))
