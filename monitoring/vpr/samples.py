"""Files laid out as ФИС ОКО and regional dumps lay them out, built from rows: for tests, the demo and the bench.

A pupil is a dict: code, class_number, variant, scores (list; None = «X»), primary, mark, journal (None = empty).
Absent pupils: ``{"absent": True, "code": ...}``.
"""
import csv
import io

from openpyxl import Workbook

DEFAULT_TASKS = [("1", 2), ("2", 2), ("3", 3), ("4", 2), ("5", 2), ("6", 2), ("7", 3), ("8", 2), ("9.1", 1),
                 ("9.2", 1), ("10", 4)]  # 24 points


def fis_rows(*, year: int, subject: str, grade: int, schools: list[dict], tasks=DEFAULT_TASKS,
             messy: bool = True) -> list[list]:
    """«Индивидуальные результаты»: title block, difficulty row, header, a group row per school and its pupils.

    ``schools``: [{"login": "edu203389", "name": "МБОУ «СОШ № 1»", "municipality": "...", "pupils": [...]}]
    """
    max_score = sum(m for _, m in tasks)
    rows: list[list] = [
        [f"ВПР {year} {subject} {grade} класс"],
        [f"Максимальный первичный балл: {max_score}"],
        [f"Дата: 18.04.{year}"],
        [],
        ["Уровень сложности задания", None, None, None, None, None] + ["Б" if i % 3 else "П" for i in range(len(tasks))],
        ["ОО", "Муниципалитет", "Название ОО", "Код участника", "Класс", "Вариант"]
        + [f"{name} ({points}б)" for name, points in tasks] + ["Первичный балл", "Отметка", "Отметка по журналу"],
    ]
    x_values = ["X", "x", "Х", "не пройд."]
    for school in schools:
        present = [p for p in school["pupils"] if not p.get("absent")]
        rows.append([f"{school['name']} ({school['login']})", None, None, f"Кол-во участников: {len(present)}"])
        for n, pupil in enumerate(school["pupils"]):
            if pupil.get("absent"):
                rows.append([school["login"], school.get("municipality", ""), school["name"], pupil["code"],
                             None, "отсутствовал"] + [None] * len(tasks) + [None, None, None])
                continue
            scores = [(x_values[(n + i) % len(x_values)] if messy else "X") if s is None else s
                      for i, s in enumerate(pupil["scores"])]
            journal = pupil["journal"]
            if journal is None and messy and n % 2:
                journal = "нет отметки"
            rows.append([school["login"], school.get("municipality", ""), school["name"], pupil["code"],
                         pupil["class_number"], pupil.get("variant", 1)] + scores
                        + [pupil["primary"], pupil["mark"], journal])
    return rows


def raw_dump_rows(*, schools: list[dict], tasks=DEFAULT_TASKS, as_text: bool = True) -> list[list]:
    """A regional dump: login, number and code, previous-term mark, sex, class, variant, total, tasks; no ВПР mark."""
    header = ["Логин школы", "Номер участника", "Код участника", "Отметка за предыдущую четверть/триместр", "Пол",
              "Класс", "Вариант", "Итого баллов"] + [name for name, _ in tasks]
    rows = [header]
    number = 0
    for school in schools:
        for n, pupil in enumerate(school["pupils"]):
            number += 1
            if pupil.get("absent"):
                rows.append([school["login"], number, pupil["code"], None, "м", None, "отсутствовал", None]
                            + [None] * len(tasks))
                continue
            cells = [school["login"], number, pupil["code"],
                     pupil["journal"] if pupil["journal"] is not None else ("нет отметки" if n % 2 else None),
                     "ж" if n % 2 else "м", pupil["class_number"], pupil.get("variant", 1), pupil["primary"]]
            cells += ["Х" if s is None else s for s in pupil["scores"]]
            if as_text:
                cells = [None if c is None else str(c) for c in cells]
            rows.append(cells)
    return rows


def xlsx_bytes(rows: list[list], sheet: str = "Индивидуальные результаты") -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue().encode(encoding)


def pupil(code, primary, mark, journal, *, class_number=1, variant=1, tasks=DEFAULT_TASKS) -> dict:
    """A pupil whose task scores add up to ``primary`` (filled task by task), the rest «X»."""
    scores, left = [], primary
    for _, points in tasks:
        if left <= 0:
            scores.append(None)
            continue
        take = min(points, left)
        scores.append(take)
        left -= take
    return {"code": str(code), "class_number": class_number, "variant": variant, "scores": scores,
            "primary": primary, "mark": mark, "journal": journal}


def protocol_2022_rows(*, schools: list[dict], tasks=DEFAULT_TASKS) -> list[list]:
    """The 2022 «Протокол»: values prefixed with codes («reg22_m019 …», «edu223379»), class names like «5А»."""
    rows = [["Пользователь", "Код региона", "Регион", "Муниципалитет", "Школа", "Дата загрузки", "Код", "Вариант"]
            + [name for name, _ in tasks]
            + ["Наименование класса", "Пол", "Отметка за предыдущий триместр/ четверть/полугодие", "Итого баллов"]]
    for school in schools:
        for pupil_ in school["pupils"]:
            if pupil_.get("absent"):
                rows.append([school["login"], "42", "Кемеровская область — Кузбасс", "reg42_m019 Новокузнецкий ГО",
                             school["name"], "20.04.2022", pupil_["code"], "отсутствовал"] + [None] * len(tasks)
                            + [None, None, None, None])
                continue
            rows.append([school["login"], "42", "Кемеровская область — Кузбасс", "reg42_m019 Новокузнецкий ГО",
                         school["name"], "20.04.2022", pupil_["code"], str(pupil_.get("variant", 1))]
                        + ["x" if s is None else str(s) for s in pupil_["scores"]]
                        + [f"{pupil_['class_number']}А", "м",
                           "нет отметки" if pupil_["journal"] is None else str(pupil_["journal"]),
                           str(pupil_["primary"])])
    return rows


def latin_2020_rows(*, schools: list[dict], tasks=DEFAULT_TASKS) -> list[list]:
    """The 2020 dump: groups, user, id, code, otc, gender, klass, var-1, var-2, sum, a-1-grade …"""
    rows = [["groups", "user", "id", "code", "otc", "gender", "klass", "var-1", "var-2", "sum"]
            + [f"a-{name.replace('.', '-')}-grade" for name, _ in tasks]]
    number = 0
    for school in schools:
        for pupil_ in school["pupils"]:
            number += 1
            if pupil_.get("absent"):
                rows.append([school["name"], school["login"], number, pupil_["code"], None, None, None, "отсутствовал",
                             None, None] + [None] * len(tasks))
                continue
            rows.append([school["name"], school["login"], number, pupil_["code"],
                         pupil_["journal"], "1", pupil_["class_number"], pupil_.get("variant", 1), None,
                         pupil_["primary"]] + ["Х" if s is None else s for s in pupil_["scores"]])
    return rows


def ods_bytes(rows: list[list], sheet: str = "Индивидуальные результаты") -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), written by hand: no ODS writer is installed."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    def cell(value) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name={quoteattr(sheet[:31])}>{body}</table:table>'
        '</office:spreadsheet></office:body></office:document-content>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
