"""Who sees, uploads and reviews which local acts; the register and the per-school summaries.

Every page and export of local acts reads through these functions.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import REVIEW_STATE_BADGES, ActEvent, LocalAct, LocalActKind, LocalActVersion, ReviewState, School
from .. import access
from ..access import SCHOOL
from ..selectors import schools_visible_to

# Not a review state: the school has not uploaded an act of this kind at all.
MISSING = "missing"
REGISTER_STATE_CHOICES = [*ReviewState.choices, (MISSING, "не загружен")]
REGISTER_PAGE_SIZE = 50


def local_acts_visible_to(user) -> QuerySet[LocalAct]:
    return access.visible(user, LocalAct.objects.select_related("school__municipality", "kind"))


def local_act_versions_visible_to(user) -> QuerySet[LocalActVersion]:
    qs = LocalActVersion.objects.select_related("act__school__municipality", "act__kind", "uploaded_by", "reviewer")
    return access.visible(user, qs)


def act_events_visible_to(user) -> QuerySet[ActEvent]:
    qs = ActEvent.objects.select_related("version__act__school", "version__act__kind", "author")
    return access.visible(user, qs)


def local_acts_reviewable_by(user) -> QuerySet[LocalAct]:
    """Reviewers: the municipal officers of the school's municipality, and administrators."""
    return access.changeable(user, LocalAct)


def local_act_versions_reviewable_by(user) -> QuerySet[LocalActVersion]:
    return access.changeable(user, LocalActVersion)


def local_act_schools_submittable_by(user) -> QuerySet[School]:
    """Where the user may upload acts: a school head for their own school; an administrator anywhere."""
    return access.changeable(user, School, levels=[SCHOOL])


def act_kinds_for_upload() -> QuerySet[LocalActKind]:
    return LocalActKind.objects.filter(is_active=True)


def _latest_version_id(act_ref: str = "pk") -> Subquery:
    return Subquery(
        LocalActVersion.objects.filter(act=OuterRef(act_ref)).order_by("-number").values("pk")[:1],
        output_field=IntegerField(),
    )


def _latest_versions(acts: QuerySet[LocalAct]) -> QuerySet[LocalActVersion]:
    """The newest version of each of ``acts``, in one query."""
    latest_ids = acts.annotate(latest_id=_latest_version_id()).values("latest_id")
    # No model ordering: it would join the school and the kind only to sort rows the caller places itself.
    return LocalActVersion.objects.filter(pk__in=latest_ids).order_by()


@dataclass(frozen=True, slots=True)
class VersionCell:
    """What the review queue shows of a latest version (``acts_register`` without ``people``): read as plain
    values, no model instance."""

    pk: int
    number: int
    uploaded_at: datetime
    approval_number: str
    approval_date: date
    remarks: str
    state: str

    @property
    def state_badge(self) -> str:
        return REVIEW_STATE_BADGES.get(self.state, "secondary")


_CELL_COLUMNS = ("pk", "number", "uploaded_at", "approval_number", "approval_date", "remarks", "state")


def _latest_by_cell(
    schools: list, kinds: list[LocalActKind], *, people: bool
) -> dict[tuple[int, int], LocalActVersion | VersionCell]:
    """{(school id, kind id): the newest version} of the acts of ``schools`` × ``kinds``, in one query: with
    ``people``, model instances with who uploaded and reviewed them; without, ``VersionCell`` values, read newest
    first per act and the first of each kept (an act holds a few versions: no subquery per act to compile)."""
    if people:
        acts = LocalAct.objects.filter(school__in=schools, kind__in=kinds)
        versions = _latest_versions(acts).select_related("act", "uploaded_by", "reviewer")
        return {(v.act.school_id, v.act.kind_id): v for v in versions}
    rows = (
        LocalActVersion.objects
        .filter(act__school_id__in=[school.pk for school in schools], act__kind_id__in=[kind.pk for kind in kinds])
        .order_by("act_id", "-number")
        .values_list("act__school_id", "act__kind_id", *_CELL_COLUMNS)
    )
    by_cell: dict[tuple[int, int], VersionCell] = {}
    for school_id, kind_id, *columns in rows:  # one act per school and kind
        if (school_id, kind_id) not in by_cell:
            by_cell[school_id, kind_id] = VersionCell(*columns)
    return by_cell


@dataclass(frozen=True, slots=True)
class SchoolCell:
    """What the review queue shows of a school (``acts_register`` without ``people``): plain values."""

    pk: int
    short_name: str
    municipality_name: str


@dataclass
class ActRow:
    """A school × kind cell: the latest version, or None when nothing was uploaded."""

    school: "School | SchoolCell"
    kind: LocalActKind
    version: "LocalActVersion | VersionCell | None"

    @property
    def state(self) -> str:
        return self.version.state if self.version else MISSING

    @property
    def state_label(self) -> str:
        return dict(REGISTER_STATE_CHOICES)[self.state]

    @property
    def state_badge(self) -> str:
        return self.version.state_badge if self.version else "secondary"


def latest_acts_for_school(school: School) -> list[ActRow]:
    """Each active kind (and any retired kind the school has an act of) with its latest version. Two queries."""
    # A subquery on the school's acts, not a join of every kind with every school's acts and a DISTINCT over them.
    kinds = LocalActKind.objects.filter(Q(is_active=True) | Q(pk__in=LocalAct.objects.filter(school=school).values("kind_id")))
    # One school holds a few versions per kind: read them newest first and keep the first of each act, rather
    # than a subquery per act. Who uploaded or reviewed is not shown in the summary.
    by_kind = {}
    for version in LocalActVersion.objects.filter(act__school=school).select_related("act").order_by("act_id", "-number"):
        by_kind.setdefault(version.act.kind_id, version)
    return [ActRow(school=school, kind=kind, version=by_kind.get(kind.pk)) for kind in kinds]


@dataclass
class KindBlock:
    kind: LocalActKind
    act: LocalAct | None
    versions: list[LocalActVersion] = field(default_factory=list)

    @property
    def latest(self) -> LocalActVersion | None:
        return self.versions[0] if self.versions else None


def school_acts(school: School) -> list[KindBlock]:
    """The school's acts page: every kind with all its versions, newest first. Three queries."""
    versions = LocalActVersion.objects.select_related("uploaded_by", "reviewer").order_by("-number")
    acts = {
        act.kind_id: act
        for act in LocalAct.objects.filter(school=school).prefetch_related(Prefetch("versions", queryset=versions))
    }
    kinds = LocalActKind.objects.filter(Q(is_active=True) | Q(pk__in=list(acts))).order_by("ordering", "name")
    return [KindBlock(kind=kind, act=acts.get(kind.pk), versions=list(acts[kind.pk].versions.all()) if kind.pk in acts else [])
            for kind in kinds]


def act_versions(act: LocalAct) -> list[LocalActVersion]:
    return list(act.versions.select_related("uploaded_by", "reviewer").order_by("-number"))


def act_history(act: LocalAct) -> QuerySet[ActEvent]:
    return ActEvent.objects.filter(version__act=act).select_related("author", "version").order_by("-created_at", "-id")


@dataclass(frozen=True)
class RegisterFilters:
    state: str = ""  # a ReviewState value, MISSING, or "" for any
    kind_id: int | None = None
    school_id: int | None = None


@dataclass(frozen=True)
class SchoolsPage:
    """A page of schools without a COUNT over the whole filtered set: one row more than the page is read to know
    whether a next page exists. Counting the schools whose latest act waits for review costs more at national
    scale than the whole page, and nobody needs the total to review the next act."""

    number: int
    per_page: int
    size: int  # schools on this page
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.size else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + self.size


@dataclass
class RegisterPage:
    rows: list[ActRow]
    page: SchoolsPage
    kinds: list[LocalActKind]


def _schools_in_state(schools: QuerySet[School], kinds: list[LocalActKind], state: str) -> QuerySet[School]:
    acts = LocalAct.objects.filter(school=OuterRef("pk"), kind__in=kinds)
    if state == MISSING:
        present = acts.values("school").annotate(n=Count("pk")).values("n")
        return schools.annotate(n_present=Coalesce(Subquery(present, output_field=IntegerField()), Value(0))).filter(
            n_present__lt=len(kinds)
        )
    # The latest version of an act is the one no newer version follows: a semi-join on (act, number),
    # instead of a sorted subquery per act.
    newer = LocalActVersion.objects.filter(act_id=OuterRef("act_id"), number__gt=OuterRef("number"))
    latest_in_state = LocalActVersion.objects.filter(state=state, act__kind__in=kinds).filter(~Exists(newer))
    return schools.filter(pk__in=latest_in_state.values("act__school_id"))


REGISTER_ORDERINGS = {
    "school": ("short_name", "municipality__short_name", "pk"),
    "municipality": ("municipality__short_name", "short_name", "pk"),
}


def acts_register(
    user, filters: RegisterFilters, *, page_number=1, per_page: int = REGISTER_PAGE_SIZE, order_by=None,
    people: bool = True, kinds: list[LocalActKind] | None = None,
) -> RegisterPage:
    """One row per school × kind with its latest version, for the schools in the user's scope.

    Paged by school, without counting them (``SchoolsPage``); the state filter is applied in the database.
    Three queries whatever the size: the kinds (two when the caller passes ``kinds``, the list of
    ``act_kinds_for_upload``), one page of schools, their latest versions — model instances with who uploaded and
    reviewed them, or, when ``people`` is false (the queue page shows neither), plain values: the schools as
    ``SchoolCell``, the versions as ``VersionCell``.
    """
    if kinds is None:
        kinds = list(act_kinds_for_upload().filter(pk=filters.kind_id) if filters.kind_id else act_kinds_for_upload())
    elif filters.kind_id:
        kinds = [kind for kind in kinds if kind.pk == filters.kind_id]
    schools = schools_visible_to(user).filter(is_active=True)
    if filters.school_id:
        schools = schools.filter(pk=filters.school_id)
    if filters.state and kinds:
        schools = _schools_in_state(schools, kinds, filters.state)
    order_by = order_by or REGISTER_ORDERINGS["municipality"]
    page_number = max(int(page_number or 1), 1)
    offset = (page_number - 1) * per_page
    schools = schools.order_by(*order_by)
    if people:
        schools = schools.only("pk", "short_name", "municipality__short_name")
    else:
        schools = schools.values_list("pk", "short_name", "municipality__short_name")
    school_list = list(schools[offset:offset + per_page + 1])
    has_next = len(school_list) > per_page
    school_list = school_list[:per_page]
    if not people:
        school_list = [SchoolCell(*row) for row in school_list]
    page = SchoolsPage(number=page_number, per_page=per_page, size=len(school_list), has_next=has_next)
    by_cell = _latest_by_cell(school_list, kinds, people=people) if school_list and kinds else {}
    rows = []
    for school in school_list:
        for kind in kinds:
            row = ActRow(school=school, kind=kind, version=by_cell.get((school.pk, kind.pk)))
            if not filters.state or row.state == filters.state:
                rows.append(row)
    return RegisterPage(rows=rows, page=page, kinds=kinds)
