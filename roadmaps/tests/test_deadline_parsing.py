"""roadmaps.deadlines: «Срок» phrases of real roadmaps read into periods; the signed phrase is never altered.

Pure Python: no database, no Django.
"""
from datetime import date as D

import pytest

from roadmaps.deadlines import Deadline, deadline_warnings, find_deadline_in_text, parse_deadline


AY = 2022  # the seeds' roadmaps are of the 2022–2023 academic year
REF = D(2022, 7, 25)  # Гурьевск order № 340 of 25.07.2022

ROWS = [
    # phrase, academic_year, reference_date, start, end, kind, recognized
    # --- DOMAIN.md, «Deadlines (Срок)», in its order
    ("Апрель 2022 г.", AY, None, D(2022, 4, 1), D(2022, 4, 30), "month", True),
    ("24-30 августа 2022 г.", AY, None, D(2022, 8, 24), D(2022, 8, 30), "range", True),
    ("Август 2022 г.", AY, None, D(2022, 8, 1), D(2022, 8, 31), "month", True),
    ("В течение учебного года", AY, None, D(2022, 9, 1), D(2023, 8, 31), "academic_year", True),
    ("До 01 сентября 2022 г.", AY, None, None, D(2022, 9, 1), "before", True),
    ("до сентября 2022 г.", AY, None, None, D(2022, 8, 31), "before", True),
    ("Октябрь 2022 г.", AY, None, D(2022, 10, 1), D(2022, 10, 31), "month", True),
    ("Февраль-март 2022 г.", AY, None, D(2022, 2, 1), D(2022, 3, 31), "months", True),
    ("ноябрь 2022 г.", AY, None, D(2022, 11, 1), D(2022, 11, 30), "month", True),
    ("апрель 2023 г.", AY, None, D(2023, 4, 1), D(2023, 4, 30), "month", True),
    ("До 03.02.2023", AY, None, None, D(2023, 2, 3), "before", True),
    ("06.02.2023 - 30.05.2023", AY, None, D(2023, 2, 6), D(2023, 5, 30), "range", True),
    ("21.02.2023", AY, None, D(2023, 2, 21), D(2023, 2, 21), "date", True),
    ("июль - август 2015", None, None, D(2015, 7, 1), D(2015, 8, 31), "months", True),
    ("октябрь", AY, None, D(2022, 10, 1), D(2022, 10, 31), "month", True),
    ("4 квартал 2006 г.", None, None, D(2006, 10, 1), D(2006, 12, 31), "quarter", True),
    ("С 1 января", AY, None, D(2023, 1, 1), None, "from", True),
    ("постоянно", AY, None, D(2022, 9, 1), D(2023, 8, 31), "recurring", True),
    ("ежегодно", AY, None, D(2022, 9, 1), D(2023, 8, 31), "recurring", True),
    ("ежеквартально", AY, None, D(2022, 9, 1), D(2023, 8, 31), "recurring", True),
    ("по графику", AY, None, D(2022, 9, 1), D(2023, 8, 31), "recurring", True),
    ("в срок до 10 августа 2015 года", None, None, None, D(2015, 8, 10), "before", True),
    # --- the seeds' other phrases
    ("август 2022 г.", AY, None, D(2022, 8, 1), D(2022, 8, 31), "month", True),
    ("в течение учебного года", AY, None, D(2022, 9, 1), D(2023, 8, 31), "academic_year", True),
    ("Август 2023 г.", AY, None, D(2023, 8, 1), D(2023, 8, 31), "month", True),
    ("сентябрь 2023 г.", AY, None, D(2023, 9, 1), D(2023, 9, 30), "month", True),
    ("август 2023 г.", AY, None, D(2023, 8, 1), D(2023, 8, 31), "month", True),
    # --- academic year and calendar year
    ("В течение учебного года", None, None, None, None, "unknown", False),
    ("В течение учебного года", None, REF, None, None, "unknown", False),
    ("в течение учебного года", 2023, None, D(2023, 9, 1), D(2024, 8, 31), "academic_year", True),
    ("2022-2023 учебный год", None, None, D(2022, 9, 1), D(2023, 8, 31), "academic_year", True),
    ("в течение 2022-2023 учебного года", None, None, D(2022, 9, 1), D(2023, 8, 31), "academic_year", True),
    ("в течение 2022 – 2023 учебного года", 2030, None, D(2022, 9, 1), D(2023, 8, 31), "academic_year", True),
    ("2022/23 уч. год", None, None, D(2022, 9, 1), D(2023, 8, 31), "academic_year", True),
    ("в 2022-2023 учебном году", None, None, D(2022, 9, 1), D(2023, 8, 31), "academic_year", True),
    ("2022-2024 учебный год", None, None, None, None, "unknown", False),
    ("в течение года", AY, None, D(2022, 1, 1), D(2022, 12, 31), "year", True),
    ("в течение года", None, D(2021, 3, 1), D(2021, 1, 1), D(2021, 12, 31), "year", True),
    ("в течение года", None, None, None, None, "unknown", False),
    ("в течение 2022 года", None, None, D(2022, 1, 1), D(2022, 12, 31), "year", True),
    ("2022 г.", None, None, D(2022, 1, 1), D(2022, 12, 31), "year", True),
    ("2023 год", None, None, D(2023, 1, 1), D(2023, 12, 31), "year", True),
    ("2022-2023 г.г.", None, None, D(2022, 1, 1), D(2023, 12, 31), "year", True),
    ("2022 – 2023 гг.", None, None, D(2022, 1, 1), D(2023, 12, 31), "year", True),
    # --- before
    ("до 10 августа 2015 года", None, None, None, D(2015, 8, 10), "before", True),
    ("до 01.09.2022", None, None, None, D(2022, 9, 1), "before", True),
    ("не позднее 1 сентября 2022 г.", None, None, None, D(2022, 9, 1), "before", True),
    ("не позднее октября 2022", None, None, None, D(2022, 10, 31), "before", True),
    ("к 1 сентября 2022", None, None, None, D(2022, 9, 1), "before", True),
    ("до 1 сентября", AY, None, None, D(2022, 9, 1), "before", True),
    ("до 1 сентября", None, None, None, None, "unknown", False),
    ("до 2023 г.", None, None, None, D(2022, 12, 31), "before", True),
    # --- months, days, ranges
    ("Август 2022 г", None, None, D(2022, 8, 1), D(2022, 8, 31), "month", True),
    ("август  2022  года", None, None, D(2022, 8, 1), D(2022, 8, 31), "month", True),
    ("Август 2022г.", None, None, D(2022, 8, 1), D(2022, 8, 31), "month", True),
    ("май 2023", None, None, D(2023, 5, 1), D(2023, 5, 31), "month", True),
    ("в мае 2023 г.", None, None, D(2023, 5, 1), D(2023, 5, 31), "month", True),
    ("в феврале 2024", None, None, D(2024, 2, 1), D(2024, 2, 29), "month", True),
    ("октябрь", None, REF, D(2022, 10, 1), D(2022, 10, 31), "month", True),
    ("октябрь", None, None, None, None, "unknown", False),
    ("март", AY, None, D(2023, 3, 1), D(2023, 3, 31), "month", True),
    ("август", AY, None, D(2023, 8, 1), D(2023, 8, 31), "month", True),
    ("сентябрь", AY, None, D(2022, 9, 1), D(2022, 9, 30), "month", True),
    ("30 августа 2022 г.", None, None, D(2022, 8, 30), D(2022, 8, 30), "date", True),
    ("1 мая 2023", None, None, D(2023, 5, 1), D(2023, 5, 1), "date", True),
    ("20.08.2022 г.", None, None, D(2022, 8, 20), D(2022, 8, 20), "date", True),
    ("1.9.22", None, None, D(2022, 9, 1), D(2022, 9, 1), "date", True),
    ("01.09", AY, None, D(2022, 9, 1), D(2022, 9, 1), "date", True),
    ("01-05 сентября 2022", None, None, D(2022, 9, 1), D(2022, 9, 5), "range", True),
    ("1 – 5 сентября 2022", None, None, D(2022, 9, 1), D(2022, 9, 5), "range", True),
    ("1 — 5 сентября 2022 г.", None, None, D(2022, 9, 1), D(2022, 9, 5), "range", True),
    ("24-30.08.2022", None, None, D(2022, 8, 24), D(2022, 8, 30), "range", True),
    ("24–30 августа", AY, None, D(2023, 8, 24), D(2023, 8, 30), "range", True),
    ("с 1 по 5 сентября 2022 г.", None, None, D(2022, 9, 1), D(2022, 9, 5), "range", True),
    ("с 06.02.2023 по 30.05.2023", None, None, D(2023, 2, 6), D(2023, 5, 30), "range", True),
    ("25 декабря 2022 - 10 января 2023", None, None, D(2022, 12, 25), D(2023, 1, 10), "range", True),
    ("30-24 августа 2022", None, None, None, None, "unknown", False),
    ("август-сентябрь 2022 г.", None, None, D(2022, 8, 1), D(2022, 9, 30), "months", True),
    ("декабрь 2022 – январь 2023", None, None, D(2022, 12, 1), D(2023, 1, 31), "months", True),
    ("декабрь-январь 2023", None, None, D(2022, 12, 1), D(2023, 1, 31), "months", True),
    ("ноябрь-декабрь", AY, None, D(2022, 11, 1), D(2022, 12, 31), "months", True),
    ("декабрь-январь", AY, None, D(2022, 12, 1), D(2023, 1, 31), "months", True),
    ("Февраль-март", None, None, None, None, "unknown", False),
    ("в течение сентября-октября 2022 г.", None, None, D(2022, 9, 1), D(2022, 10, 31), "months", True),
    # --- quarters
    ("IV квартал 2022 г.", None, None, D(2022, 10, 1), D(2022, 12, 31), "quarter", True),
    ("1 кв. 2023", None, None, D(2023, 1, 1), D(2023, 3, 31), "quarter", True),
    ("1-й квартал 2023 г.", None, None, D(2023, 1, 1), D(2023, 3, 31), "quarter", True),
    ("II квартал", AY, None, D(2023, 4, 1), D(2023, 6, 30), "quarter", True),
    ("3-4 квартал 2022", None, None, D(2022, 7, 1), D(2022, 12, 31), "quarter", True),
    # --- from
    ("С 01.09.2022", None, None, D(2022, 9, 1), None, "from", True),
    ("с 1 января 2023 г.", None, None, D(2023, 1, 1), None, "from", True),
    ("С 1 января", None, REF, D(2022, 1, 1), None, "from", True),
    ("С 1 января", None, None, None, None, "unknown", False),
    ("начиная с сентября 2022", None, None, D(2022, 9, 1), None, "from", True),
    # --- recurring
    ("ежемесячно", AY, None, D(2022, 9, 1), D(2023, 8, 31), "recurring", True),
    ("Ежегодно", None, None, None, None, "recurring", True),
    ("по мере необходимости", AY, None, D(2022, 9, 1), D(2023, 8, 31), "recurring", True),
    ("Постоянно", None, REF, None, None, "recurring", True),
    # --- «ё», case, spacing
    ("  ОКТЯБРЬ   2022 Г.  ", None, None, D(2022, 10, 1), D(2022, 10, 31), "month", True),
    ("в течёние учебного года", AY, None, D(2022, 9, 1), D(2023, 8, 31), "academic_year", True),
    # --- unreadable
    ("32.13.2022", None, None, None, None, "unknown", False),
    ("31.02.2023", None, None, None, None, "unknown", False),
    ("по согласованию", AY, None, None, None, "unknown", False),
]


@pytest.mark.parametrize("phrase, academic_year, reference_date, start, end, kind, recognized", ROWS,
                         ids=[f"{i}:{row[0].strip()}" for i, row in enumerate(ROWS)])
def test_phrase(phrase, academic_year, reference_date, start, end, kind, recognized):
    deadline = parse_deadline(phrase, academic_year=academic_year, reference_date=reference_date)

    assert (deadline.start, deadline.end, deadline.kind, deadline.recognized) == (start, end, kind, recognized)
    assert deadline.text == phrase.strip()
    if not recognized:
        assert deadline.note, "an unread phrase always tells the officer why"


def test_year_taken_from_context_is_noted():
    assert parse_deadline("октябрь", academic_year=AY).note == "Год не указан: взят из учебного года"
    assert parse_deadline("С 1 января", academic_year=AY).note == "Год не указан: взят из учебного года"
    assert parse_deadline("октябрь", reference_date=REF).note.startswith("Год не указан:")
    assert parse_deadline("Октябрь 2022 г.", academic_year=AY).note == ""


def test_unknown_academic_year_is_said():
    deadline = parse_deadline("В течение учебного года")
    assert not deadline.recognized and "Учебный год неизвестен" in deadline.note


def test_recurring_has_a_russian_note():
    for phrase in ("постоянно", "ежегодно", "ежеквартально", "ежемесячно", "по графику", "по мере необходимости"):
        note = parse_deadline(phrase, academic_year=AY).note
        assert note and any("а" <= ch <= "я" for ch in note.lower()), phrase


@pytest.mark.parametrize("phrase", [
    "Апрель 2022 г.", "  24-30 августа 2022 г. ", "\tВ течение учебного года\n", "До 01 сентября 2022 г.",
    "06.02.2023 - 30.05.2023", "декабрь 2022 – январь 2023", "в течёние года", "не срок вовсе",
])
def test_text_is_kept_verbatim(phrase):
    assert parse_deadline(phrase, academic_year=AY).text == phrase.strip()


@pytest.mark.parametrize("garbage", [
    None, "", "   ", "???", "32.13.2022", "Февраль-март", "а" * 10_000, "до " * 5_000, "1-" * 3_000 + "2022",
    "29.02.2023", "00.00.0000", "99 сентября 2022", "квартал", "5 квартал 2022", "до", "с", "-", "--",
    123, 12.5, object(), ["Апрель 2022 г."], b"\xff", "\x00", "2022-2023-2024", "с по", "📅",
])
def test_never_raises(garbage):
    deadline = parse_deadline(garbage, academic_year=AY)

    assert isinstance(deadline, Deadline) and isinstance(deadline.text, str)
    if not deadline.recognized:
        assert (deadline.start, deadline.end, deadline.kind) == (None, None, "unknown") and deadline.note


def test_never_raises_on_garbage_context():
    deadline = parse_deadline("октябрь", academic_year="две тысячи", reference_date="вчера")  # type: ignore[arg-type]
    assert deadline.recognized is False and deadline.kind == "unknown"


@pytest.mark.parametrize("activity, found, end", [
    ("Провести мониторинг сайтов ОО (в срок до 10 августа 2015 года)", "в срок до 10 августа 2015 года", D(2015, 8, 10)),
    ("Рекомендовать руководителям общеобразовательных организаций в срок до 01.09.2022 организовать работу",
     "в срок до 01.09.2022", D(2022, 9, 1)),
    ("Разместить положения на сайтах до 01.09.2022.", "до 01.09.2022", D(2022, 9, 1)),
    ("Представить отчёт не позднее 1 сентября 2022 г. в Управление", "не позднее 1 сентября 2022 г.", D(2022, 9, 1)),
    ("Обновить программы до сентября 2022 г.", "до сентября 2022 г.", D(2022, 8, 31)),
])
def test_find_deadline_in_text(activity, found, end):
    deadline = find_deadline_in_text(activity, academic_year=AY)

    assert deadline is not None and deadline.recognized
    assert (deadline.text, deadline.end, deadline.kind) == (found, end, "before")


@pytest.mark.parametrize("activity", [
    "Отделу ... довести данный приказ до сведения руководителей общеобразовательных организаций",
    "Введение обновленных ФГОС НОО и ООО в 1-х и 5-х классах в 2022-2023 учебном году",
    "Мониторинг сайтов ОО по обеспечению доступности информации о ВСОКО",
    "Подготовка до 30 участников", "", None, 42,
])
def test_find_deadline_in_text_absent(activity):
    assert find_deadline_in_text(activity, academic_year=AY) is None


def test_warning_when_deadline_is_before_the_order():
    # Гурьевск, item 1: a seminar of April 2022 in an order of 25.07.2022.
    deadline = parse_deadline("Апрель 2022 г.", academic_year=AY)
    assert deadline_warnings(deadline, order_date=REF) == ["Срок «Апрель 2022 г.» раньше даты приказа (25.07.2022)"]


def test_typo_year_is_warned_too():
    deadline = parse_deadline("Февраль-март 2022 г.", academic_year=AY)  # Гурьевск item 9, most likely 2023
    assert deadline_warnings(deadline, order_date=REF) == ["Срок «Февраль-март 2022 г.» раньше даты приказа (25.07.2022)"]


@pytest.mark.parametrize("phrase", ["Август 2022 г.", "24-30 августа 2022 г.", "До 01 сентября 2022 г.",
                                    "В течение учебного года", "постоянно", "С 1 января"])
def test_no_warning_for_deadlines_after_the_order(phrase):
    assert deadline_warnings(parse_deadline(phrase, academic_year=AY), order_date=REF) == []


def test_warning_for_unrecognized_phrase():
    deadline = parse_deadline("по согласованию", academic_year=AY)
    assert deadline_warnings(deadline, order_date=REF) == ["Срок «по согласованию» не распознан: укажите даты вручную"]
    assert deadline_warnings(deadline, order_date=None) == ["Срок «по согласованию» не распознан: укажите даты вручную"]


def test_no_order_date_no_date_warning():
    assert deadline_warnings(parse_deadline("Апрель 2022 г."), order_date=None) == []


# --- issue 12: recurring and open phrases get the plan's whole period and a recurrence mark -----------------
PLAN = (D(2021, 1, 1), D(2024, 12, 31))  # a plan «на 2021 - 2024 годы»

RECURRENCE_ROWS = [
    # phrase, plan period, start, end, recurrence
    ("ежемесячно", PLAN, D(2021, 1, 1), D(2024, 12, 31), "monthly"),
    ("Еженедельно", PLAN, D(2021, 1, 1), D(2024, 12, 31), "weekly"),
    ("ежеквартально", PLAN, D(2021, 1, 1), D(2024, 12, 31), "quarterly"),
    ("ежегодно", PLAN, D(2021, 1, 1), D(2024, 12, 31), "yearly"),
    ("до 25 числа каждого месяца", PLAN, D(2021, 1, 1), D(2024, 12, 31), "monthly"),
    ("не позднее 5 числа каждого месяца", PLAN, D(2021, 1, 1), D(2024, 12, 31), "monthly"),
    ("в течение всего периода", PLAN, D(2021, 1, 1), D(2024, 12, 31), "continuous"),
    ("В течение всего периода реализации программы", PLAN, D(2021, 1, 1), D(2024, 12, 31), "continuous"),
    ("по графику Рособрнадзора", PLAN, D(2021, 1, 1), D(2024, 12, 31), "schedule"),
    ("согласно графику проведения ВПР", PLAN, D(2021, 1, 1), D(2024, 12, 31), "schedule"),
    ("постоянно", PLAN, D(2021, 1, 1), D(2024, 12, 31), "continuous"),
    ("2021-2025, ежегодно", PLAN, D(2021, 1, 1), D(2025, 12, 31), "yearly"),
    ("2022 - 2023 гг. (ежегодно)", PLAN, D(2022, 1, 1), D(2023, 12, 31), "yearly"),
    ("ежегодно, 2021-2024 годы", PLAN, D(2021, 1, 1), D(2024, 12, 31), "yearly"),
    ("ежеквартально в 2023 году", PLAN, D(2023, 1, 1), D(2023, 12, 31), "quarterly"),
    ("еженедельно", None, D(2022, 9, 1), D(2023, 8, 31), "weekly"),  # no plan period: the academic year
    ("1 раз в месяц", PLAN, D(2021, 1, 1), D(2024, 12, 31), "monthly"),
    ("не позднее 5 числа месяца, следующего за отчетным", PLAN, D(2021, 1, 1), D(2024, 12, 31), "monthly"),
    ("раз в четверть", PLAN, D(2021, 1, 1), D(2024, 12, 31), "quarterly"),
    ("1 раз в год", PLAN, D(2021, 1, 1), D(2024, 12, 31), "yearly"),
    ("по отдельному графику", PLAN, D(2021, 1, 1), D(2024, 12, 31), "schedule"),
    ("в соответствии с графиком ГИА", PLAN, D(2021, 1, 1), D(2024, 12, 31), "schedule"),
    ("по плану работы Управления", PLAN, D(2021, 1, 1), D(2024, 12, 31), "schedule"),
]


@pytest.mark.parametrize(("phrase", "period", "start", "end", "recurrence"), RECURRENCE_ROWS,
                         ids=[row[0] for row in RECURRENCE_ROWS])
def test_recurring_phrase_spans_the_plan_and_is_marked(phrase, period, start, end, recurrence):
    deadline = parse_deadline(phrase, academic_year=AY, period=period)
    assert (deadline.start, deadline.end, deadline.kind, deadline.recurrence, deadline.recognized) == \
        (start, end, "recurring", recurrence, True)
    assert deadline.text == phrase


ISSUE_12_ROWS = [
    # phrase, start, end, kind, recognized
    ("до 25 мая 2023 года включительно", None, D(2023, 5, 25), "before", True),
    ("до 01.09.2022 (включительно)", None, D(2022, 9, 1), "before", True),
    ("по 30 сентября включительно", None, D(2022, 9, 30), "before", True),
    ("25 августа 2019 года*", D(2019, 8, 25), D(2019, 8, 25), "date", True),
    ("30 октября 2020года*", D(2020, 10, 30), D(2020, 10, 30), "date", True),
    ("I полугодие 2023 г.", D(2023, 1, 1), D(2023, 6, 30), "half_year", True),
    ("2 полугодие 2022 года", D(2022, 7, 1), D(2022, 12, 31), "half_year", True),
    ("первое полугодие", D(2022, 9, 1), D(2022, 12, 31), "half_year", True),  # of the school year
    ("II полугодие", D(2023, 1, 1), D(2023, 5, 31), "half_year", True),
    ("в течение 2023 года", D(2023, 1, 1), D(2023, 12, 31), "year", True),
    ("2022-2024 гг.", D(2022, 1, 1), D(2024, 12, 31), "year", True),
    ("25 августа X - 1 года", None, None, "unknown", False),
    ("1 октября X - 1 года, далее ежегодно", None, None, "unknown", False),
]


@pytest.mark.parametrize(("phrase", "start", "end", "kind", "recognized"), ISSUE_12_ROWS,
                         ids=[row[0] for row in ISSUE_12_ROWS])
def test_issue_12_phrase(phrase, start, end, kind, recognized):
    deadline = parse_deadline(phrase, academic_year=AY, period=PLAN)
    assert (deadline.start, deadline.end, deadline.kind, deadline.recognized) == (start, end, kind, recognized)
    assert deadline.recurrence == ""
