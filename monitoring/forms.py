from django import forms

from core.forms import BootstrapForm

from roadmaps.status import Status
from schools.models import LocalActKind

from .models import Compliance, WebsiteCheck
from .selectors import CHECK_FILTERS

DATE_INPUT = {"placeholder": "дд.мм.гггг"}


class TaskStatusForm(BootstrapForm):
    status = forms.ChoiceField(label="Статус", choices=Status.choices)
    done_on = forms.DateField(
        label="Дата выполнения",
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT),
        help_text="Для статуса «Выполнено»; по умолчанию — сегодня.",
    )
    comment = forms.CharField(
        label="Комментарий", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    evidence_file = forms.FileField(
        label="Файл-подтверждение",
        required=False,
        help_text="PDF, DOCX, ODT, XLSX, JPEG или PNG, не более 20 МБ.",
    )
    evidence_url = forms.URLField(label="Ссылка-подтверждение", required=False, max_length=1000, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses is not None:
            self.fields["status"].choices = [(s.value, s.label) for s in statuses]


class TaskExtendForm(BootstrapForm):
    due_date = forms.DateField(label="Новый срок для школы", widget=forms.DateInput(attrs=DATE_INPUT))
    comment = forms.CharField(label="Основание", max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class LateTaskDecisionForm(forms.Form):
    """For a task a school got after its deadline: a new due date, or «не применяется»."""

    decision = forms.ChoiceField(
        label="Решение", choices=[("due_date", "Назначить срок"), ("not_applicable", "Не применяется")]
    )
    due_date = forms.DateField(label="Новый срок", required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    comment = forms.CharField(label="Основание", required=False, max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "due_date" and not data.get("due_date"):
            self.add_error("due_date", "Укажите новый срок.")
        return data


class MatrixFilterForm(forms.Form):
    # Chosen with a searchable picker (roadmaps/pickers.py); the view looks it up in the user's scope.
    roadmap = forms.IntegerField(label="Дорожная карта", required=False, min_value=1, widget=forms.HiddenInput)
    state = forms.ChoiceField(label="Состояние", required=False, choices=[("", "Все состояния"), *Compliance.choices])
    q = forms.CharField(label="Школа", required=False, max_length=200)
    cols = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class RatesFilterForm(forms.Form):
    # Chosen with a searchable picker (schools/pickers.py); the view checks it against the user's scope.
    municipality = forms.IntegerField(label="Муниципалитет", required=False, min_value=1, widget=forms.HiddenInput)


class CampaignForm(forms.Form):
    title = forms.CharField(
        label="Название", max_length=300, initial="Мониторинг сайтов ОО: Положение о ВСОКО, ноябрь 2022"
    )
    municipality = forms.TypedChoiceField(label="Муниципалитет", coerce=int)
    period_start = forms.DateField(label="Начало", widget=forms.DateInput(attrs=DATE_INPUT))
    period_end = forms.DateField(label="Окончание", widget=forms.DateInput(attrs=DATE_INPUT))
    item = forms.TypedChoiceField(label="Мероприятие дорожной карты", coerce=int, required=False, empty_value=None)
    act_kinds = forms.ModelMultipleChoiceField(
        queryset=LocalActKind.objects.none(),
        label="Какие локальные акты ищем",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipalities=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(m.pk, m.short_name) for m in municipalities]
        self.fields["item"].choices = [("", "— не связан —")] + [
            (i.pk, f"{i.roadmap.owner}, п. {i.number}: {i.activity[:90]}") for i in items
        ]
        self.fields["act_kinds"].queryset = LocalActKind.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            self.add_error("period_end", "Окончание мониторинга раньше его начала.")
        return data


class CampaignFilterForm(forms.Form):
    check_filter = forms.ChoiceField(label="Показать", required=False, choices=list(CHECK_FILTERS.items()))
    q = forms.CharField(label="Школа", required=False, max_length=200)


class WebsiteCheckForm(forms.Form):
    found = forms.TypedChoiceField(
        label="Акт на сайте",
        coerce=lambda v: v == "yes",
        choices=[("yes", "найден"), ("no", "не найден")],
        widget=forms.RadioSelect,
    )
    page_url = forms.URLField(
        label="Страница раздела «Документы»", required=False, max_length=1000, assume_scheme="https"
    )
    document_url = forms.URLField(label="Ссылка на документ", required=False, max_length=1000, assume_scheme="https")
    other_urls = forms.CharField(
        label="Другие ссылки (по одной на строку)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    remarks = forms.CharField(
        label="Замечания", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    method = forms.ChoiceField(
        label="Способ проверки", choices=WebsiteCheck.Method.choices, initial=WebsiteCheck.Method.MANUAL
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                help_text=criterion.description,
                coerce=int,
                required=False,
                empty_value=0,
                choices=[(n, str(n)) for n in range(criterion.max_score + 1)]
                if criterion.max_score > 1
                else [(1, "да"), (0, "нет")],
                widget=forms.RadioSelect,
            )
        # The checklist first, free text after it: the order an officer works in.
        self.order_fields(["found", "page_url", "document_url", *(f"score_{c.pk}" for c in self.criteria)])

    def clean_other_urls(self):
        validator = forms.URLField(assume_scheme="https")
        lines = [line.strip() for line in self.cleaned_data["other_urls"].splitlines() if line.strip()]
        for line in lines:
            try:
                validator.clean(line)
            except forms.ValidationError as exc:
                raise forms.ValidationError(f"Неверная ссылка: {line}") from exc
        return "\n".join(lines)

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") or 0 for c in self.criteria}

    @classmethod
    def initial_for(cls, check, criteria) -> dict:
        if check is None:
            return {"found": "yes", "method": WebsiteCheck.Method.MANUAL}
        scores = {s.criterion_id: s.score for s in check.scores.all()}
        initial = {
            "found": "yes" if check.found else "no",
            "page_url": check.page_url,
            "document_url": check.document_url,
            "other_urls": check.other_urls,
            "remarks": check.remarks,
            "method": check.method,
            "version": check.version,
        }
        initial.update({f"score_{c.pk}": scores.get(c.pk, 0) for c in criteria})
        return initial
