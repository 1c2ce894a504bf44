"""The real automatic website check (not a ping) run by real worker processes against the loopback corpus.

A campaign's «Проверить сайты автоматически» is started in a subprocess (the portal's service, as the view calls
it), its tasks are run by `manage.py db_worker` (database backend: SQLite file database or the PostgreSQL test
database) or by `manage.py rqworker --job-class django_tasks_rq.Job` (RQ backend on the Redis server at
127.0.0.1:6379), and what the worker stored is read back from the database in another subprocess.
"""

import json

import pytest

from tests.worker import TEST_REDIS_URL, database_worker_env, empty_redis, manage

START = """
import json
from datetime import date
from tests.factories import build_world, make_school
from monitoring.services import campaign_create, sitecheck_start
world = build_world()
home = world.home
home.school.website = {standard!r}; home.school.save()
home.other_school.website = {gosweb!r}; home.other_school.save()
make_school(home.municipality, website={dead!r})
campaign = campaign_create(user=home.officer, municipality=home.municipality, title="Мониторинг сайтов: ВСОКО",
                           period_start=date(2022, 11, 1), period_end=date(2022, 11, 30))
run = sitecheck_start(user=home.officer, campaign=campaign)
print(json.dumps({{"run": run.pk, "standard": home.school.pk, "gosweb": home.other_school.pk}}))
"""

RESULTS = """
import json
from monitoring.models import SiteCheckJob, WebsiteCheck
out = {{"jobs": sorted(SiteCheckJob.objects.filter(run_id={run}).values_list("state", flat=True)), "checks": {{}}}}
for check in WebsiteCheck.objects.filter(events__run_id={run}).distinct():
    event = check.events.get(run_id={run})
    out["checks"][str(check.school_id)] = {{
        "method": check.method, "found": check.found, "document_url": check.document_url,
        "reachable": event.site_reachable, "remarks": check.remarks,
        "scores": {{s.criterion.code: s.score for s in check.scores.select_related("criterion")}},
        "documents": {{f.code: [f.approved_on.isoformat() if f.approved_on else None, f.signed]
                       for f in event.findings.filter(kind="document")}},
    }}
print(json.dumps(out))
"""


def _last_json(result) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def _run(env: dict, corpus, worker_args: list[str], queued=lambda: None) -> tuple[dict, dict]:
    started = _last_json(manage(["shell", "-c", START.format(
        standard=corpus["standard"].url, gosweb=corpus["gosweb"].url, dead=corpus["private_redirect"].url,
    )], env))
    before = _last_json(manage(["shell", "-c", RESULTS.format(run=started["run"])], env))
    assert before["jobs"] == ["queued"] * 3 and before["checks"] == {}  # nothing ran before the worker did
    queued()
    manage(worker_args, {**env, "SITECHECK_HOST_DELAY": "0"}, timeout=240)
    return started, _last_json(manage(["shell", "-c", RESULTS.format(run=started["run"])], env))


def _assert_checked(started: dict, after: dict) -> None:
    assert after["jobs"] == ["done"] * 3
    standard, gosweb = after["checks"][str(started["standard"])], after["checks"][str(started["gosweb"])]
    assert standard["method"] == "automatic" and standard["found"] and standard["reachable"]
    assert standard["document_url"].endswith("/files/vsoko.pdf")
    assert standard["documents"]["vsoko"] == ["2022-08-30", True]
    assert standard["documents"]["tek_kontrol"] == ["2022-08-31", True]
    assert standard["scores"] == {"sveden_document": 1, "link_opens": 1, "updated_version": 1, "e_signature": 1}
    assert gosweb["documents"]["vsoko"] == ["2021-08-30", False]
    assert gosweb["scores"]["updated_version"] == 0 and "30.08.2021" in gosweb["remarks"]
    dead = [c for school, c in after["checks"].items() if school not in {str(started["standard"]),
                                                                         str(started["gosweb"])}]
    assert len(dead) == 1 and dead[0]["reachable"] is False and "Сайт недоступен" in dead[0]["remarks"]


@pytest.mark.django_db(transaction=True)
def test_site_checks_run_in_the_db_worker_process(tmp_path, corpus):
    """SQLite (a migrated file database) or PostgreSQL (the test database), whichever the suite runs on."""
    env = database_worker_env(tmp_path)
    started, after = _run(env, corpus, ["db_worker", "--batch", "--queue-name", "default", "--interval", "0.1"])
    _assert_checked(started, after)


@pytest.mark.django_db(transaction=True)
def test_site_checks_run_in_the_rq_worker_process(tmp_path, corpus):
    """Enqueued on Redis by the portal's service, run by `rqworker --burst`, results stored in the database."""
    connection = empty_redis(TEST_REDIS_URL)
    env = {**database_worker_env(tmp_path), "TASKS_BACKEND": "rq", "REDIS_URL": TEST_REDIS_URL}
    on_redis = []
    started, after = _run(env, corpus, ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"],
                          queued=lambda: on_redis.append(connection.llen("rq:queue:default")))
    _assert_checked(started, after)
    assert on_redis == [3] and connection.llen("rq:queue:default") == 0  # the three tasks waited on Redis
