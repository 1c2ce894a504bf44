"""Monitoring pages at scale: 1,000 schools × 20 tasks, timed through Django's test Client as an administrator.

    .venv/bin/python bench/bench_monitoring.py [--schools 1000] [--tasks 20] [--runs 5]

Runs in a throwaway test database (SQLite in memory by default; PostgreSQL when DATABASE_URL says so) and prints,
per page, the median response time and the number of SQL queries.
"""

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from common import built, print_pages, print_timed, scale_args  # noqa: E402 (bench/ is on the path)


def build(schools: int, tasks: int):
    from django.utils import timezone

    from monitoring.models import CriterionScore, SchoolTask, WebsiteCheck
    from monitoring.services import campaign_create, school_tasks_sync
    from tests.factories import add_schools, make_municipality, make_roadmap, make_user
    from roadmaps.models import RoadmapItem
    from roadmaps.status import Status
    from schools.models import Role, School

    municipality = make_municipality("Бенчмарк")
    roadmap = make_roadmap(municipality, items=0)
    RoadmapItem.objects.bulk_create(
        RoadmapItem(
            roadmap=roadmap,
            number=str(i + 1),
            position=i + 1,
            activity=f"Задача ОО № {i + 1}",
            all_schools=True,
            deadline_text="ноябрь 2022 г.",
            deadline_start=date(2022, 11, 1),
            deadline_end=date(2022, 11, 1) + timedelta(days=i * 40),
        )
        for i in range(tasks)
    )
    add_schools(municipality, schools)
    school_tasks_sync(roadmap=roadmap)
    made = list(SchoolTask.objects.filter(school__municipality=municipality).order_by("pk"))
    for index, task in enumerate(made):
        if index % 3 == 0:
            task.status, task.done_at = Status.DONE, task.due_date - timedelta(days=index % 5 - 2)
        elif index % 3 == 1:
            task.status = Status.IN_PROGRESS
    SchoolTask.objects.bulk_update(made, ["status", "done_at"], batch_size=2000)
    admin = make_user("bench_admin", role=Role.ADMIN)
    officer = make_user("bench_officer", role=Role.MUNICIPAL, municipality=municipality)
    campaign = campaign_create(
        user=officer,
        municipality=municipality,
        title="Мониторинг сайтов ОО: Положение о ВСОКО",
        period_start=date(2022, 11, 1),
        period_end=date(2022, 11, 30),
        item=roadmap.items.first(),
    )
    criteria = list(campaign.criteria.all())
    checks = WebsiteCheck.objects.bulk_create(
        WebsiteCheck(campaign=campaign, school=s, found=n % 5 != 0, checked_by=officer, checked_at=timezone.now())
        for n, s in enumerate(School.objects.filter(municipality=municipality)[: schools // 2])
    )
    CriterionScore.objects.bulk_create(
        (CriterionScore(check_result=c, criterion=k, score=(c.pk + k.pk) % 2) for c in checks for k in criteria),
        batch_size=5000,
    )
    return admin, roadmap, campaign


def main() -> None:
    args = scale_args(__doc__, schools=1000, per_school="tasks", default=20)
    with built(build, args.schools, args.tasks, described=f"{args.schools} школ × {args.tasks} задач") as made:
        from django.urls import reverse

        admin, roadmap, campaign = made
        pages = [
            ("Матрица исполнения (стр. 1)", reverse("monitoring:compliance_matrix") + f"?roadmap={roadmap.pk}"),
            ("Матрица, просроченные", reverse("monitoring:compliance_matrix") + f"?roadmap={roadmap.pk}&state=overdue"),
            (
                "Матрица, последняя страница",
                reverse("monitoring:compliance_matrix") + f"?roadmap={roadmap.pk}&page=last",
            ),
            ("Результаты мониторинга сайтов", reverse("monitoring:campaign_detail", args=[campaign.pk])),
            ("Показатели исполнения сроков", reverse("monitoring:compliance_rates")),
            ("Сравнение муниципалитетов", reverse("monitoring:municipalities")),
            ("Обзор (с блоком мониторинга)", reverse("dashboard")),
        ]
        print_pages(admin, pages, args.runs)
        from monitoring.selectors import compliance_matrix_rows

        start = time.perf_counter()
        rows = sum(1 for _ in compliance_matrix_rows(admin, roadmap=roadmap))
        print_timed("Выгрузка матрицы (поток строк)", start, rows, "стр.")


if __name__ == "__main__":
    main()
