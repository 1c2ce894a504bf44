"""Website-check campaigns and the per-school check records."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.concurrency import EditConflict, bump_version, check_version, lock_row
from roadmaps.models import RoadmapItem
from schools.models import LocalActKind, Municipality, School
from schools.selectors import municipalities_changeable_by

from ..criteria import DEFAULT_CRITERIA
from ..events import website_check_recorded
from ..models import CheckCriterion, CriterionScore, WebsiteCampaign, WebsiteCheck, WebsiteCheckEvent
from ..selectors import campaigns_changeable_by


def campaign_create(
    *,
    user,
    municipality: Municipality,
    title: str,
    period_start: date,
    period_end: date,
    item: RoadmapItem | None = None,
    act_kinds: Iterable[LocalActKind] = (),
) -> WebsiteCampaign:
    """Open a campaign for a municipality; its checklist starts as a copy of the default criteria."""
    if not municipalities_changeable_by(user).filter(pk=municipality.pk).exists():
        raise PermissionDenied("Мониторинг может создать только специалист этого муниципалитета.")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Укажите название мониторинга."})
    if period_start and period_end and period_start > period_end:
        raise ValidationError({"period_end": "Окончание мониторинга раньше его начала."})
    if item is not None and item.roadmap.municipality_id != municipality.pk:
        raise ValidationError({"item": "Мероприятие относится к дорожной карте другого муниципалитета."})
    with transaction.atomic():
        campaign = WebsiteCampaign.objects.create(
            title=title,
            municipality=municipality,
            period_start=period_start,
            period_end=period_end,
            item=item,
            created_by=user,
        )
        campaign.act_kinds.set(act_kinds)
        CheckCriterion.objects.bulk_create(
            CheckCriterion(
                campaign=campaign,
                code=c.code,
                title=c.title,
                short_title=c.short_title,
                description=c.description,
                position=c.position,
                max_score=c.max_score,
            )
            for c in default_criteria()
        )
    return campaign


def default_criteria() -> list[CheckCriterion]:
    """The administrator's default checklist; the built-in one if every default row was deleted."""
    defaults = list(CheckCriterion.objects.filter(campaign__isnull=True).order_by("position", "pk"))
    if defaults:
        return defaults
    return [
        CheckCriterion(code=code, title=title, short_title=short, description=description, position=position)
        for position, (code, title, short, description) in enumerate(DEFAULT_CRITERIA, start=1)
    ]


def website_check_save(
    *,
    campaign: WebsiteCampaign,
    school: School,
    user,
    found: bool,
    scores: dict[int, int],
    page_url: str = "",
    document_url: str = "",
    other_urls: str = "",
    remarks: str = "",
    method: str = WebsiteCheck.Method.MANUAL,
    expected_version: int | None = None,
) -> WebsiteCheck:
    """Record (or correct) one school's result. ``scores`` maps criterion id to score; a missing act scores 0.

    ``expected_version`` is the version the user's form was built from (None for a first check).
    """
    if method not in WebsiteCheck.Method.values:
        raise ValidationError({"method": "Неизвестный способ проверки."})
    if school.municipality_id != campaign.municipality_id or not school.is_active:
        raise ValidationError("Школа не участвует в этом мониторинге.")
    criteria = {c.pk: c for c in campaign.criteria.all()}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise ValidationError("Критерий не относится к этому мониторингу.")
    clean_scores = {}
    for pk, criterion in criteria.items():
        value = scores.get(pk) if found else 0
        value = 0 if value is None else value
        if not 0 <= value <= criterion.max_score:
            raise ValidationError(f"Балл по критерию «{criterion.title}» должен быть от 0 до {criterion.max_score}.")
        clean_scores[pk] = value
    with transaction.atomic():
        if not campaigns_changeable_by(user).filter(pk=campaign.pk).exists():
            raise PermissionDenied("Нет прав на проверку в этом мониторинге.")
        check = lock_row(WebsiteCheck.objects.filter(campaign=campaign, school=school))
        if check is not None:
            check_version(check, expected_version, message=(
                "Пока вы заполняли форму, проверку этой школы сохранил другой пользователь. "
                "Ваши данные не сохранены: проверьте результат и повторите."
            ))
        else:
            if expected_version is not None:
                raise EditConflict("Проверку этой школы удалили, пока вы заполняли форму.")
            check = WebsiteCheck(campaign=campaign, school=school, version=0)
        was_automatic = check.pk is not None and check.method == WebsiteCheck.Method.AUTOMATIC
        check.found = found
        check.page_url, check.document_url = page_url or "", document_url or ""
        check.other_urls = "\n".join(line.strip() for line in (other_urls or "").splitlines() if line.strip())
        check.remarks = (remarks or "").strip()
        check.method, check.checked_by, check.checked_at = method, user, timezone.now()
        bump_version(check)
        try:
            with transaction.atomic():
                check.save()
        except IntegrityError as exc:  # another officer saved the first check of this school a moment ago
            raise EditConflict(
                "Проверку этой школы только что сохранил другой пользователь. "
                "Ваши данные не сохранены: проверьте результат и повторите."
            ) from exc
        CriterionScore.objects.filter(check_result=check).delete()
        CriterionScore.objects.bulk_create(
            CriterionScore(check_result=check, criterion_id=pk, score=value) for pk, value in clean_scores.items()
        )
        if was_automatic:
            from .sitecheck import website_check_corrected

            website_check_corrected(user=user, check=check)
        else:
            website_check_recorded(check=check, actor=user, kind=WebsiteCheckEvent.Kind.MANUAL)
    return check
