"""Automatic website checks: progress of the latest run, a check's findings and history."""

from django.db.models import Count, Prefetch, Q

from ..models import SiteCheckJob, SiteCheckRun, WebsiteCampaign, WebsiteCheck, WebsiteCheckEvent, WebsiteCheckFinding

MAX_FAILURES_SHOWN = 20


def sitecheck_progress(campaign: WebsiteCampaign) -> dict | None:
    """The latest run of the campaign: total, done, failed, queued, finished, the first failures. Three queries."""
    run = SiteCheckRun.objects.filter(campaign=campaign).select_related("started_by").first()
    if run is None:
        return None
    counts = run.jobs.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(state=SiteCheckJob.State.DONE)),
        failed=Count("pk", filter=Q(state=SiteCheckJob.State.FAILED)),
    )
    failures = list(
        run.jobs.filter(state=SiteCheckJob.State.FAILED)
        .select_related("school")
        .order_by("school__short_name")[:MAX_FAILURES_SHOWN]
    )
    checked = counts["done"] + counts["failed"]
    return {
        "run": run.pk,
        "started_at": run.started_at,
        "started_by": run.started_by.get_full_name() or run.started_by.username,
        "total": counts["total"],
        "done": counts["done"],
        "failed": counts["failed"],
        "checked": checked,
        "queued": counts["total"] - checked,
        "finished": checked >= counts["total"],
        "percent": round(100 * checked / counts["total"]) if counts["total"] else 100,
        "failures": [{"school": job.school.short_name, "error": job.error} for job in failures],
    }


def check_history(check: WebsiteCheck) -> list[WebsiteCheckEvent]:
    """Every event of a school's check, newest first, with its findings (documents, then problems). Two queries."""
    return list(
        check.events.select_related("actor").prefetch_related(
            Prefetch("findings", queryset=WebsiteCheckFinding.objects.order_by("position"))
        )
    )
