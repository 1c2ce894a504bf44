"""A website-check campaign is edited in the portal: title, period, acts, criteria; scoped; all or nothing."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import CheckCriterion, CriterionScore
from monitoring.services import campaign_create, website_check_save
from schools.models import LocalActKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    return campaign_create(user=world.home.officer, municipality=world.home.municipality, title="Мониторинг сайтов",
                           period_start=date(2022, 11, 1), period_end=date(2022, 11, 30))


def _post_data(client, campaign, **changes):
    """The edit page's form as rendered, with ``changes`` applied (``criteria-N-field`` keys)."""
    response = client.get(reverse("monitoring:campaign_edit", args=[campaign.pk]))
    assert response.status_code == 200
    form, criteria = response.context["form"], response.context["criteria"]
    data = {"title": form.initial["title"], "period_start": "01.11.2022", "period_end": "30.11.2022",
            "act_kinds": [k.pk for k in form.initial["act_kinds"]]}
    data.update({f"criteria-{k}": v for k, v in criteria.management_form.initial.items()})
    for i, f in enumerate(criteria.forms):
        for name, field in f.fields.items():
            value = (f.initial or {}).get(name, field.initial)
            if value not in (None, False):
                data[f"criteria-{i}-{name}"] = value
    data.update(changes)
    return data


def test_officer_edits_title_period_acts_and_criteria(client, world, campaign):
    client.force_login(world.home.officer)
    kind = LocalActKind.objects.get(code="vsoko")
    n = campaign.criteria.count()
    data = _post_data(client, campaign, title="Мониторинг: Положение о ВСОКО, ноябрь 2022", period_end="15.12.2022",
                      act_kinds=[kind.pk], **{"criteria-0-title": "Размещён в разделе «Документы»",
                                              "criteria-0-max_score": "2", "criteria-1-delete": "on",
                                              f"criteria-{n}-title": "Есть подпись руководителя",
                                              f"criteria-{n}-max_score": "1"})
    response = client.post(reverse("monitoring:campaign_edit", args=[campaign.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign.refresh_from_db()
    assert campaign.title == "Мониторинг: Положение о ВСОКО, ноябрь 2022" and campaign.period_end == date(2022, 12, 15)
    assert list(campaign.act_kinds.all()) == [kind]
    titles = list(campaign.criteria.order_by("position").values_list("title", "max_score"))
    assert titles[0] == ("Размещён в разделе «Документы»", 2) and len(titles) == n
    assert titles[-1] == ("Есть подпись руководителя", 1)
    assert CheckCriterion.objects.filter(campaign__isnull=True).count() >= n - 1  # defaults untouched


def test_scored_criterion_is_kept_and_nothing_half_written(client, world, campaign):
    first = campaign.criteria.order_by("position").first()
    website_check_save(campaign=campaign, school=world.home.school, user=world.home.officer, found=True,
                       scores={first.pk: 1})
    assert CriterionScore.objects.filter(criterion=first).exists()
    client.force_login(world.home.officer)
    data = _post_data(client, campaign, title="Новое название", **{"criteria-0-delete": "on"})
    response = client.post(reverse("monitoring:campaign_edit", args=[campaign.pk]), data)
    assert response.status_code == 400 and "нельзя удалить: по нему уже выставлены баллы" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.title == "Мониторинг сайтов" and campaign.criteria.filter(pk=first.pk).exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"period_end": "01.10.2022"}, "Окончание мониторинга раньше его начала."),
    ({"title": ""}, "Обязательное поле."),
    ({"criteria-0-max_score": "99"}, "меньше либо равно 10"),
])
def test_bad_input_in_russian(client, world, campaign, changes, message):
    client.force_login(world.home.officer)
    response = client.post(reverse("monitoring:campaign_edit", args=[campaign.pk]),
                           _post_data(client, campaign, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.period_end == date(2022, 11, 30)


def test_scope(client, world, campaign):
    url = reverse("monitoring:campaign_edit", args=[campaign.pk])
    for user, expected in ((world.away.officer, 404), (world.regional, 404), (world.home.head, 404), (world.admin, 200)):
        client.force_login(user)
        assert client.get(url).status_code == expected, user
    client.force_login(world.home.officer)
    assert reverse("monitoring:campaign_edit", args=[campaign.pk]) in client.get(
        reverse("monitoring:campaign_detail", args=[campaign.pk])).content.decode()


def test_edit_page_queries_are_bounded(client, world, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.home.officer)
    url = reverse("monitoring:campaign_edit", args=[campaign.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    CheckCriterion.objects.bulk_create(CheckCriterion(campaign=campaign, code=f"c{i}", title=f"К {i}", short_title="к",
                                                      position=50 + i) for i in range(15))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small) <= 15
