"""An «все ОО» item shows its schools and progress; marking it done while schools lag needs a confirmation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import SchoolTask
from monitoring.services import school_task_set_status, school_tasks_sync
from tests.factories import make_school
from tests.queries import page_queries
from roadmaps.services import item_set_status
from roadmaps.status import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(world):
    school_tasks_sync()  # items end 31.10.2022: with today's clock every open task is overdue
    return world


def _finish(world, school):
    task = SchoolTask.objects.get(item=world.home.item, school=school)
    school_task_set_status(task=task, user=world.home.officer, status=Status.DONE, expected_version=task.version,
                           comment="Сделано", done_on=date(2022, 10, 20))


def test_item_page_lists_its_schools_with_progress(client, synced):
    _finish(synced, synced.home.school)
    client.force_login(synced.home.officer)
    response = client.get(reverse("roadmaps:item_detail", args=[synced.home.item.pk]))
    progress = response.context["schools"]
    assert (progress.done, progress.total, progress.overdue) == (1, 2, 1)
    html = response.content.decode()
    assert "выполнили 1 из 2 ОО" in html and 'id="item-schools"' in html
    rows = response.context["school_tasks"]
    assert [t.school_id for t in rows] == [synced.home.other_school.pk, synced.home.school.pk]  # overdue first
    assert [t.compliance for t in rows] == ["overdue", "on_time"]
    assert synced.away.school.short_name not in html


def test_roadmap_table_shows_n_of_m(client, synced):
    client.force_login(synced.home.officer)
    html = client.get(reverse("roadmaps:roadmap_detail", args=[synced.home.roadmap.pk])).content.decode()
    assert html.count("выполнили 0 из 2 ОО") == synced.home.roadmap.items.filter(all_schools=True).count()


def test_marking_done_while_schools_lag_asks_for_confirmation(client, synced):
    item = synced.home.item
    client.force_login(synced.home.officer)
    url = reverse("roadmaps:item_status", args=[item.pk])
    data = {"status": Status.DONE, "comment": "Проведено", "version": item.version}
    first = client.post(url, data)
    assert first.status_code == 400
    html = first.content.decode()
    assert "выполнили 0 из 2 ОО" in html and "Подтверждаю" in html and 'name="confirm_open_schools"' in html
    item.refresh_from_db()
    assert item.status == Status.NOT_STARTED and not item.events.exists()  # nothing written

    second = client.post(url, {**data, "confirm_open_schools": "on"})
    assert second.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.DONE
    page = client.get(reverse("roadmaps:item_detail", args=[item.pk])).content.decode()
    assert "выполнено, но 2 ОО просрочили" in page


def test_confirmation_box_is_not_shown_up_front(client, synced):
    client.force_login(synced.home.officer)
    html = client.get(reverse("roadmaps:item_detail", args=[synced.home.item.pk])).content.decode()
    assert 'name="confirm_open_schools"' not in html


def test_service_refuses_without_confirmation_and_all_done_needs_none(synced):
    item = synced.home.item
    with pytest.raises(ValidationError) as caught:
        item_set_status(item=item, user=synced.home.officer, status=Status.DONE, expected_version=item.version,
                        comment="Проведено")
    assert caught.value.error_list[0].code == "open_schools"
    _finish(synced, synced.home.school)
    _finish(synced, synced.home.other_school)
    item_set_status(item=item, user=synced.home.officer, status=Status.DONE, expected_version=item.version,
                    comment="Проведено")
    assert item.status == Status.DONE


def test_item_not_for_all_schools_needs_no_confirmation(synced):
    item = synced.home.roadmap.items.get(all_schools=False)
    item_set_status(item=item, user=synced.home.officer, status=Status.DONE, expected_version=item.version,
                    comment="Проведено")
    assert item.status == Status.DONE


def test_item_page_queries_do_not_grow_with_schools(client, synced):
    client.force_login(synced.home.officer)
    url = reverse("roadmaps:item_detail", args=[synced.home.item.pk])
    small = page_queries(client, url)
    for _ in range(30):
        make_school(synced.home.municipality)
    school_tasks_sync()
    large = page_queries(client, url)
    assert large == small and small <= 20
    assert client.get(url).content.decode().count('data-school="') == 32
