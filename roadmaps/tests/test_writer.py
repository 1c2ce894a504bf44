"""order_import: one ORDER_JSON document in, an order with its roadmap out — all or nothing."""
import copy
import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_authority, make_municipality, make_school, make_user
from roadmaps.importers.writer import order_find, order_import
from roadmaps.models import Order, OrderCitation, OrderClause, Roadmap, RoadmapItem
from schools.models import Municipality, Official, Organization, Role
from schools.services import reference_data_load

pytestmark = pytest.mark.django_db

PAVLOVETS = {"kind": "person", "name": "Павловец О.М.", "position": "начальник отдела Управления образования"}
HEADS = {"kind": "all_schools", "name": "руководители ОО", "position": ""}


@pytest.fixture
def place():
    municipality = make_municipality("Гурьевский МО")
    authority = make_authority(municipality, short_name="Управление образования")
    authority.aliases = "Управления образования"
    authority.save()
    ministry = Organization.objects.create(
        name="Министерство образования Кузбасса", short_name="Минобр Кузбасса", kind=Organization.Kind.MINISTRY,
        aliases="Министерство образования Кузбасса\nМинистерства образования Кузбасса",
    )
    school = make_school(municipality, short_name="МБОУ «Урская СОШ»")
    return municipality, authority, ministry, school


def _doc(**order_changes) -> dict:
    order = {
        "issuer": "Управление образования", "number": "340", "date": "2022-07-25",
        "title": "Об утверждении Дорожной карты по формированию объективной ВСОКО в каждой ОО",
        "signatory": "А. В. Синкина", "signatory_position": "Начальник Управления образования",
        "controller": {"kind": "person", "name": "Павловец О. М.", "position": "начальник отдела Управления образования"},
        "controller_text": "Ответственность за исполнение приказа возложить на Павловец О. М.",
        "citations": [{"issuer": "Министерство образования Кузбасса", "number": "1621", "date": "2022-06-29",
                       "title": "Об утверждении Дорожной карты"}],
        "clauses": [
            {"number": "1", "text": "Утвердить Дорожную карту (приложение).", "responsible": [], "deadline": None},
            {"number": "2", "text": "Отделу ... (Павловец О. М.) довести данный приказ ...",
             "responsible": [{"kind": "person", "name": "Павловец О. М.", "position": ""}], "deadline": None},
            {"number": "3", "text": "Рекомендовать руководителям ОО в срок до 01.09.2022 организовать работу",
             "responsible": [{"kind": "all_schools", "name": "руководителям общеобразовательных организаций",
                              "position": ""}],
             "deadline": {"text": "в срок до 01.09.2022", "start": None, "end": "2022-09-01"}},
        ],
    }
    order.update(order_changes)
    return {
        "municipality": "Гурьевский МО",
        "order": order,
        "roadmap": {
            "title": "Дорожная карта ... в 2022-2023 г.г.",
            "items": [
                {"number": "1", "activity": "Обсуждение вопроса по обновлению ВСОКО",
                 "deadline": {"text": "Апрель 2022 г.", "start": "2022-04-01", "end": "2022-04-30"},
                 "responsible": [PAVLOVETS, {"kind": "person", "name": "Руглова Н. А.",
                                             "position": "директор МБОУ «Урская СОШ»"}]},
                {"number": "3", "activity": "Участие в региональном совещании",
                 "deadline": {"text": "Август 2022 г.", "start": "2022-08-01", "end": "2022-08-31"},
                 "responsible": [PAVLOVETS, HEADS]},
                {"number": "10", "activity": "Обсуждение на августовском совещании",
                 "deadline": {"text": "по графику", "start": None, "end": None},
                 "responsible": [{"kind": "organization", "name": "Управление образования", "position": ""},
                                 {"kind": "organization", "name": "МАОУ ДПО ИПК", "position": ""}]},
            ],
        },
        "warnings": [],
    }


def test_writes_order_clauses_and_items(place):
    municipality, authority, *_ = place
    roadmap = order_import(data=_doc())
    order = roadmap.order
    assert (order.issuer, order.municipality, order.number, order.date) == (authority, municipality, "340", date(2022, 7, 25))
    assert (roadmap.academic_year, roadmap.period_start, roadmap.period_end) == (2022, date(2022, 9, 1), date(2023, 8, 31))
    assert list(order.clauses.values_list("number", flat=True)) == ["1", "2", "3"]
    assert list(roadmap.items.values_list("number", "deadline_text")) == [
        ("1", "Апрель 2022 г."), ("3", "Август 2022 г."), ("10", "по графику"),
    ]
    first = roadmap.items.get(number="1")
    assert first.responsible_text == (
        "Павловец О.М., начальник отдела Управления образования, Руглова Н. А., директор МБОУ «Урская СОШ»"
    )
    clause = order.clauses.get(number="3")
    assert (clause.deadline_text, clause.deadline_start, clause.deadline_end) == ("в срок до 01.09.2022", None, date(2022, 9, 1))


def test_spacing_variants_of_initials_are_one_official(place):
    _, authority, _, school = place
    roadmap = order_import(data=_doc())
    pavlovets = Official.objects.get(surname="Павловец")  # exactly one, whatever the spacing
    assert pavlovets.initials == "О.М."
    assert pavlovets.position == "начальник отдела Управления образования"
    assert pavlovets.organization == authority  # inferred from «... Управления образования»
    assert roadmap.order.controller == pavlovets
    assert set(roadmap.order.clauses.get(number="2").responsible_officials.all()) == {pavlovets}
    assert Official.objects.get(surname="Руглова").school == school  # «директор МБОУ «Урская СОШ»»


def test_existing_official_is_reused(place):
    municipality, authority, *_ = place
    existing = Official.objects.create(surname="Павловец", initials="О. М.", municipality=municipality)
    order_import(data=_doc())
    assert Official.objects.filter(surname="Павловец").count() == 1
    existing.refresh_from_db()
    assert existing.position == "начальник отдела Управления образования" and existing.organization == authority


def test_organizations_matched_by_alias_unknown_ones_created(place):
    municipality, authority, *_ = place
    data = _doc(issuer="УПРАВЛЕНИЯ  ОБРАЗОВАНИЯ")  # an alias, other case and spacing
    roadmap = order_import(data=data)
    assert roadmap.order.issuer == authority
    item = roadmap.items.get(number="10")
    institute = Organization.objects.get(short_name="МАОУ ДПО ИПК")
    assert institute.municipality == municipality
    assert set(item.responsible_organizations.all()) == {authority, institute}
    assert Organization.objects.filter(short_name="Управление образования").count() == 1


def test_regional_organization_found_when_municipality_has_none(place):
    municipality, *_ = place
    data = _doc()
    data["roadmap"]["items"][2]["responsible"] = [
        {"kind": "organization", "name": "Министерства образования Кузбасса", "position": ""}
    ]
    roadmap = order_import(data=data)
    assert roadmap.items.get(number="10").responsible_organizations.get().municipality is None


def test_all_schools_flag(place):
    roadmap = order_import(data=_doc())
    flags = dict(roadmap.items.values_list("number", "all_schools"))
    assert flags == {"1": False, "3": True, "10": False}
    assert dict(roadmap.order.clauses.values_list("number", "all_schools")) == {"1": False, "2": False, "3": True}


def test_unrecognized_deadline_is_marked_for_hand_setting(place):
    roadmap = order_import(data=_doc())
    item = roadmap.items.get(number="10")
    assert (item.deadline_recognized, item.deadline_start, item.deadline_end) == (False, None, None)
    assert roadmap.items.get(number="1").deadline_recognized is True


def _counts() -> dict:
    models = (Order, OrderClause, OrderCitation, Roadmap, RoadmapItem, Official, Organization)
    return {model.__name__: model.objects.count() for model in models}


def _break(path: tuple, value):
    def apply(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return data
    return apply


BAD_DOCUMENTS = [
    ("item without activity", _break(("roadmap", "items", 2, "activity"), " "), "Мероприятие № 10: нет текста"),
    ("bad item date", _break(("roadmap", "items", 2, "deadline"), {"text": "x", "start": "25.07.2022", "end": None}),
     "не в формате ГГГГ-ММ-ДД"),
    ("start after end", _break(("roadmap", "items", 1, "deadline"),
                               {"text": "x", "start": "2022-09-01", "end": "2022-08-01"}), "позже окончания"),
    ("unknown responsible kind", _break(("roadmap", "items", 2, "responsible"), [{"kind": "робот", "name": "X"}]),
     "непонятный ответственный"),
    ("person without initials", _break(("roadmap", "items", 1, "responsible"), [{"kind": "person", "name": "Павловец"}]),
     "не похоже на «Фамилия И. О.»"),
    ("order without number", _break(("order", "number"), ""), "Не указан номер приказа"),
    ("order with bad date", _break(("order", "date"), "2022-13-45"), "Дата приказа"),
    ("unknown municipality", _break(("municipality",), "Атлантида"), "Муниципалитет «Атлантида» не найден"),
    ("empty roadmap", _break(("roadmap", "items"), []), "нет ни одного мероприятия"),
]


@pytest.mark.parametrize("label, damage, message", BAD_DOCUMENTS, ids=[row[0] for row in BAD_DOCUMENTS])
def test_bad_document_writes_nothing(place, label, damage, message):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        order_import(data=damage(copy.deepcopy(_doc())))
    assert message in " ".join(error.value.messages)
    assert _counts() == before


def test_duplicate_order_is_refused_by_name(place):
    order_import(data=_doc())
    before = _counts()
    with pytest.raises(ValidationError) as error:
        order_import(data=_doc())
    assert "Приказ от 25.07.2022 № 340 (Управление образования) уже есть в портале" in error.value.messages[0]
    assert _counts() == before
    assert order_find(data=_doc()) == Order.objects.get()


def test_citation_links_to_an_order_already_in_the_portal(place):
    *_, ministry, _ = place
    regional = {"order": {"issuer": "Министерство образования Кузбасса", "number": "1621", "date": "2022-06-29",
                          "title": "Об утверждении Дорожной карты", "clauses": []}, "roadmap": None}
    assert order_import(data=regional) is None
    cited = Order.objects.get(number="1621")
    assert cited.issuer == ministry and cited.municipality is None
    roadmap = order_import(data=_doc())
    citation = roadmap.order.citations.get()
    assert (citation.cited_order, citation.issuer_name, citation.date) == (cited, "Министерство образования Кузбасса", date(2022, 6, 29))


def test_citation_linked_when_the_cited_order_comes_later(place):
    roadmap = order_import(data=_doc())
    assert roadmap.order.citations.get().cited_order is None  # only a reference for now
    order_import(data={"order": {"issuer": "Минобр Кузбасса", "number": "1621", "date": "2022-06-29",
                                 "title": "Об утверждении Дорожной карты"}, "roadmap": None})
    assert roadmap.order.citations.get().cited_order == Order.objects.get(number="1621")


def test_citation_of_another_issuer_with_same_number_is_not_linked(place):
    order_import(data={"order": {"issuer": "Управление образования", "number": "1621", "date": "2022-06-29",
                                 "title": "Другой приказ"}, "roadmap": None, "municipality": "Гурьевский МО"})
    roadmap = order_import(data=_doc())
    assert roadmap.order.citations.get().cited_order is None


def test_municipality_from_argument_or_issuer(place):
    municipality, *_ = place
    other = make_municipality("Другой")
    data = _doc()
    del data["municipality"]
    assert order_import(data=copy.deepcopy(data)).municipality == municipality  # from the issuer
    data["order"]["number"] = "341"
    assert order_import(data=data, municipality=other).municipality == other


def test_user_out_of_scope_is_refused(place):
    municipality, *_ = place
    stranger = make_user("stranger", role=Role.MUNICIPAL, municipality=make_municipality("Чужой"))
    before = _counts()
    with pytest.raises(PermissionDenied):
        order_import(data=_doc(), user=stranger)
    assert _counts() == before
    officer = make_user("officer", role=Role.MUNICIPAL, municipality=municipality)
    assert order_import(data=_doc(), user=officer).municipality == municipality


def test_academic_year_from_title_when_not_given(place):
    data = _doc(date="2023-03-01")
    data["roadmap"]["title"] = "Дорожная карта на 2023 – 2024 учебный год"
    assert order_import(data=data).academic_year == 2023


CORE_ORDER_KEYS = {"issuer", "number", "date", "title", "signatory", "clauses"}


def _core_only(data: dict) -> dict:
    """What `import_order --dry-run --json` prints: the fixture without its hand-entered extras."""
    order = {key: value for key, value in data["order"].items() if key in CORE_ORDER_KEYS}
    order["clauses"] = [{"number": c["number"], "text": c["text"]} for c in order["clauses"]]
    items = [{key: item[key] for key in ("number", "activity", "deadline", "responsible", "warnings")}
             for item in data["roadmap"]["items"]]
    return {"order": order, "roadmap": {"title": data["roadmap"]["title"], "items": items}, "warnings": []}


@pytest.mark.parametrize("fixture", ["guryevsk_340.json", "novokuznetsk_800.json"])
def test_core_document_gives_the_same_roadmap_as_the_fixture(fixture):
    fixtures = Path(settings.BASE_DIR) / "fixtures"
    reference_data_load(path=fixtures / "reference.json")
    data = json.loads((fixtures / "orders" / fixture).read_text(encoding="utf-8"))
    municipality = Municipality.objects.get(short_name=data["municipality"])
    roadmap = order_import(data=_core_only(data), municipality=municipality)
    assert roadmap.academic_year == data["roadmap"]["academic_year"]
    fields = ("number", "activity", "deadline_text", "deadline_start", "deadline_end", "responsible_text")
    expected = [
        (i["number"], i["activity"], i["deadline"]["text"], _iso(i["deadline"]["start"]), _iso(i["deadline"]["end"]),
         i["responsible_text"])
        for i in data["roadmap"]["items"]
    ]
    assert list(roadmap.items.order_by("position").values_list(*fields)) == expected
    for clause in data["order"]["clauses"]:
        stored = roadmap.order.clauses.get(number=clause["number"])
        if clause["deadline"]:  # hidden in the text: «в срок до 01.09.2022 организовать ...»
            assert (stored.deadline_text, stored.deadline_end) == (clause["deadline"]["text"], _iso(clause["deadline"]["end"]))


def _iso(value):
    return date.fromisoformat(value) if value else None
