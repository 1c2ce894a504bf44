"""No query string answers HTTP 500: non-ASCII digits, huge and negative numbers and junk, sent to every filter
of every page and export. The URL list is generated from the URL patterns: a new URL with path parameters must
be given objects in ``PATH_ARGS`` or this test fails.
"""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from monitoring.forms import CampaignFilterForm, MatrixFilterForm, RatesFilterForm
from monitoring.models import MunicipalityTask, SchoolTask, TaskEvent
from monitoring.services.municipality_tasks import municipality_task_set_status, municipality_tasks_sync
from monitoring.services import campaign_create, school_tasks_sync
from core.query import PageForm
from tests.factories import make_act_version, make_regional_roadmap
from roadmaps.forms import ItemFilterForm, SummaryFilterForm
from schools.acts.forms import RegisterFilterForm

pytestmark = pytest.mark.django_db

FILTER_FORMS = (ItemFilterForm, SummaryFilterForm, MatrixFilterForm, RatesFilterForm, CampaignFilterForm,
                RegisterFilterForm, PageForm)
PARAMS = sorted({name for form in FILTER_FORMS for name in form.base_fields})
JUNK = [
    "²", "-99999999999999999999999999", "99999999999999999999999999", "٣", "𝟙", "-1", "0", "9" * 5000, "1e309", "NaN", "1.5", "abc",
    "\x00", "' OR 1=1 --", "official:²", "organization:-1", "schools", "%FF", " 7 ",
]
SKIPPED_NAMESPACES = ("admin",)  # Django's admin parses its own lookups (an unknown one redirects with ?e=1)


def _patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)
            if inner in SKIPPED_NAMESPACES:
                continue
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


@pytest.fixture
def objects(world):
    school_tasks_sync()
    home = world.home
    task = SchoolTask.objects.filter(school=home.school).first()
    event = TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.REMARK, author=home.officer, comment="Замечание")
    version = make_act_version(home.school, user=home.head)
    campaign = campaign_create(user=home.officer, municipality=home.municipality, title="Мониторинг",
                               period_start=date(2022, 11, 1), period_end=date(2022, 11, 30), item=home.item)
    municipality_tasks_sync(roadmap=make_regional_roadmap(home.municipality.region))
    region_task = MunicipalityTask.objects.filter(municipality=home.municipality).first()
    region_event = municipality_task_set_status(task=region_task, user=home.officer, status="in_progress",
                                                expected_version=region_task.version, comment="Начали")
    return {
        "monitoring:municipality_task_detail": {"pk": region_task.pk},
        "monitoring:municipality_task_status": {"pk": region_task.pk},
        "monitoring:municipality_task_evidence": {"pk": region_event.pk},
        "roadmaps:roadmap_detail": {"pk": home.roadmap.pk},
        "roadmaps:roadmap_export": {"pk": home.roadmap.pk},
        "roadmaps:roadmap_timeline": {"pk": home.roadmap.pk},
        "roadmaps:order_detail": {"pk": home.order.pk},
        "roadmaps:item_detail": {"pk": home.item.pk},
        "roadmaps:item_status": {"pk": home.item.pk},
        "roadmaps:item_deadline": {"pk": home.item.pk},
        "roadmaps:evidence_download": {"pk": 1},
        "schools:act_version": {"pk": version.pk},
        "schools:act_review": {"pk": version.pk},
        "schools:act_download": {"pk": version.pk},
        "schools:school_acts": {"school_pk": home.school.pk},
        "schools:act_upload": {"school_pk": home.school.pk, "kind_code": "vsoko"},
        "monitoring:school_cabinet": {"pk": home.school.pk},
        "monitoring:task_detail": {"pk": task.pk},
        "monitoring:task_status": {"pk": task.pk},
        "monitoring:task_extend": {"pk": task.pk},
        "monitoring:task_decide_late": {"pk": task.pk},
        "monitoring:task_evidence": {"pk": event.pk},
        "monitoring:campaign_detail": {"pk": campaign.pk},
        "monitoring:campaign_export": {"pk": campaign.pk},
        "monitoring:campaign_edit": {"pk": campaign.pk},
        "monitoring:website_check_edit": {"pk": campaign.pk, "school_pk": home.school.pk},
        "monitoring:sitecheck_run": {"pk": campaign.pk},
        "monitoring:sitecheck_progress": {"pk": campaign.pk},
        "monitoring:website_check_confirm": {"pk": campaign.pk, "school_pk": home.school.pk},
        "jobs:detail": {"pk": 1},
        "jobs:status": {"pk": 1},
        "jobs:download": {"pk": 1},
        "jobs:import_confirm": {"pk": 1},
        "jobs:import_cancel": {"pk": 1},
        "notifications:open": {"pk": 1},
        "roadmaps:order_import_columns": {"pk": 1},
        "vpr:school": {"pk": home.school.pk},
        "procedures:schedule_mapping": {"pk": 1},
        "procedures:item_coverage": {"pk": home.item.pk},
        # Objects of the ВПР and procedures parts the world does not make: a 404, never a 500.
        **{name: {"pk": 1} for name in (
            "vpr:school_sign_task", "procedures:schedule_detail", "procedures:schedule_export",
            "procedures:procedure_add", "procedures:hours_set", "procedures:settings_set",
            "procedures:procedure_delete", "procedures:observation_detail", "procedures:observation_protocol",
            "procedures:event_detail", "procedures:event_edit", "procedures:participant_add",
            "procedures:attendance_import", "procedures:material_add", "procedures:participant_remove",
            "procedures:certificate_download", "procedures:material_download",
        )},
    }


def _urls(objects) -> list[str]:
    urls, missing = [], []
    for name, pattern in _patterns():
        params = list(pattern.pattern.converters)
        if params and name not in objects:
            missing.append(name)
            continue
        urls.append(reverse(name, kwargs=objects.get(name)))
    assert not missing, f"give these URLs objects in PATH_ARGS: {missing}"
    return urls


def _get(client, url, params) -> int:
    response = client.get(url, params)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # an export fails while streaming, not before
    assert response.status_code < 500, (url, params, response.status_code)
    return response.status_code


def test_the_url_list_is_generated(objects):
    urls = _urls(objects)
    assert len(urls) >= 40 and reverse("roadmaps:summary_export") in urls and reverse("dashboard") in urls


@pytest.mark.parametrize(("role", "values"), [
    ("admin", JUNK), ("municipal", JUNK[:6]), ("school_head", JUNK[:6]),
])
def test_every_filter_gets_junk_at_once(client, world, objects, role, values):
    client.force_login(world.user(role))
    for url in _urls(objects):
        for value in values:
            _get(client, url, {name: value for name in PARAMS})


def test_every_filter_gets_junk_one_by_one(client, world, objects):
    """One bad parameter beside no other: a form that rejects it must not take the page down with it."""
    client.force_login(world.admin)
    for url in _urls(objects):
        for name in PARAMS:
            _get(client, url, {name: "²"})  # huge and negative numbers go with the others, at once


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "-5", "1999", "abc"])
def test_summary_export_refuses_a_bad_year_in_russian(client, world, value):
    client.force_login(world.home.officer)
    response = client.get(reverse("roadmaps:summary_export"), {"academic_year": value})
    assert response.status_code == 400


def test_summary_export_takes_a_good_year(client, world):
    client.force_login(world.home.officer)
    response = client.get(reverse("roadmaps:summary_export"), {"academic_year": "2022"})
    assert response.status_code == 200
    b"".join(response.streaming_content)


@pytest.mark.parametrize(("value", "expected"), [("²", 1), ("3", 3), ("-1", 1), ("0", 1), ("9" * 40, 1), ("", 1)])
def test_page_number(rf, value, expected):
    from core.query import page_number

    assert page_number(rf.get("/", {"page": value})) == expected
