"""The arithmetic of the signs against figures worked out by hand."""
import pytest

from monitoring.vpr import stats


def test_mean_ci_by_hand():
    # 2, 4, 4, 4, 5, 5, 7, 9: n 8, Σ 40, Σx² 232; mean 5; s² = (232 − 200) / 7 = 4.5714; s = 2.1381;
    # half-width 1.96 · 2.1381 / √8 = 1.4816
    ci = stats.mean_ci(8, 40, 232)
    assert ci.mean == 5
    assert ci.sd == pytest.approx(2.13809, abs=1e-5)
    assert (ci.low, ci.high) == (pytest.approx(3.51838, abs=1e-5), pytest.approx(6.48162, abs=1e-5))


def test_mean_ci_of_one_value():
    ci = stats.mean_ci(1, 7, 49)
    assert (ci.mean, ci.sd, ci.low, ci.high) == (7, 0, 7, 7)
    assert stats.mean_ci(0, 0, 0) is None


@pytest.mark.parametrize("pairs,expected", [
    ([(2, 1), (3, 2), (4, 3), (5, 4)], 1.0),
    ([(2, 4), (3, 3), (4, 2), (5, 1)], -1.0),
    # ties: x ranks 1.5 1.5 3.5 3.5, y ranks 1 2 3 4: Σdxdy 4, Σdx² 4, Σdy² 5 -> 4 / √20
    ([(1, 1), (1, 2), (2, 3), (2, 4)], 0.894427),
    ([(3, 1), (3, 2), (3, 3)], None),  # one journal mark for all: no correlation to speak of
])
def test_spearman_by_hand(pairs, expected):
    table = {}
    for pair in pairs:
        table[pair] = table.get(pair, 0) + 1
    rho = stats.spearman(table)
    assert rho == (None if expected is None else pytest.approx(expected, abs=1e-6))


def test_spearman_from_counts_equals_spearman_of_the_rows():
    # the same data as counts: 10 × (5, 8) and 10 × (3, 12) -> perfectly inverse
    assert stats.spearman({(5, 8): 10, (3, 12): 10}) == pytest.approx(-1.0)


@pytest.mark.parametrize("region,n,expected", [
    (0.10, 100, 0.20),  # 3 · √(0.1 · 0.9 / 100) = 0.09 < 10 p.p. -> 0.1 + 0.1
    (0.10, 25, 0.28),   # 3 · √(0.09 / 25) = 0.18 -> 0.1 + 0.18
    (1 / 6, 20, 1 / 6 + 0.25),  # 3 · √(1/6 · 5/6 / 20) = 0.25
])
def test_raised_threshold(region, n, expected):
    assert stats.raised_threshold(region, n) == pytest.approx(expected)


def test_iqr_fences_by_hand():
    # inclusive quartiles of 1, 2, 3, 4, 5: Q1 2, Q3 4, IQR 2 -> −4 … 10
    fences = stats.iqr_fences([5, 1, 3, 2, 4])
    assert (fences.q1, fences.q3, fences.low, fences.high) == (2, 4, -4, 10)
    assert stats.iqr_fences([1, 2, 3]) is None  # too few schools
