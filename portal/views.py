"""Cross-app pages: the dashboard reads roadmaps and monitoring, so it lives above both."""
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.clock import local_today
from monitoring.selectors import dashboard_compliance
from roadmaps import selectors

DASHBOARD_LIST_LIMIT = 15
DASHBOARD_ROADMAPS = 10


@require_GET
def dashboard(request):
    today = local_today()
    # At regional and national scale the dashboard shows the first roadmaps and links to the paged list.
    roadmaps = selectors.roadmaps_with_progress(request.user, today=today, limit=DASHBOARD_ROADMAPS + 1)
    context = {
        "today": today,
        "roadmaps": roadmaps[:DASHBOARD_ROADMAPS],
        "more_roadmaps": len(roadmaps) > DASHBOARD_ROADMAPS,
        "total": selectors.progress_in_scope(request.user, today=today),
        "overdue": list(selectors.items_overdue(request.user, today=today)[:DASHBOARD_LIST_LIMIT]),
        "due_soon": list(selectors.items_due_soon(request.user, today=today)[:DASHBOARD_LIST_LIMIT]),
        "due_soon_days": selectors.DUE_SOON_DAYS,
        "compliance": dashboard_compliance(request.user, today=today),
    }
    return render(request, "roadmaps/dashboard.html", context)
