"""The arithmetic of the signs, on per-school aggregates (counts, sums, sums of squares, small contingency tables)
that the database computes. Pure functions: the tests check them against figures worked out by hand.
"""
import math
import statistics
from dataclasses import dataclass

Z95 = 1.96
MIN_SAMPLE = 20  # fewer participants: «мало данных», not judged (ФИОКО: below 20 the picture is limited)
RAISED_MIN_GAP = 0.10  # «повысили» at least 10 percentage points above the region …
RAISED_SE_FACTOR = 3  # … and at least 3 standard errors of a share of the school's size above it
COHORT_IQR_FACTOR = 3  # fences Q1 − 3·IQR … Q3 + 3·IQR, as the federal methodology of the objectivity index
COHORT_MIN_SCHOOLS = 4  # fewer schools with both rounds: no quartiles worth the name


@dataclass(frozen=True)
class MeanCI:
    n: int
    mean: float
    sd: float
    low: float
    high: float


def mean_ci(n: int, total: float, total_sq: float) -> MeanCI | None:
    """x̄ ± 1.96·s/√n from n, Σx and Σx² (s: the sample standard deviation, n − 1)."""
    if not n:
        return None
    mean = total / n
    variance = (total_sq - n * mean * mean) / (n - 1) if n > 1 else 0.0
    sd = math.sqrt(max(variance, 0.0))
    half = Z95 * sd / math.sqrt(n)
    return MeanCI(n=n, mean=mean, sd=sd, low=mean - half, high=mean + half)


def _average_ranks(counts: dict) -> dict:
    """value -> its average rank among all observations (ties share the mean of their ranks)."""
    ranks, before = {}, 0
    for value in sorted(counts):
        c = counts[value]
        ranks[value] = before + (c + 1) / 2
        before += c
    return ranks


def spearman(table: dict[tuple, int]) -> float | None:
    """Spearman's ρ from a contingency table {(x, y): count}: Pearson's r of the average ranks.

    None when either variable does not vary (every journal mark the same, say): no correlation to speak of.
    """
    n = sum(table.values())
    if n < 2:
        return None
    x_counts, y_counts = {}, {}
    for (x, y), c in table.items():
        x_counts[x] = x_counts.get(x, 0) + c
        y_counts[y] = y_counts.get(y, 0) + c
    rx, ry = _average_ranks(x_counts), _average_ranks(y_counts)
    mean = (n + 1) / 2  # the mean of ranks 1..n, with or without ties
    sxy = sum(c * (rx[x] - mean) * (ry[y] - mean) for (x, y), c in table.items())
    sxx = sum(c * (rx[x] - mean) ** 2 for x, c in x_counts.items())
    syy = sum(c * (ry[y] - mean) ** 2 for y, c in y_counts.items())
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def raised_threshold(region_share: float, n: int) -> float:
    """The share of «повысили» above which a school of n participants stands out from the region."""
    se = math.sqrt(region_share * (1 - region_share) / n) if n else 0.0
    return region_share + max(RAISED_MIN_GAP, RAISED_SE_FACTOR * se)


@dataclass(frozen=True)
class Fences:
    q1: float
    q3: float
    low: float
    high: float


def iqr_fences(values: list[float]) -> Fences | None:
    """Q1 − 3·IQR … Q3 + 3·IQR; quartiles by the inclusive method (as Excel's КВАРТИЛЬ.ВКЛ)."""
    if len(values) < COHORT_MIN_SCHOOLS:
        return None
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    iqr = q3 - q1
    return Fences(q1=q1, q3=q3, low=q1 - COHORT_IQR_FACTOR * iqr, high=q3 + COHORT_IQR_FACTOR * iqr)
