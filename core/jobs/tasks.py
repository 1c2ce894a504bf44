from django_tasks import task


@task()
def run_export_job(job_id: int) -> str:
    from .models import BackgroundJob
    from .services import export_job_run

    job = BackgroundJob.objects.select_related("owner").get(pk=job_id)
    return export_job_run(job=job).state
