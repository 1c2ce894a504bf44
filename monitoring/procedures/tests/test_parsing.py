"""Cell values as schools write them, one row per spelling."""
from datetime import date, datetime

import pytest

from monitoring.procedures.choices import Form, Level
from monitoring.procedures.parsing import parse_class, parse_date, parse_form, parse_hours, parse_lesson, parse_level

CLASS_CASES = [
    ("5А", (5, "А")), ("5 а", (5, "А")), ("5-А", (5, "А")), ("10Б", (10, "Б")), ("11 «В»", (11, "В")),
    ("5A", (5, "А")),  # a Latin letter typed by mistake
    ("5", (5, "")), (5, (5, "")), (5.0, (5, "")), ("5 классы", (5, "")), ("5-е классы", (5, "")),
    ("7 параллель", (7, "")), ("12А", None), ("0", None), ("", None), (None, None), ("класс", None),
]


@pytest.mark.parametrize("value, expected", CLASS_CASES)
def test_parse_class(value, expected):
    assert parse_class(value) == expected


DATE_CASES = [
    (datetime(2022, 10, 5, 0, 0), date(2022, 10, 5)), (date(2022, 10, 5), date(2022, 10, 5)),
    ("05.10.2022", date(2022, 10, 5)), ("5.10.22", date(2022, 10, 5)), ("05.10.2022 г.", date(2022, 10, 5)),
    ("2022-10-05", date(2022, 10, 5)), ("31.02.2022", None), ("октябрь", None), ("", None), (None, None),
]


@pytest.mark.parametrize("value, expected", DATE_CASES)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


LESSON_CASES = [(3, 3), ("3", 3), ("3 урок", 3), ("3-й урок", 3), (2.0, 2), ("", None), (None, None),
                ("0", None), ("11", None), ("третий", None)]


@pytest.mark.parametrize("value, expected", LESSON_CASES)
def test_parse_lesson(value, expected):
    assert parse_lesson(value) == expected


LEVEL_CASES = [("федеральная", Level.FEDERAL), ("ВПР", Level.FEDERAL), ("Федеральный уровень", Level.FEDERAL),
               ("региональная", Level.REGIONAL), ("школьная", Level.SCHOOL), ("уровень ОО", Level.SCHOOL),
               ("внутришкольная", Level.SCHOOL), ("", Level.SCHOOL), ("межпланетная", None)]


@pytest.mark.parametrize("value, expected", LEVEL_CASES)
def test_parse_level(value, expected):
    assert parse_level(value) == expected


FORM_CASES = [("контрольная работа", Form.CONTROL), ("КР", Form.CONTROL), ("Итоговая контрольная", Form.CONTROL),
              ("проверочная работа", Form.VERIFICATION), ("ВПР", Form.VERIFICATION), ("тест", Form.VERIFICATION),
              ("диагностическая работа", Form.DIAGNOSTIC), ("входная диагностика", Form.DIAGNOSTIC),
              ("", Form.CONTROL), ("экскурсия", None)]


@pytest.mark.parametrize("value, expected", FORM_CASES)
def test_parse_form(value, expected):
    assert parse_form(value) == expected


HOURS_CASES = [(34, 34), ("34", 34), ("170 ч", 170), ("34,0", 34), (0, None), ("", None), ("много", None)]


@pytest.mark.parametrize("value, expected", HOURS_CASES)
def test_parse_hours(value, expected):
    assert parse_hours(value) == expected
