"""Who sees, uploads and reviews which local acts; the register and the per-school summaries.

Every page and export of local acts reads through these functions.
"""
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import ActEvent, LocalAct, LocalActKind, LocalActVersion, ReviewState, School
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
    return LocalActVersion.objects.filter(pk__in=latest_ids).select_related(
        "act__kind", "act__school", "uploaded_by", "reviewer"
    )


@dataclass
class ActRow:
    """A school × kind cell: the latest version, or None when nothing was uploaded."""

    school: School
    kind: LocalActKind
    version: LocalActVersion | None

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
    # The school's kinds by id (a join with every school's acts, then DISTINCT, read all of them at national scale).
    own = LocalAct.objects.filter(school=school).values("kind_id")
    kinds = LocalActKind.objects.filter(Q(is_active=True) | Q(pk__in=own))
    by_kind = {v.act.kind_id: v for v in _latest_versions(LocalAct.objects.filter(school=school))}
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


@dataclass
class RegisterPage:
    rows: list[ActRow]
    page: Page
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
    user, filters: RegisterFilters, *, page_number=1, per_page: int = REGISTER_PAGE_SIZE, order_by=None
) -> RegisterPage:
    """One row per school × kind with its latest version, for the schools in the user's scope.

    Paged by school; the state filter is applied in the database. Five queries whatever the size.
    """
    kinds = list(act_kinds_for_upload().filter(pk=filters.kind_id) if filters.kind_id else act_kinds_for_upload())
    schools = schools_visible_to(user).filter(is_active=True)
    if filters.school_id:
        schools = schools.filter(pk=filters.school_id)
    if filters.state and kinds:
        schools = _schools_in_state(schools, kinds, filters.state)
    order_by = order_by or REGISTER_ORDERINGS["municipality"]
    page = Paginator(schools.order_by(*order_by), per_page).get_page(page_number)
    school_list = list(page.object_list)
    versions = _latest_versions(LocalAct.objects.filter(school__in=school_list, kind__in=kinds)) if school_list else []
    by_cell = {(v.act.school_id, v.act.kind_id): v for v in versions}
    rows = []
    for school in school_list:
        for kind in kinds:
            row = ActRow(school=school, kind=kind, version=by_cell.get((school.pk, kind.pk)))
            if not filters.state or row.state == filters.state:
                rows.append(row)
    return RegisterPage(rows=rows, page=page, kinds=kinds)
