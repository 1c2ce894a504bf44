"""«Проверить сайты автоматически»: one task per school (in scope), results as checks with findings, progress,
confirmation, history. Tasks go through the database backend and are run by django-tasks-db's worker code."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from monitoring.models import SiteCheckJob, WebsiteCheck, WebsiteCheckEvent, WebsiteCheckFinding
from monitoring.services import campaign_create, sitecheck_start
from monitoring.sitecheck.tests.worker import run_queued_tasks
from tests.factories import make_school


@pytest.fixture
def campaign(corpus_world, corpus):
    world = corpus_world
    home = world.home
    home.dead_school = make_school(home.municipality, website=corpus["private_redirect"].url)
    home.no_site_school = make_school(home.municipality, website="")
    world.away.school.website = corpus["standard"].url
    world.away.school.save()
    return campaign_create(user=home.officer, municipality=home.municipality, title="Мониторинг сайтов: ВСОКО",
                           period_start=date(2022, 11, 1), period_end=date(2022, 11, 30))


def start(world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = sitecheck_start(user=world.home.officer, campaign=campaign)
    return run


def scores(check):
    return {s.criterion.code: s.score for s in check.scores.select_related("criterion")}


def test_one_task_per_school_of_the_campaign_and_results_stored(world, campaign, django_capture_on_commit_callbacks):
    run = start(world, campaign, django_capture_on_commit_callbacks)
    home_schools = {world.home.school.pk, world.home.other_school.pk, world.home.dead_school.pk,
                    world.home.no_site_school.pk}
    assert set(run.jobs.values_list("school_id", flat=True)) == home_schools  # not the other municipality's
    assert DBTaskResult.objects.ready().count() == 4
    assert run_queued_tasks() == 4

    standard = WebsiteCheck.objects.get(campaign=campaign, school=world.home.school)
    assert standard.method == WebsiteCheck.Method.AUTOMATIC and standard.found
    assert standard.document_url.endswith("/files/vsoko.pdf")
    assert standard.page_url.endswith("/sveden/document/")
    assert standard.checked_by is None and standard.confirmed_at is None
    assert scores(standard) == {"sveden_document": 1, "link_opens": 1, "updated_version": 1, "e_signature": 1}
    event = standard.events.get()
    assert event.kind == "automatic" and event.run == run
    documents = {f.code: f for f in event.findings.filter(kind="document")}
    assert documents["vsoko"].approved_on == date(2022, 8, 30) and documents["vsoko"].signed is True
    assert all(f.url.startswith("http://127.0.0.1:") for f in event.findings.all())

    old = WebsiteCheck.objects.get(campaign=campaign, school=world.home.other_school)
    assert scores(old) == {"sveden_document": 1, "link_opens": 1, "updated_version": 0, "e_signature": 0}
    assert "30.08.2021" in old.remarks

    dead = WebsiteCheck.objects.get(campaign=campaign, school=world.home.dead_school)
    assert not dead.found
    assert dead.events.get().site_reachable is False
    assert "Сайт недоступен" in dead.remarks
    assert set(scores(dead)) == set()  # an unreachable site is not a violation: nothing scored

    failed = SiteCheckJob.objects.get(run=run, school=world.home.no_site_school)
    assert failed.state == "failed" and "не указан адрес сайта" in failed.error
    assert SiteCheckJob.objects.filter(run=run, state="done").count() == 3


def test_recheck_keeps_the_earlier_result_in_history(world, campaign, django_capture_on_commit_callbacks):
    start(world, campaign, django_capture_on_commit_callbacks)
    run_queued_tasks()
    check = WebsiteCheck.objects.get(campaign=campaign, school=world.home.school)
    first_findings = set(WebsiteCheckFinding.objects.filter(event__check_result=check).values_list("pk", flat=True))
    start(world, campaign, django_capture_on_commit_callbacks)
    run_queued_tasks()
    events = list(check.events.filter(kind="automatic"))
    assert len(events) == 2 and events[0].run_id != events[1].run_id
    assert first_findings <= set(WebsiteCheckFinding.objects.filter(event__check_result=check).values_list("pk", flat=True))
    check.refresh_from_db()
    assert check.version == 2


def test_progress_json(client, world, campaign, django_capture_on_commit_callbacks):
    client.force_login(world.home.officer)
    url = reverse("monitoring:sitecheck_progress", args=[campaign.pk])
    assert client.get(url).json() == {"run": None}
    start(world, campaign, django_capture_on_commit_callbacks)
    data = client.get(url).json()
    assert (data["total"], data["checked"], data["finished"]) == (4, 0, False)
    run_queued_tasks()
    data = client.get(url).json()
    assert (data["total"], data["done"], data["failed"], data["finished"]) == (4, 3, 1, True)
    assert data["failures"][0]["error"] == "У школы не указан адрес сайта."
    # the campaign card: four schools in the municipality, three checks stored, two acts found
    assert data["campaign"] == {"checked": 3, "total": 4, "found": 2, "not_found": 1, "percent": 75}
    # the «Критерии» card moves with it, without reloading: what the page counts, criterion by criterion
    from monitoring.selectors import criterion_totals

    totals = criterion_totals(campaign)
    assert data["criteria"] == {str(pk): row["full"] for pk, row in totals.items()} and any(data["criteria"].values())
    html = client.get(reverse("monitoring:campaign_detail", args=[campaign.pk])).content.decode()
    card = html.split('id="campaign-criteria"')[1].split("</ol>")[0]
    for pk, full in data["criteria"].items():
        assert f'<strong data-criterion="{pk}">{full}</strong> из <span data-campaign="checked">3</span>' in card


@pytest.mark.parametrize("role", ["away_officer", "school_head", "regional"])
def test_others_cannot_start_see_progress_or_confirm(client, world, campaign, role, django_capture_on_commit_callbacks):
    start(world, campaign, django_capture_on_commit_callbacks)
    run_queued_tasks()
    user = {"away_officer": world.away.officer, "school_head": world.home.head, "regional": world.regional}[role]
    client.force_login(user)
    start_response = client.post(reverse("monitoring:sitecheck_run", args=[campaign.pk]))
    assert start_response.status_code in (403, 404)
    assert SiteCheckJob.objects.filter(run__campaign=campaign).count() == 4
    progress = client.get(reverse("monitoring:sitecheck_progress", args=[campaign.pk]))
    if role == "regional":
        assert progress.status_code == 200  # a regional specialist reads every municipality, changes nothing
    else:
        assert progress.status_code == 404
    check = WebsiteCheck.objects.get(campaign=campaign, school=world.home.school)
    confirm = client.post(reverse("monitoring:website_check_confirm", args=[campaign.pk, world.home.school.pk]),
                          {"version": check.version})
    assert confirm.status_code in (403, 404)
    check.refresh_from_db()
    assert check.confirmed_at is None


def test_officer_starts_from_the_page_and_confirms(client, world, campaign, django_capture_on_commit_callbacks):
    client.force_login(world.home.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:sitecheck_run", args=[campaign.pk]))
    assert response.status_code == 302
    run_queued_tasks()
    check = WebsiteCheck.objects.get(campaign=campaign, school=world.home.school)
    page = client.get(reverse("monitoring:website_check_edit", args=[campaign.pk, world.home.school.pk]))
    html = page.content.decode()
    assert "Подтвердить результат" in html and check.document_url in html
    response = client.post(reverse("monitoring:website_check_confirm", args=[campaign.pk, world.home.school.pk]),
                           {"version": check.version})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.confirmed_by == world.home.officer and check.confirmed_at is not None
    assert check.events.filter(kind="confirmed", actor=world.home.officer).exists()
    stale = client.post(reverse("monitoring:website_check_confirm", args=[campaign.pk, world.home.school.pk]),
                        {"version": check.version - 1})
    assert stale.status_code == 302
    assert check.events.filter(kind="confirmed").count() == 1


def test_correcting_an_automatic_result_records_who(client, world, campaign, django_capture_on_commit_callbacks):
    from monitoring.services import website_check_save

    start(world, campaign, django_capture_on_commit_callbacks)
    run_queued_tasks()
    check = WebsiteCheck.objects.get(campaign=campaign, school=world.home.other_school)
    website_check_save(campaign=campaign, school=check.school, user=world.home.officer, found=True,
                       scores={c.pk: 1 for c in campaign.criteria.all()}, method="automatic",
                       expected_version=check.version)
    check.refresh_from_db()
    assert check.confirmed_by == world.home.officer
    assert check.events.filter(kind=WebsiteCheckEvent.Kind.CORRECTED).count() == 1


def test_campaign_page_and_progress_query_counts_do_not_grow(client, world, campaign, django_capture_on_commit_callbacks):
    client.force_login(world.home.officer)
    start(world, campaign, django_capture_on_commit_callbacks)
    run_queued_tasks()

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    detail = reverse("monitoring:campaign_detail", args=[campaign.pk])
    progress = reverse("monitoring:sitecheck_progress", args=[campaign.pk])
    small = count(detail), count(progress)
    for _ in range(5):
        make_school(world.home.municipality, website="")
    start(world, campaign, django_capture_on_commit_callbacks)
    run_queued_tasks()
    assert (count(detail), count(progress)) == small
    assert small[1] <= 11  # session, user, campaign, the run (3), the campaign card (2), the failures, criteria (2)
    html = client.get(detail).content.decode()
    assert "Проверить сайты автоматически" in html and 'id="sitecheck"' in html
    assert json.loads(client.get(progress).content)["total"] == 9


def test_a_second_run_waits_for_the_first(world, campaign, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    start(world, campaign, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="уже идёт"):
        start(world, campaign, django_capture_on_commit_callbacks)
    run_queued_tasks()
    start(world, campaign, django_capture_on_commit_callbacks)  # finished: a re-check may start
