from django import forms

from .importers.reader import SUPPORTED
from .models import Sign


class VprUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл с результатами участников",
        help_text=f"{SUPPORTED}: «Индивидуальные результаты» из ФИС ОКО или региональная выгрузка. "
                  "Файл проверяется по содержимому.",
    )
    scale = forms.CharField(
        label="Шкала перевода первичного балла в отметку", required=False, max_length=200,
        help_text="Нужна, если в файле нет столбца «Отметка»: например, 0-6:2,7-11:3,12-17:4,18-24:5.",
    )
    year = forms.IntegerField(label="Год", required=False, min_value=2015, max_value=2100,
                              help_text="Если его нет в заголовке файла.")
    subject = forms.CharField(label="Предмет", required=False, max_length=100)
    grade = forms.IntegerField(label="Класс (параллель)", required=False, min_value=1, max_value=11)
    max_score = forms.IntegerField(label="Максимальный первичный балл", required=False, min_value=1, max_value=200)

    def overrides(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in ("year", "subject", "grade", "max_score")}


class SignTaskForm(forms.Form):
    sign = forms.ChoiceField(label="Признак", choices=())
    item = forms.ModelChoiceField(label="Мероприятие дорожной карты", queryset=None, empty_label=None)
    due_date = forms.DateField(label="Срок для объяснения и плана", required=False,
                               input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               help_text="Пусто — срок мероприятия, а если он прошёл — 30 дней с сегодняшнего дня.")
    comment = forms.CharField(label="Комментарий для школы", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, signs, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sign"].choices = [(code, Sign(code).label) for code in signs]
        self.fields["item"].queryset = items
        for name, bound in self.fields.items():
            bound.widget.attrs.setdefault("class", "form-select form-select-sm" if name in ("sign", "item")
                                          else "form-control form-control-sm")
        self.fields["item"].label_from_instance = (
            lambda item: f"п. {item.number} ({item.roadmap.academic_year_label}): {item.activity[:110]}")
