"""Excel reports of the roadmap side: a roadmap with statuses, and the municipality summary.

Both read through the scoping selectors, so a report shows what its user may see and nothing more; the
roadmap report honours the same filters as the roadmap page.
"""
from collections import OrderedDict
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery

from core.clock import local_today
from core import xlsx
from core.xlsx import BLUE, GREEN, GREY, RED, YELLOW, Column, ReportKind

from . import selectors
from .models import ItemEvent, Roadmap
from .selectors import ItemFilters
from .status import Status

STATUS_FILLS = {
    Status.DONE.label: GREEN, Status.IN_PROGRESS.label: BLUE, Status.POSTPONED.label: YELLOW,
    Status.CANCELLED.label: GREY,
}
OVERDUE_LABEL = "Просрочено"
ROADMAP_COLUMNS = [
    Column("№", 5), Column("Мероприятие", 55, "wrap"), Column("Срок", 16, "wrap"),
    Column("Начало срока", 11, "date"), Column("Окончание срока", 11, "date"),
    Column("Ответственный исполнитель", 38, "wrap"), Column("Статус", 12, fills=STATUS_FILLS),
    Column("Последнее изменение", 16, "datetime"), Column(OVERDUE_LABEL, 13, fills={"да": RED}),
]


def filters_label(filters: ItemFilters, responsible_choices: list[tuple[str, str]] | None = None) -> str:
    parts = []
    if filters.status in Status.values:
        parts.append(f"статус «{Status(filters.status).label}»")
    if filters.responsible:
        label = dict(responsible_choices or []).get(filters.responsible, filters.responsible)
        parts.append(f"ответственный «{label}»")
    if filters.overdue:
        parts.append("только просроченные")
    if filters.q:
        parts.append(f"поиск «{filters.q}»")
    return "; ".join(parts)


def roadmap_report_rows(roadmap: Roadmap, filters: ItemFilters | None = None, *, today: date | None = None):
    last_event = ItemEvent.objects.filter(item=OuterRef("pk")).order_by("-created_at", "-id").values("created_at")[:1]
    items = selectors.roadmap_items(roadmap, filters, today=today).annotate(last_event=Subquery(last_event))
    section = ""
    for item in items:
        if item.section and item.section != section:
            section = item.section
            yield [section]
        changed = max((m for m in (item.last_event, item.status_changed_at) if m), default=None)
        yield [
            item.number, item.activity, item.deadline_text, item.deadline_start, item.deadline_end,
            item.responsible_text, item.get_status_display(), changed, "да" if item.is_overdue else "",
        ]


def roadmap_report_write(*, roadmap: Roadmap, user, target, filters: ItemFilters | None = None,
                         responsible_choices=None, today: date | None = None) -> int:
    """The signed table plus status, last change and the overdue mark; ``roadmap`` must come from a scoped query."""
    today = today or local_today()
    filters = filters or ItemFilters()
    parts = [roadmap.owner.name, roadmap.academic_year_label]
    if roadmap.order_id:
        parts.append(f"приложение к приказу от {roadmap.order.date:%d.%m.%Y} № {roadmap.order.number}")
    parts.append(f"статусы {xlsx.as_of()}")
    parts.append(f"для: {xlsx.user_label(user)}")
    if chosen := filters_label(filters, responsible_choices):
        parts.append(f"отбор: {chosen}")
    return xlsx.write_xlsx(
        target, title=roadmap.title, subtitle=" · ".join(parts), columns=ROADMAP_COLUMNS,
        rows=roadmap_report_rows(roadmap, filters, today=today), sheet_title="Дорожная карта",
    )


def roadmap_report_filename(roadmap: Roadmap, today: date | None = None) -> str:
    today = today or local_today()
    return f"Дорожная карта — {roadmap.owner} — {today:%d.%m.%Y}.xlsx"


# --- the municipality summary ---------------------------------------------------------------



SUMMARY_COLUMNS = [
    Column("Муниципалитет", 34, "wrap"), Column("Дорожных карт", 11, "int"), Column("Мероприятий", 14, "int"),
    Column("Выполнено", 11, "int"), Column("В работе", 10, "int"), Column("Не начато", 10, "int"),
    Column(OVERDUE_LABEL, 12, "int", fills=lambda v: RED if isinstance(v, int) and v > 0 else None),
    Column("% выполнения", 12, "percent", fills=xlsx.rate_fill),
]


def summary_rows(user, *, academic_year: int | None = None, today: date | None = None):
    roadmaps = selectors.roadmaps_with_progress(user, today=today)
    by_municipality: OrderedDict[str, list] = OrderedDict()
    for roadmap in sorted(roadmaps, key=lambda r: r.owner.name):  # a regional roadmap: its region
        if academic_year and roadmap.academic_year != academic_year:
            continue
        by_municipality.setdefault(roadmap.owner.name, []).append(roadmap)
    rows = [_summary_row(name, group) for name, group in by_municipality.items()]
    if len(rows) > 1:
        rows.append(_summary_row("Итого", [r for group in by_municipality.values() for r in group]))
    return rows


def _summary_row(name: str, roadmaps: list) -> list:
    total = selectors.total_progress(roadmaps)
    countable = total.total - total.cancelled
    return [name, len(roadmaps), total.total, total.done, total.in_progress, total.not_started, total.overdue,
            (total.done / countable) if countable else 0.0]


def summary_report_write(*, user, target, academic_year: int | None = None, today: date | None = None) -> int:
    years = f"{academic_year}–{academic_year + 1} учебный год" if academic_year else "все учебные годы"
    return xlsx.write_xlsx(
        target, title="Исполнение дорожных карт по муниципалитетам",
        subtitle=f"{years} · {xlsx.as_of()} · для: {xlsx.user_label(user)}", columns=SUMMARY_COLUMNS,
        rows=summary_rows(user, academic_year=academic_year, today=today), sheet_title="Сводка",
    )


# --- kinds for `manage.py export_report` -----------------------------------------------------


def _roadmap_arguments(parser) -> None:
    parser.add_argument("--roadmap", type=int, required=True, help="номер (id) дорожной карты")
    parser.add_argument("--status", default="", choices=["", *Status.values], help="только мероприятия с этим статусом")
    parser.add_argument("--overdue", action="store_true", help="только просроченные")
    parser.add_argument("--q", default="", help="поиск по тексту мероприятия и ответственным")


def _roadmap_kind_write(*, user, target, options: dict) -> int:
    roadmap = selectors.roadmaps_visible_to(user).filter(pk=options["roadmap"]).first()
    if roadmap is None:
        raise ValidationError(f"Дорожная карта № {options['roadmap']} не найдена или недоступна пользователю.")
    filters = ItemFilters(status=options.get("status") or "", overdue=bool(options.get("overdue")),
                          q=(options.get("q") or "").strip())
    return roadmap_report_write(roadmap=roadmap, user=user, target=target, filters=filters)


def _summary_arguments(parser) -> None:
    parser.add_argument("--academic-year", type=int, help="год начала учебного года, например 2022")


xlsx.register_report(ReportKind(
    name="roadmap", label="Дорожная карта со статусами исполнения", write=_roadmap_kind_write,
    add_arguments=_roadmap_arguments, filename=lambda options: f"roadmap_{options['roadmap']}.xlsx",
))
xlsx.register_report(ReportKind(
    name="summary", label="Сводка по муниципалитетам",
    write=lambda *, user, target, options: summary_report_write(
        user=user, target=target, academic_year=options.get("academic_year")),
    add_arguments=_summary_arguments, filename=lambda options: "summary.xlsx",
))
