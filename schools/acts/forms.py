from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from core.forms import BootstrapForm

from ..models import LocalActKind, ReviewState
from ..pickers import school_label
from .selectors import REGISTER_STATE_CHOICES, RegisterFilters


class ActUploadForm(BootstrapForm):
    file = forms.FileField(
        label="Файл акта",
        help_text=f"PDF, DOCX или ODT, не более {filesizeformat(settings.MAX_UPLOAD_BYTES)}. "
                  "Тип проверяется по содержимому файла.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    approval_number = forms.CharField(label="Номер приказа об утверждении", max_length=50)
    approval_date = forms.DateField(
        label="Дата приказа об утверждении", widget=forms.DateInput(attrs={"placeholder": "дд.мм.гггг"}),
    )
    published_url = forms.URLField(
        label="Адрес акта на сайте школы", required=False, max_length=1000, assume_scheme="https",
        help_text="Ссылка из раздела «Сведения об образовательной организации» → «Документы».",
    )
    comment = forms.CharField(
        label="Комментарий", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Например, что исправлено по замечаниям специалиста.",
    )

    # Bootstrap grid column of each field on the school's acts page (a page holds a form per kind).
    field_columns = {"file": "col-lg-6", "approval_number": "col-lg-3 col-md-6", "approval_date": "col-lg-3 col-md-6",
                     "published_url": "col-lg-6", "comment": "col-lg-6"}

    def __init__(self, *args, kind: LocalActKind, **kwargs):
        # Several upload forms share a page (one per kind): distinct ids, the same field names.
        kwargs.setdefault("auto_id", f"id_{kind.code}_%s")
        super().__init__(*args, **kwargs)
        self.kind = kind


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Решение", widget=forms.RadioSelect,
        choices=[(ReviewState.ACCEPTED, "Принять"), (ReviewState.RETURNED, "Вернуть на доработку")],
    )
    remarks = forms.CharField(
        label="Замечания", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Обязательны при возврате на доработку: школа увидит их в кабинете.",
    )
    expected_state = forms.ChoiceField(choices=ReviewState.choices, widget=forms.HiddenInput)


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return school_label(obj)


class RegisterFilterForm(forms.Form):
    # Rendered by the queue's template in Bootstrap markup (no crispy: a filter bar of two selects).
    state = forms.ChoiceField(label="Состояние", required=False, choices=[("", "Все состояния"), *REGISTER_STATE_CHOICES],
                              widget=forms.Select(attrs={"class": "form-select"}))
    kind = forms.ModelChoiceField(label="Вид акта", required=False, queryset=LocalActKind.objects.none(),
                                  empty_label="Все виды", widget=forms.Select(attrs={"class": "form-select"}))
    # A searchable picker on the page (schools/pickers.py): tens of thousands of schools never become options.
    school = SchoolChoiceField(label="Школа", required=False, queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, kinds, schools, kind_options=None, **kwargs):
        """``kinds``: the queryset a chosen kind is checked against; ``kind_options``: the same kinds already read
        as a list, if the page has them (the select's options are then not read again)."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds
        if kind_options is not None:
            field = self.fields["kind"]
            options = [(kind.pk, field.label_from_instance(kind)) for kind in kind_options]
            field.widget.choices = [("", field.empty_label), *options]
        self.fields["school"].queryset = schools

    def to_filters(self) -> RegisterFilters:
        if not self.is_valid():
            return RegisterFilters(state=ReviewState.PENDING)
        data = self.cleaned_data
        return RegisterFilters(
            state=data["state"], kind_id=data["kind"].pk if data["kind"] else None,
            school_id=data["school"].pk if data["school"] else None,
        )
