"""The GENERATED permission matrix: every URL pattern of the portal × every role × inside / outside its scope × GET
and POST.

``test_every_url_pattern_has_a_row`` walks the root resolver (admin included: one family per registered ModelAdmin —
changelist, add, change, delete, history) and fails when a pattern has no row in ``ROWS`` / ``ADMIN_FAMILIES`` /
``ADMIN_SITE``. Adding a page = adding one line here.

Each row says at which level its object lives (a school, a municipality, a region, the requesting user, or no
object) and how to build the URL's kwargs for the object at a place. The places around the requesting users
(who all live at «own»: school S1 of municipality M1 of region 42):

    school level        own S1 · sibling S2 (same municipality) · neighbour S3 (M2, same region) · far S4 (region 54)
    municipality level  own M1 · neighbour M2 (same region) · far M3 (region 54)
    region level        own 42 · far 54
    user level          own (the requesting user's) · other (someone else's)

A place is inside a role's scope when the role reaches it: a school head only «own», a municipal officer up to
«sibling», a regional specialist up to «neighbour», federal specialists and administrators everywhere. Expected:

- anonymous: refused everywhere (redirect to a login page), except rows marked ``public``;
- GET inside the scope by a role in ``read``: 200 (or a status of ``ok``); anything else: refused (403/404/405, or
  the admin's redirect to its login / index);
- POST (the minimal body of ``data``, empty by default) inside the scope by a role in ``write``: not refused (200,
  302, 400, 409 — the form's verdict); anything else, read-only roles included: refused.

Adding rows (the format is stable: append, do not rename)
---------------------------------------------------------
A page:      ``"app:name": row(LEVEL, kwargs, read=..., write=..., data=..., ok=..., public=...)`` in ``ROWS``.
             ``kwargs(at, user) -> dict`` builds the URL's kwargs from the objects at the place (``at``) and the
             requesting user (None for anonymous); ``pk("attr")`` is the common ``{"pk": at.attr.pk}``. ``data`` is a
             dict or ``data(at) -> dict``; role sets: ``EVERY_ROLE``, ``OFFICERS``, ``NOBODY`` or a set of
             ``HEAD, MUNI, REG, FED, ADMIN``.
An admin:    ``"app.Model": family(LEVEL, obj(at) -> object, read=, change=, add=, delete=)`` in ``ADMIN_FAMILIES``
             (shorthands ``STAFF``, ``SUPERUSER_ONLY``, ``SERVICE_WRITTEN``, ``REGION_ADDS``). Every family is also
             read by ``test_admin_shows_nothing_outside_the_scope`` (officer and regional specialist: changelist rows,
             list filters, add / change / history pages and their dropdowns) — nothing to add for that.
Objects:     the world (``build_matrix_world``) holds objects of every model at every place: per school in
             ``_add_school_objects`` / the ``by_school`` loop, per municipality in ``_add_municipal_objects`` / the
             ``municipal`` loop, site-wide in ``_site_wide_objects``. Add an attribute there and name it in ``kwargs``.
Uploads:     a pending import is a job of core.imports: a USER row naming ``at.import_job(user)`` (an order) or
             ``at.schedule_job(user)`` (a schedule), or a new helper beside them in ``build_matrix_world``; «other»
             is the same made by someone else. A finished job's pages: ``at.job(user)``.
PENDING:     a page that cannot have its row yet may wait there with its reason; ``test_nothing_is_pending`` fails
             meanwhile, so it cannot be forgotten.

How it runs (fast enough to run on every change)
------------------------------------------------
The world is built once per module inside a transaction rolled back at its end; one client per role is logged in
once per module; each request runs in a savepoint rolled back after it (``_try``), so what a POST writes (a row
deleted, an upload confirmed, a logout) never reaches the next role's request. Tests are parametrised per page /
admin family (each builds nothing), so ``pytest -n`` (pytest-xdist, when installed) spreads them, one world per
worker.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "fixtures" / "seeds" / "000_9185a89d1fab58bd.txt"  # the Гурьевск order, as text

# --- roles ---------------------------------------------------------------------------------------------------

ANON, HEAD, MUNI, REG, FED, ADMIN = "anonymous", "school_head", "municipal", "regional", "federal", "admin"
ROLES = (ANON, HEAD, MUNI, REG, FED, ADMIN)
EVERY_ROLE = frozenset({HEAD, MUNI, REG, FED, ADMIN})
OFFICERS = frozenset({MUNI, REG, FED, ADMIN})
NOBODY = frozenset()
# How far from «own» each role reaches (sibling 1, neighbour 2, far 3).
REACH = {ANON: -1, HEAD: 0, MUNI: 1, REG: 2, FED: 3, ADMIN: 3}

# --- levels and places ---------------------------------------------------------------------------------------

NONE, SCHOOL, MUNICIPALITY, REGION, USER = "none", "school", "municipality", "region", "user"
PLACES = {
    NONE: ("own",),
    SCHOOL: ("own", "sibling", "neighbour", "far"),
    MUNICIPALITY: ("own", "neighbour", "far"),
    REGION: ("own", "far"),
    USER: ("own", "other"),
}
DISTANCE = {"own": 0, "sibling": 1, "neighbour": 2, "far": 3, "other": 99}


def inside(role: str, place: str) -> bool:
    return DISTANCE[place] <= REACH[role]


@dataclass(frozen=True)
class Row:
    level: str
    kwargs: Callable[[SimpleNamespace, object], dict] | None = None  # (objects at the place, requesting user)
    read: frozenset = NOBODY
    write: frozenset = NOBODY
    data: dict | Callable[[SimpleNamespace], dict] = field(default_factory=dict)
    ok: frozenset = frozenset({200})  # GET statuses that mean «shown» (a redirect to the role's own page)
    public: bool = False  # login and logout: anyone may GET / POST (only a server error fails); logged-in GETs checked


def row(level, kwargs=None, **extra) -> Row:
    for key in ("read", "write", "ok"):
        if key in extra:
            extra[key] = frozenset(extra[key])
    return Row(level=level, kwargs=kwargs, **extra)


pk = lambda attr: (lambda at, user: {"pk": getattr(at, attr).pk})  # noqa: E731

# One line per URL name. Lists and dashboards have no object (NONE); object pages name the object at the place.
ROWS: dict[str, Row] = {
    "login": row(NONE, read=EVERY_ROLE, write=EVERY_ROLE, public=True),
    "logout": row(NONE, write=EVERY_ROLE, public=True),
    "dashboard": row(NONE, read=EVERY_ROLE),
    "favicon": row(NONE, read=EVERY_ROLE, ok={302}, public=True),
    # roadmaps
    "roadmaps:roadmap_list": row(NONE, read=EVERY_ROLE),
    "roadmaps:roadmap_detail": row(MUNICIPALITY, pk("roadmap"), read=EVERY_ROLE),
    "roadmaps:order_detail": row(MUNICIPALITY, pk("order"), read=EVERY_ROLE),
    "roadmaps:item_detail": row(MUNICIPALITY, pk("item"), read=EVERY_ROLE),
    "roadmaps:item_status": row(MUNICIPALITY, pk("item"), write={MUNI, ADMIN}),
    "roadmaps:item_deadline": row(MUNICIPALITY, pk("item"), write={MUNI, ADMIN}),
    "roadmaps:evidence_download": row(MUNICIPALITY, pk("item_event"), read=EVERY_ROLE),
    "roadmaps:order_import": row(NONE, read={MUNI, REG, ADMIN}, write={MUNI, REG, ADMIN}),
    # the column-mapping step of a pending import (a job of core.imports): its owner, while they may import
    "roadmaps:order_import_columns": row(USER, lambda at, user: {"pk": at.import_job(user, columns=True).pk},
                                         write={MUNI, REG, ADMIN}),
    "roadmaps:roadmap_export": row(MUNICIPALITY, pk("roadmap"), read=EVERY_ROLE),
    "roadmaps:summary_export": row(NONE, read=EVERY_ROLE),
    "roadmaps:schools_export": row(NONE, read=EVERY_ROLE),
    "roadmaps:roadmap_picker": row(NONE, read=EVERY_ROLE),  # JSON search over the roadmaps the user sees
    # schools: pickers (JSON searches over what the user sees)
    "schools:school_picker": row(NONE, read=EVERY_ROLE),
    "schools:municipality_picker": row(NONE, read=EVERY_ROLE),
    # schools: local acts
    "schools:my_acts": row(NONE, read=EVERY_ROLE, ok={302}),
    "schools:review_queue": row(NONE, read=OFFICERS),
    "schools:acts_register_export": row(NONE, read=OFFICERS),
    "schools:act_version": row(SCHOOL, pk("act_version"), read=EVERY_ROLE),
    "schools:act_review": row(SCHOOL, pk("act_version"), write={MUNI, ADMIN}),
    "schools:act_download": row(SCHOOL, pk("act_version"), read=EVERY_ROLE),
    "schools:school_acts": row(SCHOOL, lambda at, user: {"school_pk": at.school.pk}, read=EVERY_ROLE),
    "schools:act_upload": row(SCHOOL, lambda at, user: {"school_pk": at.school.pk, "kind_code": "vsoko"},
                              write={HEAD, ADMIN}),
    # monitoring
    "monitoring:cabinet": row(NONE, read=EVERY_ROLE, ok={200, 302}),
    "monitoring:school_cabinet": row(SCHOOL, pk("school"), read=EVERY_ROLE),
    "monitoring:task_detail": row(SCHOOL, pk("task"), read=EVERY_ROLE),
    "monitoring:task_status": row(SCHOOL, pk("task"), write={HEAD, MUNI, ADMIN}),
    "monitoring:task_extend": row(SCHOOL, pk("task"), write={MUNI, ADMIN}),
    "monitoring:task_evidence": row(SCHOOL, pk("task_event"), read=EVERY_ROLE),
    "monitoring:compliance_matrix": row(NONE, read=EVERY_ROLE),
    "monitoring:compliance_matrix_export": row(NONE, read=EVERY_ROLE),
    "monitoring:compliance_rates": row(NONE, read=EVERY_ROLE),
    "monitoring:region_compliance_export": row(NONE, read=OFFICERS),
    "monitoring:municipalities": row(NONE, read=OFFICERS),
    "monitoring:campaign_list": row(NONE, read=OFFICERS),
    "monitoring:campaign_create": row(NONE, read={MUNI, ADMIN}, write={MUNI, ADMIN}),
    "monitoring:campaign_detail": row(MUNICIPALITY, pk("campaign"), read=OFFICERS),
    "monitoring:campaign_export": row(MUNICIPALITY, pk("campaign"), read=OFFICERS),
    "monitoring:website_check_edit": row(SCHOOL, lambda at, user: {"pk": at.campaign.pk, "school_pk": at.school.pk},
                                         read={MUNI, ADMIN}, write={MUNI, ADMIN}),
    "monitoring:website_check_confirm": row(SCHOOL, lambda at, user: {"pk": at.campaign.pk,
                                                                      "school_pk": at.school.pk},
                                            write={MUNI, ADMIN}),
    "monitoring:sitecheck_run": row(MUNICIPALITY, pk("campaign"), write={MUNI, ADMIN}),
    "monitoring:sitecheck_progress": row(MUNICIPALITY, pk("campaign"), read=OFFICERS),
    # background jobs: served to their owner only
    "jobs:detail": row(USER, lambda at, user: {"pk": at.job(user).pk}, read=EVERY_ROLE),
    "jobs:status": row(USER, lambda at, user: {"pk": at.job(user).pk}, read=EVERY_ROLE),
    "jobs:download": row(USER, lambda at, user: {"pk": at.job(user).pk}, read=EVERY_ROLE),
    # an import's confirm and cancel (core.imports): its owner, while the import's kind lets them act there
    "jobs:import_confirm": row(USER, lambda at, user: {"pk": at.import_job(user).pk}, write={MUNI, REG, ADMIN}),
    "jobs:import_cancel": row(USER, lambda at, user: {"pk": at.import_job(user).pk}, write={MUNI, REG, ADMIN}),
    "vpr:import": row(NONE, read={MUNI, ADMIN}, write={MUNI, ADMIN}),
    # the admin site itself (per-model pages are ADMIN_FAMILIES below)
    # The index and an app's index render on POST too (nothing is written): read-only pages for staff.
    "admin:index": row(NONE, read=OFFICERS, write=OFFICERS),
    "admin:login": row(NONE, read=EVERY_ROLE, write=EVERY_ROLE, ok={200, 302}, public=True),
    "admin:logout": row(NONE, write=EVERY_ROLE, public=True),
    "admin:password_change": row(NONE, read=OFFICERS, write=OFFICERS),
    "admin:password_change_done": row(NONE, read=OFFICERS),
    "admin:jsi18n": row(NONE, read=OFFICERS),
    "admin:autocomplete": row(NONE),  # answers only with a model and field in the query: 403 without
    "admin:view_on_site": row(NONE, lambda at, user: {"content_type_id": 0, "object_id": "0"}),
    "admin:app_list": row(NONE, lambda at, user: {"app_label": "schools"}, read=OFFICERS, write=OFFICERS),
    "admin/(?P<url>.*)$": row(NONE),  # the admin's final catch-all: a missing admin page
    # roadmaps (late pages)
    "roadmaps:roadmap_timeline": row(MUNICIPALITY, pk("roadmap"), read=EVERY_ROLE),
    # schools: the schools import (upload → preview → confirm; a pending upload lives in its uploader's session)
    "schools:schools_import": row(NONE, read={MUNI, ADMIN}, write={MUNI, ADMIN}),
    # monitoring (late pages)
    "monitoring:campaign_edit": row(MUNICIPALITY, pk("campaign"), read={MUNI, ADMIN}, write={MUNI, ADMIN}),
    "monitoring:compliance_rates_export": row(NONE, read=EVERY_ROLE),
    "monitoring:municipalities_export": row(NONE, read=OFFICERS),
    # tasks a school got after their deadline: the school's municipality picks a due date
    "monitoring:late_tasks": row(NONE, read={MUNI, ADMIN}),
    "monitoring:task_decide_late": row(SCHOOL, pk("late_task"), write={MUNI, ADMIN}),
    # the bell: a user's own notifications only
    "notifications:list": row(NONE, read=EVERY_ROLE),
    "notifications:read_all": row(NONE, write=EVERY_ROLE),
    "notifications:open": row(USER, lambda at, user: {"pk": at.notification(user).pk}, write=EVERY_ROLE),
    # ВПР (the drill-down by ?region / ?municipality / ?school is tried in monitoring/vpr/tests/test_permissions.py)
    "vpr:comparison": row(NONE, read=EVERY_ROLE),
    "vpr:comparison_export": row(NONE, read=EVERY_ROLE),
    "vpr:risk_schools": row(NONE, read=OFFICERS),
    "vpr:school": row(SCHOOL, pk("school"), read=EVERY_ROLE),
    "vpr:school_sign_task": row(SCHOOL, pk("school"), write={MUNI, ADMIN}, data=lambda at: {"round": at.vpr_round.pk}),
    # procedures: schedules of assessment procedures (a school's: its head and its municipality change them)
    "procedures:schedule_list": row(NONE, read=EVERY_ROLE, ok={200, 302}),  # a head: to their own schedule
    "procedures:schedules_export": row(NONE, read=EVERY_ROLE),
    "procedures:schedule_upload": row(NONE, read={HEAD, MUNI, ADMIN}, write={HEAD, MUNI, ADMIN}),
    "procedures:schedule_mapping": row(USER, lambda at, user: {"pk": at.schedule_job(user).pk},
                                       write={HEAD, MUNI, ADMIN}),
    "procedures:schedule_detail": row(SCHOOL, pk("schedule"), read=EVERY_ROLE),
    "procedures:schedule_export": row(SCHOOL, pk("schedule"), read=EVERY_ROLE),
    "procedures:procedure_add": row(SCHOOL, pk("schedule"), write={HEAD, MUNI, ADMIN}),
    "procedures:hours_set": row(SCHOOL, pk("schedule"), write={HEAD, MUNI, ADMIN}),
    "procedures:settings_set": row(SCHOOL, pk("schedule"), write={HEAD, MUNI, ADMIN}),
    "procedures:procedure_delete": row(SCHOOL, pk("procedure"), write={HEAD, MUNI, ADMIN}),
    # procedures: the authority's observations (its officers record them; the school reads its own)
    "procedures:observation_list": row(NONE, read=EVERY_ROLE),
    "procedures:observation_create": row(NONE, read={MUNI, ADMIN}, write={MUNI, ADMIN}),
    "procedures:observation_detail": row(SCHOOL, pk("observation"), read=EVERY_ROLE),
    "procedures:observation_protocol": row(SCHOOL, pk("observation"), read=EVERY_ROLE),
    # procedures: professional events (the municipality's; its heads read them and add their own people)
    "procedures:event_list": row(NONE, read=EVERY_ROLE),
    "procedures:event_create": row(NONE, read={MUNI, ADMIN}, write={MUNI, ADMIN}),
    "procedures:event_detail": row(MUNICIPALITY, pk("event"), read=EVERY_ROLE),
    "procedures:event_edit": row(MUNICIPALITY, pk("event"), read={MUNI, ADMIN}, write={MUNI, ADMIN}),
    "procedures:participant_add": row(MUNICIPALITY, pk("event"), write={HEAD, MUNI, ADMIN}),
    "procedures:attendance_import": row(MUNICIPALITY, pk("event"), write={HEAD, MUNI, ADMIN}),
    "procedures:material_add": row(MUNICIPALITY, pk("event"), write={MUNI, ADMIN}),
    "procedures:material_download": row(MUNICIPALITY, pk("material"), read=EVERY_ROLE),
    "procedures:item_coverage": row(MUNICIPALITY, pk("item"), read=EVERY_ROLE),
    "procedures:participant_remove": row(SCHOOL, pk("participant"), write={HEAD, MUNI, ADMIN}),
    "procedures:certificate_download": row(SCHOOL, pk("participant"), read=EVERY_ROLE),
    # what a municipality owes its region (a regional «все МОУО» item): its officers report, the region reads
    "monitoring:municipality_tasks": row(NONE, read=OFFICERS),
    "monitoring:municipality_task_detail": row(MUNICIPALITY, pk("muni_task"), read=OFFICERS),
    "monitoring:municipality_task_status": row(MUNICIPALITY, pk("muni_task"), write={MUNI, ADMIN}),
    "monitoring:municipality_task_evidence": row(MUNICIPALITY, pk("muni_task_event"), read=OFFICERS),
}

# A page that cannot have its row yet goes here with why: ``test_nothing_is_pending`` FAILS while it is not empty
# (a reminder that cannot be forgotten), and the other tests leave the page out meanwhile.
PENDING: dict[str, str] = {}


# --- the admin: one family per registered ModelAdmin --------------------------------------------------------

@dataclass(frozen=True)
class AdminFamily:
    """changelist / add (no object); change / delete / history of the object at the place."""

    level: str
    obj: Callable[[SimpleNamespace], object] | None  # None: no rows (a page posing as a model); a missing pk
    read: frozenset  # changelist, change (the view-only page) and history
    change: frozenset  # POST to change
    add: frozenset
    delete: frozenset
    views: tuple[str, ...] = ("changelist", "add", "change", "delete", "history")


def family(level, obj, read=NOBODY, change=NOBODY, add=None, delete=None, views=None) -> AdminFamily:
    """``add`` defaults to ``change``; ``delete`` to the administrator when he changes (officers never delete)."""
    add = change if add is None else add
    delete = ({ADMIN} & set(change)) if delete is None else delete
    made = AdminFamily(level, obj, frozenset(read), frozenset(change), frozenset(add), frozenset(delete))
    return made if views is None else AdminFamily(**{**vars(made), "views": views})


STAFF = frozenset({MUNI, REG, FED, ADMIN})
SUPERUSER_ONLY = {"read": {ADMIN}, "change": {ADMIN}}
SERVICE_WRITTEN = {"read": STAFF}  # history, tasks, checks: written by services only, nobody changes them here
# A region adds its own orders and roadmaps (and their rows); a municipality changes its own.
REGION_ADDS = {"read": STAFF, "change": {MUNI, ADMIN}, "add": {MUNI, REG, ADMIN}}
ADMIN_FAMILIES: dict[str, AdminFamily] = {
    "schools.Region": family(REGION, lambda at: at.region, read={REG, FED, ADMIN}, change={ADMIN}),
    "schools.Municipality": family(MUNICIPALITY, lambda at: at.municipality, read=STAFF, change={ADMIN}),
    "schools.Organization": family(MUNICIPALITY, lambda at: at.organization, read=STAFF, change={MUNI, ADMIN}),
    "schools.School": family(SCHOOL, lambda at: at.school, read=STAFF, change={MUNI, ADMIN}),
    "schools.Official": family(MUNICIPALITY, lambda at: at.official, read=STAFF, change={MUNI, ADMIN}),
    "schools.UserProfile": family(SCHOOL, lambda at: at.head_profile, **SUPERUSER_ONLY),
    "schools.LocalActKind": family(NONE, lambda at: at.act_kind, read=STAFF, change={ADMIN}),
    "schools.LocalAct": family(SCHOOL, lambda at: at.act_version.act, **SERVICE_WRITTEN),
    "schools.LocalActVersion": family(SCHOOL, lambda at: at.act_version, **SERVICE_WRITTEN),
    "auth.User": family(SCHOOL, lambda at: at.head, **SUPERUSER_ONLY),
    "roadmaps.Order": family(MUNICIPALITY, lambda at: at.order, **REGION_ADDS),
    "roadmaps.OrderClause": family(MUNICIPALITY, lambda at: at.clause, **REGION_ADDS),
    "roadmaps.OrderCitation": family(MUNICIPALITY, lambda at: at.citation, **REGION_ADDS),
    "roadmaps.Roadmap": family(MUNICIPALITY, lambda at: at.roadmap, **REGION_ADDS),
    "roadmaps.RoadmapItem": family(MUNICIPALITY, lambda at: at.item, **REGION_ADDS),
    "roadmaps.ItemEvent": family(MUNICIPALITY, lambda at: at.item_event, **SERVICE_WRITTEN),
    "monitoring.SchoolTask": family(SCHOOL, lambda at: at.task, **SERVICE_WRITTEN),
    "monitoring.MunicipalityTask": family(MUNICIPALITY, lambda at: at.muni_task, **SERVICE_WRITTEN),
    "monitoring.WebsiteCampaign": family(MUNICIPALITY, lambda at: at.campaign, read=STAFF, change={MUNI, ADMIN}),
    # A campaign's checklist: its municipality edits it, criteria included (removing one too).
    "monitoring.CheckCriterion": family(MUNICIPALITY, lambda at: at.criterion, read=STAFF, change={MUNI, ADMIN},
                                        delete={MUNI, ADMIN}),
    "monitoring.WebsiteCheck": family(SCHOOL, lambda at: at.check, **SERVICE_WRITTEN),
    "monitoring.ReminderLog": family(SCHOOL, lambda at: at.reminder, **SERVICE_WRITTEN),
    # automatic website checks (runs, per-school jobs, a check's history and findings): written by the worker
    "monitoring.SiteCheckRun": family(MUNICIPALITY, lambda at: at.site_check_run, **SERVICE_WRITTEN),
    "monitoring.SiteCheckJob": family(SCHOOL, lambda at: at.site_check.job, **SERVICE_WRITTEN),
    "monitoring.WebsiteCheckEvent": family(SCHOOL, lambda at: at.site_check.event, **SERVICE_WRITTEN),
    "monitoring.WebsiteCheckFinding": family(SCHOOL, lambda at: at.site_check.finding, **SERVICE_WRITTEN),
    # Django's and the libraries' own models: the superuser's back office
    "auth.Group": family(NONE, lambda at: at.group, **SUPERUSER_ONLY),
    "axes.AccessAttempt": family(NONE, lambda at: at.access_attempt, read={ADMIN}, change={ADMIN}, add=NOBODY),
    "axes.AccessLog": family(NONE, lambda at: at.access_log, read={ADMIN}, change={ADMIN}, add=NOBODY),
    "axes.AccessFailureLog": family(NONE, lambda at: at.access_failure, read={ADMIN}, change={ADMIN}, add=NOBODY),
    "django_tasks_database.DBTaskResult": family(NONE, None, read={ADMIN}),
    # django_rq's queue dashboard poses as a model without a table: only its list (the dashboard) is a page; its
    # object URLs answer a server error even to the superuser (no table), so they are not tried.
    "django_rq.Dashboard": family(NONE, None, read={ADMIN}, views=("changelist", "add")),
    # the history of roles (simple-history rows of UserProfile): the superuser's, written by every role grant
    "schools.HistoricalUserProfile": family(SCHOOL, lambda at: at.role_history, read={ADMIN}),
    # ВПР (monitoring.permissions.VPR_STAFF_PERMISSIONS): the municipality keeps its schools' ФИС ОКО logins and its
    # objectivity-control sample here (no portal page does); rounds are reference data; imports are the
    # administrator's records; signs' tasks are written by their service only.
    "vpr.VprRound": family(NONE, lambda at: at.vpr_round, read=STAFF, change={ADMIN}),
    "vpr.VprImport": family(NONE, lambda at: at.vpr_import, read={ADMIN}),
    "vpr.SchoolLogin": family(SCHOOL, lambda at: at.fis_login, read=STAFF, change={MUNI, ADMIN}),
    "vpr.ControlledSchool": family(SCHOOL, lambda at: at.control, read=STAFF, change={MUNI, ADMIN}),
    "vpr.SignTask": family(SCHOOL, lambda at: at.sign_task, **SERVICE_WRITTEN),
    # procedures: read-only (every write goes through the portal's pages, which re-check and record history)
    "procedures.Schedule": family(SCHOOL, lambda at: at.schedule, **SERVICE_WRITTEN),
    "procedures.Observation": family(SCHOOL, lambda at: at.observation, **SERVICE_WRITTEN),
    "procedures.ProfessionalEvent": family(MUNICIPALITY, lambda at: at.event, **SERVICE_WRITTEN),
}
ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")


# --- the world ---------------------------------------------------------------------------------------------

def build_matrix_world() -> SimpleNamespace:
    """Two regions (42 Кузбасс: M1 with S1, S2 and M2 with S3; 54: M3 with S4), objects of every model at each
    place, one user per role at «own» (head of S1, officer of M1, regional specialist of 42, federal, admin)."""
    from monitoring.models import ReminderLog, SchoolTask, WebsiteCheck
    from monitoring.models.sitecheck import SiteCheckRun
    from monitoring.services import school_tasks_sync
    from monitoring.services.campaigns import campaign_create
    from monitoring.services.tasks import school_task_set_status
    from tests.factories import make_act_version, make_municipality, make_region, make_roadmap, make_school, make_user
    from roadmaps.models import OrderCitation, OrderClause
    from roadmaps.services import item_set_status
    from roadmaps.status import Status
    from schools.models import Official, Role
    from schools.services import user_role_set

    r42, r54 = make_region("42", "Кемеровская область — Кузбасс"), make_region("54", "Новосибирская область")
    m1, m2, m3 = (make_municipality("Домашний", region=r42), make_municipality("Соседний", region=r42),
                  make_municipality("Дальний", region=r54))
    schools = {"own": make_school(m1), "sibling": make_school(m1), "neighbour": make_school(m2), "far": make_school(m3)}
    admin_user = make_user("admin", role=Role.ADMIN)
    users = {ADMIN: admin_user, ANON: None}
    for role, kwargs in ((HEAD, {"school": schools["own"]}), (MUNI, {"municipality": m1}), (REG, {"region": r42}),
                         (FED, {})):
        users[role] = make_user(f"matrix_{role}")
        user_role_set(user=users[role], role=role, **kwargs)

    municipal = {}
    for place, municipality in (("own", m1), ("neighbour", m2), ("far", m3)):
        roadmap = make_roadmap(municipality, items=2)
        item = roadmap.items.order_by("position").first()  # addressed to all schools
        item_event = item_set_status(
            item=item, user=admin_user, status=Status.IN_PROGRESS, expected_version=item.version, comment="Начали",
            evidence_file=SimpleUploadedFile("акт.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"))
        campaign = campaign_create(user=admin_user, municipality=municipality, title="Мониторинг сайтов",
                                   period_start=date(2022, 9, 1), period_end=date(2022, 12, 31))
        municipal[place] = SimpleNamespace(
            municipality=municipality, region=municipality.region, roadmap=roadmap, order=roadmap.order, item=item,
            item_event=item_event, organization=roadmap.order.issuer,
            official=Official.objects.filter(municipality=municipality).first(),
            clause=OrderClause.objects.create(order=roadmap.order, number="1", position=1, text="Утвердить"),
            citation=OrderCitation.objects.create(order=roadmap.order, position=1, issuer_name="Министерство",
                                                  number="1621", date=date(2022, 6, 29)),
            campaign=campaign, criterion=campaign.criteria.first(),
            site_check_run=SiteCheckRun.objects.create(campaign=campaign, started_by=admin_user,
                                                       approved_after=date(2022, 6, 29)),
        )
        _add_municipal_objects(municipal[place], admin_user)
    school_tasks_sync()
    _add_municipality_tasks(municipal, admin_user, regions=(r42, r54))

    by_school = {}
    for place, school in schools.items():
        at = municipal["own" if place == "sibling" else place]
        head = users[HEAD] if place == "own" else make_user(f"head_{place}")
        if place != "own":
            user_role_set(user=head, role=Role.SCHOOL_HEAD, school=school)
        task = SchoolTask.objects.filter(school=school, item=at.item).get()
        task_event = school_task_set_status(
            task=task, user=admin_user, status=Status.IN_PROGRESS, expected_version=task.version, comment="Начали",
            evidence_file=SimpleUploadedFile("акт.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"))
        check = WebsiteCheck.objects.create(campaign=at.campaign, school=school, found=True, checked_by=admin_user,
                                            checked_at=at.campaign.created_at, method=WebsiteCheck.Method.AUTOMATIC)
        by_school[place] = SimpleNamespace(
            **vars(at), school=school, head=head, head_profile=head.profile, task=task, task_event=task_event,
            site_check=_site_check_objects(at.site_check_run, school, check),
            act_version=make_act_version(school, user=admin_user), check=check,
            reminder=ReminderLog.objects.create(task=task, kind=ReminderLog.Kind.choices[0][0],
                                                sent_on=date(2022, 10, 24), due_date=task.due_date),
        )
    site = _site_wide_objects()
    site.__dict__.update(vars(_vpr_objects(admin_user)))
    for n, at in enumerate(by_school.values(), start=1):
        _add_school_objects(at, admin_user, site.vpr_round, n)
    far_user = make_user("matrix_far_officer")
    user_role_set(user=far_user, role=Role.MUNICIPAL, municipality=m3)

    from core.jobs.models import BackgroundJob

    jobs = {}
    for owner in [u for u in users.values() if u is not None] + [far_user]:
        jobs[owner.pk] = BackgroundJob.objects.create(owner=owner, kind="compliance", title="Сводка",
                                                      state=BackgroundJob.State.DONE, result_name="Сводка.xlsx")
        jobs[owner.pk].result.save("svodka.xlsx", ContentFile(b"PK\x03\x04 not really"), save=True)

    def job(user):
        return jobs[(user or admin_user).pk]

    from portal.notifications.models import Notification

    notes = {owner.pk: Notification.objects.create(user=owner, kind=Notification.Kind.REMARK, title="Замечание",
                                                   url="/", key=f"matrix-{owner.pk}")
             for owner in [u for u in users.values() if u is not None] + [far_user]}

    def notification(user):
        return notes[(user or admin_user).pk]

    def import_job(user, columns=False):
        """The requesting user's own pending order import (core.imports): read, waiting for confirmation."""
        from roadmaps.importers.reader import read_document

        owner = user or admin_user
        if "document" not in cache:
            cache["document"] = read_document(SimpleUploadedFile(SEED.name, SEED.read_bytes()), name=SEED.name)
        regional = owner.pk == users[REG].pk  # a regional specialist's upload is a regional order of their region
        preview = ({"columns_needed": {"headers": ["Что", "Когда"], "sample": [], "letters": ["A", "B"],
                                       "message": "Столбцы не распознаны."}} if columns
                   else {"document": cache["document"]})
        return BackgroundJob.objects.create(
            owner=owner, kind="import:order", title="Загрузка приказа", state=BackgroundJob.State.PREVIEW,
            params={"municipality": None if regional else m1.pk, "region": r42.pk if regional else None},
            upload_name=SEED.name, preview=preview)

    def schedule_job(user):
        """The requesting user's own schedule import waiting at its preview (core.imports), for their school."""
        from monitoring.procedures.import_flow import SCHEDULE_IMPORT
        from monitoring.procedures.importer import guess_mapping, read_workbook
        from monitoring.procedures.tests.conftest import STANDARD, xlsx_upload

        owner = user or admin_user
        if "workbook" not in cache:
            cache["workbook"] = read_workbook(xlsx_upload(STANDARD))
        return BackgroundJob.objects.create(
            owner=owner, kind=SCHEDULE_IMPORT.job_kind, title="Загрузка графика", state=BackgroundJob.State.PREVIEW,
            params={"school": schools["own"].pk, "year": 2022}, upload_name="График.xlsx",
            preview={"workbook": cache["workbook"], "mapping": guess_mapping(cache["workbook"])})

    cache = {}

    world = SimpleNamespace(users=users, far_user=far_user, client=None)
    # What an officer's admin pages must never show: names of places, schools and people outside their scope.
    def names(places):
        return [text for place in places for text in (
            by_school[place].municipality.short_name, by_school[place].school.short_name, by_school[place].head.username)]
    world.foreign_texts = {MUNI: names(("neighbour", "far")) + [far_user.username], REG: names(("far",))}
    regions = {"own": SimpleNamespace(region=r42), "far": SimpleNamespace(region=r54)}
    world.at = {
        NONE: {"own": site},
        SCHOOL: by_school,
        MUNICIPALITY: municipal,
        REGION: regions,
        # «own»: the requesting user's job, pending import, notification; «other»: someone else's
        USER: {"own": SimpleNamespace(job=job, import_job=import_job, schedule_job=schedule_job,
                                      notification=notification),
               "other": SimpleNamespace(job=lambda user: job(far_user),
                                        import_job=lambda user, columns=False: import_job(far_user, columns),
                                        schedule_job=lambda user: schedule_job(far_user),
                                        notification=lambda user: notification(far_user))},
    }
    return world


def _site_check_objects(run, school, check) -> SimpleNamespace:
    """A school's job of an automatic run, the history event of its result and one finding."""
    from monitoring.models.sitecheck import SiteCheckJob, WebsiteCheckEvent, WebsiteCheckFinding

    event = WebsiteCheckEvent.objects.create(check_result=check, kind=WebsiteCheckEvent.Kind.AUTOMATIC, run=run)
    return SimpleNamespace(
        job=SiteCheckJob.objects.create(run=run, school=school, state=SiteCheckJob.State.DONE), event=event,
        finding=WebsiteCheckFinding.objects.create(event=event, kind=WebsiteCheckFinding.Kind.DOCUMENT, code="vsoko",
                                                   url="https://school.example.ru/sveden/document/vsoko.pdf"),
    )


def _site_wide_objects() -> SimpleNamespace:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from schools.models import LocalActKind

    who = {"username": "guess", "ip_address": "127.0.0.1", "user_agent": "test", "http_accept": "*/*",
           "path_info": "/accounts/login/"}
    return SimpleNamespace(
        act_kind=LocalActKind.objects.get(code="vsoko"), group=Group.objects.first(),
        access_attempt=AccessAttempt.objects.create(**who, get_data="", post_data="", failures_since_start=1),
        access_log=AccessLog.objects.create(**who), access_failure=AccessFailureLog.objects.create(**who),
    )


# --- the world's later parts: procedures, ВПР, late tasks, the bell, pending uploads -------------------------

def _pdf(name: str = "протокол.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def _add_municipal_objects(at: SimpleNamespace, admin_user) -> None:
    """A professional event of the municipality (serving its roadmap's item) with one material."""
    from monitoring.procedures.choices import EventKind
    from monitoring.procedures.services import event_save
    from monitoring.procedures.services.events import event_material_add

    at.event = event_save(user=admin_user, municipality=at.municipality, kind=EventKind.COURSE,
                          title=f"Курсы ({at.municipality.short_name})", date_start=date(2022, 10, 3), items=[at.item])
    at.material = event_material_add(event=at.event, user=admin_user, title="Программа", file=_pdf("программа.pdf"))


def _add_municipality_tasks(municipal: dict, admin_user, *, regions) -> None:
    """Each region's roadmap with an item for every МОУО: each municipality's task of it, reported with a file."""
    from monitoring.models import MunicipalityTask
    from monitoring.services.municipality_tasks import municipality_task_set_status, municipality_tasks_sync
    from roadmaps.status import Status
    from tests.factories import make_regional_roadmap

    items = {region.pk: make_regional_roadmap(region).items.get() for region in regions}
    municipality_tasks_sync()
    for at in municipal.values():
        at.muni_task = MunicipalityTask.objects.get(municipality=at.municipality, item=items[at.region.pk])
        at.muni_task_event = municipality_task_set_status(
            task=at.muni_task, user=admin_user, status=Status.IN_PROGRESS, expected_version=at.muni_task.version,
            comment="Начали", evidence_file=_pdf("приказ.pdf"))


def _add_school_objects(at: SimpleNamespace, admin_user, vpr_round, n: int) -> None:
    """At one school: a schedule with a row, an observation, a participant of its municipality's event, a task
    waiting for a due date, ВПР results, a ФИС ОКО login, an objectivity control, a sign's task."""
    from monitoring.models import SchoolTask
    from monitoring.procedures.services import observation_record, participants_add, schedule_import
    from monitoring.procedures.services.events import NewParticipant
    from monitoring.procedures.tests.conftest import BREACHING, schedule_rows
    from monitoring.vpr.models import ControlledSchool, SchoolLogin, Sign, SignTask
    from monitoring.vpr.tests.factories import add_results

    school = at.school
    at.schedule = schedule_import(school=school, academic_year=2022, rows=schedule_rows(BREACHING), user=admin_user,
                                  source_name="график.xlsx")
    at.procedure = at.schedule.procedures.order_by("pk").first()
    at.observation = observation_record(user=admin_user, school=school, day=date(2022, 10, 20), procedure_text="КР",
                                        observers="Наблюдатель", protocol=_pdf())
    participants_add(event=at.event, user=admin_user, people=[NewParticipant(
        school, f"Участник {n}", "учитель", certificate=_pdf("удостоверение.pdf"))])
    at.participant = at.event.participants.get(school=school)
    # a task the school got after its deadline had passed: the officer picks its due date
    at.late_task = SchoolTask.objects.create(school=school, clause=at.clause, due_date_pending=True)
    add_results(vpr_round, school, [(5, 15, 4, 4)], start=100 * n)
    at.vpr_round = vpr_round
    at.fis_login = SchoolLogin.objects.create(school=school, login=f"edu42{n:04d}")
    at.control = ControlledSchool.objects.create(round=vpr_round, school=school)
    at.sign_task = SignTask.objects.create(round=vpr_round, school=school, sign=Sign.HIGH_MEAN, item=at.item,
                                           task=at.task, created_by=admin_user)
    at.role_history = at.head_profile.history.order_by("history_id").first()


def _vpr_objects(admin_user) -> SimpleNamespace:
    from monitoring.vpr.models import VprImport
    from monitoring.vpr.tests.factories import make_round

    vpr_round = make_round()
    return SimpleNamespace(vpr_round=vpr_round, vpr_import=VprImport.objects.create(
        round=vpr_round, user=admin_user, file_name="результаты.xlsx", layout="fis", schools=4, participants=20))


# --- walking the resolver -----------------------------------------------------------------------------------


def _admin_family_of(route: str) -> str | None:
    for model in admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model._meta.label
    return None


def url_patterns() -> dict[str, str]:
    """Every pattern of the root resolver as {key: full route}; the key is the URL name with its namespace, the
    admin family («admin:schools.School») for a ModelAdmin's pages, or the route for an unnamed pattern."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = ":".join(filter(None, (namespace, entry.namespace)))
                walk(entry.url_patterns, route, ns)
                continue
            assert isinstance(entry, URLPattern)
            label = _admin_family_of(route) if namespace == "admin" else None
            if label:
                key = f"admin:{label}"
            elif entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = route
            found[key] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_pattern_has_a_row(capsys, db):
    patterns = url_patterns()
    covered = set(ROWS) | {f"admin:{label}" for label in ADMIN_FAMILIES}
    missing = sorted(key for key in patterns if key not in covered and key not in PENDING)
    assert not missing, "these URL patterns have no row in portal/tests/test_permission_matrix.py (ROWS or " \
                        "ADMIN_FAMILIES): " + ", ".join(f"{key} ({patterns[key]})" for key in missing)
    stale = sorted(covered - set(patterns))
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def test_nothing_is_pending():
    """A page without its row may wait in PENDING for a merge, never longer: this fails while PENDING has entries."""
    assert not PENDING, "pages still without a row (write their rows, then empty PENDING): " + "; ".join(
        f"{key} — {why}" for key, why in sorted(PENDING.items()))


def test_the_matrix_size(capsys, db):
    """Prints the size of the matrix (patterns × roles × places × methods) — the figure the README quotes."""
    cells = sum(len(ROLES) * len(PLACES[r.level]) * 2 for r in ROWS.values())
    cells += sum(len(ROLES) * 2 * sum(1 if v in ("changelist", "add") else len(PLACES[f.level]) for v in f.views)
                 for f in ADMIN_FAMILIES.values())
    patterns = len(ROWS) + len(ADMIN_FAMILIES) * len(ADMIN_VIEWS)
    with capsys.disabled():
        print(f"\npermission matrix: {patterns} URL patterns ({len(ROWS)} pages, {len(ADMIN_FAMILIES)} admin "
              f"families × {len(ADMIN_VIEWS)}), {len(ROLES)} roles, {cells} requests")
    assert cells > 1000


# --- trying the rows ----------------------------------------------------------------------------------------

LOGINS = ("/accounts/login/", "/admin/login/")


def refused(response, *, role: str, admin_page: bool) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302:
        location = response["Location"]
        if any(location.startswith(login) for login in LOGINS):
            return True
        if admin_page and location.rstrip("/").endswith("/admin"):
            return True  # the admin's answer to an object outside the queryset: «does not exist», back to the index
    return False


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world is built once for the module, inside a transaction rolled back at its end; each test runs in a
    savepoint of it (pytest-django's ``db``), so what one test's POSTs change is gone before the next."""
    media = tmp_path_factory.mktemp("matrix_media")
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_matrix_world()
            world.media = media
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _media_root(settings, matrix_world):  # the evidence and acts the world uploaded are read back from here
    settings.MEDIA_ROOT = matrix_world.media


@pytest.fixture(scope="module")
def clients(matrix_world, django_db_blocker):
    """One test client per role, logged in once for the module (its session lives in the module's transaction).
    Each request runs in a savepoint rolled back after it (``_try``), so a logout row ends no session for good:
    the client gets its session cookie back before its next request."""
    made = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            made[role] = Client()
            if matrix_world.users[role] is not None:
                made[role].force_login(matrix_world.users[role])
    matrix_world.cookies = {role: client.cookies.get(settings.SESSION_COOKIE_NAME) for role, client in made.items()}
    return made


def _client(clients, world, role) -> Client:
    """The role's client with its own session cookie only (nothing a previous request left: a message, a logout)."""
    client = clients[role]
    client.cookies.clear()
    if world.cookies[role] is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.cookies[role].value
    world.client = client
    return client


def _try(clients, world, role, method, make_url, data, *, expect_ok, ok_statuses, public, admin_page):
    """One request; the URL is built after logging in (a pending import lives in the session)."""
    user, client = world.users[role], _client(clients, world, role)
    url = make_url(user)
    with transaction.atomic():  # what a request writes is undone: the next role meets the same world
        response = client.get(url) if method == "GET" else client.post(url, data)
        transaction.set_rollback(True)
    status = response.status_code
    if status >= 500:
        return f"{method} {url} as {role}: {status}"
    if public and (role == ANON or method == "POST"):
        return None
    if expect_ok:
        good = status in ok_statuses if method == "GET" else not refused(response, role=role, admin_page=admin_page)
        return None if good else f"{method} {url} as {role}: {status} {response.get('Location', '')}, expected success"
    if not refused(response, role=role, admin_page=admin_page):
        return f"{method} {url} as {role}: {status} {response.get('Location', '')}, expected refusal"
    return None


def _page_url(name: str, spec: Row, at):
    if name.startswith("admin/"):
        return lambda user: "/admin/no-such-page/"
    return lambda user: reverse(name, kwargs=spec.kwargs(at, user) if spec.kwargs else {})


@pytest.mark.parametrize("name", sorted(ROWS))
def test_page(db, clients, matrix_world, name):
    spec, world = ROWS[name], matrix_world
    failures = []
    for role in ROLES:
        for place in PLACES[spec.level]:
            at = world.at[spec.level][place]
            for method in ("GET", "POST"):
                allowed = spec.read if method == "GET" else spec.write
                data = spec.data(at) if callable(spec.data) else spec.data
                failure = _try(clients, world, role, method, _page_url(name, spec, at), data,
                               expect_ok=role != ANON and inside(role, place) and role in allowed,
                               ok_statuses=spec.ok, public=spec.public, admin_page=name.startswith("admin"))
                if failure:
                    failures.append(f"[{place}] {failure}")
    assert not failures, f"{name}:\n" + "\n".join(failures)


def _admin_allowed(spec: AdminFamily, view: str, method: str) -> frozenset:
    if view in ("changelist", "history") or (view == "change" and method == "GET"):
        return spec.read  # a list, a history and a view-only page write nothing, POSTed or not
    return {"add": spec.add, "change": spec.change, "delete": spec.delete}[view]


@pytest.mark.parametrize("label", sorted(ADMIN_FAMILIES))
def test_admin_family(db, clients, matrix_world, label):
    spec, world = ADMIN_FAMILIES[label], matrix_world
    app_label, model_name = label.lower().split(".")
    prefix = f"admin:{app_label}_{model_name}"
    failures = []
    for role in ROLES:
        for view in spec.views:
            places = ("own",) if view in ("changelist", "add") else PLACES[spec.level]
            for place in places:
                if view in ("changelist", "add"):
                    args = []
                elif spec.obj is None:
                    args = ["0"]
                else:
                    args = [spec.obj(world.at[spec.level][place]).pk]
                url = reverse(f"{prefix}_{view}", args=args)
                for method in ("GET", "POST"):
                    allowed = _admin_allowed(spec, view, method)
                    if args == ["0"]:
                        allowed = NOBODY  # no such row: «does not exist», back to the index
                    failure = _try(clients, world, role, method, lambda user: url, {},
                                   expect_ok=role != ANON and inside(role, place) and role in allowed,
                                   ok_statuses=frozenset({200}), public=False, admin_page=True)
                    if failure:
                        failures.append(f"[{view} {place}] {failure}")
    assert not failures, f"{label}:\n" + "\n".join(failures)


# --- the admin shows an officer nothing outside their scope ------------------------------------------------------

@pytest.mark.parametrize("role", [MUNI, REG])
@pytest.mark.parametrize("label", sorted(ADMIN_FAMILIES))
def test_admin_shows_nothing_outside_the_scope(db, clients, matrix_world, label, role):
    """Every registered ModelAdmin, as a municipal officer and as a regional specialist: the changelist's rows, its
    list filters, the add / change / history pages and their dropdowns (inlines too) hold nothing of another
    municipality (another region). tests/admin_scope.py says how each is read."""
    from django.apps import apps

    from tests.admin_scope import admin_scope_leaks

    model, opened = apps.get_model(label), []
    leaks = admin_scope_leaks(_client(clients, matrix_world, role), matrix_world.users[role], model,
                              admin.site._registry[model], foreign_texts=matrix_world.foreign_texts[role], opened=opened)
    assert not leaks, f"{label} as {role}:\n" + "\n".join(leaks)
    spec = ADMIN_FAMILIES[label]
    if role in spec.read and spec.obj is not None:  # what the role may read was really read
        assert {"changelist", "change"} <= set(opened), opened
    if role in spec.add:
        assert "add" in opened, opened


def test_the_foreign_texts_are_on_the_superusers_pages(db, clients, matrix_world):
    """The names the scope test looks for are really printed by the admin (else it would prove nothing)."""
    client = _client(clients, matrix_world, ADMIN)
    pages = "".join(client.get(reverse(f"admin:{name}_changelist")).content.decode()
                    for name in ("schools_school", "schools_municipality", "auth_user"))
    assert all(text in pages for text in matrix_world.foreign_texts[MUNI])
