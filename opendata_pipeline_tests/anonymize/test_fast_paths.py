"""The screens that spare Python work give what it gives: RE2 supersets of the person-name
finder's regexes, the paths `find_names_many` skips with them, the digit screen of `rows_where`.
"""

from __future__ import annotations

import _sre
import csv
import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from opendata_pipeline.anonymize.detectors import BY_KIND
from opendata_pipeline.anonymize.detectors import superset as sup
from opendata_pipeline.anonymize.detectors.address import NO_INSTITUTION, institution
from opendata_pipeline.anonymize.detectors.person_name.finder import PATHS, find_names
from opendata_pipeline.anonymize.detectors.person_name.prefilter import find_names_many
from opendata_pipeline.anonymize.detectors.superset import re2_superset
from opendata_pipeline.anonymize.vector import rows_where
from opendata_pipeline_tests.anonymize.test_vector import _texts

CORPUS = Path(__file__).parent / "corpus"
MAKE_DATA = Path(__file__).resolve().parents[3] / "shared" / "bench" / "make_data.py"


def _pii_dense_rows(rows: int) -> list[str]:
    """The text cells of the shared PII-dense generator's first rows (skipped when absent)."""
    if not MAKE_DATA.is_file():
        pytest.skip(f"PII-dense generator absent: {MAKE_DATA}")
    spec = importlib.util.spec_from_file_location("make_data", MAKE_DATA)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    table = module.make_chunk(1, rows, 42)
    return [
        v
        for name in table.column_names
        if pa.types.is_string(table.schema.field(name).type)
        for v in table.column(name).to_pylist()
        if v
    ]


def _corpus_texts() -> list[str]:
    out = []
    for path in sorted(CORPUS.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            out += [v for row in csv.reader(f) for v in row if v]
    detector = BY_KIND["person_name"]
    return out + list(detector.positives + detector.negatives)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    base = [t for t in _texts(3000, seed=17) if t] + _corpus_texts()
    # every case and a few endings the signature and lower-case paths read
    endings = [
        "\n— Jean Martin",
        "\nCordialement,\nmarie dupont",
        ". Merci.\nModibo",
        " (fille)",
        ". m. marty rappelé",
    ]
    return (
        base
        + [t.lower() for t in base[::3]]
        + [t.upper() for t in base[::5]]
        + [t + endings[i % len(endings)] for i, t in enumerate(base[::4])]
    )


def _python_matches(sequence: tuple[re.Pattern[str], ...], text: str) -> bool:
    """The patterns match one right after the other somewhere in `text`."""
    ends = {m.end() for m in sequence[0].finditer(text)} if len(sequence) > 1 else None
    if ends is None:
        return sequence[0].search(text) is not None
    for pattern in sequence[1:]:
        ends = {m.end() for at in ends if (m := pattern.match(text, at))}
    return bool(ends)


@pytest.mark.parametrize(
    "sequence",
    [seq for alternatives in PATHS.values() for seq in alternatives],
    ids=lambda seq: "+".join(p.pattern[:20] for p in seq),
)
def test_re2_supersets_match_wherever_the_finder_regexes_match(
    sequence: tuple[re.Pattern[str], ...], texts: list[str]
) -> None:
    gate = np.asarray(
        pc.match_substring_regex(pa.array(texts, pa.string()), re2_superset(*sequence)),
        dtype=bool,
    )
    python = np.array([_python_matches(sequence, t) for t in texts], dtype=bool)
    missed = [t for t, p, g in zip(texts, python, gate, strict=True) if p and not g]
    assert not missed, missed[:3]
    assert python.any()
    assert not gate.all()  # and it screens


def _every_code_point() -> tuple[list[str], pa.Array]:
    chars = [chr(p) for p in range(sys.maxunicode + 1) if not 0xD800 <= p <= 0xDFFF]
    return chars, pa.array(chars, pa.string())


def test_re2_classes_hold_python_classes_on_every_code_point() -> None:
    chars, array = _every_code_point()
    for python, re2 in [
        (r"\w", f"[{sup._WORD}]"),
        (r"\W", re2_superset(re.compile(r"\W"))),
        (r"[^\w.]", re2_superset(re.compile(r"[^\w.]"))),
        (r"\d", f"[{sup._DIGIT}]"),
        (r"\s", re2_superset(re.compile(r"\s"))),
        (r"[^\W\d_]", re2_superset(re.compile(r"[^\W\d_]"))),
        (r"\S", re2_superset(re.compile(r"\S"))),
        (r"\D", re2_superset(re.compile(r"\D"))),
    ]:
        compiled = re.compile(python)
        got = np.asarray(pc.match_substring_regex(array, f"^(?:{re2})$"), dtype=bool)
        missed = [ch for ch, g in zip(chars, got, strict=True) if not g and compiled.fullmatch(ch)]
        assert not missed, (python, [hex(ord(m)) for m in missed[:5]])
    assert all(_sre.unicode_tolower(ord(ch)) == ord(ch) for ch in chars[sup._CASED_BELOW - 0x800 :])
    assert not any(ch.isspace() for ch in chars[sup._SPACES_BELOW :])


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?i:famille|époux)\s",
        r"(?i)[a-zé]+ie\b",
        r"(?i:[^a-z])x",
        r"(?<=[.!?]\s)[A-Z][a-z]+\Z",
        r"(?:^|(?<=\n))[ \t]*[—–]",
        r"\b[A-Z]\w+(?=[,.]|$)",
        r"(?<!\w)(?:par|Par)(?!\w)[ \u00a0]+(?P<n>[a-z]{2,})",
        r"x{2,5000}|(?>ab)c|[\S\d]{3}",
        # classes of alternating case above U+00FF, repeats and assertions at either end
        r"[ĀĂĄĆĈĊČĎ]\w+|(?<!\w)[ăąćĉ]{2,}(?!\w)",
        r"\s*(?=[A-Z])\b[A-Z]\w*[ \u00a0]+(?:par|vu)\w*(?![\w'’-])",
    ],
)
def test_re2_superset_of_each_construct(pattern: str, texts: list[str]) -> None:
    compiled = re.compile(pattern)
    sample = [*texts, "İstanbul famİlle", "ſie", "KELVIN Kie", "Fin. Jean", "xx" * 3, "abc"]
    sample += ["Ċaoimhe", "x ąć y", "ĂĀ", "Vu parlé", "Dupont vuitton"]
    gate = np.asarray(
        pc.match_substring_regex(pa.array(sample, pa.string()), re2_superset(compiled)), dtype=bool
    )
    missed = [t for t, g in zip(sample, gate, strict=True) if not g and compiled.search(t)]
    assert not missed, missed[:3]


def test_constructs_without_a_superset_raise() -> None:
    with pytest.raises(NotImplementedError):
        re2_superset(re.compile(r"(a)\1"))


def test_find_names_many_is_find_names_text_by_text(texts: list[str]) -> None:
    expected = [find_names(t) for t in texts]
    assert find_names_many(texts) == expected
    assert sum(map(bool, expected)) > len(texts) // 10


def test_find_names_many_on_pii_dense_rows() -> None:
    rows = _pii_dense_rows(4000)
    expected = [find_names(t) for t in rows]
    assert find_names_many(rows) == expected
    assert sum(map(bool, expected)) > len(rows) // 10


def test_rows_where_screen_gives_the_verdicts_of_every_value(texts: list[str]) -> None:
    addresses = [t for t in texts if len(t) < 80] + [
        "EHPAD Les Aubes",
        "Hôpital Saint-Éloi",
        "12 rue de la Loge",
        "Résidence 3 Fontaines",
        "Foyer logement Les Cèdres, bâtiment ²",
        None,
    ]
    array = pa.array(addresses, pa.string())

    def ask(values: list[str]) -> list[bool]:
        return [institution(v) for v in values]

    screened = rows_where(array, ask, unless=NO_INSTITUTION)
    assert np.array_equal(screened, rows_where(array, ask))
    assert screened.any()
