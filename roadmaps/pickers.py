"""The roadmap picker: roadmaps the user may see whose municipality's name contains ``?q=`` (static/js/picker.js)."""
from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .selectors import roadmaps_visible_to

PICKER_LIMIT = 20


def roadmap_label(roadmap) -> str:
    return f"{roadmap.municipality.short_name}: {roadmap.academic_year_label}" if roadmap else ""


@require_GET
def roadmap_picker(request):
    q = (request.GET.get("q") or "").strip()[:100]
    results = []
    if q:
        roadmaps = (
            roadmaps_visible_to(request.user)
            .filter(Q(municipality__short_name__icontains=q) | Q(municipality__name__icontains=q))
            .order_by("municipality__short_name", "-academic_year", "pk")[:PICKER_LIMIT]
        )
        results = [{"id": r.pk, "label": roadmap_label(r)} for r in roadmaps]
    return JsonResponse({"results": results})
