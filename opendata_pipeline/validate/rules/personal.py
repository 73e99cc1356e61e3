"""Personal data in published files: R-SECRETS and the R-ANON-* family."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from opendata_pipeline.validate import identifiers
from opendata_pipeline.validate.rules.base import (
    CIVILITY,
    D312_1_3,
    REVIEW_MAX_DAYS,
    TRANSFORMING,
    WEAK_KINDS,
    WEAK_WARN_CELLS,
    DatasetView,
    Finding,
    decided,
    exempt,
    failed,
    not_applicable,
    passed,
    person_level,
    rule,
    warned,
)
from opendata_pipeline.validate.table_schema import (
    quote,
)


def review_age(review: Any, now: datetime) -> int | None:
    return None if review is None else (now.date() - review.date).days


@rule("R-SECRETS", severity="BLOCK", basis="CRPA L312-1-2 al. 1, L311-5, L311-6")
def rule_secrets(d: DatasetView) -> Finding:
    policy, e = d.entry.policy, d.entry
    present = sorted(set(policy.secret_columns if policy else []) & set(d.columns))
    if present:
        return failed(
            f"Colonnes secrètes présentes dans le fichier : {', '.join(present)}. "
            "Supprimez-les (action drop).",
            secret_columns_present=present,
        )
    free_text = bool(policy and policy.free_text)
    if free_text or (e.record_subject or "mixed") != "asset":
        age = review_age(e.secrets_review, d.context.now)
        if age is None and d.context.first_publication:
            return failed(
                "Première publication sans revue des secrets (secrets_review : {by, date}). "
                "Faites relire le jeu par le service juridique."
            )
        if age is None or age > REVIEW_MAX_DAYS:
            return warned("Revue des secrets absente ou de plus d'un an.", review_age_days=age)
    return passed("Aucune colonne secrète ; revue des secrets à jour.")


def _basis_problem(basis: str | None) -> str | None:
    if not basis:
        return "sans base légale (public_columns_basis)"
    kind, _, ref = basis.partition(":")
    ref = ref.strip()
    if kind == "law":
        if re.match(r"^(décret|decret|arrêté|arrete|R|D)", ref, re.IGNORECASE):
            return "base réglementaire (décret/arrêté) insuffisante : une loi est requise"
        if not re.match(r"^(LO|L|loi|ordonnance)", ref, re.IGNORECASE):
            return "référence législative non reconnue"
        return None
    if kind in ("consent", "D312-1-3") and ref:
        return None
    return "forme de base inconnue (law:, consent: ou D312-1-3:)"


def flagged_columns(d: DatasetView) -> dict[str, list[str]]:
    """Columns the scanner flags as personal, with why (header, or the validated kinds)."""
    out: dict[str, list[str]] = {}
    for column in d.columns:
        if identifiers.header_looks_personal(column):
            out.setdefault(column, []).append("nom de colonne")
    for column, kinds in d.scan().items():
        if column in d.columns:
            out.setdefault(column, []).extend(sorted(kinds))
    return out


@rule("R-ANON-REQUIRED", severity="BLOCK", basis="CRPA L312-1-2 al. 2")
def rule_anon_required(d: DatasetView) -> Finding:
    policy = d.entry.policy
    flagged = flagged_columns(d)
    problems: dict[str, str] = {}
    auto: dict[str, str] = {}  # column → the anonymizer's recorded decision (auto mode)
    for column, reasons in flagged.items():
        values_hit = [r for r in reasons if r in identifiers.VALIDATED_KINDS]
        action = policy.action_for(column) if policy else ""
        if action == "auto" and column in d.auto_decisions:
            action = auto[column] = d.auto_decisions[column]["action"]
        if policy is None:
            problems[column] = "aucune politique (personal_data: none)"
        elif column in policy.not_personal:
            continue
        elif column in policy.public_columns:
            issue = _basis_problem(policy.public_columns_basis.get(column))
            if issue:
                problems[column] = issue
        elif action.split(":")[0] in TRANSFORMING:
            if values_hit:
                problems[column] = "identifiants encore présents après transformation"
        elif column in auto and not values_hit:
            continue  # classified as not personal by the anonymizer (organisations, places…)
        else:
            problems[column] = f"action « {action} » ne rend pas anonyme"
    ev = {"flagged_columns": sorted(flagged), "failing_columns": problems, "auto_decisions": auto}
    if problems:
        detail = "; ".join(f"{c} ({p})" for c, p in sorted(problems.items()))
        return failed(
            f"Colonnes personnelles sans traitement ni base légale : {detail}. Pour chacune, "
            "choisissez une action (drop, redact, generalize…), une base législative "
            "(public_columns_basis) ou déclarez-la non personnelle (not_personal).",
            **ev,
        )
    if auto:
        # legal-rules: the anonymizer's recorded classification is a decision, to be confirmed
        detail = ", ".join(f"{c} ({a})" for c, a in sorted(auto.items()))
        return warned(
            f"Décisions automatiques de l'anonymiseur : {detail}. Confirmez-les dans la "
            "politique (columns, not_personal) : elles s'appliquent en attendant.",
            **ev,
        )
    return passed(f"{len(flagged)} colonne(s) signalée(s), toutes traitées ou justifiées.", **ev)


@rule("R-ANON-EXEMPT", severity="BLOCK", basis="CRPA D312-1-3 (décret 2018-1117)")
def rule_anon_exempt(d: DatasetView) -> Finding:
    policy = d.entry.policy
    if policy is None:
        return not_applicable("Pas de politique de données personnelles.")
    exemptions = {
        c: b.split(":", 1)[1].strip()
        for c, b in policy.public_columns_basis.items()
        if b.startswith("D312-1-3:")
    }
    wildcards = [c for c in policy.public_columns if any(ch in c for ch in "*?[")]
    if not exemptions and not wildcards:
        return not_applicable("Aucune colonne publiée au titre de D312-1-3.")
    numbers = {str(i + 1): code for i, code in enumerate(D312_1_3)}
    unknown = sorted(c for c, code in exemptions.items() if code not in D312_1_3 + tuple(numbers))
    archives = sorted(c for c, code in exemptions.items() if numbers.get(code, code) == "archives")
    ev = {
        "exempted_columns": sorted(exemptions),
        "unknown_codes": unknown,
        "wildcards": wildcards,
        "archives": archives,
    }
    if unknown or wildcards or archives:
        return failed(
            "Exemption D312-1-3 invalide : code inconnu, colonne désignée par un motif, ou "
            "catégorie « archives » (hors périmètre sans dérogation du DPO). Nommez chaque "
            "colonne et utilisez un des neuf codes.",
            **ev,
        )
    if not d.entry.information_notice_url:
        return warned(
            "Colonnes nominatives publiées sans mention d'information des personnes "
            "(information_notice_url).",
            **ev,
        )
    return passed("Exemptions D312-1-3 valides.", **ev)


@rule(
    "R-ANON-DIRECT-ID", severity="BLOCK", basis="RGPD art. 4(1) ; CRPA L312-1-2 ; G29 avis 05/2014"
)
def rule_anon_direct_id(d: DatasetView) -> Finding:
    scan = d.scan()
    outside: dict[str, dict[str, int]] = {}
    weak: dict[str, dict[str, int]] = {}
    for column, kinds in scan.items():
        if exempt(d.entry, column):
            continue
        for kind, n in kinds.items():
            # unknown kinds count as validated (fail closed)
            target = weak if kind in WEAK_KINDS else outside
            target.setdefault(column, {})[kind] = n
    reported = {c: k for c, k in scan.items() if exempt(d.entry, c)}
    undecided = sorted(
        c
        for c in d.columns
        if identifiers.header_looks_personal(c)
        and not decided(d.entry, c)
        and c not in d.auto_decisions  # the anonymizer's recorded decision (R-ANON-REQUIRED)
    )
    ev = {
        "hits_outside_public_columns": outside,
        "weak_hits": weak,
        "hits_in_public_or_not_personal": reported,
        "hits_on_legal_persons_rows": d.legal_person_hits,
        "personal_looking_columns_without_decision": undecided,
    }
    if outside:
        detail = "; ".join(
            f"{c} : " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
            for c, kinds in sorted(outside.items())
        )
        return failed(
            f"Identifiants directs trouvés (nombre de cellules) — {detail}. Masquez ou "
            "supprimez ces colonnes dans la politique, ou corrigez la source.",
            **ev,
        )
    if undecided:
        return failed(
            f"Colonnes qui semblent personnelles sans décision : {', '.join(undecided)}. "
            "Déclarez une action, public_columns ou not_personal (avec la raison).",
            **ev,
        )
    review = sorted(c for c, kinds in weak.items() if sum(kinds.values()) >= WEAK_WARN_CELLS)
    if review:
        return warned(
            f"Indices faibles de données personnelles (plaques, adresses, noms…) dans "
            f"{', '.join(review)} : à vérifier par le référent.",
            **ev,
        )
    return passed("Aucun identifiant direct hors colonnes publiques ou non personnelles.", **ev)


@rule(
    "R-ANON-PSEUDO",
    severity="BLOCK",
    basis="RGPD art. 4(5), considérant 26 ; G29 avis 05/2014 ; CEPD lignes directrices 01/2025",
)
def rule_anon_pseudo(d: DatasetView) -> Finding:
    policy = d.entry.policy
    pseudo = sorted(
        c
        for c, a in (policy.columns.items() if policy else [])
        if a == "pseudonymize" and c in d.columns
    )
    if pseudo:
        return failed(
            f"Colonnes pseudonymisées publiées : {', '.join(pseudo)}. Un pseudonyme stable "
            "reste une donnée personnelle : supprimez ces colonnes avant publication.",
            pseudonymized_columns=pseudo,
        )
    if not person_level(d.entry):
        return passed("Aucune colonne pseudonymisée.")
    suspects = []
    for column in d.text_columns:
        col = quote(column)
        row = d.con.execute(
            f"SELECT count({col}), count(DISTINCT {col}), count(*) FILTER (WHERE "
            f"regexp_full_match({col}, '[0-9a-fA-F]{{32,128}}|[A-Za-z0-9_\\-]{{22,}}')) FROM t"
        ).fetchone()
        if row and row[0] and row[2] >= 0.9 * row[0] and row[1] >= 0.9 * row[0]:
            suspects.append(column)
    if suspects:
        return warned(
            f"Colonnes qui ressemblent à des pseudonymes : {', '.join(suspects)}. Vérifiez "
            "leur origine (revue humaine).",
            possible_pseudonyms=suspects,
        )
    return passed("Aucune colonne pseudonymisée.")


@rule(
    "R-ANON-K",
    severity="BLOCK",
    basis="G29 avis 05/2014 (individualisation) — seuil k : convention",
)
def rule_anon_k(d: DatasetView) -> Finding:
    e, policy = d.entry, d.entry.policy
    personal_hits = any(not exempt(e, c) for c in d.scan())
    if not person_level(e) and not (personal_hits and e.record_subject != "asset"):
        return not_applicable(f"Lignes non personnelles (record_subject : {e.record_subject}).")
    qis = list(policy.quasi_identifiers) if policy else []
    if not qis:
        return failed(
            "Données au niveau de la personne sans quasi-identifiants déclarés. Déclarez "
            "quasi_identifiers et k dans la politique, ou record_subject: asset / "
            "legal_person si les lignes ne décrivent pas des personnes.",
            record_subject=e.record_subject or "mixed (absent)",
        )
    k_required = policy.k if policy and policy.k else 5
    missing = [q for q in qis if q not in d.columns]
    present = [q for q in qis if q in d.columns]
    k = d.context.k_achieved
    if k is None and present:
        cols = ", ".join(quote(q) for q in present)
        row = d.con.execute(
            f"SELECT min(n) FROM (SELECT count(*) n FROM t GROUP BY {cols})"
        ).fetchone()
        k = int(row[0]) if row and row[0] is not None else None
    ev = {
        "quasi_identifiers": qis,
        "k_required": k_required,
        "k_achieved": k,
        "quasi_identifiers_absent": missing,
    }
    if k is not None and k < k_required:
        return failed(
            f"La plus petite classe sur {', '.join(qis)} compte {k} ligne(s), moins que "
            f"k = {k_required}. Généralisez davantage (âge en tranches, commune…).",
            **ev,
        )
    return passed(f"k atteint : {k} (exigé : {k_required}).", **ev)


def free_text_columns(d: DatasetView) -> list[str]:
    declared = set(d.entry.policy.free_text if d.entry.policy else [])
    return [c for c in d.text_columns if c in declared or d.mean_length(c) > 30]


@rule("R-ANON-FREE-TEXT", severity="BLOCK", basis="CRPA L312-1-2 ; guide CADA-CNIL")
def rule_anon_free_text(d: DatasetView) -> Finding:
    columns = free_text_columns(d)
    if not columns:
        return not_applicable("Pas de colonne de texte libre.")
    scan = d.scan()
    ids = {c: scan[c] for c in columns if c in scan and not exempt(d.entry, c)}
    names = {c: n for c in columns if (n := civility_names(d, c)) and not exempt(d.entry, c)}
    ev = {
        "free_text_columns": columns,
        "identifiers": ids,
        "person_names": names,
        "detectors": ["email", "phone", "nir", "iban", "civilité + nom"],
    }
    if ids or names:
        return failed(
            "Texte libre contenant des identifiants ou des noms de personnes "
            f"({', '.join(sorted(set(ids) | set(names)))}). Appliquez mask_text à ces "
            "colonnes.",
            **ev,
        )
    return passed("Aucun identifiant ni nom dans le texte libre.", **ev)


def civility_names(d: DatasetView, column: str, exclude: set[str] | None = None) -> int:
    col = quote(column)
    rows = d.con.execute(
        f"SELECT {col} FROM t WHERE regexp_matches({col}, ?)", [CIVILITY]
    ).fetchall()
    if not exclude:
        return len(rows)
    pattern = re.compile(CIVILITY)
    count = 0
    for (text,) in rows:
        for m in pattern.finditer(text):
            surname = m.group(0).split()[-1].lower()
            if surname not in exclude:
                count += 1
                break
    return count


@rule("R-ANON-DOC", severity="BLOCK", basis="G29 avis 05/2014 ; RGPD art. 5(2)")
def rule_anon_doc(d: DatasetView) -> Finding:
    e, policy = d.entry, d.entry.policy
    needed = (
        bool(flagged_columns(d))
        or (e.record_subject or "mixed") != "asset"
        or bool(
            policy
            and (
                policy.public_columns
                or policy.not_personal
                or any(a != "keep" for a in policy.columns.values())
            )
        )
    )
    if not needed:
        return not_applicable("Aucune donnée personnelle ni traitement à documenter.")
    missing = []
    transforms = bool(policy and any(a != "keep" for a in policy.columns.values()))
    if transforms and d.context.anonymization_report is None:
        missing.append("rapport d'anonymisation")
    age = review_age(e.anonymisation_review, d.context.now)
    if age is None:
        missing.append("relecteur et date (anonymisation_review)")
    elif age > REVIEW_MAX_DAYS:
        missing.append("relecture de plus d'un an")
    if missing:
        return failed(
            f"Documentation de l'anonymisation incomplète : {', '.join(missing)}. "
            "Faites relire le rapport et inscrivez anonymisation_review: {by, date}.",
            missing=missing,
        )
    return passed(
        "Anonymisation documentée et relue.",
        reviewer=e.anonymisation_review.by if e.anonymisation_review else None,
    )
