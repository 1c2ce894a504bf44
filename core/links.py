"""Links to many objects of one kind on a page: the URL pattern is reversed once, then filled with each pk.

``reverse()`` walks the URL resolver on every call (over a hundred microseconds in this project); a list page
with two links a row spent more on reversing than on its queries.

    act_url = pk_url("schools:act_version")
    act_url(version.pk)  # "/schools/acts/versions/42/"
"""
from collections.abc import Callable

from django.urls import reverse

_MARKER = 2_147_483_647  # a number no path holds elsewhere; it stands for the pk in the reversed URL


def pk_url(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for any ``pk``, with the resolver asked once (the route's only argument is
    an integer pk)."""
    prefix, suffix = reverse(name, args=[_MARKER]).split(str(_MARKER))
    return lambda pk: f"{prefix}{int(pk)}{suffix}"
