from django import forms

from core.clock import local_today

from .choices import EventKind, Form, Level
from .importer import FIELDS

DATE_INPUT = {"placeholder": "дд.мм.гггг"}
FILE_HELP = "PDF, DOCX, ODT, XLSX, JPEG или PNG, не более 20 МБ; тип проверяется по содержимому."


def current_academic_year() -> int:
    today = local_today()
    return today.year if today.month >= 9 else today.year - 1


def year_choices():
    now = current_academic_year()
    return [(y, f"{y}–{y + 1}") for y in range(now + 1, 2019, -1)]


class ScheduleUploadForm(forms.Form):
    school = forms.ModelChoiceField(label="Школа", queryset=None, empty_label=None)
    academic_year = forms.TypedChoiceField(label="Учебный год", coerce=int)
    file = forms.FileField(label="График в Excel (XLSX)",
                           help_text="Таблица, опубликованная на сайте школы: класс, предмет, дата, урок, уровень, форма. "
                                     "Названия столбцов могут быть любыми — их можно сопоставить на следующем шаге.")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["academic_year"].choices = year_choices()
        self.fields["academic_year"].initial = current_academic_year()


class MappingForm(forms.Form):
    """Which sheet, which header row, and which column holds each field."""

    sheet = forms.TypedChoiceField(label="Лист", coerce=int)
    header_row = forms.IntegerField(label="Строка заголовков", min_value=1, max_value=25)

    def __init__(self, *args, sheets, headers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(i, s["title"]) for i, s in enumerate(sheets)]
        columns = [("", "— нет такого столбца —")] + [(str(i), h) for i, h in enumerate(headers)]
        for f in FIELDS:
            self.fields[f"col_{f.code}"] = forms.ChoiceField(label=f.label + (" *" if f.required else ""),
                                                             choices=columns, required=False)

    def mapping(self) -> dict:
        data = self.cleaned_data
        return {
            "sheet": data["sheet"], "header_row": data["header_row"] - 1,
            "columns": {f.code: int(data[f"col_{f.code}"]) for f in FIELDS if data.get(f"col_{f.code}") not in ("", None)},
        }


class ProcedureForm(forms.Form):
    class_label = forms.CharField(label="Класс или параллель", max_length=20, help_text="Например, 5А или 5.")
    subject = forms.CharField(label="Предмет", max_length=200)
    day = forms.DateField(label="Дата", widget=forms.DateInput(attrs=DATE_INPUT))
    lesson = forms.IntegerField(label="Урок", min_value=1, max_value=10, required=False)
    level = forms.ChoiceField(label="Уровень", choices=Level.choices, initial=Level.SCHOOL)
    form = forms.ChoiceField(label="Форма", choices=Form.choices, initial=Form.CONTROL)

    def clean_class_label(self):
        from .parsing import parse_class

        value = parse_class(self.cleaned_data["class_label"])
        if value is None:
            raise forms.ValidationError("Класс не распознан: укажите, например, «5А» или «5».")
        return value


class HoursForm(forms.Form):
    parallel = forms.IntegerField(label="Параллель", min_value=1, max_value=11)
    subject = forms.CharField(label="Предмет", max_length=200)
    hours = forms.IntegerField(label="Часов в год", min_value=0, max_value=400,
                               help_text="0 — удалить. 1 час в неделю — 34 часа в год (в 1 классе — 33).")


class ScheduleSettingsForm(forms.Form):
    last_lesson_primary = forms.IntegerField(label="Последний урок в 1–4 классах", min_value=2, max_value=10)
    last_lesson_senior = forms.IntegerField(label="Последний урок в 5–11 классах", min_value=2, max_value=10)
    published_url = forms.URLField(label="Адрес графика на сайте школы", required=False, max_length=1000,
                                   assume_scheme="https")


class ObservationForm(forms.Form):
    school = forms.ModelChoiceField(label="Школа", queryset=None)
    day = forms.DateField(label="Дата", widget=forms.DateInput(attrs=DATE_INPUT))
    item = forms.ModelChoiceField(label="Мероприятие дорожной карты", queryset=None, required=False,
                                  help_text="С ним замечания попадут школе в задачу по этому мероприятию.")
    procedure = forms.ModelChoiceField(label="Процедура из графика школы", queryset=None, required=False)
    procedure_text = forms.CharField(label="…или процедура своими словами", max_length=300, required=False)
    observers = forms.CharField(label="Наблюдатели", max_length=500)
    findings = forms.CharField(label="Выявленные нарушения", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                               help_text="Пусто — нарушений не выявлено.")
    protocol = forms.FileField(label="Протокол", required=False, help_text=FILE_HELP)
    to_task = forms.BooleanField(label="Передать замечания школе как задачу", required=False, initial=True)

    def __init__(self, *args, schools, items, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.roadmap.municipality}: п. {i.number}. {i.activity[:90]}"
        self.fields["procedure"].queryset = procedures
        self.fields["procedure"].label_from_instance = lambda p: f"{p.schedule.school}: {p}"


class EventForm(forms.Form):
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=None, empty_label=None)
    kind = forms.ChoiceField(label="Вид", choices=EventKind.choices)
    title = forms.CharField(label="Название", max_length=500)
    date_start = forms.DateField(label="Дата (начало)", widget=forms.DateInput(attrs=DATE_INPUT))
    date_end = forms.DateField(label="Окончание", required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    organizer = forms.ModelChoiceField(label="Организатор", queryset=None, required=False)
    items = forms.ModelMultipleChoiceField(label="Мероприятия дорожной карты", queryset=None, required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 8}))
    description = forms.CharField(label="Описание", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, municipalities, organizations, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["organizer"].queryset = organizations
        self.fields["items"].queryset = items
        self.fields["items"].label_from_instance = lambda i: f"{i.roadmap.municipality}: п. {i.number}. {i.activity[:90]}"


class MaterialForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300, required=False)
    file = forms.FileField(label="Файл", required=False, help_text=FILE_HELP)
    url = forms.URLField(label="…или ссылка", required=False, max_length=1000, assume_scheme="https")


class ParticipantForm(forms.Form):
    school = forms.ModelChoiceField(label="Школа", queryset=None, empty_label=None)
    person = forms.CharField(label="ФИО", max_length=200)
    position = forms.CharField(label="Должность", max_length=200, required=False)
    certificate_number = forms.CharField(label="Номер удостоверения", max_length=100, required=False)
    certificate = forms.FileField(label="Удостоверение (скан)", required=False, help_text=FILE_HELP)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(label="Список участников (XLSX)",
                           help_text="Столбцы: ФИО, должность, школа (ОО); номер удостоверения — по желанию.")
