#!/usr/bin/env python3
"""The requests of the production smoke test (.ci/smoke_production.sh), made as a TLS proxy would make them.

Usage: smoke_requests.py BASE_URL HOST ACCOUNTS_FILE
  BASE_URL       where gunicorn listens, e.g. http://127.0.0.1:45123
  HOST           a name from ALLOWED_HOSTS, sent as the Host header (with X-Forwarded-Proto: https)
  ACCOUNTS_FILE  what `manage.py load_demo` printed: its accounts table gives every demo login and password

Standard library only. Prints one line per check; exits non-zero at the first failure with what went wrong.
"""
import http.client
import re
import sys
import uuid
from html import unescape
from urllib.parse import urlsplit

ONE_YEAR = 365 * 24 * 3600
PDF = b"%PDF-1.4\n% smoke test evidence\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class SmokeFailure(Exception):
    pass


def check(condition, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


class Browser:
    """One user's session: cookies by hand (they are Secure, and the hop to gunicorn is plain HTTP)."""

    def __init__(self, base_url: str, host: str):
        parts = urlsplit(base_url)
        self.address, self.port = parts.hostname, parts.port
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
                forwarded_proto: str | None = "https"):
        conn = http.client.HTTPConnection(self.address, self.port, timeout=60)
        all_headers = {"Host": self.host, "User-Agent": "vsoko-smoke/1", "Accept-Language": "ru"}
        if forwarded_proto:
            all_headers["X-Forwarded-Proto"] = forwarded_proto
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
        except OSError as error:
            raise SmokeFailure(f"{method} {path}: no answer from gunicorn ({error})") from error
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""'):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response, data

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, fields: dict, files: dict | None = None, referer_path: str | None = None):
        origin = f"https://{self.host}"
        headers = {"Origin": origin, "Referer": origin + (referer_path or path)}
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(boundary, fields, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            from urllib.parse import urlencode

            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", path, body=body, headers=headers)


def _multipart(boundary: str, fields: dict, files: dict) -> bytes:
    out = bytearray()
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (filename, content_type, content) in files.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n").encode()
        out += content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    check(match, "no CSRF token in the form")
    return match.group(1)


def accounts_from(path: str) -> list[tuple[str, str]]:
    """Rows «| login | password | role | scope |» of load_demo's table, header excluded."""
    rows = []
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 4 and cells[0] != "Логин":
            rows.append((cells[0], cells[1]))
    check(rows, f"no accounts table in {path} (load_demo output)")
    return rows


def step(label: str) -> None:
    print(f"  ok  {label}", flush=True)


def anonymous_checks(base_url: str, host: str) -> None:
    anon = Browser(base_url, host)
    response, _ = anon.get("/accounts/login/", forwarded_proto=None)
    check(response.status == 301 and response.headers.get("Location", "").startswith(f"https://{host}/"),
          f"plain HTTP (no X-Forwarded-Proto) should redirect to https://{host}/, got {response.status} "
          f"{response.headers.get('Location')}")
    step("plain HTTP is redirected to HTTPS")

    response, data = anon.get("/accounts/login/")
    html = _text(data)
    check(response.status == 200, f"login page: HTTP {response.status}\n{html[:2000]}")
    check("Вход в портал" in html, "login page: no «Вход в портал» on it")
    check("max-age=" in (response.headers.get("Strict-Transport-Security") or ""), "login page: no HSTS header")
    csp = response.headers.get("Content-Security-Policy") or ""
    check("script-src 'self'" in csp and "unsafe-inline" not in csp,
          f"login page: no Content-Security-Policy without unsafe-inline: «{csp}»")
    step("login page 200 over HTTPS, with HSTS and Content-Security-Policy")

    css = re.findall(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    check(css, f"login page: no stylesheet with a hashed name (manifest storage not used?): "
               f"{re.findall(r'href=.[^ ]+css.', html)}")
    for path in css:
        response, data = anon.get(path)
        check(response.status == 200, f"{path}: HTTP {response.status}")
        check("text/css" in (response.headers.get("Content-Type") or ""), f"{path}: not served as text/css")
        cache = response.headers.get("Cache-Control") or ""
        max_age = re.search(r"max-age=(\d+)", cache)
        check(max_age and int(max_age.group(1)) >= ONE_YEAR, f"{path}: Cache-Control «{cache}», expected a year or more")
        check(len(data) > 100, f"{path}: empty body")
    step(f"{len(css)} stylesheet(s) by hashed name, Cache-Control ≥ 1 year")


def login(base_url: str, host: str, username: str, password: str) -> Browser:
    user = Browser(base_url, host)
    response, data = user.get("/accounts/login/")
    token = _csrf_token(_text(data))
    response, data = user.post("/accounts/login/", {"csrfmiddlewaretoken": token, "username": username,
                                                    "password": password})
    check(response.status == 302, f"login as {username}: HTTP {response.status} (expected a redirect)\n"
                                  f"{_text(data)[:1500]}")
    check("sessionid" in user.cookies, f"login as {username}: no session cookie")
    return user


def logged_in_page(user: Browser, username: str) -> None:
    response, data = user.get("/")
    html = _text(data)
    check(response.status == 200, f"dashboard as {username}: HTTP {response.status}\n{html[:2000]}")
    check("Content-Security-Policy" in response.headers, f"dashboard as {username}: no Content-Security-Policy")
    check("/accounts/logout/" in html, f"dashboard as {username}: the page does not show a logged-in user")
    step(f"{username}: logged in, dashboard 200")


def admin_and_error_pages(user: Browser, username: str) -> None:
    response, data = user.get("/admin/")
    check(response.status == 200 and "Портал ВСОКО: администрирование" in _text(data),
          f"/admin/ as {username}: HTTP {response.status}")
    response, data = user.get("/smoke-no-such-page/")
    check(response.status == 404 and "Страница не найдена" in _text(data),
          f"a missing page as {username}: HTTP {response.status}, expected the Russian 404 page\n{_text(data)[:1500]}")
    step(f"{username}: admin index 200, a missing page is the Russian 404")


def evidence_round_trip(user: Browser, username: str) -> None:
    response, data = user.get("/roadmaps/")
    check(response.status == 200, f"roadmap list as {username}: HTTP {response.status}")
    roadmaps = re.findall(r'href="(/roadmaps/\d+/)"', _text(data))
    check(roadmaps, f"roadmap list as {username}: no roadmap link")
    response, data = user.get(roadmaps[0])
    check(response.status == 200, f"{roadmaps[0]} as {username}: HTTP {response.status}")
    items = re.findall(r'href="(/items/\d+/)"', _text(data))
    check(items, f"{roadmaps[0]}: no item link")
    item = items[0]
    response, data = user.get(item)
    html = _text(data)
    check(response.status == 200, f"{item} as {username}: HTTP {response.status}")
    form = re.search(r'<form[^>]+action="(/items/\d+/status/)"(.*?)</form>', html, re.S)
    check(form, f"{item}: no status form for {username}")
    version = re.search(r'name="version" value="(\d+)"', form.group(2))
    check(version, f"{item}: no version field in the status form")
    current = re.search(r'<option value="(\w+)" selected', form.group(2))
    new_status = "in_progress" if not current or current.group(1) != "in_progress" else "done"
    filename = f"smoke-{uuid.uuid4().hex[:8]}.pdf"
    response, data = user.post(form.group(1), {
        "csrfmiddlewaretoken": _csrf_token(form.group(2)), "status": new_status, "version": version.group(1),
        "comment": "Проверка production-профиля (smoke test)", "evidence_url": "",
    }, files={"evidence_file": (filename, "application/pdf", PDF)}, referer_path=item)
    check(response.status == 302, f"status change with evidence on {item}: HTTP {response.status}\n"
                                  f"{_text(data)[:3000]}")
    step(f"{username}: status of {item} set to {new_status} with evidence {filename}")

    response, data = user.get(item)
    html = _text(data)
    link = re.search(r'href="(/events/\d+/evidence/)">' + re.escape(filename), html)
    check(link, f"{item}: no download link for {filename} after the upload")
    response, data = user.get(unescape(link.group(1)))
    check(response.status == 200, f"download {link.group(1)}: HTTP {response.status}")
    check(data == PDF, f"download {link.group(1)}: the file differs from the upload ({len(data)} bytes)")
    check("attachment" in (response.headers.get("Content-Disposition") or ""),
          f"download {link.group(1)}: not sent as an attachment")
    step(f"{username}: evidence downloaded byte for byte")


def main() -> int:
    base_url, host, accounts_file = sys.argv[1:4]
    try:
        anonymous_checks(base_url, host)
        accounts = accounts_from(accounts_file)
        for username, password in accounts:
            user = login(base_url, host, username, password)
            logged_in_page(user, username)
            if username == "gur_officer":
                evidence_round_trip(user, username)
            if username == "vsoko_admin":
                admin_and_error_pages(user, username)
        check(any(u == "gur_officer" for u, _ in accounts), "no gur_officer among the demo accounts")
    except SmokeFailure as failure:
        print(f"SMOKE TEST FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"  ok  {len(accounts)} accounts: {', '.join(u for u, _ in accounts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
