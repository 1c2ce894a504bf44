"""The roadmap pages' repeated markup built once in Python: the roadmap list's rows, a roadmap's item table, the
progress bar and an «все ОО» item's schools. These pages rendered each row through includes, {% url %} and
filters, which was most of their time. Each function returns the markup the template it replaced gave, escaped the
same way (format_html); roadmaps/tests/test_rows.py holds them against those templates."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.links import pk_url

from .status import Status
from .templatetags.roadmap_tags import period, status_badge


def progress_html(p):
    """A roadmap's progress bar and figures (a selectors.Progress: whole numbers, so nothing to escape)."""
    pct, done, total, in_progress, overdue, due_soon = map(
        int, (p.percent_done, p.done, p.total, p.in_progress, p.overdue, p.due_soon))
    return mark_safe(  # noqa: S308 — numbers only
        f'<div class="progress progress-h-11" role="progressbar" aria-label="Выполнено" aria-valuenow="{pct}" '
        f'aria-valuemin="0" aria-valuemax="100">\n'
        f'  <div class="progress-bar bg-success pct-{pct}">{pct}%</div>\n</div>\n'
        f'<div class="small-muted mt-1">\n  выполнено {done} из {total}'
        + (f" · в работе {in_progress}" if in_progress else "")
        + (f' · <span class="text-danger fw-semibold">просрочено {overdue}</span>' if overdue else "")
        + (f" · срок в ближайшие 30 дней: {due_soon}" if due_soon else "")
        + "\n</div>"
    )


def schools_progress_html(status: str, p):
    """An «все ОО» item's schools (p: a hooks.SchoolsProgress or None): «выполнили N из M ОО», flagged when the item
    is done while schools are overdue (whole numbers: nothing to escape)."""
    if not p:
        return ""
    done, total, overdue = int(p.done), int(p.total), int(p.overdue)
    return mark_safe(  # noqa: S308 — numbers only
        f'<div class="small mt-1 schools-progress" data-done="{done}" data-total="{total}">выполнили {done} из {total} ОО'
        + (f' · <span class="text-danger">просрочили {overdue}</span>' if overdue else "")
        + "</div>\n"
        + ('<div><span class="badge text-bg-danger flag-done-overdue" title="Мероприятие отмечено выполненным, а '
           f'школы не выполнили задачу в срок">выполнено, но {overdue} ОО просрочили</span></div>'
           if status == Status.DONE and overdue else "")
    )


UNRECOGNIZED = mark_safe('<span class="text-danger">срок не распознан</span>')
OVERDUE_BADGE = mark_safe('<div><span class="badge text-bg-danger mt-1">просрочено</span></div>')
ALL_SCHOOLS_BADGE = mark_safe('<div><span class="badge text-bg-info">все ОО</span></div>')
ALL_MUNICIPALITIES_BADGE = mark_safe('<div><span class="badge text-bg-info">все МОУО</span></div>')


def item_rows(items):
    """The rows of a roadmap's item table (items from selectors.roadmap_items through with_schools_progress)."""
    if not items:
        return mark_safe('<tr><td colspan="5" class="text-muted">Нет мероприятий, подходящих под условия.</td></tr>')
    url = pk_url("roadmaps:item_detail")
    return format_html_join(
        "\n",
        '<tr class="{}" data-item="{}">\n  <td>{}.</td>\n'
        '  <td>{}<a href="{}" class="text-body text-decoration-none">{}</a></td>\n'
        '  <td><span class="deadline-phrase">{}</span>{}\n    <div class="small-muted">{}</div></td>\n'
        "  <td>{}{}{}</td>\n  <td>{}{}</td>\n</tr>",
        (
            (
                "row-overdue" if item.is_overdue else "", item.number, item.number,
                format_html('<div class="small-muted">{}</div>', item.section) if item.section else "",
                url(item.pk), item.activity, item.deadline_text,
                format_html(' <span class="badge text-bg-secondary">{}</span>', item.get_deadline_recurrence_display())
                if item.deadline_recurrence else "",
                period(item.deadline_start, item.deadline_end) if item.deadline_recognized else UNRECOGNIZED,
                item.responsible_text or "—",
                mark_safe(ALL_SCHOOLS_BADGE + schools_progress_html(item.status, item.schools))  # noqa: S308
                if item.all_schools else "",
                ALL_MUNICIPALITIES_BADGE if item.all_municipalities else "",
                status_badge(item.status), OVERDUE_BADGE if item.is_overdue else "",
            )
            for item in items
        ),
    )


def roadmap_rows(roadmaps):
    """The rows of the roadmap list (selectors.roadmaps_with_progress): owner, year, approving order, progress."""
    if not roadmaps:
        return mark_safe('<tr><td colspan="4" class="text-muted p-3">В вашей области видимости нет дорожных карт.</td></tr>')
    roadmap_url, order_url = pk_url("roadmaps:roadmap_detail"), pk_url("roadmaps:order_detail")
    return format_html_join(
        "\n",
        '<tr>\n  <td><a href="{}">{}</a></td>\n  <td>{}</td>\n  <td>{}</td>\n  <td>{}</td>\n</tr>',
        (
            (
                roadmap_url(roadmap.pk), roadmap.owner.name, roadmap.academic_year_label,
                format_html('<a href="{}">{} от {} № {}</a>', order_url(roadmap.order.pk), roadmap.order.issuer,
                            f"{roadmap.order.date:%d.%m.%Y}" if roadmap.order.date else "", roadmap.order.number)
                if roadmap.order else "—",
                progress_html(roadmap.progress),
            )
            for roadmap in roadmaps
        ),
    )


def school_rows(tasks):
    """The rows of an «все ОО» item's schools table: each task's ``row_html`` (written by the hook that gives them)."""
    if not tasks:
        return mark_safe('<tr><td colspan="5" class="text-muted">Задач школ по этому мероприятию нет.</td></tr>')
    return mark_safe("\n".join(task.row_html for task in tasks))  # noqa: S308 — each row is escaped where it is written
