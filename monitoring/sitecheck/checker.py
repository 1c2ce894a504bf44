"""One school site checked: the «Сведения» section, its «Документы», the key acts opened and read.

Nothing here touches the database: :func:`check_site` returns a :class:`SiteResult` whose every finding keeps
the address it came from. An unreachable site is the problem «сайт недоступен», not a violation.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from . import pages
from .approval import approval_date
from .extract import SIG_SUFFIXES, extract, has_signature_stamp
from .fetch import FetchProblem, SafeFetcher

DEFAULT_APPROVED_AFTER = date(2022, 6, 29)  # приказ Минобразования Кузбасса № 1621: the updated ФГОС
MAX_ADDREF_PAGES = 10
MAX_CONTENT_CANDIDATES = 12
HEAD_REFUSED = {400, 403, 405, 406, 501}
VSOKO_TEXT = re.compile(
    r"всоко|внутренн\w*\s+систем\w*\s+оценк\w*\s+качеств\w*", re.IGNORECASE
)
TEK_KONTROL_TEXT = re.compile(
    r"текущ\w*\s+контрол\w*.{0,80}промежуточн\w*\s+аттестац\w*|формах,?\s+периодичности\s+и\s+порядке\s+текущ",
    re.IGNORECASE | re.DOTALL,
)
# The published single schedule of assessment procedures (единый график оценочных процедур, ЕГОП): found by its
# link text in «Документы», its addRef pages or the section itself (some schools put it under «Образование»).
SCHEDULE_TEXT = re.compile(
    r"график\w*\s+(проведения\s+)?(всероссийских\s+проверочных\s+работ\s+и\s+)?оценочн\w*\s+процедур|\bЕГОП\b",
    re.IGNORECASE,
)
SCHEDULE_KIND = "procedures_schedule"
KIND_TITLES = {"vsoko": "Положение о ВСОКО", "tek_kontrol": "Положение о текущем контроле и промежуточной аттестации"}
# What each kind of document is, in Russian (pages and messages; the kind itself is the itemprop name).
KIND_LABELS = {
    **KIND_TITLES,
    SCHEDULE_KIND: "График оценочных процедур",
    "ustavDocLink": "Устав",
    "localAct": "Локальный акт",
    "localActStud": "Локальный акт (обучающиеся)",
    "localActOrder": "Локальный акт (режим занятий)",
    "localActCollec": "Коллективный договор",
    "reportEduDocLink": "Отчёт о самообследовании",
    "prescriptionDocLink": "Предписания",
    "priemDocLink": "Правила приёма",
    "modeDocLink": "Режим занятий",
    "perevodDocLink": "Порядок перевода и отчисления",
    "vozDocLink": "Порядок возникновения и прекращения отношений",
    "licenseDocLink": "Лицензия",
    "accreditationDocLink": "Свидетельство об аккредитации",
    "paidEduDocLink": "Платные образовательные услуги",
}


@dataclass
class Problem:
    code: str
    message: str
    url: str = ""

    def as_json(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass
class Document:
    kind: str
    url: str
    title: str = ""
    found_on: str = ""  # the page that links it
    found_by: str = ""  # itemprop | text | content
    reachable: bool = False
    approved_on: date | None = None
    signed: bool | None = None
    signature: str = ""  # how the signature was seen: pdf_field | stamp | detached

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "url": self.url,
            "reachable": self.reachable,
            "approved_on": self.approved_on.isoformat() if self.approved_on else None,
            "signed": self.signed,
        }


@dataclass
class SiteResult:
    url: str
    reachable: bool = False
    section_url: str | None = None
    documents_url: str | None = None
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    requests: int = 0

    def as_json(self) -> dict:
        return {
            "url": self.url,
            "reachable": self.reachable,
            "section_url": self.section_url,
            "documents": [d.as_json() for d in self.documents],
            "problems": [p.as_json() for p in self.problems],
        }

    def document(self, kind: str) -> Document | None:
        return next((d for d in self.documents if d.kind == kind), None)


def normalise_site_url(url: str) -> str:
    url = (url or "").strip()
    if url and "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"


class SiteChecker:
    def __init__(self, fetcher: SafeFetcher, *, approved_after: date = DEFAULT_APPROVED_AFTER):
        self.fetcher, self.approved_after = fetcher, approved_after
        self._bodies: dict[str, object] = {}
        self._parsed: dict[str, list[pages.Link]] = {}

    # -- fetching with memory ----------------------------------------------------------------------------------
    def _links(self, response) -> list[pages.Link]:
        """The links of a fetched page, parsed once."""
        if response.url not in self._parsed:
            self._parsed[response.url] = pages.links(response.content, response.url)
        return self._parsed[response.url]

    def _page(self, url: str):
        """A page's response, or None if it is not a 2xx HTML page. Fetch problems propagate."""
        response = self.fetcher.fetch(url)
        return response if response.ok else None

    def check(self, url: str) -> SiteResult:
        result = SiteResult(url=normalise_site_url(url))
        try:
            self._check(result)
        finally:
            result.requests = self.fetcher.requests
        return result

    def _check(self, result: SiteResult) -> None:
        try:
            home = self.fetcher.fetch(result.url)
        except FetchProblem as problem:
            result.problems.append(Problem("site_unreachable", f"Сайт недоступен: {problem.message}", problem.url))
            return
        if not home.ok:
            result.problems.append(
                Problem(
                    "site_unreachable", f"Сайт недоступен: {result.url} отвечает ошибкой {home.status}.", result.url
                )
            )
            return
        result.reachable = True
        base = home.url  # after redirects (http → https, www)
        section = self._find_section(result, base, home)
        if section is None:
            result.problems.append(
                Problem(
                    "section_missing",
                    "Не найден раздел «Сведения об образовательной организации» (ни /sveden/, ни ссылки в меню).",
                    result.url,
                )
            )
            return
        result.section_url = section.url
        section_links = self._links(section)
        doc_pages = self._documents_pages(result, section, section_links)
        all_links: list[pages.Link] = []
        for page in doc_pages:
            all_links.extend(self._links(page))
        if not doc_pages:
            all_links = section_links
        self._collect(result, all_links, schedule_links=all_links + section_links)

    def _find_section(self, result, base, home):
        standard = urljoin(base, "/sveden/")
        try:
            page = self._page(standard)
            if page is not None and self._looks_like_section(page):
                return page
        except FetchProblem as problem:
            if problem.code in {"address_refused", "too_many_redirects"}:
                result.problems.append(Problem(problem.code, problem.message, problem.url))
        for link in self._links(home):
            slug = urlsplit(link.url).path.lower()
            if pages.SECTION_TEXT.search(link.text) or any(s in slug for s in pages.SECTION_SLUGS):
                if not pages.same_site(link.url, base):
                    continue
                try:
                    page = self._page(link.url)
                except FetchProblem as problem:
                    result.problems.append(Problem(problem.code, problem.message, problem.url))
                    continue
                if page is not None:
                    return page
        return None

    def _looks_like_section(self, page) -> bool:
        """Some sites answer every address with their home page (200, not 404): a section has a «Документы» link
        or itemprop links."""
        return any(
            link.itemprops
            or pages.DOCUMENTS_TEXT.search(link.text)
            or urlsplit(link.url).path.rstrip("/").lower().endswith(pages.DOCUMENTS_SLUGS)
            for link in self._links(page)
        )

    def _documents_pages(self, result, section, section_links):
        candidates = [
            link.url
            for link in section_links
            if pages.DOCUMENTS_TEXT.search(link.text)
            or urlsplit(link.url).path.rstrip("/").lower().endswith(pages.DOCUMENTS_SLUGS)
        ]
        candidates.append(urljoin(section.url if section.url.endswith("/") else section.url + "/", "document/"))
        documents = None
        for url in dict.fromkeys(candidates):
            if not pages.same_site(url, section.url):
                continue
            try:
                documents = self._page(url)
            except FetchProblem as problem:
                result.problems.append(Problem(problem.code, problem.message, problem.url))
                continue
            if documents is not None:
                break
        if documents is None:
            result.problems.append(
                Problem(
                    "documents_missing",
                    "В разделе «Сведения об образовательной организации» не найден подраздел «Документы».",
                    section.url,
                )
            )
            return []
        result.documents_url = documents.url
        found = [documents]
        add_refs = [l for l in self._links(documents) if "addRef" in l.itemprops]
        if len(add_refs) > MAX_ADDREF_PAGES:
            result.problems.append(
                Problem(
                    "too_many_addref",
                    f"Подраздел «Документы» ссылается на {len(add_refs)} дополнительных страниц (addRef), "
                    f"допустимо не больше {MAX_ADDREF_PAGES}: прочитаны первые {MAX_ADDREF_PAGES}.",
                    documents.url,
                )
            )
        for link in add_refs[:MAX_ADDREF_PAGES]:
            try:
                page = self._page(link.url)
            except FetchProblem as problem:
                result.problems.append(Problem(problem.code, problem.message, problem.url))
                continue
            if page is None:
                result.problems.append(
                    Problem(
                        "addref_unreachable",
                        f"Дополнительная страница подраздела не открывается: {link.url}.",
                        link.url,
                    )
                )
                continue
            found.append(page)
        return found

    # -- documents ---------------------------------------------------------------------------------------------
    def _collect(self, result: SiteResult, links: list[pages.Link], schedule_links: list[pages.Link] = ()) -> None:
        by_url: dict[str, pages.Link] = {}
        for link in links:
            by_url.setdefault(link.url, link)
        sig_urls = {l.url for l in links if urlsplit(l.url).path.lower().endswith(SIG_SUFFIXES)}
        documents: dict[str, Document] = {}
        vsoko = tek = None
        schedule = next(
            (Document(SCHEDULE_KIND, l.url, l.label, l.page_url, "text") for l in schedule_links
             if SCHEDULE_TEXT.search(l.text) and l.url not in sig_urls and "addRef" not in l.itemprops),
            None,
        )
        for link in by_url.values():
            if link.url in sig_urls or "addRef" in link.itemprops or (schedule and link.url == schedule.url):
                continue
            if VSOKO_TEXT.search(link.text) and vsoko is None:
                vsoko = Document("vsoko", link.url, link.label, link.page_url, "text")
                continue
            if "tekKontrolDocLink" in link.itemprops and tek is None:
                tek = Document("tek_kontrol", link.url, link.label, link.page_url, "itemprop")
                continue
            known = [p for p in link.itemprops if p in pages.ITEMPROPS.values()]
            if known and link.url not in documents:
                documents[link.url] = Document(known[0], link.url, link.label, link.page_url, "itemprop")
        if tek is None:
            link = next((l for l in by_url.values() if TEK_KONTROL_TEXT.search(l.text) and l.url not in sig_urls), None)
            if link is not None:
                tek = Document("tek_kontrol", link.url, link.label, link.page_url, "text")
                documents.pop(link.url, None)
        for key in (vsoko, tek):
            if key is not None:
                documents.pop(key.url, None)
                self._analyse(result, key, sig_urls)
        if vsoko is None:
            vsoko = self._vsoko_by_content(result, by_url, sig_urls,
                                           exclude={d.url for d in (tek, schedule) if d is not None})
        for kind, doc in (("vsoko", vsoko), ("tek_kontrol", tek)):
            if doc is None:
                result.problems.append(
                    Problem(
                        f"{kind}_missing",
                        f"{KIND_TITLES[kind]} не найдено в подразделе «Документы».",
                        result.documents_url or result.section_url or result.url,
                    )
                )
        result.documents = [d for d in (vsoko, tek) if d is not None]
        key_urls = {d.url for d in result.documents}
        if schedule is None:
            result.problems.append(
                Problem(
                    f"{SCHEDULE_KIND}_missing",
                    "График оценочных процедур не найден в разделе «Сведения об образовательной организации».",
                    result.documents_url or result.section_url or result.url,
                )
            )
        elif schedule.url not in key_urls:
            self._analyse(result, schedule, sig_urls)
            result.documents.append(schedule)
            key_urls.add(schedule.url)
        for doc in documents.values():
            if doc.url in key_urls:  # the ВСОКО act found by its content is also a localAct link
                continue
            self._analyse(result, doc, sig_urls)
            result.documents.append(doc)

    def _vsoko_by_content(self, result, by_url, sig_urls, exclude) -> Document | None:
        candidates = [
            l for l in by_url.values()
            if l.url not in sig_urls and l.url not in exclude and "addRef" not in l.itemprops
            and (pages.looks_like_document(l) or l.text.lower().startswith("положение"))
        ]
        for link in candidates[:MAX_CONTENT_CANDIDATES]:
            doc = Document("vsoko", link.url, link.label, link.page_url, "content")
            text = self._open(result, doc, read=True, report=False)
            if text and VSOKO_TEXT.search(text[:3000]):
                self._analyse(result, doc, sig_urls, text=text)
                return doc
        return None

    def _open(self, result, doc: Document, *, read: bool, report: bool = True) -> str | None:
        """HEAD, then GET where HEAD is refused (or the text is wanted). Returns the text when read."""
        try:
            head = self.fetcher.fetch(doc.url, method="HEAD", document=True)
            doc.reachable = head.ok
            if head.ok and not read:
                return None
            if not head.ok and head.status not in HEAD_REFUSED:
                if report:
                    result.problems.append(
                        Problem(
                            "document_unreachable",
                            f"Документ «{doc.title}» не открывается: ошибка {head.status} ({doc.url}).",
                            doc.url,
                        )
                    )
                return None
            response = self.fetcher.fetch(doc.url, document=True)
        except FetchProblem as problem:
            doc.reachable = False
            if report:
                result.problems.append(
                    Problem(
                        "document_unreachable", f"Документ «{doc.title}» не открывается: {problem.message}", doc.url
                    )
                )
            return None
        doc.reachable = response.ok
        if not response.ok:
            if report:
                result.problems.append(
                    Problem(
                        "document_unreachable",
                        f"Документ «{doc.title}» не открывается: ошибка {response.status} ({doc.url}).",
                        doc.url,
                    )
                )
            return None
        if not read:
            return None
        extracted = extract(response.content, response.content_type)
        self._bodies[doc.url] = extracted
        if extracted.error and report:
            result.problems.append(Problem("document_unreadable", f"«{doc.title}»: {extracted.error}", doc.url))
        return extracted.text

    def _analyse(self, result, doc: Document, sig_urls: set[str], text: str | None = None) -> None:
        if text is None:
            text = self._open(result, doc, read=True)
        extracted = self._bodies.get(doc.url)
        detached = any(doc.url + suffix in sig_urls or doc.url.rsplit(".", 1)[0] + suffix in sig_urls
                       for suffix in SIG_SUFFIXES)
        if extracted is not None and extracted.pdf_signature_field:
            doc.signed, doc.signature = True, "pdf_field"
        elif has_signature_stamp(text):
            doc.signed, doc.signature = True, "stamp"
        elif detached:
            doc.signed, doc.signature = True, "detached"
        elif text is not None:
            doc.signed = False
        if not doc.reachable:
            return
        key = doc.kind in KIND_TITLES
        # The two acts the campaigns are about are named by what they are; any other document by its link and kind.
        label = KIND_LABELS.get(doc.kind, "")
        title = (KIND_TITLES[doc.kind] if key else f"Документ «{doc.title}»"
                 + (f" ({label.lower()})" if label and label.lower() not in doc.title.lower() else ""))
        signed_word, approved_word = ("подписано", "утверждено") if key else ("подписан", "утверждён")
        if doc.signed is False:
            result.problems.append(
                Problem("not_signed", f"{title} не {signed_word} электронной подписью ({doc.url}).", doc.url)
            )
        if text is None:
            return
        doc.approved_on = approval_date(text)
        if doc.approved_on is None:
            if key:  # a licence or a report has no approval: only the acts must carry one
                result.problems.append(
                    Problem("approval_missing", f"{title}: в тексте не найдены реквизиты утверждения ({doc.url}).",
                            doc.url)
                )
        elif doc.approved_on <= self.approved_after:
            advice = "нужна обновлённая редакция" if key else "проверьте, нужна ли обновлённая редакция"
            result.problems.append(
                Problem(
                    "approved_before_date",
                    f"{title} {approved_word} {doc.approved_on:%d.%m.%Y} — не позже {self.approved_after:%d.%m.%Y}: "
                    f"{advice} ({doc.url}).",
                    doc.url,
                )
            )


def check_site(
    url: str,
    *,
    approved_after: date = DEFAULT_APPROVED_AFTER,
    fetcher: SafeFetcher | None = None,
    **fetcher_options,
) -> SiteResult:
    """Check one site now. ``fetcher_options`` go to :class:`SafeFetcher` when no fetcher is given."""
    if fetcher is not None:
        return SiteChecker(fetcher, approved_after=approved_after).check(url)
    with SafeFetcher(**fetcher_options) as own:
        return SiteChecker(own, approved_after=approved_after).check(url)
