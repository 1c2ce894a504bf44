"""The admin's scope checks shared by every app's admin tests: role × object in/out of scope × page × method.

Each app declares its models (model name → attribute of a world side holding one), and which of them are
history (read-only for all), granted by an administrator only, or changed by an administrator only.
"""
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from .factories import admin_form_data

ROLES = ["admin", "regional", "municipal", "school_head"]
SIDES = ["home", "away"]


@dataclass(frozen=True)
class AdminScope:
    app: str
    objects: dict[str, str]
    read_only: frozenset = field(default_factory=frozenset)
    admin_only: frozenset = field(default_factory=frozenset)
    admin_writes: frozenset = field(default_factory=frozenset)

    def url(self, model: str, obj=None) -> str:
        if obj is None:
            return reverse(f"admin:{self.app}_{model}_changelist")
        return reverse(f"admin:{self.app}_{model}_change", args=[obj.pk])

    def expected_get(self, role: str, side: str, model: str) -> int:
        if role == "school_head":
            return 302  # not staff: to the admin's login page
        if role == "admin":
            return 200
        if model in self.admin_only:
            return 403
        return 302 if role == "municipal" and side == "away" else 200  # outside the queryset: back to the index

    def expected_post(self, role: str, side: str, model: str) -> int:
        if role == "school_head":
            return 302
        if model in self.read_only:
            return 403
        if role == "admin":
            return 302
        if role == "regional" or model in self.admin_only | self.admin_writes:
            return 403
        return 302  # saved (back to the list), or for an out-of-scope object: «does not exist»

    def check_change_get(self, client, staff, role: str, side: str, model: str) -> None:
        client.force_login(staff.user(role))
        response = client.get(self.url(model, getattr(getattr(staff, side), self.objects[model])))
        assert response.status_code == self.expected_get(role, side, model)
        if response.status_code == 302:
            target = reverse("admin:login") if role == "school_head" else reverse("admin:index")
            assert response.url.startswith(target)

    def check_change_post(self, client, staff, role: str, side: str, model: str) -> None:
        obj = getattr(getattr(staff, side), self.objects[model])
        client.force_login(staff.admin)
        data = admin_form_data(client.get(self.url(model, obj))) if model not in self.read_only else {}
        client.force_login(staff.user(role))
        response = client.post(self.url(model, obj), data)
        assert response.status_code == self.expected_post(role, side, model), getattr(response, "context", None) and [
            f.errors for f in [response.context.get("adminform") and response.context["adminform"].form] if f
        ]
        if response.status_code == 302 and role != "school_head":
            saved = role == "admin" or (role == "municipal" and side == "home")
            target = self.url(model) if saved else reverse("admin:index")
            assert response.url.startswith(target)

    def check_changelist(self, client, staff, role: str, model: str) -> None:
        client.force_login(staff.user(role))
        response = client.get(self.url(model))
        if role == "school_head":
            assert response.status_code == 302
            return
        if model in self.admin_only and role != "admin":
            assert response.status_code == 403
            return
        assert response.status_code == 200
        shown = {obj.pk for obj in response.context["cl"].result_list}
        home, away = (getattr(getattr(staff, side), self.objects[model]).pk for side in SIDES)
        assert home in shown
        assert (away in shown) is (role != "municipal")

    def tests(self):
        """The three parametrised tests of an app's admin (they use the module's `staff` fixture)."""
        models = sorted(self.objects)
        by_page = [pytest.mark.parametrize("model", models), pytest.mark.parametrize("side", SIDES),
                   pytest.mark.parametrize("role", ROLES)]

        def test_change_page_get(client, staff, role, side, model):
            self.check_change_get(client, staff, role, side, model)

        def test_change_page_post(client, staff, role, side, model):
            self.check_change_post(client, staff, role, side, model)

        def test_changelist_is_scoped(client, staff, role, model):
            self.check_changelist(client, staff, role, model)

        for mark in by_page:
            test_change_page_get, test_change_page_post = mark(test_change_page_get), mark(test_change_page_post)
        for mark in (by_page[0], by_page[2]):
            test_changelist_is_scoped = mark(test_changelist_is_scoped)
        return test_change_page_get, test_change_page_post, test_changelist_is_scoped
