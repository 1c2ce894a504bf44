"""What the head and the officer see and do on the local-acts pages."""
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import act_file, make_act_version
from schools.acts.selectors import latest_acts_for_school
from schools.models import LocalActVersion, ReviewState

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(world):
    return make_act_version(world.home.school, user=world.home.head, review_by=world.home.officer,
                            decision=ReviewState.RETURNED, remarks="Не учтены обновлённые ФГОС НОО и ООО")


def _school_page(client, world):
    return client.get(reverse("schools:school_acts", args=[world.home.school.pk])).content.decode()


def test_head_sees_every_kind_and_an_open_upload_form_where_nothing_is_uploaded(client, world):
    client.force_login(world.home.head)
    body = _school_page(client, world)
    assert "Положение о ВСОКО" in body and "текущего контроля успеваемости" in body
    assert body.count("Акт ещё не загружен") == 2
    assert 'id="upload-vsoko"' in body and 'id="upload-tek_kontrol"' in body
    assert 'itemprop="tekKontrolDocLink"' in body
    assert body.count("<details class=\"mt-3 act-upload\" open>") == 2


def test_head_sees_the_remarks_and_answers_with_a_new_version(client, world, returned):
    client.force_login(world.home.head)
    body = _school_page(client, world)
    assert "возвращена на доработку" in body and "Не учтены обновлённые ФГОС НОО и ООО" in body
    response = client.post(reverse("schools:act_upload", args=[world.home.school.pk, "vsoko"]), {
        "file": act_file("docx", name="Положение о ВСОКО, ред. 2.docx"), "approval_number": "52",
        "approval_date": "05.09.2022", "published_url": "school.example.ru/sveden/document/vsoko-2.docx",
        "comment": "Добавлен раздел об оценочных процедурах",
    })
    assert response.status_code == 302
    assert response.url.endswith(f"/schools/{world.home.school.pk}/acts/#kind-vsoko")
    body = client.get(response.url).content.decode()
    assert "версия 2 загружена и отправлена на проверку" in body
    assert "Версия 2 на проверке" in body and "Добавлен раздел об оценочных процедурах" in body
    assert "Не учтены обновлённые ФГОС НОО и ООО" in body  # the old remarks stay in the version list
    latest = LocalActVersion.objects.get(number=2)
    assert (latest.approval_number, f"{latest.approval_date:%d.%m.%Y}") == ("52", "05.09.2022")
    assert latest.published_url == "https://school.example.ru/sveden/document/vsoko-2.docx"


def test_officer_reviews_on_the_version_page(client, world):
    version = make_act_version(world.home.school, user=world.home.head)
    client.force_login(world.home.officer)
    page = client.get(reverse("schools:act_version", args=[version.pk])).content.decode()
    assert 'id="review-form"' in page and 'name="expected_state" value="pending"' in page
    assert reverse("schools:act_download", args=[version.pk]) in page
    response = client.post(reverse("schools:act_review", args=[version.pk]), {
        "decision": ReviewState.RETURNED, "remarks": "Нет электронной подписи", "expected_state": "pending"})
    assert response.status_code == 302 and response.url == reverse("schools:act_version", args=[version.pk])
    page = client.get(response.url).content.decode()
    assert "Версия 1 возвращена на доработку." in page
    history = page[page.index('id="history"'):]
    assert "на проверке → <strong>возвращён на доработку</strong>" in history and "Нет электронной подписи" in history


def test_returning_without_remarks_shows_the_error(client, world):
    version = make_act_version(world.home.school, user=world.home.head)
    client.force_login(world.home.officer)
    response = client.post(reverse("schools:act_review", args=[version.pk]),
                           {"decision": ReviewState.RETURNED, "remarks": "", "expected_state": "pending"})
    assert response.status_code == 400
    assert "Укажите замечания: школа должна знать, что исправить." in response.content.decode()
    version.refresh_from_db()
    assert version.state == ReviewState.PENDING


def test_a_stale_review_gets_409_and_keeps_the_first_decision(client, world):
    version = make_act_version(world.home.school, user=world.home.head, review_by=world.admin,
                               decision=ReviewState.ACCEPTED)
    client.force_login(world.home.officer)
    response = client.post(reverse("schools:act_review", args=[version.pk]), {
        "decision": ReviewState.RETURNED, "remarks": "Не подписан", "expected_state": "pending"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "её уже проверили: сейчас она «принят»" in body
    version.refresh_from_db()
    assert (version.state, version.reviewer) == (ReviewState.ACCEPTED, world.admin)


def test_an_older_version_page_offers_no_review(client, world, returned):
    make_act_version(world.home.school, user=world.home.head)
    client.force_login(world.home.officer)
    body = client.get(reverse("schools:act_version", args=[returned.pk])).content.decode()
    assert "Это не последняя версия акта" in body and 'id="review-form"' not in body


def test_the_queue_shows_what_waits_for_review_by_default(client, world, returned):
    waiting = make_act_version(world.home.other_school, user=world.home.other_head)
    client.force_login(world.home.officer)
    body = client.get(reverse("schools:review_queue")).content.decode()
    assert reverse("schools:act_version", args=[waiting.pk]) in body
    assert reverse("schools:act_version", args=[returned.pk]) not in body
    assert "Проверить" in body
    body = client.get(reverse("schools:review_queue"), {"state": ""}).content.decode()
    assert reverse("schools:act_version", args=[returned.pk]) in body and "не загружен" in body
    body = client.get(reverse("schools:review_queue"), {"state": "missing"}).content.decode()
    assert 'data-state="missing"' in body and 'data-state="pending"' not in body


def test_the_queue_ignores_a_school_outside_scope(client, world):
    away = make_act_version(world.away.school, user=world.away.head)
    client.force_login(world.home.officer)
    response = client.get(reverse("schools:review_queue"), {"state": "", "school": world.away.school.pk})
    assert response.status_code == 200
    assert reverse("schools:act_version", args=[away.pk]) not in response.content.decode()


def test_download_streams_the_original_bytes_under_the_original_name(client, world, settings):
    upload = act_file("odt", name="Положение о ВСОКО.odt")
    content = upload.read()
    upload.seek(0)
    version = make_act_version(world.home.school, user=world.home.head, file=upload)
    client.force_login(world.home.head)
    response = client.get(reverse("schools:act_download", args=[version.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D0%9F%D0%BE%D0%BB" in response["Content-Disposition"]
    (settings.MEDIA_ROOT / version.file.name).unlink()
    assert client.get(reverse("schools:act_download", args=[version.pk])).status_code == 404


def test_files_are_not_reachable_by_a_media_url(client, world):
    version = make_act_version(world.home.school, user=world.home.head)
    client.force_login(world.admin)
    assert client.get(f"/_private-media-not-served/{version.file.name}").status_code == 404
    assert client.get(f"/media/{version.file.name}").status_code == 404


def test_cabinet_block(world, returned):
    make_act_version(world.home.school, user=world.home.head, kind_code="tek_kontrol", review_by=world.home.officer,
                     decision=ReviewState.ACCEPTED)
    request = RequestFactory().get("/")
    request.user = world.home.head
    html = render_to_string("schools/acts/_cabinet_block.html", {
        "school": world.home.school, "acts": latest_acts_for_school(world.home.school), "portal_scope": None,
    }, request=request)
    assert 'data-kind="vsoko" data-state="returned"' in html and "Не учтены обновлённые ФГОС НОО и ООО" in html
    assert 'data-kind="tek_kontrol" data-state="accepted"' in html
    assert reverse("schools:school_acts", args=[world.home.school.pk]) in html


def test_the_queue_rows_escape_what_users_typed(client, world):
    """The queue builds its rows in Python (schools/acts/views.py): every value still reaches the page escaped."""
    school = world.home.school
    school.short_name = 'СОШ <b>№ 1</b> "Лицей"'
    school.save(update_fields=["short_name"])
    version = make_act_version(school, user=world.home.head, review_by=world.home.officer,
                               decision=ReviewState.RETURNED, remarks="<script>alert(1)</script> & ещё",
                               approval_number="12-<од>")
    client.force_login(world.home.officer)
    body = client.get(reverse("schools:review_queue"), {"state": "returned"}).content.decode()
    row = body[body.index(f'data-school="{school.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "СОШ &lt;b&gt;№ 1&lt;/b&gt; &quot;Лицей&quot;" in row and "<b>" not in row
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ещё" in row and "<script>" not in body
    assert "№ 12-&lt;од&gt; от 30.08.2022" in row
    assert f'href="{reverse("schools:act_version", args=[version.pk])}"' in row
    assert f'href="{reverse("schools:school_acts", args=[school.pk])}"' in row
    assert 'data-state="returned"' in row and "возвращён на доработку" in row and ">Открыть</a>" in row
