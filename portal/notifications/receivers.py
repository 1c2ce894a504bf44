"""Hooks: the domain apps save their event rows; the bell hears of them here (after the transaction commits)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from monitoring.models import TaskEvent, WebsiteCheck
from schools.models import ActEvent, ReviewState

from .models import Notification
from .services import notify, school_heads


@receiver(post_save, sender=ActEvent, dispatch_uid="notify_act_returned")
def act_returned(sender, instance: ActEvent, created: bool, **kwargs):
    if not created or instance.kind != ActEvent.Kind.REVIEWED or instance.to_state != ReviewState.RETURNED:
        return
    version = instance.version
    act = version.act

    def send():
        notify(
            users=school_heads(act.school_id), kind=Notification.Kind.ACT_RETURNED, key=f"act:{instance.pk}",
            url=reverse("schools:act_version", args=[version.pk]),
            title=f"Акт возвращён на доработку: {act.kind.name}, версия № {version.number}",
            text=instance.comment,
        )

    transaction.on_commit(send)


@receiver(post_save, sender=TaskEvent, dispatch_uid="notify_task_remark")
def task_remark(sender, instance: TaskEvent, created: bool, **kwargs):
    if not created or instance.kind != TaskEvent.Kind.REMARK:
        return
    task_id = instance.task_id

    def send():
        task = (TaskEvent.objects.select_related("task__item__roadmap__order", "task__clause__order")
                .get(pk=instance.pk).task)
        notify(
            users=school_heads(task.school_id), kind=Notification.Kind.REMARK, key=f"remark:{instance.pk}",
            url=reverse("monitoring:task_detail", args=[task_id]),
            title=f"Замечание специалиста: {task.source_label}", text=instance.comment,
        )

    transaction.on_commit(send)


@receiver(post_save, sender=WebsiteCheck, dispatch_uid="notify_check_result")
def check_result(sender, instance: WebsiteCheck, **kwargs):
    check_id = instance.pk

    def send():
        check = WebsiteCheck.objects.select_related("campaign").filter(pk=check_id).first()
        if check is None:
            return
        found = "акт найден" if check.found else "акт не найден"
        notify(
            users=school_heads(check.school_id), kind=Notification.Kind.CHECK,
            key=f"check:{check.pk}:{check.version}", url=reverse("monitoring:cabinet") + "#cabinet-checks",
            title=f"Проверка сайта: {check.campaign.title}", text=f"{found}; {check.remarks}".strip("; "),
        )

    transaction.on_commit(send)
