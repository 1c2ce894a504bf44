"""The back office for monitoring: role × object in/out of scope × page × method, as for the roadmap models."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from monitoring.models import CheckCriterion, ReminderLog, SchoolTask
from monitoring.models.sitecheck import SiteCheckJob, SiteCheckRun, WebsiteCheckFinding
from monitoring.permissions import STAFF_PERMISSIONS
from monitoring.services import campaign_create, school_tasks_sync, website_check_save
from tests.factories import world_for_admin
from tests.admin_scope import AdminScope
from schools.models import Role

pytestmark = pytest.mark.django_db

OBJECTS = {
    "schooltask": "task",
    "websitecampaign": "campaign",
    "checkcriterion": "criterion",
    "websitecheck": "check",
    "reminderlog": "reminder",
    "sitecheckrun": "site_check_run",
    "sitecheckjob": "site_check_job",
    "websitecheckevent": "check_event",
    "websitecheckfinding": "check_finding",
}
# Written by services only (versions, history, who checked): read-only for everyone, superusers included.
READ_ONLY_FOR_ALL = {"schooltask", "websitecheck", "reminderlog", "sitecheckrun", "sitecheckjob", "websitecheckevent",
                     "websitecheckfinding"}


def _grant_monitoring_permissions(world) -> None:
    """What schools.services.STAFF_PERMISSIONS gives the officer groups once monitoring is merged into it."""
    for user, role in (
        (world.home.officer, Role.MUNICIPAL),
        (world.away.officer, Role.MUNICIPAL),
        (world.regional, Role.REGIONAL),
    ):
        for group in user.groups.all():
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="monitoring", codename__in=STAFF_PERMISSIONS[role])
            )

SCOPE = AdminScope("monitoring", OBJECTS, read_only=frozenset(READ_ONLY_FOR_ALL))


@pytest.fixture
def staff(world):
    world_for_admin(world)
    _grant_monitoring_permissions(world)
    school_tasks_sync()
    for side in (world.home, world.away):
        side.task = SchoolTask.objects.filter(school=side.school).order_by("pk").first()
        side.campaign = campaign_create(
            user=side.officer,
            municipality=side.municipality,
            title=f"Мониторинг сайтов ({side.municipality})",
            period_start=date(2022, 11, 1),
            period_end=date(2022, 11, 30),
            item=side.item,
        )
        side.criterion = side.campaign.criteria.order_by("position").first()
        side.check = website_check_save(
            campaign=side.campaign,
            school=side.school,
            user=side.officer,
            found=False,
            scores={},
            remarks="Раздел «Документы» пуст",
        )
        side.reminder = ReminderLog.objects.create(
            task=side.task, kind=ReminderLog.Kind.OVERDUE, sent_on=date(2022, 11, 1), due_date=side.task.due_date
        )
        side.site_check_run = SiteCheckRun.objects.create(campaign=side.campaign, started_by=side.officer,
                                                          approved_after=date(2022, 6, 29))
        side.site_check_job = SiteCheckJob.objects.create(run=side.site_check_run, school=side.school)
        side.check_event = side.check.events.get()
        side.check_finding = WebsiteCheckFinding.objects.create(
            event=side.check_event, kind=WebsiteCheckFinding.Kind.PROBLEM, code="section_missing",
            message="Не найден раздел", url="https://school.example.ru/",
        )
    return world


test_change_page_get, test_change_page_post, test_changelist_is_scoped = SCOPE.tests()



def test_permission_codenames_exist(db):
    for codenames in STAFF_PERMISSIONS.values():
        found = set(Permission.objects.filter(content_type__app_label="monitoring").values_list("codename", flat=True))
        assert set(codenames) <= found


def test_only_an_administrator_adds_a_default_criterion(client, staff):
    data = {
        "code": "contacts",
        "title": "Указаны контакты ответственного",
        "short_title": "Контакты",
        "position": "7",
        "max_score": "1",
        "description": "",
    }
    client.force_login(staff.home.officer)
    assert client.post(reverse("admin:monitoring_checkcriterion_add"), data).status_code == 403
    assert not CheckCriterion.objects.filter(code="contacts").exists()
    client.force_login(staff.admin)
    assert client.post(reverse("admin:monitoring_checkcriterion_add"), data).status_code == 302
    assert CheckCriterion.objects.get(code="contacts").campaign is None


def test_officer_edits_own_campaign_checklist(client, staff):
    campaign = staff.home.campaign
    response = SCOPE.post_change(client, staff, "websitecampaign", campaign, staff.home.officer,
                                 {"criteria-0-title": "Размещён в подразделе «Документы» специального раздела"})
    assert response.status_code == 302
    assert campaign.criteria.order_by("position").first().title.startswith("Размещён в подразделе")


def test_site_check_pages_list_in_russian_and_only_what_the_officer_may_see(client, staff):
    client.force_login(staff.home.officer)
    page = client.get(SCOPE.url("websitecheckfinding")).content.decode()
    assert "находка проверки сайта" in page and "замечание" in page and "Не найден раздел" in page  # in Russian
    assert f"{staff.home.school}: сохранено специалистом" in page  # the event, named by its school and kind
    assert page.count('class="field-what"') == 1 and str(staff.away.school) not in page  # one row: not the away one
    run = client.get(SCOPE.url("sitecheckrun", staff.home.site_check_run)).content.decode()
    assert str(staff.home.school) in run and "в очереди" in run  # the run's jobs, inline
    event = client.get(SCOPE.url("websitecheckevent", staff.home.check_event)).content.decode()
    assert "Не найден раздел" in event and 'name="_save"' not in event  # findings inline, nothing to save
    from monitoring.admin import WebsiteCheckFindingAdmin

    document = WebsiteCheckFinding(kind=WebsiteCheckFinding.Kind.DOCUMENT, code="priemDocLink", message="Скачать")
    assert WebsiteCheckFindingAdmin.what(None, document) == "Правила приёма: «Скачать»"
