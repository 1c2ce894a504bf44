"""The lean pass that judges every school of a region (signs._states) against the per-school rules that write the
signs' texts (signs._rule_signs), on a table of hand-made schools, each verdict also worked out by hand.

Region: n 1000, Σ 12000, Σx² 160000 -> mean 12, s² = 16000 / 999, s 4.00200, 95 % CI 11.7520 … 12.2480;
«повысили» 150 of 1000 = 0.15. Cohort fences: Q1 0.9, Q3 1.1, 0.3 … 1.7.
«Повысили» threshold: 0.15 + max(0.10, 3·√(0.15·0.85/k)): k 20 -> 0.3895, k 100 -> 0.2571, k 1000 -> 0.25.
"""
from types import SimpleNamespace

import pytest

from monitoring.vpr import selectors, signs, stats
from tests.factories import make_school

from .factories import add_results, make_round

ROUND = SimpleNamespace(year=2024, grade=5, subject="математика", max_score=20)
PREVIOUS = SimpleNamespace(year=2023, grade=4, subject="математика", max_score=20)


def _row(n, s, ss, compared=0, raised=0, rho=None):
    return {"n": n, "s": s, "ss": ss, "compared": compared, "raised": raised, "rho": rho, "region": 1}


# name: (row, cohort ratio or None, expected (high mean, negative correlation, raised share, cohort jump))
SCHOOLS = {
    "19 участников": (_row(19, 380, 7600, 19, 19, -0.5), None, ("small", "small", "small", "small")),
    "все по 20 баллов": (_row(20, 400, 8000, 20, 3, 0.4), 2.0, ("found", "clear", "clear", "found")),
    # mean 12.25, s 4: low 12.25 − 1.96·4/20 = 11.858, not above 12.248
    "среднее чуть выше региона": (_row(400, 4900, 66409, 100, 25, 0.3), 1.1, ("clear", "clear", "clear", "clear")),
    "без баллов и отметок": (_row(25, None, None), None, ("clear", "small", "small", "small")),
    # Σx² a hair below n·x̄² in floating point: the variance comes out negative and counts as 0
    "разброс ноль с погрешностью": (_row(30, 3.0, 0.3, 30, 0, 0.0), 0.3, ("clear", "clear", "clear", "clear")),
    "одна отметка по журналу": (_row(30, 300, 3300, 30, 0, None), 0.29, ("clear", "none", "clear", "found")),
    "ρ чуть ниже нуля": (_row(30, 300, 3300, 30, 0, -0.01), 1.7, ("clear", "found", "clear", "clear")),
    "повысили 40 из 100": (_row(100, 1000, 11000, 100, 40, 0.5), 1.71, ("clear", "clear", "found", "found")),
    "повысили 240 из 1000": (_row(1000, 12000, 160000, 1000, 240, 0.5), None, ("clear", "clear", "clear", "small")),
    "повысили 260 из 1000": (_row(1000, 12000, 160000, 1000, 260, 0.5), None, ("clear", "clear", "found", "small")),
}
FENCES = stats.Fences(q1=0.9, q3=1.1, low=0.3, high=1.7)


def _region(fences=FENCES, previous=PREVIOUS):
    region = signs.RegionFigures(ci=stats.mean_ci(1000, 12000, 160000), compared=1000, raised=150, fences=fences,
                                 previous=previous)
    region.ratios = {i: (50.0, 50.0 * ratio, ratio) for i, (_, ratio, _) in enumerate(SCHOOLS.values())
                     if ratio is not None}
    return region


def _judge(region, previous):
    per_school = {i: row for i, (row, _, _) in enumerate(SCHOOLS.values())}
    fast = signs._states(list(per_school), per_school, region, previous)
    rules = {i: tuple(s.state for s in signs._rule_signs(i, row, stats.mean_ci(row["n"], row["s"] or 0, row["ss"] or 0),
                                                         region, ROUND, previous))
             for i, row in per_school.items()}
    return fast, rules


def test_region_by_hand():
    region = _region()
    assert (region.ci.low, region.ci.high) == (pytest.approx(11.75195, abs=1e-5), pytest.approx(12.24805, abs=1e-5))
    assert stats.raised_threshold(0.15, 20) == pytest.approx(0.38953, abs=1e-5)


@pytest.mark.parametrize("index,name", list(enumerate(SCHOOLS)))
def test_fast_pass_gives_the_rules_verdicts(index, name):
    fast, rules = _judge(_region(), PREVIOUS)
    assert fast[index] == rules[index] == SCHOOLS[name][2]


def test_without_previous_round_or_fences():
    fast, rules = _judge(_region(previous=None), None)
    assert fast == rules
    assert {states[3] for states in fast.values()} == {"none"}
    fast, rules = _judge(_region(fences=None), PREVIOUS)
    assert fast == rules
    assert [states[3] for states in fast.values()] == [
        "small" if ratio is None else "none" for _, ratio, _ in SCHOOLS.values()]


def test_report_builds_its_signs_only_when_read():
    region = _region()
    row, _, expected = SCHOOLS["все по 20 баллов"]
    report = signs.SchoolSigns(1, row, expected, (region, ROUND, PREVIOUS))
    assert report._signs is None and report.any_found and not report.small
    assert [s.code for s in report.found] == ["high_mean", "cohort_jump"]
    assert "Интервал школы целиком выше регионального" in report.sign("high_mean").explanation
    quiet = signs.SchoolSigns(2, SCHOOLS["повысили 240 из 1000"][0], ("clear", "clear", "clear", "small"),
                              (region, ROUND, PREVIOUS))
    assert quiet.found == [] and quiet._signs is None  # a school without signs costs no objects


@pytest.mark.django_db
def test_round_signs_states_match_their_signs(world):
    m = world.home.municipality
    round_ = make_round()
    rows = {"A": [(20, 20, 5, 5)], "B": [(10, 8, 3, 5), (10, 12, 3, 3)], "C": [(10, 10, 4, 3), (10, 10, 3, 3)],
            "D": [(5, 10, 3, None)], "E": [(30, 12, 4, 4)]}
    for name, results in rows.items():
        add_results(round_, make_school(m, f"Школа {name}"), results)
    figures, reports = selectors.round_signs(round_)
    assert len(reports) == 5
    for report in reports.values():
        assert report.states == tuple(s.state for s in report.signs)
    assert sorted(s.code for r in reports.values() for s in r.found) == ["high_mean", "negative_correlation",
                                                                          "raised_share"]
    assert (figures.judged, figures.flagged) == (4, 3)
