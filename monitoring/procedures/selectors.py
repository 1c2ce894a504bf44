"""Reads: who may see / change what in this app, and the pages' queries. Every view and export goes through them."""
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from roadmaps.models import RoadmapItem
from roadmaps.selectors import items_visible_to  # the one scope of roadmap items; this app's pages read it from here
from schools.models import School
from schools import access
from schools.roles import user_scope
from schools.selectors import schools_visible_to

from .models import HistoryEntry, Observation, Participant, Procedure, ProfessionalEvent, Schedule, ScheduleBreach


def schedules_visible_to(user) -> QuerySet[Schedule]:
    return access.visible(user, Schedule.objects.select_related("school", "school__municipality"))


def schedules_changeable_by(user) -> QuerySet[Schedule]:
    """The school's head and the municipality's officers; regional and federal specialists only read."""
    return access.changeable(user, Schedule)


def schools_for_schedules(user) -> QuerySet[School]:
    """Schools whose schedules the user may load or edit."""
    scope = user_scope(user)
    if scope.is_admin:
        return School.objects.filter(is_active=True).select_related("municipality")
    if scope.role in ("municipal", "school_head"):
        return schools_visible_to(user).filter(is_active=True)
    return School.objects.none()


def procedures_visible_to(user) -> QuerySet[Procedure]:
    return access.visible(user, Procedure)


def observations_visible_to(user) -> QuerySet[Observation]:
    return access.visible(user, Observation.objects.select_related("school", "item", "procedure", "created_by"))


def observations_changeable_by(user) -> QuerySet[Observation]:
    """Observations are the authority's: its officers and administrators record them."""
    return access.changeable(user, Observation)


def can_record_observations(user) -> bool:
    return access.may_act_at(user, levels=[access.MUNICIPALITY])


def events_visible_to(user) -> QuerySet[ProfessionalEvent]:
    """A school head sees the events of their municipality (their team may take part)."""
    return access.visible(user, ProfessionalEvent.objects.select_related("municipality", "organizer"))


def events_changeable_by(user) -> QuerySet[ProfessionalEvent]:
    return access.changeable(user, ProfessionalEvent)


def can_create_events(user) -> bool:
    return can_record_observations(user)


def participants_visible_to(user) -> QuerySet[Participant]:
    return access.visible(user, Participant.objects.select_related("school", "event", "added_by"))


def schools_for_participants(user, event: ProfessionalEvent) -> QuerySet[School]:
    """Schools whose participants the user may add: the head their own, an officer any of the event's municipality."""
    scope = user_scope(user)
    schools = School.objects.filter(municipality_id=event.municipality_id, is_active=True)
    if scope.is_admin or (scope.is_municipal and scope.municipality_id == event.municipality_id):
        return schools
    if scope.is_school_head:
        return schools.filter(pk=scope.school_id)
    return schools.none()


# --- pages -----------------------------------------------------------------------------------


def schedule_rows(schedule: Schedule) -> QuerySet[Procedure]:
    return schedule.procedures.annotate(n_breaches=Count("breaches")).order_by("date", "parallel", "letter", "lesson",
                                                                                  "pk")


def schedule_breaches(schedule: Schedule) -> QuerySet[ScheduleBreach]:
    return schedule.breaches.prefetch_related("procedures").order_by("rule", "parallel", "class_label", "first_date",
                                                                     "pk")


def history_of(**owner) -> QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(**owner).select_related("author").order_by("-created_at", "-id")


def schools_with_schedules(user, *, academic_year: int, only_breaches: bool = False, q: str = "") -> QuerySet[School]:
    """Schools in scope with their schedule of the year (id, rows, breaches) — one query, counts kept on the schedule."""
    schedules = Schedule.objects.filter(school=OuterRef("pk"), academic_year=academic_year)
    qs = schools_visible_to(user).filter(is_active=True).annotate(
        schedule_id=Subquery(schedules.values("pk")[:1]),
        breach_count=Coalesce(Subquery(schedules.values("breach_count")[:1]), Value(0), output_field=IntegerField()),
        rows_count=Coalesce(Subquery(schedules.values("row_count")[:1]), Value(0), output_field=IntegerField()),
    )
    if only_breaches:
        qs = qs.filter(breach_count__gt=0)
    if q:
        qs = qs.filter(Q(short_name__icontains=q) | Q(full_name__icontains=q))
    return qs.order_by("municipality__short_name", "-breach_count", "short_name", "pk")


def municipalities_schedule_summary(user, *, academic_year: int):
    """Per municipality in scope: schools, schedules loaded, schedules with breaches, breaches — aggregated in the DB."""
    from schools.selectors import municipalities_visible_to

    year = Q(schools__procedure_schedules__academic_year=academic_year)
    return (municipalities_visible_to(user)
            .annotate(n_schools=Count("schools", filter=Q(schools__is_active=True), distinct=True),
                      n_loaded=Count("schools__procedure_schedules", filter=year, distinct=True),
                      n_with_breaches=Count("schools__procedure_schedules",
                                            filter=year & Q(schools__procedure_schedules__breach_count__gt=0),
                                            distinct=True))
            .order_by("short_name"))


def schedule_totals(user, *, academic_year: int) -> dict:
    schools = schools_visible_to(user).filter(is_active=True)
    schedules = Schedule.objects.filter(school__in=schools.values("pk"), academic_year=academic_year)
    totals = schedules.aggregate(loaded=Count("pk"), with_breaches=Count("pk", filter=Q(breach_count__gt=0)))
    totals["schools"] = schools.count()
    return totals


def breaches_in_scope(user, *, academic_year: int) -> QuerySet[ScheduleBreach]:
    return (ScheduleBreach.objects.filter(schedule__in=schedules_visible_to(user).filter(academic_year=academic_year)
                                          .values("pk"))
            .select_related("schedule__school", "schedule__school__municipality")
            .order_by("schedule__school__municipality__short_name", "schedule__school__short_name", "rule",
                      "parallel", "first_date", "pk"))


def _coverage(schools: QuerySet[School], participants: QuerySet[Participant]) -> list[School]:
    """Schools, each with ``people`` and ``took_part``; absent first. Two plain queries: a correlated subquery
    per school costs seconds at a few thousand schools."""
    counts = dict(participants.order_by().values("school").annotate(n=Count("pk")).values_list("school", "n"))
    rows = list(schools.filter(is_active=True).only("pk", "short_name", "municipality_id").order_by("short_name", "pk"))
    for school in rows:
        school.people = counts.get(school.pk, 0)
        school.took_part = school.people > 0
    return sorted(rows, key=lambda school: school.took_part)


def item_coverage(item: RoadmapItem, *, user) -> list[School]:
    """The item's municipality's schools (in the user's scope), each marked took part / not, with how many people."""
    return _coverage(schools_visible_to(user).filter(municipality_id=item.roadmap.municipality_id),
                     Participant.objects.filter(event__items=item))


def items_with_events(user) -> QuerySet[RoadmapItem]:
    """Items served by events, each with how many of its municipality's schools took part (N of M)."""
    schools = School.objects.filter(municipality_id=OuterRef("roadmap__municipality_id"), is_active=True)
    took_part = (Participant.objects.filter(event__items=OuterRef("pk"), school__is_active=True)
                 .values("event__items").annotate(n=Count("school", distinct=True)).values("n")[:1])
    return (items_visible_to(user).filter(Exists(ProfessionalEvent.objects.filter(items=OuterRef("pk"))))
            .annotate(n_schools=Subquery(schools.values("municipality").annotate(n=Count("pk")).values("n")[:1],
                                         output_field=IntegerField()),
                      n_took_part=Coalesce(Subquery(took_part, output_field=IntegerField()), Value(0)))
            .order_by("roadmap__municipality__short_name", "roadmap_id", "position"))


def event_coverage(event: ProfessionalEvent, *, user) -> list[School]:
    return _coverage(schools_visible_to(user).filter(municipality_id=event.municipality_id),
                     Participant.objects.filter(event=event))
