"""Excel downloads of the two overview pages: municipalities side by side, and compliance rates by school.

Both read through the same scoping selectors as their pages (and the chart beside their tables).
"""
from datetime import date

from core.xlsx import GREEN, RED, YELLOW, Column, as_of, user_label, write_xlsx
from core.clock import local_today

from . import selectors

CHUNK_SIZE = 2000


def _rate_fill(value):
    if not isinstance(value, float):
        return None
    return GREEN if value >= 0.8 else YELLOW if value >= 0.5 else RED


def _rate(value):
    return value / 100 if value is not None else None


STATE_COLUMNS = [
    Column("В срок", 10, "int"),
    Column("С опозданием", 12, "int"),
    Column("Просрочено", 11, "int", fills=lambda v: RED if isinstance(v, int) and v > 0 else None),
    Column("Срок не наступил", 12, "int"),
    Column("Без срока", 10, "int"),
    Column("Доля в срок, %", 12, "percent", fills=_rate_fill),
]


def _state_values(row) -> list:
    get = row.get if isinstance(row, dict) else (lambda key, default=None: getattr(row, key, default))
    return [get("n_on_time") or 0, get("n_late") or 0, get("n_overdue") or 0, get("n_not_due") or 0,
            get("n_no_deadline") or 0, _rate(get("rate"))]


def municipalities_report_write(*, user, target, today: date | None = None) -> int:
    today = today or local_today()
    columns = [Column("Муниципалитет", 36, "wrap"), Column("Школ", 8, "int"), Column("Задач", 9, "int"),
               *STATE_COLUMNS, Column("Мониторингов сайтов", 12, "int"), Column("Проверено сайтов", 11, "int"),
               Column("Ожидалось проверок", 11, "int")]

    def rows():
        for m in selectors.municipality_comparison(user, today=today):
            rates = m.rates or {}
            checks = m.checks or {}
            yield [m.name, m.n_schools, rates.get("n_total") or 0, *_state_values(rates),
                   checks.get("campaigns", 0), checks.get("checked", 0), checks.get("expected", 0)]

    return write_xlsx(
        target, title="Муниципалитеты: исполнение сроков и мониторинг сайтов",
        subtitle=f"{as_of()} · для: {user_label(user)}", columns=columns, rows=rows(), sheet_title="Муниципалитеты",
    )


def rates_report_write(*, user, target, municipality=None, today: date | None = None) -> int:
    """Every school in scope (not one page), worst first; ``municipality`` from municipalities_visible_to."""
    today = today or local_today()
    columns = [Column("Школа", 40, "wrap"), Column("Муниципалитет", 24, "wrap"), *STATE_COLUMNS]
    schools = selectors.schools_with_compliance(
        user, municipality_id=municipality.pk if municipality else None, today=today
    )

    def rows():
        for school in schools.iterator(chunk_size=CHUNK_SIZE):
            yield [school.short_name, school.municipality.short_name, *_state_values(school)]

    where = municipality.name if municipality else "все муниципалитеты"
    return write_xlsx(
        target, title=f"Исполнение сроков по школам: {where}",
        subtitle=f"{as_of()} · сначала школы с наименьшей долей в срок · для: {user_label(user)}",
        columns=columns, rows=rows(), sheet_title="Исполнение по школам",
    )
