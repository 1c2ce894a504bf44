"""The demo's regional level: a small roadmap of the regional ministry's order № 1621 of 29.06.2022 (the order
both municipal orders cite) with items addressed to every МОУО of Кузбасс, and what the two demo municipalities
reported on them; the region closes the item both have done. Idempotent: the order is loaded once, a task or
an item with a history is left as it is.

The items are a short demo version, not the order's text: they show the region level working after `make run`.
"""
from datetime import date

from django.contrib.auth import get_user_model

from monitoring.models import MunicipalityTask
from monitoring.services.municipality_tasks import municipality_task_set_status
from roadmaps.importers.responsible import parse_responsible
from roadmaps.importers.writer import order_find, order_import
from roadmaps.models import Roadmap
from roadmaps.services import item_set_status
from roadmaps.status import Status
from schools.models import Region

MOUO = "органы местного самоуправления, осуществляющие управление в сфере образования"
REGIONAL_ORDER = {
    "order": {
        "issuer": "Министерство образования Кузбасса", "number": "1621", "date": "2022-06-29",
        "title": "Об утверждении Дорожной карты по формированию объективной внутренней системы оценки качества "
                 "образования в каждой общеобразовательной организации Кемеровской области-Кузбасса",
        "place": "г. Кемерово",
    },
    "roadmap": {
        "title": "Дорожная карта по формированию объективной ВСОКО в каждой ОО Кемеровской области-Кузбасса "
                 "(демонстрационный фрагмент)",
        "academic_year": 2022,
        "items": [
            {"number": "1", "activity": "Разработать и утвердить муниципальные дорожные карты по формированию "
                                        "объективной ВСОКО в каждой ОО",
             "deadline": {"text": "до 01.08.2022", "end": "2022-08-01"}, "responsible_text": MOUO},
            {"number": "2", "activity": "Представить в Министерство образования Кузбасса отчёт о реализации "
                                        "муниципальной дорожной карты",
             "deadline": {"text": "до 30 июня 2023 г.", "end": "2023-06-30"}, "responsible_text": MOUO},
        ],
    },
}

# (municipality, item number) -> what its demo officer reported: (status, done on, comment).
REPORTS = {
    ("Гурьевский МО", "1"): (Status.DONE, date(2022, 7, 25), "Утверждена приказом Управления образования № 340."),
    ("Новокузнецк", "1"): (Status.DONE, date(2022, 7, 15), "Утверждена приказом КОиН № 800."),
    ("Гурьевский МО", "2"): (Status.IN_PROGRESS, None, "Отчёт готовится: собраны сведения 9 из 12 ОО."),
}
OFFICERS = {"Гурьевский МО": "gur_officer", "Новокузнецк": "nvk_officer"}


def load_region_demo() -> dict:
    """The regional order and roadmap (the responsible cells read by the importer's parser), then the reports.
    -> {"created": bool, "tasks": municipalities' tasks, "reports": new reports}."""
    region = Region.objects.get(code="42")
    created = order_find(data=REGIONAL_ORDER) is None
    if created:
        document = {**REGIONAL_ORDER, "roadmap": {**REGIONAL_ORDER["roadmap"], "items": [
            {**item, "responsible": parse_responsible(item["responsible_text"])}
            for item in REGIONAL_ORDER["roadmap"]["items"]
        ]}}
        order_import(data=document, region=region)
    roadmap = Roadmap.objects.filter(region=region, municipality__isnull=True, order__number="1621").first()
    tasks = MunicipalityTask.objects.filter(item__roadmap=roadmap).select_related("municipality", "item")
    reports = 0
    for task in tasks:
        report = REPORTS.get((task.municipality.short_name, task.item.number))
        if report is None or task.events.exists():
            continue
        status, done_on, comment = report
        officer = get_user_model().objects.get(username=OFFICERS[task.municipality.short_name])
        municipality_task_set_status(task=task, user=officer, status=status, expected_version=task.version,
                                     comment=comment, done_on=done_on)
        reports += 1
    # Every МОУО reported item 1 done: the region closes it (once).
    first = roadmap.items.filter(number="1").first()
    if first is not None and not first.events.exists():
        item_set_status(item=first, user=get_user_model().objects.get(username="regional"), status=Status.DONE,
                        expected_version=first.version, comment="Муниципальные дорожные карты утверждены во всех МОУО.")
    return {"created": created, "tasks": tasks.count(), "reports": reports}
