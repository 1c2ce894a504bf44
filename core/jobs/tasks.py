from django_tasks import task


@task()
def run_export_job(job_id: int) -> str:
    from .models import BackgroundJob
    from .services import export_job_run

    job = BackgroundJob.objects.select_related("owner").get(pk=job_id)
    return export_job_run(job=job).state


@task()
def run_import_parse(job_id: int) -> str:
    """Read an uploaded file for its preview (core.imports)."""
    from core.imports import import_run_parse

    return import_run_parse(job_id)


@task()
def run_import_apply(job_id: int) -> str:
    """Write a confirmed import, all or nothing (core.imports)."""
    from core.imports import import_run_apply

    return import_run_apply(job_id)
