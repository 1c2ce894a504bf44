"""load_demo: both seed orders entered faithfully, demo accounts that log in, and a second run changes nothing."""
import json
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from roadmaps.deadlines import deadline_warnings, parse_deadline
from roadmaps.models import ItemEvent, Order, OrderCitation, OrderClause, Roadmap, RoadmapItem
from roadmaps.status import Status
from schools.models import Municipality, Official, Organization, Role, School, UserProfile
from schools.roles import user_scope
from schools.services import reference_data_load

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEEDS = {  # municipality short name -> (seed file, order number, date, clauses, items)
    "Гурьевский МО": ("000_9185a89d1fab58bd.txt", "340", date(2022, 7, 25), 5, 10),
    "Новокузнецк": ("001_2b9de425867dbd7b.txt", "800", date(2022, 7, 15), 3, 11),
}
ACCOUNTS = {  # login -> (password, role, municipality, school)
    "admin": ("admin", Role.ADMIN, None, None),
    "regional": ("demo12345", Role.REGIONAL, None, None),
    "gur_officer": ("demo12345", Role.MUNICIPAL, "Гурьевский МО", None),
    "gur_head": ("demo12345", Role.SCHOOL_HEAD, "Гурьевский МО", "МБОУ «Урская СОШ»"),
    "nvk_officer": ("demo12345", Role.MUNICIPAL, "Новокузнецк", None),
    "nvk_head": ("demo12345", Role.SCHOOL_HEAD, "Новокузнецк", "МБОУ «СОШ № 5»"),
}


def seed_rows(file_name: str) -> list[tuple[str, str, str, str]]:
    """(number, activity, deadline, responsible) from the seed's table: a row split by a page break is joined."""
    rows = []
    for line in (FIXTURES / "seeds" / file_name).read_text(encoding="utf-8").splitlines():
        if re.match(r"^\d+\.\t", line):
            number, activity, deadline, responsible = line.split("\t")
            rows.append([number.rstrip("."), activity.strip(), deadline.strip(), responsible.strip()])
        elif line.startswith("\t") and line.strip():
            rows[-1][1] += " " + line.strip("\t").split("\t")[0].strip()
    return [tuple(row) for row in rows]


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _roadmap(short_name: str) -> Roadmap:
    return Roadmap.objects.select_related("order").get(municipality__short_name=short_name)


@pytest.mark.parametrize("municipality", sorted(SEEDS))
def test_order_and_roadmap_as_signed(demo, municipality):
    file_name, number, signed, clauses, items = SEEDS[municipality]
    roadmap = _roadmap(municipality)
    assert (roadmap.order.number, roadmap.order.date) == (number, signed)
    assert roadmap.order.clauses.count() == clauses
    assert roadmap.academic_year == 2022
    stored = list(roadmap.items.order_by("position").values_list("number", "activity", "deadline_text", "responsible_text"))
    assert stored == seed_rows(file_name)
    assert len(stored) == items


def test_item_9_of_novokuznetsk_is_joined(demo):
    item = _roadmap("Новокузнецк").items.get(number="9")
    assert item.activity == ("Выборочное проведение всероссийских проверочных работ: работ с контролем "
                             "объективности результатов в образовательных организациях")


@pytest.mark.parametrize("municipality", sorted(SEEDS))
def test_clauses_are_verbatim(demo, municipality):
    text = (FIXTURES / "seeds" / SEEDS[municipality][0]).read_text(encoding="utf-8")
    for clause in _roadmap(municipality).order.clauses.all():
        assert f"{clause.number}. {clause.text}\n" in text


def test_one_official_whatever_the_spacing(demo):
    pavlovets = Official.objects.get(surname="Павловец", municipality__short_name="Гурьевский МО")
    assert pavlovets.initials == "О.М."
    assert pavlovets.organization.short_name == "Управление образования"
    roadmap = _roadmap("Гурьевский МО")
    # «Павловец О.М.» in the table and «Павловец О. М.» in clauses 2 and 4 and as controller
    assert set(pavlovets.roadmap_items.values_list("number", flat=True)) == {"1", "2", "3", "4", "6", "7"}
    assert set(pavlovets.clauses.values_list("number", flat=True)) == {"2", "4"}
    assert roadmap.order.controller == pavlovets
    assert Official.objects.get(surname="Руглова").school.short_name == "МБОУ «Урская СОШ»"
    assert Official.objects.filter(surname="Белова", municipality__short_name="Новокузнецк").count() == 1


@pytest.mark.parametrize("municipality", sorted(SEEDS))
def test_all_schools_where_heads_or_schools_are_responsible(demo, municipality):
    for number, _, _, responsible in seed_rows(SEEDS[municipality][0]):
        parts = {part.strip().lower() for part in responsible.split(",")}
        expected = bool(parts & {"руководители оо", "оо"})
        assert _roadmap(municipality).items.get(number=number).all_schools is expected, number


def test_organizations_and_citations(demo):
    novokuznetsk = _roadmap("Новокузнецк")
    assert novokuznetsk.order.issuer.short_name == "КОиН"
    institute = Organization.objects.get(short_name="МАОУ ДПО ИПК")
    assert institute.kind == Organization.Kind.INSTITUTE
    assert set(novokuznetsk.items.filter(responsible_organizations=institute).values_list("number", flat=True)) == {
        "1", "2", "3", "4", "5", "10", "11"}

    def cited(roadmap):
        return list(roadmap.order.citations.values_list("issuer_name", "number", "date"))

    ministry = "Министерство образования Кузбасса"
    assert cited(_roadmap("Гурьевский МО")) == [(ministry, "1621", date(2022, 6, 29))]
    assert cited(novokuznetsk) == [
        (ministry, "1470", date(2022, 6, 14)), (ministry, "1621", date(2022, 6, 29)), ("КОиН", "736", date(2022, 6, 17)),
    ]


def test_fixture_deadlines_are_what_the_parser_reads():
    for path in sorted((FIXTURES / "orders").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        year, signed = data["roadmap"]["academic_year"], date.fromisoformat(data["order"]["date"])
        for item in data["roadmap"]["items"]:
            parsed = parse_deadline(item["deadline"]["text"], academic_year=year, reference_date=signed)
            as_given = (item["deadline"]["start"], item["deadline"]["end"])
            assert as_given == (parsed.start and parsed.start.isoformat(), parsed.end and parsed.end.isoformat()), (
                path.name, item["number"])
            assert item["warnings"] == deadline_warnings(parsed, order_date=signed), (path.name, item["number"])


def test_schools_and_demo_marks(demo):
    counts = {m.short_name: m.schools.count() for m in Municipality.objects.all()}
    assert counts == {"Гурьевский МО": 10, "Новокузнецк": 15}
    assert list(School.objects.filter(is_demo=False).values_list("short_name", flat=True)) == ["МБОУ «Урская СОШ»"]
    for school in School.objects.filter(is_demo=True):
        assert school.website.endswith(".example.ru") and school.email.endswith("@example.ru")


def test_demo_statuses_make_the_dashboard_alive(demo):
    statuses = list(RoadmapItem.objects.values_list("status", flat=True))
    assert statuses.count(Status.DONE) >= 3 and Status.IN_PROGRESS in statuses
    event = ItemEvent.objects.filter(item__roadmap__municipality__short_name="Гурьевский МО").first()
    assert event.author.username == "gur_officer"


@pytest.mark.parametrize("login", sorted(ACCOUNTS))
def test_accounts_exist_and_log_in(demo, client, login):
    password, role, municipality, school = ACCOUNTS[login]
    user = get_user_model().objects.get(username=login)
    scope = user_scope(user)
    assert scope.role == role
    if municipality:
        assert scope.municipality_id == Municipality.objects.get(short_name=municipality).pk
    if school:
        assert scope.school_id == School.objects.get(short_name=school, municipality__short_name=municipality).pk
    assert user.is_staff is (role != Role.SCHOOL_HEAD)
    response = client.post(reverse("login"), {"username": login, "password": password})
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert login in demo and password in demo  # the printed table


def test_officers_are_linked_to_their_officials_and_groups(demo):
    assert Official.objects.get(user__username="gur_officer").surname == "Павловец"
    assert Official.objects.get(user__username="nvk_officer").surname == "Белова"
    assert set(Group.objects.filter(user__username="gur_officer").values_list("name", flat=True)) == {"Специалисты МОУО"}
    assert set(Group.objects.filter(user__username="regional").values_list("name", flat=True)) == {"Региональные специалисты"}


def test_second_run_changes_nothing(demo):
    models = (Municipality, Organization, School, Official, Order, OrderClause, OrderCitation, Roadmap, RoadmapItem,
              ItemEvent, UserProfile, Group, get_user_model())

    def snapshot():
        return {
            model.__name__: model.objects.count() for model in models
        } | {"statuses": list(RoadmapItem.objects.order_by("pk").values_list("status", "version"))}

    before = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == before
    assert "уже был загружен" in out.getvalue()


def test_bad_reference_file_writes_nothing(db, tmp_path):
    bad = tmp_path / "reference.json"
    bad.write_text(json.dumps({
        "municipalities": [{"short_name": "Тест", "name": "Тестовый округ"}],
        "schools": [{"municipality": "Нигде", "short_name": "МБОУ «СОШ № 1»", "full_name": "Школа"}],
    }), encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        reference_data_load(path=bad)
    assert "муниципалитет «Нигде» не найден" in error.value.messages[0]
    assert not Municipality.objects.exists()
