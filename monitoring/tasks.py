"""Background tasks of the monitoring app (django-tasks; run by `manage.py db_worker` or an RQ worker)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def check_school_website(job_id: int) -> str:
    """Check one school's website for an automatic-check run and store the result as the school's check."""
    from .models import SiteCheckJob
    from .services.sitecheck import sitecheck_fail, sitecheck_record
    from .sitecheck import check_site, portal_fetcher

    job = SiteCheckJob.objects.select_related("school", "run__campaign").get(pk=job_id)
    if not job.school.website:
        sitecheck_fail(job=job, error="У школы не указан адрес сайта.")
        return "failed"
    try:
        with portal_fetcher() as fetcher:
            result = check_site(job.school.website, fetcher=fetcher, approved_after=job.run.approved_after)
        sitecheck_record(job=job, result=result)
    except Exception as error:
        logger.exception("Automatic website check of job %s failed", job_id)
        sitecheck_fail(job=job, error=f"Проверка не выполнена: внутренняя ошибка ({type(error).__name__}).")
        return "failed"
    return "done"
