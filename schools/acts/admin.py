"""Back office for local acts: kinds are reference data an administrator edits; acts, versions and
their history are written by the portal's services only, so here they are read-only and scoped."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from schools.admin_history import HistoryAdmin
from schools.admin_scope import EventLabels, ReadOnlyInline, ScopedAdmin

from ..models import ActEvent, LocalAct, LocalActKind, LocalActVersion


@admin.register(LocalActKind)
class LocalActKindAdmin(HistoryAdmin, ScopedAdmin):
    list_display = ("name", "code", "itemprop", "ordering", "is_active")
    list_editable = ("ordering", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code", "itemprop")

    def get_readonly_fields(self, request, obj=None):
        # Campaigns and pages refer to a kind by its code: it is fixed once acts exist.
        return ("code",) if obj is not None and obj.acts.exists() else ()


class LocalActVersionInline(ReadOnlyInline):
    model = LocalActVersion
    fields = ("number", "original_name", "approval_number", "approval_date", "uploaded_at", "uploaded_by", "state",
              "reviewer", "reviewed_at", "remarks")
    readonly_fields = fields
    ordering = ("-number",)


@admin.register(LocalAct)
class LocalActAdmin(ScopedAdmin):
    read_only = True  # written by services only
    list_display = ("school", "kind", "created_at")
    list_filter = ("kind", "school__municipality")
    search_fields = ("school__short_name", "kind__name")
    list_select_related = ("school", "kind")
    readonly_fields = ("school", "kind", "created_at")
    inlines = [LocalActVersionInline]


class ActEventInline(EventLabels, ReadOnlyInline):
    model = ActEvent
    fields = ("created_at", "author_name", "kind", "from_state", "to_state", "comment")
    readonly_fields = fields


@admin.register(LocalActVersion)
class LocalActVersionAdmin(ScopedAdmin):
    read_only = True  # written by services only
    list_display = ("act_school", "act_kind", "number", "approval_number", "approval_date", "uploaded_at", "state",
                    "reviewer")
    list_filter = ("state", "act__kind", "act__school__municipality")
    search_fields = ("act__school__short_name", "original_name", "approval_number", "sha256")
    list_select_related = ("act__school", "act__kind", "reviewer")
    date_hierarchy = "uploaded_at"
    exclude = ("file",)
    readonly_fields = ("act", "number", "portal_link", "original_name", "size", "content_type", "sha256",
                       "approval_number", "approval_date", "published_url", "comment", "uploaded_by", "uploaded_at",
                       "state", "reviewer", "reviewed_at", "remarks")
    inlines = [ActEventInline]

    @admin.display(description="школа", ordering="act__school__short_name")
    def act_school(self, obj):
        return obj.act.school

    @admin.display(description="вид акта", ordering="act__kind__ordering")
    def act_kind(self, obj):
        return obj.act.kind

    @admin.display(description="на портале")
    def portal_link(self, obj):
        # The file is served only by the portal's scope-checking view, never from here.
        return format_html('<a href="{}">страница версии, скачивание и проверка</a>',
                           reverse("schools:act_version", args=[obj.pk]))
