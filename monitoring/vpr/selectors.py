"""Reads of the ВПР part: who sees which results, the comparison with journal marks, the signs.

Everything is aggregated in the database (conditional counts grouped by ids); the signs take per-school sums and
small per-school contingency tables from it and do the remaining arithmetic in ``stats``.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from schools import access
from schools.models import Municipality, Region, School
from schools.roles import user_scope

from .models import ControlledSchool, SignTask, VprResult, VprRound, VprSchoolResult

# --- scope ------------------------------------------------------------------------------------


def results_visible_to(user) -> QuerySet[VprResult]:
    return access.visible(user, VprResult)


def rounds_visible_to(user) -> QuerySet[VprRound]:
    """Rounds with at least one result the user may see."""
    if user_scope(user).role is None:
        return VprRound.objects.none()
    mine = school_results_visible_to(user).filter(round=OuterRef("pk"))
    return VprRound.objects.filter(Exists(mine))


def controls_visible_to(user) -> QuerySet[ControlledSchool]:
    return access.visible(user, ControlledSchool.objects.select_related("round", "school"))


def controls_changeable_by(user) -> QuerySet[ControlledSchool]:
    return access.changeable(user, ControlledSchool)


def sign_tasks_visible_to(user) -> QuerySet[SignTask]:
    return access.visible(user, SignTask.objects.select_related("task", "item", "created_by"))


def can_import(user) -> bool:
    """Results are loaded by a municipality's officers (their schools) and administrators."""
    return access.may_act_at(user, levels=[access.MUNICIPALITY])


# --- the comparison with journal marks ----------------------------------------------------------

GROUP_COUNTS = {
    "total": Count("id"),
    "compared": Count("id", filter=Q(journal_mark__isnull=False)),
    "lowered": Count("id", filter=Q(mark__lt=F("journal_mark"))),
    "confirmed": Count("id", filter=Q(mark=F("journal_mark"))),
    "raised": Count("id", filter=Q(mark__gt=F("journal_mark"))),
    "without": Count("id", filter=Q(journal_mark__isnull=True)),
    "m2": Count("id", filter=Q(mark__lte=2)),
    "m3": Count("id", filter=Q(mark=3)),
    "m4": Count("id", filter=Q(mark=4)),
    "m5": Count("id", filter=Q(mark=5)),
}
# The same figures summed over the schools' stored results (VprSchoolResult): above school level, one row a school.
SUMMARY_SUMS = {key: Sum(key) for key in GROUP_COUNTS}


def school_results_visible_to(user) -> QuerySet[VprSchoolResult]:
    return access.visible(user, VprSchoolResult)


@dataclass
class GroupRow:
    """One row of «Сравнение отметок с отметками по журналу»."""

    label: str
    counts: dict
    kind: str = ""  # municipality / school / class
    key: object = None
    note: str = ""

    def _pct(self, name: str) -> float | None:
        compared = self.counts.get("compared") or 0
        return 100.0 * self.counts[name] / compared if compared else None

    @property
    def lowered_pct(self):
        return self._pct("lowered")

    @property
    def confirmed_pct(self):
        return self._pct("confirmed")

    @property
    def raised_pct(self):
        return self._pct("raised")

    @property
    def marks(self) -> list[int]:
        return [self.counts[f"m{m}"] for m in (2, 3, 4, 5)]

    @property
    def groups(self) -> list[int]:
        return [self.counts["lowered"], self.counts["confirmed"], self.counts["raised"]]


@dataclass
class Level:
    """Where the user stands in the drill-down and what its rows are grouped by."""

    round: VprRound
    municipality: Municipality | None
    school: School | None
    child_kind: str  # municipality / school / class
    base: QuerySet  # participants' results of this level, in scope
    summaries: QuerySet  # the schools' stored results of this level, in scope
    trail: list[tuple[str, dict]] = field(default_factory=list)  # (label, GET params)


def comparison_level(user, round_: VprRound, *, region_id: int | None = None, municipality_id: int | None = None,
                     school_id: int | None = None) -> Level:
    """The level asked for, narrowed to the user's scope: country → region → municipality → school → class.
    404 for a region, municipality or school outside the scope; a user never goes above their own level."""
    from schools.selectors import municipalities_visible_to, regions_visible_to, schools_visible_to

    scope = user_scope(user)
    base = results_visible_to(user).filter(round=round_)
    summaries = school_results_visible_to(user).filter(round=round_)
    if scope.is_school_head:
        school_id = scope.school_id
    if scope.is_municipal and not (school_id or municipality_id):
        municipality_id = scope.municipality_id
    if scope.is_regional and not (school_id or municipality_id or region_id):
        region_id = scope.region_id
    school = municipality = region = None
    if school_id:
        school = schools_visible_to(user).select_related("municipality__region").filter(pk=school_id).first()
        if school is None:
            raise Http404("Школа не найдена.")
        municipality = school.municipality
    elif municipality_id:
        municipality = municipalities_visible_to(user).select_related("region").filter(pk=municipality_id).first()
        if municipality is None:
            raise Http404("Муниципалитет не найден.")
    elif region_id:
        region = regions_visible_to(user).filter(pk=region_id).first()
        if region is None:
            raise Http404("Регион не найден.")
    if municipality is not None:
        region = municipality.region
    trail = [("Все участники", {})] if scope.sees_everything else []
    if region is not None and (scope.sees_everything or scope.is_regional):
        base = base.filter(school__municipality__region_id=region.pk)
        summaries = summaries.filter(school__municipality__region_id=region.pk)
        trail.append((region.name, {"region": region.pk}))
    if municipality is not None:
        base = base.filter(school__municipality_id=municipality.pk)
        summaries = summaries.filter(school__municipality_id=municipality.pk)
        if not scope.is_school_head:
            trail.append((municipality.short_name, {"municipality": municipality.pk}))
    if school is not None:
        base = base.filter(school_id=school.pk)
        summaries = summaries.filter(school_id=school.pk)
        trail.append((school.short_name, {"school": school.pk}))
    child = "class" if school else "school" if municipality else "municipality" if region else "region"
    return Level(round=round_, municipality=municipality, school=school, child_kind=child, base=base,
                 summaries=summaries, trail=trail)


def level_total(level: Level) -> GroupRow:
    counts = level.summaries.aggregate(**SUMMARY_SUMS)
    return GroupRow(label=level.trail[-1][0], counts={key: value or 0 for key, value in counts.items()})


_CHILD_KEY = {"region": "school__municipality__region_id", "municipality": "school__municipality_id", "school": "school_id", "class": "class_number"}


def level_children(level: Level) -> QuerySet:
    """A values() queryset, one row per child group, ordered by id: paginate it, then ``label_rows`` the page."""
    key = _CHILD_KEY[level.child_kind]
    if level.child_kind == "class":
        return level.base.values(key).annotate(**GROUP_COUNTS).order_by(key)
    return level.summaries.values(key).annotate(**SUMMARY_SUMS).order_by(key)


def label_rows(level: Level, page_rows) -> list[GroupRow]:
    """Names for one page of child rows: one query whatever the page size."""
    key = _CHILD_KEY[level.child_kind]
    ids = [row[key] for row in page_rows]
    if level.child_kind == "region":
        names = dict(Region.objects.filter(pk__in=ids).values_list("pk", "name"))
    elif level.child_kind == "municipality":
        names = dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "short_name"))
    elif level.child_kind == "school":
        names = dict(School.objects.filter(pk__in=ids).values_list("pk", "short_name"))
    else:
        names = {value: (f"{value} класс" if value.isdigit() else value) or "класс не указан" for value in ids}
    rows = []
    for row in page_rows:
        counts = {k: v for k, v in row.items() if k != key}
        rows.append(GroupRow(label=names.get(row[key], str(row[key])), counts=counts, kind=level.child_kind,
                             key=row[key]))
    return rows


# The signs live in their own module; these names are read through the selectors too.
from .signs import (  # noqa: E402,F401
    RegionFigures, SchoolSigns, SignResult, previous_round, risk_schools, round_signs, school_figures, school_signs,
)
