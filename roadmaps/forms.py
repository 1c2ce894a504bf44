from django import forms

from core.forms import BootstrapForm

from .selectors import ItemFilters
from .status import Status


class StatusChangeForm(BootstrapForm):
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


class DeadlineForm(BootstrapForm):
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
        # The roadmap page writes these fields out by hand (Bootstrap classes here, not through crispy).
        for name, css in (("status", "form-select"), ("responsible", "form-select"), ("q", "form-control"),
                          ("overdue", "form-check-input")):
            self.fields[name].widget.attrs.setdefault("class", css)

    def to_filters(self) -> ItemFilters:
        if not self.is_valid():
            return ItemFilters()
        data = self.cleaned_data
        return ItemFilters(status=data["status"], responsible=data["responsible"], overdue=data["overdue"], q=data["q"].strip())
