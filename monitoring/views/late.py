"""Tasks a school got after their deadline had passed: the officer picks a due date or «не применяется»."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.concurrency import EditConflict
from core.query import page_number
from schools.roles import user_scope

from .. import selectors
from ..forms import LateTaskDecisionForm
from ..services import school_task_decide_late

PAGE_SIZE = 50


def _officer_only(user) -> None:
    scope = user_scope(user)
    if not (scope.is_admin or scope.is_municipal):
        raise PermissionDenied("Сроки для новых школ выбирает специалист муниципалитета.")


def _page(request, *, form=None, form_task_pk=None, status=200):
    page = Paginator(selectors.tasks_awaiting_due_date(request.user), PAGE_SIZE).get_page(page_number(request))
    for task in page:
        bound = form is not None and task.pk == form_task_pk
        task.form = form if bound else LateTaskDecisionForm(initial={"decision": "due_date", "version": task.version},
                                                           auto_id=f"id_{task.pk}_%s")
    return render(request, "monitoring/late_tasks.html", {"page": page}, status=status)


@require_GET
def late_tasks(request):
    _officer_only(request.user)
    return _page(request)


@require_POST
def task_decide_late(request, pk: int):
    _officer_only(request.user)
    task = get_object_or_404(selectors.tasks_awaiting_due_date(request.user), pk=pk)
    form = LateTaskDecisionForm(request.POST, auto_id=f"id_{task.pk}_%s")
    if not form.is_valid():
        return _page(request, form=form, form_task_pk=task.pk, status=400)
    data = form.cleaned_data
    try:
        school_task_decide_late(
            task=task, user=request.user, expected_version=data["version"],
            due_date=data["due_date"] if data["decision"] == "due_date" else None,
            not_applicable=data["decision"] == "not_applicable", comment=data["comment"],
        )
    except EditConflict as conflict:
        messages.error(request, str(conflict))
        return redirect("monitoring:late_tasks")
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _page(request, form=form, form_task_pk=task.pk, status=400)
    if data["decision"] == "due_date":
        messages.success(request, f"{task.school.short_name}: срок {data['due_date']:%d.%m.%Y} назначен.")
    else:
        messages.success(request, f"{task.school.short_name}: задача отмечена как неприменимая.")
    return redirect("monitoring:late_tasks")
