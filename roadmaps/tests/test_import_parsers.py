"""The readers on what real documents do: one row per messy case, for text, DOCX and XLSX."""
import io
from datetime import date, datetime

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from roadmaps.importers.reader import read_document
from roadmaps.importers.responsible import clause_responsible, parse_responsible

P, ORG, ALL = "person", "organization", "all_schools"
MOUO = "all_municipalities"  # the municipal education authorities: every municipality (of a regional order)
HEADER = "№ п/п\tМероприятие\tСрок\tОтветственный исполнитель"
ORDER = """Администрация Гурьевского муниципального округа
УПРАВЛЕНИЕ ОБРАЗОВАНИЯ

ПРИКАЗ

от 25.07.2022 г.

№ 340

г. Гурьевск

Об утверждении Дорожной карты
по формированию объективной ВСОКО

В целях совершенствования механизмов управления качеством образования

ПРИКАЗЫВАЮ:

1. Утвердить Дорожную карту (приложение).
2. Контроль за исполнением приказа оставляю за собой.

Начальник
Управления образования

А. В. Синкина

Дорожная карта по формированию объективной ВСОКО в 2022-2023 г.г.
"""


def _read_text(text: str, name: str = "приказ.txt") -> dict:
    return read_document(io.BytesIO(text.encode("utf-8")), name=name)


def _items(document: dict) -> list[tuple[str, str]]:
    return [(i["number"], i["activity"]) for i in document["roadmap"]["items"]]


def _entries(entries: list[dict]) -> list[tuple[str, str, str]]:
    return [(e["kind"], e["name"], e["position"]) for e in entries]


# --- responsible cells ----------------------------------------------------------------------------------

RESPONSIBLE_CASES = [
    ("Павловец О.М., начальник отдела Управления образования, Руглова Н. А., директор МБОУ «Урская СОШ»",
     [(P, "Павловец О.М.", "начальник отдела Управления образования"),
      (P, "Руглова Н. А.", "директор МБОУ «Урская СОШ»")]),
    ("Павловец О.М. начальник отдела Управления образования Руглова Н.А. директор МБОУ «Урская СОШ»",
     [(P, "Павловец О.М.", "начальник отдела Управления образования"),
      (P, "Руглова Н.А.", "директор МБОУ «Урская СОШ»")]),
    ("Н.Е. Байрачный", [(P, "Н.Е. Байрачный", "")]),
    ("директор Руглова Н.А., методист Иванов И. И.",
     [(P, "Руглова Н.А.", "директор"), (P, "Иванов И. И.", "методист")]),
    ("КОиН, МАОУ ДПО ИПК", [(ORG, "КОиН", ""), (ORG, "МАОУ ДПО ИПК", "")]),
    ("КОиН, ОО", [(ORG, "КОиН", ""), (ALL, "ОО", "")]),
    ("Руководители ОО", [(ALL, "Руководители ОО", "")]),
    ("Павловец О.М., начальник отдела Управления образования, руководители ОО",
     [(P, "Павловец О.М.", "начальник отдела Управления образования"), (ALL, "руководители ОО", "")]),
    ("Управление образования, культуры и спорта администрации района, МБОУ «Школа № 1, корпус 2»",
     [(ORG, "Управление образования, культуры и спорта администрации района", ""),
      (ORG, "МБОУ «Школа № 1, корпус 2»", "")]),
    ("Иванов И.И.\nПетров П.П., методист", [(P, "Иванов И.И.", ""), (P, "Петров П.П.", "методист")]),
    ("Управление образования (Павловец О.М.)", [(ORG, "Управление образования", ""), (P, "Павловец О.М.", "")]),
    ("МБОУ «Школа им. А.С. Пушкина»", [(ORG, "МБОУ «Школа им. А.С. Пушкина»", "")]),
    ("руководители общеобразовательных организаций", [(ALL, "руководители общеобразовательных организаций", "")]),
    ("", []),
    # issue 12: several parties in one cell, lower-case continuations, remarks that are not names
    ("Министерство образования Кузбасса, органы местного самоуправления, осуществляющие управление в сфере "
     "образования", [(ORG, "Министерство образования Кузбасса", ""),
                     (MOUO, "органы местного самоуправления, осуществляющие управление в сфере образования", "")]),
    ("Министерство образования, науки и молодежной политики Нижегородской области (далее - МОНиМП НО)",
     [(ORG, "Министерство образования, науки и молодежной политики Нижегородской области", "")]),
    ("Федеральный организатор,\nОрганы исполнительной власти субъектов Российской Федерации, осуществляющие "
     "государственное управление в сфере образования (ОИВ)",
     [(ORG, "Федеральный организатор", ""), (ORG, "Органы исполнительной власти субъектов Российской Федерации, "
                                                  "осуществляющие государственное управление в сфере образования", "")]),
    ("МО НСО,\nпроектный офис национального проекта «Образование»",
     [(ORG, "МО НСО", ""), (ORG, "проектный офис национального проекта «Образование»", "")]),
    ("органы местного самоуправления (по согласованию)", [(MOUO, "органы местного самоуправления", "")]),
    ("Министерство образования, муниципальные органы управления образованием, образовательные организации",
     [(ORG, "Министерство образования", ""), (MOUO, "муниципальные органы управления образованием", ""),
      (ALL, "образовательные организации", "")]),
    ("Управление образования, руководители ОО", [(ORG, "Управление образования", ""), (ALL, "руководители ОО", "")]),
    ("Управление образования администрации района, методический кабинет",
     [(ORG, "Управление образования администрации района", ""), (ORG, "методический кабинет", "")]),
    ("Министерство просвещения, подведомственные организации",
     [(ORG, "Министерство просвещения", ""), (ORG, "подведомственные организации", "")]),
    ("Комитет по образованию, культуре и спорту", [(ORG, "Комитет по образованию, культуре и спорту", "")]),
    ("Управление образования,\nИМЦ", [(ORG, "Управление образования", ""), (ORG, "ИМЦ", "")]),
    ("Т.Ю. Горностаева, руководители МОУО", [(P, "Т.Ю. Горностаева", ""), (MOUO, "руководители МОУО", "")]),
    ("Иванов И.И., методист ИМЦ, специалисты ИМЦ",
     [(P, "Иванов И.И.", "методист ИМЦ"), (ORG, "специалисты ИМЦ", "")]),
]


@pytest.mark.parametrize(("cell", "expected"), RESPONSIBLE_CASES, ids=[c[0][:40] or "пусто" for c in RESPONSIBLE_CASES])
def test_responsible_cell(cell, expected):
    assert _entries(parse_responsible(cell)) == expected


CLAUSE_CASES = [
    ("Отделу ... Управления образования (Павловец О. М.) довести данный приказ до сведения руководителей ОО.",
     [(P, "Павловец О. М.", "")]),
    ("Рекомендовать руководителям общеобразовательных организаций в срок до 01.09.2022 организовать работу.",
     [(ALL, "руководителям общеобразовательных организаций", "")]),
    ("Ответственность за исполнение приказа возложить на Павловец О. М., начальника отдела Управления образования.",
     [(P, "Павловец О. М.", "начальник отдела Управления образования")]),
    ("Контроль за исполнением приказа возложить на заместителя председателя КОиН Круль С.В.",
     [(P, "Круль С.В.", "заместитель председателя КОиН")]),
    ("Контроль за исполнением приказа оставляю за собой.", []),
]


@pytest.mark.parametrize(("text", "expected"), CLAUSE_CASES, ids=[c[0][:30] for c in CLAUSE_CASES])
def test_clause_responsible(text, expected):
    assert _entries(clause_responsible(text)) == expected


# --- plain text -----------------------------------------------------------------------------------------

def test_header_repeated_after_page_break_is_not_an_item():
    document = _read_text(ORDER + f"\n{HEADER}\n1.\tПервое\tАпрель 2023 г.\tУправление образования\n\n"
                          f"{HEADER}\n2.\tВторое\tМай 2023 г.\tУправление образования\n")
    assert _items(document) == [("1", "Первое"), ("2", "Второе")]


@pytest.mark.parametrize("tail", ["\tобъективности результатов\t\t", "объективности результатов"],
                         ids=["tail-in-cells", "tail-without-tabs"])
def test_row_tail_on_a_line_of_its_own_is_joined(tail):
    document = _read_text(ORDER + f"\n{HEADER}\n9.\tВыборочное проведение ВПР с контролем\tапрель 2023 г.\tКОиН\n\n"
                          f"{tail}\n10.\tСопоставление\tсентябрь 2023 г.\tКОиН\n")
    assert _items(document) == [("9", "Выборочное проведение ВПР с контролем объективности результатов"),
                                ("10", "Сопоставление")]


def test_section_rows_are_not_items():
    document = _read_text(ORDER + f"\n{HEADER}\nI. Анализ работы ОО\t\t\t\n1.\tАнализ\tоктябрь 2022 г.\tКОиН\n"
                          "II. Методическая работа\n2.\tСеминар\tноябрь 2022 г.\tКОиН\n")
    items = document["roadmap"]["items"]
    assert _items(document) == [("1", "Анализ"), ("2", "Семинар")]
    assert [i["section"] for i in items] == ["I. Анализ работы ОО", "II. Методическая работа"]


def test_numbers_as_written_without_trailing_dot():
    rows = "\n".join(f"{n}\tМероприятие {n}\tоктябрь 2022 г.\tКОиН" for n in ("1", "2.", "2.1", "2.2.", "3)"))
    assert [n for n, _ in _items(_read_text(ORDER + f"\n{HEADER}\n{rows}\n"))] == ["1", "2", "2.1", "2.2", "3"]


@pytest.mark.parametrize("header", [
    "№\tМероприятие\tСрок\tОтветственный\tРезультаты",
    "№\tМероприятие\tОтветственные исполнители\tСроки\tОтметка об исполнении",
])
def test_results_column_is_not_the_responsible(header):
    columns = header.split("\t")
    values = {"№": "1.", "Мероприятие": "Семинар", "Срок": "ноябрь 2022 г.", "Сроки": "ноябрь 2022 г.",
              "Ответственный": "КОиН", "Ответственные исполнители": "КОиН", "Результаты": "Проведён, 40 участников",
              "Отметка об исполнении": "Исполнено"}
    document = _read_text(ORDER + f"\n{header}\n" + "\t".join(values[c] for c in columns) + "\n")
    item = document["roadmap"]["items"][0]
    assert _entries(item["responsible"]) == [(ORG, "КОиН", "")]
    assert item["deadline"] == {"text": "ноябрь 2022 г.", "start": "2022-11-01", "end": "2022-11-30"}
    assert not any("не распознан" in w for w in document["warnings"])


def test_deadline_without_year_takes_the_roadmaps_academic_year():
    document = _read_text(f"План мероприятий на 2023-2024 учебный год\n\n{HEADER}\n"
                          "1.\tСеминар\tоктябрь\tКОиН\n2.\tСовет\tмай\tКОиН\n")
    assert [i["deadline"] for i in document["roadmap"]["items"]] == [
        {"text": "октябрь", "start": "2023-10-01", "end": "2023-10-31"},
        {"text": "май", "start": "2024-05-01", "end": "2024-05-31"},
    ]
    assert document["roadmap"]["academic_year"] == 2023


def test_deadline_inside_the_activity_text():
    document = _read_text(ORDER + f"\n{HEADER}\n1.\tРазместить положение на сайте (в срок до 10 августа 2023 года)"
                          "\t\tРуководители ОО\n")
    item = document["roadmap"]["items"][0]
    assert item["deadline"] == {"text": "в срок до 10 августа 2023 года", "start": None, "end": "2023-08-10"}
    assert item["warnings"] == ["Срок взят из текста мероприятия: «в срок до 10 августа 2023 года»"]


def test_bare_roadmap_has_no_order():
    document = _read_text(f"Дорожная карта по ВСОКО на 2022–2023 учебный год\n\n{HEADER}\n"
                          "1.\tСеминар\tв течение учебного года\tН.Е. Байрачный\n")
    assert document["order"] is None
    assert document["roadmap"]["title"] == "Дорожная карта по ВСОКО на 2022–2023 учебный год"
    item = document["roadmap"]["items"][0]
    assert item["deadline"] == {"text": "в течение учебного года", "start": "2022-09-01", "end": "2023-08-31"}
    assert _entries(item["responsible"]) == [(P, "Н.Е. Байрачный", "")]


def test_order_requisites_written_other_ways():
    text = ("КОМИТЕТ ОБРАЗОВАНИЯ И НАУКИ\n\nП Р И К А З\n\nот «15» июля 2022 г.\t\t\t№ 800\n\n"
            "Об утверждении Дорожной карты\n"
            "В соответствии с приказом Комитета образования и науки администрации города Новокузнецка "
            "(далее – КОиН) от 17.06.2022 № 736 ПРИКАЗЫВАЮ:\n"
            "1. Утвердить Дорожную карту.\n2. Руководителям ОО:\n- обновить положения;\n- разместить их на сайтах.\n\n"
            "Председатель комитета\t\t\tЮ.А. Соловьева\n\n"
            f"Приложение к приказу КОиН\nот 15.07.2022 № 800\n\nДорожная карта\n\n{HEADER}\n"
            "1.\tСеминар\tв течение учебного года\tКОиН\n")
    document = _read_text(text)
    order = document["order"]
    assert (order["issuer"], order["number"], order["date"]) == ("КОиН", "800", "2022-07-15")
    assert order["title"] == "Об утверждении Дорожной карты"
    assert order["preamble"].endswith("№ 736")
    assert order["citations"] == [{"issuer": "КОиН", "number": "736", "date": "2022-06-17", "title": ""}]
    assert [c["number"] for c in order["clauses"]] == ["1", "2"]
    assert order["clauses"][1]["text"] == "Руководителям ОО:\n- обновить положения;\n- разместить их на сайтах."
    assert (order["signatory"], order["signatory_position"]) == ("Ю.А. Соловьева", "Председатель комитета")
    assert document["roadmap"]["title"] == "Дорожная карта"
    # No years in the roadmap's title: the academic year comes from the order's date (July 2022 -> 2022).
    assert document["roadmap"]["academic_year"] == 2022
    assert document["roadmap"]["items"][0]["deadline"]["end"] == "2023-08-31"


def test_text_after_the_table_is_reported_not_loaded():
    document = _read_text(ORDER + f"\n{HEADER}\n1.\tСеминар\tоктябрь 2022 г.\tКОиН\n\nИсполнитель: Иванов И.И.\n")
    assert _items(document) == [("1", "Семинар")]
    assert any("текст после таблицы не загружается" in w for w in document["warnings"])


def test_windows_1251_text_is_read():
    data = (f"Дорожная карта на 2022-2023 учебный год\n\n{HEADER}\n1.\tСеминар\tоктябрь\tКОиН\n").encode("cp1251")
    assert _items(read_document(io.BytesIO(data), name="карта.txt")) == [("1", "Семинар")]


# --- DOCX -----------------------------------------------------------------------------------------------

def _numbered(cell, num_id: int = 7) -> None:
    """Word's automatic numbering on a cell's paragraph: the number is not in the text."""
    p_pr = cell.paragraphs[0]._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl, num = OxmlElement("w:ilvl"), OxmlElement("w:numId")
    ilvl.set(qn("w:val"), "0")
    num.set(qn("w:val"), str(num_id))
    num_pr.extend([ilvl, num])
    p_pr.append(num_pr)


def _table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_order_and_table_split_over_page_breaks():
    def build(document):
        for line in ORDER.split("\n"):
            document.add_paragraph(line)
        header = HEADER.split("\t")
        first = _table(document, [header, ["I. Организационная работа", "", "", ""],
                                  ["1.", "Совещание", "август 2022 г.", "Павловец О.М., начальник отдела"],
                                  ["2.", "Консультации", "в течение учебного года", ""]])
        first.cell(1, 0).merge(first.cell(1, 3))  # a section row merged across the table
        first.cell(2, 3).merge(first.cell(3, 3))  # one responsible for two items
        document.add_paragraph("Продолжение таблицы")
        _table(document, [["", "и методическое сопровождение", "", ""],
                          ["3.", "Мониторинг сайтов", "ноябрь 2022 г.", "КОиН, ОО"]])
        _table(document, [header, ["4.", "Педсовет", "август 2023 г.", "Управление образования"]])
        signature = document.add_table(rows=1, cols=2)  # the roadmap's author under it: not an item
        signature.cell(0, 0).text, signature.cell(0, 1).text = "Начальник отдела", "О.М. Павловец"

    document = read_document(io.BytesIO(_docx_bytes(build)), name="приказ.docx")
    assert document["order"]["number"] == "340" and len(document["order"]["clauses"]) == 2
    assert document["roadmap"]["title"] == "Дорожная карта по формированию объективной ВСОКО в 2022-2023 г.г."
    items = document["roadmap"]["items"]
    assert _items(document) == [("1", "Совещание"), ("2", "Консультации и методическое сопровождение"),
                                ("3", "Мониторинг сайтов"), ("4", "Педсовет")]
    assert items[0]["section"] == "I. Организационная работа"
    assert _entries(items[1]["responsible"]) == [(P, "Павловец О.М.", "начальник отдела")]
    assert _entries(items[2]["responsible"]) == [(ORG, "КОиН", ""), (ALL, "ОО", "")]
    assert not any("после таблицы" in w for w in document["warnings"])
    assert document["warnings"] == ["Файл «приказ.docx», таблица 4: не похожа на продолжение дорожной карты "
                                    "и не загружается."]


def test_docx_automatic_numbering_is_restored():
    def build(document):
        document.add_paragraph("Дорожная карта на 2022-2023 учебный год")
        table = _table(document, [HEADER.split("\t"), ["", "Совещание", "август 2022 г.", "КОиН"],
                                  ["", "Семинар", "октябрь 2022 г.", "КОиН"]])
        _numbered(table.cell(1, 0))
        _numbered(table.cell(2, 0))

    document = read_document(io.BytesIO(_docx_bytes(build)), name="карта.docx")
    assert document["order"] is None
    assert _items(document) == [("1", "Совещание"), ("2", "Семинар")]


def test_docx_order_without_table_is_an_order_alone():
    def build(document):
        for line in ORDER.split("\n")[:-2]:
            document.add_paragraph(line)

    document = read_document(io.BytesIO(_docx_bytes(build)), name="приказ.docx")
    assert document["roadmap"] is None
    assert document["order"]["signatory"] == "А. В. Синкина"
    assert any("только приказ" in w for w in document["warnings"])


# --- XLSX -----------------------------------------------------------------------------------------------

def _xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_header_found_below_title_rows_with_spreadsheet_values():
    data = _xlsx_bytes([
        ["Дорожная карта по ВСОКО на 2022-2023 учебный год"],
        ["Приложение к приказу от 25.07.2022 № 340"],
        [],
        ["№", "Мероприятие", "Срок", "Начало срока", "Окончание срока", "Ответственный исполнитель", "Статус",
         "Бюджет"],
        [1, "Совещание", datetime(2022, 8, 26), None, None, "КОиН", "Выполнено", 100],
        [2.0, "Курсы", "в течение учебного года", date(2022, 10, 1), "15.12.2022", "МАОУ ДПО ИПК", "", ""],
        [2.1, "Консультации", "по графику", None, None, "Руглова Н.А., директор", "", ""],
    ])
    document = read_document(io.BytesIO(data), name="карта.xlsx")
    assert document["order"] is None
    assert document["roadmap"]["title"] == "Дорожная карта по ВСОКО на 2022-2023 учебный год"
    items = document["roadmap"]["items"]
    assert [i["number"] for i in items] == ["1", "2", "2.1"]
    assert items[0]["deadline"] == {"text": "26.08.2022", "start": "2022-08-26", "end": "2022-08-26"}
    assert items[1]["deadline"] == {"text": "в течение учебного года", "start": "2022-10-01", "end": "2022-12-15"}
    assert _entries(items[2]["responsible"]) == [(P, "Руглова Н.А.", "директор")]
    assert document["warnings"] == [
        "Файл «карта.xlsx», строка 4, столбец H «Бюджет»: столбец не распознан и не загружается."
    ]
