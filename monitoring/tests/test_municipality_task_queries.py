"""The municipalities' task pages issue as many queries with 2 municipalities × 1 item as with 12 × 8 (and a long
history): the list (officer and region), a task's page, the regional item's and order's pages, the dashboard."""
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.hooks import task_sources_changed
from monitoring.models import MunicipalityTask
from monitoring.services.municipality_tasks import municipality_task_set_status
from roadmaps.models import OrderClause, RoadmapItem
from roadmaps.status import Status
from tests.factories import make_municipality, make_regional_roadmap
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def _grow(world, roadmap, *, municipalities: int, items: int, reports: int) -> None:
    region = world.home.municipality.region
    for n in range(municipalities - 2):
        make_municipality(f"Растущий {roadmap.pk}-{n}-{items}", region=region)
    have = roadmap.items.count()
    clauses = roadmap.order.clauses.count()
    OrderClause.objects.bulk_create(
        OrderClause(order=roadmap.order, number=str(clauses + n + 1), position=clauses + n + 1, text=f"Пункт {n}",
                    all_municipalities=True, deadline_end=date(2022, 9, 1))
        for n in range(items - clauses)
    )
    RoadmapItem.objects.bulk_create(
        RoadmapItem(roadmap=roadmap, number=str(have + n + 1), position=have + n + 1, activity=f"Мероприятие {n}",
                    deadline_end=date(2022, 11, 30), all_municipalities=True)
        for n in range(items - have)
    )
    task_sources_changed.fire(roadmap=roadmap)
    task = MunicipalityTask.objects.filter(municipality=world.home.municipality).order_by("pk").first()
    for n in range(reports):
        status = Status.IN_PROGRESS if n % 2 == 0 else Status.NOT_STARTED
        municipality_task_set_status(task=task, user=world.home.officer, status=status,
                                     expected_version=task.version, comment=f"Отчёт {n}",
                                     evidence_url=f"https://uo.example.ru/{n}")


def _counts(client, world, roadmap) -> dict[str, int]:
    cache.clear()  # the item page's block is cached per data version: count it built
    task = MunicipalityTask.objects.filter(municipality=world.home.municipality).order_by("pk").first()
    item = roadmap.items.order_by("position").first()
    counts = {}
    for who, user in (("officer", world.home.officer), ("regional", world.regional)):
        client.force_login(user)
        counts[f"{who} list"] = page_queries(client, reverse("monitoring:municipality_tasks"))
        counts[f"{who} task"] = page_queries(client, reverse("monitoring:municipality_task_detail", args=[task.pk]))
        cache.clear()
        counts[f"{who} item"] = page_queries(client, reverse("roadmaps:item_detail", args=[item.pk]))
        counts[f"{who} order"] = page_queries(client, reverse("roadmaps:order_detail", args=[roadmap.order_id]))
        cache.clear()
        counts[f"{who} dashboard"] = page_queries(client, reverse("dashboard"))
    return counts


def test_pages_are_bounded(client, world):
    roadmap = make_regional_roadmap(world.home.municipality.region)
    _grow(world, roadmap, municipalities=2, items=1, reports=1)
    small = _counts(client, world, roadmap)
    _grow(world, roadmap, municipalities=12, items=8, reports=12)
    assert MunicipalityTask.objects.count() == 12 * 8 * 2
    big = _counts(client, world, roadmap)
    assert big == small, (small, big)
