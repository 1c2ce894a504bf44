"""The school cabinet and the per-school task page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.views.decorators.http import require_GET, require_POST

from core.clock import local_today
from core.links import pk_url
from core.roundtrip import form_round_trip
from core import evidence
from core.text import truncate_chars
from monitoring.templatetags.monitoring_tags import compliance_badge
from roadmaps.templatetags.roadmap_tags import status_badge
from schools.roles import user_scope
from schools.selectors import schools_visible_to
from schools.versions import render_cached

from .. import selectors
from ..forms import TaskExtendForm, TaskStatusForm
from ..services import HEAD_STATUSES, school_task_extend, school_task_set_status

ACTS_BLOCK = "schools/acts/_cabinet_block.html"


def _acts_block(school) -> dict:
    """The schools app's local-acts block (its template and rows), when that app provides one."""
    try:
        get_template(ACTS_BLOCK)
        from schools.acts.selectors import latest_acts_for_school
    except (TemplateDoesNotExist, ImportError):
        return {"acts_block": None}
    return {"acts_block": ACTS_BLOCK, "acts": latest_acts_for_school(school)}


@require_GET
def cabinet(request):
    """A school head's own cabinet; other roles pick a school from the matrix."""
    scope = user_scope(request.user)
    if scope.is_school_head:
        return _cabinet_page(request, get_object_or_404(schools_visible_to(request.user), pk=scope.school_id))
    if scope.role is None:
        raise PermissionDenied("Кабинет школы доступен руководителю ОО.")
    return redirect("monitoring:compliance_matrix")


@require_GET
def school_cabinet(request, pk: int):
    return _cabinet_page(request, get_object_or_404(schools_visible_to(request.user), pk=pk))


def _cabinet_page(request, school):
    # The school's part is read once per data version (a task, a remark, an act or a check of it raises it).
    return render_cached(request, "monitoring/cabinet.html", lambda: _cabinet_context(request, school), school=school,
                         is_own_school=user_scope(request.user).school_id == school.pk)


def _cabinet_context(request, school) -> dict:
    today = local_today()
    tasks = list(selectors.cabinet_tasks(request.user, school, today=today))
    task_url = pk_url("monitoring:task_detail")
    for task in tasks:
        task.school, task.url = school, task_url(task.pk)
    is_own_school = user_scope(request.user).school_id == school.pk
    context = {
        "school": school,
        "today": today,
        "tasks": tasks,
        "task_rows": _task_rows_html(tasks, is_own_school=is_own_school),
        "totals": selectors.totals_of_tasks(tasks),
        "checks": selectors.school_checks(request.user, school),
        **_acts_block(school),
        "is_own_school": is_own_school,
    }
    return context


def _d(value) -> str:
    """``{{ value|date:"d.m.Y" }}`` (a datetime in the local zone, as the template's filter shows it)."""
    return f"{template_localtime(value):%d.%m.%Y}" if value else ""


def _remark_cell(remarks: list[dict]) -> str:
    if not remarks:
        return "—"
    remark = remarks[0]
    more = f" · ещё {len(remarks) - 1}" if len(remarks) > 1 else ""
    return (f'{escape(truncate_chars(remark["comment"], 160))}<div class="small-muted">{escape(remark["author_name"])}, '
            f"{_d(remark['created_at'])}{more}</div>")


def _task_rows_html(tasks, *, is_own_school: bool) -> str:
    """The rows of the cabinet's task table, written here once per task rather than through some thirty template
    lookups, tags and filters per row (the markup the template wrote before). Every text from the database is
    escaped."""
    rows = []
    for task in tasks:
        overdue = task.compliance == "overdue"
        year = f'<div class="small-muted">{escape(task.item.roadmap.academic_year_label)}</div>' if task.item_id else ""
        if task.due_date:
            due = _d(task.due_date)
        elif task.due_date_pending:
            due = '<span class="badge text-bg-warning">срок выбирает МОУО</span>'
        else:
            due = "без срока"
        if task.due_date_extended:
            due += '<div><span class="badge text-bg-light border">продлён</span></div>'
        mark = (' <span class="text-danger fw-semibold" title="Срок прошёл, задача не выполнена">!</span>'
                if overdue else "")
        to_mark = task.status != "done" and is_own_school
        button = (f'<a class="btn btn-sm {"btn-primary" if to_mark else "btn-outline-secondary"}" '
                  f'href="{escape(task.url)}">{"Отметить" if to_mark else "Открыть"}</a>')
        rows.append(
            f'<tr class="{"row-overdue" if overdue else ""}" data-task="{task.pk}">'
            f'<td class="small task-source">{escape(task.source_label)}{year}</td>'
            f"<td>{escape(truncate_chars(task.activity, 170))}</td>"
            f'<td class="deadline-phrase">{escape(task.deadline_text or "—")}</td>'
            f'<td class="text-nowrap">{due}</td>'
            f"<td>{status_badge(task.status)}</td>"
            f"<td>{compliance_badge(task.compliance)}{mark}</td>"
            f'<td class="text-nowrap">{_d(task.done_at) or "—"}</td>'
            f'<td class="small">{_remark_cell(task.remarks)}</td>'
            f'<td class="text-nowrap">{button}</td></tr>'
        )
    return mark_safe("\n".join(rows))


def _status_form(request, task, data=None, files=None, initial=None):
    # A head is offered only the statuses they may set; the service enforces the same rule.
    statuses = HEAD_STATUSES if user_scope(request.user).is_school_head else None
    return TaskStatusForm(data, files, initial=initial, statuses=statuses)


def _task_page(request, task, *, status_form=None, extend_form=None, status=200):
    can_change = selectors.can_change_task(request.user, task)
    scope = user_scope(request.user)
    context = {
        "task": task,
        "school": task.school,
        "history": selectors.task_history(task),
        "can_change": can_change,
        "can_extend": can_change and not scope.is_school_head,
        "status_form": status_form
        or _status_form(request, task, initial={"status": task.status, "version": task.version}),
        "extend_form": extend_form or TaskExtendForm(initial={"due_date": task.due_date, "version": task.version}),
    }
    return render(request, "monitoring/task_detail.html", context, status=status)


@require_GET
def task_detail(request, pk: int):
    return _task_page(request, selectors.task_for_page(request.user, pk))


def _changeable_task(request, pk: int):
    """The task as a plain row (enough to change it; a page re-reads it for display): 404 outside the user's
    scope, 403 where they may only read it."""
    task = get_object_or_404(selectors.school_tasks_visible_to(request.user), pk=pk)
    if not selectors.can_change_task(request.user, task):
        raise PermissionDenied("Нет прав на изменение этой задачи.")
    return task


@require_POST
def task_status(request, pk: int):
    task = _changeable_task(request, pk)
    form = _status_form(request, task, request.POST, request.FILES)

    def conflict_page(data):
        fresh = selectors.task_for_page(request.user, pk)
        fresh_form = _status_form(request, fresh, initial={**data, "evidence_file": None, "version": fresh.version})
        return _task_page(request, fresh, status_form=fresh_form, status=409)

    return form_round_trip(
        request, form,
        save=lambda data: school_task_set_status(
            task=task, user=request.user, status=data["status"], expected_version=data["version"],
            comment=data["comment"], evidence_file=data["evidence_file"], evidence_url=data["evidence_url"],
            done_on=data["done_on"],
        ),
        page=lambda bound, status: _task_page(
            request, selectors.task_for_page(request.user, pk), status_form=bound, status=status
        ),
        conflict_page=conflict_page,
        success="Сохранено.", redirect_to=reverse("monitoring:task_detail", args=[task.pk]),
    )


@require_POST
def task_extend(request, pk: int):
    task = _changeable_task(request, pk)
    if user_scope(request.user).is_school_head:
        raise PermissionDenied("Продлить срок может только специалист муниципалитета.")
    return form_round_trip(
        request, TaskExtendForm(request.POST),
        save=lambda data: school_task_extend(
            task=task, user=request.user, due_date=data["due_date"], expected_version=data["version"],
            comment=data["comment"],
        ),
        page=lambda bound, status: _task_page(
            request, selectors.task_for_page(request.user, pk), extend_form=bound, status=status,
        ),
        success="Срок для школы изменён.", redirect_to=reverse("monitoring:task_detail", args=[task.pk]),
    )


@require_GET
def task_evidence(request, pk: int):
    return evidence.evidence_download(selectors.task_events_visible_to(request.user), pk)
