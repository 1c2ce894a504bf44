import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from monitoring.models import WebsiteCheck


def run(*args):
    out = StringIO()
    call_command("check_site", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json_contract(corpus, settings):
    settings.SITECHECK_HOST_DELAY = 0
    site = corpus["gosweb"]
    data = json.loads(run(site.url, "--json", "--allow-private"))
    assert set(data) == {"url", "reachable", "section_url", "documents", "problems"}
    assert data["reachable"] is True
    assert data["section_url"] == site.url + "svedeniya-ob-obrazovatelnoy-organizatsii/"
    for document in data["documents"]:
        assert set(document) == {"kind", "url", "reachable", "approved_on", "signed"}
    vsoko = next(d for d in data["documents"] if d["kind"] == "vsoko")
    assert vsoko == {"kind": "vsoko", "url": site.url + "upload/vsoko.docx", "reachable": True,
                     "approved_on": "2021-08-30", "signed": False}
    for problem in data["problems"]:
        assert set(problem) == {"code", "message"}
    assert {"approved_before_date", "not_signed"} <= {p["code"] for p in data["problems"]}
    assert WebsiteCheck.objects.count() == 0  # writes nothing


def test_unreachable_json(corpus, settings):
    data = json.loads(run(corpus["private_redirect"].url, "--json", "--allow-private"))
    assert data["reachable"] is False and data["section_url"] is None and data["documents"] == []
    assert data["problems"][0]["code"] == "site_unreachable"
    assert "Сайт недоступен" in data["problems"][0]["message"]


def test_loopback_refused_without_the_flag(corpus, settings):
    settings.SITECHECK_ALLOW_PRIVATE = False
    data = json.loads(run(corpus["standard"].url, "--json"))
    assert data["reachable"] is False
    assert "loopback" in data["problems"][0]["message"]


def test_human_output(corpus, settings):
    settings.SITECHECK_HOST_DELAY = 0
    out = run(corpus["standard"].url, "--allow-private")
    assert "доступен" in out and "vsoko" in out and "утверждён 30.08.2022" in out


def test_allow_private_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="рабочем режиме"):
        run("http://127.0.0.1/", "--allow-private")
