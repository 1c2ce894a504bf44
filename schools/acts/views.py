"""Pages of local acts: the school's acts, the officers' review queue, a version with its review, the download."""
from html import escape as escape_html

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET, require_POST

from core.links import pk_url
from core.listing import sort_from
from core.query import page_number
from core.roundtrip import add_errors, form_round_trip
from core.uploads import private_file_response
from core.xlsx import xlsx_response
from core.text import truncate_chars

from ..models import ReviewState
from ..pickers import school_label
from .. import access
from ..access import OFFICER_LEVELS
from ..roles import user_scope
from ..selectors import schools_visible_to
from ..versions import render_cached
from . import selectors
from .forms import ActUploadForm, RegisterFilterForm, ReviewForm
from .reports import acts_report_filename, acts_report_write
from .services import local_act_review, local_act_submit


@require_GET
def my_acts(request):
    """A school head's own acts; officers are sent to the review queue."""
    scope = user_scope(request.user)
    if scope.is_school_head:
        return redirect("schools:school_acts", school_pk=scope.school_id)
    if access.may_act_at(request.user, levels=OFFICER_LEVELS):
        return redirect("schools:review_queue")
    raise PermissionDenied("Раздел доступен руководителю ОО.")


def _school_page(request, school, *, bound_form=None, status=200):
    can_submit = selectors.local_act_schools_submittable_by(request.user).filter(pk=school.pk).exists()
    blocks = selectors.school_acts(school)
    for block in blocks:
        if can_submit and block.kind.is_active:
            is_bound = bound_form is not None and bound_form.kind.pk == block.kind.pk
            block.form = bound_form if is_bound else ActUploadForm(kind=block.kind)
            block.form_open = is_bound or block.latest is None or block.latest.state == ReviewState.RETURNED
    context = {
        "school": school,
        "blocks": blocks,
        "can_submit": can_submit,
        "is_own_school": user_scope(request.user).school_id == school.pk,
    }
    return render(request, "schools/acts/school_acts.html", context, status=status)


@require_GET
def school_acts(request, school_pk: int):
    return _school_page(request, get_object_or_404(schools_visible_to(request.user), pk=school_pk))


@require_POST
def act_upload(request, school_pk: int, kind_code: str):
    school = get_object_or_404(schools_visible_to(request.user), pk=school_pk)
    if not selectors.local_act_schools_submittable_by(request.user).filter(pk=school.pk).exists():
        raise PermissionDenied("Загружать локальные акты школы может её руководитель.")
    kind = get_object_or_404(selectors.act_kinds_for_upload(), code=kind_code)
    form = ActUploadForm(request.POST, request.FILES, kind=kind)
    if not form.is_valid():
        return _school_page(request, school, bound_form=form, status=400)
    data = form.cleaned_data
    try:
        version = local_act_submit(
            school=school, kind=kind, file=data["file"], approval_number=data["approval_number"],
            approval_date=data["approval_date"], published_url=data["published_url"], comment=data["comment"],
            user=request.user,
        )
    except ValidationError as error:
        add_errors(form, error)
        return _school_page(request, school, bound_form=form, status=400)
    messages.success(request, f"«{kind.name}»: версия {version.number} загружена и отправлена на проверку.")
    return redirect(reverse("schools:school_acts", args=[school.pk]) + f"#kind-{kind.code}")


def _register_form(request, denied: str, *, kinds: list | None = None) -> RegisterFilterForm:
    """The register's filters from the query, for officers only; opened without filters, the queue shows what waits
    for review. ``kinds``: the active kinds already read (the options of the kind filter), if the page has them."""
    if not access.may_act_at(request.user, levels=OFFICER_LEVELS):
        raise PermissionDenied(denied)
    schools = schools_visible_to(request.user).filter(is_active=True)
    data = request.GET if "state" in request.GET else {**request.GET.dict(), "state": "pending"}
    return RegisterFilterForm(data, kinds=selectors.act_kinds_for_upload(), schools=schools, kind_options=kinds)


# One row of the review queue (schools/acts/review_queue.html holds the table around it). A page has up to a
# hundred rows of seven cells: built here, every value passed through html.escape, they cost a few microseconds
# each, where template variables, filters, includes and {% url %} per cell cost more than the page's queries.
_DIVIDER = '<tr class="table-group-divider"></tr>'
_NO_VERSION = '<td class="text-nowrap">—</td><td class="text-nowrap">—</td>'


def _queue_rows(register, *, can_review: bool) -> str:
    """The register's rows as one piece of HTML ("" without rows), each value formatted once (dates as дд.мм.гггг
    in the portal's time zone)."""
    e = escape_html
    kinds = {kind.pk: (e(kind.code), e(kind.name), e(truncate_chars(kind.name, 75))) for kind in register.kinds}
    school_url, version_url = pk_url("schools:school_acts"), pk_url("schools:act_version")
    rows, previous_school = [], None
    for row in register.rows:
        school, v = row.school, row.version
        code, name, short = kinds.get(row.kind.pk) or (e(row.kind.code), e(row.kind.name), e(row.kind.name))
        first = school.pk != previous_school
        previous_school = school.pk
        school_cell = (
            f'<a href="{school_url(school.pk)}">{e(school.short_name)}</a>'
            f'<div class="small-muted">{e(school.municipality_name)}</div>'
        ) if first else ""
        if v is None:
            version_cells, remarks, action = _NO_VERSION, "", ""
        else:
            version_cells = (
                f'<td class="text-nowrap">№ {v.number}<div class="small-muted">'
                f'{localtime(v.uploaded_at):%d.%m.%Y}</div></td>'
                f'<td class="text-nowrap">№ {e(v.approval_number)} от {v.approval_date:%d.%m.%Y}</td>'
            )
            remarks = e(truncate_chars(v.remarks, 100)) if v.remarks else ""
            check = can_review and v.state == ReviewState.PENDING
            button, label = ("btn-primary", "Проверить") if check else ("btn-outline-secondary", "Открыть")
            action = f'<a class="btn btn-sm {button}" href="{version_url(v.pk)}">{label}</a>'
        rows.append(
            f'{_DIVIDER if first and rows else ""}'
            f'<tr data-school="{school.pk}" data-kind="{code}" data-state="{e(row.state)}"><td>{school_cell}</td>'
            f'<td class="small" title="{name}">{short}</td>{version_cells}'
            f'<td><span class="badge text-bg-{e(row.state_badge)} act-state">{e(row.state_label)}</span></td>'
            f'<td class="small">{remarks}</td><td class="text-nowrap">{action}</td></tr>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 — every value is escaped above


@require_GET
def review_queue(request):
    kinds = list(selectors.act_kinds_for_upload())  # the filter's options and the register's columns: read once
    form = _register_form(request, "Проверка актов доступна специалистам органов управления образованием.", kinds=kinds)
    # The queue is read once per data version of the scope (an upload or a review raises it).
    return render_cached(request, "schools/acts/review_queue.html", lambda: _review_queue_context(request, form, kinds))


def _review_queue_context(request, form, kinds) -> dict:
    sort = sort_from(request, {"school": "Школа", "municipality": "Муниципалитет"}, default="municipality")
    register = selectors.acts_register(
        request.user, form.to_filters(), page_number=page_number(request),
        order_by=sort.order_by(selectors.REGISTER_ORDERINGS), people=False, kinds=kinds,
    )
    query = request.GET.copy()
    query.pop("page", None)
    chosen = form.cleaned_data.get("school") if form.is_valid() else None
    can_review = selectors.local_acts_reviewable_by(request.user).exists()
    context = {
        "filter_form": form,
        "register": register,
        "rows": _queue_rows(register, can_review=can_review),
        "sort": sort,
        "school_value": chosen.pk if chosen else "",
        "school_label": school_label(chosen),
        "query_string": query.urlencode(),
        "can_review": can_review,
    }
    return context


@require_GET
def acts_register_export(request):
    """The review queue / register as Excel: the same GET filters (and default), every school, not one page."""
    form = _register_form(request, "Реестр актов доступен специалистам органов управления образованием.")
    if request.GET.get("school") and "school" in form.errors:
        raise Http404("Школа не найдена.")
    filters = form.to_filters()
    kind = form.cleaned_data.get("kind") if form.is_valid() else None
    school = form.cleaned_data.get("school") if form.is_valid() else None
    return xlsx_response(
        filename=acts_report_filename(),
        write=lambda target: acts_report_write(
            user=request.user, target=target, filters=filters, kind_name=kind.name if kind else "",
            school_name=school.short_name if school else "",
        ),
    )


def _version_page(request, version, *, review_form=None, status=200):
    act = version.act
    versions = selectors.act_versions(act)
    is_latest = versions[0].pk == version.pk
    can_review = is_latest and selectors.local_acts_reviewable_by(request.user).filter(pk=act.pk).exists()
    context = {
        "version": version,
        "act": act,
        "school": act.school,
        "versions": versions,
        "is_latest": is_latest,
        "history": selectors.act_history(act),
        "can_review": can_review,
        "review_form": review_form or ReviewForm(initial={"expected_state": version.state}),
    }
    return render(request, "schools/acts/version_detail.html", context, status=status)


@require_GET
def act_version(request, pk: int):
    return _version_page(request, get_object_or_404(selectors.local_act_versions_visible_to(request.user), pk=pk))


@require_POST
def act_review(request, pk: int):
    version = get_object_or_404(selectors.local_act_versions_visible_to(request.user), pk=pk)
    if not selectors.local_acts_reviewable_by(request.user).filter(pk=version.act_id).exists():
        raise PermissionDenied("Проверять локальные акты школы может специалист её муниципалитета.")

    def success(_event) -> str:
        verdict = "принята" if version.state == ReviewState.ACCEPTED else "возвращена на доработку"
        return f"Версия {version.number} {verdict}."

    return form_round_trip(
        request, ReviewForm(request.POST),
        save=lambda data: local_act_review(
            version=version, user=request.user, decision=data["decision"], remarks=data["remarks"],
            expected_state=data["expected_state"],
        ),
        page=lambda bound, status: _version_page(
            request, version if bound else selectors.local_act_versions_visible_to(request.user).get(pk=pk),
            review_form=bound, status=status,
        ),
        success=success, redirect_to=reverse("schools:act_version", args=[version.pk]),
    )


@require_GET
def act_download(request, pk: int):
    version = get_object_or_404(selectors.local_act_versions_visible_to(request.user), pk=pk)
    return private_file_response(version.file, filename=version.original_name, content_type=version.content_type)
