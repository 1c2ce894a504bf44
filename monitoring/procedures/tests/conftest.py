import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A schedule as a school publishes it (headers the synonyms know), with two breaches:
# 5А mathematics twice within 10 days (frequency) and 5А two works on 20.10.2022 (one a day).
STANDARD = [
    ["Единый график оценочных процедур МБОУ «СОШ» на 2022–2023 учебный год"],
    [],
    ["Класс", "Предмет", "Дата проведения", "Урок", "Уровень", "Форма"],
    ["5А", "Математика", date(2022, 10, 10), 3, "школьная", "контрольная работа"],
    ["5А", "Математика", date(2022, 10, 20), 2, "школьная", "контрольная работа"],
    ["5А", "Русский язык", date(2022, 10, 20), 4, "школьная", "диктант"],
    ["5Б", "Математика", date(2022, 11, 15), 3, "региональная", "диагностическая работа"],
    ["6", "История", "15.12.2022", "2 урок", "школьная", "проверочная работа"],
]
HOURS = [["Класс", "Предмет", "Часов в год"], ["5", "Математика", 170], ["5", "Русский язык", 170], ["6", "История", 68]]

# The same schedule in a layout nobody told the portal about.
UNFAMILIAR = [
    ["Группа обучающихся", "Учебный курс", "Когда", "№ пары по расписанию", "Кем назначена", "Что пишут"],
    ["5А", "Математика", "10.10.2022", 3, "ОО", "КР"],
    ["5А", "Математика", "20.10.2022", 2, "ОО", "КР"],
    ["5А", "Русский язык", "20.10.2022", 4, "ОО", "диктант"],
]


def xlsx_upload(rows, name="График.xlsx", hours=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "График"
    for row in rows:
        sheet.append(row)
    if hours:
        extra = workbook.create_sheet("Учебный план")
        for row in hours:
            extra.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


def schedule_rows(spec):
    """[(class, subject, 'dd.mm.yyyy', lesson)] -> rows for schedule_import."""
    from monitoring.procedures.parsing import parse_class, parse_date

    rows = []
    for index, (klass, subject, day, lesson) in enumerate(spec, start=2):
        parallel, letter = parse_class(klass)
        rows.append({"source_row": index, "parallel": parallel, "letter": letter, "subject": subject,
                     "date": parse_date(day).isoformat(), "lesson": lesson, "level": "school", "form": "control",
                     "error": ""})
    return rows


BREACHING = [("5А", "Математика", "10.10.2022", 3), ("5А", "Математика", "20.10.2022", 2),
             ("5А", "Русский язык", "20.10.2022", 4)]
CLEAN = [("7А", "Физика", "10.10.2022", 3), ("7А", "Физика", "10.11.2022", 3)]


@pytest.fixture
def schedules(world):
    """A schedule with breaches at the home school, a clean one at the home sibling, one with breaches away."""
    from types import SimpleNamespace

    from monitoring.procedures.services import schedule_import

    made = SimpleNamespace()
    made.home = schedule_import(school=world.home.school, academic_year=2022, rows=schedule_rows(BREACHING),
                                user=world.home.head, source_name="график.xlsx")
    made.sibling = schedule_import(school=world.home.other_school, academic_year=2022, rows=schedule_rows(CLEAN),
                                   user=world.home.officer)
    made.away = schedule_import(school=world.away.school, academic_year=2022, rows=schedule_rows(BREACHING),
                                user=world.away.officer)
    return made


@pytest.fixture
def pdf():
    def make(name="протокол.pdf"):
        return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")

    return make
