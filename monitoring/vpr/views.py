"""ВПР pages: the comparison with journal marks (drill-down, Excel), risk schools, a school's page with its signs and
charts, and the upload → preview → confirm of a results file. Thin: selectors read, services write."""
import hashlib
import secrets
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.xlsx import xlsx_response
from schools.roles import user_scope
from schools.selectors import schools_visible_to

from . import selectors, services
from .forms import SignTaskForm, VprUploadForm
from .importers.parser import parse_file
from .reports import comparison_report_filename, comparison_report_write

PAGE_SIZE = 50
SESSION_KEY = "vpr_imports"
MAX_PENDING = 3
CHART_COLOURS = {"marks": ["#dc3545", "#fd7e14", "#0d6efd", "#198754"], "groups": ["#6f42c1", "#20c997", "#d63384"]}


def _require_role(user) -> None:
    if user_scope(user).role is None:
        raise PermissionDenied("Нет доступа к результатам ВПР.")


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _round(request):
    rounds = list(selectors.rounds_visible_to(request.user).order_by("-year", "subject", "grade", "pk"))
    wanted = _int_param(request, "round")
    if wanted is not None:
        chosen = next((r for r in rounds if r.pk == wanted), None)
        if chosen is None:
            raise Http404("Работа не найдена.")
        return chosen, rounds
    return (rounds[0] if rounds else None), rounds


def _charts(row: selectors.GroupRow, prefix: str) -> list[dict]:
    """Two charts of one group: marks 2–5 and the three groups, each with its numbers for the table beside it."""
    charts = [
        {"id": f"{prefix}-marks", "title": "Распределение отметок за работу", "type": "bar",
         "labels": ["«2»", "«3»", "«4»", "«5»"], "values": row.marks, "colours": CHART_COLOURS["marks"],
         "unit": "участников"},
        {"id": f"{prefix}-groups", "title": "Отметка за работу и отметка по журналу", "type": "bar",
         "labels": ["Понизили", "Подтвердили", "Повысили"], "values": row.groups,
         "colours": CHART_COLOURS["groups"], "unit": "участников"},
    ]
    for chart in charts:
        chart["data_id"] = f"{chart['id']}-data"
        chart["pairs"] = list(zip(chart["labels"], chart["values"]))
    return charts


def _query(params: dict) -> str:
    from django.utils.http import urlencode

    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@require_GET
def comparison(request):
    _require_role(request.user)
    round_, rounds = _round(request)
    context = {"rounds": rounds, "round": round_}
    if round_ is not None:
        level = selectors.comparison_level(request.user, round_, region_id=_int_param(request, "region"),
                                           municipality_id=_int_param(request, "municipality"),
                                           school_id=_int_param(request, "school"))
        total = selectors.level_total(level)
        page = Paginator(selectors.level_children(level), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = selectors.label_rows(level, list(page))
        here = {"round": round_.pk, **level.trail[-1][1]}
        context.update(level=level, total=total, page=page, rows=rows, charts=_charts(total, "level"),
                       trail=[(label, _query({"round": round_.pk, **params})) for label, params in level.trail],
                       query=_query(here), export_query=_query(here))
    return render(request, "vpr/comparison.html", context)


@require_GET
def comparison_export(request):
    _require_role(request.user)
    round_, _ = _round(request)
    if round_ is None:
        raise Http404("Нет результатов ВПР.")
    level = selectors.comparison_level(request.user, round_, region_id=_int_param(request, "region"),
                                       municipality_id=_int_param(request, "municipality"),
                                       school_id=_int_param(request, "school"))
    return xlsx_response(filename=comparison_report_filename(level),
                         write=lambda target: comparison_report_write(level=level, user=request.user, target=target))


@require_GET
def risk_schools(request):
    scope = user_scope(request.user)
    if scope.role is None or scope.is_school_head:
        raise PermissionDenied("Список школ с признаками доступен специалистам.")
    round_, rounds = _round(request)
    context = {"rounds": rounds, "round": round_}
    if round_ is not None:
        figures, flagged, municipalities = selectors.risk_schools(
            request.user, round_, municipality_id=_int_param(request, "municipality"))
        page = Paginator(flagged, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(figures=figures, page=page, municipalities=municipalities,
                       query=_query({"round": round_.pk, "municipality": _int_param(request, "municipality")}))
    return render(request, "vpr/risk_schools.html", context)


def _school_page(request, school, round_, rounds, *, form=None, status=200):
    level = selectors.comparison_level(request.user, round_, school_id=school.pk)
    total = selectors.level_total(level)
    classes = selectors.label_rows(level, list(selectors.level_children(level)[:200]))
    figures, report = selectors.school_signs(round_, school)
    given = {t.sign: t for t in selectors.sign_tasks_visible_to(request.user).filter(round=round_, school=school)}
    items = services.items_for_signs(request.user, school)
    open_signs = [s.code for s in (report.found if report else []) if s.code not in given]
    if form is None and open_signs and items.exists():
        form = SignTaskForm(signs=open_signs, items=items)
    controlled = selectors.controls_visible_to(request.user).filter(round=round_, school=school).prefetch_related(
        "observers", "documents").first()
    context = {"school": school, "round": round_, "rounds": rounds, "total": total, "classes": classes,
               "figures": figures, "report": report, "given": given, "form": form, "controlled": controlled,
               "charts": _charts(total, "school"), "query": _query({"round": round_.pk})}
    return render(request, "vpr/school.html", context, status=status)


@require_GET
def school_detail(request, pk: int):
    _require_role(request.user)
    school = get_object_or_404(schools_visible_to(request.user), pk=pk)
    round_, rounds = _round(request)
    if round_ is None:
        raise Http404("Нет результатов ВПР.")
    return _school_page(request, school, round_, rounds)


@require_POST
def school_sign_task(request, pk: int):
    scope = user_scope(request.user)
    school = get_object_or_404(schools_visible_to(request.user), pk=pk)
    if not (scope.is_admin or scope.is_municipal):
        raise PermissionDenied("Поручить школе задачу может специалист её муниципалитета.")
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=request.POST.get("round") or 0)
    _, report = selectors.school_signs(round_, school)
    items = services.items_for_signs(request.user, school)
    form = SignTaskForm(request.POST, signs=[s.code for s in (report.found if report else [])], items=items)
    if form.is_valid():
        try:
            link = services.vpr_sign_to_task(user=request.user, round_=round_, school=school,
                                             sign=form.cleaned_data["sign"], item=form.cleaned_data["item"],
                                             due_date=form.cleaned_data["due_date"],
                                             comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Школе поручено: объяснение и план по признаку «{link.get_sign_display()}» "
                                      f"(п. {link.item.number} дорожной карты).")
            return redirect(reverse("monitoring:task_detail", args=[link.task_id]))
    rounds = list(selectors.rounds_visible_to(request.user).order_by("-year", "subject", "grade", "pk"))
    return _school_page(request, school, round_, rounds, form=form, status=400)


# --- upload → preview → confirm ----------------------------------------------------------------


def _importer(user) -> None:
    if not selectors.can_import(user):
        raise PermissionDenied("Загружать результаты ВПР могут специалисты муниципальных органов и администраторы.")


STAGING_MAX_AGE = 24 * 60 * 60  # seconds; a preview nobody confirmed or cancelled is dropped after a day


def _staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "vpr-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _staging_sweep() -> None:
    import time

    limit = time.time() - STAGING_MAX_AGE
    for stale in _staging_dir().iterdir():
        if stale.is_file() and stale.stat().st_mtime < limit:
            stale.unlink(missing_ok=True)


def _pending(request, token: str) -> dict:
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None or pending.get("user") != request.user.pk:
        raise Http404("Загрузка не найдена: возможно, она уже подтверждена или отменена.")
    return pending


def _discard(request, token: str) -> None:
    imports = request.session.get(SESSION_KEY, {})
    pending = imports.pop(token, None)
    request.session[SESSION_KEY] = imports
    if pending:
        (_staging_dir() / pending["stored"]).unlink(missing_ok=True)


def _parse_pending(pending: dict):
    path = _staging_dir() / pending["stored"]
    if not path.exists():
        raise Http404("Файл загрузки не найден: загрузите его снова.")
    with path.open("rb") as handle:
        return parse_file(handle, name=pending["name"], scale_text=pending["scale"], overrides=pending["overrides"])


@require_http_methods(["GET", "POST"])
def upload(request):
    _importer(request.user)
    form = VprUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_ = form.cleaned_data["file"]
        if upload_.size > settings.MAX_UPLOAD_BYTES:
            form.add_error("file", "Файл слишком большой.")
        else:
            data = upload_.read()
            import io

            try:
                parse_file(io.BytesIO(data), name=upload_.name, scale_text=form.cleaned_data["scale"],
                           overrides=form.overrides())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _staging_sweep()
                token = secrets.token_urlsafe(12)
                stored = f"{token}{PurePosixPath(upload_.name).suffix.lower()[:10]}"
                (_staging_dir() / stored).write_bytes(data)
                imports = request.session.get(SESSION_KEY, {})
                while len(imports) >= MAX_PENDING:
                    _discard(request, next(iter(imports)))
                    imports = request.session.get(SESSION_KEY, {})
                imports[token] = {"stored": stored, "name": upload_.name[:200], "user": request.user.pk,
                                  "scale": form.cleaned_data["scale"], "overrides": form.overrides(),
                                  "sha256": hashlib.sha256(data).hexdigest()}
                request.session[SESSION_KEY] = imports
                return redirect("vpr:import_preview", token=token)
    status = 400 if request.method == "POST" else 200
    return render(request, "vpr/import_upload.html", {"form": form}, status=status)


def _preview(request, token: str, pending: dict, *, errors=(), status: int = 200):
    parsed = _parse_pending(pending)
    summary = services.import_summary(parsed, user=request.user)
    context = {"token": token, "parsed": parsed, "summary": summary, "errors": list(errors),
               "writable": sum(1 for s in summary["schools"] if s["state"] == "matched")}
    return render(request, "vpr/import_preview.html", context, status=status)


@require_GET
def import_preview(request, token: str):
    _importer(request.user)
    return _preview(request, token, _pending(request, token))


@require_POST
def import_confirm(request, token: str):
    _importer(request.user)
    pending = _pending(request, token)
    parsed = _parse_pending(pending)
    try:
        result = services.vpr_import(parsed=parsed, user=request.user, sha256=pending["sha256"])
    except ValidationError as error:
        return _preview(request, token, pending, errors=error.messages, status=400)
    _discard(request, token)
    messages.success(request, f"Загружено: {result.round.label}; школ — {result.schools}, "
                              f"участников — {result.participants}.")
    return redirect(f"{reverse('vpr:comparison')}?round={result.round.pk}")


@require_POST
def import_cancel(request, token: str):
    _importer(request.user)
    _pending(request, token)
    _discard(request, token)
    messages.info(request, "Загрузка отменена: ничего не записано.")
    return redirect("vpr:import")
