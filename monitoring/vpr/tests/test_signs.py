"""Signs of non-objective results on a small region whose figures are worked out by hand.

A: 20 × (20 баллов, 5, журнал 5)                 — mean far above the region
B: 10 × (8, 3, журнал 5) + 10 × (12, 3, журнал 3) — better journal, worse work: ρ = −1
C: 10 × (10, 4, журнал 3) + 10 × (10, 3, журнал 3) — «повысили» 50 % against 16.7 % in the region
D: 5 × (10, 3, no journal mark)                   — too small to judge
Region: n 65, Σ 850, Σx² 12580 -> mean 13.0769, s 4.78379, 95 % CI 11.9139 … 14.2399;
«повысили» 10 of 60 compared = 1/6; C's threshold 1/6 + 3·√(1/6·5/6/20) = 0.41667.
"""
import pytest

from monitoring.vpr import selectors
from monitoring.vpr.models import Sign
from tests.factories import make_school

from .factories import add_results, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(world):
    m = world.home.municipality
    schools = {name: make_school(m, f"Школа {name}") for name in "ABCD"}
    round_ = make_round()
    add_results(round_, schools["A"], [(20, 20, 5, 5)])
    add_results(round_, schools["B"], [(10, 8, 3, 5), (10, 12, 3, 3)])
    add_results(round_, schools["C"], [(10, 10, 4, 3), (10, 10, 3, 3)])
    add_results(round_, schools["D"], [(5, 10, 3, None)])
    return round_, schools


def _states(report):
    return {s.code: s.state for s in report.signs}


def test_region_figures(region):
    round_, _ = region
    figures, reports = selectors.round_signs(round_)
    assert figures.ci.n == 65
    assert figures.ci.mean == pytest.approx(13.0769, abs=1e-4)
    assert figures.ci.sd == pytest.approx(4.78379, abs=1e-4)
    assert (figures.ci.low, figures.ci.high) == (pytest.approx(11.9139, abs=1e-3), pytest.approx(14.2399, abs=1e-3))
    assert figures.raised_share == pytest.approx(1 / 6)
    assert (figures.schools, figures.judged, figures.flagged) == (4, 3, 3)
    assert figures.index == 0.0


def test_each_school_shows_its_sign(region):
    round_, schools = region
    _, reports = selectors.round_signs(round_)
    a, b, c, d = (reports[schools[n].pk] for n in "ABCD")
    assert _states(a) == {Sign.HIGH_MEAN: "found", Sign.NEGATIVE_CORRELATION: "none", Sign.RAISED_SHARE: "clear",
                          Sign.COHORT_JUMP: "none"}
    assert a.sign(Sign.HIGH_MEAN).figures["low"] == 20.0
    assert _states(b)[Sign.HIGH_MEAN] == "clear"
    assert (b.ci.low, b.ci.high) == (pytest.approx(9.1007, abs=1e-3), pytest.approx(10.8993, abs=1e-3))
    assert _states(b)[Sign.NEGATIVE_CORRELATION] == "found"
    assert b.sign(Sign.NEGATIVE_CORRELATION).figures["rho"] == -1.0
    assert "ρ = -1,00" in b.sign(Sign.NEGATIVE_CORRELATION).explanation
    assert _states(c)[Sign.RAISED_SHARE] == "found"
    raised = c.sign(Sign.RAISED_SHARE).figures
    assert (raised["share"], raised["threshold"]) == (0.5, pytest.approx(0.4167, abs=1e-4))
    assert "«Повысили»" in c.sign(Sign.RAISED_SHARE).explanation and "50,0 %" in c.sign(Sign.RAISED_SHARE).explanation
    assert d.small and set(_states(d).values()) <= {"small", "none"}
    assert "Мало данных: участников 5" in d.sign(Sign.HIGH_MEAN).explanation


def test_cohort_jump_by_hand(world):
    # Five schools, 20 pupils each; last year 50 % everywhere, this year 50, 50, 50, 55, 100 % ->
    # ratios 1, 1, 1, 1.1, 2; inclusive Q1 1, Q3 1.1, IQR 0.1; fences 0.7 … 1.4: only the last is outside.
    m = world.home.municipality
    before, now = make_round(year=2022, grade=4), make_round(year=2023, grade=5)
    schools = [make_school(m, f"Школа {i}") for i in range(5)]
    for school, score in zip(schools, (10, 10, 10, 11, 20)):
        add_results(before, school, [(20, 10, 3, 3)])
        add_results(now, school, [(20, score, 3, 3)])
    _, reports = selectors.round_signs(now)
    states = [reports[s.pk].sign(Sign.COHORT_JUMP).state for s in schools]
    assert states == ["clear", "clear", "clear", "clear", "found"]
    figures = reports[schools[4].pk].sign(Sign.COHORT_JUMP).figures
    assert (figures["q1"], figures["q3"], figures["low"], figures["high"], figures["ratio"]) == (
        1.0, 1.1, 0.7, 1.4, 2.0)
    _, earlier = selectors.round_signs(before)
    assert earlier[schools[0].pk].sign(Sign.COHORT_JUMP).state == "none"  # no round a year before


def test_signs_take_a_bounded_number_of_queries(region, django_assert_max_num_queries):
    round_, _ = region
    with django_assert_max_num_queries(2):  # the school figures (one SQL pass) and the cohort's previous round
        selectors.round_signs(round_)


def test_database_spearman_equals_the_reference_on_random_data(world):
    """The SQL ranks (cumulative counts) give the same ρ as stats.spearman on the same pairs, ties included."""
    import random

    from monitoring.vpr import stats

    rng = random.Random(7)
    round_ = make_round()
    school = make_school(world.home.municipality, "Школа случайная")
    rows, table = [], {}
    for _ in range(60):
        journal = rng.choice([2, 3, 4, 5, None])
        score = rng.randint(0, 20)
        rows.append((1, score, 3, journal))
        if journal is not None:
            table[(journal, score)] = table.get((journal, score), 0) + 1
    add_results(round_, school, rows)
    figures = selectors.school_figures(round_)[school.pk]
    assert figures["rho"] == pytest.approx(stats.spearman(table), abs=1e-9)
    assert figures["n"] == 60 and figures["compared"] == sum(table.values())


def test_each_school_is_judged_against_its_own_region(world):
    """Region 42 writes at 10 points, region 54 at 19: neither region's schools stand out in their own region,
    though 54's would against 42's."""
    from tests.factories import make_municipality, make_region

    round_ = make_round()
    other = make_municipality("Новосибирск", region=make_region("54", "Новосибирская область"))
    home = [make_school(world.home.municipality, f"Школа 42-{i}") for i in range(3)]
    away = [make_school(other, f"Школа 54-{i}") for i in range(3)]
    for school in home:
        add_results(round_, school, [(10, 9, 3, 3), (10, 11, 3, 3)])
    for school in away:
        add_results(round_, school, [(10, 18, 5, 5), (10, 20, 5, 5)])
    figures, reports = selectors.round_signs(round_)
    assert not any(r.sign(Sign.HIGH_MEAN).found for r in reports.values())
    assert figures.ci.n == 120  # two regions: their figures together
    only_away, _ = selectors.round_signs(round_, school_ids=[s.pk for s in away])
    assert (only_away.ci.n, only_away.ci.mean) == (60, 19.0)
