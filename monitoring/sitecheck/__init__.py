"""The website checker: reads a school site the way an officer would, safely. No database access here."""

from django.conf import settings

from .checker import DEFAULT_APPROVED_AFTER, Document, Problem, SiteResult, check_site
from .fetch import FetchProblem, SafeFetcher


def portal_fetcher(*, allow_private: bool | None = None, **options) -> SafeFetcher:
    """A fetcher configured from the settings (User-Agent, politeness, the loopback switch for tests)."""
    allow = settings.SITECHECK_ALLOW_PRIVATE if allow_private is None else allow_private
    if allow and getattr(settings, "PRODUCTION", False):
        raise FetchProblem("allow_private_refused", "Проверка внутренних адресов запрещена в рабочем режиме.", "")
    options.setdefault("host_delay", settings.SITECHECK_HOST_DELAY)
    options.setdefault("connect_timeout", getattr(settings, "SITECHECK_CONNECT_TIMEOUT", 5.0))
    options.setdefault("read_timeout", getattr(settings, "SITECHECK_READ_TIMEOUT", 15.0))
    return SafeFetcher(user_agent=settings.SITECHECK_USER_AGENT, allow_loopback=allow, **options)


__all__ = [
    "DEFAULT_APPROVED_AFTER", "Document", "FetchProblem", "Problem", "SafeFetcher", "SiteResult", "check_site",
    "portal_fetcher",
]
