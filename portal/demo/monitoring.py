"""Demo data for monitoring, on top of the demo orders, schools and accounts (called at the end of load_demo).

Idempotent: a task is touched only while it is still as school_tasks_sync created it, a campaign is found by its
title, a school's check is written only if the school has none. The plan is deterministic (by school and item
order), so a second run changes nothing.

The demo roadmaps are of 2022–2023, so every due date has passed: «срок не наступил» comes from deadlines an
officer extended for a school (to a few weeks from today), as happens when a school asks for more time.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.clock import local_today
from monitoring.models import SchoolTask, TaskEvent, WebsiteCampaign, WebsiteCheck
from monitoring.selectors import roadmap_tasks_q
from monitoring.services import (
    campaign_create,
    school_task_extend,
    school_task_set_status,
    school_tasks_sync,
    website_check_save,
)
from roadmaps.models import Roadmap, RoadmapItem
from roadmaps.status import Status
from schools.models import LocalActKind, Role, School, UserProfile
from schools.versions import bump

# What happens to a school's task (see _step); every fourth school is diligent and never late.
PLAN = ("on_time", "late", "overdue", "on_time", "not_due", "late", "on_time", "overdue", "on_time", "remark")
EVIDENCE = {
    "on_time": "Положение о ВСОКО в новой редакции утверждено приказом по ОО и размещено на сайте.",
    "late": "Выполнено с задержкой: новая редакция утверждена после срока.",
}
# A school with a demo head account shows the head a bit of everything, a remark first.
HEAD_PLAN = ("remark", "on_time", "late", "not_due", "overdue", "on_time")
REMARK = "В положении о ВСОКО нет раздела об оценке условий реализации ООП; доработайте и разместите новую редакцию."
CAMPAIGNS = (
    # (municipality name part, item number, title, period, act kinds, share of schools checked)
    (
        "Новокузнец",
        "6",
        "Мониторинг сайтов ОО: Положение о ВСОКО, ноябрь 2022",
        (date(2022, 11, 1), date(2022, 11, 30)),
        ["vsoko"],
        0.5,
    ),
    (
        "Новокузнец",
        "7",
        "Мониторинг сайтов ОО: Положение о текущем контроле и промежуточной аттестации, ноябрь 2022",
        (date(2022, 11, 1), date(2022, 11, 30)),
        ["tek_kontrol"],
        0.0,
    ),
    (
        "Гурьев",
        "6",
        "Мониторинг сайтов ОО: Положение о ВСОКО, октябрь 2022",
        (date(2022, 10, 1), date(2022, 10, 31)),
        ["vsoko", "tek_kontrol"],
        1.0,
    ),
)


def load_monitoring_demo() -> dict:
    """Returns what it did, for load_demo to print."""
    school_tasks_sync()
    summary = {"tasks_changed": 0, "checks_written": 0, "campaigns": []}
    for roadmap in Roadmap.objects.select_related("municipality").order_by("pk"):
        summary["tasks_changed"] += _play_tasks(roadmap)
    for name_part, number, title, period, kinds, share in CAMPAIGNS:
        campaign, written = _campaign(name_part, number, title, period, kinds, share)
        if campaign:
            summary["campaigns"].append(campaign.title)
            summary["checks_written"] += written
    return summary


def _head(school: School):
    profile = UserProfile.objects.filter(role=Role.SCHOOL_HEAD, school=school).select_related("user").first()
    return profile.user if profile else None


def _officer(municipality_id: int):
    profile = (
        UserProfile.objects.filter(role=Role.MUNICIPAL, municipality_id=municipality_id)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if profile:
        return profile.user
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _play_tasks(roadmap: Roadmap) -> int:
    officer = _officer(roadmap.municipality_id)
    if officer is None:
        return 0
    today = local_today()
    schools = list(
        School.objects.filter(municipality=roadmap.municipality, is_active=True).order_by("short_name", "pk")
    )
    items = list(roadmap.items.order_by("position", "pk").values_list("pk", flat=True))
    clauses = (
        list(roadmap.order.clauses.order_by("position", "pk").values_list("pk", flat=True)) if roadmap.order_id else []
    )
    index = {("item", pk): i for i, pk in enumerate(items)}
    index.update({("clause", pk): len(items) + i for i, pk in enumerate(clauses)})
    # Every task is ranked, touched or not, so a second run sees the same plan for the untouched ones.
    tasks = (
        SchoolTask.objects.filter(roadmap_tasks_q(roadmap), school__in=schools)
        .annotate(has_events=Exists(TaskEvent.objects.filter(task=OuterRef("pk"))))
        .select_related("item", "clause", "school")
    )
    by_school = {}
    for task in tasks:
        by_school.setdefault(task.school_id, []).append(task)
    changed = 0
    for s_index, school in enumerate(schools):
        head = _head(school)
        actor = head or officer
        for position, task in enumerate(sorted(by_school.get(school.pk, []), key=lambda t: index[_key(t)])):
            if task.has_events or task.version != 1 or task.status != Status.NOT_STARTED:
                continue
            step = HEAD_PLAN[position % len(HEAD_PLAN)] if head else _step(s_index, index[_key(task)])
            with transaction.atomic():
                changed += _apply(step, task, actor=actor, officer=officer, today=today, salt=s_index)
    return changed


def _step(school_index: int, source_index: int) -> str:
    step = PLAN[(school_index * 7 + source_index * 3 + school_index * source_index) % len(PLAN)]
    if school_index % 4 == 0 and step in ("late", "overdue"):
        return "on_time"
    return step


def _key(task: SchoolTask) -> tuple[str, int]:
    return ("item", task.item_id) if task.item_id else ("clause", task.clause_id)


def _apply(step: str, task: SchoolTask, *, actor, officer, today: date, salt: int) -> int:
    due = task.due_date
    if step in ("on_time", "late"):
        if due is None:
            done_on = task.source.deadline_start or today - timedelta(days=30)
        elif step == "on_time":
            done_on = due - timedelta(days=1 + salt % 9)
        else:
            done_on = due + timedelta(days=3 + salt % 17)
        done_on = min(done_on, today)
        _status_on(done_on, 11, task=task, user=actor, status=Status.DONE, comment=EVIDENCE[step], done_on=done_on,
                   evidence_url=_evidence_url(task))
        return 1
    if step == "not_due" and due is not None:
        extended = school_task_extend(
            task=task,
            user=officer,
            due_date=today + timedelta(days=10 + 7 * (salt % 6)),
            expected_version=task.version,
            comment="Срок продлён по ходатайству руководителя ОО.",
        )
        _backdate(extended, due + timedelta(days=2), 9)
        _status_on(due + timedelta(days=3), 15, task=task, user=actor, status=Status.IN_PROGRESS,
                   comment="Новая редакция на согласовании с управляющим советом.")
        return 1
    if step == "remark":
        day = due or today - timedelta(days=30)
        _status_on(day - timedelta(days=6), 14, task=task, user=actor, status=Status.IN_PROGRESS,
                   comment="Проект новой редакции подготовлен.", evidence_url=_evidence_url(task))
        _status_on(day - timedelta(days=2), 10, task=task, user=officer, status=Status.IN_PROGRESS, comment=REMARK)
        return 1
    return 0  # overdue: the school did nothing


def _status_on(day: date, hour: int, *, task: SchoolTask, user, status: str, comment: str, **more) -> None:
    """A status change (a comment, a remark when the status stays) as if made on `day` at `hour`."""
    _backdate(school_task_set_status(task=task, user=user, status=status, expected_version=task.version,
                                     comment=comment, **more), day, hour)


def _backdate(event, day: date, hour: int) -> None:
    """Demo history happened in 2022–2023, not at the moment the demo was loaded."""
    moment = min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())
    type(event).objects.filter(pk=event.pk).update(created_at=moment)
    bump(school_ids=[event.task.school_id])  # QuerySet.update() skips the receivers that raise the version


def _evidence_url(task: SchoolTask) -> str:
    site = (task.school.website or "").rstrip("/")
    return f"{site}/sveden/document" if site else ""


def _campaign(name_part: str, number: str, title: str, period, kinds, share: float):
    item = (
        RoadmapItem.objects.filter(
            Q(roadmap__municipality__name__icontains=name_part)
            | Q(roadmap__municipality__short_name__icontains=name_part),
            number=number,
        )
        .select_related("roadmap__municipality")
        .order_by("-roadmap__academic_year")
        .first()
    )
    if item is None:
        return None, 0
    municipality = item.roadmap.municipality
    officer = _officer(municipality.pk)
    if officer is None:
        return None, 0
    campaign = WebsiteCampaign.objects.filter(municipality=municipality, title=title).first()
    if campaign is None:
        campaign = campaign_create(
            user=officer,
            municipality=municipality,
            title=title,
            period_start=period[0],
            period_end=period[1],
            item=item,
            act_kinds=LocalActKind.objects.filter(code__in=kinds),
        )
    schools = list(School.objects.filter(municipality=municipality, is_active=True).order_by("short_name", "pk"))
    to_check = schools[: round(len(schools) * share)]
    checked = set(campaign.checks.values_list("school_id", flat=True))
    criteria = list(campaign.criteria.order_by("position"))
    written = 0
    for index, school in enumerate(to_check):
        if school.pk in checked:
            continue
        found = index % 5 != 3
        scores = {c.pk: 0 if (found and (index + position) % 4 == 0) else 1 for position, c in enumerate(criteria)}
        site = (school.website or "").rstrip("/")
        missing = [c.short_title for c in criteria if not scores[c.pk]]
        remarks = (
            "Документ не найден в разделе «Документы»."
            if not found
            else (f"Не выполнено: {'; '.join(missing)}." if missing else "")
        )
        when = min(period[0] + timedelta(days=index % max((period[1] - period[0]).days, 1)), local_today())
        with transaction.atomic():  # the check and its demo date commit together, the version raised after both
            website_check_save(
                campaign=campaign,
                school=school,
                user=officer,
                found=found,
                scores=scores,
                page_url=f"{site}/sveden/document" if site else "",
                document_url=f"{site}/upload/polozhenie-vsoko-2022.pdf" if site and found else "",
                remarks=remarks,
            )
            WebsiteCheck.objects.filter(campaign=campaign, school=school).update(
                checked_at=timezone.make_aware(datetime.combine(when, time(10 + index % 7)))
            )
            bump(school_ids=[school.pk])  # QuerySet.update() skips the receivers that raise it
        written += 1
    return campaign, written
