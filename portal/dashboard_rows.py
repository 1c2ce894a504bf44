"""The dashboard's repeated rows built once in Python (the page showed ~100 rows through includes and filters;
the template engine's per-variable lookups were most of its time). Each function returns the same markup as the
template it stands for, escaped the same way (format_html / conditional_escape)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.links import pk_url
from core.text import truncate_chars as truncate
from monitoring.templatetags.monitoring_tags import compliance_badge, percent, task_source
from roadmaps.rows import progress_html
from roadmaps.templatetags.roadmap_tags import period, status_badge


def _date(value) -> str:
    return f"{value:%d.%m.%Y}" if value else ""


def item_rows(items, empty_text: str):
    """The body of roadmaps/_item_rows_short.html: an item, its deadline and its status."""
    if not items:
        return format_html('<tr><td colspan="3" class="text-muted">{}</td></tr>', empty_text)
    url = pk_url("roadmaps:item_detail")
    return format_html_join(
        "\n",
        '<tr>\n  <td><a href="{}">{} · п. {}</a>\n    <div class="small-muted">{}</div></td>\n'
        '  <td class="text-nowrap"><span class="deadline-phrase">{}</span><div class="small-muted">{}</div></td>\n'
        "  <td>{}</td>\n</tr>",
        (
            (
                url(item.pk), item.roadmap.owner, item.number, truncate(item.activity, 110), item.deadline_text,
                period(item.deadline_start, item.deadline_end), status_badge(item.status),
            )
            for item in items
        ),
    )


def due_soon_task_rows(rows):
    """The body of portal/_due_soon_tasks.html: per-school tasks due soon grouped by source and municipality."""
    item_url, order_url = pk_url("roadmaps:item_detail"), pk_url("roadmaps:order_detail")
    return format_html_join(
        "\n",
        '<tr>\n  <td><a href="{}">{} · {}</a>\n    <div class="small-muted">{}</div></td>\n'
        '  <td class="text-nowrap">{}</td>\n  <td class="text-end text-nowrap fw-semibold">{} ОО</td>\n</tr>',
        (
            (
                item_url(row["item_id"]) if row["item_id"] else order_url(row["clause__order_id"]),
                row["school__municipality__short_name"], task_source(row),
                truncate(row["item__activity"] if row["item_id"] else row["clause__text"], 110),
                _date(row["due_date"]), row["n_schools"],
            )
            for row in rows
        ),
    )


def worst_school_rows(rows):
    """The rows of the «Школы с наименьшей долей задач в срок» table."""
    if not rows:
        return mark_safe('<tr><td class="text-muted">Нарушений сроков нет.</td></tr>')
    url = pk_url("monitoring:school_cabinet")
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a><div class="small-muted">{}</div></td>\n'
        '  <td class="text-end text-nowrap"><span class="text-danger">просрочено {}</span>{}</td>\n'
        '  <td class="text-end text-nowrap fw-semibold">{}</td></tr>',
        (
            (
                url(row["school_id"]), row["school__short_name"], row["school__municipality__short_name"],
                row["n_overdue"], format_html(" · с опозд. {}", row["n_late"]) if row.get("n_late") else "",
                percent(row.get("rate", "")),
            )
            for row in rows
        ),
    )


def overdue_item_rows(rows):
    """The rows of the «Мероприятия с наибольшим числом просрочивших школ» table."""
    if not rows:
        return mark_safe('<tr><td class="text-muted">Просроченных задач нет.</td></tr>')
    item_url, order_url = pk_url("roadmaps:item_detail"), pk_url("roadmaps:order_detail")
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a> {}\n'
        '  <div class="small-muted">{} · срок: <span class="deadline-phrase">{}</span></div></td>\n'
        '  <td class="text-end text-nowrap text-danger fw-semibold">{} ОО</td></tr>',
        (
            (
                item_url(row["item_id"]) if row.get("item_id") else order_url(row["clause__order_id"]),
                task_source(row),
                truncate(row["item__activity"] if row.get("item_id") else row["clause__text"], 110),
                row.get("school__municipality__short_name", ""),
                row.get("item__deadline_text", "") if row.get("item_id") else row.get("clause__deadline_text", ""),
                row["n_overdue"],
            )
            for row in rows
        ),
    )


def head_task_rows(tasks):
    """The rows of a head's «Что школа должна сделать» table (monitoring.selectors.head_open_tasks)."""
    if not tasks:
        return mark_safe('<tr><td colspan="4" class="text-muted">Все задачи школы выполнены.</td></tr>')
    url = pk_url("monitoring:task_detail")
    remark = mark_safe('\n          <span class="badge text-bg-warning">есть замечание</span>')
    return format_html_join(
        "\n",
        '<tr class="{}">\n'
        '  <td><div class="small-muted">{}</div>{}{}</td>\n'
        '  <td class="text-nowrap">{}<div class="small-muted deadline-phrase">{}</div></td>\n'
        "  <td>{} {}</td>\n"
        '  <td class="text-end"><a class="btn btn-sm btn-primary" href="{}">Отметить</a></td>\n</tr>',
        (
            (
                "row-overdue" if task.compliance == "overdue" else "",
                task.source_label, truncate(task.activity, 170), remark if task.has_remark else "",
                _date(task.due_date) if task.due_date else "без срока", task.deadline_text,
                compliance_badge(task.compliance), status_badge(task.status), url(task.pk),
            )
            for task in tasks
        ),
    )


def roadmap_cards(roadmaps):
    """The «Дорожные карты» cards: owner, year, order and progress of each roadmap shown."""
    if not roadmaps:
        return mark_safe('<p class="text-muted">В вашей области видимости нет дорожных карт.</p>')
    url = pk_url("roadmaps:roadmap_detail")
    return format_html_join(
        "\n",
        '<div class="card mb-3"><div class="card-body">\n'
        '  <a class="fw-semibold" href="{}">{}</a>\n'
        '  <div class="small-muted mb-2">{}{}</div>\n  {}\n</div></div>',
        (
            (
                url(roadmap.pk), roadmap.owner.name, roadmap.academic_year_label,
                format_html(" · приказ от {} № {}", _date(roadmap.order.date), roadmap.order.number)
                if roadmap.order else "",
                progress_html(roadmap.progress),
            )
            for roadmap in roadmaps
        ),
    )
