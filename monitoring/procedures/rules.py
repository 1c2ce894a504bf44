"""The federal recommendations on schedules of assessment procedures, as pure functions.

Source: letters of Минпросвещения России № СК-228/03 and Рособрнадзора № 01-169/08-01 of 06.08.2021
(«Рекомендации для системы общего образования по основным подходам к формированию графика проведения
оценочных процедур в общеобразовательных организациях»), repeated in later years. How the portal reads them:

* Whom a rule protects. The limits are on a pupil's load, and a pupil sits in one class: every rule is checked
  per class. A row for a whole parallel («5-е классы», «5») is a procedure of every class of that parallel
  (the classes the schedule names with a letter; if it names none, the parallel is one class).
* (a) FREQUENCY — «не чаще одного раза в 2,5 недели» per subject: 2.5 weeks = 17.5 days, so two consecutive
  procedures of one subject for one class must be at least 18 calendar days apart (17 days is a breach).
  Two on the same date count as one date here (rule c catches the second).
* (b) SHARE — «не более 10 % от всего объема учебного времени, отводимого на изучение учебного предмета в
  данной параллели в текущем учебном году»: each procedure takes one lesson hour, so a class may have at most
  hours_per_year × 10 % procedures of the subject (34 h → 3, 30 h → 3, 102 h → 10). No hours known → not
  checked, listed as a note.
* (c) PER_DAY — «не более одной оценочной процедуры в день» for one class: two or more subjects on one date.
* (d) EDGE_LESSON — «не на первом и не на последнем уроке, за исключением учебных предметов, для которых
  это является единственным уроком в неделю»: lesson 1, or a lesson at or after the class's last lesson, unless
  the subject has at most one lesson a week (hours_per_year ≤ 34; ≤ 33 in the 1st grade, which has 33 weeks).
  The last lesson of the day is a setting of the schedule (one number for grades 1–4, one for 5–11; defaults
  5 and 6) — the schools' published schedules do not carry their timetable. Rows without a lesson number are
  not checked; with hours unknown the exception cannot be granted.
"""
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from .choices import Rule
from .parsing import class_label

MIN_GAP_DAYS = 18  # 2.5 weeks = 17.5 days, rounded up to whole days
MAX_SHARE_PERCENT = 10
DEFAULT_LAST_LESSON = {"primary": 5, "senior": 6}


@dataclass(frozen=True)
class Row:
    id: int
    parallel: int
    letter: str  # '' — the whole parallel
    subject: str  # as written (shown in reasons)
    subject_key: str
    date: date
    lesson: int | None = None


@dataclass(frozen=True)
class Breach:
    rule: str
    parallel: int
    class_label: str
    subject: str
    row_ids: tuple[int, ...]
    reason: str
    dates: tuple[date, ...] = field(default=())


def weeks_in_year(parallel: int) -> int:
    return 33 if parallel == 1 else 34


def _fmt(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _classes(rows: Iterable[Row]) -> dict[tuple[int, str], list[Row]]:
    """Each class's procedures: its own rows plus its parallel's whole-parallel rows."""
    letters: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        if row.letter:
            letters[row.parallel].add(row.letter)
    timelines: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for row in rows:
        targets = [row.letter] if row.letter else (sorted(letters[row.parallel]) or [""])
        for letter in targets:
            timelines[(row.parallel, letter)].append(row)
    return timelines


def _label(parallel: int, letter: str, rows: Iterable[Row]) -> str:
    # A breach made only of whole-parallel rows is the parallel's, not one class's.
    return class_label(parallel, letter) if any(r.letter for r in rows) else class_label(parallel, "")


def _dedupe(breaches: list[Breach]) -> list[Breach]:
    seen, unique = set(), []
    for breach in breaches:
        key = (breach.rule, breach.row_ids)
        if key not in seen:
            seen.add(key)
            unique.append(breach)
    return unique


def _by_class_and_subject(rows: list[Row]) -> Iterator[tuple[int, str, str, list[Row]]]:
    """(parallel, letter, subject key, that subject's rows) for each class's timeline, classes in order."""
    for (parallel, letter), timeline in sorted(_classes(rows).items()):
        by_subject: dict[str, list[Row]] = defaultdict(list)
        for row in timeline:
            by_subject[row.subject_key].append(row)
        for key, subject_rows in by_subject.items():
            yield parallel, letter, key, subject_rows


def check_frequency(rows: list[Row]) -> list[Breach]:
    found = []
    for parallel, letter, _, subject_rows in _by_class_and_subject(rows):
        dates = sorted({r.date for r in subject_rows})
        for first, second in zip(dates, dates[1:]):
            gap = (second - first).days
            if gap >= MIN_GAP_DAYS:
                continue
            involved = [r for r in subject_rows if r.date in (first, second)]
            label = _label(parallel, letter, involved)
            found.append(Breach(
                Rule.FREQUENCY, parallel, label, involved[0].subject, tuple(sorted({r.id for r in involved})),
                f"{involved[0].subject}, {label}: работы {_fmt(first)} и {_fmt(second)} — через {gap} дн. "
                f"Рекомендовано не чаще одного раза в 2,5 недели (не менее {MIN_GAP_DAYS} дней между работами).",
                (first, second),
            ))
    return _dedupe(found)


def check_share(rows: list[Row], hours: Mapping[tuple[int, str], int]) -> list[Breach]:
    found = []
    for parallel, letter, key, subject_rows in _by_class_and_subject(rows):
        per_year = hours.get((parallel, key))
        if not per_year or len(subject_rows) * 100 <= per_year * MAX_SHARE_PERCENT:
            continue
        allowed = per_year * MAX_SHARE_PERCENT // 100
        label = _label(parallel, letter, subject_rows)
        found.append(Breach(
            Rule.SHARE, parallel, label, subject_rows[0].subject, tuple(sorted({r.id for r in subject_rows})),
            f"{subject_rows[0].subject}, {label}: {len(subject_rows)} работ(ы) при {per_year} ч в год — больше "
            f"{MAX_SHARE_PERCENT} % учебного времени предмета (допустимо не более {allowed}).",
        ))
    return _dedupe(found)


def check_per_day(rows: list[Row]) -> list[Breach]:
    found = []
    for (parallel, letter), timeline in sorted(_classes(rows).items()):
        by_day: dict[date, list[Row]] = defaultdict(list)
        for row in timeline:
            by_day[row.date].append(row)
        for day, day_rows in sorted(by_day.items()):
            subjects = sorted({r.subject for r in day_rows}, key=str.lower)
            if len({r.subject_key for r in day_rows}) < 2:
                continue
            label = _label(parallel, letter, day_rows)
            found.append(Breach(
                Rule.PER_DAY, parallel, label, ", ".join(subjects), tuple(sorted({r.id for r in day_rows})),
                f"{label}, {_fmt(day)}: {len(subjects)} работы в один день ({', '.join(s.lower() for s in subjects)}). "
                f"Рекомендовано не более одной оценочной процедуры в день для класса.",
                (day,),
            ))
    return _dedupe(found)


def last_lesson_for(settings: Mapping[str, int] | None = None) -> Callable[[int], int]:
    settings = {**DEFAULT_LAST_LESSON, **(settings or {})}
    return lambda parallel: settings["primary"] if parallel <= 4 else settings["senior"]


def check_edge_lessons(rows: list[Row], hours: Mapping[tuple[int, str], int],
                       last_lesson: Callable[[int], int] | None = None) -> list[Breach]:
    last_lesson = last_lesson or last_lesson_for()
    found = []
    for row in sorted(rows, key=lambda r: (r.parallel, r.letter, r.date, r.id)):
        if row.lesson is None:
            continue
        last = last_lesson(row.parallel)
        if row.lesson not in (1,) and row.lesson < last:
            continue
        per_year = hours.get((row.parallel, row.subject_key))
        weeks = weeks_in_year(row.parallel)
        if per_year and per_year <= weeks:
            continue  # at most one lesson a week: the first or last lesson is allowed
        which = "первом" if row.lesson == 1 else "последнем"
        if per_year:
            why = f"у предмета {per_year} ч в год — больше одного урока в неделю"
        else:
            why = "часы предмета в учебном плане не указаны, исключение не подтверждено"
        label = class_label(row.parallel, row.letter)
        found.append(Breach(
            Rule.EDGE_LESSON, row.parallel, label, row.subject, (row.id,),
            f"{row.subject}, {label}, {_fmt(row.date)}: работа на {which} уроке ({row.lesson}-й; последний урок "
            f"для {row.parallel}-х классов — {last}-й). Первый и последний уроки допустимы только для предметов "
            f"с одним уроком в неделю; {why}.",
            (row.date,),
        ))
    return found


def check_all(rows: list[Row], hours: Mapping[tuple[int, str], int],
              last_lesson: Callable[[int], int] | None = None) -> list[Breach]:
    return [*check_frequency(rows), *check_share(rows, hours), *check_per_day(rows),
            *check_edge_lessons(rows, hours, last_lesson)]


def subjects_without_hours(rows: Iterable[Row], hours: Mapping[tuple[int, str], int]) -> list[tuple[int, str]]:
    """(parallel, subject as written) of rows the 10 % rule could not check."""
    missing = {}
    for row in rows:
        if (row.parallel, row.subject_key) not in hours:
            missing.setdefault((row.parallel, row.subject_key), row.subject)
    return sorted((parallel, subject) for (parallel, _), subject in missing.items())
