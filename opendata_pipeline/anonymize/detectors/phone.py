"""French phone numbers in every common form, validated with `phonenumbers`."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import phonenumbers

from .base import SEP, Detector, RegexFinder

# Never the decimals of a number ("4.0210678464", a longitude), but a list ("…34 56,0612…").
_DECIMALS = "".join(rf"(?<!(?<!\d )(?<!\d)\d{{{n}}}[.,])" for n in (1, 2, 3))
_PATTERN = re.compile(
    rf"(?<![\w+]){_DECIMALS}(?:\((?:\+|00)33\){SEP}?(?:\(0\){SEP}?)?|(?:\+|00){SEP}?33{SEP}?(?:\(0\){SEP}?)?|0|33)"
    rf"[1-9](?:{SEP}{{0,2}}\d{{2}}){{4}}(?![\d])"
    rf"|(?<![\w+/]){_DECIMALS}0[1-9](?:/\d{{2}}){{4}}(?![\d/])"  # 06/12/34/56/78 (five groups: never a date)
    rf"|(?<![\w+]){_DECIMALS}0[1-9]{SEP}\d{{3}}{SEP}\d{{3}}{SEP}\d{{2}}(?![\d])"  # 07 385 952 16
)
_SEP = r"[ .\-\x{a0}\x{202f}]"  # SEP for RE2


def _valid(text: str) -> bool:
    digits = re.sub(r"\(0\)", "", text)
    digits = re.sub(r"\D", "", digits)
    if digits.startswith("0033"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("33"):
        number = "+" + digits
    elif len(digits) == 10 and digits.startswith("0"):
        number = digits
    else:
        return False
    national = "0" + number[3:] if number.startswith("+33") else number
    if re.fullmatch(r"0(\d)\1{8}", national):
        return False  # 01 11 11 11 11 and the like: placeholders
    # Geographic (01-05), mobile (06, 07) and VoIP (09) blocks, overseas mobiles (069x) included,
    # are all personal-looking; special numbers (08) are checked against the numbering plan.
    return national[1] != "8" or _valid_block(national[:5])


def _valid_many(texts: list[str]) -> np.ndarray:
    """`_valid` of many matches at once, by Arrow kernels: 1 or 0, or -1 where `_valid` must be
    asked (a match holding other digits than ASCII ones, an 08 number)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    matches = pa.array(texts, pa.string())
    plain = pc.match_substring_regex(matches, r"^[0-9+()/ .\-\x{a0}\x{202f}]*$")
    digits = pc.replace_substring_regex(pc.replace_substring(matches, "(0)", ""), "[^0-9]", "")
    digits = pc.if_else(pc.starts_with(digits, "0033"), pc.utf8_slice_codeunits(digits, 2), digits)
    length = pc.utf8_length(digits)
    international = pc.and_(pc.equal(length, 11), pc.starts_with(digits, "33"))
    national_form = pc.and_(pc.equal(length, 10), pc.starts_with(digits, "0"))
    national = pc.if_else(
        international,
        pc.binary_join_element_wise("0", pc.utf8_slice_codeunits(digits, 2), ""),
        digits,
    )
    second = pc.utf8_slice_codeunits(national, 1, 2)
    placeholder = pc.equal(pc.utf8_slice_codeunits(national, 1), pc.binary_repeat(second, 9))
    valid = pc.and_not(pc.or_(international, national_form), placeholder)
    ask = pc.or_(pc.invert(plain), pc.and_(valid, pc.equal(second, "8")))
    out = np.asarray(valid, dtype=np.int8)
    out[np.asarray(ask, dtype=bool)] = -1
    return out


def is_mobile(value: str) -> bool:
    """A French mobile number (06, 07, +33 6…), a digit short or long too (a typo is still a
    mobile): a person's own line, where an organisation's switchboard is a landline."""
    digits = re.sub(r"\D", "", re.sub(r"\(0\)", "", value))
    if digits.startswith("0033"):
        digits = digits[2:]
    if digits.startswith("33") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return len(digits) in (9, 10, 11) and digits[:2] in ("06", "07")


@lru_cache(maxsize=4096)
def _valid_block(prefix: str) -> bool:
    """`phonenumbers` validity of a French 08 block (slow: asked once per 5-digit block)."""
    parsed = phonenumbers.parse(prefix + "0" * (10 - len(prefix)), "FR")
    return bool(phonenumbers.is_valid_number(parsed))


DETECTOR = Detector(
    kind="phone",
    priority=50,
    tag="[TEL]",
    prefilter=(
        rf"(?:\+|00){_SEP}?33\)?{_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}{{0,2}}\d{{2}}){{4}}"
        rf"|(?:^|[^\d])(?:0|33)[1-9](?:{_SEP}{{0,2}}\d{{2}}){{4}}(?:[^\d]|$)|0[1-9](?:/\d{{2}}){{4}}"
        rf"|0[1-9]{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{2}}"
    ),
    folded_prefilter=(
        rf"(?:\+|\d\d){_SEP}?\d\d\)?{_SEP}?(?:\(\d\){_SEP}?)?\d(?:{_SEP}{{0,2}}\d{{2}}){{4}}"
        rf"|(?:^|[^\d])\d{{1,2}}\d(?:{_SEP}{{0,2}}\d{{2}}){{4}}(?:[^\d]|$)|\d\d(?:/\d{{2}}){{4}}"
        rf"|\d\d{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{2}}"
    ),
    find=RegexFinder(_PATTERN, _valid, joinable=True, valid_many=_valid_many),
    runs=r"[\d+()/ .,\-\u00a0\u202f]",
    min_digits=10,
    labels=("tel", "telephone", "portable", "mobile", "fax", "gsm"),
    shape=r"(?:\d[ .\-/\x{a0}]?){8,}",
    positives=(
        "0612345678",
        "Tél. 06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "+33 6 12 34 56 78",
        "+33 (0)4 67 12 34 56",
        "0033 4 67 12 34 56",
        "appeler le 33612345678",
        "04\u00a067\u00a012\u00a034\u00a056",
        "+33612345678 ou 07 98 76 54 32",
        "portable 0692 51 06 47",
        "tél 06/27/46/68/22 / mail",
        "joignable au (+33) 4 11 94 33 56 pour en parler",
        "(0033) 6 12 34 56 78",
        "04 67 12 34 56,06 12 34 56 78",
        "En cas d'urgence : au 07 385 952 16.",
    ),
    negatives=(
        "SIRET 21340172201787",
        "Montant 1 234 567 €",
        "Délibération n° 2021-03-1234",
        "00 00 00 00 00",
        "01 11 11 11 11",
        "Code postal 34000, 12 rue de la Loge",
        "Réf. 1234567890",
        "du 06/12/2024 au 07/12/2024",
        "04/05/06/07/08/09",
        "Montant : 1 234 567 89 €",
        "coordonnées 43.6617396739, 4.0210678464",
        "longitude 3,0612345678",
    ),
)
