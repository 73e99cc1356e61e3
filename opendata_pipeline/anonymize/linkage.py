"""Row linkage beyond the subject: contact details that name a person of their own row."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

from .detectors.person_name.lexicon import is_first_name
from .detectors.person_name.vocabulary import CIVILITIES, NAME_LINKS
from .lexicon import strip_accents
from .vector import as_strings

_MAILBOX = re.compile(r"([\w.+-]+)\s*@")
MIN_SURNAME = 3  # shorter words ("Li", "Ba") are found inside too many mailbox names
_NAME_WORD = re.compile(rf"[^\W\d_]{{{MIN_SURNAME},}}")
_INITIAL = re.compile(r"(?<![^\W\d_])[^\W\d_]\.")
_NOT_SURNAMES = frozenset(strip_accents(w).lower().rstrip(".") for w in (*CIVILITIES, *NAME_LINKS))


def _surnames(value: str) -> set[str]:
    """The accent-free lower-case surnames of a person's name cell, civilities and particles
    aside: the words in capitals ("Salomé ADAM" -> adam), else the last word and those no
    first name ("M. Damien de Bonald" -> bonald). A first name alone ("Sylvie") is too common
    inside mailbox names to decide."""
    words = [w for w in _NAME_WORD.findall(value) if _plain(w) not in _NOT_SURNAMES]
    upper = [w for w in words if w.isupper()]
    if upper:
        found = upper
    else:
        found = [w for w in words if not is_first_name(w)]
        # the last word after other words or an initial ("E. Morel" -> morel)
        found += words[-1:] if len(words) > 1 or _INITIAL.search(value) else []
    return {_plain(w) for w in found}


def _plain(word: str) -> str:
    return strip_accents(word).lower().rstrip(".")


def _words(value: str) -> set[str]:
    return {_plain(w) for w in _NAME_WORD.findall(value)}


def mailbox_names_row_person(
    contacts: list[pa.Array], persons: list[pa.Array], subject: pa.Array
) -> np.ndarray:
    """Per row, whether an e-mail among `contacts` (e-mail or contact columns) has a mailbox
    spelling the name of a person the row names in `persons` (its person-name columns):
    "zerbib.jc@…" beside "ZERBIB Jean-Claude" is his own mailbox, and the row's contact details
    are his, even on an association's row — unless the organisation (`subject`) bears that name
    ("pharmacierey@…" for "Pharmacie Rey")."""
    rows = len(contacts[0]) if contacts else 0
    out = np.zeros(rows, dtype=bool)
    if not contacts or not persons:
        return out
    mail_cells = [as_strings(a).to_pylist() for a in contacts]
    name_cells = [as_strings(a).to_pylist() for a in persons]
    organisations = as_strings(subject).to_pylist()
    for i in range(rows):
        boxes = [
            re.sub(r"[^a-z]", "", strip_accents(m).lower())
            for cells in mail_cells
            if cells[i] and "@" in cells[i]
            for m in _MAILBOX.findall(cells[i])
        ]
        if not boxes:
            continue
        cells_i = [cells[i] for cells in name_cells if cells[i]]
        organisation = _words(organisations[i] or "")
        surnames = set().union(*map(_surnames, cells_i)) - organisation
        names = surnames | (set().union(*map(_given_and_initials, cells_i)) - organisation)
        out[i] = any(n in box for n in names for box in boxes) or any(
            _given_and_cut_surname(box, s) for s in surnames for box in boxes
        )
    return out


def _given_and_cut_surname(box: str, surname: str) -> bool:
    """A mailbox made of a first name and the surname's first letters, the cell naming the
    surname alone ("Mr Laporte" -> yannlap): a known first name, then three letters or more."""
    for cut in range(len(surname), MIN_SURNAME - 1, -1):
        at = box.find(surname[:cut])
        given = box[:at]
        if at >= MIN_SURNAME and is_first_name(given.capitalize()):
            return True
    return False


def _given_and_initials(value: str) -> set[str]:
    """A person's first name followed by the first letters of the surname, as mailboxes
    shorten it ("Laetitia Durand", "GAUSSEN Mohand" -> laetitiadur, mohandgau)."""
    given = [_plain(w) for w in _NAME_WORD.findall(value) if is_first_name(w.capitalize())]
    return {g + s[:MIN_SURNAME] for g in given for s in _surnames(value) if s != g}
