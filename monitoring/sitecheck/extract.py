"""Text of a fetched document (PDF, DOCX, HTML) and the signs of an electronic signature in it."""

import io
import re
import zipfile
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser as HTMLParser

MAX_PDF_PAGES = 40
STAMP = re.compile(
    r"(документ\s+)?подписан\w*\s+(простой\s+|усиленной\s+|квалифицированной\s+|неквалифицированной\s+)*"
    r"электронн\w+\s+(цифров\w+\s+)?подпись\w*",
    re.IGNORECASE,
)
SIG_SUFFIXES = (".sig", ".sgn", ".p7s")


@dataclass
class Extracted:
    kind: str  # pdf | docx | html | unknown
    text: str | None
    pdf_signature_field: bool = False
    error: str = ""


def sniff(content: bytes, content_type: str = "") -> str:
    head = content[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "unknown"
        return "unknown"
    if "html" in content_type or head[:1] == b"<" or b"<html" in head.lower():
        return "html"
    return "unknown"


def html_text(content: bytes) -> str:
    tree = HTMLParser(content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content)
    for node in tree.css("script, style"):
        node.decompose()
    body = tree.body or tree.root
    return body.text(separator="\n") if body is not None else ""


def extract(content: bytes, content_type: str = "") -> Extracted:
    kind = sniff(content, content_type)
    try:
        if kind == "pdf":
            return _pdf(content)
        if kind == "docx":
            return Extracted("docx", _docx(content))
        if kind == "html":
            return Extracted("html", html_text(content))
    except Exception as error:  # a broken file is a finding, not a crash of the whole check
        return Extracted(kind, None, error=f"Файл не читается ({type(error).__name__}).")
    return Extracted("unknown", None, error="Формат файла не распознан (нужен PDF, DOCX или веб-страница).")


def _pdf(content: bytes) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    signed = _pdf_has_signature_field(reader)
    parts = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        parts.append(page.extract_text() or "")
    return Extracted("pdf", "\n".join(parts), pdf_signature_field=signed)


def _pdf_has_signature_field(reader) -> bool:
    try:
        fields = reader.get_fields() or {}
        if any(str(field.get("/FT")) == "/Sig" for field in fields.values()):
            return True
        for page in reader.pages[:MAX_PDF_PAGES]:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if str(annotation.get("/FT")) == "/Sig":
                    return True
    except Exception:
        return False
    return False


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(content: bytes) -> str:
    """The text of word/document.xml, paragraph by paragraph (tables included), read with lxml directly:
    python-docx builds an object per element and costs ten times the CPU for the same text."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > 50 * 1024 * 1024:
            raise ValueError("document.xml is too large")
        with archive.open(info) as xml:
            paragraphs, current = [], []
            for event, element in etree.iterparse(xml, events=("end",), tag=(f"{W}t", f"{W}tab", f"{W}p"),
                                                  resolve_entities=False, no_network=True, huge_tree=False):
                if element.tag == f"{W}t":
                    current.append(element.text or "")
                elif element.tag == f"{W}tab":
                    current.append("\t")
                else:
                    paragraphs.append("".join(current))
                    current = []
                    element.clear()
    return "\n".join(paragraphs)


def has_signature_stamp(text: str | None) -> bool:
    return bool(text and STAMP.search(text))
