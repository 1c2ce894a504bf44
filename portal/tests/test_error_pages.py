"""Error pages (400, 403, 404, 500) are Russian, say why — the view's own message when it has one — and lead back.

DEBUG is off in every test here, as in production; the 500 case uses this module as its URLconf (a view that
raises), with the portal's handlers.
"""
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path, reverse

from portal.errors import user_message

pytestmark = pytest.mark.django_db

ENGLISH = ("Forbidden", "Not Found", "Bad Request", "Server Error", "No RoadmapItem matches", "CSRF verification")


def _boom(request):
    raise RuntimeError("database on fire")


def _denied_in_english(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", _boom),
    path("denied/", _denied_in_english),
    path("", include("portal.urls")),
]
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def _body(response) -> str:
    body = response.content.decode()
    for word in ENGLISH:
        assert word not in body, f"English «{word}» on a Russian error page"
    assert 'lang="ru"' in body
    return body


def test_403_shows_the_views_own_reason_and_the_way_back(client, world):
    client.force_login(world.home.head)
    item = world.home.item
    referer = f"http://testserver{reverse('roadmaps:item_detail', args=[item.pk])}"
    response = client.post(reverse("roadmaps:item_status", args=[item.pk]), {"status": "done", "version": 1},
                           HTTP_REFERER=referer)
    assert response.status_code == 403
    body = _body(response)
    assert "Нет доступа" in body
    assert "Нет прав на изменение этого мероприятия." in body
    assert f'href="{referer}"' in body and "Вернуться назад" in body
    assert f'href="{reverse("dashboard")}"' in body
    assert "Выйти" in body  # the menu of a logged-in user is there


def test_403_without_a_message_gets_the_general_russian_reason(world, settings):
    settings.ROOT_URLCONF = __name__
    client = Client()
    client.force_login(world.home.officer)
    response = client.get("/denied/")
    assert response.status_code == 403
    assert "нет прав на эту страницу или это действие" in _body(response)


def test_404_for_another_municipalitys_item_is_russian_without_djangos_english(client, world):
    client.force_login(world.home.officer)
    response = client.get(reverse("roadmaps:item_detail", args=[world.away.item.pk]))
    assert response.status_code == 404
    body = _body(response)
    assert "Страница не найдена" in body and "вне вашей зоны доступа" in body
    assert "Вернуться назад" not in body  # no referer: only the way home
    assert "На главную страницу портала" in body


def test_404_shows_the_views_own_message(client, world):
    client.force_login(world.home.officer)
    response = client.get(reverse("jobs:detail", args=[987654]))
    assert response.status_code == 404
    assert "Задание не найдено: возможно, оно удалено или его заказал другой пользователь." in _body(response)


def test_404_for_an_unknown_address(client, world):
    client.force_login(world.home.officer)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = _body(response)
    assert "Страница не найдена" in body and "/no/such/page/" in body


def test_referer_from_another_site_is_not_offered_as_the_way_back(client, world):
    client.force_login(world.home.officer)
    response = client.get("/no/such/page/", HTTP_REFERER="https://evil.example.com/phish")
    assert "evil.example.com" not in _body(response)


def test_400_for_a_host_outside_allowed_hosts(world):
    response = Client().get(reverse("login"), HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    body = _body(response)
    assert "Неверный запрос" in body and "Войти" in body


def test_403_csrf_failure_is_russian(world):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.home.officer)
    response = strict.post(reverse("roadmaps:item_status", args=[world.home.item.pk]), {"status": "done", "version": 1})
    assert response.status_code == 403
    body = _body(response)
    assert "Форма устарела" in body and "отправьте форму ещё раз" in body
    assert "Выйти" in body and ">Войти<" not in body  # rendered with the request: the user's own menu


def test_500_is_russian_and_tells_what_to_do(world, settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(world.home.officer)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = _body(response)
    assert "Ошибка на сервере" in body and "database on fire" not in body
    assert "записано целиком, либо не записано совсем" in body and 'href="/"' in body


@pytest.mark.parametrize("exception, shown", [
    (PermissionDenied("Нет прав на изменение этого мероприятия."), "Нет прав на изменение этого мероприятия."),
    (PermissionDenied(), ""),
    (PermissionDenied("No permission"), ""),
    (Exception({"tried": [], "path": "x"}), ""),
    (Exception("No School matches the given query."), ""),
    (Exception("Школа не найдена."), "Школа не найдена."),
])
def test_only_messages_written_for_users_are_shown(exception, shown):
    assert user_message(exception) == shown
