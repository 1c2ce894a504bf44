"""Reading a school site's pages: links with their text, title and (leniently read) ``itemprop``."""

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

# Canonical itemprop names of the «Документы» subsection (Приказ Рособрнадзора № 1493), keyed by their
# normalised spelling (lower case, no quotes, no underscores or dashes), plus old variants real sites carry.
ITEMPROPS = {
    name.lower(): name
    for name in (
        "ustavDocLink", "localActStud", "localActOrder", "localActCollec", "reportEduDocLink",
        "prescriptionDocLink", "priemDocLink", "modeDocLink", "tekKontrolDocLink", "perevodDocLink",
        "vozDocLink", "addRef", "localAct", "licenseDocLink", "accreditationDocLink", "paidEduDocLink",
    )
}
ITEMPROPS.update({"tekkontrol": "tekKontrolDocLink", "tekkontroldoc": "tekKontrolDocLink", "localacts": "localAct"})
KIND_BY_ITEMPROP = {"tekKontrolDocLink": "tek_kontrol"}
SECTION_TEXT = re.compile(r"сведения\s+об\s+образовательной\s+организации", re.IGNORECASE)
SECTION_SLUGS = ("/sveden", "svedeniya-ob-obrazovatelnoy-organizatsii", "svedeniya-ob-obrazovatelnoj-organizacii")
DOCUMENTS_TEXT = re.compile(r"^\s*документы\s*$", re.IGNORECASE)
DOCUMENTS_SLUGS = ("/document", "/dokumenty", "/documents")
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".doc", ".rtf", ".odt")


@dataclass
class Link:
    url: str
    text: str
    itemprops: tuple[str, ...]
    page_url: str  # the page the link was found on

    @property
    def label(self) -> str:
        return self.text or self.url.rsplit("/", 1)[-1]


def normalise_itemprop(raw: str) -> list[str]:
    names = []
    for token in re.split(r"[\s,;]+", raw or ""):
        key = re.sub(r"[\"'«»`_\-]", "", token).lower()
        if not key:
            continue
        names.append(ITEMPROPS.get(key, key))
    return names


def _clean_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _attr(node, name: str) -> str:
    """An attribute read leniently: names are case-insensitive, a stray quote may have shifted the value."""
    for key, value in (node.attributes or {}).items():
        cleaned = re.sub(r"[\"'\s]", "", key or "").lower()
        if cleaned == name:
            return value or ""
        if cleaned.startswith(name + "="):  # itemprop"="tekKontrolDocLink" and the like
            return cleaned[len(name) + 1 :]
    return ""


def _itemprop(node) -> list[str]:
    raw = _attr(node, "itemprop")
    if not raw and any(re.sub(r"[\"'\s]", "", k or "").lower() == "itemprop" for k in (node.attributes or {})):
        # itemprop=""tekKontrolDocLink"": the parser leaves itemprop empty and makes the name a bare attribute
        raw = " ".join(k for k, v in (node.attributes or {}).items() if v is None and k)
        return [name for name in normalise_itemprop(raw) if name in ITEMPROPS.values()]
    return normalise_itemprop(raw)


def links(content: bytes | str, page_url: str) -> list[Link]:
    html = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    tree = HTMLParser(html)
    found = []
    for anchor in tree.css("a"):
        href = _attr(anchor, "href").strip().strip("\"'")
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        itemprops = _itemprop(anchor)
        parent, depth = anchor.parent, 0
        while parent is not None and depth < 3 and not itemprops:
            itemprops = _itemprop(parent)
            parent, depth = parent.parent, depth + 1
        text = " ".join((anchor.text(separator=" ") or "").split())
        title = " ".join(_attr(anchor, "title").split())
        label = text if not title or title in text else f"{text} {title}".strip()
        found.append(Link(_clean_url(urljoin(page_url, href)), label, tuple(itemprops), page_url))
    return found


def page_title(content: bytes) -> str:
    tree = HTMLParser(content.decode("utf-8", errors="replace"))
    node = tree.css_first("title")
    return node.text().strip() if node else ""


def same_site(url: str, base: str) -> bool:
    a, b = urlsplit(url).hostname or "", urlsplit(base).hostname or ""
    return a.removeprefix("www.") == b.removeprefix("www.")


def looks_like_document(link: Link) -> bool:
    path = urlsplit(link.url).path.lower()
    return path.endswith(DOCUMENT_EXTENSIONS) or any(p.startswith("localact") for p in map(str.lower, link.itemprops))
