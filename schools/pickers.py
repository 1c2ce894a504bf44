"""Searchable pickers: small JSON endpoints behind the «начните вводить название» fields (static/js/picker.js).

Each answers ``?q=text`` with at most ``PICKER_LIMIT`` matches inside the user's scope, so a filter never
renders a select with thousands of options.
"""
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from core.query import search_text

from .selectors import municipalities_visible_to, schools_visible_to

PICKER_LIMIT = 20
MIN_QUERY = 1


def picker_response(request, matches: Callable[[str], QuerySet], row: Callable[[Any], dict]) -> JsonResponse:
    """A picker's answer to ``?q=``: the first ``PICKER_LIMIT`` of ``matches(q)`` (already within the user's
    scope and ordered), each as ``row(match)`` — ``{"id": ..., "label": ...}``; nothing for a shorter query."""
    q = search_text(request)
    found = matches(q)[:PICKER_LIMIT] if len(q) >= MIN_QUERY else ()
    return JsonResponse({"results": [row(match) for match in found]})


@require_GET
def school_picker(request):
    """Active schools the user may see whose short or full name contains ``q``."""
    return picker_response(
        request,
        lambda q: schools_visible_to(request.user).filter(is_active=True)
        .filter(Q(short_name__icontains=q) | Q(full_name__icontains=q))
        .order_by("short_name", "pk").values("pk", "short_name", "municipality__short_name"),
        lambda s: {"id": s["pk"], "label": f"{s['short_name']} ({s['municipality__short_name']})"},
    )


@require_GET
def municipality_picker(request):
    """Municipalities the user may see whose name contains ``q``."""
    return picker_response(
        request,
        lambda q: municipalities_visible_to(request.user).filter(Q(short_name__icontains=q) | Q(name__icontains=q))
        .order_by("short_name", "pk").values("pk", "short_name"),
        lambda m: {"id": m["pk"], "label": m["short_name"]},
    )


def school_label(school) -> str:
    return f"{school.short_name} ({school.municipality.short_name})" if school else ""
