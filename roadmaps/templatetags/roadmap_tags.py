from django import template
from django.utils.html import format_html

from roadmaps.status import STATUS_BADGES, Status

register = template.Library()


@register.simple_tag
def status_badge(status: str):
    label = Status(status).label if status in Status.values else status
    return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGES.get(status, "secondary"), label)


@register.simple_tag
def period(start, end):
    """«01.09.2022 – 31.08.2023», «до 01.09.2022», «с 01.01.2023» or «—»."""
    if start and end:
        return f"{start:%d.%m.%Y}" if start == end else f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
    if end:
        return f"до {end:%d.%m.%Y}"
    if start:
        return f"с {start:%d.%m.%Y}"
    return "—"
