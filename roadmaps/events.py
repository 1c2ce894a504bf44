"""The history of roadmap items: one function per business event; nothing else creates an ItemEvent."""
from core.evidence import evidence_attach

from .models import ItemEvent, RoadmapItem


def item_status_recorded(*, item: RoadmapItem, author, to_status: str, comment: str = "",
                         evidence_file=None, evidence_url: str = "", kind=None) -> ItemEvent:
    """A status change (or, when the status stays, a comment with evidence)."""
    event = ItemEvent(
        item=item, author=author, comment=comment, from_value=item.status, to_value=to_status,
        kind=ItemEvent.Kind.STATUS if item.status != to_status else ItemEvent.Kind.COMMENT,
    )
    evidence_attach(event, evidence_file=evidence_file, evidence_url=evidence_url, kind=kind)
    event.save()
    return event


def item_deadline_changed(*, item: RoadmapItem, author, before: str, after: str, comment: str = "") -> ItemEvent:
    return ItemEvent.objects.create(
        item=item, kind=ItemEvent.Kind.DEADLINE, author=author, from_value=before, to_value=after, comment=comment,
    )
