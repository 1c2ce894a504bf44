"""Safe fetching of addresses people typed: every hop resolved, checked and connected to by the checked IP.

- The host name is resolved once per request; every address it resolves to must be public (not loopback, private,
  link-local, reserved, multicast, unspecified or shared); the connection goes to the address that was checked
  (the URL carries the IP, the Host header and TLS SNI carry the name), so a second DNS answer cannot swap it.
- Redirects are followed by hand, each hop checked the same way, at most ``max_redirects``.
- Connect and read timeouts, an overall deadline per request, size caps (pages, documents).
- Politeness: at most ``host_concurrency`` requests at once to one host, ``host_delay`` seconds apart.
- ``allow_loopback`` (tests only) lets 127.0.0.0/8 and ::1 through; private networks stay refused even then.
Every refusal is a :class:`FetchProblem` with a code and a Russian message.
"""

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

PAGE_LIMIT = 3 * 1024 * 1024
DOCUMENT_LIMIT = 25 * 1024 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class FetchProblem(Exception):
    """A request that was refused or failed; ``code`` is stable, ``message`` is for the officer (Russian)."""

    def __init__(self, code: str, message: str, url: str):
        super().__init__(message)
        self.code, self.message, self.url = code, message, url


@dataclass
class Response:
    url: str  # the final address, after redirects, with the host name (not the IP)
    status: int
    headers: httpx.Headers
    content: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def address_refusal(ip: str, *, allow_loopback: bool = False) -> str | None:
    """Why this address may not be fetched (Russian), or None if it is a public address."""
    address = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return None if allow_loopback else "адрес самого сервера (loopback)"
    if address.is_multicast:
        return "групповой адрес (multicast)"
    if address.is_link_local:
        return "локальный адрес канала (link-local)"
    if address.is_unspecified:
        return "неопределённый адрес"
    if address.is_private:
        return "адрес внутренней сети"
    if address.is_reserved:
        return "зарезервированный адрес"
    if not address.is_global:
        return "адрес не из публичной сети Интернет"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class HostLimiter:
    """Per-host concurrency limit and delay between requests, shared by every thread of the process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Semaphore, list[float]]] = {}

    def slot(self, host: str, concurrency: int, delay: float):
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = (threading.BoundedSemaphore(concurrency), [0.0])
            semaphore, last = self._hosts[host]
        return _HostSlot(semaphore, last, delay, self._lock)


class _HostSlot:
    def __init__(self, semaphore, last, delay, lock):
        self.semaphore, self.last, self.delay, self.lock = semaphore, last, delay, lock

    def __enter__(self):
        self.semaphore.acquire()
        if self.delay:
            with self.lock:
                wait = self.last[0] + self.delay - time.monotonic()
                self.last[0] = max(time.monotonic(), self.last[0] + self.delay)
            if wait > 0:
                time.sleep(wait)

    def __exit__(self, *exc):
        self.semaphore.release()


HOSTS = HostLimiter()

_TLS_CONTEXT = None
_TLS_LOCK = threading.Lock()


def tls_context():
    """One verifying TLS context per process: loading the CA bundle costs more CPU than checking a whole site."""
    global _TLS_CONTEXT
    with _TLS_LOCK:
        if _TLS_CONTEXT is None:
            import ssl

            import certifi

            _TLS_CONTEXT = ssl.create_default_context(cafile=certifi.where())
        return _TLS_CONTEXT


class SafeFetcher:
    def __init__(
        self,
        *,
        user_agent: str,
        allow_loopback: bool = False,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        total_timeout: float = 60.0,
        max_redirects: int = 5,
        page_limit: int = PAGE_LIMIT,
        document_limit: int = DOCUMENT_LIMIT,
        host_delay: float = 0.5,
        host_concurrency: int = 2,
        resolver=system_resolver,
        limiter: HostLimiter = HOSTS,
    ):
        self.user_agent, self.allow_loopback = user_agent, allow_loopback
        self.total_timeout, self.max_redirects = total_timeout, max_redirects
        self.page_limit, self.document_limit = page_limit, document_limit
        self.host_delay, self.host_concurrency = host_delay, host_concurrency
        self.resolver, self.limiter = resolver, limiter
        self.client = httpx.Client(
            follow_redirects=False,
            verify=tls_context(),
            trust_env=False,  # never an environment proxy: the connection must go to the address we checked
            timeout=httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout),
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        )
        self.requests = 0

    def close(self):
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the guard -------------------------------------------------------------------------------------------
    def resolve(self, url: str) -> tuple[str, str, int, str]:
        """(scheme, host, port, ip) of a URL whose every resolved address is allowed; FetchProblem otherwise."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            raise FetchProblem("bad_scheme", f"Адрес {url} — не веб-страница (допустимы только http и https).", url)
        host = (parts.hostname or "").rstrip(".").lower()
        if not host:
            raise FetchProblem("bad_url", f"В адресе {url} нет имени сайта.", url)
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchProblem("bad_url", f"В адресе {url} неверный порт.", url) from None
        if parts.username or parts.password:
            raise FetchProblem("bad_url", f"Адрес {url} содержит логин или пароль: такие адреса не открываются.", url)
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as error:
                raise FetchProblem("dns_failed", f"Имя сайта {host} не найдено в DNS ({error}).", url) from None
        if not addresses:
            raise FetchProblem("dns_failed", f"Имя сайта {host} не найдено в DNS.", url)
        for ip in addresses:
            reason = address_refusal(ip, allow_loopback=self.allow_loopback)
            if reason:
                raise FetchProblem(
                    "address_refused",
                    f"Адрес {url} ведёт на {ip} — {reason}: такие адреса портал не открывает.",
                    url,
                )
        return scheme, host, port, addresses[0]

    # -- requests ----------------------------------------------------------------------------------------------
    def fetch(self, url: str, *, method: str = "GET", document: bool = False) -> Response:
        """One request with redirects followed safely; a body of a non-2xx answer is not read."""
        limit = self.document_limit if document else self.page_limit
        redirects: list[str] = []
        current = url
        deadline = time.monotonic() + self.total_timeout
        while True:
            response = self._one(current, method=method, limit=limit, deadline=deadline)
            if response.status in REDIRECT_STATUSES and response.headers.get("location"):
                if len(redirects) >= self.max_redirects:
                    raise FetchProblem(
                        "too_many_redirects",
                        f"Адрес {url} перенаправляет больше {self.max_redirects} раз: переход остановлен.",
                        url,
                    )
                redirects.append(current)
                current = urljoin(current, response.headers["location"].strip())
                if method == "POST":
                    method = "GET"
                continue
            response.redirects = redirects
            return response

    def _one(self, url: str, *, method: str, limit: int, deadline: float) -> Response:
        scheme, host, port, ip = self.resolve(url)
        parts = urlsplit(url)
        ip_host = f"[{ip}]" if ":" in ip else ip
        default_port = 443 if scheme == "https" else 80
        netloc = ip_host if port == default_port else f"{ip_host}:{port}"
        target = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
        host_header = host if port == default_port else f"{host}:{port}"
        headers = {"Host": host_header, "User-Agent": self.user_agent, "Accept": "*/*", "Accept-Language": "ru"}
        extensions = {"sni_hostname": host} if scheme == "https" else {}
        with self.limiter.slot(host_header, self.host_concurrency, self.host_delay):
            self.requests += 1
            try:
                request = self.client.build_request(method, target, headers=headers, extensions=extensions)
                stream = self.client.send(request, stream=True)
            except httpx.TimeoutException:
                raise FetchProblem("timeout", f"Сайт не ответил вовремя: {url}.", url) from None
            except httpx.HTTPError as error:
                raise FetchProblem("connect_failed", f"Не удалось соединиться с {url}: {error}.", url) from None
            try:
                response = Response(url=url, status=stream.status_code, headers=stream.headers)
                if method == "HEAD" or not (200 <= stream.status_code < 300):
                    return response
                declared = stream.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchProblem("too_large", _too_large(url, limit), url)
                chunks, size = [], 0
                for chunk in stream.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchProblem("too_large", _too_large(url, limit), url)
                    if time.monotonic() > deadline:
                        raise FetchProblem("timeout", f"Сайт отдаёт {url} слишком долго: загрузка остановлена.", url)
                    chunks.append(chunk)
                response.content = b"".join(chunks)
                return response
            except httpx.TimeoutException:
                raise FetchProblem("timeout", f"Сайт не ответил вовремя: {url}.", url) from None
            except httpx.HTTPError as error:
                raise FetchProblem("connect_failed", f"Ошибка при загрузке {url}: {error}.", url) from None
            finally:
                stream.close()


def _too_large(url: str, limit: int) -> str:
    size = f"{limit // (1024 * 1024)} МБ" if limit >= 1024 * 1024 else f"{max(limit // 1024, 1)} КБ"
    return f"Файл {url} больше {size}: не загружен."
