"""Each rule of the federal recommendations, table-driven: cases inside and just outside every limit."""
from datetime import date, timedelta

import pytest

from monitoring.procedures.choices import Rule
from monitoring.procedures.rules import (
    Row,
    check_all,
    check_edge_lessons,
    check_frequency,
    check_per_day,
    check_share,
    last_lesson_for,
    subjects_without_hours,
)

D0 = date(2022, 10, 3)


def row(id, cls="5А", subject="Математика", day=D0, lesson=3):
    parallel, letter = int(cls.rstrip("АБВГ")), cls[len(cls.rstrip("АБВГ")):]
    return Row(id=id, parallel=parallel, letter=letter, subject=subject, subject_key=subject.lower(), date=day,
               lesson=lesson)


# (a) no more often than once in 2.5 weeks: at least 18 days between two works of a subject for a class
FREQUENCY_CASES = [
    # (name, gaps in days between consecutive works, breaches expected)
    ("one work", [], 0),
    ("exactly 18 days — allowed", [18], 0),
    ("17 days — just outside", [17], 1),
    ("2.5 weeks rounded down (17) then fine", [17, 30], 1),
    ("three well spaced", [18, 25], 0),
    ("two short gaps", [10, 5], 2),
    ("same day twice counts once here", [0], 0),
]


@pytest.mark.parametrize("name, gaps, expected", FREQUENCY_CASES, ids=[c[0] for c in FREQUENCY_CASES])
def test_frequency(name, gaps, expected):
    days = [D0]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    rows = [row(i, day=d) for i, d in enumerate(days)]
    breaches = check_frequency(rows)
    assert len(breaches) == expected
    for breach in breaches:
        assert breach.rule == Rule.FREQUENCY and "2,5 недели" in breach.reason and "5А" in breach.reason


FREQUENCY_SCOPE_CASES = [
    # (name, rows, expected breaches, expected class labels)
    ("different classes of a parallel are separate", [row(1, "5А"), row(2, "5Б", day=D0 + timedelta(days=4))], 0, []),
    ("different subjects are separate", [row(1), row(2, subject="Русский язык", day=D0 + timedelta(days=30))], 0, []),
    ("a whole-parallel row reaches each lettered class",
     [Row(1, 5, "", "Математика", "математика", D0), row(2, "5А", day=D0 + timedelta(days=7))], 1, ["5А"]),
    ("whole-parallel rows only: the parallel's breach",
     [Row(1, 5, "", "Математика", "математика", D0), Row(2, 5, "", "Математика", "математика", D0 + timedelta(days=7))],
     1, ["5-е классы"]),
]


@pytest.mark.parametrize("name, rows, expected, labels", FREQUENCY_SCOPE_CASES, ids=[c[0] for c in FREQUENCY_SCOPE_CASES])
def test_frequency_scope(name, rows, expected, labels):
    breaches = check_frequency(rows)
    assert len(breaches) == expected
    assert [b.class_label for b in breaches] == labels


# (b) at most 10 % of the subject's yearly hours in the parallel; one work = one lesson hour
SHARE_CASES = [
    # (name, works, hours per year, breaches expected)
    ("34 h: 3 works allowed", 3, 34, 0),
    ("34 h: 4 works — just outside", 4, 34, 1),
    ("30 h: 3 works = exactly 10 %", 3, 30, 0),
    ("30 h: 4 works", 4, 30, 1),
    ("102 h: 10 works", 10, 102, 0),
    ("102 h: 11 works", 11, 102, 1),
    ("136 h: 13 works", 13, 136, 0),
    ("no hours known: not checked", 20, None, 0),
]


@pytest.mark.parametrize("name, works, hours, expected", SHARE_CASES, ids=[c[0] for c in SHARE_CASES])
def test_share(name, works, hours, expected):
    rows = [row(i, day=D0 + timedelta(days=20 * i)) for i in range(works)]
    breaches = check_share(rows, {(5, "математика"): hours} if hours else {})
    assert len(breaches) == expected
    if expected:
        assert "10 %" in breaches[0].reason and f"при {hours} ч" in breaches[0].reason
        assert len(breaches[0].row_ids) == works


# (c) at most one work a day for a class
PER_DAY_CASES = [
    ("one subject a day", [("5А", "Математика", D0), ("5А", "Русский язык", D0 + timedelta(days=1))], 0),
    ("two subjects, one class, one day", [("5А", "Математика", D0), ("5А", "Русский язык", D0)], 1),
    ("two classes, one day each", [("5А", "Математика", D0), ("5Б", "Русский язык", D0)], 0),
    ("three subjects, one day", [("6А", "Математика", D0), ("6А", "История", D0), ("6А", "Биология", D0)], 1),
]


@pytest.mark.parametrize("name, spec, expected", PER_DAY_CASES, ids=[c[0] for c in PER_DAY_CASES])
def test_per_day(name, spec, expected):
    rows = [row(i, cls, subject, day) for i, (cls, subject, day) in enumerate(spec)]
    breaches = check_per_day(rows)
    assert len(breaches) == expected
    if expected:
        assert "не более одной" in breaches[0].reason and len(breaches[0].row_ids) == len(spec)


# (d) not on the first or last lesson unless the subject has at most one lesson a week
EDGE_CASES = [
    # (name, class, lesson, hours per year, last lesson setting, breaches)
    ("2nd lesson is fine", "5А", 2, 170, None, 0),
    ("1st lesson, 5 h a week", "5А", 1, 170, None, 1),
    ("1st lesson, 34 h (1 a week) — exception", "5А", 1, 34, None, 0),
    ("1st lesson, 35 h — just over one a week", "5А", 1, 35, None, 1),
    ("1st grade: 33 h is one a week", "1А", 1, 33, None, 0),
    ("1st grade: 34 h is more than one a week", "1А", 1, 34, None, 1),
    ("5th–11th: lesson 6 is the last by default", "5А", 6, 170, None, 1),
    ("5th–11th: lesson 5 is before the last", "5А", 5, 170, None, 0),
    ("1st–4th: lesson 5 is the last by default", "4А", 5, 136, None, 1),
    ("1st–4th: lesson 4 is fine", "4А", 4, 136, None, 0),
    ("school setting: last is 7th, 6th is fine", "7А", 6, 170, {"senior": 7}, 0),
    ("school setting: last is 7th", "7А", 7, 170, {"senior": 7}, 1),
    ("no hours: exception not granted", "5А", 1, None, None, 1),
    ("no lesson number: not checked", "5А", None, 170, None, 0),
]


@pytest.mark.parametrize("name, cls, lesson, hours, setting, expected", EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_edge_lessons(name, cls, lesson, hours, setting, expected):
    target = row(1, cls, lesson=lesson)
    breaches = check_edge_lessons([target], {(target.parallel, "математика"): hours} if hours else {},
                                  last_lesson_for(setting))
    assert len(breaches) == expected
    if expected:
        assert "урок" in breaches[0].reason and breaches[0].row_ids == (1,)


def test_check_all_lists_every_rule_once_and_notes_missing_hours():
    rows = [
        row(1, day=D0, lesson=1),
        row(2, day=D0 + timedelta(days=7)),
        row(3, subject="Русский язык", day=D0 + timedelta(days=7)),
    ]
    breaches = check_all(rows, {(5, "математика"): 170})
    assert sorted(b.rule for b in breaches) == sorted([Rule.FREQUENCY, Rule.PER_DAY, Rule.EDGE_LESSON])
    assert subjects_without_hours(rows, {(5, "математика"): 170}) == [(5, "Русский язык")]
