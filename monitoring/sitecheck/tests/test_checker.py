"""The checker against the simulated sites on loopback (monitoring/sitecheck/tests/corpus.py)."""

from datetime import date

import httpx
import pytest

from monitoring.sitecheck import SafeFetcher, check_site


def run(url, **options):
    options = {"user_agent": "VSOKO-Portal-SiteCheck/test", "allow_loopback": True, "host_delay": 0,
               "connect_timeout": 1, "read_timeout": 1, "total_timeout": 5, **options}
    return check_site(url, **options)


def codes(result):
    return {p.code for p in result.problems}


def test_standard_site(corpus):
    site = corpus["standard"]
    result = run(site.url)
    assert result.reachable
    assert result.section_url == site.url + "sveden/"
    vsoko, tek = result.document("vsoko"), result.document("tek_kontrol")
    assert vsoko.url == site.url + "files/vsoko.pdf" and vsoko.found_by == "text"
    assert vsoko.found_on == site.url + "sveden/document/"
    assert (vsoko.reachable, vsoko.approved_on, vsoko.signed, vsoko.signature) == (True, date(2022, 8, 30), True,
                                                                                   "pdf_field")
    assert (tek.url, tek.found_by) == (site.url + "files/tek.docx", "itemprop")
    assert (tek.approved_on, tek.signed, tek.signature) == (date(2022, 8, 31), True, "stamp")
    ustav = result.document("ustavDocLink")
    assert ustav.reachable  # HEAD refused with 405, GET answered
    assert ("GET", "/files/ustav.pdf") in [(m, p) for m, p, _ in site.hits]
    assert codes(result) == set()
    assert all("VSOKO-Portal-SiteCheck" in agent for _, _, agent in site.hits)
    schedule = result.document("procedures_schedule")
    assert (schedule.url, schedule.found_on) == (site.url + "files/egop.pdf", site.url + "sveden/document/")
    assert (schedule.approved_on, schedule.signed) == (date(2022, 9, 1), True)


def test_procedures_schedule_found_on_the_section_page_and_reported_unsigned(corpus):
    site = corpus["gosweb"]
    result = run(site.url)
    schedule = result.document("procedures_schedule")
    assert schedule.url == site.url + "upload/grafik-op.docx"
    assert schedule.found_on == site.url + "svedeniya-ob-obrazovatelnoy-organizatsii/"
    assert (schedule.reachable, schedule.approved_on, schedule.signed) == (True, None, False)
    assert any(p.code == "not_signed" and p.url == schedule.url for p in result.problems)
    assert "procedures_schedule_missing" not in codes(result)
    assert "procedures_schedule" in {d["kind"] for d in result.as_json()["documents"]}


def test_a_missing_procedures_schedule_is_a_problem(corpus):
    site = corpus["addref_kinds"]
    result = run(site.url)
    assert result.document("procedures_schedule") is None
    missing = next(p for p in result.problems if p.code == "procedures_schedule_missing")
    assert missing.url == site.url + "sveden/document/" and "График оценочных процедур не найден" in missing.message


def test_gosweb_slugs_addref_old_act_and_detached_signature(corpus):
    site = corpus["gosweb"]
    result = run(site.url)
    assert result.section_url == site.url + "svedeniya-ob-obrazovatelnoy-organizatsii/"
    vsoko, tek = result.document("vsoko"), result.document("tek_kontrol")
    assert vsoko.url == site.url + "upload/vsoko.docx"
    assert vsoko.found_on.endswith("/dokumenty/lokalnye-akty/")
    assert (vsoko.approved_on, vsoko.signed) == (date(2021, 8, 30), False)
    assert (tek.url, tek.signed, tek.signature) == (site.url + "upload/tek.pdf", True, "detached")
    assert {"approved_before_date", "not_signed"} <= codes(result)
    old = next(p for p in result.problems if p.code == "approved_before_date")
    assert old.url == vsoko.url and "30.08.2021" in old.message
    json = result.as_json()
    assert {d["kind"] for d in json["documents"]} >= {"vsoko", "tek_kontrol", "ustavDocLink"}


def test_vsoko_found_by_content_stray_quotes_and_dead_link(corpus):
    site = corpus["content_only"]
    result = run(site.url)
    vsoko, tek = result.document("vsoko"), result.document("tek_kontrol")
    assert (vsoko.url, vsoko.found_by, vsoko.approved_on) == (site.url + "d/polozhenie-7.pdf", "content",
                                                              date(2022, 9, 5))
    assert (tek.url, tek.found_by, tek.signed) == (site.url + "d/tek.docx", "itemprop", False)
    dead = result.document("ustavDocLink")
    assert dead.reachable is False
    assert any(p.code == "document_unreachable" and p.url == dead.url for p in result.problems)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("missing_section", "section_missing"), ("no_documents", "documents_missing")],
)
def test_missing_parts_are_problems(corpus, name, expected):
    result = run(corpus[name].url)
    assert result.reachable
    assert expected in codes(result)
    assert all(p.message and p.message[0].isupper() for p in result.problems)


def test_unreachable_site_is_a_problem_not_a_violation(corpus):
    site = corpus["hang"]
    result = run(site.url)
    assert result.reachable is False
    assert codes(result) == {"site_unreachable"}
    assert "Сайт недоступен" in result.problems[0].message
    assert result.documents == []


def test_redirect_to_private_address_is_refused_before_connecting(corpus, monkeypatch):
    sent = []
    original = httpx.Client.send

    def spy(self, request, **kwargs):
        sent.append(str(request.url))
        return original(self, request, **kwargs)

    monkeypatch.setattr(httpx.Client, "send", spy)
    result = run(corpus["private_redirect"].url)
    assert not result.reachable
    message = result.problems[0].message
    assert "10.0.0.1" in message and "внутренней сети" in message
    assert sent == [corpus["private_redirect"].url]  # the redirect to 10.0.0.1 never left the guard


def test_nothing_on_loopback_without_the_test_switch(corpus):
    before = len(corpus["standard"].hits)
    result = run(corpus["standard"].url, allow_loopback=False)
    assert not result.reachable
    assert "loopback" in result.problems[0].message
    assert len(corpus["standard"].hits) == before


def test_every_listed_document_is_opened_read_dated_and_checked_for_a_signature(corpus):
    site = corpus["addref_kinds"]
    result = run(site.url)
    by_kind = {d.kind: d for d in result.documents}
    assert set(by_kind) == {"vsoko", "modeDocLink", "priemDocLink", "localActStud", "perevodDocLink"}
    read = {kind: (d.reachable, d.approved_on, d.signed, d.signature) for kind, d in by_kind.items()}
    assert read == {
        "vsoko": (True, date(2022, 8, 30), True, "pdf_field"),
        "modeDocLink": (True, date(2023, 9, 1), True, "pdf_field"),
        "priemDocLink": (True, date(2021, 3, 15), False, ""),
        "localActStud": (True, date(2022, 9, 2), True, "stamp"),
        "perevodDocLink": (True, date(2024, 1, 10), False, ""),
    }
    assert by_kind["priemDocLink"].found_on == site.url + "sveden/document/page-1/"
    by_code = {}
    for problem in result.problems:
        by_code.setdefault(problem.code, set()).add(problem.url)
    assert by_code["not_signed"] == {site.url + "f/priem.docx", site.url + "f/perevod.pdf"}
    assert by_code["approved_before_date"] == {site.url + "f/priem.docx"}
    assert by_code["too_many_addref"] == {site.url + "sveden/document/"}
    old = next(p for p in result.problems if p.code == "approved_before_date")
    assert "Правила приёма" in old.message and "15.03.2021" in old.message
    gets = [p for m, p, _ in site.hits if m == "GET"]
    assert "/f/perevod.pdf" in gets and "/f/priem.docx" in gets  # read, not only HEAD
    assert "/sveden/document/page-11/" not in gets and "/f/voz.pdf" not in gets  # beyond the addRef limit
    assert [d["kind"] for d in result.as_json()["documents"]][0] == "vsoko"
    assert {d["kind"]: d["approved_on"] for d in result.as_json()["documents"]}["priemDocLink"] == "2021-03-15"


def test_a_document_over_the_size_cap_is_unreachable_not_read(corpus):
    site = corpus["addref_kinds"]
    result = run(site.url, document_limit=1200)  # PDFs 1.4–2.2 kB, the DOCX 36 kB
    by_kind = {d.kind: d for d in result.documents}
    assert (by_kind["priemDocLink"].reachable, by_kind["priemDocLink"].approved_on) == (False, None)  # 36 kB
    assert by_kind["localActStud"].approved_on == date(2022, 9, 2)  # a 250-byte page is under the cap
    refused = next(p for p in result.problems if p.url == by_kind["priemDocLink"].url)
    assert refused.code == "document_unreachable" and "больше 1 КБ" in refused.message
