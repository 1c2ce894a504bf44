"""The histories of school tasks, municipalities' tasks and website checks: one function per business event.

Nothing else creates a TaskEvent, a MunicipalityTaskEvent or a WebsiteCheckEvent.
"""
from datetime import date

from core.evidence import evidence_attach

from .models import MunicipalityTask, MunicipalityTaskEvent, SchoolTask, TaskEvent, WebsiteCheck, WebsiteCheckEvent


def date_label(value: date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "без срока"


def task_status_recorded(*, task: SchoolTask, author, to_status: str, kind: str, comment: str = "",
                         evidence_file=None, evidence_url: str = "", file_kind=None) -> TaskEvent:
    """A status change, or a comment (the head) / a remark (an officer) when the status stays."""
    event = TaskEvent(task=task, kind=kind, author=author, from_value=task.status, to_value=to_status, comment=comment)
    evidence_attach(event, evidence_file=evidence_file, evidence_url=evidence_url, kind=file_kind)
    event.save()
    return event


def task_deadline_extended(*, task: SchoolTask, author, due_date: date | None, comment: str) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task, kind=TaskEvent.Kind.DEADLINE, author=author,
        from_value=date_label(task.due_date), to_value=date_label(due_date), comment=comment,
    )


def tasks_deadline_followed(*, changes: list[tuple[int, date | None]], due_date: date | None) -> None:
    """The item's (clause's) deadline moved in the roadmap: each task that followed it, with no author."""
    TaskEvent.objects.bulk_create(
        TaskEvent(task_id=pk, kind=TaskEvent.Kind.DEADLINE, from_value=date_label(old), to_value=date_label(due_date),
                  comment="Срок изменён в дорожной карте.")
        for pk, old in changes
    )


def task_late_decided(*, task: SchoolTask, author, due_date: date | None, cancelled_status: str = "",
                      comment: str = "") -> TaskEvent:
    """An officer's decision for a task a school got after its deadline: a due date, or «не применяется»
    (``cancelled_status``: the task is cancelled for this school)."""
    if cancelled_status:
        return TaskEvent.objects.create(
            task=task, kind=TaskEvent.Kind.STATUS, author=author, from_value=task.status, to_value=cancelled_status,
            comment=comment or "Не применяется: школа добавлена после срока исполнения.",
        )
    return TaskEvent.objects.create(
        task=task, kind=TaskEvent.Kind.DEADLINE, author=author, from_value="не выбран", to_value=date_label(due_date),
        comment=comment or "Школа добавлена после срока исполнения: назначен срок для школы.",
    )


def municipality_task_status_recorded(*, task: MunicipalityTask, author, to_status: str, comment: str = "",
                                      evidence_file=None, evidence_url: str = "", file_kind=None
                                      ) -> MunicipalityTaskEvent:
    """A municipality's report on its task: a status change, or a comment when the status stays."""
    kind = MunicipalityTaskEvent.Kind.COMMENT if to_status == task.status else MunicipalityTaskEvent.Kind.STATUS
    event = MunicipalityTaskEvent(task=task, kind=kind, author=author, from_value=task.status, to_value=to_status,
                                  comment=comment)
    evidence_attach(event, evidence_file=evidence_file, evidence_url=evidence_url, kind=file_kind)
    event.save()
    return event


def municipality_tasks_deadline_followed(*, changes: list[tuple[int, date | None]], due_date: date | None) -> None:
    """The regional item's (clause's) deadline moved: each municipality's task that followed it, with no author."""
    MunicipalityTaskEvent.objects.bulk_create(
        MunicipalityTaskEvent(task_id=pk, kind=MunicipalityTaskEvent.Kind.DEADLINE, from_value=date_label(old),
                              to_value=date_label(due_date), comment="Срок изменён в региональном документе.")
        for pk, old in changes
    )


def website_check_checked_automatically(*, check: WebsiteCheck, run, site_reachable, section_url: str
                                        ) -> WebsiteCheckEvent:
    return WebsiteCheckEvent.objects.create(
        check_result=check, kind=WebsiteCheckEvent.Kind.AUTOMATIC, run=run, site_reachable=site_reachable,
        section_url=section_url, found=check.found, remarks=check.remarks,
    )


def website_check_recorded(*, check: WebsiteCheck, actor, kind: str) -> WebsiteCheckEvent:
    """An officer's act on a result: saved by hand, confirmed, or corrected over an automatic one."""
    return WebsiteCheckEvent.objects.create(
        check_result=check, kind=kind, actor=actor, found=check.found, remarks=check.remarks,
    )
