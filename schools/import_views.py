"""Schools import in the portal: the upload page. Reading, the preview with every row's fate, confirm and writing
are the shared flow (core.imports; schools/import_flow.py)."""
from django import forms
from django.views.decorators.http import require_http_methods

from core.imports import upload_page

from .import_flow import SCHOOLS_IMPORT


class SchoolsUploadForm(forms.Form):
    file = forms.FileField(label="Книга Excel (XLSX)", help_text="Столбцы: Муниципалитет, Полное наименование, "
                           "Краткое наименование, Руководитель, Сайт, Электронная почта.")


@require_http_methods(["GET", "POST"])
def schools_import_upload(request):
    SCHOOLS_IMPORT.authorize(request.user, {})
    return upload_page(request, kind=SCHOOLS_IMPORT, make_form=SchoolsUploadForm, template="schools/import_upload.html")
