"""Real browser: a head uploads an act, the officer returns it with a remark, the head answers with a new
version, the officer accepts it, and the compliance matrix shows the school."""
from datetime import timedelta

import pytest
from django.urls import reverse

from core.clock import local_today
from tests.browser import browser_login
from portal.demo.acts import make_docx, make_pdf
from schools.acts.services import act_kinds_ensure
from schools.models import ActEvent, LocalActVersion, ReviewState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REMARK = "Не отражены требования обновлённых ФГОС НОО и ООО; нет раздела об оценочных процедурах."
ANSWER = "Добавлен раздел 5 «Оценочные процедуры», учтены ФГОС 2021 года."


def _shot(page, name):
    page.screenshot(path=str(page.screenshot_dir / name), full_page=True)


def _upload(page, *, name, data, mime, number, date, comment=""):
    form = page.locator("#upload-vsoko")
    if not form.is_visible():
        page.locator("#kind-vsoko summary").click()
    form.locator("input[name=file]").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
    form.locator("input[name=approval_number]").fill(number)
    form.locator("input[name=approval_date]").fill(date)
    form.locator("input[name=published_url]").fill("https://school.example.ru/sveden/document/vsoko.pdf")
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=отправлена на проверку")


def _review(page, base_url, *, decision, remarks=""):
    page.goto(base_url + reverse("schools:review_queue"))
    page.locator("#acts-register tr[data-kind='vsoko'][data-state='pending']").get_by_role("link", name="Проверить").click()
    page.wait_for_selector("#review-form")
    page.locator(f"#review-form input[name=decision][value={decision}]").check()
    if remarks:
        page.fill("#review-form textarea[name=remarks]", remarks)
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#version-state")


def test_act_goes_back_and_forth_until_accepted(live_server, world, browser, browser_page):
    # Transactional tests flush the tables between tests, data-migration rows included.
    act_kinds_ensure()
    from monitoring.services import school_tasks_sync

    world.home.item.deadline_end = local_today() + timedelta(days=30)
    world.home.item.save()
    school_tasks_sync()
    base = live_server.url

    head = browser_page
    browser_login(head, base, world.home.head)
    head.get_by_role("link", name="Локальные акты").first.click()
    head.wait_for_selector("#kind-vsoko")
    assert world.home.school.short_name in head.inner_text("h1")
    _upload(head, name="Положение о ВСОКО.pdf", data=make_pdf(), mime="application/pdf", number="45", date="29.08.2022")
    assert "на проверке" in head.inner_text("#kind-vsoko .card-header")
    _shot(head, "acts_head_uploaded.png")

    context = browser.new_context(locale="ru-RU", timezone_id="Asia/Novokuznetsk", viewport={"width": 1400, "height": 900})
    officer = context.new_page()
    officer.set_default_timeout(15000)
    officer.screenshot_dir = head.screenshot_dir
    browser_login(officer, base, world.home.officer)
    officer.goto(base + reverse("schools:review_queue"))
    _shot(officer, "acts_review_queue.png")
    _review(officer, base, decision=ReviewState.RETURNED, remarks=REMARK)
    assert "возвращена на доработку" in officer.inner_text("main")
    assert "возвращён на доработку" in officer.inner_text("#version-state")
    _shot(officer, "acts_version_returned.png")

    head.reload()
    returned = head.inner_text("#kind-vsoko .act-returned")
    assert REMARK in returned
    assert head.locator("#upload-vsoko").is_visible(), "the upload form opens by itself after a return"
    _upload(head, name="Положение о ВСОКО, ред. 2.docx", data=make_docx("Положение о ВСОКО, редакция 2"),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            number="52", date="05.09.2022", comment=ANSWER)
    versions = head.inner_text("#kind-vsoko .act-versions")
    assert ANSWER in versions and REMARK in versions
    _shot(head, "acts_head_second_version.png")

    _review(officer, base, decision=ReviewState.ACCEPTED)
    assert "принят" in officer.inner_text("#version-state")
    history = officer.inner_text("#history")
    assert REMARK in history and ANSWER in history
    _shot(officer, "acts_version_accepted.png")

    head.reload()
    assert "Версия 2 принята" in head.inner_text("#kind-vsoko")

    officer.goto(base + reverse("monitoring:compliance_matrix"))
    officer.wait_for_selector("#matrix")
    row = officer.locator(f"#matrix tr[data-school='{world.home.school.pk}']")
    assert world.home.school.short_name in row.inner_text()
    assert "срок не наступил" in row.locator("td.cell").first.inner_text()
    _shot(officer, "acts_compliance_matrix.png")
    context.close()

    states = list(LocalActVersion.objects.filter(act__school=world.home.school).order_by("number")
                  .values_list("number", "state", "approval_number"))
    assert states == [(1, ReviewState.RETURNED, "45"), (2, ReviewState.ACCEPTED, "52")]
    assert ActEvent.objects.count() == 4
