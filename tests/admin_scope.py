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

    def check_search(self, client, staff, model: str, term) -> None:
        """The changelist's search finds the home side's object by ``term(side)``, and never the away side's."""
        client.force_login(staff.home.officer)
        for side, expected in ((staff.home, True), (staff.away, False)):
            found = {o.pk for o in client.get(self.url(model), {"q": term(side)}).context["cl"].result_list}
            assert (getattr(side, self.objects[model]).pk in found) is expected

    def post_change(self, client, staff, model: str, obj, user, changes: dict):
        """POST ``obj``'s change form as ``user``: the form as an administrator sees it, with ``changes``."""
        client.force_login(staff.admin)
        data = admin_form_data(client.get(self.url(model, obj)))
        data.update(changes)
        client.force_login(user)
        return client.post(self.url(model, obj), data)

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


# --- generated over every registered ModelAdmin (portal/tests/test_permission_matrix.py) ------------------------


def _visible_pks(user, model) -> set:
    from schools import access

    if model not in access.registered_models():
        return set()  # a model the access rule does not know offers nothing to staff (schools.admin_scope)
    return set(access.visible(user, model).values_list("pk", flat=True))


def _form_leaks(user, form, where: str) -> list[str]:
    """Every choice field of a form (foreign keys, many-to-many) offers only rows the user may see."""
    leaks = []
    for name, form_field in form.fields.items():
        queryset = getattr(form_field, "queryset", None)
        if queryset is None or form_field.widget.is_hidden:
            continue  # a hidden field (an inline row's own id) offers no options: it carries its row's value
        extra = set(queryset.values_list("pk", flat=True)) - _visible_pks(user, queryset.model)
        if extra:
            leaks.append(f"{where}: the dropdown «{name}» offers {queryset.model._meta.label} {sorted(extra)[:5]}")
    return leaks


def _page_forms(response) -> list:
    context = response.context
    forms = [context["adminform"].form] if context.get("adminform") else []
    for inline in context.get("inline_admin_formsets") or []:
        forms.extend(inline.formset.forms)
        forms.append(inline.formset.empty_form)
    return forms


def admin_scope_leaks(client, user, model, model_admin, *, foreign_texts, opened: list | None = None) -> list[str]:
    """What an officer's admin pages of one model show outside their scope: rows of the changelist, choices of its
    list filters, options of the add / change forms' dropdowns (inlines included), and any of ``foreign_texts``
    (names of places, schools and people outside the scope) anywhere in those pages. Pages the user may not open
    are the matrix's business (refused there); here they show nothing. ``opened`` collects the pages read."""
    from django.contrib.admin.filters import AllValuesFieldListFilter, RelatedFieldListFilter

    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    leaks, pages = [], []
    changelist = client.get(reverse(f"{prefix}_changelist"))
    if changelist.status_code == 200:
        pages.append(("changelist", changelist))
        visible = _visible_pks(user, model)
        shown = [obj.pk for obj in changelist.context["cl"].result_list]
        if set(shown) - visible:
            leaks.append(f"changelist: rows {sorted(set(shown) - visible)[:5]} outside the scope")
        for spec in changelist.context["cl"].filter_specs:
            if isinstance(spec, RelatedFieldListFilter):
                related = spec.field.remote_field.model
                extra = {pk for pk, _ in spec.lookup_choices} - _visible_pks(user, related)
                if extra:
                    leaks.append(f"list filter «{spec.title}» offers {related._meta.label} {sorted(extra)[:5]}")
            elif isinstance(spec, AllValuesFieldListFilter):
                values = set(model_admin.get_queryset(changelist.wsgi_request).values_list(spec.field_path, flat=True))
                if set(spec.lookup_choices) - values:
                    leaks.append(f"list filter «{spec.title}» offers values of rows outside the scope")
        if shown:
            change = client.get(reverse(f"{prefix}_change", args=[shown[0]]))
            if change.status_code == 200:
                pages.append(("change", change))
            history = client.get(reverse(f"{prefix}_history", args=[shown[0]]))
            if history.status_code == 200:
                pages.append(("history", history))
    add = client.get(reverse(f"{prefix}_add"))
    if add.status_code == 200:
        pages.append(("add", add))
    if opened is not None:
        opened.extend(where for where, _ in pages)
    for where, response in pages:
        if where in ("change", "add"):
            for form in _page_forms(response):
                leaks.extend(_form_leaks(user, form, where))
        content = response.content.decode()
        leaks.extend(f"{where}: shows «{text}»" for text in foreign_texts if text in content)
    return leaks
