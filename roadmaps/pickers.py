"""The roadmap picker: roadmaps the user may see whose owner's name — the municipality, or the region of a regional
roadmap — contains ``?q=`` (static/js/picker.js)."""
from django.db.models import Q
from django.views.decorators.http import require_GET

from schools.pickers import picker_response

from .selectors import roadmaps_visible_to


def roadmap_label(roadmap) -> str:
    """Two roadmaps of one year are told apart by their orders."""
    if not roadmap:
        return ""
    order = roadmap.order
    suffix = f" (приказ № {order.number} от {order.date:%d.%m.%Y})" if order else ""
    return f"{roadmap.owner}: {roadmap.academic_year_label}{suffix}"


@require_GET
def roadmap_picker(request):
    return picker_response(
        request,
        lambda q: roadmaps_visible_to(request.user).select_related("municipality", "region", "order")
        .filter(Q(municipality__short_name__icontains=q) | Q(municipality__name__icontains=q)
                | Q(municipality__isnull=True, region__name__icontains=q))
        .order_by("municipality__short_name", "-academic_year", "pk"),
        lambda r: {"id": r.pk, "label": roadmap_label(r)},
    )
