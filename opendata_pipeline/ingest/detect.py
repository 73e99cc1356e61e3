"""What a file is, from its first bytes: the reader it goes to, or a named refusal in French.

`file_kind` reads at most HEAD_BYTES: magic numbers (Parquet, zip, PDF, Office, images), then
the text: HTML, XML, JSON (also after a few preamble lines), YAML, else delimited text (which
the CSV reader may still refuse as a text document). A zip holding one data file is unpacked
by `unpack_archive`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.sniff import detect_encoding

HEAD_BYTES = 1 << 16
PREAMBLE_LINES = 10  # text lines looked through for the start of a JSON document
JSON_SUFFIXES = (".json", ".geojson", ".jsonl", ".ndjson")
XML_SUFFIXES = (".xml", ".xsd", ".gml", ".kml", ".rdf")
DATA_SUFFIXES = (".csv", ".tsv", ".txt", *JSON_SUFFIXES, *XML_SUFFIXES, ".parquet")
_MAGIC = (
    (b"PAR1", "parquet"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"%PDF", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "spreadsheet"),  # OLE2: .xls (or .doc)
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
)
_JSON_START = re.compile(r'\s*(\{\s*("|\}|$)|\[\s*(\{|\[|"|-?\d|\]|true|false|null|$))')
_JSON_LINE = re.compile(r'\s*(\{\s*("|$)|\[\s*(\{|$))')  # a document starting after a preamble
_YAML_KEY = re.compile(r"^(---\s*$|[A-Za-z_][\w.-]*:(\s|$))")
_HTML = re.compile(r"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)

REFUSALS = {
    "empty_file": "fichier vide (0 octet) : rien à lire",
    "pdf": "document PDF : exportez les données en CSV ou publiez le PDF comme documentation",
    "spreadsheet": "classeur tableur (xls, xlsx ou ods) : enregistrez la feuille en CSV",
    "office_document": "document bureautique (docx, odt) : pas un tableau de données",
    "gzip": "archive gzip : décompressez-la avant de la déposer",
    "image": "image : pas un tableau de données",
    "binary": "fichier binaire : ni texte, ni format de données reconnu",
    "html_page": (
        "page HTML (souvent une page d'erreur ou de connexion du portail enregistrée à la place "
        "du fichier) : vérifiez l'URL de la source"
    ),
    "yaml_document": (
        "document YAML (une configuration ou une spécification d'API), pas un tableau de données"
    ),
}


class Refused(DatasetError):
    """A file no reader takes, or takes to nothing: `kind` names what it is (`text_document`,
    `html_page`, `empty_file`, `no_records`, `ambiguous_records`…); the reason is French."""

    def __init__(
        self,
        dataset: str,
        kind: str,
        reason: str | None = None,
        *,
        file: str | None = None,
        location: str | None = None,
    ) -> None:
        self.kind = kind
        super().__init__(dataset, reason or REFUSALS[kind], file=file, location=location)

    @property
    def sentence(self) -> str:
        """The refusal as one French sentence for the steward."""
        where = f" ({self.location})" if self.location else ""
        return f"Fichier « {self.file or self.dataset} » non lu{where} : {self.reason}."


def file_kind(path: Path, dataset: str) -> str:
    """`csv`, `json`, `xml`, `parquet` or `zip`: the reader `path` goes to; a file no reader
    takes raises `Refused` naming what it is."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head:
        raise Refused(dataset, "empty_file", file=path.name)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "zip":
                return _zip_kind(path, dataset)
            if kind == "parquet":
                return kind
            raise Refused(dataset, kind, file=path.name)
    encoding = detect_encoding(head).encoding
    text = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")
    controls = sum(1 for c in text[:4096] if c < " " and c not in "\t\r\n\x00")
    if controls > len(text[:4096]) // 10:
        raise Refused(dataset, "binary", file=path.name)
    suffix = path.suffix.lower()
    if text.startswith("<"):
        if _HTML.match(text) or (not text.startswith("<?xml") and _HTML.search(text[:1024])):
            raise Refused(dataset, "html_page", file=path.name)
        return "xml"
    if _JSON_START.match(text):
        return "json"
    lines = text.splitlines()[:PREAMBLE_LINES]
    if suffix in JSON_SUFFIXES or any(_JSON_LINE.match(line) for line in lines[1:]):
        return "json"
    if suffix in XML_SUFFIXES:
        return "xml"
    if _is_yaml(lines):
        raise Refused(dataset, "yaml_document", file=path.name)
    return "csv"


def _is_yaml(lines: list[str]) -> bool:
    """A YAML document: `key:` lines at the margin, indented `key:` or `- ` lines under them."""
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return (
        len(body) >= 3
        and bool(_YAML_KEY.match(body[0]))
        and all(_YAML_KEY.match(line.strip()) or line.lstrip().startswith("- ") for line in body)
    )


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The files of an archive, without folders and the clutter of macOS archivers."""
    return [
        m
        for m in archive.infolist()
        if not m.is_dir()
        and not m.filename.startswith("__MACOSX/")
        and not PurePosixPath(m.filename).name.startswith(".")
    ]


def _zip_kind(path: Path, dataset: str) -> str:
    """`zip` for an archive; an Office document (also a zip) is refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {m.filename for m in archive.infolist()}
    except zipfile.BadZipFile:
        raise Refused(
            dataset, "binary", "archive zip illisible (tronquée ou corrompue)", file=path.name
        ) from None
    if "[Content_Types].xml" in names or "mimetype" in names:
        office = any(n.startswith(("xl/", "content.xml")) for n in names)
        is_text = any(n.startswith("word/") for n in names)
        kind = "office_document" if is_text or not office else "spreadsheet"
        raise Refused(dataset, kind, file=path.name)
    return "zip"


def unpack_archive(
    path: Path, into: Path, dataset: str, *, member: str | None = None, max_bytes: int = 2**31
) -> tuple[Path, list[str]]:
    """The one data file of a zip archive, extracted into `into` (the member named `member`
    when given), and the warnings to give (other files left aside)."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = _members(archive)
            chosen = _chosen_member(files, member, dataset, path.name)
            if chosen.file_size > max_bytes:
                raise Refused(
                    dataset, "archive",
                    f"le fichier de l'archive dépasse la taille maximale ({max_bytes} octets)",
                    file=path.name,
                )  # fmt: skip
            target = into / PurePosixPath(chosen.filename).name
            with archive.open(chosen) as src, target.open("wb") as out:
                copied = 0
                while block := src.read(1 << 20):
                    copied += len(block)
                    if copied > max_bytes:  # a lying header: stop before filling the disk
                        raise Refused(
                            dataset, "archive", "archive corrompue ou piégée (taille annoncée "
                            "dépassée)", file=path.name,
                        )  # fmt: skip
                    out.write(block)
    except (zipfile.BadZipFile, EOFError, OSError):
        raise Refused(
            dataset, "binary", "archive zip illisible (tronquée ou corrompue)", file=path.name
        ) from None
    others = len(files) - 1
    warnings = (
        [f"archive : « {chosen.filename} » lu, {others} autre(s) fichier(s) non lu(s)"]
        if others
        else []
    )
    return target, warnings


def _chosen_member(
    files: list[zipfile.ZipInfo], member: str | None, dataset: str, name: str
) -> zipfile.ZipInfo:
    if member is not None:
        named = [m for m in files if m.filename == member or m.filename.endswith("/" + member)]
        if len(named) == 1:
            return named[0]
        raise Refused(
            dataset, "archive", f"l'archive ne contient pas le fichier « {member} »", file=name
        )
    data = [m for m in files if PurePosixPath(m.filename).suffix.lower() in DATA_SUFFIXES]
    if len(files) == 1:
        return files[0]
    if any(m.filename.lower().endswith(".shp") for m in files):
        raise Refused(
            dataset, "shapefile",
            "archive Shapefile (.shp, .dbf, .shx…) : convertissez-la en GeoJSON ou en CSV",
            file=name,
        )  # fmt: skip
    data.sort(key=lambda m: m.file_size, reverse=True)
    if len(data) == 1 or (len(data) > 1 and data[0].file_size >= 5 * data[1].file_size):
        return data[0]  # the data beside its small companions (variable lists, notes)
    listed = ", ".join(m.filename for m in (data or files)[:5])
    raise Refused(
        dataset,
        "archive",
        f"l'archive contient {len(data or files)} fichiers ({listed}"
        f"{', …' if len(data or files) > 5 else ''}) : indiquez lequel lire (option "
        "archive_member de la source)"
        if files
        else "l'archive est vide",
        file=name,
    )
