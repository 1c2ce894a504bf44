"""Simulated school sites served on loopback (one threaded http.server per site, port 0).

Each site is a dict path → :class:`Page`. Built in code, so the acts are generated fresh (PDF, DOCX).
Used by the checker tests, the portal's automatic-check tests and bench/bench_site_checks.py.
"""

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .documents import make_docx, make_pdf

PDF, DOCX, HTML = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", \
    "text/html; charset=utf-8"


@dataclass
class Page:
    body: bytes = b""
    content_type: str = HTML
    status: int = 200
    location: str = ""
    head_status: int | None = None  # a different status for HEAD (e.g. 405)
    hang: bool = False  # never answers


def html(title: str, body: str) -> Page:
    return Page(f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>".encode())


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # a client that hung up early (size cap, timeout) is what some tests do on purpose


class Site:
    def __init__(self, name: str, pages: dict[str, Page], delay: float = 0.0):
        self.name, self.pages, self.delay = name, pages, delay
        self.server: ThreadingHTTPServer | None = None
        self.hits: list[tuple[str, str, str]] = []  # (method, path, user agent)
        self.stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> "Site":
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, head: bool):
                path = self.path.split("?")[0]
                site.hits.append((self.command, path, self.headers.get("User-Agent", "")))
                page = site.pages.get(path) or Page(b"<html><body>404</body></html>", status=404)
                if page.hang:
                    site.stop.wait(30)
                    return
                if site.delay:
                    time.sleep(site.delay)
                status = page.head_status if head and page.head_status else page.status
                self.send_response(status)
                if page.location:
                    self.send_header("Location", page.location)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", "0" if status >= 400 and head else str(len(page.body)))
                self.end_headers()
                if not head:
                    self.wfile.write(page.body)

            def do_GET(self):
                self._answer(False)

            def do_HEAD(self):
                self._answer(True)

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def close(self):
        self.stop.set()
        if self.server:
            self.server.shutdown()
            self.server.server_close()


# -- the acts ----------------------------------------------------------------------------------------------------
VSOKO_TITLE = "Положение о внутренней системе оценки качества образования"
TEK_TITLE = "Положение о формах, периодичности и порядке текущего контроля успеваемости и промежуточной аттестации"


def vsoko_pdf(approval: str, *, signed: bool) -> bytes:
    return make_pdf([approval, VSOKO_TITLE, "1. Общие положения", "1.1. Настоящее положение определяет ВСОКО."],
                    signed=signed)


def tek_docx(approval: str, *, stamp: bool) -> bytes:
    lines = [approval, TEK_TITLE, "1. Общие положения"]
    if stamp:
        lines += ["ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ", "Владелец: Иванова И.И., действителен с 01.09.2022 по 01.09.2023"]
    return make_docx(lines)


def document_page(links: str) -> Page:
    return html("Документы", f"<h1>Документы</h1><div class='docs'>{links}</div>")


def sveden_page(documents_href: str) -> Page:
    return html(
        "Сведения об образовательной организации",
        f"<ul><li><a href='common/'>Основные сведения</a></li><li><a href='{documents_href}'>Документы</a></li></ul>",
    )


def build_sites() -> dict[str, dict[str, Page]]:
    home = html("МБОУ СОШ", "<nav><a href='/sveden/'>Сведения об образовательной организации</a></nav>")
    sites = {}
    # A standard site: /sveden/document/ with itemprops; ВСОКО by link text, PDF with a signature field;
    # the current-control act by itemprop, DOCX with the signature stamp; the charter's HEAD is refused (405).
    sites["standard"] = {
        "/": home,
        "/sveden/": sveden_page("document/"),
        "/sveden/document/": document_page(
            "<p><a itemprop='ustavDocLink' href='/files/ustav.pdf'>Устав</a></p>"
            "<p><a href='/files/vsoko.pdf'>Положение о внутренней системе оценки качества образования (ВСОКО)</a></p>"
            "<p><a itemprop='tekKontrolDocLink' href='/files/tek.docx'>Положение о текущем контроле</a></p>"
            "<p><a href='/files/egop.pdf'>Единый график оценочных процедур на 2022–2023 учебный год</a></p>"
        ),
        "/files/egop.pdf": Page(make_pdf(["УТВЕРЖДЕН приказом от 01.09.2022 № 130", "График оценочных процедур"],
                                         signed=True), PDF),
        "/files/ustav.pdf": Page(make_pdf(["Устав"], signed=True), PDF, head_status=405),
        "/files/vsoko.pdf": Page(vsoko_pdf("УТВЕРЖДЕНО приказом от 30.08.2022 № 123", signed=True), PDF),
        "/files/tek.docx": Page(
            tek_docx("Утверждено приказом директора № 45 от «31» августа 2022 г.", stamp=True), DOCX
        ),
    }
    # A Госвеб site: no /sveden/, the section under slugs reached by link text; the acts on an addRef page;
    # an old ВСОКО (approved 2021, unsigned DOCX) and the old itemprop Tek_kontrol_DocLink with a detached .sig.
    slug = "/svedeniya-ob-obrazovatelnoy-organizatsii/"
    gosweb_home = html("Школа", f"<nav><a href='/novosti/'>Новости</a> <a href='{slug}'>Сведения об образовательной "
                  "организации</a></nav>")
    sites["gosweb"] = {
        "/": gosweb_home,
        "/sveden/": gosweb_home,  # a «soft 404»: unknown addresses answer 200 with the home page
        slug: html("Сведения", f"<a href='{slug}osnovnye-svedeniya/'>Основные сведения</a> "
                   f"<a href='{slug}dokumenty/'>Документы</a> "
                   "<a href='/upload/grafik-op.docx'>График проведения оценочных процедур</a>"),
        "/upload/grafik-op.docx": Page(make_docx(["График оценочных процедур, 1 полугодие"]), DOCX),
        f"{slug}dokumenty/": document_page(f"<a itemprop='addRef' href='{slug}dokumenty/lokalnye-akty/'>Локальные "
                                           "акты</a> <a itemprop='ustavDocLink' href='/upload/ustav.pdf'>Устав</a>"),
        f"{slug}dokumenty/lokalnye-akty/": document_page(
            "<a itemprop='localAct' href='/upload/vsoko.docx'>Положение о ВСОКО</a>"
            "<a ITEMPROP='Tek_kontrol_DocLink ' href='/upload/tek.pdf'>Положение о формах контроля</a>"
            "<a href='/upload/tek.pdf.sig'>Подпись</a>"
        ),
        "/upload/ustav.pdf": Page(make_pdf(["Устав"]), PDF),
        "/upload/vsoko.docx": Page(make_docx(["Принято на педагогическом совете (протокол № 1 от 30.08.2021)",
                                              VSOKO_TITLE]), DOCX),
        "/upload/tek.pdf": Page(make_pdf(["Утверждено приказом от 01.09.2022 № 7", TEK_TITLE]), PDF),
        "/upload/tek.pdf.sig": Page(b"\x30\x82", "application/pgp-signature"),
    }
    # The ВСОКО act findable only by its content; the current-control itemprop with stray quotes; a dead link.
    sites["content_only"] = {
        "/": home,
        "/sveden/": sveden_page("document/"),
        "/sveden/document/": document_page(
            "<a itemprop=\"\"tekKontrolDocLink\"\" href='/d/tek.docx'>Скачать</a>"
            "<a itemprop='localAct' href='/d/polozhenie-7.pdf'>Положение № 7</a>"
            "<a itemprop='ustavDocLink' href='/d/ustav-old.pdf'>Устав</a>"
        ),
        "/d/tek.docx": Page(tek_docx("УТВЕРЖДЕНО приказом от 01.09.2022 № 10", stamp=False), DOCX),
        "/d/polozhenie-7.pdf": Page(vsoko_pdf("Утверждено приказом от 05.09.2022 № 12", signed=False), PDF),
    }
    # Documents of other kinds spread over addRef pages (more than the 10 read): a signed PDF approved after the
    # date, an unsigned DOCX approved before it, an HTML page with the signature stamp, a PDF whose HEAD is refused;
    # the eleventh addRef page is not read, so its document is not listed.
    addref = {f"/sveden/document/page-{n}/": document_page(f"<p>Страница {n}</p>") for n in range(3, 11)}
    addref["/sveden/document/page-1/"] = document_page(
        "<a itemprop='modeDocLink' href='/f/rezhim.pdf'>Режим занятий</a>"
        "<a itemprop='priemDocLink' href='/f/priem.docx'>Правила приёма</a>"
    )
    addref["/sveden/document/page-2/"] = document_page(
        "<a itemprop='localActStud' href='/f/prava.html'>Права обучающихся</a>"
        "<a itemprop='perevodDocLink' href='/f/perevod.pdf'>Порядок перевода</a>"
    )
    addref["/sveden/document/page-11/"] = document_page("<a itemprop='vozDocLink' href='/f/voz.pdf'>Возникновение</a>")
    sites["addref_kinds"] = {
        "/": home,
        "/sveden/": sveden_page("document/"),
        "/sveden/document/": document_page(
            "<a href='/f/vsoko.pdf'>Положение о ВСОКО</a>"
            + "".join(f"<a itemprop='addRef' href='page-{n}/'>Локальные акты, часть {n}</a>" for n in range(1, 12))
        ),
        **addref,
        "/f/vsoko.pdf": Page(vsoko_pdf("УТВЕРЖДЕНО приказом от 30.08.2022 № 123", signed=True), PDF),
        "/f/rezhim.pdf": Page(make_pdf(["УТВЕРЖДЕНО приказом от 01.09.2023 № 200", "Режим занятий обучающихся"],
                                       signed=True), PDF),
        "/f/priem.docx": Page(make_docx(["Утверждено приказом директора № 12 от «15» марта 2021 г.",
                                         "Правила приёма на обучение"]), DOCX),
        "/f/prava.html": html("Права обучающихся", "<p>Утверждено приказом от 02.09.2022 № 140</p>"
                              "<p>Документ подписан электронной подписью</p>"),
        "/f/perevod.pdf": Page(make_pdf(["Утверждено приказом от 10.01.2024 № 3", "Порядок перевода"]), PDF,
                               head_status=403),
        "/f/voz.pdf": Page(make_pdf(["Утверждено приказом от 10.01.2024 № 4"], signed=True), PDF),
    }
    sites["missing_section"] = {"/": html("Школа", "<p>Добро пожаловать</p>")}
    sites["no_documents"] = {"/": home, "/sveden/": html("Сведения", "<a href='common/'>Основные сведения</a>")}
    sites["private_redirect"] = {"/": Page(status=302, location="http://10.0.0.1/")}
    sites["redirect_loop"] = {"/": Page(status=302, location="/a"), "/a": Page(status=302, location="/")}
    sites["hang"] = {"/": Page(hang=True)}
    sites["big"] = {"/": Page(b"<html>" + b"x" * 200_000 + b"</html>")}
    return sites


class Corpus:
    """Every simulated site started; ``corpus["standard"].url`` is its address."""

    def __init__(self, definitions: dict[str, dict[str, Page]] | None = None):
        self.sites = {name: Site(name, pages).start() for name, pages in (definitions or build_sites()).items()}

    def __getitem__(self, name: str) -> Site:
        return self.sites[name]

    def close(self):
        for site in self.sites.values():
            site.close()
