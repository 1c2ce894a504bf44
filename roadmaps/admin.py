"""Back office for orders, roadmaps, items and their history, scoped like the portal's pages."""
from django import forms
from django.contrib import admin
from django.db import models

from core.concurrency import bump_version
from core.hooks import task_sources_changed
from schools.admin_scope import ChangeEventInline, EventLabels, ScopedAdmin, ScopedInline

from .models import ItemEvent, Order, OrderCitation, OrderClause, Roadmap, RoadmapItem
from .services import item_set_deadline

COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}
DEADLINE_FIELDS = ("deadline_text", ("deadline_start", "deadline_end"), "deadline_recognized", "deadline_note")


class RoadmapItemAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk and {"deadline_start", "deadline_end"} & set(self.changed_data):
            if not data.get("deadline_end"):
                self.add_error("deadline_end", "Укажите дату окончания периода.")
            elif data.get("deadline_start") and data["deadline_start"] > data["deadline_end"]:
                self.add_error("deadline_start", "Начало периода позже его окончания.")
        return data


class OrderClauseInline(ScopedInline, admin.StackedInline):
    model = OrderClause
    extra = 0
    fields = (("number", "position"), "text", *DEADLINE_FIELDS, ("all_schools", "all_municipalities"),
              "responsible_officials", "responsible_organizations")
    formfield_overrides = COMPACT_TEXT


class OrderCitationInline(ScopedInline, admin.TabularInline):
    model = OrderCitation
    fk_name = "order"
    extra = 0
    fields = ("position", "issuer_name", "number", "date", "title", "cited_order")
    formfield_overrides = COMPACT_TEXT


@admin.register(Order)
class OrderAdmin(ScopedAdmin):
    list_display = ("number", "date", "issuer", "municipality", "title", "signatory_name")
    list_filter = ("municipality", "issuer")
    search_fields = ("number", "title", "preamble", "issuer__short_name", "signatory_name", "clauses__text")
    date_hierarchy = "date"
    list_select_related = ("issuer", "municipality")
    readonly_fields = ("created_at",)
    inlines = [OrderClauseInline, OrderCitationInline]
    fieldsets = (
        (None, {"fields": ("issuer", "municipality", "issuer_header", ("number", "date", "place"), "title")}),
        ("Текст приказа", {"fields": ("preamble", ("signatory_position", "signatory_name"),
                                      "controller", "controller_text")}),
        ("Служебное", {"fields": ("created_at",)}),
    )
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        task_sources_changed.fire(order=form.instance)  # the schools' tasks follow what was edited


@admin.register(OrderClause)
class OrderClauseAdmin(ScopedAdmin):
    list_display = ("order", "number", "short_text", "deadline_text", "deadline_end", "all_schools",
                    "all_municipalities")
    list_filter = ("all_schools", "all_municipalities", "order__municipality")
    search_fields = ("text", "deadline_text", "order__number")
    list_select_related = ("order", "order__issuer")
    filter_horizontal = ("responsible_officials", "responsible_organizations")

    @admin.display(description="текст")
    def short_text(self, obj):
        return obj.text[:120]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        task_sources_changed.fire(order=form.instance.order)  # the schools' tasks follow what was edited


@admin.register(OrderCitation)
class OrderCitationAdmin(ScopedAdmin):
    list_display = ("order", "issuer_name", "number", "date", "title", "cited_order")
    list_filter = ("order__municipality",)
    search_fields = ("issuer_name", "number", "title", "order__number")
    date_hierarchy = "date"
    list_select_related = ("order", "order__issuer", "cited_order", "cited_order__issuer")


class RoadmapItemInline(ScopedInline, admin.TabularInline):
    model = RoadmapItem
    extra = 0
    fields = ("number", "position", "activity", "deadline_text", "deadline_start", "deadline_end", "all_schools",
              "all_municipalities", "status")
    readonly_fields = ("status",)
    show_change_link = True
    formfield_overrides = COMPACT_TEXT


@admin.register(Roadmap)
class RoadmapAdmin(ScopedAdmin):
    list_display = ("municipality", "academic_year", "title", "order", "period_start", "period_end")
    list_filter = ("municipality", "academic_year")
    search_fields = ("title", "order__number", "items__activity")
    list_select_related = ("municipality", "order", "order__issuer")
    readonly_fields = ("created_at",)
    inlines = [RoadmapItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        task_sources_changed.fire(roadmap=form.instance)  # the schools' tasks follow what was edited


class ItemEventInline(ChangeEventInline):
    model = ItemEvent


@admin.register(RoadmapItem)
class RoadmapItemAdmin(ScopedAdmin):
    list_display = ("number", "short_activity", "roadmap", "deadline_text", "deadline_end", "status", "all_schools")
    list_filter = ("status", "all_schools", "all_municipalities", "deadline_recognized", "roadmap__municipality",
                   "roadmap__academic_year")
    search_fields = ("activity", "deadline_text", "responsible_text")
    list_select_related = ("roadmap", "roadmap__municipality")
    filter_horizontal = ("responsible_officials", "responsible_organizations")
    # Status changes go through the item page, where they are recorded with comment and evidence.
    readonly_fields = ("status", "status_changed_at", "version")
    fieldsets = (
        (None, {"fields": ("roadmap", ("number", "position"), "section", "activity")}),
        ("Срок", {"fields": DEADLINE_FIELDS}),
        ("Ответственные", {"fields": ("responsible_text", "responsible_officials", "responsible_organizations",
                                      "all_schools", "all_municipalities")}),
        ("Ход исполнения", {"fields": ("status", "status_changed_at", "version")}),
    )
    inlines = [ItemEventInline]
    form = RoadmapItemAdminForm
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}

    @admin.display(description="мероприятие")
    def short_activity(self, obj):
        return obj.activity[:120]

    def save_model(self, request, obj, form, change):
        if change and {"deadline_start", "deadline_end"} & set(form.changed_data):
            # A new period goes through the service, like on the item page: locked, and recorded as a deadline event.
            item_set_deadline(item=obj, user=request.user, start=obj.deadline_start, end=obj.deadline_end,
                              expected_version=obj.version, comment="Срок изменён в администрировании.")
            for field, value in (("deadline_recognized", True), ("deadline_note", "Период указан вручную")):
                if field not in form.changed_data:
                    setattr(obj, field, value)
        if change:
            # An edit here must still invalidate a status form someone has open (optimistic lock).
            bump_version(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        task_sources_changed.fire(roadmap=form.instance.roadmap)  # the schools' tasks follow what was edited


@admin.register(ItemEvent)
class ItemEventAdmin(EventLabels, ScopedAdmin):
    read_only = True  # written by services only
    list_display = ("created_at", "item", "kind", "author_name", "from_label", "to_label", "comment")
    list_filter = ("kind", "item__roadmap__municipality")
    search_fields = ("comment", "item__activity", "author__username", "author__last_name", "evidence_name")
    date_hierarchy = "created_at"
    list_select_related = ("item", "author")
    fields = ("item", "kind", "created_at", "author_name", "from_label", "to_label", "comment", "evidence_file",
              "evidence_name", "evidence_url")
    readonly_fields = fields
