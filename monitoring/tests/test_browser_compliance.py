"""Real browser: a school head marks a task done with evidence; the officer sees it in the compliance matrix."""

from datetime import timedelta

import pytest
from django.urls import reverse

from core.clock import local_today
from monitoring.models import SchoolTask
from monitoring.services import school_tasks_sync
from tests.browser import browser_login
from roadmaps.status import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_marks_done_officer_sees_it_in_the_matrix(live_server, world, browser, browser_page):
    item = world.home.item
    item.deadline_end = local_today() + timedelta(days=20)
    item.save()
    school_tasks_sync()
    task = SchoolTask.objects.get(school=world.home.school, item=item)

    head_page = browser_page
    browser_login(head_page, live_server.url, world.home.head)
    head_page.goto(live_server.url + reverse("monitoring:cabinet"))
    row = head_page.locator(f"#cabinet-tasks tr[data-task='{task.pk}']")
    assert "срок не наступил" in row.inner_text()
    row.get_by_role("link", name="Отметить").click()
    head_page.wait_for_selector("#status-form")
    head_page.select_option("select[name=status]", Status.DONE)
    head_page.fill("textarea[name=comment]", "Положение о ВСОКО утверждено приказом № 45 и размещено на сайте")
    head_page.set_input_files(
        "input[name=evidence_file]",
        files=[{"name": "Положение о ВСОКО.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%demo\n"}],
    )
    head_page.click("#status-form button[type=submit]")
    head_page.wait_for_selector("text=Сохранено.")
    assert "Положение о ВСОКО.pdf" in head_page.inner_text("#history")
    assert "в срок" in head_page.inner_text("#task-status")
    head_page.screenshot(path=str(head_page.screenshot_dir / "monitoring_task_done_by_head.png"), full_page=True)

    context = browser.new_context(
        locale="ru-RU", timezone_id="Asia/Novokuznetsk", viewport={"width": 1400, "height": 900}
    )
    officer_page = context.new_page()
    browser_login(officer_page, live_server.url, world.home.officer)
    officer_page.goto(live_server.url + reverse("monitoring:compliance_matrix"))
    officer_page.wait_for_selector("#matrix")
    cell = officer_page.locator(f"#matrix tr[data-school='{world.home.school.pk}'] td.cell").first
    assert "в срок" in cell.inner_text() and local_today().strftime("%d.%m.%Y") in cell.inner_text()
    assert "cell-on_time" in cell.get_attribute("class")
    other = officer_page.locator(f"#matrix tr[data-school='{world.home.other_school.pk}'] td.cell").first
    assert "срок не наступил" in other.inner_text()
    officer_page.screenshot(path=str(head_page.screenshot_dir / "monitoring_matrix_officer.png"), full_page=True)
    context.close()
    task.refresh_from_db()
    assert (task.status, task.done_at) == (Status.DONE, local_today())
