"""Website-check campaigns: default checklist, saving a check, progress and results figures."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring.models import CheckCriterion, WebsiteCampaign, WebsiteCheck
from monitoring.selectors import (
    campaign_progress,
    campaign_result_rows,
    campaign_result_schools,
    campaigns_with_progress,
    criterion_totals,
    progress_of_rows,
)
from core.concurrency import EditConflict
from monitoring.services import campaign_create, website_check_save
from tests.factories import make_school

pytestmark = pytest.mark.django_db

DEFAULT_CODES = ["sveden_document", "link_opens", "updated_version", "fgos_updated", "e_signature", "sections"]


def test_defaults_come_from_the_data_migration():
    assert list(CheckCriterion.objects.filter(campaign=None).values_list("code", flat=True)) == DEFAULT_CODES
    assert "/sveden/document" in CheckCriterion.objects.get(campaign=None, code="sveden_document").title
    assert "29.06.2022" in CheckCriterion.objects.get(campaign=None, code="updated_version").title


def test_campaign_copies_the_checklist_as_the_administrator_left_it(world):
    CheckCriterion.objects.filter(campaign=None, code="e_signature").delete()
    CheckCriterion.objects.create(
        code="contacts", title="Указаны контакты ответственного", short_title="Контакты", position=9
    )
    campaign = campaign_create(
        user=world.admin,
        municipality=world.away.municipality,
        title="Октябрь 2022",
        period_start=date(2022, 10, 1),
        period_end=date(2022, 10, 31),
    )
    codes = list(campaign.criteria.order_by("position").values_list("code", flat=True))
    assert codes == [c for c in DEFAULT_CODES if c != "e_signature"] + ["contacts"]


NOVEMBER = {"period_start": date(2022, 11, 1), "period_end": date(2022, 11, 30)}


@pytest.mark.parametrize("user, municipality, extra, error, message", [
    (lambda w: w.home.officer, "away", NOVEMBER, PermissionDenied, "только специалист этого муниципалитета"),
    (lambda w: w.admin, "home", {**NOVEMBER, "item": lambda w: w.away.item}, ValidationError, "другого муниципалитета"),
    (lambda w: w.admin, "home", {"period_start": date(2022, 11, 30), "period_end": date(2022, 11, 1)},
     ValidationError, "раньше его начала"),
], ids=["another municipality", "another municipality's item", "period reversed"])
def test_campaign_validation(world, user, municipality, extra, error, message):
    extra = {key: value(world) if callable(value) else value for key, value in extra.items()}
    with pytest.raises(error, match=message):
        campaign_create(user=user(world), municipality=getattr(world, municipality).municipality, title="Чужой",
                        **extra)
    assert not WebsiteCampaign.objects.filter(title="Чужой").exists()


def _scores(campaign, **by_code):
    return {c.pk: by_code.get(c.code, 1) for c in campaign.criteria.all()}


def _save_check(world, campaign, *, found=True, scores=None, school=None, user=None, **more):
    """A check of the home school by the home officer, every criterion met unless ``scores`` says otherwise."""
    return website_check_save(campaign=campaign, school=school or world.home.school, user=user or world.home.officer,
                              found=found, scores=scores or _scores(campaign), **more)


def test_save_and_correct_a_check(world, campaign):
    check = _save_check(
        world, campaign,
        scores=_scores(campaign, e_signature=0),
        document_url="https://school1.example.ru/sveden/document/vsoko.pdf",
        other_urls="https://school1.example.ru/sveden/document\n\n",
        remarks="Нет электронной подписи",
    )
    assert (check.version, check.method, check.checked_by) == (1, "manual", world.home.officer)
    assert check.other_url_list == ["https://school1.example.ru/sveden/document"]
    assert sorted(check.scores.values_list("score", flat=True)) == [0, 1, 1, 1, 1, 1]
    again = _save_check(world, campaign, found=False, expected_version=1, method="automatic")
    assert again.pk == check.pk and again.version == 2 and again.method == "automatic"
    assert set(again.scores.values_list("score", flat=True)) == {0}, "a missing act scores nothing"
    with pytest.raises(EditConflict):
        _save_check(world, campaign, expected_version=1)


@pytest.mark.parametrize(
    "problem, kwargs, error",
    [
        ("score too high", {"scores": "high"}, ValidationError),
        ("foreign school", {"school": "away"}, ValidationError),
        ("regional officer", {"user": "regional"}, PermissionDenied),
        ("away officer", {"user": "away_officer"}, PermissionDenied),
    ],
)
def test_check_refused(world, campaign, problem, kwargs, error):
    params = {}
    if kwargs.get("scores") == "high":
        params["scores"] = _scores(campaign, link_opens=2)
    if kwargs.get("school") == "away":
        params["school"] = world.away.school
    if "user" in kwargs:
        params["user"] = {"regional": world.regional, "away_officer": world.away.officer}[kwargs["user"]]
    with pytest.raises(error):
        _save_check(world, campaign, **params)
    assert not WebsiteCheck.objects.exists()


def test_progress_and_results(world, campaign):
    make_school(world.home.municipality, is_active=False)  # closed schools are not expected to be checked
    _save_check(world, campaign, scores=_scores(campaign, sections=0))
    assert campaign_progress(campaign) == {"checked": 1, "found": 1, "not_found": 0, "total": 2, "percent": 50}
    # The results page reads the same figures as window counts over its rows (every row of the set, not the page's).
    rows = list(campaign_result_rows(world.home.officer, campaign, with_progress=True)[:1])
    assert progress_of_rows(rows) == campaign_progress(campaign)
    listed = next(c for c in campaigns_with_progress(world.home.officer) if c["pk"] == campaign.pk)
    assert (listed["n_schools"], listed["n_checked"], listed["n_found"]) == (2, 1, 1)
    totals = criterion_totals(campaign)
    by_code = {c.code: totals[c.pk]["full"] for c in campaign.criteria.all()}
    assert by_code["sections"] == 0 and by_code["link_opens"] == 1
    rows = {s.pk: s.campaign_checks for s in campaign_result_schools(world.home.officer, campaign)}
    assert len(rows[world.home.school.pk]) == 1 and rows[world.home.other_school.pk] == []
    assert rows[world.home.school.pk][0].total_score == 5
    unchecked = campaign_result_schools(world.home.officer, campaign, check_filter="unchecked")
    assert [s.pk for s in unchecked] == [world.home.other_school.pk]


def test_list_page_rows(client, world, campaign):
    """The list's rows (written in Python from plain values): the kinds looked for, the item, the progress."""
    from schools.models import LocalActKind

    campaign.act_kinds.add(LocalActKind.objects.get(code="tek_kontrol"))
    _save_check(world, campaign)
    bare = campaign_create(user=world.home.officer, municipality=world.home.municipality, title="Без <пункта>",
                           period_start=date(2022, 12, 1), period_end=date(2022, 12, 31))
    client.force_login(world.home.officer)
    body = client.get(reverse("monitoring:campaign_list")).content.decode()
    kinds = "; ".join(LocalActKind.objects.filter(code__in=["vsoko", "tek_kontrol"]).values_list("name", flat=True))
    item = world.home.item
    detail = reverse("monitoring:campaign_detail", args=[campaign.pk])
    assert (f'<tr><td><a href="{detail}">{campaign.title}</a><div class="small-muted">{kinds}</div></td>'
            f'<td>{world.home.municipality.short_name}</td><td class="text-nowrap">01.11.2022 – 30.11.2022</td>'
            f'<td class="small"><a href="{reverse("roadmaps:item_detail", args=[item.pk])}">п. {item.number} дорожной '
            f'карты</a><div class="small-muted">срок: <span class="deadline-phrase">{item.deadline_text}</span></div>'
            '</td><td><div class="d-flex align-items-center gap-2"><div class="progress flex-grow-1 progress-h-06">'
            '<div class="progress-bar pct-50"></div></div><span class="text-nowrap">1 из 2</span></div></td>'
            '<td class="text-end">1</td></tr>') in body
    assert (f'<a href="{reverse("monitoring:campaign_detail", args=[bare.pk])}">Без &lt;пункта&gt;</a></td>'
            f'<td>{world.home.municipality.short_name}</td><td class="text-nowrap">01.12.2022 – 31.12.2022</td>'
            '<td class="small">—</td>') in body


def test_results_page_rows(client, world, campaign):
    """The results table's rows (written in Python from plain values): a manual check with its document, checker,
    scores and remarks; an automatic one not yet confirmed; a school not checked."""
    world.home.school.website = "https://school1.example.ru/" + "a" * 60
    world.home.school.save()
    world.home.officer.first_name, world.home.officer.last_name = "Анна", "Петрова"
    world.home.officer.save()
    _save_check(world, campaign, scores=_scores(campaign, e_signature=0), remarks="Нет подписи <b>" + "я" * 200,
                document_url="https://school1.example.ru/vsoko.pdf?a=1&b=2")
    other = _save_check(world, campaign, school=world.home.other_school, found=False, method="automatic")
    client.force_login(world.home.officer)
    body = client.get(reverse("monitoring:campaign_detail", args=[campaign.pk])).content.decode()
    edit = reverse("monitoring:website_check_edit", args=[campaign.pk, world.home.school.pk])
    n = campaign.criteria.count()
    assert (f'<tr data-school="{world.home.school.pk}"><td class="col-school"><div class="d-flex '
            f'justify-content-between gap-2"><div>{world.home.school.short_name}<div class="small"><a '
            f'href="https://school1.example.ru/{"a" * 60}" rel="noopener noreferrer" target="_blank">'
            f'https://school1.example.ru/{"a" * 12}…</a></div></div><div><a class="btn btn-sm '
            f'btn-outline-secondary" href="{edit}">Изменить</a></div></div></td>'
            '<td class="score-yes">найден <a href="https://school1.example.ru/vsoko.pdf?a=1&amp;b=2" '
            'rel="noopener noreferrer" target="_blank" title="https://school1.example.ru/vsoko.pdf?a=1&amp;b=2">'
            'документ</a></td>') in body
    assert ('<td class="text-center" title="Проверил: Анна Петрова, вручную"><strong>'
            f'{n - 1} / {n}</strong>') in body
    assert f'<td class="small col-remarks">Нет подписи &lt;b&gt;{"я" * 124}…</td></tr>' in body
    row = body[body.index(f'<tr data-school="{other.school_id}">'):]
    row = row[:row.index("</tr>")]
    assert '<td class="score-no">не найден</td>' + '<td class="score-no">нет</td>' * n in row
    assert f'title="Проверил: Анна Петрова, автоматически"><strong>0 / {n}</strong>' in row
    assert '<span class="badge text-bg-warning">автоматически, не подтверждено</span>' in row
    assert '<td class="small col-remarks">—</td>' in row


def test_check_form_round_trip(client, world, campaign):
    client.force_login(world.home.officer)
    url = reverse("monitoring:website_check_edit", args=[campaign.pk, world.home.school.pk])
    data = {"found": "yes", "document_url": "https://s1.example.ru/vsoko.pdf", "method": "manual", "remarks": "Хорошо"}
    data.update({f"score_{c.pk}": "1" for c in campaign.criteria.all()})
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("monitoring:campaign_detail", args=[campaign.pk])).content.decode()
    assert "6 / 6" in page and "Хорошо" in page
    data["version"] = "1"
    data["score_" + str(campaign.criteria.get(code="sections").pk)] = "0"
    assert client.post(url, data).status_code == 302
    stale = client.post(url, data)  # the same form sent again, built from version 1
    assert stale.status_code == 409
    assert "сохранил другой пользователь" in stale.content.decode()
