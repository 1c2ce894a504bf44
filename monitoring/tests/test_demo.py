"""load_monitoring_demo: every compliance state, a half-done campaign, and a second run changes nothing."""

from datetime import date

import pytest
from django.utils import timezone

from core.clock import local_today
from portal.demo.monitoring import load_monitoring_demo
from monitoring.models import Compliance, SchoolTask, TaskEvent, WebsiteCampaign, WebsiteCheck
from monitoring.selectors import campaign_progress, tasks_with_compliance
from tests.factories import make_municipality, make_roadmap, make_school, make_user
from schools.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_like(db):
    sides = {}
    for name in ("Гурьевский МО", "Новокузнецкий ГО"):
        municipality = make_municipality(name)
        schools = [make_school(municipality, website=f"https://school{i}.example.ru") for i in range(10)]
        roadmap = make_roadmap(municipality, items=11)
        make_user(f"officer_{len(sides)}", role=Role.MUNICIPAL, municipality=municipality)
        make_user(f"head_{len(sides)}", role=Role.SCHOOL_HEAD, school=schools[0])
        sides[name] = (municipality, roadmap, schools)
    return sides


def _snapshot():
    return (
        TaskEvent.objects.count(),
        WebsiteCheck.objects.count(),
        WebsiteCampaign.objects.count(),
        sorted(SchoolTask.objects.values_list("pk", "status", "due_date", "done_at", "version")),
    )


def test_demo(demo_like):
    summary = load_monitoring_demo()
    assert summary["campaigns"] == [
        "Мониторинг сайтов ОО: Положение о ВСОКО, ноябрь 2022",
        "Мониторинг сайтов ОО: Положение о текущем контроле и промежуточной аттестации, ноябрь 2022",
        "Мониторинг сайтов ОО: Положение о ВСОКО, октябрь 2022",
    ]
    today = local_today()
    for municipality, _roadmap, schools in demo_like.values():
        states = set(
            tasks_with_compliance(SchoolTask.objects.filter(school__municipality=municipality), today).values_list(
                "compliance", flat=True
            )
        )
        assert {Compliance.ON_TIME, Compliance.LATE, Compliance.OVERDUE, Compliance.NOT_DUE} <= states
        head_school = schools[0]  # the school with a demo head account sees a remark to answer
        assert TaskEvent.objects.filter(task__school=head_school, kind=TaskEvent.Kind.REMARK).exists()
    for event in TaskEvent.objects.filter(to_value="done").select_related("task"):
        assert timezone.localtime(event.created_at).date() == event.task.done_at, "history is dated as it happened"
    novokuznetsk = WebsiteCampaign.objects.get(title="Мониторинг сайтов ОО: Положение о ВСОКО, ноябрь 2022")
    assert novokuznetsk.item.number == "6" and novokuznetsk.municipality.short_name == "Новокузнецкий ГО"
    assert campaign_progress(novokuznetsk)["percent"] == 50
    guryevsk = WebsiteCampaign.objects.get(title__endswith="октябрь 2022")
    assert campaign_progress(guryevsk)["percent"] == 100
    assert guryevsk.checks.filter(found=False).exists() and guryevsk.checks.filter(found=True).exists()
    assert all(
        date(2022, 10, 1) <= timezone.localtime(c.checked_at).date() <= date(2022, 10, 31)
        for c in guryevsk.checks.all()
    )

    before = _snapshot()
    again = load_monitoring_demo()
    assert (again["tasks_changed"], again["checks_written"]) == (0, 0)
    assert _snapshot() == before


def test_demo_without_accounts_does_nothing_harmful(db):
    municipality = make_municipality("Гурьевский МО")
    make_school(municipality)
    make_roadmap(municipality, items=6)
    summary = load_monitoring_demo()
    assert summary["tasks_changed"] == 0 and summary["campaigns"] == []
    assert SchoolTask.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_demo_raises_the_version_after_its_own_updates(monkeypatch):
    """The demo backdates checks and events by QuerySet.update(), which raises no data version: it must raise it
    itself, after the update commits — else a page cached between the save's bump and the update shows the check's
    first date until the next write (schools.versions)."""
    import portal.demo.monitoring as demo
    from schools.models import DataVersion

    municipality = make_municipality("Гурьевский МО")
    for i in range(4):
        make_school(municipality, website=f"https://school{i}.example.ru")
    make_roadmap(municipality, items=11)
    make_user("officer", role=Role.MUNICIPAL, municipality=municipality)
    after_save = []
    original = demo.website_check_save

    def save_then_look(**kwargs):
        check = original(**kwargs)
        after_save.append(DataVersion.objects.filter(municipality=municipality).values_list("n", flat=True).first())
        return check

    monkeypatch.setattr(demo, "website_check_save", save_then_look)
    assert load_monitoring_demo()["checks_written"] == 4
    final = DataVersion.objects.get(municipality=municipality).n
    assert len(after_save) == 4 and final > (after_save[-1] or 0)
    checks = WebsiteCheck.objects.filter(campaign__municipality=municipality)
    assert all(check.checked_at.date() < date(2022, 11, 1) for check in checks)  # the demo dates, not today
