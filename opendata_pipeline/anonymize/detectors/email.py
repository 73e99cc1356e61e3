"""E-mail addresses, plain or obfuscated (`[at]`, `(at)`, `arobase`, `[dot]`, `[.]`, upper case),
or cut short of their top-level domain ("x@gmail")."""

from __future__ import annotations

import re

from ..lexicon import strip_accents
from .base import Detector, RegexFinder, Span
from .person_name.lexicon import first_names, is_first_name
from .person_name.vocabulary import words
from .phone import (
    CONTEXT,
    ORG_CUE,
    organisation_before,
    person_in_clause,
    without_organisations_many,
)

_AT = r"(?:\s*@\s*|\s*[\[\(\{<]\s*(?:at|a|arobase|@)\s*[\]\)\}>]\s*|\s+(?:at|arobase|chez)\s+)"
# A dot, spaced out on both sides ("domaine . fr": "fr. Le" ends a sentence), bracketed ("[.]")
# or spelled ("[dot]", " point ").
_DOT = r"(?:\.|[ ]\.[ ]|\s*[\[\(\{<]\s*(?:dot|point|\.)\s*[\]\)\}>]\s*|\s+(?:dot|point)\s+)"
# Letters are Unicode ones: people write accents into addresses ("kerhervé@…", RFC 6531).
_LABEL = r"[^\W_](?:[\w\-]*[^\W_])?"
# A mailbox: its first character, then what may not precede it, then (looked ahead) an at sign
# after its run of characters, as `_AT` opens. A pattern opening with a class lets `re` skip to
# where it can start, and ordinary words fail at once instead of backtracking through `_AT`.
_AT_AHEAD = r"(?=[\w.%+\-]*+(?<=\w)(?:\s*+[@\[\(\{<]|\s++(?:at|arobase|chez)\s))"
_LOCAL = rf"[^\W_](?<![\w.+-][^\W_]){_AT_AHEAD}(?:[\w.%+\-]*\w)?"
# An at sign between a mailbox and a domain, both written close to it, makes an address even
# cut short of its top-level domain ("dupont1976@gmail."): nothing else is written so.
_PATTERN = re.compile(
    rf"{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[a-z]{{2,24}}(?![\w@])"
    rf"|{_LOCAL}@[^\W\d_](?:[\w\-]*[^\W_])?(?![\w@\-]|\.\w)",
    re.IGNORECASE,
)
_WORD_AT = re.compile(r"\s+(?:at|arobase|chez)\s+", re.IGNORECASE)
_SPOKEN_DOT = re.compile(r"\s+(?:point|dot)\s+", re.IGNORECASE)  # "gmail point com"
_COMPACT = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}")
# Mail providers, for "prenom.nom chez gmail.com" ("chez" is an ordinary word: the domain must
# be a mailbox's, or the local part look like one).
_PROVIDERS = frozenset(
    words(
        """gmail googlemail hotmail outlook live msn yahoo ymail aol icloud me mac orange wanadoo
    free sfr neuf cegetel club-internet bbox laposte numericable noos protonmail proton gmx
    mailo tutanota zoho"""
    )
)

# Mailboxes named after a function, not a person ("accueil@…", "mairie-lattes@…"), an office
# held in turn ("mediateur@…") or a desk ("reclamations@…", "facturation@…").
_FUNCTIONS = frozenset(
    words(
        """contact contacts accueil info infos information informations secretariat secretariats
    direction mairie service services reservation reservations inscription inscriptions
    communication admin administration bureau standard courrier presidence tresorerie
    billetterie webmaster presse redaction noreply mediateur mediatrice mediation conciliateur
    conciliatrice conciliation reclamation reclamations relations clients clientele usagers
    abonnes abonnement abonnements facturation factures comptabilite compta support assistance
    sav aide rh recrutement candidatures emploi dpo rgpd juridique achats commandes urbanisme
    travaux technique regie"""
    )
)
_MAILBOX = re.compile(r"([\w.+-]+)\s*@")


def is_functional(value: str) -> bool:
    """Every e-mail address in `value` has a mailbox named after a function ("accueil@…",
    "mairie.lattes@…"): an organisation's, not a person's."""
    boxes = _MAILBOX.findall(value)
    return bool(boxes) and all(
        re.split(r"[._+\-\d]+", box.lower())[0] in _FUNCTIONS for box in boxes
    )


# One plain address whose mailbox is one word ("gestion@agence-x.fr"), its domain's first label.
_DESK = re.compile(r"\s*([^\W\d_]+)@([\w-]+)(?:\.[\w-]+)*\.[a-z]{2,24}\s*", re.IGNORECASE)


def desk_cell(value: str) -> bool:
    """`value` is one plain address, a single word that is no first name at a domain no mail
    provider's (« gestion@agence-x.fr »; not « j.roux@… », « roux34@… », « x [at] … »,
    « jeanne@… », « x@gmail.com »): an organisation's desk rather than someone's own."""
    m = _DESK.fullmatch(value)
    return (
        m is not None
        and m.group(2).lower() not in _PROVIDERS
        and strip_accents(m.group(1).lower()) not in first_names()
    )


_ADDRESS = re.compile(r"([\w.+-]+)@([\w-]+)\.")
# A phone number (and its joiners) between an organisation's name and its mailbox.
_NUMBER_BEFORE = re.compile(r"(?:\+?\d[\d \u00a0.()/-]{7,}\d)?[\s,:;/–—-]*\Z")


def _organisation_box(text: str, start: int, end: int) -> bool:
    """The mailbox at `text[start:end]` is named after functions alone at the organisation's
    own domain (« contact@… », not « contact.dupont@… » nor « contact@gmail.com ») and follows
    the organisation's name, a phone number apart (« l'Agence X, 04 … – contact@… »)."""
    m = _ADDRESS.match(text, start, end)
    if m is None or m.group(2).lower() in _PROVIDERS:
        return False
    parts = [p for p in re.split(r"[._+\-\d]+", m.group(1).lower()) if p]
    if not parts or not all(p in _FUNCTIONS for p in parts):
        return False
    return organisation_before(_NUMBER_BEFORE.sub("", text[max(0, start - CONTEXT) : start]))


# Public services and desks a mailbox is named after ("proprete@…", "jardins.familiaux@…",
# "etat-civil@…", "portage.repas@…"): with `_FUNCTIONS`, what an administration's boxes are made of.
_SERVICES = frozenset(
    words(
        """proprete dechets collecte encombrants recyclage voirie eclairage espaces verts jardins
    familiaux parcs environnement eau eaux assainissement stationnement fourriere mobilite
    mobilites transport transports deplacements velo terrasses occupation domaine public publique
    police municipale securite tranquillite prevention sante social sociale solidarite
    solidarites seniors autonomie handicap enfance petite jeunesse education scolaire ecoles
    periscolaire restauration cantine repas portage creche creches familles sports culture
    patrimoine archives bibliotheque mediatheque musee evenements fetes loisirs tourisme logement
    habitat permis cadastre foncier economie commerce commerces marches formation citoyens
    citoyennete relation participation participatif participative budget democratie quartiers
    quartier vie associative associations elections etat civil cimetiere cimetieres funeraire
    affaires generales population finances numerique informatique guichet usager usagers
    signalement signalements proximite allo piscine taxi cabinet maire elus"""
    )
)
# Endings of French nouns of an activity, a body or a quality (« volontariat », « tourisme »,
# « accessibilite », « inspection », « logement », « informatique », « permanence »,
# « papeterie »): a mailbox of such words is a desk's, surnames hardly end so.
_ACTIVITY = re.compile(
    r"(?:ariat|orat|olat|icat|ulat|isme|ite|tion|sion|ement|ique|ance|ence|erie)\Z"
)
_DESK_WORDS = _FUNCTIONS | _SERVICES
_BOX = re.compile(r"([\w.+-]+)\s*@\s*([\w.-]+)")
_PART = re.compile(r"[._+\-\d]+")


def _service_word(part: str) -> bool:
    """`part` (lower case, unaccented) is a function or service word, singular or plural
    (« publics », « eaux »), or a long noun of an activity that is no first name."""
    word = part[:-1] if part[-1:] in "sx" and len(part) > 3 else part
    return bool({part, word} & _DESK_WORDS) or (
        len(word) >= 7
        and _ACTIVITY.search(word) is not None
        and not is_first_name(part.capitalize())
    )


def function_mailbox(address: str) -> bool:
    """`address` is an administration's or a firm's function mailbox whatever surrounds it: its
    local part made of function or service words (an acronym of 2-4 letters may join them:
    « odp.terrasses@ »), at a domain that is no mail provider's and spells no first name. An
    agent's « prenom.nom@ » at the same domain stays personal (fail closed)."""
    m = _BOX.match(strip_accents(address.lower()))
    if m is None:
        return False
    parts = [p for p in _PART.split(m.group(1)) if p]
    domain = [p for p in re.split(r"[.\-\d]+", m.group(2)) if p]
    if any(p in _PROVIDERS or is_first_name(p.capitalize()) for p in domain):
        return False
    named = [_service_word(p) for p in parts]
    return any(named) and all(
        n or (2 <= len(p) <= 4 and not is_first_name(p.capitalize()))
        for p, n in zip(parts, named, strict=True)
    )


_WORDS = re.compile(r"\S+@\S+|([^\W\d_]{3,})")
# « contact » right before the address labels it (« transmis au pôle X, contact voirie@… »):
# no person is named by it.
_LABEL_TAIL = re.compile(r"(?i)(?<!\w)contacts?\s*\Z")


def desk_mailbox(text: str, start: int, end: int) -> bool:
    """The address at `text[start:end]` is a `function_mailbox` written in a sentence (a contact
    cell, mailboxes and numbers alone, is decided whole) that no person named before it in its
    clause holds (« transmis à Mme X (facturation@…) » is her contact)."""
    before = text[max(0, start - CONTEXT) : start]
    return (
        any(m.group(1) for m in _WORDS.finditer(before))
        and function_mailbox(text[start:end])
        and not person_in_clause(_LABEL_TAIL.sub("", before))
    )


def _without_organisations(text: str, found: list[Span]) -> list[Span]:
    return [(a, b) for a, b in found if not _organisation_box(text, a, b)]


def _without_desks(text: str, found: list[Span]) -> list[Span]:
    return [(a, b) for a, b in found if not desk_mailbox(text, a, b)]


def _valid(text: str) -> bool:
    # A bare " at " is trusted with an obfuscated dot, a local part that looks like one or a
    # domain written as one ("amadou at bbox.fr"), never with spaced dots alone.
    at = _WORD_AT.search(text)
    if at and "@" not in text and at.group().strip().lower() == "chez":
        local, domain = text[: at.start()], _SPOKEN_DOT.sub(".", text[at.end() :])
        return bool(
            local.islower()
            and _COMPACT.fullmatch(domain)
            and (re.search(r"[._\d-]", local) or domain.split(".")[0] in _PROVIDERS)
        )
    if at and "@" not in text and at.group().strip().lower() == "at":
        local, domain = text[: at.start()], text[at.end() :]
        compact = _COMPACT.fullmatch(domain.lower())
        return bool(
            compact
            or re.search(r"[\[\(\{<]|\s(?:dot|point)\s", text, re.I)
            or (re.search(r"[._\d-]", local) and " " not in domain)
        )
    return True


FINDER = RegexFinder(_PATTERN, _valid, joinable=True)


def _find(text: str) -> list[Span]:
    found = _without_desks(text, FINDER(text))
    return _without_organisations(text, found) if found and ORG_CUE.search(text) else found


def _find_many(texts: list[str]) -> list[list[Span]]:
    found = [
        _without_desks(t, spans) if spans else spans
        for t, spans in zip(texts, FINDER.many(texts), strict=True)
    ]
    return without_organisations_many(texts, found, _without_organisations)


DETECTOR = Detector(
    kind="email",
    priority=10,
    tag="[EMAIL]",
    prefilter=(
        r"(?i)@|[\[\(\{<]\s*(?:at|a|arobase)\s*[\]\)\}>]|\barobase\b|\s(?:at)\s"
        r"|\schez\s+[a-z0-9-]+(?:\.|\s+(?:point|dot)\s+)[a-z]{2,}\b"
    ),
    # joined texts are split by "\n\x00\n": no character class of the pattern takes "\x00"
    find=_find,
    find_many=_find_many,
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
        "Pièces reçues par mail de antoine.bertrand chez gmail.com.",
        "confirmation à renaultj chez outlook.fr",
        "mon mail : lucie_ferran chez laposte point net merci",
        "tel 06 00 00 00 00 / pmarty47 chez sfr point fr",
        "merci d'écrire à ysaline.kerhervé@orange.fr",
        "réponse de françois.gérard@mairie-pérols.fr",
        "mail : marie.lebrun[at]orange[.]fr",
        "Courriel : dupont1976@outlook.",
        "Tél : 06 00 00 00 00 ou par courriel lucie_ferran@laposte, merci",
    ),
    negatives=(
        "Rendez-vous at the Corum",
        "Prix : 12 € @ la caisse",
        "Réunion le 12/03/2021 à 18h",
        "www.montpellier3m.fr",
        "Collège Jean Moulin",
        "Rendez-vous at home . Fin",
        "(a) réunion . fr",
        "Repas chez Toto.fr demain",
        "dîner chez maman.fr",
        "Rendez-vous chez Paul point final",
        "déjeuner chez marcel point barre",
        "suivez @MontpellierMtp et @mairie34",
        "Salle 2@ 3e étage",
        "Orientée vers l'agence du logement, 04 67 12 34 56 – contact@agence-logement34.org",
        "Pour toute question : etat-civil@mairie-exemple.fr",
    ),
)
