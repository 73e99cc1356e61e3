"""The vectorized free-text path gives what `mask_text` gives cell by cell, whichever route it
takes: lexicon pieces, digit folding, prefilter threads, batches written in the background."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from opendata_pipeline.anonymize import engine, vector
from opendata_pipeline.anonymize.byte_edits import fold_digits
from opendata_pipeline.anonymize.detectors import BY_KIND, DETECTORS, DIRECT_KINDS, phone
from opendata_pipeline.anonymize.detectors.base import RegexFinder
from opendata_pipeline.anonymize.masking import find_spans, mask_text
from opendata_pipeline.anonymize.policy import Policy
from opendata_pipeline.anonymize.vector import candidates, mask_array, spans_per_cell

_WORDS = [
    "Jean",
    "Marie",
    "MARTIN",
    "Dupont",
    "M.",
    "Mme",
    "Madame",
    "Monsieur",
    "de",
    "la",
    "le",
    "et",
    "&",
    "Collège",
    "rue",
    "avenue",
    "12",
    "bis",
    "34000",
    "Montpellier",
    "né",
    "le",
    "12/03/1985",
    "0612345678",
    "06",
    "12",
    "34",
    "56",
    "78",
    "+33",
    "4",
    "67",
    "12",
    "34",
    "56",
    "jean.dupont@gmail.com",
    "a[at]b(dot)com",
    "FR7630006000011234567890189",
    "185057800608491",
    "4970101234567893",
    "AB-123-CD",
    "1234",
    "AB",
    "34",
    "CAF",
    "allocataire",
    "1234567",
    "Hélène",
    "José",
    "Ⓙⓔⓐⓝ",
    "™",
    "ﬁ",
    "J.-P.",
    "d'Aubigné",
    "époux",
    "famille",
    "Saint-Jean-de-Védas",
    "SARL",
    "Fils",
    ",",
    ".",
    ";",
    "(",
    ")",
    "'",
    "’",
    "-",
    "\xa0",
    "Kévin",
    "N'Diaye",
    "Aïcha",
    "BENALI",
    "Lucie",
    "R.",
    "Dr",
    "LE",
    "GALL",
    "Van",
    "der",
    "Berg",
    "réf.",
    "n°",
    "SIRET",
    "21340172201787",
    "ÉCOLE",
    "Émile",
    "Zola",
    "Noël",
    "Yves",
    "5",
    "ter",
    "Impasse",
    "3,",
    "145",
    "chemin",
    "ddn",
    "msa",
    "12345678",
    "œ",
    "ß",
]
_SEPARATORS = [" ", " ", " ", "", ", ", "-", "\u00a0", "'", ".", "/", "\n"]


def _texts(count: int, seed: int = 7) -> list[str | None]:
    rnd = random.Random(seed)
    texts: list[str | None] = [
        "".join(rnd.choice(_WORDS) + rnd.choice(_SEPARATORS) for _ in range(rnd.randint(1, 12)))
        for _ in range(count)
    ]
    texts += [x for d in DETECTORS for x in d.positives + d.negatives]
    texts += [None, "", " ", texts[0], texts[1]]  # nulls, blanks, duplicates
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str | None]:
    return _texts(3000)


def _reference(
    texts: list[str | None], kinds: tuple[str, ...]
) -> tuple[list[str | None], Counter[str], int]:
    """Cell by cell: `mask_text` with the detectors whose prefilter selects the cell."""
    detectors = [BY_KIND[k] for k in kinds]
    hits = vector.detector_hits(pa.array(texts, pa.string()), detectors)
    out: list[str | None] = []
    counts: Counter[str] = Counter()
    changed = 0
    for text, cell_hits in zip(texts, hits.T, strict=True):
        if text is None:
            out.append(None)
            continue
        new, kinds_found = mask_text(
            text, [d for d, h in zip(detectors, cell_hits, strict=True) if h]
        )
        out.append(new)
        counts.update(kinds_found)
        changed += new != text
    return out, counts, changed


@pytest.mark.parametrize("route", ["distinct folded texts", "every row"])
@pytest.mark.parametrize(
    "kinds", [tuple(d.kind for d in DETECTORS), DIRECT_KINDS, ("person_name",)], ids=str
)
def test_mask_array_is_mask_text_cell_by_cell(
    texts: list[str | None], kinds: tuple[str, ...], route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if route == "every row":  # a column probed as barely repeating is not de-duplicated
        monkeypatch.setattr(vector, "DEDUPE_PROBE", 16)
    detectors = [BY_KIND[k] for k in kinds]
    masked = mask_array(pa.array(texts, pa.string()), detectors)
    expected, counts, changed = _reference(texts, kinds)
    assert masked.array.to_pylist() == expected
    assert masked.spans == counts and masked.changed == changed
    spans = spans_per_cell(pa.array(texts, pa.string()), detectors)
    hits = vector.detector_hits(pa.array(texts, pa.string()), detectors)
    for text, cell_spans, cell_hits in zip(texts, spans, hits.T, strict=True):
        relevant = [d for d, h in zip(detectors, cell_hits, strict=True) if h]
        assert cell_spans == (find_spans(text, relevant) if text and relevant else [])


def _lexicon_reference(texts: list[str]) -> list[bool]:
    """Whole texts NFKD-normalised, accents stripped, split on non-letters, looked up."""
    detector = BY_KIND["person_name"]
    assert detector.lexicon is not None and detector.lexicon_prefilter is not None
    lexicon = set(detector.lexicon())
    weak = pc.match_substring_regex(pa.array(texts, pa.string()), detector.lexicon_prefilter)
    out = []
    for text, weak_hit in zip(texts, weak.to_pylist(), strict=True):
        text = re.sub(
            r"(?:^|\W)(?:Saint|Sainte|SAINT|SAINTE|St|Ste)-[^\W\d_]+(?:['’][^\W\d_]*)*"
            r"(?:-[^\W\d_]+(?:['’][^\W\d_]*)*)*",
            " ",
            text,
        )
        plain = unicodedata.normalize("NFKD", text)
        letters = "".join(
            c if unicodedata.category(c).startswith("L") else " "
            for c in plain
            if unicodedata.category(c) != "Mn"
        )
        out.append(bool(weak_hit) and any(w in lexicon for w in letters.split()))
    return out


def test_lexicon_pieces_find_the_words_of_whole_texts(texts: list[str | None]) -> None:
    tricky = [
        "Réunion avec Jose\u0301 Bové",  # combining accent
        "Rencontre Ⓙⓔⓐⓝ Dupont",  # compatibility letters
        "Atelier ﬁ Hélène Martin",  # ligature
        "Vu Émile ZOLA",
        "Dossier 12Jean Martin",
        "Avis Kévin_N'Diaye",
        "Travaux de voirie pour la commune (Saint-Jean-de-Védas)",
        "Rencontre avec Jean Martin à Saint-Jean-de-Védas",
        "Visite de la chapelle Sainte-Marie par des élus",
    ]
    sample = [t for t in texts if t is not None][:1500] + tricky
    array = pa.array(sample, pa.string())
    got = vector._lexicon_hits(array, BY_KIND["person_name"], np.zeros(len(sample), dtype=bool))
    assert got.tolist() == _lexicon_reference(sample)


def _fold_variants(text: str, rnd: random.Random) -> list[str]:
    return [re.sub(r"[0-9]", lambda _: str(rnd.randint(0, 9)), text) for _ in range(3)]


@pytest.mark.parametrize("kind", [d.kind for d in DETECTORS if d.digit_blind])
def test_digit_blind_detectors_ignore_digit_values(kind: str, texts: list[str | None]) -> None:
    detector = BY_KIND[kind]
    rnd = random.Random(3)
    sample = [t for t in texts if t] + [
        "Habite au 12 rue des Lilas 34000 Montpellier, réf. 123",
        "Contact : jean.martin42@gmail.com, réf. 9",
        "Demande de Jean MARTIN concernant le dossier n° 5, réf. 12345",
        "MSA n° 12345678 pour M. Paul Girard né le 01/02/1990",
    ]
    for text in sample:
        for variant in _fold_variants(text, rnd):
            assert detector.find(variant) == detector.find(text)


_CONTEXTS = ["", " ", "é", "x", "Tél ", "n°", "(", "+", "/", "-", "2A ", "b", "\u00a0", "٣", "Ⅻ"]


@pytest.mark.parametrize("kind", [d.kind for d in DETECTORS if d.runs])
def test_runs_detectors_find_run_by_run_what_they_find_in_the_whole_text(kind: str) -> None:
    """Texts sharing a folded text (digit variants, valid or not) are searched run by run of
    the detector's characters: the spans are those of the whole text, whatever the context."""
    detector = BY_KIND[kind]
    rnd = random.Random(13)
    texts = []
    for example in detector.positives + detector.negatives:
        for before, after in [(rnd.choice(_CONTEXTS), rnd.choice(_CONTEXTS)) for _ in range(12)]:
            text = f"{before}{example}{after} et {rnd.choice(detector.positives)}{after}"
            texts += [text, *_fold_variants(text, rnd)]
    column = pa.array(texts, pa.string())
    assert vector._keys(column).repeated
    found = spans_per_cell(column, [detector])
    expected = [[(s, e, kind) for s, e in detector.find(t)] for t in texts]
    assert found == expected
    assert sum(map(bool, found)) > len(texts) // 20  # valid spans among them


def test_folded_prefilters_select_what_the_prefilters_select(texts: list[str | None]) -> None:
    """Prefilters run on digit-folded texts: they must keep every text the real prefilter keeps."""
    rnd = random.Random(5)
    sample = [t for t in texts if t]
    sample += [v for t in sample[:600] for v in _fold_variants(t, rnd)]
    sample += [
        "Tél. 06 12 34 56 78",
        "0033 4 67 12 34 56",
        "+33 (0)4 67 12 34 56",
        "carte 4970 1012 3456 7893",
        "2 55 08 2A 123 456 46",
        "123-ABC-2A",
        "1191 KG 34",
        "AB-123-CD",
        "06/12/34/56/78",
    ]
    array = pa.array(sample, pa.string())
    folded = fold_digits(array)
    assert folded.to_pylist() == [re.sub(r"[0-9]", "0", t) for t in sample]
    for detector in DETECTORS:
        original = np.asarray(pc.match_substring_regex(array, detector.prefilter), dtype=bool)
        relaxed = detector.folded_prefilter or detector.prefilter
        on_folded = np.asarray(pc.match_substring_regex(folded, relaxed), dtype=bool)
        missed = [t for t, o, f in zip(sample, original, on_folded, strict=True) if o and not f]
        assert not missed, f"{detector.kind}: folded prefilter drops {missed[:3]}"
        if detector.folded_prefilter is None:  # digit-agnostic prefilter: same verdict
            assert np.array_equal(original, on_folded), detector.kind


def test_long_prefilters_run_in_parts_that_select_what_they_select(
    texts: list[str | None],
) -> None:
    """A prefilter of thousands of characters (the person names') outgrows RE2's automaton:
    it runs as a few patterns, which together keep exactly the texts the whole one keeps."""
    array = pa.array(texts, pa.string())
    assert len(vector.pattern_parts(BY_KIND["person_name"].prefilter)) > 1
    for detector in DETECTORS:
        for pattern in filter(None, (detector.prefilter, detector.lexicon_prefilter)):
            parts = vector.pattern_parts(pattern)
            assert all(len(p) <= vector.PATTERN_PART_CHARS for p in parts) or parts == (pattern,)
            whole = np.asarray(pc.fill_null(pc.match_substring_regex(array, pattern), False))
            assert np.array_equal(vector.matches(array, pattern), whole), detector.kind


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (
            r"a|b(c|d)|\||[|]|[]|]|[^]|]|[[:alpha:]|]|x",
            ["a", "b(c|d)", r"\|", "[|]", "[]|]", "[^]|]", "[[:alpha:]|]", "x"],
        ),
        ("(?i:a|b)|c", ["(?i:a|b)", "c"]),
        ("(?i)a|b", None),  # the flag holds across `|` ("B" matches): not cut there
        ("a(|b", None),
        ("a)|b", None),
    ],
)
def test_top_level_alternatives(pattern: str, expected: list[str] | None) -> None:
    assert vector.alternatives(pattern) == expected
    if expected:
        sample = pa.array(["a", "B", "c|", "|", "]", "z", "bd", "x", "é"], pa.string())
        joined = np.asarray(pc.match_substring_regex(sample, pattern))
        apart = np.zeros(len(sample), dtype=bool)
        for part in expected:
            apart |= np.asarray(pc.match_substring_regex(sample, part))
        assert np.array_equal(joined, apart)


def test_prefilter_threads_give_the_same_hits(
    texts: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    array = pa.array(texts, pa.string())
    whole = vector.detector_hits(array, DETECTORS)
    serial = mask_array(array)
    monkeypatch.setattr(vector, "SPLIT_ROWS", 100)
    assert np.array_equal(vector._hits_in_threads(array, DETECTORS), whole)
    assert np.array_equal(candidates(array, DETECTORS), whole.any(axis=0))
    assert mask_array(array) == serial


def test_prefilter_verdicts_remembered_across_batches_are_the_same(
    texts: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    array = pa.array(texts, pa.string())
    monkeypatch.setattr(vector, "HIT_MEMO", 1000)  # the memo fills up and starts afresh
    vector._hit_memo.cache_clear()
    for part in [array.slice(0, 1500), array, array.slice(2000), array]:
        keys = vector._keys(part)
        expected = vector._hits_in_threads(keys.texts, DETECTORS, folded=True)
        assert np.array_equal(vector._key_hits(keys, DETECTORS), expected)
    assert 0 < len(vector._hit_memo(tuple(d.kind for d in DETECTORS))) <= len(texts)


def _phone_like(rnd: random.Random) -> str:
    """A phone-shaped match: prefixes, separators, 08 blocks, placeholders, other digits, a digit
    short."""
    prefix = rnd.choice(["0", "+33 ", "0033 ", "+33 (0)", "(+33) ", "33", "00 33 ", "+44 "])
    head = rnd.choice("123456789") if rnd.random() < 0.8 else "8"
    digits = head + "".join(rnd.choice("0123456789") for _ in range(8))
    if rnd.random() < 0.1:
        digits = head * 9  # a placeholder
    sep = rnd.choice(["", " ", ".", "-", "\u00a0", "/"])
    number = prefix + digits[0] + sep + sep.join(digits[i : i + 2] for i in range(1, 9, 2))
    if rnd.random() < 0.15:  # a digit short
        number = number[:-1]
    if rnd.random() < 0.1:  # non-ASCII digits, for which `valid` is asked
        number = number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return number


def test_a_finder_deciding_matches_at_once_finds_what_it_finds_match_by_match() -> None:
    finder = phone.FINDER  # the phone detector's matches, before organisations' lines are kept
    assert finder.valid_many is not None
    one_by_one = RegexFinder(finder.pattern, finder.valid, joinable=True)
    rnd = random.Random(3)
    texts = [f"Tél {_phone_like(rnd)} ou {_phone_like(rnd)}" for _ in range(3000)]
    idx, starts, ends = finder.spans_of(texts)
    assert [(i, a, b) for i, a, b in zip(idx, starts, ends, strict=True)] == [
        (i, a, b) for i, spans in enumerate(one_by_one.many(texts)) for a, b in spans
    ]
    assert 1000 < len(idx) < 6000  # valid and invalid matches among them


@pytest.mark.parametrize("memo_chars", [1 << 25, 20_000])  # 20,000: fills up, starts afresh
def test_spans_remembered_across_batches_are_the_same(
    texts: list[str | None], memo_chars: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    array = pa.array(texts, pa.string())
    parts = [array.slice(0, 2000), array.slice(1000), array]
    monkeypatch.setattr(vector, "MEMO_CHARS", memo_chars)
    expected = []
    for part in parts:
        vector._memo.cache_clear()
        expected.append(mask_array(part))
    vector._memo.cache_clear()
    assert [mask_array(part) for part in parts] == expected


def _free_text_file(path: Path, rows: int) -> Path:
    base = [t for t in _texts(400, seed=11) if t is not None]
    table = pa.table(
        {
            "Identifiant": list(range(rows)),
            "Objet": [f"{base[i % len(base)]}, réf. {i}" for i in range(rows)],
            "Catégorie": ["Voirie" if i % 2 else "Propreté" for i in range(rows)],
        }
    )
    pq.write_table(table, path)
    return path


def test_batches_written_in_the_background_keep_their_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _free_text_file(tmp_path / "in.parquet", 1200)
    policy = Policy.model_validate({"columns": {"Objet": "mask_text"}, "default": "keep"})
    whole = engine.anonymize_parquet(src, tmp_path / "whole.parquet", policy)
    monkeypatch.setattr(engine, "BATCH_ROWS", 100)
    batched = engine.anonymize_parquet(src, tmp_path / "batched.parquet", policy)
    assert pq.read_table(tmp_path / "batched.parquet").equals(
        pq.read_table(tmp_path / "whole.parquet")
    )
    assert batched.to_dict() == whole.to_dict()
    assert whole.columns[1].cells_changed > 0


def test_a_slice_of_a_column_is_masked_like_a_column(texts: list[str | None]) -> None:
    """Arrow slices share their parent's buffers: only the slice's own bytes are read."""
    array = pa.array(texts, pa.string())
    whole = mask_array(array).array.to_pylist()
    for start, stop in [(0, 1000), (1000, 2500), (2500, len(texts))]:
        part = mask_array(array.slice(start, stop - start))
        assert part.array.to_pylist() == whole[start:stop]


def test_as_many_groups_as_texts_keep_each_group_its_own_text() -> None:
    # The phone's group comes after the name's although its text comes first: each group must
    # be spliced on its own text's layout (a crash, or garbled cells, before).
    texts = ["Tél 06 12 34 56 78", "Mme Dupont"]
    assert mask_array(pa.array(texts)).array.to_pylist() == [mask_text(t)[0] for t in texts]
