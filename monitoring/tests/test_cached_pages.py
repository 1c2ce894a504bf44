"""Cached page blocks (schools.versions) never show stale data: every kind of write raises the version of its
municipality (and only of its own), and a page read after a committed write equals the page counted afresh."""
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core.clock import local_today
from monitoring.models import SchoolTask, WebsiteCampaign, WebsiteCheck
from monitoring.services import school_task_set_status, school_tasks_sync
from monitoring.services.rollups import rollups_rebuild
from roadmaps.services import item_set_status
from roadmaps.status import Status
from schools.models import DataVersion
from core.hooks import task_sources_changed
from roadmaps.models import RoadmapItem
from schools.acts.services import act_kinds_ensure, local_act_review
from schools.models import Official, ReviewState
from tests.factories import make_act_version, make_school


def _versions(world) -> tuple[int, int]:
    n = dict(DataVersion.objects.values_list("municipality_id", "n"))
    return n.get(world.home.municipality.pk, 0), n.get(world.away.municipality.pk, 0)


def _task(world):
    return SchoolTask.objects.filter(school=world.home.school).order_by("pk").first()


def _status(world):
    task = _task(world)
    school_task_set_status(task=task, user=world.home.head, status=Status.IN_PROGRESS, expected_version=task.version)


def _remark(world):
    task = _task(world)
    school_task_set_status(task=task, user=world.home.officer, status=task.status, expected_version=task.version,
                           comment="Нет раздела об оценке условий")


def _item_status(world):
    item = world.home.item
    item_set_status(item=item, user=world.home.officer, status=Status.IN_PROGRESS, expected_version=item.version)


def _deadline(world):
    item = world.home.item
    item.deadline_end = local_today() + timedelta(days=3)
    item.save()


def _new_item(world):  # as the admin adds one (an import writes in bulk and fires task_sources_changed)
    RoadmapItem.objects.create(roadmap=world.home.roadmap, number="50", position=50, activity="Новое мероприятие",
                               deadline_text="Декабрь 2022 г.")


def _imported(world):
    task_sources_changed.fire(roadmap=world.home.roadmap)


def _new_school(world):
    school_tasks_sync(school=make_school(world.home.municipality))


def _new_campaign(world) -> WebsiteCampaign:
    return WebsiteCampaign.objects.create(municipality=world.home.municipality, title="Сайты, осень",
                                          period_start=local_today(), period_end=local_today(),
                                          created_by=world.home.officer)


def _campaign(world):
    _new_campaign(world)


def _check(world):
    WebsiteCheck.objects.create(campaign=world.home.campaign, school=world.home.school, found=True,
                                checked_at=timezone.now())


def _official(world):  # a roadmap page's filter lists the officials
    Official.objects.create(municipality=world.home.municipality, surname="Иванова", initials="М.П.",
                            position="главный специалист")


def _act(world):
    make_act_version(world.home.school, user=world.home.head)


def _act_returned(world):
    version = make_act_version(world.home.school, user=world.home.head)
    local_act_review(version=version, user=world.home.officer, decision=ReviewState.RETURNED,
                     remarks="Нет подписи руководителя", expected_state=version.state)


WRITES = [_status, _remark, _item_status, _deadline, _new_item, _imported, _new_school, _campaign, _check, _act,
          _act_returned, _official]


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=[w.__name__.strip("_") for w in WRITES])
def test_every_write_raises_its_own_municipality_only(synced_world, django_capture_on_commit_callbacks, write):
    with django_capture_on_commit_callbacks(execute=True):
        synced_world.home.campaign = _new_campaign(synced_world)
    home, away = _versions(synced_world)
    with django_capture_on_commit_callbacks(execute=True):
        write(synced_world)
    assert _versions(synced_world)[0] > home
    assert _versions(synced_world)[1] == away


@pytest.mark.django_db
def test_a_rebuild_raises_every_municipality(synced_world, django_capture_on_commit_callbacks):
    home, away = _versions(synced_world)
    with django_capture_on_commit_callbacks(execute=True):
        rollups_rebuild()
    assert _versions(synced_world) > (home, away) and _versions(synced_world)[1] > away


def _shown(response) -> object:
    """What the page shows of its scope's data: the cached main part, or the dashboard's figures."""
    context = response.context
    if "content" in context:
        return str(context["content"])
    if "school_rows" in context:  # an «все ОО» item's schools
        return str(context["schools_progress"]) + str(context["school_rows"])
    return {key: context[key] for key in ("total", "due_soon_count", "late_tasks_count")} | {
        key: value for key, value in context["compliance"].items() if not key.endswith("_rows")}


PAGES = ["dashboard", "monitoring:compliance_rates", "monitoring:compliance_matrix", "monitoring:municipalities",
         "roadmaps:roadmap_list", "schools:review_queue"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["municipal", "regional", "admin"])
def test_a_page_after_a_committed_write_equals_the_page_counted_afresh(synced_world, client, role):
    client.force_login(synced_world.user(role))
    urls = [reverse(name) for name in PAGES] + [
        reverse("monitoring:school_cabinet", args=[synced_world.home.school.pk]),
        reverse("roadmaps:roadmap_detail", args=[synced_world.home.roadmap.pk]),
        reverse("roadmaps:item_detail", args=[synced_world.home.item.pk]),
    ]
    assert synced_world.home.item.all_schools
    before = {url: _shown(client.get(url)) for url in urls}
    assert {url: _shown(client.get(url)) for url in urls} == before  # served from the cache, unchanged
    task = _task(synced_world)
    school_task_set_status(task=task, user=synced_world.home.head, status=Status.DONE, expected_version=task.version,
                           comment="Размещено на сайте")  # committed: its bump ran
    after = {url: _shown(client.get(url)) for url in urls}
    cache.clear()
    fresh = {url: _shown(client.get(url)) for url in urls}
    assert after == fresh
    assert after["/"] != before["/"]  # the dashboard counted the task done
    for url in urls[-3:]:  # the school's card, the roadmap's and the item's schools progress
        assert after[url] != before[url], url


@pytest.mark.django_db(transaction=True)
def test_the_heads_dashboard_shows_a_remark_and_a_returned_act_at_once(synced_world, client):
    world = synced_world
    act_kinds_ensure()  # a transactional test starts from a flushed database
    client.force_login(world.home.head)
    before = client.get("/").context["head"]
    assert not before["remarked_tasks"] and not before["returned_acts"]
    _remark(world)
    _act_returned(world)
    after = client.get("/").context["head"]
    assert [task.pk for task in after["remarked_tasks"]] == [_task(world).pk]
    assert [row.state for row in after["returned_acts"]] == [ReviewState.RETURNED]


@pytest.mark.django_db(transaction=True)
def test_campaign_results_after_a_committed_check_equal_the_page_counted_afresh(synced_world, client):
    world = synced_world
    campaign = _new_campaign(world)
    client.force_login(world.home.officer)
    url = reverse("monitoring:campaign_detail", args=[campaign.pk])
    before = client.get(url).context
    assert before["progress"]["checked"] == 0
    WebsiteCheck.objects.create(campaign=campaign, school=world.home.school, found=True, checked_at=timezone.now())
    after = client.get(url).context
    cache.clear()
    fresh = client.get(url).context
    assert after["progress"] == fresh["progress"] and after["progress"]["checked"] == 1
    assert str(after["rows"]) == str(fresh["rows"]) != str(before["rows"])


@pytest.mark.django_db(transaction=True)
def test_the_review_queue_and_the_roadmap_list_follow_committed_writes(synced_world, client):
    world = synced_world
    act_kinds_ensure()
    client.force_login(world.home.officer)
    queue, roadmaps = reverse("schools:review_queue"), reverse("roadmaps:roadmap_list")
    before = {url: _shown(client.get(url)) for url in (queue, roadmaps)}
    make_act_version(world.home.school, user=world.home.head)  # a new version waits for review
    _item_status(world)  # an item of the roadmap in progress
    after = {url: _shown(client.get(url)) for url in (queue, roadmaps)}
    cache.clear()
    assert after == {url: _shown(client.get(url)) for url in (queue, roadmaps)}
    assert after[queue] != before[queue] and after[roadmaps] != before[roadmaps]


@pytest.mark.django_db
def test_a_cached_part_is_kept_per_scope_not_per_page(synced_world, client):
    """The head's cabinet and an officer's card of the same school are one page for two scopes: each its own part."""
    world = synced_world
    act_kinds_ensure()
    make_act_version(world.home.school, user=world.home.head)
    cabinet, card = reverse("monitoring:cabinet"), reverse("monitoring:school_cabinet", args=[world.home.school.pk])
    for user, url, upload_link in ((world.home.head, cabinet, True), (world.home.officer, card, False),
                                   (world.home.head, card, True), (world.home.officer, card, False)):
        client.force_login(user)
        assert ("Все версии и загрузка актов" in client.get(url).content.decode()) is upload_link, (user, url)
