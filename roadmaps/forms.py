from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .selectors import ItemFilters
from .status import Status

# The classes the crispy bootstrap5 pack gives each widget.
WIDGET_CLASSES = {
    forms.Select: "select form-select",
    forms.Textarea: "textarea form-control",
    forms.ClearableFileInput: "form-control",
    forms.URLInput: "urlinput form-control",
    forms.DateInput: "dateinput form-control",
    forms.TextInput: "textinput form-control",
}


ASTERISK = '<span class="asteriskField">*</span>'


class QuickFieldsMixin:
    """``quick_html``: an unbound form's fields in the markup ``|crispy`` gives them, written without crispy's
    templates (which cost the item page more than its table). A bound form — errors, the confirmation step —
    is still rendered by ``|crispy``."""

    def quick_html(self) -> str:
        parts = []
        for field in self:
            if field.is_hidden:
                parts.append(str(field))
                continue
            required = field.field.required
            widget = field.as_widget(attrs={"class": WIDGET_CLASSES[type(field.field.widget)]})
            if field.help_text:
                widget = (f'<div>{widget}<div id="{field.auto_id}_helptext" class="form-text">'
                          f"{conditional_escape(field.help_text)}</div></div>")
            parts.append(
                f'<div id="div_{field.auto_id}" class="mb-3"><label for="{field.id_for_label}" class="form-label'
                f'{" requiredField" if required else ""}">{conditional_escape(field.label)}'
                f"{ASTERISK if required else ''}</label>{widget}</div>"
            )
        return mark_safe("".join(parts))  # noqa: S308 — labels and help texts escaped, widgets rendered by Django


class StatusChangeForm(QuickFieldsMixin, forms.Form):
    status = forms.ChoiceField(label="Новый статус", choices=Status.choices)
    comment = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    evidence_file = forms.FileField(
        label="Файл-подтверждение", required=False,
        help_text="PDF, DOCX, ODT, XLSX, JPEG или PNG, не более 20 МБ.",
    )
    evidence_url = forms.URLField(label="Ссылка-подтверждение", required=False, max_length=1000, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm_open_schools = forms.BooleanField(
        label="Подтверждаю: отметить выполненным, хотя не все ОО выполнили задачу", required=False
    )

    def __init__(self, *args, confirm_needed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not confirm_needed:
            # Asked only after the server found open schools (the second step), never up front.
            self.fields.pop("confirm_open_schools")

    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm_open_schools"))


class DeadlineForm(QuickFieldsMixin, forms.Form):
    start = forms.DateField(label="Начало периода", required=False, widget=forms.DateInput(attrs={"placeholder": "дд.мм.гггг"}))
    end = forms.DateField(label="Окончание периода", widget=forms.DateInput(attrs={"placeholder": "дд.мм.гггг"}))
    comment = forms.CharField(label="Основание", required=False, max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class SummaryFilterForm(forms.Form):
    academic_year = forms.IntegerField(
        label="Учебный год", required=False, min_value=2000, max_value=2100,
        error_messages={"invalid": "Учебный год — четыре цифры, например 2022.",
                        "min_value": "Учебный год — не раньше 2000.", "max_value": "Учебный год — не позже 2100."},
    )


class ItemFilterForm(forms.Form):
    status = forms.ChoiceField(label="Статус", required=False, choices=[("", "Все статусы"), *Status.choices])
    responsible = forms.ChoiceField(label="Ответственный", required=False)
    overdue = forms.BooleanField(label="Только просроченные", required=False)
    q = forms.CharField(label="Поиск", required=False, max_length=200)

    def __init__(self, *args, responsible_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "Все ответственные"), *responsible_choices]

    def to_filters(self) -> ItemFilters:
        if not self.is_valid():
            return ItemFilters()
        data = self.cleaned_data
        return ItemFilters(status=data["status"], responsible=data["responsible"], overdue=data["overdue"], q=data["q"].strip())
