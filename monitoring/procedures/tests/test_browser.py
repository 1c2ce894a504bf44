"""Real browser: an officer uploads a school's schedule in an unfamiliar layout, maps its columns and reads the
breaches; an officer goes from an event to the schools that were absent."""
from datetime import date

import pytest

from monitoring.procedures.choices import EventKind
from monitoring.procedures.models import Schedule
from monitoring.procedures.services import event_save, participants_add
from monitoring.procedures.services.events import NewParticipant
from tests.factories import make_school
from tests.browser import browser_login, browser_upload

from .conftest import UNFAMILIAR, xlsx_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/procedures"


def _watch_csp(page) -> list[str]:
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def test_officer_from_uploaded_schedule_to_its_breaches(live_server, world, browser_page, tmp_path):
    page = browser_page
    violations = _watch_csp(page)
    upload = tmp_path / "ОП_5_классы.xlsx"
    upload.write_bytes(xlsx_upload(UNFAMILIAR).read())
    browser_login(page, live_server.url, world.home.officer)
    page.get_by_role("link", name="Процедуры и семинары").click()
    page.click("#upload-link")
    page.select_option("select[name=school]", str(world.home.school.pk))
    page.select_option("select[name=academic_year]", "2022")
    browser_upload(page, "#upload-form", upload, then="#mapping-missing")
    assert page.locator("#confirm-form button").is_disabled()
    page.screenshot(path=f"{SHOTS}/schedule_mapping_needed.png", full_page=True)
    for field, column in (("class", "0"), ("subject", "1"), ("date", "2"), ("lesson", "3"), ("level", "4"),
                          ("form", "5")):
        page.select_option(f"select[name=col_{field}]", column)
    page.click("#mapping-form button[type=submit]")
    page.wait_for_selector("#preview-rows")
    assert "Строк прочитано: 3" in page.inner_text("#preview-summary")
    page.screenshot(path=f"{SHOTS}/schedule_preview.png", full_page=True)
    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector("#breach-list")
    assert "нарушений — 2" in page.inner_text(".alert-success")
    breaches = page.inner_text("#breach-list")
    assert "через 10 дн." in breaches and "не более одной оценочной процедуры в день" in breaches
    assert page.locator("#schedule-rows tr.table-danger").count() == 3
    page.screenshot(path=f"{SHOTS}/schedule_breaches.png", full_page=True)

    page.get_by_role("link", name="Процедуры и семинары").click()
    page.select_option("select[name=year]", "2022")
    page.check("#id_breaches")
    page.click("#schedule-filter button[type=submit]")
    row = page.locator(f"#schedule-schools tr[data-school='{world.home.school.pk}']")
    assert "2" in row.inner_text()
    assert page.locator("#schedule-schools tbody tr").count() == 1
    page.screenshot(path=f"{SHOTS}/schedule_summary.png", full_page=True)
    row.get_by_role("link", name="2").click()
    page.wait_for_selector("#breach-list")
    assert Schedule.objects.get(school=world.home.school).breach_count == 2
    assert violations == []


def test_officer_from_event_to_absent_schools(live_server, world, browser_page):
    absent = make_school(world.home.municipality, "МБОУ «ООШ № 33»")
    event = event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.COURSE,
                       title="Курсы для школьных управленческих команд", date_start=date(2022, 10, 10),
                       date_end=date(2022, 10, 21), items=[world.home.item])
    participants_add(event=event, user=world.home.officer,
                     people=[NewParticipant(world.home.school, "Кузнецова Е. А.", "директор")])
    page = browser_page
    violations = _watch_csp(page)
    browser_login(page, live_server.url, world.home.officer)
    page.get_by_role("link", name="Процедуры и семинары").click()
    page.get_by_role("link", name="Мероприятия для школьных команд").click()
    page.get_by_role("link", name=event.title).click()
    page.wait_for_selector("#absent-schools")
    absent_text = page.inner_text("#absent-schools")
    assert absent.short_name in absent_text and world.home.other_school.short_name in absent_text
    assert world.home.school.short_name in page.inner_text("#present-schools")

    # the other school's head's team is added by the officer; the school leaves the «absent» list
    page.select_option("#participant-form select[name=school]", str(world.home.other_school.pk))
    page.fill("#participant-form input[name=person]", "Сорокина Т. В.")
    page.fill("#participant-form input[name=position]", "заместитель директора по УВР")
    page.click("#participant-form button[type=submit]")
    page.wait_for_selector("text=Участник добавлен.")
    assert world.home.other_school.short_name not in page.inner_text("#absent-schools")
    page.screenshot(path=f"{SHOTS}/event_absent_schools.png", full_page=True)

    page.get_by_role("link", name=f"п. {world.home.item.number}").first.click()
    page.wait_for_selector("#item-progress")
    assert "2 из 3" in page.inner_text("#item-progress")
    assert absent.short_name in page.inner_text("#absent-schools")
    page.screenshot(path=f"{SHOTS}/item_coverage.png", full_page=True)
    assert violations == []
