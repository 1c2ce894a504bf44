"""Editing a website-check campaign in the portal: title, period, acts sought, and its checklist."""

from datetime import date
from typing import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from schools.models import LocalActKind

from ..models import CheckCriterion, CriterionScore, WebsiteCampaign
from ..selectors import campaigns_changeable_by


def campaign_update(
    *,
    campaign: WebsiteCampaign,
    user,
    title: str,
    period_start: date,
    period_end: date,
    act_kinds: Iterable[LocalActKind],
    criteria: list[dict],
) -> WebsiteCampaign:
    """Save the campaign and its checklist at once, or nothing.

    ``criteria``: dicts with ``id`` (None for a new one), ``title``, ``short_title``, ``description``,
    ``max_score``, ``delete``. A criterion already scored cannot be deleted nor get a maximum below a given score.
    """
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Укажите название мониторинга."})
    if period_start > period_end:
        raise ValidationError({"period_end": "Окончание мониторинга раньше его начала."})
    kept = [c for c in criteria if not c.get("delete")]
    if not kept:
        raise ValidationError("В мониторинге должен остаться хотя бы один критерий.")
    with transaction.atomic():
        locked = campaigns_changeable_by(user).select_for_update().filter(pk=campaign.pk).first()
        if locked is None:
            raise PermissionDenied("Изменить мониторинг может только специалист этого муниципалитета.")
        existing = {c.pk: c for c in CheckCriterion.objects.filter(campaign=locked)}
        highest = dict(
            CriterionScore.objects.filter(criterion__campaign=locked).values("criterion_id")
            .annotate(top=Max("score")).values_list("criterion_id", "top")
        )
        errors = []
        position = 0
        for row in criteria:
            criterion = existing.get(row.get("id")) if row.get("id") else None
            if row.get("id") and criterion is None:
                raise ValidationError("Критерий не относится к этому мониторингу.")
            name = (row.get("title") or "").strip()
            if row.get("delete"):
                if criterion is not None and criterion.pk in highest:
                    errors.append(f"Критерий «{criterion.title}» нельзя удалить: по нему уже выставлены баллы.")
                elif criterion is not None:
                    criterion.delete()
                continue
            if criterion is not None and highest.get(criterion.pk, 0) > row["max_score"]:
                errors.append(f"Критерий «{name}»: уже выставлен балл {highest[criterion.pk]}, "
                              f"максимум не может быть меньше.")
                continue
            position += 1
            if criterion is None:
                criterion = CheckCriterion(campaign=locked, code=_free_code(name, locked))
            criterion.title, criterion.short_title = name, (row.get("short_title") or name)[:60]
            criterion.description, criterion.max_score = row.get("description") or "", row["max_score"]
            criterion.position = position
            criterion.save()
        if errors:
            raise ValidationError(errors)
        locked.title, locked.period_start, locked.period_end = title, period_start, period_end
        locked.save(update_fields=["title", "period_start", "period_end"])
        locked.act_kinds.set(act_kinds)
    return locked


def _free_code(title: str, campaign) -> str:
    base = (slugify(title, allow_unicode=False) or "criterion")[:40]
    taken = set(CheckCriterion.objects.filter(campaign=campaign).values_list("code", flat=True))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code
