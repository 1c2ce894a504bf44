"""History of reference data and roles: who changed a school's website, who granted whom a role — in the admin,
in Russian, and only for rows the reader may see."""
from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest
from django.urls import reverse
from simple_history.models import DeletedObject
from simple_history.utils import get_history_model_for_model as history_of

from monitoring.models import CheckCriterion
from tests.factories import PASSWORD, admin_form_data, make_user, world_for_admin
from tests.queries import page_queries
from schools import access
from schools.admin_history import display_value
from schools.models import LocalActKind, Municipality, Official, Organization, Region, Role, School, UserProfile
from schools.services import user_role_set

pytestmark = pytest.mark.django_db

NEW_SITE = "https://school99.example.ru"


@pytest.fixture
def staff(world):
    world = world_for_admin(world)
    for user, (first, last) in ((world.home.officer, ("Ольга", "Павловец")), (world.away.officer, ("Иван", "Чужих")),
                                (world.admin, ("Анна", "Админова"))):
        user.first_name, user.last_name = first, last
        user.save()
    return world


def _history_url(model: str, obj) -> str:
    return reverse(f"admin:schools_{model}_history", args=[obj.pk])


def _officer_changes_website(client, staff, website=NEW_SITE):
    school = staff.home.school
    client.force_login(staff.home.officer)
    data = admin_form_data(client.get(reverse("admin:schools_school_change", args=[school.pk])))
    data["website"] = website
    data["email"] = "school99@example.ru"
    response = client.post(reverse("admin:schools_school_change", args=[school.pk]), data)
    assert response.status_code == 302
    return school


def test_every_tracked_model_keeps_history():
    for model in (Region, Municipality, Organization, Official, School, UserProfile, LocalActKind, CheckCriterion):
        assert str(history_of(model)._meta.verbose_name_plural).startswith("история"), model
        assert history_of(model) in access.registered_models(), model


def test_an_officer_changing_a_schools_website_is_recorded_by_name(client, staff):
    school = _officer_changes_website(client, staff)
    last = school.history.latest("history_date")
    assert last.history_user == staff.home.officer
    assert last.website == NEW_SITE and last.history_type == "~"

    page = client.get(_history_url("school", school))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ольга Павловец" in html
    assert f"Сайт:</strong> — &rarr; {NEW_SITE}" in html
    assert "Электронная почта:</strong> — &rarr; school99@example.ru" in html
    assert "изменение" in html and "История изменений:" in html
    assert staff.home.officer.username not in html  # names, not logins


def test_another_municipalitys_officer_cannot_read_that_history(client, staff):
    school = _officer_changes_website(client, staff)
    client.force_login(staff.away.officer)
    assert client.get(_history_url("school", school)).status_code == 404
    assert not access.visible(staff.away.officer, history_of(School)).filter(id=school.pk).exists()
    assert access.visible(staff.home.officer, history_of(School)).filter(id=school.pk).exists()
    # The region and the administrator read it.
    for reader in (staff.regional, staff.admin):
        client.force_login(reader)
        assert NEW_SITE in client.get(_history_url("school", school)).content.decode()
    client.force_login(staff.home.head)  # heads do not enter the back office at all
    assert client.get(_history_url("school", school)).status_code == 302


@pytest.mark.parametrize("model, attr", [("municipality", "municipality"), ("organization", "organization"),
                                         ("official", "official")])
def test_reference_history_is_scoped_like_its_rows(client, staff, model, attr):
    client.force_login(staff.home.officer)
    assert client.get(_history_url(model, getattr(staff.home, attr))).status_code == 200
    assert client.get(_history_url(model, getattr(staff.away, attr))).status_code == 404


def test_an_old_version_is_not_opened_or_reverted_from_the_admin(client, staff):
    school = _officer_changes_website(client, staff)
    record = school.history.earliest("history_date")
    url = reverse("admin:schools_school_simple_history", args=[school.pk, record.history_id])
    client.force_login(staff.admin)
    assert client.get(url).status_code == 404
    assert client.post(url, {"website": ""}).status_code == 404
    school.refresh_from_db()
    assert school.website == NEW_SITE


def test_a_role_grant_is_recorded_with_who_granted_it(client, staff):
    person = make_user("new_head", first_name="Мария", last_name="Урская")
    client.force_login(staff.admin)
    response = client.post(reverse("admin:schools_userprofile_add"),
                           {"user": person.pk, "role": Role.SCHOOL_HEAD, "school": staff.home.school.pk})
    assert response.status_code == 302
    grant = history_of(UserProfile).objects.get(user=person)
    assert (grant.history_type, grant.role, grant.history_user) == ("+", Role.SCHOOL_HEAD, staff.admin)

    page = client.get(reverse("admin:schools_historicaluserprofile_changelist")).content.decode()
    assert "Мария Урская" in page and "Анна Админова" in page and "роль выдана" in page
    assert staff.home.school.short_name in page
    history = client.get(_history_url("userprofile", person.profile)).content.decode()
    assert "Анна Админова" in history and "создание" in history


def test_a_role_change_through_the_service_shows_the_labels(client, staff):
    profile = staff.home.officer.profile
    user_role_set(user=staff.home.officer, role=Role.REGIONAL, region=staff.home.municipality.region)
    client.force_login(staff.admin)
    html = client.get(_history_url("userprofile", profile)).content.decode()
    assert ("Роль:</strong> Специалист муниципального органа управления образованием &rarr; "
            "Специалист регионального уровня") in html
    assert f"Муниципалитет:</strong> {staff.home.municipality.short_name} &rarr; —" in html


def test_role_history_is_for_administrators_only(client, staff):
    client.force_login(staff.home.officer)
    assert client.get(reverse("admin:schools_historicaluserprofile_changelist")).status_code == 403
    assert client.get(_history_url("userprofile", staff.home.officer.profile)).status_code in (403, 404)
    assert not access.visible(staff.regional, history_of(UserProfile)).exists()


def test_an_account_keeps_is_active_but_not_every_login(client, staff):
    user = staff.away.officer
    User = type(user)
    before = User.history.filter(id=user.pk).count()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert User.history.filter(id=user.pk).count() == before
    client.force_login(staff.admin)
    user.is_active = False
    user.save()
    html = client.get(reverse("admin:auth_user_history", args=[user.pk])).content.decode()
    assert "Активный:</strong> да &rarr; нет" in html


def test_history_page_queries_do_not_grow_with_its_rows(client, staff):
    school = staff.home.school
    client.force_login(staff.home.officer)
    for n in range(3):
        school.website = f"https://s{n}.example.ru"
        school.save()
    few = page_queries(client, _history_url("school", school))
    for n in range(20):
        school.website = f"https://t{n}.example.ru"
        school.save()
    assert page_queries(client, _history_url("school", school)) == few


@pytest.mark.parametrize("field, value, shown", [
    ("website", "", "—"),
    ("website", None, "—"),
    ("is_active", True, "да"),
    ("is_active", False, "нет"),
    ("created_at", datetime(2022, 7, 25, 3, 5, tzinfo=dt_timezone.utc), "25.07.2022 10:05"),
    ("short_name", "МБОУ «СОШ № 1»", "МБОУ «СОШ № 1»"),
])
def test_display_value_of_school_fields(field, value, shown):
    assert display_value(School._meta.get_field(field), value) == shown


def test_display_value_of_choices_dates_and_deleted_rows():
    assert display_value(UserProfile._meta.get_field("role"), "school_head") == "Руководитель ОО"
    assert display_value(UserProfile._meta.get_field("role"), "unknown") == "unknown"
    assert display_value(None, date(2022, 9, 1)) == "01.09.2022"
    deleted = DeletedObject(model=School, pk=7)
    assert display_value(School._meta.get_field("municipality"), deleted) == "школа (ОО) № 7 (удалено)"


def test_role_history_page_queries_do_not_grow_with_its_rows(client, staff):
    client.force_login(staff.admin)
    url = reverse("admin:schools_historicaluserprofile_changelist")
    few = page_queries(client, url)
    for n in range(10):
        person = make_user(f"head_extra_{n}", first_name="Пётр", last_name=f"Новиков{n}")
        user_role_set(user=person, role=Role.SCHOOL_HEAD, school=staff.away.school)
    assert page_queries(client, url) == few
