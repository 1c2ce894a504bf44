"""Searchable pickers: small JSON endpoints behind the «начните вводить название» fields (static/js/picker.js).

Each answers ``?q=text`` with at most ``PICKER_LIMIT`` matches inside the user's scope, so a filter never
renders a select with thousands of options.
"""
from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from core.query import search_text

from .selectors import municipalities_visible_to, schools_visible_to

PICKER_LIMIT = 20
MIN_QUERY = 1


def _q(request) -> str:
    return search_text(request)


@require_GET
def school_picker(request):
    """Active schools the user may see whose short or full name contains ``q``."""
    q = _q(request)
    results = []
    if len(q) >= MIN_QUERY:
        schools = (
            schools_visible_to(request.user)
            .filter(is_active=True)
            .filter(Q(short_name__icontains=q) | Q(full_name__icontains=q))
            .order_by("short_name", "pk")
            .values("pk", "short_name", "municipality__short_name")[:PICKER_LIMIT]
        )
        results = [
            {"id": s["pk"], "label": f"{s['short_name']} ({s['municipality__short_name']})"} for s in schools
        ]
    return JsonResponse({"results": results})


@require_GET
def municipality_picker(request):
    """Municipalities the user may see whose name contains ``q``."""
    q = _q(request)
    results = []
    if len(q) >= MIN_QUERY:
        municipalities = (
            municipalities_visible_to(request.user)
            .filter(Q(short_name__icontains=q) | Q(name__icontains=q))
            .order_by("short_name", "pk")
            .values("pk", "short_name")[:PICKER_LIMIT]
        )
        results = [{"id": m["pk"], "label": m["short_name"]} for m in municipalities]
    return JsonResponse({"results": results})


def school_label(school) -> str:
    return f"{school.short_name} ({school.municipality.short_name})" if school else ""
