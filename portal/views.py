"""Cross-app pages (the top layer): the dashboard reads roadmaps, schools and monitoring together."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from monitoring import selectors as monitoring
from monitoring.selectors.municipality_tasks import municipality_tasks_open
from portal import dashboard_rows
from portal.notifications.services import notify_overdue_tasks
from roadmaps import selectors as roadmaps
from core.clock import local_today
from schools.acts.selectors import latest_acts_for_school
from schools.models import ReviewState
from schools.roles import user_scope
from schools.selectors import schools_visible_to
from schools.versions import cached_block, once_per_version

DASHBOARD_LIST_LIMIT = 15
DASHBOARD_ROADMAPS = 10


@login_not_required
@require_GET
@cache_control(max_age=24 * 60 * 60, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for on pages without ``<link rel="icon">`` (the admin's): the portal's own
    icon under its static (hashed) name — a redirect, so the icon is stored once, with the other static files."""
    return HttpResponseRedirect(static("img/favicon.ico"))


@require_GET
def dashboard(request):
    user, today = request.user, local_today()
    scope = user_scope(user)
    if scope.is_school_head:
        # The bell tells the head what became overdue: only a new day or a write can make more tasks overdue.
        once_per_version("overdue_told", user, lambda: notify_overdue_tasks(user=user, today=today), today, user.pk)
    # The scope's blocks are counted once per data version (every write below the scope raises it).
    context = cached_block("dashboard", user, lambda: _overview(user, scope, today), today)
    context["head"] = (
        cached_block("dashboard_head", user, lambda: _head_block(user, scope, today), today)
        if scope.is_school_head else None
    )
    return render(request, "roadmaps/dashboard.html", context)


def _overview(user, scope, today) -> dict:
    """Everything the dashboard shows of the user's scope (all but the head's own school block)."""
    # At regional and national scale the dashboard shows the first roadmaps and links to the paged list.
    items = roadmaps.roadmaps_with_progress(user, today=today, limit=DASHBOARD_ROADMAPS + 1)
    total = roadmaps.progress_in_scope(user, today=today)
    tasks_due_soon = monitoring.due_soon_count(user, today=today)
    overdue = list(roadmaps.items_overdue(user, today=today)[:DASHBOARD_LIST_LIMIT])
    due_soon = list(roadmaps.items_due_soon(user, today=today)[:DASHBOARD_LIST_LIMIT])
    due_soon_tasks = monitoring.due_soon_by_source(user, today=today, limit=DASHBOARD_LIST_LIMIT)
    compliance = monitoring.dashboard_compliance(user, today=today)
    if not scope.is_school_head:
        compliance["worst_rows"] = dashboard_rows.worst_school_rows(compliance["worst_schools"])
        compliance["overdue_rows"] = dashboard_rows.overdue_item_rows(compliance["overdue_items"])
    return {
        "today": today,
        "roadmaps": items[:DASHBOARD_ROADMAPS],
        "roadmap_cards": dashboard_rows.roadmap_cards(items[:DASHBOARD_ROADMAPS]),
        "more_roadmaps": len(items) > DASHBOARD_ROADMAPS,
        "total": total,
        "overdue": overdue,
        "overdue_rows": dashboard_rows.item_rows(overdue, "Просроченных мероприятий нет."),
        "due_soon": due_soon,
        "due_soon_rows": dashboard_rows.item_rows(due_soon, "В ближайшие 30 дней сроков мероприятий нет."),
        "due_soon_days": roadmaps.DUE_SOON_DAYS,
        "due_soon_tasks": due_soon_tasks,
        "due_soon_task_rows": dashboard_rows.due_soon_task_rows(due_soon_tasks),
        "due_soon_tasks_count": tasks_due_soon,
        "due_soon_count": total.due_soon + tasks_due_soon,
        "compliance": compliance,
        "late_tasks_count": monitoring.tasks_awaiting_due_date(user).count() if scope.is_municipal or scope.is_admin else 0,
        # what the officer's municipality owes its region (regional orders' «все МОУО» items and clauses)
        "region_tasks": municipality_tasks_open(user, today) if scope.is_municipal else None,
    }


def _head_block(user, scope, today) -> dict | None:
    """A head's own school first: what it owes and by when, and what came back with remarks."""
    school = schools_visible_to(user).filter(pk=scope.school_id).first()
    if school is None:
        return None
    tasks = monitoring.head_open_tasks(user, school, today=today)
    return {
        "school": school,
        "tasks": tasks,
        "task_rows": dashboard_rows.head_task_rows(tasks),
        # Fewer than a full list: the list is every open task, no need to count them again.
        "tasks_count": (
            len(tasks) if len(tasks) < monitoring.HEAD_TASKS_LIMIT else monitoring.head_open_tasks_count(user, school)
        ),
        "remarked_tasks": [task for task in tasks if task.has_remark],
        "returned_acts": [row for row in latest_acts_for_school(school) if row.state == ReviewState.RETURNED],
    }
