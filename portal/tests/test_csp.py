"""Content-Security-Policy on every response, and nothing in the portal's pages that would need 'unsafe-inline'.

Three proofs: the templates contain no inline script, style block, style="" or on…="" handler; every page of the
demo (crawled from the dashboard, as every demo account) answers with the policy and renders none of them;
Chromium, with the policy on, reports no violation on the main pages (browser test).
"""
import re
from collections import Counter, deque
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    'style="" attribute': re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    'on…="" handler': re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"""=\s*["']\s*javascript:""", re.I),
}
MAX_PAGES_PER_ACCOUNT = 60


def _template_files() -> list[Path]:
    dirs = [Path(d) for d in django_settings.TEMPLATES[0]["DIRS"]]
    dirs += [p for pattern in ("*/templates", "*/*/templates") for p in ROOT.glob(pattern) if ".venv" not in p.parts]
    return sorted(f for d in dirs for f in d.rglob("*.html"))


def _inline_findings(text: str) -> list[str]:
    return [f"{label}: {m.group(0)[:80]}" for label, rx in INLINE.items() for m in rx.finditer(text)]


def test_policy_has_no_unsafe_directives():
    directives = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


@pytest.mark.parametrize("snippet, found", [
    ('<script src="/static/x.js"></script>', False),
    ('<script type="application/json" id="d">{}</script>', False),
    ("<script>alert(1)</script>", True),
    ('<div class="a" style="width: 5%">', True),
    ("<style>.a{}</style>", True),
    ('<button onclick="go()">', True),
    ('<a href="javascript:void(0)">', True),
    ('<p class="order-preamble" data-style="x">', False),
])
def test_inline_detector(snippet, found):
    assert bool(_inline_findings(snippet)) is found


def test_no_template_has_inline_script_or_style():
    files = _template_files()
    assert len(files) > 20
    findings = {str(f.relative_to(ROOT)): _inline_findings(f.read_text(encoding="utf-8")) for f in files}
    assert not {f: found for f, found in findings.items() if found}


def _links(html: str) -> list[str]:
    return re.findall(r'href="(/[^"#]*)"', html)


def _route(path: str) -> str:
    try:
        return resolve(path).route
    except Resolver404:
        return path


def _crawl(client: Client) -> dict[str, tuple[int, str, list[str]]]:
    """GET the same-site pages reachable from the dashboard, two of each URL pattern (admin: checked, not followed)."""
    seen: dict[str, tuple[int, str, list[str]]] = {}
    per_route: Counter = Counter()
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES_PER_ACCOUNT:
        url = queue.popleft()
        key = url.split("?")[0]
        if key in seen or key.startswith(("/static/", "/accounts/logout")) or per_route[_route(key)] >= 2:
            continue
        per_route[_route(key)] += 1
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        html = response.content.decode(errors="replace") if "text/html" in response.headers.get("Content-Type", "") else ""
        findings = _inline_findings(html) if not key.startswith("/admin/") else []
        seen[key] = (response.status_code, csp, findings)
        if html and not key.startswith("/admin/"):
            queue.extend(_links(html))
    return seen


@pytest.mark.django_db
def test_every_demo_page_answers_with_the_policy_and_renders_nothing_inline():
    from portal.demo.orders import ACCOUNTS

    call_command("load_demo", stdout=open("/dev/null", "w"))
    problems, total = [], 0
    for account in ACCOUNTS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=account.username))
        pages = _crawl(client)
        assert len(pages) >= 5, f"{account.username}: the crawl found only {sorted(pages)}"
        total += len(pages)
        for url, (status, csp, findings) in pages.items():
            if status >= 500:
                problems.append(f"{account.username} {url}: HTTP {status}")
            if "script-src 'self'" not in csp or "unsafe-inline" in csp:
                problems.append(f"{account.username} {url}: Content-Security-Policy «{csp}»")
            problems += [f"{account.username} {url}: {finding}" for finding in findings]
    anonymous = Client().get("/accounts/login/")
    assert "script-src 'self'" in anonymous.headers["Content-Security-Policy"]
    assert total > 100
    assert not problems, "\n".join(problems)
