"""The private-address guard and the fetcher's limits, on their own."""

import httpx
import pytest

from monitoring.sitecheck.fetch import FetchProblem, SafeFetcher, address_refusal

REFUSED = [
    "127.0.0.1", "127.8.8.8", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "fe80::1",
    "fc00::1", "224.0.0.1", "ff02::1", "0.0.0.0", "::", "240.0.0.1", "255.255.255.255", "100.64.0.1",
    "::ffff:10.0.0.1", "::ffff:127.0.0.1", "198.18.0.1", "192.0.2.10",
]
ALLOWED = ["8.8.8.8", "95.173.136.70", "2a00:1450:4010:c0d::64"]


@pytest.mark.parametrize("ip", REFUSED)
def test_non_public_addresses_are_refused(ip):
    assert address_refusal(ip)


@pytest.mark.parametrize("ip", ALLOWED)
def test_public_addresses_pass(ip):
    assert address_refusal(ip) is None


def test_test_switch_opens_loopback_only():
    assert address_refusal("127.0.0.1", allow_loopback=True) is None
    assert address_refusal("::1", allow_loopback=True) is None
    assert address_refusal("10.0.0.1", allow_loopback=True)
    assert address_refusal("169.254.169.254", allow_loopback=True)


def fetcher(**options):
    return SafeFetcher(user_agent="test", host_delay=0, connect_timeout=1, read_timeout=1, total_timeout=5, **options)


@pytest.fixture
def no_network(monkeypatch):
    sent = []
    monkeypatch.setattr(httpx.Client, "send", lambda self, request, **kw: sent.append(request) or 1 / 0)
    return sent


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        (["10.0.0.1"], "address_refused"),
        (["93.184.216.34", "192.168.0.10"], "address_refused"),  # one bad answer is enough
        (["169.254.169.254"], "address_refused"),
        (["127.0.0.1"], "address_refused"),
        ([], "dns_failed"),
    ],
)
def test_names_are_checked_after_resolution(no_network, answers, code):
    with fetcher(resolver=lambda host, port: answers) as f, pytest.raises(FetchProblem) as refused:
        f.fetch("http://school.example/")
    assert refused.value.code == code
    assert refused.value.message[0].isupper() and "school.example" in refused.value.url
    assert no_network == []


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://school.ru/", "gopher://x/", "http://user:pw@school.ru/", "http:///nohost"],
)
def test_bad_addresses_are_refused(no_network, url):
    with fetcher(resolver=lambda host, port: ["8.8.8.8"]) as f, pytest.raises(FetchProblem):
        f.fetch(url)
    assert no_network == []


def test_connects_to_the_checked_ip_with_the_name_in_host_header(corpus, monkeypatch):
    """A name resolved once; the request goes to that IP (no second resolution), Host carries the name."""
    site = corpus["standard"]
    port = site.server.server_address[1]
    calls = []
    sent = []
    original = httpx.Client.send

    def spy(self, request, **kwargs):
        sent.append((request.url.host, request.headers["host"]))
        return original(self, request, **kwargs)

    monkeypatch.setattr(httpx.Client, "send", spy)

    def resolver(host, p):
        calls.append(host)
        return ["127.0.0.1"]

    with fetcher(allow_loopback=True, resolver=resolver) as f:
        response = f.fetch(f"http://school.example:{port}/sveden/")
    assert response.ok and response.url == f"http://school.example:{port}/sveden/"
    assert calls == ["school.example"]
    assert sent == [("127.0.0.1", f"school.example:{port}")]


def test_every_redirect_hop_is_checked(corpus, monkeypatch):
    """A public name that redirects to a name resolving to a private address: refused at the hop."""
    site = corpus["private_redirect"]
    with fetcher(allow_loopback=True) as f, pytest.raises(FetchProblem) as refused:
        f.fetch(site.url)
    assert refused.value.code == "address_refused" and refused.value.url == "http://10.0.0.1/"


def test_redirect_limit(corpus):
    with fetcher(allow_loopback=True, max_redirects=3) as f, pytest.raises(FetchProblem) as refused:
        f.fetch(corpus["redirect_loop"].url)
    assert refused.value.code == "too_many_redirects"
    assert "3" in refused.value.message


def test_size_cap(corpus):
    with fetcher(allow_loopback=True, page_limit=100_000) as f, pytest.raises(FetchProblem) as refused:
        f.fetch(corpus["big"].url)
    assert refused.value.code == "too_large"


def test_read_timeout(corpus):
    with fetcher(allow_loopback=True) as f, pytest.raises(FetchProblem) as refused:
        f.fetch(corpus["hang"].url)
    assert refused.value.code == "timeout"
    assert "не ответил" in refused.value.message


def test_politeness_delay_between_requests_to_one_host(corpus):
    import time

    with SafeFetcher(user_agent="t", allow_loopback=True, host_delay=0.3) as f:
        start = time.monotonic()
        for _ in range(3):
            f.fetch(corpus["standard"].url)
        elapsed = time.monotonic() - start
    assert elapsed >= 0.55
