"""Schools import in the portal: upload → preview with every row's fate → confirm (schools.importers).

The uploaded workbook waits in private storage between preview and confirm, under a token kept in the
uploader's session. Confirm re-reads it; if the outcome differs from what was shown (someone changed the
schools meanwhile), nothing is written and the new preview is shown instead.
"""
import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .importers import schools_import
from .roles import user_scope

SESSION_KEY = "schools_imports"


class SchoolsUploadForm(forms.Form):
    file = forms.FileField(label="Книга Excel (XLSX)", help_text="Столбцы: Муниципалитет, Полное наименование, "
                           "Краткое наименование, Руководитель, Сайт, Электронная почта.")


def _require_importer(user) -> None:
    scope = user_scope(user)
    if not (scope.is_admin or scope.is_municipal):
        raise PermissionDenied("Загружать школы могут специалисты муниципальных органов и администраторы.")


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports" / "schools"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fingerprint(report) -> list:
    return [[row.row, row.action, row.changes, row.reason] for row in report.rows]


def _pending(request, token: str) -> dict:
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None or pending.get("user") != request.user.pk or not (_folder() / f"{token}.xlsx").exists():
        raise Http404("Загрузка не найдена: возможно, она уже подтверждена или отменена.")
    return pending


def _discard(request, token: str) -> None:
    imports = request.session.get(SESSION_KEY, {})
    imports.pop(token, None)
    request.session[SESSION_KEY] = imports
    (_folder() / f"{token}.xlsx").unlink(missing_ok=True)


def _preview(request, token: str, report, *, status=200):
    counts = {action: report.count(action) for action in ("created", "changed", "unchanged", "refused")}
    context = {"token": token, "report": report, "counts": counts,
               "writes": counts["created"] + counts["changed"]}
    return render(request, "schools/import_preview.html", context, status=status)


@require_http_methods(["GET", "POST"])
def schools_import_upload(request):
    _require_importer(request.user)
    form = SchoolsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = schools_import(file=upload, name=upload.name, user=request.user, dry_run=True)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            token = secrets.token_urlsafe(12)
            upload.seek(0)
            with (_folder() / f"{token}.xlsx").open("wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            imports = request.session.get(SESSION_KEY, {})
            for old in list(imports)[:-2]:  # keep a few pending previews per session
                _discard(request, old)
                imports = request.session.get(SESSION_KEY, {})
            imports[token] = {"user": request.user.pk, "name": upload.name, "seen": _fingerprint(report)}
            request.session[SESSION_KEY] = imports
            return _preview(request, token, report)
    return render(request, "schools/import_upload.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def schools_import_confirm(request, token: str):
    _require_importer(request.user)
    pending = _pending(request, token)
    path = _folder() / f"{token}.xlsx"
    with path.open("rb") as file:
        check = schools_import(file=file, name=pending["name"], user=request.user, dry_run=True)
    if _fingerprint(check) != pending["seen"]:
        imports = request.session.get(SESSION_KEY, {})
        imports[token]["seen"] = _fingerprint(check)
        request.session[SESSION_KEY] = imports
        messages.warning(request, "Пока вы смотрели, школы изменились: проверьте обновлённый результат и подтвердите ещё раз.")
        return _preview(request, token, check, status=409)
    if check.refused:
        return _preview(request, token, check, status=400)
    with path.open("rb") as file:
        report = schools_import(file=file, name=pending["name"], user=request.user)
    _discard(request, token)
    messages.success(request, f"Школы загружены: создано {report.count('created')}, изменено {report.count('changed')}, "
                              f"без изменений {report.count('unchanged')}.")
    return redirect("schools:schools_import")


@require_POST
def schools_import_cancel(request, token: str):
    _require_importer(request.user)
    _pending(request, token)
    _discard(request, token)
    messages.info(request, "Загрузка отменена: ничего не записано.")
    return redirect("schools:schools_import")
