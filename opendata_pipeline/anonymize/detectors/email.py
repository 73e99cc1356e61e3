"""E-mail addresses, plain or obfuscated (`[at]`, `(at)`, `arobase`, `[dot]`, upper case)."""

from __future__ import annotations

import re

from .base import Detector, RegexFinder

_AT = r"(?:\s*@\s*|\s*[\[\(\{<]\s*(?:at|a|arobase|@)\s*[\]\)\}>]\s*|\s+(?:at|arobase)\s+)"
# A dot, spaced out ("domaine . fr") or spelled ("[dot]", " point ").
_DOT = r"(?:[ ]?\.[ ]?|\s*[\[\(\{<]\s*(?:dot|point)\s*[\]\)\}>]\s*|\s+(?:dot|point)\s+)"
_PATTERN = re.compile(
    rf"(?<![\w.+-])[a-z0-9](?:[a-z0-9._%+\-]*[a-z0-9_])?{_AT}"
    rf"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:{_DOT}[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*{_DOT}[a-z]{{2,24}}"
    r"(?![\w@])",
    re.IGNORECASE,
)
_WORD_AT = re.compile(r"\s+(?:at|arobase)\s+", re.IGNORECASE)


def _valid(text: str) -> bool:
    # A bare " at " is trusted with an obfuscated dot, a local part that looks like one or a
    # domain written as one ("amadou at bbox.fr"), never with spaced dots alone.
    at = _WORD_AT.search(text)
    if at and "@" not in text and at.group().strip().lower() == "at":
        local, domain = text[: at.start()], text[at.end() :]
        compact = re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}", domain, re.I)
        return bool(
            compact
            or re.search(r"[\[\(\{<]|\s(?:dot|point)\s", text, re.I)
            or (re.search(r"[._\d-]", local) and " " not in domain)
        )
    return True


DETECTOR = Detector(
    kind="email",
    tag="[EMAIL]",
    prefilter=r"(?i)@|[\[\(\{<]\s*(?:at|a|arobase)\s*[\]\)\}>]|\barobase\b|\s(?:at)\s",
    find=RegexFinder(_PATTERN, _valid),
    digit_blind=True,
    labels=("email", "e mail", "mail", "courriel", "mel", "adresse mail", "adresse electronique"),
    shape=r"@|\b(?:at|arobase)\b|[\[\(\{<]\s*a\s*[\]\)\}>]",
    positives=(
        "jean.dupont@gmail.com",
        "Contact : JEAN.DUPONT@WANADOO.FR pour tout renseignement",
        "écrire à marie.lebrun [at] orange [dot] fr",
        "m.durand(at)free.fr",
        "paul arobase laposte.net",
        "joindre lucie.martin at yahoo dot fr",
        "secretariat-asso@club-sportif.org",
        "a{at}b(dot)com",
        "écrire à l.martin57 (a) orange . fr",
        "Courriel reçu de amadou_sow at bbox.fr concernant",
    ),
    negatives=(
        "Rendez-vous at the Corum",
        "Prix : 12 € @ la caisse",
        "Réunion le 12/03/2021 à 18h",
        "www.montpellier3m.fr",
        "Collège Jean Moulin",
        "Rendez-vous at home . Fin",
        "(a) réunion . fr",
    ),
)
