"""Real-browser journey: an officer uploads a ФИС ОКО file, reads the preview, confirms, opens the comparison,
drills down to a flagged school, sees its charts and signs and hands the sign to the school as a task."""
import pytest
from playwright.sync_api import expect
from django.urls import reverse

from monitoring.models import TaskEvent
from monitoring.vpr.models import SchoolLogin, SignTask
from monitoring.vpr.samples import fis_rows, pupil, xlsx_bytes
from core.jobs.models import BackgroundJob
from tests.browser import browser_login, browser_upload
from tests.factories import make_school
from tests.imports import browser_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(tmp_path, world):
    municipality = world.home.municipality
    groups = []
    schools = [world.home.school] + [make_school(municipality, f"МБОУ «Обычная СОШ № {i}»") for i in range(4)]
    for index, school in enumerate(schools):
        login = f"edu42{index:04d}"
        SchoolLogin.objects.create(school=school, login=login)
        if index == 0:  # far above the others: the «high mean» sign
            pupils = [pupil(n, 22, 5, 4) for n in range(1, 25)]
        else:
            pupils = [pupil(n, 8 + n % 6, 3, 3 + n % 2) for n in range(1, 25)]
        pupils.append({"absent": True, "code": "99"})
        groups.append({"login": login, "name": school.short_name, "municipality": municipality.short_name,
                       "pupils": pupils})
    path = tmp_path / "Индивидуальные результаты.xlsx"
    path.write_bytes(xlsx_bytes(fis_rows(year=2023, subject="Математика", grade=5, schools=groups)))
    return path


def test_officer_from_upload_to_a_task(live_server, world, browser_page, tmp_path):
    item = world.home.roadmap.items.order_by("position").last()
    item.number, item.activity = "10", "Сопоставление результатов ВПР 2023 г. с текущими отметками по журналу"
    item.save()
    path = _file(tmp_path, world)
    page = browser_page
    browser_login(page, live_server.url, world.home.officer, reverse("vpr:import"))
    browser_upload(page, "#vpr-upload", path)
    assert "в очереди" in page.inner_text("#job-state")
    # The worker is half way through the file: the page shows N of M without reloading.
    url = page.url
    job = BackgroundJob.objects.get()
    BackgroundJob.objects.filter(pk=job.pk).update(state="running", done=60, total=120)
    page.wait_for_selector("#job-rows:not(.d-none)")
    expect(page.locator("#job-state")).to_contain_text("строк: 60 из 120")
    assert "выполняется" in page.inner_text("#job-state") and page.url == url
    page.wait_for_function("() => { const bar = document.getElementById('job-bar'); return Math.abs("
                           "bar.getBoundingClientRect().width / bar.parentElement.getBoundingClientRect().width - 0.5)"
                           " < 0.02; }")  # half the bar, its transition settled
    page.screenshot(path=str(page.screenshot_dir / "vpr_import_progress.png"), full_page=True)
    BackgroundJob.objects.filter(pk=job.pk).update(state="queued", done=0, total=0)
    browser_worker(page, "#import-schools")
    assert "Отсутствовавших учеников (вариант «отсутствовал»): 5" in page.inner_text("#import-warnings")
    assert page.locator("#import-schools tbody tr").count() == 5
    page.screenshot(path=str(page.screenshot_dir / "vpr_import_preview.png"), full_page=True)

    page.click("#import-confirm")
    browser_worker(page, "#import-result")
    assert "Загружено: ВПР 2023 Математика 5 класс" in page.inner_text("#import-result")
    page.screenshot(path=str(page.screenshot_dir / "vpr_import_done.png"), full_page=True)
    page.click("#import-result-link")
    page.wait_for_selector("#comparison")
    total = page.inner_text("#comparison tbody tr[data-row=total]")
    assert "120" in total  # 5 schools × 24 pupils, all with journal marks
    page.wait_for_function("Chart.getChart(document.getElementById('level-marks')) !== undefined")
    page.screenshot(path=str(page.screenshot_dir / "vpr_comparison.png"), full_page=True)

    page.click(f"#comparison tr[data-row=school-{world.home.school.pk}] >> text=признаки и графики")
    page.wait_for_selector("[data-sign=high_mean][data-state=found]")
    page.wait_for_function("Chart.getChart(document.getElementById('school-groups')) !== undefined")
    page.screenshot(path=str(page.screenshot_dir / "vpr_school.png"), full_page=True)

    page.select_option("#sign-task select[name=sign]", "high_mean")
    page.select_option("#sign-task select[name=item]", str(item.pk))
    page.fill("#sign-task textarea[name=comment]", "Обсудим на совещании.")
    page.click("#sign-task-submit")
    page.wait_for_selector("text=Школе поручено")
    link = SignTask.objects.get()
    assert page.url.endswith(reverse("monitoring:task_detail", args=[link.task_id]))
    assert (link.task.school, link.task.item) == (world.home.school, item)
    remark = TaskEvent.objects.get(task=link.task, kind=TaskEvent.Kind.REMARK)
    assert "Средний первичный балл школы 22,0" in remark.comment
    expect(page.locator("#history")).to_contain_text("Средний первичный балл школы 22,0")  # retried: the page may still load
