"""The importer reads the municipal education authorities («органы местного самоуправления, осуществляющие
управление в сфере образования», «МОУО», ...) as every municipality of the region — in a regional order only; in a
municipal order the same words stay an organisation as written."""
from datetime import date

import pytest

from monitoring.models import MunicipalityTask
from roadmaps.importers.responsible import clause_responsible, parse_responsible
from roadmaps.importers.writer import order_import
from roadmaps.models import OrderClause, RoadmapItem
from schools.models import Organization
from tests.factories import make_authority, make_municipality, make_region

MOUO = "органы местного самоуправления, осуществляющие управление в сфере образования"

# A «Ответственный» cell -> its entries (kind, name), as regional roadmaps write it.
CELLS = [
    (MOUO, [("all_municipalities", MOUO)]),
    ("Министерство образования Кузбасса, органы местного самоуправления, осуществляющие управление в сфере образования",
     [("organization", "Министерство образования Кузбасса"), ("all_municipalities", MOUO)]),
    ("муниципальные органы управления образованием", [("all_municipalities", "муниципальные органы управления образованием")]),
    ("МОУО", [("all_municipalities", "МОУО")]),
    ("руководители МОУО", [("all_municipalities", "руководители МОУО")]),
    ("органы управления образованием муниципальных образований",
     [("all_municipalities", "органы управления образованием муниципальных образований")]),
    ("Министерство образования Кузбасса (далее - Министерство), МОУО (по согласованию)",
     [("organization", "Министерство образования Кузбасса"), ("all_municipalities", "МОУО")]),
    ("органы местного самоуправления муниципальных районов и городских округов, осуществляющие управление в сфере "
     "образования",
     [("all_municipalities", "органы местного самоуправления муниципальных районов и городских округов, "
                             "осуществляющие управление в сфере образования")]),
    ("муниципальные органы, осуществляющие управление в сфере образования",
     [("all_municipalities", "муниципальные органы, осуществляющие управление в сфере образования")]),
    ("МОУО, руководители ОО", [("all_municipalities", "МОУО"), ("all_schools", "руководители ОО")]),
    # not the municipalities: a person of an authority, a named authority, the schools
    ("Павловец О.М., начальник отдела Управления образования",
     [("person", "Павловец О.М.")]),
    ("Управление образования, культуры и спорта", [("organization", "Управление образования, культуры и спорта")]),
    ("КОиН, МАОУ ДПО ИПК", [("organization", "КОиН"), ("organization", "МАОУ ДПО ИПК")]),
    ("руководители ОО", [("all_schools", "руководители ОО")]),
]


@pytest.mark.parametrize("cell,expected", CELLS, ids=[c[0][:40] for c in CELLS])
def test_responsible_cells(cell, expected):
    assert [(e["kind"], e["name"]) for e in parse_responsible(cell)] == expected


CLAUSES = [
    ("Рекомендовать органам местного самоуправления, осуществляющим управление в сфере образования, обеспечить "
     "участие ОО в региональном мониторинге", "органам местного самоуправления, осуществляющим управление в сфере "
                                             "образования"),
    ("Руководителям муниципальных органов управления образованием обеспечить разработку муниципальных дорожных карт",
     "Руководителям муниципальных органов управления образованием"),
    ("Муниципальным органам управления образованием: организовать методическое сопровождение ОО",
     "Муниципальным органам управления образованием"),
    ("МОУО обеспечить размещение информации на официальных сайтах", "МОУО"),
]


@pytest.mark.parametrize("text,name", CLAUSES, ids=[c[1][:40] for c in CLAUSES])
def test_clauses_addressed_to_the_municipalities(text, name):
    assert [(e["kind"], e["name"]) for e in clause_responsible(text)] == [("all_municipalities", name)]


def test_a_clause_to_the_schools_stays_the_schools():
    assert [e["kind"] for e in clause_responsible("Руководителям ОО обеспечить участие")] == ["all_schools"]


def _document(issuer: str) -> dict:
    return {
        "order": {"issuer": issuer, "number": "1621", "date": "2022-06-29", "title": "Об утверждении Дорожной карты",
                  "clauses": [{"number": "2", "text": "Рекомендовать МОУО утвердить муниципальные дорожные карты",
                               "responsible": clause_responsible("МОУО утвердить"),
                               "deadline": {"text": "до 01.08.2022", "end": "2022-08-01"}}]},
        "roadmap": {"title": "Дорожная карта", "academic_year": 2022, "items": [
            {"number": "1", "activity": "Разработать муниципальные дорожные карты", "responsible_text": MOUO,
             "responsible": parse_responsible(MOUO), "deadline": {"text": "до 01.08.2022", "end": "2022-08-01"}},
        ]},
    }


@pytest.mark.django_db
def test_a_regional_order_sets_the_flag_and_every_municipality_owes_it():
    region, far = make_region("42"), make_region("54", "Новосибирская область")
    first, second, other = (make_municipality("Первый", region=region), make_municipality("Второй", region=region),
                            make_municipality("Дальний", region=far))
    Organization.objects.create(name="Министерство образования Кузбасса", short_name="Министерство образования Кузбасса",
                                kind=Organization.Kind.MINISTRY, region=region)
    roadmap = order_import(data=_document("Министерство образования Кузбасса"), region=region)
    item = roadmap.items.get()
    clause = OrderClause.objects.get(order=roadmap.order)
    assert item.all_municipalities and clause.all_municipalities and not item.all_schools
    assert not item.responsible_organizations.exists()
    owed = set(MunicipalityTask.objects.values_list("municipality_id", "item_id", "clause_id", "due_date"))
    assert owed == {(m.pk, *source, date(2022, 8, 1)) for m in (first, second)
                    for source in ((item.pk, None), (None, clause.pk))}
    assert other.pk not in {row[0] for row in owed}


@pytest.mark.django_db
def test_a_municipal_order_keeps_the_words_as_an_organisation():
    municipality = make_municipality("Гурьевский МО", region=make_region("42"))
    make_authority(municipality, short_name="Управление образования")
    roadmap = order_import(data=_document("Управление образования"), municipality=municipality)
    item = roadmap.items.get()
    assert not item.all_municipalities
    assert not RoadmapItem.objects.filter(all_municipalities=True).exists()
    assert not OrderClause.objects.filter(all_municipalities=True).exists()
    assert list(item.responsible_organizations.values_list("short_name", flat=True)) == [MOUO]
    assert not MunicipalityTask.objects.exists()
