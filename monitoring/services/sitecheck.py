"""Automatic website checks: start a run over a campaign's schools, record each result, confirm it."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.concurrency import EditConflict
from schools.selectors import schools_visible_to

from ..events import website_check_checked_automatically, website_check_recorded
from ..models import (
    CriterionScore, SiteCheckJob, SiteCheckRun, WebsiteCampaign, WebsiteCheck, WebsiteCheckEvent, WebsiteCheckFinding,
)
from ..selectors import campaigns_changeable_by
from ..sitecheck import DEFAULT_APPROVED_AFTER, SiteResult

# Criteria of the checklist a finding can fill (code → how it is scored from the main document).
STALE_RUN = timedelta(hours=2)  # a run whose worker died stops blocking a new one after this
URL_MAX = 1000
AUTOMATIC_CRITERIA = ("sveden_document", "link_opens", "updated_version", "e_signature")


def main_kind(campaign: WebsiteCampaign) -> str:
    """Which act the campaign looks for: the current-control act if that is all it names, else the ВСОКО one."""
    names = [f"{k.code} {k.name}".lower() for k in campaign.act_kinds.all()]
    if names and all("текущ" in name or "tek" in name for name in names):
        return "tek_kontrol"
    return "vsoko"


def sitecheck_start(*, user, campaign: WebsiteCampaign, approved_after=None) -> SiteCheckRun:
    """One background task per active school of the campaign that the user may see; enqueued after commit."""
    from ..tasks import check_school_website

    if not campaigns_changeable_by(user).filter(pk=campaign.pk).exists():
        raise PermissionDenied("Нет прав на проверку в этом мониторинге.")
    schools = list(
        schools_visible_to(user)
        .filter(municipality_id=campaign.municipality_id, is_active=True)
        .values_list("pk", flat=True)
    )
    if not schools:
        raise ValidationError("В мониторинге нет школ для проверки.")
    running = SiteCheckJob.objects.filter(
        run__campaign=campaign, state=SiteCheckJob.State.QUEUED, run__started_at__gte=timezone.now() - STALE_RUN
    )
    if running.exists():
        raise ValidationError("Автоматическая проверка этого мониторинга уже идёт: дождитесь её окончания.")
    with transaction.atomic():
        run = SiteCheckRun.objects.create(
            campaign=campaign, started_by=user, approved_after=approved_after or DEFAULT_APPROVED_AFTER
        )
        SiteCheckJob.objects.bulk_create(SiteCheckJob(run=run, school_id=pk) for pk in schools)
        job_ids = list(run.jobs.values_list("pk", flat=True))
        transaction.on_commit(lambda: [check_school_website.enqueue(job_id) for job_id in job_ids])
    return run


def sitecheck_fail(*, job: SiteCheckJob, error: str) -> None:
    SiteCheckJob.objects.filter(pk=job.pk).update(
        state=SiteCheckJob.State.FAILED, error=error, finished_at=timezone.now()
    )


def sitecheck_record(*, job: SiteCheckJob, result: SiteResult) -> WebsiteCheck:
    """Store one automatic result as the school's check (method «автоматически», not yet confirmed), its findings
    on a new history event, and the criteria that a finding maps to. Earlier results stay in the history."""
    run, campaign = job.run, job.run.campaign
    kind = main_kind(campaign)
    document = result.document(kind)
    found = document is not None
    with transaction.atomic():
        check = (
            WebsiteCheck.objects.filter(campaign=campaign, school_id=job.school_id)
            .select_for_update(of=("self",))
            .first()
        )
        if check is None:
            check = WebsiteCheck(campaign=campaign, school_id=job.school_id, version=0)
        check.found = found
        page_url = (document.found_on if document else "") or result.documents_url or result.section_url or ""
        check.page_url = page_url[:URL_MAX]
        check.document_url = (document.url if document else "")[:URL_MAX]
        check.other_urls = "\n".join(d.url for d in result.documents if d is not document)
        check.remarks = "\n".join(p.message for p in result.problems)
        check.method, check.checked_by, check.checked_at = WebsiteCheck.Method.AUTOMATIC, None, timezone.now()
        check.confirmed_by, check.confirmed_at = None, None
        check.version += 1
        check.save()
        event = website_check_checked_automatically(
            check=check, run=run, site_reachable=result.reachable, section_url=(result.section_url or "")[:URL_MAX],
        )
        findings = [
            WebsiteCheckFinding(
                event=event, kind=WebsiteCheckFinding.Kind.DOCUMENT, code=d.kind[:50], message=d.title,
                url=d.url[:URL_MAX], found_on=d.found_on[:URL_MAX], reachable=d.reachable, approved_on=d.approved_on,
                signed=d.signed,
            )
            for d in result.documents
        ] + [
            WebsiteCheckFinding(event=event, kind=WebsiteCheckFinding.Kind.PROBLEM, code=p.code, message=p.message,
                                url=p.url[:URL_MAX])
            for p in result.problems
        ]
        for position, finding in enumerate(findings):
            finding.position = position
        WebsiteCheckFinding.objects.bulk_create(findings)
        _score(check, document, result, run.approved_after)
        SiteCheckJob.objects.filter(pk=job.pk).update(state=SiteCheckJob.State.DONE, finished_at=timezone.now())
    return check


def _score(check: WebsiteCheck, document, result: SiteResult, approved_after) -> None:
    """Fill the criteria a finding maps to; the others are left for the officer (no score row)."""
    values = {}
    if result.reachable:
        on_page = bool(document and document.found_on and (document.found_on.startswith(result.section_url or "\0")))
        values["sveden_document"] = on_page
        values["link_opens"] = bool(document and document.reachable)
        values["updated_version"] = bool(document and document.approved_on and document.approved_on > approved_after)
        if document is None or document.signed is not None:
            values["e_signature"] = bool(document and document.signed)
    criteria = {c.code: c for c in check.campaign.criteria.filter(code__in=AUTOMATIC_CRITERIA)}
    CriterionScore.objects.filter(check_result=check).delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(check_result=check, criterion=criteria[code], score=criteria[code].max_score if ok else 0)
        for code, ok in values.items()
        if code in criteria
    )


def website_check_confirm(*, user, check: WebsiteCheck, expected_version: int) -> WebsiteCheck:
    """The officer accepts an automatic result as it is; recorded who and when."""
    with transaction.atomic():
        if not campaigns_changeable_by(user).filter(pk=check.campaign_id).exists():
            raise PermissionDenied("Нет прав на проверку в этом мониторинге.")
        locked = WebsiteCheck.objects.select_for_update().get(pk=check.pk)
        if locked.version != expected_version:
            raise EditConflict("Результат проверки изменился, пока вы его читали: обновите страницу и повторите.")
        if locked.method != WebsiteCheck.Method.AUTOMATIC:
            raise ValidationError("Подтверждать нужно только автоматический результат.")
        now = timezone.now()
        locked.confirmed_by, locked.confirmed_at, locked.version = user, now, locked.version + 1
        locked.save(update_fields=["confirmed_by", "confirmed_at", "version"])
        website_check_recorded(check=locked, actor=user, kind=WebsiteCheckEvent.Kind.CONFIRMED)
    return locked


def website_check_corrected(*, user, check: WebsiteCheck) -> None:
    """Called when an officer saves the form over an automatic result: the correction counts as confirmation."""
    WebsiteCheck.objects.filter(pk=check.pk).update(confirmed_by=user, confirmed_at=timezone.now())
    website_check_recorded(check=check, actor=user, kind=WebsiteCheckEvent.Kind.CORRECTED)
