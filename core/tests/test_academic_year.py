from datetime import date

import pytest

from core.academic_year import academic_year_bounds, academic_year_of, academic_year_planned_on, calendar_year_of_month


@pytest.mark.parametrize(("day", "year"), [
    (date(2022, 9, 1), 2022), (date(2022, 12, 31), 2022), (date(2023, 1, 1), 2022), (date(2023, 8, 31), 2022),
    (date(2022, 7, 15), 2021),
])
def test_academic_year_starts_on_1_september(day, year):
    assert academic_year_of(day) == year


@pytest.mark.parametrize(("day", "year"), [
    (date(2022, 7, 15), 2022), (date(2022, 6, 1), 2022), (date(2022, 5, 31), 2021), (date(2022, 10, 1), 2022),
])
def test_a_plan_signed_in_summer_is_for_the_coming_year(day, year):
    assert academic_year_planned_on(day) == year


def test_bounds_and_months():
    assert academic_year_bounds(2022) == (date(2022, 9, 1), date(2023, 8, 31))
    assert [calendar_year_of_month(2022, m) for m in (9, 12, 1, 8)] == [2022, 2022, 2023, 2023]
