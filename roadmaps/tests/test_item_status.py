"""Changing an item's status: history, evidence checks, conflicts — through the service and the page."""
import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.concurrency import EditConflict
from roadmaps.models import ItemEvent
from roadmaps.services import item_set_deadline, item_set_status
from roadmaps.status import Status

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_status_change_records_event(world):
    item, officer = world.home.item, world.home.officer
    event = item_set_status(item=item, user=officer, status=Status.IN_PROGRESS, expected_version=1, comment="Начали работу")
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS and item.version == 2 and item.status_changed_at
    assert (event.author, event.from_value, event.to_value, event.comment) == (
        officer, Status.NOT_STARTED, Status.IN_PROGRESS, "Начали работу")
    assert event.kind == ItemEvent.Kind.STATUS


def test_second_writer_with_stale_version_is_refused(world):
    item = world.home.item
    item_set_status(item=item, user=world.home.officer, status=Status.IN_PROGRESS, expected_version=1)
    with pytest.raises(EditConflict):
        item_set_status(item=item, user=world.admin, status=Status.CANCELLED, expected_version=1, comment="Отмена")
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    assert item.events.count() == 1


def test_out_of_scope_user_is_refused_by_service(world):
    with pytest.raises(PermissionDenied):
        item_set_status(item=world.away.item, user=world.home.officer, status=Status.DONE, expected_version=1, comment="x")
    with pytest.raises(PermissionDenied):
        item_set_status(item=world.home.item, user=world.home.head, status=Status.DONE, expected_version=1, comment="x")
    assert not ItemEvent.objects.exists()


def test_done_needs_comment_or_evidence(world):
    with pytest.raises(ValidationError):
        item_set_status(item=world.home.item, user=world.home.officer, status=Status.DONE, expected_version=1)


@pytest.mark.parametrize(
    "name, content, ok",
    [
        ("отчёт.pdf", PDF_BYTES, True),
        ("положение.docx", _docx_bytes(), True),
        ("фото.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, True),
        ("фото.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, True),
        ("вирус.pdf", b"MZ\x90\x00" + b"0" * 50, False),        # an .exe renamed
        ("отчёт.docx", PDF_BYTES, False),                          # name says DOCX, content is PDF
        ("пусто.pdf", b"", False),
        ("битый.docx", b"PK\x03\x04garbage", False),               # truncated ZIP
        ("скрипт.html", b"<html><script>alert(1)</script>", False),
    ],
)
def test_evidence_checked_by_content(world, name, content, ok):
    upload = SimpleUploadedFile(name, content)
    call = lambda: item_set_status(  # noqa: E731
        item=world.home.item, user=world.home.officer, status=Status.DONE, expected_version=1,
        comment="Подтверждение", evidence_file=upload,
    )
    if ok:
        event = call()
        assert event.evidence_name == name and event.evidence_file.name.startswith("evidence/")
        assert name not in event.evidence_file.name, "stored under a generated name"
    else:
        with pytest.raises(ValidationError):
            call()
        world.home.item.refresh_from_db()
        assert world.home.item.status == Status.NOT_STARTED and not ItemEvent.objects.exists()


def test_evidence_too_large_is_refused(world, settings):
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="слишком большой"):
        item_set_status(item=world.home.item, user=world.home.officer, status=Status.DONE, expected_version=1,
                        comment="x", evidence_file=SimpleUploadedFile("a.pdf", PDF_BYTES))


def test_zip_bomb_docx_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (50 * 1024 * 1024))
    with pytest.raises(ValidationError, match="слишком велик"):
        item_set_status(item=world.home.item, user=world.home.officer, status=Status.DONE, expected_version=1,
                        comment="x", evidence_file=SimpleUploadedFile("bomb.docx", buffer.getvalue()))


def test_manual_deadline_keeps_phrase_and_logs_event(world):
    item = world.home.item
    phrase = item.deadline_text
    item_set_deadline(item=item, user=world.home.officer, start=date(2022, 10, 1), end=date(2022, 12, 1),
                      expected_version=1, comment="Уточнено письмом")
    item.refresh_from_db()
    assert item.deadline_text == phrase and item.deadline_end == date(2022, 12, 1)
    event = item.events.get()
    assert event.kind == ItemEvent.Kind.DEADLINE and "01.12.2022" in event.to_value


class TestPage:
    def test_officer_changes_status_and_sees_history(self, client, world):
        client.force_login(world.home.officer)
        url = reverse("roadmaps:item_status", args=[world.home.item.pk])
        response = client.post(url, {"status": Status.DONE, "comment": "Проведено совещание", "version": 1,
                                     "evidence_url": "https://school.example.ru/sveden/document"}, follow=True)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Статус сохранён." in body and "Проведено совещание" in body
        assert "Не начато" in body and "Выполнено" in body

    def test_invalid_file_is_a_russian_form_error_and_nothing_saved(self, client, world):
        client.force_login(world.home.officer)
        url = reverse("roadmaps:item_status", args=[world.home.item.pk])
        bad = SimpleUploadedFile("протокол.pdf", b"not a pdf at all")
        response = client.post(url, {"status": Status.DONE, "comment": "c", "version": 1, "evidence_file": bad})
        assert response.status_code == 400
        assert "не является документом допустимого типа" in response.content.decode()
        assert not ItemEvent.objects.exists()

    def test_conflict_is_reported_not_overwritten(self, client, world):
        item = world.home.item
        item_set_status(item=item, user=world.admin, status=Status.IN_PROGRESS, expected_version=1, comment="Первый")
        client.force_login(world.home.officer)
        response = client.post(reverse("roadmaps:item_status", args=[item.pk]),
                               {"status": Status.CANCELLED, "comment": "Второй", "version": 1})
        assert response.status_code == 409
        assert "изменил другой пользователь" in response.content.decode()
        item.refresh_from_db()
        assert item.status == Status.IN_PROGRESS and item.events.count() == 1

    def test_unparsed_deadline_shows_hint_and_early_deadline_warns(self, client, world):
        item = world.home.item
        item.deadline_text, item.deadline_start, item.deadline_end = "Апрель 2022 г.", date(2022, 4, 1), date(2022, 4, 30)
        item.save()
        client.force_login(world.home.officer)
        body = client.get(reverse("roadmaps:item_detail", args=[item.pk])).content.decode()
        assert "раньше даты приказа" in body
