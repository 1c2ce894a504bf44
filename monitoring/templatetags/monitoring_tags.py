from django import template
from django.utils.html import format_html

from core import links

from monitoring.models import Compliance
from monitoring.models.tasks import task_source_label
from monitoring.selectors import STATE_COLOURS
from monitoring.sitecheck.checker import KIND_LABELS

register = template.Library()

@register.filter
def pk_url(pk, name: str) -> str:
    """``{{ school.pk|pk_url:"monitoring:school_cabinet" }}`` — what ``{% url name pk %}`` gives for a URL with one
    ``<int:pk>``, reversed once per name (core.links: a table of a hundred rows reversed each link)."""
    return links.pk_url(name)(pk)


@register.simple_tag
def compliance_badge(state: str):
    if state not in Compliance.values:
        return ""
    return format_html('<span class="badge text-bg-{}">{}</span>', STATE_COLOURS[state], Compliance(state).label)


@register.filter
def percent(value):
    """A rate (float or None) as «87 %» or «—» when nothing is counted yet."""
    if value is None or value == "":  # "" is what the template engine passes for a missing attribute
        return "—"
    return f"{round(value)} %"


@register.filter
def state_count(row, state: str) -> int:
    """``row`` is a compliance_aggregates result (dict or annotated object)."""
    key = f"n_{state}"
    if row is None:
        return 0
    return (row.get(key) if isinstance(row, dict) else getattr(row, key, 0)) or 0


@register.filter
def ru_plural(number, forms: str) -> str:
    """``{{ n|ru_plural:"мониторинг,мониторинга,мониторингов" }}`` → «2 мониторинга»."""
    one, few, many = forms.split(",")
    n = abs(int(number or 0))
    if n % 10 == 1 and n % 100 != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = few
    else:
        word = many
    return f"{number or 0} {word}"


@register.simple_tag
def task_source(row) -> str:
    """The full source of a task, or of a grouped row of tasks (a dict with the ``SOURCE_FIELDS`` keys)."""
    if not isinstance(row, dict):
        return row.source_label
    if row.get("item_id"):
        return task_source_label(
            item_number=row["item__number"], clause_number=None,
            order_number=row.get("item__roadmap__order__number") or "", order_date=row.get("item__roadmap__order__date"),
        )
    return task_source_label(
        item_number=None, clause_number=row.get("clause__number"),
        order_number=row.get("clause__order__number") or "", order_date=row.get("clause__order__date"),
    )




@register.filter
def document_kind_label(code: str) -> str:
    """A found document's kind in Russian (its itemprop name when there is no better one)."""
    return KIND_LABELS.get(code, code)
