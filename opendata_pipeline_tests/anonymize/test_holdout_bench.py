"""The held-out benchmark (`bench/anonymize_holdout.py`) runs end to end on a small size.

It only checks that the tool works and yields ratios; the scores themselves are the benchmark's
output, not a test target (the held-out corpus must not become a tuning set).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "anonymize_holdout.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("anonymize_holdout", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generator_is_deterministic() -> None:
    bench = _bench()
    real = bench.load_realdata()
    first = bench.build(3, 5, real)
    again = bench.build(3, 5, real)
    assert [t.rows for t in first] == [t.rows for t in again]
    assert any(t.clean for t in first) and any(t.planted for t in first)


@pytest.mark.slow  # about 15 s: nine tables through scan + anonymize in two modes
def test_holdout_produces_ratios() -> None:
    result = _bench().evaluate(rows=4, seed=1)
    assert set(result) == {"auto", "policy"}
    for res in result.values():
        ratios = [res["recall_overall"], res["retention_overall"]]
        ratios += [v["recall"] for v in res["recall"].values()]
        ratios += [v["retention"] for v in res["retention"].values()]
        assert res["recall"] and res["retention"]
        assert all(0.0 <= r <= 1.0 for r in ratios)
    assert result["auto"]["clean_files"]
