"""Signs of non-objective results, per school and round, from the schools' stored figures (VprSchoolResult).

The rules (README, «ВПР and the objectivity of marks») and their arithmetic (``stats``): a mean far above the
region's, a negative Spearman's ρ between journal mark and score, a share of «повысили» far above the region's,
a cohort that jumps between grades; under 20 participants a school is not judged.
"""
import math
from dataclasses import dataclass, field

from schools.models import School

from . import stats
from .models import Sign, VprRound, VprSchoolResult


@dataclass
class SignResult:
    """A sign's verdict; its explanation and figures are written only when someone reads them (a region of
    20,000 schools is judged in one pass, but a page shows a few dozen)."""

    code: str
    state: str  # found / clear / small (мало данных) / none (не оценивается: нет данных)
    detail: object  # (explanation, figures), or a function returning them

    def _detail(self) -> tuple[str, dict]:
        if callable(self.detail):
            self.detail = self.detail()
        return self.detail

    @property
    def explanation(self) -> str:
        return self._detail()[0]

    @property
    def figures(self) -> dict:
        return self._detail()[1]

    @property
    def label(self) -> str:
        return Sign(self.code).label

    @property
    def found(self) -> bool:
        return self.state == "found"


class SchoolSigns:
    """A school's signs in a round. The four verdicts (``states``) come from one lean pass over every school of the
    round (``_states``); the SignResult objects with their texts and figures, and the confidence interval, are built
    by the per-school rules only when someone reads them (a page shows a few dozen schools of 20,000)."""

    __slots__ = ("school_id", "n", "compared", "raised", "states", "school", "_row", "_context", "_ci", "_signs")

    def __init__(self, school_id: int, row: dict, states: tuple, context: tuple, school: School | None = None):
        self.school_id = school_id
        self.n = row["n"]
        self.compared = row["compared"]
        self.raised = row["raised"]
        self.states = states  # (high mean, negative correlation, raised share, cohort jump), as SignResult.state
        self.school = school
        self._row, self._context = row, context  # context: (region figures, round, previous round)
        self._ci = self._signs = None

    @property
    def ci(self) -> stats.MeanCI | None:
        if self._ci is None:
            self._ci = stats.mean_ci(self.n, self._row["s"] or 0, self._row["ss"] or 0)
        return self._ci

    @property
    def signs(self) -> list[SignResult]:
        if self._signs is None:
            self._signs = _rule_signs(self.school_id, self._row, self.ci, *self._context)
        return self._signs

    @property
    def any_found(self) -> bool:
        return "found" in self.states

    @property
    def found(self) -> list[SignResult]:
        return [s for s in self.signs if s.found] if self.any_found else []

    @property
    def small(self) -> bool:
        return self.n < stats.MIN_SAMPLE

    def sign(self, code: str) -> SignResult:
        return next(s for s in self.signs if s.code == code)


@dataclass
class RegionFigures:
    ci: stats.MeanCI | None
    compared: int
    raised: int
    fences: stats.Fences | None
    previous: VprRound | None
    schools: int = 0
    judged: int = 0
    flagged: int = 0
    ratios: dict = field(default_factory=dict, repr=False)  # school id -> (last year %, this year %, ratio)

    @property
    def raised_share(self) -> float:
        return self.raised / self.compared if self.compared else 0.0

    @property
    def raised_pct(self) -> float:
        return 100.0 * self.raised_share

    @property
    def index(self) -> float | None:
        """The objectivity index: 100 minus the % of judged schools with at least one sign."""
        return 100.0 - 100.0 * self.flagged / self.judged if self.judged else None


# One pass over the round's rows: a small table per school of (journal mark, primary score) -> count, from which
# the database takes each school's n, Σx, Σx², the compared / «повысили» counts and the sums behind Spearman's ρ
# (average ranks by cumulative counts: a value's rank is the count up to and including it minus (its count − 1)/2).
SCHOOL_FIGURES_SQL = """
WITH g AS (
    SELECT school_id, journal_mark AS x, primary_score AS y, COUNT(*) AS c,
           SUM(CASE WHEN mark > journal_mark THEN 1 ELSE 0 END) AS r
    FROM vpr_vprresult WHERE round_id = %s
    GROUP BY school_id, journal_mark, primary_score
),
p AS (
    SELECT school_id, c,
           SUM(c) OVER (PARTITION BY school_id ORDER BY x) - (SUM(c) OVER (PARTITION BY school_id, x) - 1) / 2.0 AS rx,
           SUM(c) OVER (PARTITION BY school_id ORDER BY y) - (SUM(c) OVER (PARTITION BY school_id, y) - 1) / 2.0 AS ry,
           (SUM(c) OVER (PARTITION BY school_id) + 1) / 2.0 AS mid
    FROM g WHERE x IS NOT NULL
),
k AS (
    SELECT school_id, SUM(c * (rx - mid) * (ry - mid)) AS sxy, SUM(c * (rx - mid) * (rx - mid)) AS sxx,
           SUM(c * (ry - mid) * (ry - mid)) AS syy
    FROM p GROUP BY school_id
),
t AS (
    SELECT school_id, SUM(c) AS n, SUM(c * y) AS s, SUM(c * y * y) AS ss,
           SUM(CASE WHEN x IS NULL THEN 0 ELSE c END) AS compared, SUM(r) AS raised
    FROM g GROUP BY school_id
)
SELECT t.school_id, t.n, t.s, t.ss, t.compared, t.raised, k.sxy, k.sxx, k.syy
FROM t LEFT JOIN k ON k.school_id = t.school_id
"""
_FIGURE_KEYS = ("n", "s", "ss", "compared", "raised", "sxy", "sxx", "syy")


def previous_round(round_: VprRound) -> VprRound | None:
    """The same cohort a year earlier: same subject, the grade below, the year before."""
    return VprRound.objects.filter(subject=round_.subject, year=round_.year - 1, grade=round_.grade - 1,
                                   is_synthetic=round_.is_synthetic).first()


def _stored_figures(round_: VprRound) -> dict[int, dict]:
    rows = VprSchoolResult.objects.filter(round=round_).values_list(
        "school_id", "total", "score_sum", "score_sq_sum", "compared", "raised", "rho", "school__municipality__region_id")
    return {school_id: {"n": n, "s": s, "ss": ss, "compared": compared, "raised": raised, "rho": rho, "region": region}
            for school_id, n, s, ss, compared, raised, rho, region in rows}


def school_figures(round_: VprRound) -> dict[int, dict]:
    """school id -> n, s (Σx), ss (Σx²), compared, raised, rho (None: no variation or no pairs). One query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SCHOOL_FIGURES_SQL, [round_.pk])
        rows = cursor.fetchall()
    figures = {}
    for school_id, *values in rows:
        row = dict(zip(_FIGURE_KEYS, (float(v) if v is not None else None for v in values)))
        for key in ("n", "compared", "raised"):
            row[key] = int(row[key] or 0)
        sxx, syy = row.pop("sxx"), row.pop("syy")
        sxy = row.pop("sxy")
        row["rho"] = sxy / math.sqrt(sxx * syy) if sxx and syy and sxx > 1e-12 and syy > 1e-12 else None
        figures[school_id] = row
    return figures


def round_signs(round_: VprRound, *, school_ids=None) -> tuple[RegionFigures, dict[int, SchoolSigns]]:
    """The signs of ``school_ids`` (all schools of the round when None), each school judged against its own region
    (every school of that region loaded for the round, whoever asks), from the schools' stored results; and the
    figures of the region those schools are in (of all their regions together when they span several).
    Three queries at most."""
    per_school = _stored_figures(round_)
    wanted = set(per_school) if school_ids is None else set(school_ids) & set(per_school)
    previous = previous_round(round_)
    before = _stored_figures(previous) if previous is not None else {}
    by_region: dict[object, list[int]] = {}
    for school_id, row in per_school.items():
        by_region.setdefault(row["region"], []).append(school_id)
    regions = {region: _region_figures(round_, previous, ids, per_school, before) for region, ids in by_region.items()}

    reports = {}
    for region_id, region in regions.items():
        context = (region, round_, previous)
        ids = by_region[region_id] if school_ids is None else [i for i in by_region[region_id] if i in wanted]
        for school_id, states in _states(ids, per_school, region, previous).items():
            reports[school_id] = SchoolSigns(school_id, per_school[school_id], states, context)
    reports = dict(sorted(reports.items()))
    touched = {per_school[school_id]["region"] for school_id in wanted}
    if len(touched) == 1:
        figures = regions[touched.pop()]
    else:
        ids = [school_id for region in (touched or regions) for school_id in by_region[region]]
        figures = _region_figures(round_, previous, ids, per_school, before)
    figures.schools = len(reports)
    judged = [r for r in reports.values() if not r.small]
    figures.judged = len(judged)
    figures.flagged = sum(1 for r in judged if r.any_found)
    return figures, reports


def _rule_signs(school_id, row, ci, region, round_, previous) -> list[SignResult]:
    """The four signs of one school by the rules below, with their texts and figures."""
    return [
        _high_mean(ci, region.ci),
        _negative_correlation(row["rho"], row["compared"]),
        _raised_share(row["raised"], row["compared"], region.raised_share),
        _cohort_jump(region.ratios.get(school_id), region.fences, round_, previous),
    ]


def _states(school_ids, per_school, region: RegionFigures, previous) -> dict[int, tuple]:
    """school id -> the four verdicts of ``_rule_signs`` (same order, same arithmetic, operation for operation),
    without building their objects: the loop that judges every school of a region.
    test_signs_fast checks it against the rules on a table of hand-made schools."""
    minimum, z95 = stats.MIN_SAMPLE, stats.Z95
    gap, se_factor = stats.RAISED_MIN_GAP, stats.RAISED_SE_FACTOR
    region_high = region.ci.high if region.ci is not None else None
    share = region.raised_share
    spread = share * (1 - share)
    ratios, fences = region.ratios, region.fences
    sqrt = math.sqrt
    result = {}
    for school_id in school_ids:
        row = per_school[school_id]
        n, compared = row["n"], row["compared"]
        # a mean far above the region's: stats.mean_ci, then ci.low > region.high
        if n < minimum:
            high_mean = "small"
        else:
            mean = (row["s"] or 0) / n
            variance = ((row["ss"] or 0) - n * mean * mean) / (n - 1)
            low = mean - z95 * sqrt(variance if variance > 0.0 else 0.0) / sqrt(n)
            high_mean = "found" if low > region_high else "clear"
        if compared < minimum:
            negative = raised = "small"
        else:
            rho = row["rho"]
            negative = "none" if rho is None else "found" if rho < 0 else "clear"
            # stats.raised_threshold
            se = se_factor * sqrt(spread / compared)
            threshold = share + (se if se > gap else gap)
            raised = "found" if row["raised"] / compared > threshold else "clear"
        if previous is None:
            cohort = "none"
        else:
            ratio = ratios.get(school_id)
            if ratio is None:
                cohort = "small"
            elif fences is None:
                cohort = "none"
            else:
                cohort = "found" if ratio[2] < fences.low or ratio[2] > fences.high else "clear"
        result[school_id] = (high_mean, negative, raised, cohort)
    return result


def _region_figures(round_, previous, school_ids, per_school, before) -> RegionFigures:
    rows = [per_school[school_id] for school_id in school_ids]
    total = {key: sum(row[key] for row in rows) for key in ("n", "s", "ss", "compared", "raised")}
    ratios: dict[int, tuple[float, float, float]] = {}
    for school_id in school_ids:
        row, old = per_school[school_id], before.get(school_id)
        if old and row["n"] >= stats.MIN_SAMPLE and old["n"] >= stats.MIN_SAMPLE and old["s"]:
            now_pct = 100.0 * (row["s"] / row["n"]) / round_.max_score
            old_pct = 100.0 * (old["s"] / old["n"]) / previous.max_score
            ratios[school_id] = (old_pct, now_pct, now_pct / old_pct)
    figures = RegionFigures(ci=stats.mean_ci(total["n"], total["s"], total["ss"]), compared=total["compared"],
                            raised=total["raised"], fences=stats.iqr_fences([r[2] for r in ratios.values()]),
                            previous=previous)
    figures.ratios = ratios
    return figures


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _pct(share: float) -> str:
    return f"{_fmt(100 * share)} %"


def _small(code: str, n: int, what: str = "участников") -> SignResult:
    return SignResult(code, "small", (f"Мало данных: {what} {n}, нужно не меньше {stats.MIN_SAMPLE}; "
                                      "признак не оценивается.", {"n": n}))


def _high_mean(ci: stats.MeanCI | None, region: stats.MeanCI | None) -> SignResult:
    code = Sign.HIGH_MEAN
    if ci is None or ci.n < stats.MIN_SAMPLE:
        return _small(code, ci.n if ci else 0)
    found = ci.low > region.high

    def detail():
        figures = {"n": ci.n, "mean": round(ci.mean, 2), "low": round(ci.low, 2), "high": round(ci.high, 2),
                   "region_mean": round(region.mean, 2), "region_low": round(region.low, 2),
                   "region_high": round(region.high, 2)}
        text = (f"Средний первичный балл школы {_fmt(ci.mean)} (95 % доверительный интервал {_fmt(ci.low)}–"
                f"{_fmt(ci.high)}, участников {ci.n}); по региону {_fmt(region.mean)} ({_fmt(region.low)}–"
                f"{_fmt(region.high)}).")
        if found:
            return text + (" Интервал школы целиком выше регионального: так высоко случайно не бывает — стоит "
                           "проверить, как проходила работа."), figures
        return text + " Интервал школы не лежит целиком выше регионального.", figures

    return SignResult(code, "found" if found else "clear", detail)


def _negative_correlation(rho: float | None, compared: int) -> SignResult:
    code = Sign.NEGATIVE_CORRELATION
    if compared < stats.MIN_SAMPLE:
        return _small(code, compared, "участников с отметкой по журналу")
    if rho is None:
        return SignResult(code, "none", ("У всех участников одна и та же отметка по журналу или один и тот же балл: "
                                         "связь не оценить.", {"n": compared}))

    def detail():
        text = (f"Коэффициент ранговой корреляции Спирмена между отметкой по журналу и первичным баллом "
                f"ρ = {_fmt(rho, 2)} (участников с обеими отметками {compared}).")
        if rho < 0:
            text += (" Обычно кто учится лучше, тот и пишет лучше (ρ > 0); здесь наоборот: результаты работы не "
                     "согласуются с текущими отметками.")
        else:
            text += " Связь положительная, как и должно быть."
        return text, {"n": compared, "rho": round(rho, 3)}

    return SignResult(code, "found" if rho < 0 else "clear", detail)


def _raised_share(raised: int, compared: int, region_share: float) -> SignResult:
    code = Sign.RAISED_SHARE
    if compared < stats.MIN_SAMPLE:
        return _small(code, compared, "участников с отметкой по журналу")
    share = raised / compared
    threshold = stats.raised_threshold(region_share, compared)

    def detail():
        figures = {"raised": raised, "compared": compared, "share": round(share, 4),
                   "region_share": round(region_share, 4), "threshold": round(threshold, 4)}
        text = (f"«Повысили» (отметка за работу выше отметки по журналу) {_pct(share)} участников школы ({raised} из "
                f"{compared}); по региону {_pct(region_share)}. Порог {_pct(threshold)}: на 10 процентных пунктов и на "
                "три стандартные ошибки выше региона.")
        if share > threshold:
            return text + " Работу написали намного лучше, чем учатся по журналу.", figures
        return text + " Доля не выше порога.", figures

    return SignResult(code, "found" if share > threshold else "clear", detail)


def _cohort_jump(ratio, fences, round_: VprRound, previous: VprRound | None) -> SignResult:
    code = Sign.COHORT_JUMP
    if previous is None:
        return SignResult(code, "none", (f"Нет работы этой параллели годом раньше ({round_.subject}, "
                                         f"{round_.grade - 1} класс, {round_.year - 1}): сравнивать не с чем.", {}))
    if ratio is None:
        return SignResult(code, "small", ("Нет данных школы за обе работы (по 20 участников и больше): "
                                          "признак не оценивается.", {}))
    if fences is None:
        return SignResult(code, "none", (f"Меньше {stats.COHORT_MIN_SCHOOLS} школ с результатами за оба года: "
                                         "границ не построить.", {}))
    old_pct, now_pct, value = ratio
    found = value < fences.low or value > fences.high

    def detail():
        figures = {"previous_pct": round(old_pct, 2), "pct": round(now_pct, 2), "ratio": round(value, 3),
                   "q1": round(fences.q1, 3), "q3": round(fences.q3, 3), "low": round(fences.low, 3),
                   "high": round(fences.high, 3)}
        text = (f"Средний процент выполнения: {_fmt(old_pct)} % в {previous.year} году ({previous.grade} класс) и "
                f"{_fmt(now_pct)} % в {round_.year} году ({round_.grade} класс), отношение {_fmt(value, 2)}. У школ "
                f"региона Q1 = {_fmt(fences.q1, 2)}, Q3 = {_fmt(fences.q3, 2)}; границы Q1 − 3·IQR … Q3 + 3·IQR: "
                f"{_fmt(fences.low, 2)} … {_fmt(fences.high, 2)}.")
        if found:
            return text + " Те же ученики за год написали резко иначе, чем школы региона.", figures
        return text + " Изменение в обычных границах.", figures

    return SignResult(code, "found" if found else "clear", detail)


def school_signs(round_: VprRound, school: School) -> tuple[RegionFigures, SchoolSigns | None]:
    figures, reports = round_signs(round_, school_ids=[school.pk])
    report = reports.get(school.pk)
    if report is not None:
        report.school = school
    return figures, report


def risk_schools(user, round_: VprRound, *, municipality_id: int | None = None):
    """(region figures, flagged schools in scope with their signs, per-municipality counts)."""
    from schools.selectors import schools_visible_to

    visible = schools_visible_to(user)
    if municipality_id:
        visible = visible.filter(municipality_id=municipality_id)
    ids = list(visible.filter(vpr_school_results__round=round_).values_list("pk", flat=True).distinct())
    figures, reports = round_signs(round_, school_ids=ids)
    schools = {s.pk: s for s in School.objects.filter(pk__in=list(reports)).select_related("municipality")}
    by_municipality: dict[int, dict] = {}
    flagged = []
    for school_id, report in reports.items():
        report.school = schools[school_id]
        m = report.school.municipality
        entry = by_municipality.setdefault(m.pk, {"municipality": m, "schools": 0, "judged": 0, "flagged": 0,
                                                  "small": 0})
        entry["schools"] += 1
        if report.small:
            entry["small"] += 1
            continue
        entry["judged"] += 1
        if report.found:
            entry["flagged"] += 1
            flagged.append(report)
    for entry in by_municipality.values():
        entry["index"] = 100.0 - 100.0 * entry["flagged"] / entry["judged"] if entry["judged"] else None
    flagged.sort(key=lambda r: (r.school.municipality.short_name, -len(r.found), r.school.short_name))
    municipalities = sorted(by_municipality.values(), key=lambda e: e["municipality"].short_name)
    return figures, flagged, municipalities
