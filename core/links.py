"""Links to many objects of one kind on a page: the URL pattern is reversed once, then filled with each pk.

``reverse()`` walks the URL resolver on every call (over a hundred microseconds in this project); a list page
with two links a row spent more on reversing than on its queries.

    act_url = pk_url("schools:act_version")
    act_url(version.pk)  # "/schools/acts/versions/42/"
    pk_url_format("monitoring:website_check_edit", campaign.pk)  # "/monitoring/campaigns/7/schools/{}/"

Templates use the filter of the same name (``{{ school.pk|pk_url:"monitoring:school_cabinet" }}``, monitoring_tags),
which goes through this module.
"""
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = 2_147_483_647  # a number no path holds elsewhere; it stands for the pk in the reversed URL


@lru_cache(maxsize=256)
def _around_pk(name: str, leading: tuple, script_prefix: str, urlconf: str) -> tuple[str, str]:
    prefix, suffix = reverse(name, args=[*leading, _MARKER], urlconf=urlconf).split(str(_MARKER))
    return prefix, suffix


def _parts(name: str, leading: tuple) -> tuple[str, str]:
    return _around_pk(name, leading, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def pk_url(name: str, *leading) -> Callable[[int], str]:
    """``reverse(name, args=[*leading, pk])`` for any ``pk``, with the resolver asked once per URL name (the
    route's last argument is an integer pk)."""
    prefix, suffix = _parts(name, leading)
    return lambda pk: f"{prefix}{int(pk)}{suffix}"


def pk_url_format(name: str, *leading) -> str:
    """The same URL as a ``str.format`` pattern with ``{}`` where the pk goes (for row writers)."""
    prefix, suffix = _parts(name, leading)
    return prefix.replace("{", "{{").replace("}", "}}") + "{}" + suffix.replace("{", "{{").replace("}", "}}")
