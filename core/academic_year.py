"""The one academic-year rule: a Russian academic year runs from 1 September to 31 August.

An academic year is named by the calendar year it starts in (2022 for 2022–2023).
"""
from datetime import date

START_MONTH = 9  # 1 September
PLANNING_START_MONTH = 6  # from June, plans are made for the coming year


def academic_year_of(day: date) -> int:
    """The academic year ``day`` falls in: 15.09.2022 → 2022, 15.07.2022 → 2021."""
    return day.year if day.month >= START_MONTH else day.year - 1


def academic_year_planned_on(day: date) -> int:
    """The academic year a plan signed on ``day`` is for: one signed in summer (June–August, after the classes
    of the closing year ended) plans the coming year; 25.07.2022 → 2022, 15.03.2022 → 2021."""
    return academic_year_of(day) + (PLANNING_START_MONTH <= day.month < START_MONTH)


def academic_year_bounds(year: int) -> tuple[date, date]:
    """1 September of ``year`` … 31 August of the next."""
    return date(year, START_MONTH, 1), date(year + 1, START_MONTH - 1, 31)


def calendar_year_of_month(year: int, month: int) -> int:
    """The calendar year a month of academic year ``year`` falls in: September–December the first, the rest the next."""
    return year if month >= START_MONTH else year + 1
