"""Forms of the campaign edit page (kept apart from the campaign creation and website-check forms)."""
from django import forms

from schools.models import LocalActKind

DATE_INPUT = {"placeholder": "дд.мм.гггг"}


class CampaignEditForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    period_start = forms.DateField(label="Начало", widget=forms.DateInput(attrs=DATE_INPUT))
    period_end = forms.DateField(label="Окончание", widget=forms.DateInput(attrs=DATE_INPUT))
    act_kinds = forms.ModelMultipleChoiceField(
        queryset=LocalActKind.objects.none(), label="Какие локальные акты ищем", required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act_kinds"].queryset = LocalActKind.objects.filter(is_active=True).order_by("ordering", "name")

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            self.add_error("period_end", "Окончание мониторинга раньше его начала.")
        return data


SMALL = {"class": "form-control form-control-sm"}


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Критерий", max_length=300, widget=forms.Textarea(attrs={**SMALL, "rows": 2}))
    short_title = forms.CharField(label="Кратко (столбец)", max_length=60, required=False,
                                  widget=forms.TextInput(attrs=SMALL))
    description = forms.CharField(label="Как проверять", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={**SMALL, "rows": 2}))
    max_score = forms.IntegerField(label="Макс. балл", min_value=1, max_value=10, initial=1,
                                   widget=forms.NumberInput(attrs=SMALL))
    delete = forms.BooleanField(label="Удалить", required=False,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=1, max_num=30, validate_max=True)
