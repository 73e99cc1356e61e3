"""French phone numbers in every common form, validated with `phonenumbers`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import phonenumbers

from .base import SEP, Detector, RegexFinder, Span
from .person_name.lexicon import is_first_name
from .person_name.vocabulary import (
    CIVILITIES,
    FAMILY_WORDS,
    KINSHIP,
    LEGAL_SUFFIXES,
    ORG_TRADES,
    ROLES_AFTER,
    TITLES,
    UPPER_COMPANY_FORMS,
    lower_set,
    words,
)
from .superset import re2_superset


def _opening(first: str, before: str = r"[\w+]") -> str:
    """`first`, a pattern's first character, then what may not stand before it: never a
    character of `before`, nor the decimals of a number ("4.0210678464", a longitude), but a
    list ("…34 56,0612…"). Each alternative of `_PATTERN` opens with a literal so that `re`
    skips to the characters it can start on instead of trying every position of the text."""
    decimals = "".join(rf"(?<!(?<!\d )(?<!\d)\d{{{n}}}[.,]{first})" for n in (1, 2, 3))
    return rf"{first}(?<!{before}{first}){decimals}"


_PAIRS = rf"[1-9](?:{SEP}{{0,2}}\d{{2}}){{4}}(?![\d])"
_TRUNK = rf"33{SEP}?(?:\(0\){SEP}?)?"  # "33 (0)" after an international prefix
_PAREN, _PLUS, _ZERO, _THREE = _opening(r"\("), _opening(r"\+"), _opening("0"), _opening("3")
_ZERO_NO_SLASH = _opening("0", r"[\w+/]")
_PATTERN = re.compile(
    rf"{_PAREN}(?:\+|00)33\){SEP}?(?:\(0\){SEP}?)?{_PAIRS}"
    rf"|{_PLUS}{SEP}?{_TRUNK}{_PAIRS}"
    rf"|{_ZERO}0{SEP}?{_TRUNK}{_PAIRS}"
    rf"|{_ZERO}{_PAIRS}"
    rf"|{_THREE}3{_PAIRS}"
    # 06/12/34/56/78 (five groups: never a date)
    rf"|{_ZERO_NO_SLASH}[1-9](?:/\d{{2}}){{4}}(?![\d/])"
    rf"|{_ZERO}[1-9]{SEP}\d{{3}}{SEP}\d{{3}}{SEP}\d{{2}}(?![\d])"  # 07 385 952 16
    # Written in the pairs of a phone number, one digit short ("07 83 43 70 8"): a typo, still a
    # person's line; nothing else is written so.
    rf"|{_ZERO}[1-9](?P<sep>{SEP})\d{{2}}(?:(?P=sep)\d{{2}}){{2}}(?P=sep)\d(?!\w|[.,]\d|(?P=sep)\d)"
)
_SEP = r"[ .\-\x{a0}\x{202f}]"  # SEP for RE2


def _valid(text: str) -> bool:
    digits = re.sub(r"\(0\)", "", text)
    digits = re.sub(r"\D", "", digits)
    if digits.startswith("0033"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("33"):
        national = "0" + digits[2:]
    elif len(digits) in (9, 10) and digits.startswith("0"):
        national = digits  # nine: in a phone's pairs, one digit short
    else:
        return False
    if re.fullmatch(r"0(\d)\1+", national):
        return False  # 01 11 11 11 11 and the like: placeholders
    # Geographic (01-05), mobile (06, 07) and VoIP (09) blocks, overseas mobiles (069x) included,
    # are all personal-looking; special numbers (08) are checked against the numbering plan.
    return national[1] != "8" or (len(national) == 10 and _valid_block(national[:5]))


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
    national_form = pc.and_(
        pc.or_(pc.equal(length, 9), pc.equal(length, 10)), pc.starts_with(digits, "0")
    )
    national = pc.if_else(
        international,
        pc.binary_join_element_wise("0", pc.utf8_slice_codeunits(digits, 2), ""),
        digits,
    )
    second = pc.utf8_slice_codeunits(national, 1, 2)
    rest = pc.utf8_slice_codeunits(national, 1)
    placeholder = pc.equal(rest, pc.binary_repeat(second, pc.utf8_length(rest)))
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


# An organisation's switchboard written right after its name ("Amicale X (04 67 …)", "suivi par
# Pompes funèbres Y, 04 67 …", "la mairie : 04 67 …") is published as its own: kept. A mobile,
# a person in the clause (civility, kinship, role) or anything between the organisation's name
# and the number leaves it masked (fail closed).
ORGANISATIONS = lower_set(
    words(
        """association asso amicale club comité fédération union syndicat ligue société compagnie
    entreprise établissements ets cabinet agence collectif cercle académie mairie ccas cias
    préfecture métropole agglomération fondation mutuelle coopérative groupement école collège
    lycée université institut crèche ehpad hôpital clinique médiathèque bibliothèque musée
    théâtre conservatoire foyer paroisse funèbres marbrerie secours bailleur habitat syndic"""
    ),
    LEGAL_SUFFIXES - {"fils", "conseil", "immobilier"},
    ORG_TRADES,
)
# Only in capitals: a works council ("aide CE Airbus (04 …)"), a company form ("PF Marty").
_UPPER_ORGANISATIONS = sorted({"CE", "CSE", *UPPER_COMPANY_FORMS})
_PERSONS = (
    CIVILITIES
    | TITLES
    | lower_set(
        KINSHIP,
        FAMILY_WORDS,
        ROLES_AFTER,
        words(
            """contact président présidente responsable référent référente représentant représentante
    correspondant correspondante chez domicile domicilié domiciliée demeurant madame monsieur"""
        ),
    )
)
# Roles an organisation holds too: right before its name they are its own ("le mandataire
# Cabinet X, tél. …"), never a person's status ("locataire du Foyer X" is a resident).
_ORG_ROLES = words(
    """mandataire mandataires représentant représentante contact correspondant correspondante
    référent référente prestataire gestionnaire"""
)
ORG_CUE = re.compile(
    r"(?i)(?<!\w)(?:"
    + "|".join(sorted(map(re.escape, ORGANISATIONS), key=len, reverse=True))
    + rf"|(?-i:{'|'.join(_UPPER_ORGANISATIONS)}))(?!\w)"
)
# What joins a name to its number: "(", ",", ":", "au", "tél.", "standard".
_JOINED = re.compile(
    r"(?i)(?:[\s,:(–—-]|(?<!\w)(?:au|tél|tel|téléphone|telephone|standard|joignable|n°)(?!\w)\.?)*\Z"
)
# A firm named after its partners ("Martin & Fils", "Dupont et Frères").
_PARTNERS = re.compile(r"(?i)\s(?:&|et)\s+(?:fils|fr[èe]res|associ[ée]s|cie)(?!\w)")
_CLAUSE_END = re.compile(r"[\n;:!?]|(?<=[^\W\d_]{4})\.\s")
_WORD = re.compile(r"[^\W\d_]+(?:['’.][^\W\d_]+)*\.?")
_AGENT = re.compile(r"(?i)(?<!\w)par(?!\w)")
# A person reachable at work ("Père joignable au travail (Boulangerie X) : 04 …"): the number
# after the organisation named next is the workplace's.
_WORKPLACE = re.compile(r"(?i)(?<!\w)(?:travail|bureau|employeur)(?!\w)")
_ROLE_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:"
    + "|".join(sorted(map(re.escape, _ORG_ROLES), key=len, reverse=True))
    + r")(?:\s+(?:l['’]|(?:le|la|les|du|des|de)\s))?\s*\Z"
)
CONTEXT = 100  # characters before a contact detail where the organisation's name is looked for


def _organisation_line(text: str, start: int, end: int) -> bool:
    """The landline at `text[start:end]` follows the name of an organisation, nobody else."""
    return not is_mobile(text[start:end]) and organisation_before(
        text[max(0, start - CONTEXT) : start]
    )


def organisation_before(before: str, cue: re.Pattern[str] = ORG_CUE) -> bool:
    """`before` (the text before a contact detail) ends with the name of an organisation (a
    `cue` word opens it) in the same clause, joined to it by punctuation or « au », « tél. »…,
    and names no person."""
    name = before[: _JOINED.search(before).start()]  # type: ignore[union-attr]
    clause = name[max((m.end() for m in _CLAUSE_END.finditer(name)), default=0) :]
    clause = _PARTNERS.sub(" SARL", clause)  # "Vialla & Fils": a company, not a son
    orgs = list(cue.finditer(clause))
    if not orgs or re.search(r"[,(\[]|\s[-–—]\s", clause[orgs[-1].end() :]):
        return False
    # The organisation acting for a person ("Inhumation de M. X par les Pompes funèbres Y"):
    # the person before the agent's "par" is not the line's holder.
    agents = [*_AGENT.finditer(clause, 0, orgs[0].start())]
    agents += _WORKPLACE.finditer(clause, 0, orgs[0].start())
    if agents:
        clause = clause[max(m.end() for m in agents) :]
        orgs = list(cue.finditer(clause))
    # A role in apposition before the organisation's name is the organisation's own.
    role = _ROLE_BEFORE.search(clause, 0, orgs[0].start())
    if role:
        clause = clause[: role.start()] + clause[orgs[0].start() :]
        orgs = list(cue.finditer(clause))
    # A first name before the organisation's ("Paul Durand, de l'association X"): his line.
    named = any(is_first_name(w) for w in _WORD.findall(clause[: orgs[0].start()]))
    return not named and not any(w.lower() in _PERSONS for w in _WORD.findall(clause))


# A landline right after a function mailbox, joined by punctuation or « ou » (« Pour toute
# question : proprete@… ou 04 … ») is the same desk's line. RE2 screen of such texts (their
# digits may be folded).
_DESK = re.compile(r"(\S+@[\w.\-]+\w)[\s,;/–—-]*(?:(?i:ou|et)\s+)?(?:(?i:au|tél|tel)[\s.:]*)?\Z")
_DESK_SCREEN = r"@[\w.\-]+\.\w+[\s,;/–—\-]*(?:(?i:ou|et)\s+)?(?:(?i:au|tél|tel)[\s.:]*)?[+(\d]"


def _desk_line(text: str, start: int, end: int) -> bool:
    from .email import desk_mailbox  # email.py reads this module's organisation cues

    m = _DESK.search(text, max(0, start - CONTEXT), start)
    return m is not None and not is_mobile(text[start:end]) and desk_mailbox(text, *m.span(1))


def person_in_clause(before: str) -> bool:
    """The clause that `before` (the text before a contact detail) ends with names a person: a
    first name, a civility, a kinship or a role word (« Mme X (accueil@…) » is her contact)."""
    clause = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0) :]
    return any(is_first_name(w) or w.lower() in _PERSONS for w in _WORD.findall(clause))


FINDER = RegexFinder(_PATTERN, _valid, joinable=True, valid_many=_valid_many)


def _without_organisations(text: str, found: list[Span]) -> list[Span]:
    return [(a, b) for a, b in found if not _organisation_line(text, a, b)]


def _without_desks(text: str, found: list[Span]) -> list[Span]:
    if not found or "@" not in text:
        return found
    return [(a, b) for a, b in found if not _desk_line(text, a, b)]


def _find(text: str) -> list[Span]:
    found = _without_desks(text, FINDER(text))
    return _without_organisations(text, found) if found and ORG_CUE.search(text) else found


_ORG_SCREEN = re2_superset(ORG_CUE)


def _with_org_cue(texts: list[str]) -> list[bool]:
    """Per text, whether `ORG_CUE` finds in it: Python searches only the texts that RE2 (its
    superset, all texts at once) says may hold one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not texts:
        return []
    screen = pc.match_substring_regex(pa.array(texts, pa.string()), _ORG_SCREEN).to_pylist()
    return [bool(may and ORG_CUE.search(t)) for t, may in zip(texts, screen, strict=True)]


def without_organisations_many(
    texts: list[str], found: list[list[Span]], without: Callable[[str, list[Span]], list[Span]]
) -> list[list[Span]]:
    """`found` (spans per text) less what `without` says is an organisation's own, asked only
    of the texts with a span where `ORG_CUE` finds (looked for at once, `_with_org_cue`)."""
    spanned = [i for i, spans in enumerate(found) if spans]
    for i, cue in zip(spanned, _with_org_cue([texts[i] for i in spanned]), strict=True):
        if cue:
            found[i] = without(texts[i], found[i])
    return found


def _find_many(texts: list[str]) -> list[list[Span]]:
    found = [_without_desks(t, spans) for t, spans in zip(texts, FINDER.many(texts), strict=True)]
    return without_organisations_many(texts, found, _without_organisations)


DETECTOR = Detector(
    kind="phone",
    priority=50,
    tag="[TEL]",
    prefilter=(
        rf"(?:\+|00){_SEP}?33\)?{_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}{{0,2}}\d{{2}}){{4}}"
        rf"|(?:^|[^\d])(?:0|33)[1-9](?:{_SEP}{{0,2}}\d{{2}}){{4}}(?:[^\d]|$)|0[1-9](?:/\d{{2}}){{4}}"
        rf"|0[1-9]{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{2}}"
        rf"|0[1-9]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d(?:[^\d]|$)"
    ),
    folded_prefilter=(
        rf"(?:\+|\d\d){_SEP}?\d\d\)?{_SEP}?(?:\(\d\){_SEP}?)?\d(?:{_SEP}{{0,2}}\d{{2}}){{4}}"
        rf"|(?:^|[^\d])\d{{1,2}}\d(?:{_SEP}{{0,2}}\d{{2}}){{4}}(?:[^\d]|$)|\d\d(?:/\d{{2}}){{4}}"
        rf"|\d\d{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{2}}"
        rf"|\d\d{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d(?:[^\d]|$)"
    ),
    find=_find,
    find_many=_find_many,
    cue=f"{_ORG_SCREEN}|{_DESK_SCREEN}",
    runs=r"[\d+()/ .,\-\u00a0\u202f]",
    min_digits=9,
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
        "Opposition reçue de M. X, tél. 07 83 43 70 8",
        "Son fils : Paul, 04.67.12.34.5.",
        "Association des Amis du Musée, président M. X (04 67 12 34 56)",
        "Contact riverains : Paul Durand, 04 67 12 34 56",
        "Le club de tennis, Paul Durand, 04 67 12 34 56",
        "Amicale Lou Clapas (06 12 34 56 78)",
        "Paul Durand de l'association X (04 67 12 34 56)",
        "ce monsieur (04 67 12 34 56)",
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
        "Lots 06 12 34 56 7,5 et 8",
        "références 01-02-03-04-5-6",
        "Proposition de l'Amicale Lou Clapas (04 67 12 34 56) pour un vide-grenier",
        "Suivi par Pompes funèbres Martin & Fils, 04 67 12 34 56",
        "la mairie : 04 67 12 34 56",
        "le club de judo au 04.67.12.34.56",
        "Inhumation de M. X par les Pompes funèbres Y (04 67 12 34 56)",
        "Pass'Sport + aide CE Airbus (04 67 12 34 56)",
        "aide du Secours populaire (04 67 12 34 56)",
    ),
)
