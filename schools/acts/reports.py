"""Excel report of local acts: the register of every school × kind with its latest version and review state.

Reads through ``selectors.acts_register`` (the user's scope and the review queue's filters), page by page,
so memory stays flat at any number of schools.
"""
from datetime import date

from django.core.exceptions import ValidationError

from core.clock import local_today
from core.xlsx import GREEN, GREY, RED, YELLOW, Column, ReportKind, as_of, register_report, user_label, write_xlsx

from ..models import LocalActKind, ReviewState
from ..selectors import schools_visible_to
from . import selectors
from .selectors import MISSING, REGISTER_STATE_CHOICES, RegisterFilters

STATE_LABELS = dict(REGISTER_STATE_CHOICES)
STATE_FILLS = {
    STATE_LABELS[ReviewState.ACCEPTED]: GREEN, STATE_LABELS[ReviewState.PENDING]: YELLOW,
    STATE_LABELS[ReviewState.RETURNED]: RED, STATE_LABELS[MISSING]: GREY,
}
COLUMNS = [
    Column("Муниципалитет", 22, "wrap"), Column("Школа", 30, "wrap"), Column("Вид акта", 40, "wrap"),
    Column("Версия №", 8, "int"), Column("Приказ об утверждении: №", 12), Column("Приказ: дата", 11, "date"),
    Column("Адрес на сайте школы", 34, "wrap"), Column("Загружено", 16, "datetime"),
    Column("Состояние", 16, fills=STATE_FILLS), Column("Проверил", 20, "wrap"), Column("Проверено", 16, "datetime"),
    Column("Замечания", 40, "wrap"),
]
# Schools per page of the register: bounded memory, and a fixed number of queries for any ordinary region.
PAGE_SCHOOLS = 1000


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def acts_report_rows(user, filters: RegisterFilters, *, per_page: int = PAGE_SCHOOLS):
    number, more = 1, True
    while more:
        register = selectors.acts_register(user, filters, page_number=number, per_page=per_page)
        more = register.page.has_next
        for row in register.rows:
            v = row.version
            head = [row.school.municipality.short_name, row.school.short_name, row.kind.name]
            if v is None:
                yield [*head, None, None, None, None, None, row.state_label]
                continue
            yield [*head, v.number, v.approval_number, v.approval_date, v.published_url, v.uploaded_at,
                   row.state_label, _person(v.reviewer), v.reviewed_at, v.remarks]
        number += 1


def filters_label(filters: RegisterFilters, *, kind_name: str = "", school_name: str = "") -> str:
    parts = []
    if filters.state:
        parts.append(f"состояние «{STATE_LABELS.get(filters.state, filters.state)}»")
    if filters.kind_id:
        parts.append(f"вид акта «{kind_name or filters.kind_id}»")
    if filters.school_id:
        parts.append(f"школа «{school_name or filters.school_id}»")
    return "; ".join(parts)


def acts_report_write(*, user, target, filters: RegisterFilters | None = None, kind_name: str = "",
                      school_name: str = "") -> int:
    filters = filters or RegisterFilters()
    parts = [f"последние версии актов {as_of()}", f"для: {user_label(user)}"]
    if chosen := filters_label(filters, kind_name=kind_name, school_name=school_name):
        parts.append(f"отбор: {chosen}")
    return write_xlsx(
        target, title="Реестр локальных актов школ и их проверки", subtitle=" · ".join(parts), columns=COLUMNS,
        rows=acts_report_rows(user, filters), sheet_title="Локальные акты",
    )


def acts_report_filename(today: date | None = None) -> str:
    return f"Локальные акты — {(today or local_today()):%d.%m.%Y}.xlsx"


# --- the kind for `manage.py export_report` --------------------------------------------------


def _arguments(parser) -> None:
    parser.add_argument("--state", default="", choices=["", *STATE_LABELS],
                        help="pending — на проверке, accepted — принят, returned — возвращён, missing — не загружен")
    # Not --kind: that name is the command's own (the report kind).
    parser.add_argument("--act-kind", default="", help="код вида акта, например vsoko")
    parser.add_argument("--school", type=int, help="номер (id) школы")


def _kind_write(*, user, target, options: dict) -> int:
    kind = school = None
    if options.get("act_kind"):
        kind = selectors.act_kinds_for_upload().filter(code=options["act_kind"]).first()
        if kind is None:
            codes = ", ".join(LocalActKind.objects.filter(is_active=True).values_list("code", flat=True))
            raise ValidationError(f"Вид акта «{options['act_kind']}» не найден; есть: {codes}.")
    if options.get("school"):
        school = schools_visible_to(user).filter(pk=options["school"]).first()
        if school is None:
            raise ValidationError(f"Школа № {options['school']} не найдена или недоступна пользователю.")
    filters = RegisterFilters(state=options.get("state") or "", kind_id=kind.pk if kind else None,
                              school_id=school.pk if school else None)
    return acts_report_write(user=user, target=target, filters=filters, kind_name=kind.name if kind else "",
                             school_name=school.short_name if school else "")


register_report(ReportKind(
    name="acts", label="Реестр локальных актов и их проверки", write=_kind_write, add_arguments=_arguments,
    filename=lambda options: "acts.xlsx",
))
