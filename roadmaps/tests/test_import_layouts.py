"""Issue 12: the layouts other authorities publish, one row per case — header synonyms, the approving act in
an appendix header, deadlines without a year, recurring deadlines, sections, merged XLSX cells, hand-placed
columns. (Several parties in one cell: RESPONSIBLE_CASES in test_import_parsers.py.)"""
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from roadmaps.importers.reader import ColumnsUnplaced, parse_columns, read_document
from roadmaps.importers.columns import header_role

TITLE = "Дорожная карта на 2022-2023 учебный год"


def _text(text: str, name: str = "карта.txt", **kwargs) -> dict:
    return read_document(io.BytesIO(text.encode("utf-8")), name=name, **kwargs)


def _table(header: list[str], *rows: list[str], above: str = TITLE) -> dict:
    lines = [above, ""] if above else []
    lines += ["\t".join(header)] + ["\t".join(row) for row in rows]
    return _text("\n".join(lines) + "\n")


def _row(document: dict, index: int = 0) -> tuple:
    item = document["roadmap"]["items"][index]
    return (item["number"], item["activity"], item["deadline"]["text"],
            [entry["name"] for entry in item["responsible"]])


# --- 1. table headers: one synonyms table -----------------------------------------------------------------

HEADER_ROLES = [
    ("№", "number"), ("№ п/п", "number"), ("N п/п", "number"), ("N N п.п", "number"), ("п/п", "number"),
    ("Мероприятие", "activity"), ("Мероприятия", "activity"), ("Наименование мероприятия", "activity"),
    ("Содержание работы", "activity"), ("Направления деятельности", "activity"),
    ("Наименование основного мероприятия", "activity"), ("Вид работы", "activity"),
    ("Срок", "deadline"), ("Сроки исполнения", "deadline"), ("Срок реализации", "deadline"), ("Дата", "deadline"),
    ("Срок выполнения", "deadline"), ("Срок реализации мероприятия", "deadline"), ("Период", "deadline"),
    ("Ответственный исполнитель", "responsible"), ("Исполнители", "responsible"), ("Ответственные", "responsible"),
    ("Ответственный", "responsible"), ("Ответственные лица", "responsible"), ("Исполнитель", "responsible"),
    ("Наименование органа исполнительной власти, ответственного за реализацию мероприятия", "responsible"),
    ("Координатор программы, участники муниципальной программы", "responsible"),
    ("Начало срока", "start"), ("начала реализации", "start"), ("Дата окончания", "end"),
    ("окончания реализации", "end"), ("завершение", "end"),
    ("Результат", "ignore"), ("Результаты", "ignore"), ("Ожидаемый непосредственный результат", "ignore"),
    ("Форма отчётности", "ignore"), ("Форма представления результата", "ignore"), ("Показатели", "ignore"),
    ("Наименование показателя, единица измерения", "ignore"), ("Отметка об исполнении", "ignore"),
    ("Примечание", "ignore"), ("Источники финансирования", "ignore"), ("Дальнейшее использование результатов", "ignore"),
    ("Бюджет, руб.", None), ("", None),
]


@pytest.mark.parametrize(("header", "role"), HEADER_ROLES, ids=[c[0] or "пусто" for c in HEADER_ROLES])
def test_header_synonym(header, role):
    assert header_role(header) == role


TABLES = [
    # header, row, expected (number, activity, deadline phrase, responsible)
    (["Наименование мероприятия", "Сроки исполнения", "Исполнители"], ["Семинар", "октябрь 2022 г.", "КОиН"],
     ("1", "Семинар", "октябрь 2022 г.", ["КОиН"])),  # no № column: numbered in order
    (["№", "Содержание работы", "Срок реализации", "Ответственные", "Результат"],
     ["1.", "Семинар", "октябрь 2022 г.", "КОиН", "Проведён"], ("1", "Семинар", "октябрь 2022 г.", ["КОиН"])),
    (["N", "Направления деятельности", "Дата", "Ответственный", "Форма отчётности", "Показатели"],
     ["2.", "Совещание", "ноябрь 2022 г.", "КОиН", "Справка", "100%"], ("2", "Совещание", "ноябрь 2022 г.", ["КОиН"])),
    (["Срок", "№", "Мероприятие", "Ответственный исполнитель"], ["май 2023 г.", "3", "Совет", "КОиН"],
     ("3", "Совет", "май 2023 г.", ["КОиН"])),  # the date first
    (["№", "Мероприятие", "Срок"], ["4", "Анализ ВПР", "апрель 2023 г."], ("4", "Анализ ВПР", "апрель 2023 г.", [])),
    (["Мероприятие", "Ответственный"], ["5. Мониторинг сайтов", "КОиН"], ("5", "Мониторинг сайтов", "", ["КОиН"])),
]


@pytest.mark.parametrize(("header", "row", "expected"), TABLES, ids=[" | ".join(c[0]) for c in TABLES])
def test_table_layout(header, row, expected):
    assert _row(_table(header, row)) == expected


def test_missing_responsible_or_deadline_column_is_a_warning_not_a_refusal():
    document = _table(["№", "Мероприятие"], ["1", "Семинар"])
    assert any("нет столбца «Срок»" in w for w in document["warnings"])
    assert any("нет столбца «Ответственный исполнитель»" in w for w in document["warnings"])


# --- 2. the approving act in the appendix header ------------------------------------------------------------

APPENDIX_CASES = [
    ("Приложение № 2\nк приказу министерства образования\nКузбасса\nот 30.12.2021 № 1295",
     ("приказ", "Министерство образования Кузбасса", "1295", "2021-12-30")),
    ("Приложение N 2\nк приказу министерства образования\nи науки Краснодарского края\nот 13 ноября 2015 г. N 5976",
     ("приказ", "Министерство образования и науки Краснодарского края", "5976", "2015-11-13")),
    ("Приложение\nк постановлению администрации\nГурьевского муниципального округа\nот 25.07.2022 № 340-п",
     ("постановление", "Администрация Гурьевского муниципального округа", "340-п", "2022-07-25")),
    ("УТВЕРЖДЕН\nраспоряжением Правительства\nНовосибирской области\nот 02.07.2019 N 241-рп",
     ("распоряжение", "Правительство Новосибирской области", "241-рп", "2019-07-02")),
    ("Приложение 1\nк распоряжению Правительства\nНижегородской области\nот 5 июля 2019 г. N 605-р",
     ("распоряжение", "Правительство Нижегородской области", "605-р", "2019-07-05")),
    ("Приложение к Постановлению от 25.04.2011 г № 453-ПП План", ("постановление", "", "453-ПП", "2011-04-25")),
    ("Постановление Правительства Мурманской области от 31.05.2007 № 263-ПП/9",
     ("постановление", "Правительство Мурманской области", "263-ПП/9", "2007-05-31")),
    ("ПРИЛОЖЕНИЕ N 2\nк комплексу мер\n(в редакции постановления\nот 2 апреля 2013 года N 130-пп)", None),
    ("Приложение 1 к подпрограмме 3 муниципальной программы", None),
    ("УТВЕРЖДЕНО\nприказом Управления образования № 45 от 01.09.2022",
     ("приказ", "Управление образования", "45", "2022-09-01")),
    ("Приложение № 1\nк распоряжению комитета по образованию\nот «30» августа 2023 г. № 12-р",
     ("распоряжение", "Комитет по образованию", "12-р", "2023-08-30")),
]


@pytest.mark.parametrize(("above", "act"), APPENDIX_CASES, ids=[c[0].split("\n")[0][:30] + str(i)
                                                             for i, c in enumerate(APPENDIX_CASES)])
def test_appendix_header_names_the_approving_act(above, act):
    document = _table(["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Семинар", "октябрь", "КОиН"],
                      above=above + "\n\nДорожная карта по ВСОКО")
    order = document["order"]
    assert (None if order is None else (order["kind"], order["issuer"], order["number"], order["date"])) == act
    assert document["roadmap"]["title"] == "Дорожная карта по ВСОКО"


# --- 3. deadlines without a year: the document's own time, never today ------------------------------------------

YEARLESS = [
    # lines above the table, deadline, start, end
    ("Приложение\nк приказу Управления образования\nот 05.10.2022 № 976\n\nПлан мероприятий по подготовке к ГИА "
     "в 2023 году", "октябрь", "2022-10-01", "2022-10-31"),
    ("Приложение\nк приказу Управления образования\nот 05.10.2022 № 976\n\nПлан мероприятий", "май",
     "2023-05-01", "2023-05-31"),
    ("План мероприятий на 2019-2020 учебный год", "декабрь", "2019-12-01", "2019-12-31"),
    ("План мероприятий на 2019-2020 учебный год", "март", "2020-03-01", "2020-03-31"),
    ("Комплекс мер на 2021 - 2023 годы", "сентябрь", "2021-09-01", "2021-09-30"),  # first September of the plan
    ("Комплекс мер на 2021 - 2023 годы", "январь", "2021-01-01", "2021-01-31"),
    ("План мероприятий", "октябрь", None, None),  # nothing in the document says which year: not guessed
]


@pytest.mark.parametrize(("above", "phrase", "start", "end"), YEARLESS, ids=[f"{i}-{c[1]}" for i, c in enumerate(YEARLESS)])
def test_deadline_without_year_from_the_documents_time(above, phrase, start, end):
    document = _table(["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Семинар", phrase, "КОиН"], above=above)
    deadline = document["roadmap"]["items"][0]["deadline"]
    assert (deadline["start"], deadline["end"]) == (start, end)


# --- 4. recurring and open phrases: the plan's period and a recurrence mark -------------------------------------

RECURRING = [
    ("Комплекс мер на 2021 - 2024 годы", "ежемесячно", "2021-01-01", "2024-12-31", "monthly"),
    ("Комплекс мер на 2021 - 2024 годы", "до 25 числа каждого месяца", "2021-01-01", "2024-12-31", "monthly"),
    ("Комплекс мер на 2021 - 2024 годы", "в течение всего периода", "2021-01-01", "2024-12-31", "continuous"),
    ("План мероприятий на 2022-2023 учебный год", "еженедельно", "2022-09-01", "2023-08-31", "weekly"),
    ("План мероприятий на 2022-2023 учебный год", "по графику Рособрнадзора", "2022-09-01", "2023-08-31",
     "schedule"),
    ("План подготовки к 2011/2012 учебному году\n\nПриложение", "ежеквартально", "2011-01-01", "2011-08-31",
     "quarterly"),
    ("Комплекс мер на 2021 - 2024 годы", "2022-2023, ежегодно", "2022-01-01", "2023-12-31", "yearly"),
]


@pytest.mark.parametrize(("above", "phrase", "start", "end", "recurrence"), RECURRING,
                         ids=[f"{i}-{c[1]}" for i, c in enumerate(RECURRING)])
def test_recurring_deadline_spans_the_plan(above, phrase, start, end, recurrence):
    document = _table(["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Сбор сведений", phrase, "КОиН"],
                      above=above)
    deadline = document["roadmap"]["items"][0]["deadline"]
    assert deadline == {"text": phrase, "start": start, "end": end, "recurrence": recurrence}


def test_recurrence_is_kept_by_the_writer(db):
    from roadmaps.importers.writer import order_import
    from tests.factories import make_municipality

    document = _table(["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Сбор сведений", "ежемесячно", "КОиН"])
    roadmap = order_import(data=document, municipality=make_municipality())
    item = roadmap.items.get()
    assert (item.deadline_recurrence, item.get_deadline_recurrence_display()) == ("monthly", "ежемесячно")
    assert (item.deadline_start.isoformat(), item.deadline_end.isoformat()) == ("2022-09-01", "2023-08-31")


# --- 5. sections, numbering restarting per section, sub-items ---------------------------------------------------

SECTIONS = [
    # rows under the header, expected (number, section) per item
    ([["I. Анализ", "", "", ""], ["1.", "Первое", "октябрь", "КОиН"], ["2.", "Второе", "ноябрь", "КОиН"],
      ["II. Методика", "", "", ""], ["1.", "Третье", "декабрь", "КОиН"]],
     [("1", "I. Анализ"), ("2", "I. Анализ"), ("1", "II. Методика")]),
    ([["1.", "Обеспечение основ", "", ""], ["1.1.", "Анализ", "октябрь", "КОиН"], ["1.2.", "Программа", "ноябрь", "КОиН"],
      ["2.", "Оценка качества", "", ""], ["2.1", "Мониторинг", "декабрь", "КОиН"]],
     [("1.1", "1. Обеспечение основ"), ("1.2", "1. Обеспечение основ"), ("2.1", "2. Оценка качества")]),
    ([["Раздел 1. Нормативная база", "", "", ""], ["1.1", "Положение", "октябрь", "КОиН"],
      ["2.3", "План", "ноябрь", "КОиН"]],
     [("1.1", "Раздел 1. Нормативная база"), ("2.3", "Раздел 1. Нормативная база")]),
    ([["1.", "Совещание", "октябрь", "КОиН"], ["2.", "Семинар", "ноябрь", "КОиН"]], [("1", ""), ("2", "")]),
]


@pytest.mark.parametrize(("rows", "expected"), SECTIONS, ids=[f"case-{i}" for i in range(len(SECTIONS))])
def test_sections_and_sub_items(rows, expected):
    document = _table(["№", "Мероприятие", "Срок", "Ответственный"], *rows)
    assert [(i["number"], i.get("section", "")) for i in document["roadmap"]["items"]] == expected


# --- 6. merged cells in XLSX --------------------------------------------------------------------------------------

def _xlsx(rows: list[list], merges: list[str]) -> dict:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return read_document(io.BytesIO(buffer.getvalue()), name="карта.xlsx")


MERGED = [
    # rows (title, header, items), merged ranges, expected (deadline phrase, responsible) per item
    ([[TITLE], ["№", "Мероприятие", "Срок", "Ответственный"], [1, "Первое", "октябрь 2022 г.", "КОиН"],
      [2, "Второе", None, "МАОУ ДПО ИПК"], [3, "Третье", None, "КОиН"]], ["C3:C5"],
     [("октябрь 2022 г.", ["КОиН"]), ("октябрь 2022 г.", ["МАОУ ДПО ИПК"]), ("октябрь 2022 г.", ["КОиН"])]),
    ([[TITLE], ["№", "Мероприятие", "Срок", "Ответственный"], [1, "Первое", "октябрь 2022 г.", "Руководители ОО"],
      [2, "Второе", "ноябрь 2022 г.", None]], ["D3:D4"],
     [("октябрь 2022 г.", ["Руководители ОО"]), ("ноябрь 2022 г.", ["Руководители ОО"])]),
    ([[TITLE], ["№", "Мероприятие", "Срок", None, "Ответственный"], [None, None, "начало", "окончание", None],
      [1, "Первое", "01.10.2022", "31.10.2022", "КОиН"]], ["C2:D2", "A2:A3", "B2:B3", "E2:E3"],
     [("01.10.2022 – 31.10.2022", ["КОиН"])]),
    ([[TITLE], ["№", "Мероприятие", "Срок", "Ответственный"], [1, "Первое", "октябрь 2022 г.", "КОиН"],
      [2, "Второе", "ноябрь 2022 г.", "КОиН"]], [],
     [("октябрь 2022 г.", ["КОиН"]), ("ноябрь 2022 г.", ["КОиН"])]),
]


@pytest.mark.parametrize(("rows", "merges", "expected"), MERGED, ids=[f"case-{i}" for i in range(len(MERGED))])
def test_merged_cells_belong_to_every_row_they_cover(rows, merges, expected):
    document = _xlsx(rows, merges)
    assert [(i["deadline"]["text"], [e["name"] for e in i["responsible"]])
            for i in document["roadmap"]["items"]] == expected


# --- 7. columns placed by hand (--columns, the web mapping step) -------------------------------------------------

UNKNOWN = "Что делаем\tКогда\tКто\nСеминар для директоров\tоктябрь 2022\tКОиН\nМониторинг сайтов\tноябрь 2022\tРуководители ОО\n"


def test_unplaced_headers_ask_which_column_is_which():
    with pytest.raises(ColumnsUnplaced) as caught:
        _text(UNKNOWN)
    assert caught.value.headers == ["Что делаем", "Когда", "Кто"]
    assert caught.value.letters == ["1", "2", "3"]
    assert caught.value.sample[0] == ["Семинар для директоров", "октябрь 2022", "КОиН"]
    assert "укажите, какой столбец что содержит" in caught.value.messages[0]


def test_columns_placed_by_hand_are_read():
    document = _text(UNKNOWN, columns={"activity": 0, "deadline": 1, "responsible": 2})
    assert [_row(document, i) for i in range(2)] == [
        ("1", "Семинар для директоров", "октябрь 2022", ["КОиН"]),
        ("2", "Мониторинг сайтов", "ноябрь 2022", ["Руководители ОО"]),
    ]


COLUMNS = [
    ("activity=2,deadline=3,responsible=4", {"activity": 1, "deadline": 2, "responsible": 3}),
    ("number=A, activity=B, deadline=C", {"number": 0, "activity": 1, "deadline": 2}),
    ("activity=1", {"activity": 0}),
    ("start=3,end=4,activity=2", {"start": 2, "end": 3, "activity": 1}),
    ("deadline=2", "Укажите столбец мероприятия"),
    ("activity=2,deadline=2", "указан дважды"),
    ("activity=0", "нет"),
    ("what=1,activity=2", "Неизвестная роль"),
    ("activity=два", "нужен номер"),
]


@pytest.mark.parametrize(("text", "expected"), COLUMNS, ids=[c[0] for c in COLUMNS])
def test_parse_columns(text, expected):
    if isinstance(expected, dict):
        assert parse_columns(text) == expected
    else:
        with pytest.raises(ValidationError, match=expected):
            parse_columns(text)


WRITE_CASES = [
    # corpus file, approving act written (number) or None when its issuer is not named
    ("krasnodar_gia11_2016.txt", "5976"),
    ("sverdlovsk_2011.txt", None),
    ("tynda_program_2018.xlsx", "6"),
    ("rosobrnadzor_vpr_2023.docx", None),
    ("arkhangelsk_plan_2013.xlsx", None),
]


@pytest.mark.parametrize(("name", "number"), WRITE_CASES, ids=[c[0] for c in WRITE_CASES])
def test_corpus_documents_are_written(db, name, number):
    from pathlib import Path

    from tests.factories import make_municipality
    from roadmaps.importers.writer import order_import

    path = Path(__file__).parent / "corpus" / name
    with path.open("rb") as file:
        document = read_document(file, name=name)
    roadmap = order_import(data=document, municipality=make_municipality())
    assert roadmap.items.count() == len(document["roadmap"]["items"])
    assert (roadmap.order.number if roadmap.order else None) == number


DRAWN = [
    ("| N п/п | Мероприятие | Срок | Ответственный |\n|---|---|---|---|\n| 1. | Семинар | октябрь 2022 г. | КОиН |\n",
     [("1", "Семинар", "октябрь 2022 г.", ["КОиН"])]),
    ("|——|——————|——————|\n| N  | Наименование     | Сроки       |\n|——|——————|——————|\n"
     "| 1. | Анализ действующей | 4 квартал   |\n|    | системы оценки     | 2006 г.     |\n|——|——————|——————|\n",
     [("1", "Анализ действующей системы оценки", "4 квартал 2006 г.", [])]),
    ("┌───┬──────────┬────────┬──────┐\n│ № │ Мероприятие │ Срок │ Исполнитель │\n├───┼──────────┼────────┼──────┤\n"
     "│ 1 │ Совещание │ май 2023 г. │ КОиН │\n└───┴──────────┴────────┴──────┘\n",
     [("1", "Совещание", "май 2023 г.", ["КОиН"])]),
]


@pytest.mark.parametrize(("text", "expected"), DRAWN, ids=["markdown", "fixed-width", "box-drawing"])
def test_table_drawn_with_bars_in_text(text, expected):
    document = _text(f"{TITLE}\n\n{text}")
    assert [_row(document, i) for i in range(len(document["roadmap"]["items"]))] == expected
