"""Excel reports of monitoring: the per-school compliance matrix and the results of a website-check campaign.

Both read through the scoping selectors and honour the same filters as their pages.
"""
from datetime import date

from django.core.exceptions import ValidationError

from core import xlsx
from core.xlsx import BLUE, GREEN, GREY, RED, YELLOW, Column, ReportKind
from core.clock import local_today
from roadmaps.models import Roadmap
from roadmaps.selectors import roadmaps_visible_to

from . import selectors
from .models import Compliance, WebsiteCampaign, WebsiteCheck

STATE_FILLS = {
    Compliance.ON_TIME.label: GREEN, Compliance.LATE.label: YELLOW, Compliance.OVERDUE.label: RED,
    Compliance.NOT_DUE.label: BLUE, Compliance.NO_DEADLINE.label: GREY, Compliance.CANCELLED.label: GREY,
}
CHUNK_SIZE = 2000



# --- the compliance matrix --------------------------------------------------------------------


def compliance_report_columns(matrix_columns: list) -> list[Column]:
    """The school, then per task its state and its date (done, or due while not done), then the school's rate."""
    columns = [Column("Школа", 34, "wrap")]
    for column in matrix_columns:
        columns += [Column(f"{column.label}: состояние", 15, fills=STATE_FILLS), Column(f"{column.label}: дата", 11, "date")]
    return columns + [
        Column("В срок, %", 10, "percent", fills=xlsx.rate_fill),
        Column("Просрочено", 11, "int", fills=lambda v: RED if isinstance(v, int) and v > 0 else None),
    ]


def compliance_report_rows(user, *, roadmap: Roadmap, state: str = "", q: str = "", today: date | None = None,
                           chunk_size: int = CHUNK_SIZE):
    for school, cells in selectors.compliance_matrix_rows(user, roadmap=roadmap, state=state, q=q, today=today,
                                                          chunk_size=chunk_size):
        row = [school.short_name]
        for cell in cells:
            if cell is None:
                row += ["—", None]
            else:
                row += [cell.state_label, cell.done_at or cell.due_date]
        row += [school.rate / 100 if school.rate is not None else None, school.n_overdue]
        yield row


def _compliance_filters_label(state: str, q: str) -> str:
    parts = []
    if state in Compliance.values:
        parts.append(f"есть задачи в состоянии «{Compliance(state).label}»")
    if q:
        parts.append(f"школа «{q}»")
    return "; ".join(parts)


def compliance_report_write(*, roadmap: Roadmap, user, target, state: str = "", q: str = "",
                            today: date | None = None) -> int:
    """``roadmap`` must come from a scoped query (roadmaps_visible_to)."""
    today = today or local_today()
    columns = selectors.matrix_columns(roadmap)
    parts = [roadmap.municipality.name, roadmap.academic_year_label, f"состояния {xlsx.as_of()}",
             "дата — выполнения, для невыполненной задачи — срок", f"для: {xlsx.user_label(user)}"]
    if chosen := _compliance_filters_label(state, q):
        parts.append(f"отбор: {chosen}")
    return xlsx.write_xlsx(
        target, title=f"Исполнение сроков школами: {roadmap.title}", subtitle=" · ".join(parts),
        columns=compliance_report_columns(columns),
        rows=compliance_report_rows(user, roadmap=roadmap, state=state, q=q, today=today),
        sheet_title="Исполнение сроков",
    )


def compliance_report_filename(roadmap: Roadmap, today: date | None = None) -> str:
    today = today or local_today()
    return f"Исполнение сроков — {roadmap.municipality.short_name} — {today:%d.%m.%Y}.xlsx"


# --- a whole region (or the country) in one file ---------------------------------------------


def region_report_columns(width: int) -> list[Column]:
    columns = [Column("Муниципалитет", 22), Column("Школа", 34, "wrap")]
    for k in range(1, width + 1):
        columns += [Column(f"Задача {k}: состояние", 15, fills=STATE_FILLS), Column(f"Задача {k}: дата", 11, "date")]
    return columns + [
        Column("В срок, %", 10, "percent", fills=xlsx.rate_fill),
        Column("Просрочено", 11, "int", fills=lambda v: RED if isinstance(v, int) and v > 0 else None),
    ]


def region_report_rows(rows, width: int):
    for row in rows:
        values = [row.municipality, row.school]
        for cell in row.cells:
            if cell is None:
                values += ["—", None]
            else:
                values += [cell.state_label, cell.done_at or cell.due_date]
        values += [row.rate, row.n_overdue]
        yield values


def region_report_write(*, user, target, academic_year: int | None = None, today: date | None = None) -> int:
    """Every school in ``user``'s scope (a region for a regional specialist) in one sheet with autofilter."""
    from .selectors.region import region_academic_years, region_compliance_rows

    today = today or local_today()
    years = region_academic_years(user)
    year = academic_year if academic_year in years else (years[0] if years else today.year)
    width, rows = region_compliance_rows(user, academic_year=year, today=today)
    subtitle = " · ".join([
        f"{year}–{year + 1} учебный год", f"состояния {xlsx.as_of()}",
        "«Задача k» — k-е мероприятие дорожной карты своего муниципалитета, адресованное всем ОО, по порядку "
        "(затем пункты утверждающего приказа)", "дата — выполнения, для невыполненной задачи — срок",
        f"для: {xlsx.user_label(user)}",
    ])
    return xlsx.write_xlsx(
        target, title="Исполнение сроков школами: все муниципалитеты в области видимости", subtitle=subtitle,
        columns=region_report_columns(width), rows=region_report_rows(rows, width), sheet_title="Исполнение сроков",
    )


def region_report_filename(today: date | None = None) -> str:
    today = today or local_today()
    return f"Исполнение сроков — все муниципалитеты — {today:%d.%m.%Y}.xlsx"


# --- website-check campaign results -----------------------------------------------------------

FOUND_LABELS = {True: "найден", False: "не найден", None: "не проверена"}
FOUND_FILLS = {"найден": GREEN, "не найден": RED, "не проверена": GREY}


def _score_fill(max_score: int):
    def fill(value):
        if not isinstance(value, int):
            return None
        return GREEN if value >= max_score else RED if value == 0 else YELLOW

    return fill


def campaign_report_columns(criteria: list) -> list[Column]:
    return [
        Column("Школа", 34, "wrap"), Column("Акт на сайте", 12, fills=FOUND_FILLS),
        Column("Страница раздела", 30, "wrap"), Column("Ссылка на документ", 30, "wrap"),
        Column("Другие ссылки", 30, "wrap"),
        *(Column(f"{c.short_title} (из {c.max_score})", 12, "int", fills=_score_fill(c.max_score)) for c in criteria),
        Column(f"Итого (из {selectors.campaign_max_score(criteria)})", 10, "int"), Column("Замечания", 40, "wrap"),
        Column("Проверил", 20, "wrap"), Column("Проверено", 16, "datetime"), Column("Способ проверки", 14),
    ]


def campaign_report_rows(user, campaign: WebsiteCampaign, criteria: list, *, check_filter: str = "", q: str = "",
                         chunk_size: int = CHUNK_SIZE):
    schools = selectors.campaign_result_schools(user, campaign, check_filter=check_filter, q=q)
    for school in schools.iterator(chunk_size=chunk_size):
        check = school.campaign_checks[0] if school.campaign_checks else None
        scores = [cell["score"] for cell in selectors.score_cells(check, criteria)]
        if check is None:
            yield [school.short_name, FOUND_LABELS[None], *[None] * 3, *scores]
            continue
        checker = (check.checked_by.get_full_name() or check.checked_by.username) if check.checked_by else ""
        yield [
            school.short_name, FOUND_LABELS[check.found], check.page_url, check.document_url,
            "\n".join(check.other_url_list), *scores, check.total_score, check.remarks, checker, check.checked_at,
            WebsiteCheck.Method(check.method).label if check.method in WebsiteCheck.Method.values else check.method,
        ]


def campaign_report_write(*, campaign: WebsiteCampaign, user, target, check_filter: str = "", q: str = "") -> int:
    """``campaign`` must come from a scoped query (campaigns_visible_to)."""
    criteria = selectors.campaign_criteria(campaign)
    parts = [campaign.municipality.name,
             f"{campaign.period_start:%d.%m.%Y} – {campaign.period_end:%d.%m.%Y}", xlsx.as_of(),
             f"для: {xlsx.user_label(user)}"]
    chosen = [selectors.CHECK_FILTERS[check_filter].lower()] if check_filter in selectors.CHECK_FILTERS and check_filter else []
    if q:
        chosen.append(f"школа «{q}»")
    if chosen:
        parts.append("отбор: " + "; ".join(chosen))
    return xlsx.write_xlsx(
        target, title=campaign.title, subtitle=" · ".join(parts), columns=campaign_report_columns(criteria),
        rows=campaign_report_rows(user, campaign, criteria, check_filter=check_filter, q=q),
        sheet_title="Мониторинг сайтов",
    )


def campaign_report_filename(campaign: WebsiteCampaign, today: date | None = None) -> str:
    today = today or local_today()
    return f"Мониторинг сайтов — {campaign.municipality.short_name} — {today:%d.%m.%Y}.xlsx"


# --- kinds for `manage.py export_report` -----------------------------------------------------


def _compliance_arguments(parser) -> None:
    parser.add_argument("--roadmap", type=int, required=True, help="номер (id) дорожной карты")
    parser.add_argument("--state", default="", choices=["", *Compliance.values],
                        help="только школы, у которых есть задачи в этом состоянии")
    parser.add_argument("--q", default="", help="поиск по названию школы")


def _compliance_kind_write(*, user, target, options: dict) -> int:
    roadmap = roadmaps_visible_to(user).filter(pk=options["roadmap"]).first()
    if roadmap is None:
        raise ValidationError(f"Дорожная карта № {options['roadmap']} не найдена или недоступна пользователю.")
    return compliance_report_write(roadmap=roadmap, user=user, target=target, state=options.get("state") or "",
                                   q=(options.get("q") or "").strip())


def _campaign_arguments(parser) -> None:
    parser.add_argument("--campaign", type=int, required=True, help="номер (id) мониторинга сайтов")
    parser.add_argument("--check-filter", default="", choices=list(selectors.CHECK_FILTERS),
                        help="unchecked — не проверены, found — акт найден, not_found — акт не найден")
    parser.add_argument("--q", default="", help="поиск по названию школы")


def _campaign_kind_write(*, user, target, options: dict) -> int:
    campaign = selectors.campaigns_visible_to(user).filter(pk=options["campaign"]).first()
    if campaign is None:
        raise ValidationError(f"Мониторинг № {options['campaign']} не найден или недоступен пользователю.")
    return campaign_report_write(campaign=campaign, user=user, target=target,
                                 check_filter=options.get("check_filter") or "", q=(options.get("q") or "").strip())


xlsx.register_report(ReportKind(
    name="compliance", label="Исполнение сроков школами (матрица)", write=_compliance_kind_write,
    add_arguments=_compliance_arguments, filename=lambda options: f"compliance_{options['roadmap']}.xlsx",
))
xlsx.register_report(ReportKind(
    name="website_checks", label="Результаты мониторинга сайтов", write=_campaign_kind_write,
    add_arguments=_campaign_arguments, filename=lambda options: f"website_checks_{options['campaign']}.xlsx",
))


def _region_arguments(parser) -> None:
    parser.add_argument("--academic-year", type=int, default=None,
                        help="год начала учебного года (по умолчанию — последний)")


def _region_kind_write(*, user, target, options: dict) -> int:
    return region_report_write(user=user, target=target, academic_year=options.get("academic_year"))


xlsx.register_report(ReportKind(
    name="region_compliance", label="Исполнение сроков: все школы области видимости в одном файле",
    write=_region_kind_write, add_arguments=_region_arguments,
    filename=lambda options: "region_compliance.xlsx",
))
