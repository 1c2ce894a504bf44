"""What a municipality owes its region under regional orders: the list and a task's page (thin)."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import evidence
from core.clock import local_today
from core.listing import page_of
from core.roundtrip import form_round_trip
from schools import access
from schools.access import OFFICER_LEVELS

from ..forms import TaskStatusForm
from ..selectors import municipality_tasks as selectors
from ..services.municipality_tasks import municipality_task_set_status, municipality_task_statuses

PAGE_SIZE = 50


@require_GET
def municipality_tasks(request):
    """The officer's municipality's tasks (a region's or the country's officers: every municipality's they see)."""
    if not access.may_act_at(request.user, levels=OFFICER_LEVELS):
        raise PermissionDenied("Задачи МОУО по региональным приказам доступны специалистам органов управления.")
    page = page_of(request, selectors.municipality_tasks_for_list(request.user), PAGE_SIZE)
    today = local_today()
    page.object_list = selectors.with_compliance(page.object_list, today)
    return render(request, "monitoring/municipality_tasks.html", {"page": page, "today": today})


def _status_form(request, data=None, files=None, initial=None):
    # Only the statuses the user may set; the service enforces the same rule.
    return TaskStatusForm(data, files, initial=initial, statuses=municipality_task_statuses(request.user))


def _task_page(request, pk: int, *, status_form=None, status=200):
    task = selectors.municipality_task_for_page(request.user, pk, local_today())
    context = {
        "task": task,
        "history": selectors.municipality_task_history(task),
        "can_change": selectors.can_change_municipality_task(request.user, task),
        "status_form": status_form or _status_form(request, initial={"status": task.status, "version": task.version}),
    }
    return render(request, "monitoring/municipality_task_detail.html", context, status=status)


@require_GET
def municipality_task_detail(request, pk: int):
    return _task_page(request, pk)


@require_POST
def municipality_task_status(request, pk: int):
    task = get_object_or_404(selectors.municipality_tasks_visible_to(request.user), pk=pk)
    if not selectors.can_change_municipality_task(request.user, task):
        raise PermissionDenied("Отмечать задачу могут специалисты её муниципалитета.")

    def conflict_page(data):
        fresh = selectors.municipality_task_for_page(request.user, pk, local_today())
        form = _status_form(request, initial={**data, "evidence_file": None, "version": fresh.version})
        return _task_page(request, pk, status_form=form, status=409)

    return form_round_trip(
        request, _status_form(request, request.POST, request.FILES),
        save=lambda data: municipality_task_set_status(
            task=task, user=request.user, status=data["status"], expected_version=data["version"],
            comment=data["comment"], evidence_file=data["evidence_file"], evidence_url=data["evidence_url"],
            done_on=data["done_on"],
        ),
        page=lambda bound, status: _task_page(request, pk, status_form=bound, status=status),
        conflict_page=conflict_page,
        success="Сохранено.", redirect_to=reverse("monitoring:municipality_task_detail", args=[task.pk]),
    )


@require_GET
def municipality_task_evidence(request, pk: int):
    return evidence.evidence_download(selectors.municipality_task_events_visible_to(request.user), pk)
