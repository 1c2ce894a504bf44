"""The service's refusal of one field is shown next to that field, not above the form (core.roundtrip)."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from core.clock import local_today
from monitoring.models import SchoolTask
from roadmaps.status import Status

pytestmark = pytest.mark.django_db


def test_future_done_date_is_shown_on_its_field(client, synced_world):
    task = SchoolTask.objects.filter(school=synced_world.home.school).order_by("pk").first()
    client.force_login(synced_world.home.head)
    response = client.post(reverse("monitoring:task_status", args=[task.pk]), {
        "status": Status.DONE, "version": task.version, "comment": "Готово",
        "done_on": (local_today() + timedelta(days=3)).strftime("%d.%m.%Y"),
    })
    assert response.status_code == 400
    form = response.context["status_form"]
    assert form.errors["done_on"] == ["Дата выполнения не может быть позже сегодняшней."]
    assert not form.non_field_errors()
    html = response.content.decode()
    field = html.index('id="id_done_on"')
    message = html.index("Дата выполнения не может быть позже сегодняшней.")
    # the message sits in the field's own block, right after its input, not in a summary above the form
    assert 0 < message - field < 600 and not re.search(r'<form[^>]*>', html[field:message])
    task.refresh_from_db()
    assert task.status != Status.DONE
