"""Uploaded acts are checked by content: a table of files, what the service says, and that nothing is saved."""
import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.demo.acts import make_docx, make_odt, make_pdf
from schools.acts.services import local_act_submit
from schools.models import ActEvent, LocalAct, LocalActKind, LocalActVersion

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"


def _zip_bomb() -> bytes:
    """A «DOCX» whose single part unpacks to 300 MB of zeros (about 300 KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1 << 20)
            for _ in range(300):
                part.write(chunk)
    return out.getvalue()


def _many_entries() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(2100):
            archive.writestr(f"word/media/{n}.xml", "")
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


ACCEPTED = [
    ("Положение о ВСОКО.pdf", make_pdf, "application/pdf"),
    ("Положение о ВСОКО.docx", make_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("Положение о ВСОКО.odt", make_odt, "application/vnd.oasis.opendocument.text"),
    ("ПОЛОЖЕНИЕ.PDF", make_pdf, "application/pdf"),
]

REFUSED = [
    ("a PNG named .pdf", "скан.pdf", lambda: PNG, "не является документом допустимого типа"),
    ("an EXE named .docx", "Положение.docx", lambda: EXE, "не является документом допустимого типа"),
    ("a ZIP bomb named .docx", "Положение.docx", _zip_bomb, "после распаковки слишком велик"),
    ("a ZIP of 2 100 parts", "Положение.docx", _many_entries, "слишком много частей"),
    ("an empty file", "Положение.pdf", lambda: b"", "пуст"),
    ("a truncated DOCX", "Положение.docx", lambda: make_docx()[:200], "повреждён или обрезан"),
    ("a spreadsheet", "Положение.xlsx", _xlsx, "не является документом допустимого типа"),
    ("a DOCX named .pdf", "Положение.pdf", make_docx, "Расширение файла «Положение.pdf» не совпадает с содержимым"),
    ("plain text", "Положение.pdf", lambda: "Положение о ВСОКО".encode(), "не является документом допустимого типа"),
]


def _submit(world, upload):
    return local_act_submit(
        school=world.home.school, kind=LocalActKind.objects.get(code="vsoko"), file=upload, approval_number="45",
        approval_date=date(2022, 8, 30), published_url="", comment="", user=world.home.head,
    )


def _nothing_saved(settings) -> bool:
    acts_dir = settings.MEDIA_ROOT / "acts"
    files_left = acts_dir.exists() and any(acts_dir.iterdir())
    return not (LocalAct.objects.exists() or LocalActVersion.objects.exists() or ActEvent.objects.exists() or files_left)


@pytest.mark.parametrize("name, build, content_type", ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_documents_are_accepted(world, name, build, content_type):
    version = _submit(world, SimpleUploadedFile(name, build()))
    assert version.content_type == content_type
    assert version.original_name == name


@pytest.mark.parametrize("label, name, build, message", REFUSED, ids=[row[0] for row in REFUSED])
def test_bad_files_are_refused_and_nothing_is_saved(world, settings, label, name, build, message):
    with pytest.raises(ValidationError) as error:
        _submit(world, SimpleUploadedFile(name, build()))
    assert message in " ".join(error.value.message_dict["file"])
    assert _nothing_saved(settings)


def test_a_too_large_file_is_refused(world, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    big = make_pdf() + b"%" + b"0" * 2048
    with pytest.raises(ValidationError) as error:
        _submit(world, SimpleUploadedFile("Положение.pdf", big))
    assert "слишком большой" in error.value.message_dict["file"][0]
    assert _nothing_saved(settings)


def test_twenty_megabytes_is_the_default_limit(settings):
    assert settings.MAX_UPLOAD_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize("label, name, build, message", [REFUSED[0], REFUSED[1], REFUSED[4]], ids=["png", "exe", "empty"])
def test_the_page_shows_the_error_in_russian(client, world, settings, label, name, build, message):
    client.force_login(world.home.head)
    response = client.post(
        reverse("schools:act_upload", args=[world.home.school.pk, "vsoko"]),
        {"file": SimpleUploadedFile(name, build()), "approval_number": "45", "approval_date": "30.08.2022"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    if build() == b"":
        assert "Отправленный файл пуст" in body  # Django's own form check comes first
    else:
        assert message in body
    assert 'id="upload-vsoko"' in body and "45" in body  # the form is shown again, filled in
    assert _nothing_saved(settings)


def test_the_page_refuses_a_future_approval_date(client, world, settings):
    client.force_login(world.home.head)
    response = client.post(
        reverse("schools:act_upload", args=[world.home.school.pk, "tek_kontrol"]),
        {"file": SimpleUploadedFile("Положение.pdf", make_pdf()), "approval_number": "45", "approval_date": "01.01.2099"},
    )
    assert response.status_code == 400
    assert "Дата приказа 01.01.2099 ещё не наступила" in response.content.decode()
    assert _nothing_saved(settings)
