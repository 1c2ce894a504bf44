"""A regional order's items and clauses addressed to every МОУО: one task per municipality of the region, reported by
its officers, followed by the region."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.clock import local_today
from core.concurrency import EditConflict
from core.hooks import municipality_added, task_sources_changed
from monitoring.models import MunicipalityTask, MunicipalityTaskEvent
from monitoring.services.municipality_tasks import municipality_task_set_status, municipality_tasks_sync
from roadmaps.models import OrderClause, RoadmapItem
from roadmaps.services import item_set_deadline
from roadmaps.status import Status
from schools.models import DataVersion, Role
from schools.versions import bump
from tests.factories import make_municipality, make_region, make_regional_roadmap, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_world(world):
    """The world's two municipalities (region 42) under a regional roadmap of 42 with two items for every МОУО and
    a clause of its order for every МОУО; a far region (54) with its own municipality and roadmap."""
    r42 = world.home.municipality.region
    world.r54 = make_region("54", "Новосибирская область")
    world.far = make_municipality("Дальний", region=world.r54)
    world.far_officer = make_user("officer_far", role=Role.MUNICIPAL, municipality=world.far)
    world.regional_roadmap = make_regional_roadmap(r42, items=2)
    world.regional_item = world.regional_roadmap.items.order_by("position").first()
    world.clause = OrderClause.objects.create(
        order=world.regional_roadmap.order, number="2", position=2, all_municipalities=True, deadline_end=date(2022, 9, 1),
        text="Рекомендовать органам местного самоуправления, осуществляющим управление в сфере образования, утвердить "
             "муниципальные дорожные карты",
    )
    world.far_roadmap = make_regional_roadmap(world.r54, items=1, number="77")
    task_sources_changed.fire(roadmap=world.regional_roadmap)
    task_sources_changed.fire(roadmap=world.far_roadmap)
    return world


def _task(world, municipality=None, item=None):
    return MunicipalityTask.objects.get(municipality=municipality or world.home.municipality,
                                        item=item or world.regional_item)


def _report(task, user, status=Status.DONE, **extra):
    extra.setdefault("comment", "Дорожная карта утверждена приказом № 340.")
    return municipality_task_set_status(task=task, user=user, status=status, expected_version=task.version, **extra)


# --- the sync ---------------------------------------------------------------------------------------------------


def test_every_municipality_of_the_region_gets_one_task_per_item_and_clause(region_world):
    w = region_world
    for municipality in (w.home.municipality, w.away.municipality):
        owed = MunicipalityTask.objects.filter(municipality=municipality)
        assert owed.filter(item__roadmap=w.regional_roadmap).count() == 2
        assert owed.filter(clause=w.clause).count() == 1
        assert set(owed.values_list("due_date", flat=True)) == {date(2022, 10, 31), date(2022, 9, 1)}
    # the far region's municipality owes its own region's item only, and nothing of 42
    assert list(MunicipalityTask.objects.filter(municipality=w.far).values_list("item__roadmap", flat=True)) == [
        w.far_roadmap.pk]
    assert not MunicipalityTask.objects.filter(item__roadmap=w.far_roadmap).exclude(municipality=w.far).exists()


def test_sync_is_idempotent(region_world):
    before = MunicipalityTask.objects.count()
    result = municipality_tasks_sync()
    assert (result.created, result.moved) == (0, 0)
    assert MunicipalityTask.objects.count() == before == 2 * 3 + 1


def test_municipal_items_and_clauses_make_no_municipality_tasks(region_world):
    """Only a regional roadmap's «все МОУО» items count (a municipal roadmap's flag is refused; the sync ignores it)."""
    RoadmapItem.objects.filter(pk=region_world.home.item.pk).update(all_municipalities=True)
    assert municipality_tasks_sync().created == 0


def test_a_municipality_added_later_gets_its_regions_open_tasks(region_world):
    w = region_world
    RoadmapItem.objects.filter(roadmap=w.regional_roadmap, position=2).update(status=Status.CANCELLED)
    new = make_municipality("Новый", region=w.home.municipality.region)
    municipality_added.fire(municipality=new)
    owed = MunicipalityTask.objects.filter(municipality=new)
    assert set(owed.values_list("item_id", "clause_id")) == {(w.regional_item.pk, None), (None, w.clause.pk)}


def test_a_new_municipality_through_the_reference_load(region_world, tmp_path):
    import json

    from schools.services import reference_data_load

    path = tmp_path / "reference.json"
    path.write_text(json.dumps({"municipalities": [{"short_name": "Загруженный", "name": "Загруженный округ",
                                                    "region": "42"}]}), encoding="utf-8")
    reference_data_load(path=path)
    assert MunicipalityTask.objects.filter(municipality__short_name="Загруженный").count() == 3


def test_due_dates_follow_the_items_deadline(region_world):
    w = region_world
    admin = w.admin
    item = RoadmapItem.objects.get(pk=w.regional_item.pk)
    item_set_deadline(item=item, user=admin, start=None, end=date(2022, 12, 20), expected_version=item.version)
    for municipality in (w.home.municipality, w.away.municipality):
        task = _task(w, municipality)
        assert task.due_date == date(2022, 12, 20)
        event = task.events.get()
        assert (event.kind, event.from_value, event.to_value, event.author) == (
            MunicipalityTaskEvent.Kind.DEADLINE, "31.10.2022", "20.12.2022", None)
    assert municipality_tasks_sync().moved == 0


# --- the flag -----------------------------------------------------------------------------------------------------


def test_the_flag_is_refused_on_a_municipal_roadmap_and_order(region_world):
    w = region_world
    item = RoadmapItem.objects.get(pk=w.home.item.pk)
    item.all_municipalities = True
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "только в региональном" in str(error.value.message_dict["all_municipalities"])
    clause = OrderClause(order=w.home.order, number="9", text="МОУО обеспечить", all_municipalities=True)
    with pytest.raises(ValidationError):
        clause.full_clean()
    w.regional_item.full_clean()  # a regional one is allowed
    w.clause.full_clean()


# --- reports: who may, which transitions, conflicts, evidence -----------------------------------------------------


def test_the_officer_reports_done_with_evidence(region_world):
    w = region_world
    task = _task(w)
    pdf = SimpleUploadedFile("приказ.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    event = _report(task, w.home.officer, evidence_file=pdf, done_on=date(2022, 7, 25))
    task.refresh_from_db()
    assert (task.status, task.done_at, task.version) == (Status.DONE, date(2022, 7, 25), 2)
    assert (event.kind, event.from_value, event.to_value) == ("status", Status.NOT_STARTED, Status.DONE)
    assert event.evidence_name == "приказ.pdf" and event.evidence_content_type == "application/pdf" and event.evidence_file
    # the same status again is a comment
    again = _report(task, w.home.officer, comment="Приказ размещён на сайте.")
    assert again.kind == MunicipalityTaskEvent.Kind.COMMENT


def test_done_needs_a_comment_or_evidence(region_world):
    with pytest.raises(ValidationError):
        _report(_task(region_world), region_world.home.officer, comment="")


@pytest.mark.parametrize("status", [Status.POSTPONED, Status.CANCELLED])
def test_moving_or_cancelling_is_the_regions_decision(region_world, status):
    with pytest.raises(ValidationError) as error:
        _report(_task(region_world), region_world.home.officer, status=status)
    assert "только регион" in str(error.value)
    event = _report(_task(region_world), region_world.admin, status=status)  # the administrator may
    assert event.to_value == status


def test_a_done_task_cannot_go_back_by_a_rule_of_roadmaps_status(region_world, monkeypatch):
    """The transitions are asked of roadmaps.status: a rule that forbids one is obeyed here."""
    from roadmaps import status as rules

    monkeypatch.setitem(rules.TRANSITIONS, Status.IN_PROGRESS,
                        rules.StatusRule(set_by=rules.REPORTING, follows=frozenset({Status.NOT_STARTED})))
    task = _task(region_world)
    _report(task, region_world.home.officer)
    with pytest.raises(ValidationError) as error:
        _report(task, region_world.home.officer, status=Status.IN_PROGRESS)
    assert "нельзя перейти" in str(error.value)


@pytest.mark.parametrize("who", ["away_officer", "regional", "head", "far_officer"])
def test_only_the_municipalitys_officers_report(region_world, who):
    w = region_world
    user = {"away_officer": w.away.officer, "regional": w.regional, "head": w.home.head,
            "far_officer": w.far_officer}[who]
    with pytest.raises(PermissionDenied):
        _report(_task(w), user)


def test_a_stale_version_is_a_conflict(region_world):
    task = _task(region_world)
    stale = MunicipalityTask.objects.get(pk=task.pk)
    _report(task, region_world.home.officer, status=Status.IN_PROGRESS, comment="Начали")
    with pytest.raises(EditConflict):
        _report(stale, region_world.home.officer)
    assert MunicipalityTask.objects.get(pk=task.pk).status == Status.IN_PROGRESS


def test_a_report_raises_the_municipalitys_data_version(region_world, django_capture_on_commit_callbacks):
    w = region_world

    def version(municipality):
        row = DataVersion.objects.filter(municipality=municipality).first()
        return row.n if row else 0

    with django_capture_on_commit_callbacks(execute=True):  # what the setup queued is raised first
        bump(municipality_ids=[w.far.pk])
    home, away = version(w.home.municipality), version(w.away.municipality)
    with django_capture_on_commit_callbacks(execute=True):
        _report(_task(w), w.home.officer)
    assert version(w.home.municipality) > home and version(w.away.municipality) == away


# --- pages --------------------------------------------------------------------------------------------------------


def test_the_officer_lists_what_their_municipality_owes(client, region_world):
    w = region_world
    client.force_login(w.home.officer)
    response = client.get(reverse("monitoring:municipality_tasks"))
    assert response.status_code == 200
    shown = {task.pk for task in response.context["page"].object_list}
    assert shown == set(MunicipalityTask.objects.filter(municipality=w.home.municipality).values_list("pk", flat=True))
    assert "Региональное мероприятие 1" in response.content.decode()


def test_the_regional_specialist_lists_the_regions_municipalities_only(client, region_world):
    w = region_world
    client.force_login(w.regional)
    shown = {t.municipality_id for t in client.get(reverse("monitoring:municipality_tasks")).context["page"].object_list}
    assert shown == {w.home.municipality.pk, w.away.municipality.pk}


def test_a_head_sees_no_municipality_tasks(client, region_world):
    w = region_world
    client.force_login(w.home.head)
    assert client.get(reverse("monitoring:municipality_tasks")).status_code == 403
    assert client.get(reverse("monitoring:municipality_task_detail", args=[_task(w).pk])).status_code == 404


def test_the_status_form_round_trip(client, region_world):
    w = region_world
    task = _task(w)
    client.force_login(w.home.officer)
    url = reverse("monitoring:municipality_task_status", args=[task.pk])
    page = client.get(reverse("monitoring:municipality_task_detail", args=[task.pk]))
    offered = [value for value, _ in page.context["status_form"].fields["status"].choices]
    assert offered == [Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE]
    refused = client.post(url, {"status": Status.DONE, "version": task.version, "comment": ""})
    assert refused.status_code == 400
    saved = client.post(url, {"status": Status.DONE, "version": task.version, "comment": "Утверждена"})
    assert saved.status_code == 302
    stale = client.post(url, {"status": Status.IN_PROGRESS, "version": task.version, "comment": "Ещё раз"})
    assert stale.status_code == 409
    assert MunicipalityTask.objects.get(pk=task.pk).status == Status.DONE
    page = client.get(reverse("monitoring:municipality_task_detail", args=[task.pk])).content.decode()
    assert "Утверждена" in page and "Выполнено" in page


def test_evidence_is_served_within_the_scope(client, region_world):
    w = region_world
    event = _report(_task(w), w.home.officer,
                    evidence_file=SimpleUploadedFile("приказ.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"))
    url = reverse("monitoring:municipality_task_evidence", args=[event.pk])
    for user, expected in ((w.regional, 200), (w.home.officer, 200), (w.away.officer, 404), (w.far_officer, 404),
                           (w.home.head, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected, user


def test_the_regional_item_page_shows_each_municipality(client, region_world):
    w = region_world
    _report(_task(w), w.home.officer)
    client.force_login(w.regional)
    response = client.get(reverse("roadmaps:item_detail", args=[w.regional_item.pk]))
    html = response.content.decode()
    rows = {task.municipality_id: task for task in response.context["municipalities"].rows}
    assert set(rows) == {w.home.municipality.pk, w.away.municipality.pk}
    assert rows[w.home.municipality.pk].status == Status.DONE
    assert rows[w.away.municipality.pk].is_overdue == (date(2022, 10, 31) < local_today())
    assert 'id="item-municipalities"' in html and "выполнили 1 из 2" in html
    assert reverse("monitoring:municipality_task_detail", args=[_task(w, w.away.municipality).pk]) in html
    # an officer sees their own municipality's row only
    client.force_login(w.away.officer)
    response = client.get(reverse("roadmaps:item_detail", args=[w.regional_item.pk]))
    assert [t.municipality_id for t in response.context["municipalities"].rows] == [w.away.municipality.pk]


def test_the_item_page_follows_a_committed_report(client, region_world, django_capture_on_commit_callbacks):
    """The block is cached per data version: a report raises the municipality's, so the region sees it at once."""
    w = region_world
    client.force_login(w.regional)
    url = reverse("roadmaps:item_detail", args=[w.regional_item.pk])
    assert "выполнили 0 из 2" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _report(_task(w), w.home.officer)
    assert "выполнили 1 из 2" in client.get(url).content.decode()


def test_overdue_is_marked_on_the_list(client, region_world):
    w = region_world
    MunicipalityTask.objects.filter(municipality=w.home.municipality).update(due_date=local_today() - timedelta(days=1))
    client.force_login(w.home.officer)
    html = client.get(reverse("monitoring:municipality_tasks")).content.decode()
    assert "row-overdue" in html and "просрочено" in html


def test_the_officers_dashboard_counts_what_the_region_is_owed(client, region_world, django_capture_on_commit_callbacks):
    w = region_world
    client.force_login(w.home.officer)
    response = client.get(reverse("dashboard"))
    assert response.context["region_tasks"] == {"open": 3, "overdue": 3 if date(2022, 10, 31) < local_today() else 0}
    assert 'id="region-tasks-alert"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the block is cached per data version
        _report(_task(w), w.home.officer)
    assert client.get(reverse("dashboard")).context["region_tasks"]["open"] == 2
    client.force_login(w.home.head)
    assert client.get(reverse("dashboard")).context["region_tasks"] is None


def test_the_regional_order_page_shows_each_clauses_municipalities(client, region_world):
    w = region_world
    _report(MunicipalityTask.objects.get(municipality=w.away.municipality, clause=w.clause), w.away.officer)
    client.force_login(w.regional)
    response = client.get(reverse("roadmaps:order_detail", args=[w.clause.order_id]))
    clause = next(c for c in response.context["clauses"] if c.pk == w.clause.pk)
    assert [t.municipality_id for t in clause.municipalities.rows] == [w.home.municipality.pk, w.away.municipality.pk]
    assert clause.municipalities.done == 1
    assert f'data-clause="{w.clause.pk}"' in response.content.decode()
    client.force_login(w.home.officer)  # an officer: their own municipality's row
    clause = next(c for c in client.get(reverse("roadmaps:order_detail", args=[w.clause.order_id])).context["clauses"]
                  if c.pk == w.clause.pk)
    assert [t.municipality_id for t in clause.municipalities.rows] == [w.home.municipality.pk]
