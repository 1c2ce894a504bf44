"""«Сравнение отметок с отметками по журналу» as Excel: the page's level, every row (not one page)."""
from core.xlsx import Column, as_of, user_label, write_xlsx

from . import selectors

COLUMNS = [
    Column("Группы участников", 48, "wrap"),
    Column("Кол-во участников", 14, "int"),
    Column("Понизили (Отметка < Отметка по журналу), %", 16, "number"),
    Column("Понизили, чел.", 11, "int"),
    Column("Подтвердили (Отметка = Отметке по журналу), %", 16, "number"),
    Column("Подтвердили, чел.", 11, "int"),
    Column("Повысили (Отметка > Отметка по журналу), %", 16, "number"),
    Column("Повысили, чел.", 11, "int"),
    Column("Без отметки по журналу, чел.", 14, "int"),
]


def _cells(row: selectors.GroupRow, indent: str = "") -> list:
    c = row.counts
    return [indent + row.label, c["compared"], row.lowered_pct, c["lowered"], row.confirmed_pct, c["confirmed"],
            row.raised_pct, c["raised"], c["without"]]


def comparison_rows(level: selectors.Level):
    yield _cells(selectors.level_total(level))
    chunk = []
    for row in selectors.level_children(level).iterator(chunk_size=2000):
        chunk.append(row)
        if len(chunk) == 2000:
            yield from (_cells(r, "   ") for r in selectors.label_rows(level, chunk))
            chunk = []
    yield from (_cells(r, "   ") for r in selectors.label_rows(level, chunk))


def comparison_report_write(*, level: selectors.Level, user, target) -> int:
    trail = " → ".join(label for label, _ in level.trail)
    return write_xlsx(
        target, title=f"Сравнение отметок с отметками по журналу. {level.round.label}",
        subtitle=f"{trail}; для: {user_label(user)}; {as_of()}. Проценты — от участников с обеими отметками.",
        columns=COLUMNS, rows=comparison_rows(level), sheet_title="Сравнение отметок",
    )


def comparison_report_filename(level: selectors.Level) -> str:
    r = level.round
    return f"Сравнение отметок ВПР {r.year} {r.subject} {r.grade} кл.xlsx"
