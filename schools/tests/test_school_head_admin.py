"""«Добавить руководителя ОО»: one admin form makes the account, the role and the official."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from schools.models import Official, Role, UserProfile
from schools.roles import user_scope

pytestmark = pytest.mark.django_db

URL = "admin:auth_user_add_school_head"


def _form(world, **changes):
    return {"last_name": "Урская", "first_name": "Мария", "middle_name": "Ивановна", "position": "директор",
            "email": "urskaya@example.ru", "school": world.home.school.pk, "username": "urskaya",
            "password1": "Урская-Школа-2022", "password2": "Урская-Школа-2022", **changes}


def test_one_form_makes_account_role_and_official(client, world):
    client.force_login(world.admin)
    page = client.get(reverse(URL))
    assert page.status_code == 200 and "Добавить руководителя ОО" in page.content.decode()
    response = client.post(reverse(URL), _form(world))
    assert response.status_code == 302
    user = get_user_model().objects.get(username="urskaya")
    assert (user.last_name, user.first_name) == ("Урская", "Мария Ивановна")
    assert user.check_password("Урская-Школа-2022") and not user.is_staff
    assert user.profile.role == Role.SCHOOL_HEAD and user.profile.school == world.home.school
    assert user_scope(user).school_id == world.home.school.pk
    official = Official.objects.get(user=user)
    assert (official.surname, official.initials, official.school) == ("Урская", "М.И.",
                                                                      world.home.school)
    # The grant is in the role history, by the administrator.
    grant = UserProfile.history.get(user=user)
    assert grant.history_user == world.admin
    assert "Добавить руководителя ОО" in client.get(reverse("admin:auth_user_changelist")).content.decode()


def test_an_official_already_named_in_the_orders_is_linked_not_duplicated(client, world):
    named = Official.objects.create(surname="Урская", initials="М. И.", position="директор",
                                    municipality=world.home.municipality, school=world.home.school)
    client.force_login(world.admin)
    assert client.post(reverse(URL), _form(world)).status_code == 302
    named.refresh_from_db()
    assert named.user.username == "urskaya"
    assert Official.objects.filter(surname="Урская").count() == 1


@pytest.mark.parametrize("changes, message", [
    ({"username": "head_home"}, "уже занят"),
    ({"password2": "другой"}, "Пароли не совпадают"),
    ({"password1": "123", "password2": "123"}, "Введённый пароль слишком короткий"),
    ({"last_name": ""}, "Обязательное поле"),
])
def test_bad_input_is_refused_with_a_russian_message_and_nothing_written(client, world, changes, message):
    users = get_user_model().objects.count()
    officials = Official.objects.count()
    client.force_login(world.admin)
    response = client.post(reverse(URL), _form(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.count() == users and Official.objects.count() == officials


def test_only_an_administrator_adds_a_school_head(client, world):
    for user in (world.home.officer, world.regional):
        client.force_login(user)
        assert client.post(reverse(URL), _form(world)).status_code in (302, 403)
    assert not get_user_model().objects.filter(username="urskaya").exists()
