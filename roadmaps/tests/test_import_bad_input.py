"""Bad input: each gets a Russian message naming the file (and row and column where there are ones), and
nothing is written — through the command and through the upload page."""
import io
import zipfile
from io import StringIO

import openpyxl
import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from roadmaps.importers.reader import read_document
from roadmaps.models import Order, Roadmap, RoadmapItem
from roadmaps.tests.test_import_parsers import _docx_bytes, _xlsx_bytes
from roadmaps.tests.test_import_web import import_urls  # noqa: F401 (fixture)
from schools.models import Official, Organization
from tests.imports import upload

HEADER = ["№", "Мероприятие", "Срок", "Ответственный исполнитель"]


def _valid_xlsx() -> bytes:
    return _xlsx_bytes([["Дорожная карта на 2022-2023 учебный год"], HEADER, [1, "Семинар", "октябрь", "КОиН"]])


def _valid_docx() -> bytes:
    def build(document):
        document.add_paragraph("Дорожная карта на 2022-2023 учебный год")
        table = document.add_table(rows=2, cols=4)
        for c, value in enumerate(HEADER):
            table.cell(0, c).text = value
        for c, value in enumerate(["1.", "Семинар", "октябрь", "КОиН"]):
            table.cell(1, c).text = value
    return _docx_bytes(build)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _replace_in_zip(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip({info.filename: (content if info.filename == name else source.read(info))
                 for info in source.infolist()})


BAD_FILES = [
    ("wrong-type-pdf", "приказ.pdf", lambda: b"%PDF-1.7\n" + b"0" * 100, ["«приказ.pdf»", "PDF"]),
    ("wrong-type-png", "карта.png", lambda: b"\x89PNG\r\n\x1a\n" + b"0" * 50, ["«карта.png»", "не является"]),
    ("old-word-doc", "приказ.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 50, ["«приказ.doc»", "DOCX"]),
    ("binary-as-text", "приказ.txt", lambda: bytes(range(256)) * 4, ["«приказ.txt»", "не является текстовым"]),
    ("extension-lies", "приказ.docx", _valid_xlsx, ["«приказ.docx»", "не совпадает с содержимым"]),
    ("zip-not-office", "карта.xlsx", lambda: _zip({"readme.txt": b"hello"}), ["«карта.xlsx»", "не документ Word"]),
    ("truncated-xlsx", "карта.xlsx", lambda: _valid_xlsx()[:1500], ["«карта.xlsx»", "повреждён"]),
    ("truncated-docx", "приказ.docx", lambda: _valid_docx()[:3000], ["«приказ.docx»", "повреждён"]),
    ("corrupt-xlsx-xml", "карта.xlsx",
     lambda: _replace_in_zip(_valid_xlsx(), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"),
     ["«карта.xlsx»", "повреждён"]),
    ("corrupt-docx-xml", "приказ.docx",
     lambda: _replace_in_zip(_valid_docx(), "word/document.xml", b"<w:document><w:body"),
     ["«приказ.docx»", "повреждён"]),
    ("zip-bomb", "приказ.docx",
     lambda: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (30 * 1024 * 1024)}),
     ["«приказ.docx»", "слишком велик"]),
    ("empty", "приказ.txt", lambda: b"", ["«приказ.txt»", "пуст"]),
    ("no-order-no-table", "заметка.txt", lambda: "Просто текст без таблицы.\n".encode(),
     ["«заметка.txt»", "нет ни приказа"]),
    ("missing-activity-column", "карта.xlsx",
     lambda: _xlsx_bytes([["Дорожная карта"], ["№", "Срок", "Ответственный исполнитель"], [1, "октябрь", "КОиН"]]),
     ["«карта.xlsx»", "строка 2", "укажите, какой столбец что содержит"]),
    ("header-not-found", "карта.xlsx", lambda: _xlsx_bytes([["Дата", "Событие"], ["01.09.2022", "Линейка"]]),
     ["«карта.xlsx»", "не найдена строка заголовка"]),
    ("unreadable-start-date", "карта.xlsx",
     lambda: _xlsx_bytes([["Дорожная карта на 2022-2023 учебный год"],
                          ["№", "Мероприятие", "Срок", "Начало срока", "Ответственный исполнитель"],
                          [1, "Семинар", "октябрь", "31.02.2023", "КОиН"]]),
     ["«карта.xlsx»", "строка 3", "столбец D «Начало срока»", "«31.02.2023»"]),
    ("impossible-date-in-deadline", "карта.txt",
     lambda: ("Дорожная карта на 2022-2023 учебный год\n\n№\tМероприятие\tСрок\tОтветственный\n"
              "1.\tСеминар\tдо 31.02.2023\tКОиН\n").encode(),
     ["«карта.txt»", "строка 4", "столбец 3 «Срок»", "«31.02.2023»"]),
    ("impossible-order-date", "приказ.txt",
     lambda: "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\n\nПРИКАЗ\n\nот 32.07.2022 г.\n\n№ 340\n\nОб утверждении\n".encode(),
     ["«приказ.txt»", "строка 5", "«32.07.2022»"]),
    ("item-without-activity", "карта.txt",
     lambda: "Дорожная карта 2022-2023\n\n№\tМероприятие\tСрок\tОтветственный\n1.\t\tоктябрь\tКОиН\n".encode(),
     ["«карта.txt»", "строка 4", "столбец 2 «Мероприятие»"]),
]


@pytest.mark.parametrize(("name", "build", "phrases"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_reader_refuses_with_russian_message(name, build, phrases):
    with pytest.raises(ValidationError) as caught:
        read_document(io.BytesIO(build()), name=name)
    message = " ".join(caught.value.messages)
    for phrase in phrases:
        assert phrase in message


def _nothing_written() -> bool:
    return not (Order.objects.exists() or Roadmap.objects.exists() or RoadmapItem.objects.exists()
                or Official.objects.exists() or Organization.objects.exists())


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build", "phrases"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_command_refuses_and_writes_nothing(tmp_path, name, build, phrases):
    path = tmp_path / name
    path.write_bytes(build())
    with pytest.raises(CommandError) as caught:
        call_command("import_order", str(path), stdout=StringIO(), stderr=StringIO())
    assert phrases[-1] in str(caught.value)
    assert _nothing_written()


@pytest.mark.parametrize(("name", "build", "phrases"), [c[1:] for c in BAD_FILES[:8]],
                         ids=[c[0] for c in BAD_FILES[:8]])
def test_upload_page_refuses_and_writes_nothing(client, world, name, build, phrases):
    client.force_login(world.home.officer)
    before = (Order.objects.count(), RoadmapItem.objects.count(), Official.objects.count())
    job, response = upload(client, reverse("roadmaps:order_import"), {
        "file": SimpleUploadedFile(name, build()), "municipality": world.home.municipality.pk,
    })
    # refused by content at once (400), or by the reader on the worker (the job failed, its page says why)
    assert response.status_code == 400 if job is None else job.state == "failed" and not job.upload
    page = response.content.decode()
    for phrase in phrases:
        assert phrase.replace("«", "&laquo;").replace("»", "&raquo;") in page or phrase in page
    assert before == (Order.objects.count(), RoadmapItem.objects.count(), Official.objects.count())


@pytest.mark.django_db
def test_unknown_roadmap_column_is_a_warning_naming_file_row_and_column():
    data = _xlsx_bytes([["Дорожная карта на 2022-2023 учебный год"], HEADER + ["Бюджет, руб."],
                        [1, "Семинар", "октябрь", "КОиН", 1000]])
    document = read_document(io.BytesIO(data), name="карта.xlsx")
    assert document["warnings"] == [
        "Файл «карта.xlsx», строка 2, столбец E «Бюджет, руб.»: столбец не распознан и не загружается."
    ]


def test_workbook_without_any_data_is_refused():
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ValidationError, match="не найдена строка заголовка"):
        read_document(io.BytesIO(buffer.getvalue()), name="пусто.xlsx")
