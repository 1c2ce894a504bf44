"""Back office for monitoring data, scoped like the portal's pages (schools.admin_scope).

Tasks, their history, website checks (automatic runs, their jobs, a check's history and findings included) and
reminders are written by services only (they keep versions, events and who-checked-when), so the back office shows
them read-only; campaigns and their checklists are edited here.
"""

from django.contrib import admin

from schools.admin_history import HistoryAdmin
from schools.admin_scope import ChangeEventInline, ReadOnlyInline, ScopedAdmin, ScopedInline

from .models import (
    CheckCriterion, CriterionScore, MunicipalityTask, MunicipalityTaskEvent, ReminderLog, SchoolTask, TaskEvent,
    WebsiteCampaign, WebsiteCheck,
)
from .models.sitecheck import SiteCheckJob, SiteCheckRun, WebsiteCheckEvent, WebsiteCheckFinding
from .sitecheck.checker import KIND_LABELS


class TaskEventInline(ChangeEventInline):
    model = TaskEvent


class SourceLabel:
    """A task's source in full, in a column of the list."""

    @admin.display(description="основание")
    def source_label(self, obj):
        return obj.source_label


@admin.register(SchoolTask)
class SchoolTaskAdmin(SourceLabel, ScopedAdmin):
    read_only = True  # written by services only
    list_display = ("school", "source_label", "due_date", "due_date_extended", "status", "done_at")
    list_filter = ("status", "due_date_extended", "school__municipality")
    search_fields = ("school__short_name", "item__activity", "clause__text")
    list_select_related = ("school", "item", "clause__order")
    date_hierarchy = "due_date"
    inlines = [TaskEventInline]


class MunicipalityTaskEventInline(ChangeEventInline):
    model = MunicipalityTaskEvent


@admin.register(MunicipalityTask)
class MunicipalityTaskAdmin(SourceLabel, ScopedAdmin):
    read_only = True  # written by services only
    list_display = ("municipality", "source_label", "due_date", "status", "done_at")
    list_filter = ("status", "municipality")
    search_fields = ("municipality__short_name", "item__activity", "clause__text")
    list_select_related = ("municipality", "item__roadmap__order", "clause__order")
    date_hierarchy = "due_date"
    inlines = [MunicipalityTaskEventInline]


class CriterionInline(ScopedInline, admin.TabularInline):
    model = CheckCriterion
    extra = 0
    fields = ("position", "code", "title", "short_title", "max_score", "description")


@admin.register(WebsiteCampaign)
class WebsiteCampaignAdmin(ScopedAdmin):
    list_display = ("title", "municipality", "period_start", "period_end", "item")
    list_filter = ("municipality",)
    search_fields = ("title",)
    list_select_related = ("municipality", "item")
    filter_horizontal = ("act_kinds",)
    readonly_fields = ("created_by", "created_at")
    inlines = [CriterionInline]


@admin.register(CheckCriterion)
class CheckCriterionAdmin(HistoryAdmin, ScopedAdmin):
    list_display = ("title", "short_title", "campaign", "position", "max_score")
    list_filter = (("campaign", admin.EmptyFieldListFilter),)
    search_fields = ("title", "code")
    ordering = ("campaign", "position")


class CriterionScoreInline(ReadOnlyInline):
    model = CriterionScore
    fields = ("criterion", "score")
    readonly_fields = fields


@admin.register(WebsiteCheck)
class WebsiteCheckAdmin(ScopedAdmin):
    read_only = True  # written by services only
    list_display = ("school", "campaign", "found", "method", "checked_by", "checked_at")
    list_filter = ("found", "method", "campaign__municipality")
    search_fields = ("school__short_name", "campaign__title", "remarks")
    list_select_related = ("school", "campaign", "checked_by")
    inlines = [CriterionScoreInline]


@admin.register(ReminderLog)
class ReminderLogAdmin(ScopedAdmin):
    read_only = True  # written by services only
    list_display = ("sent_on", "kind", "task", "due_date", "recipients")
    list_filter = ("kind",)
    date_hierarchy = "sent_on"
    list_select_related = ("task__school", "task__item", "task__clause")


# --- automatic website checks: written by the worker's tasks and the services, read-only here ----------------


class SiteCheckJobInline(ReadOnlyInline):
    model = SiteCheckJob
    fields = ("school", "state", "finished_at", "error")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("school")


@admin.register(SiteCheckRun)
class SiteCheckRunAdmin(ScopedAdmin):
    read_only = True  # started by the campaign page, its jobs done by the worker
    list_display = ("campaign", "started_at", "started_by", "approved_after")
    list_filter = ("campaign__municipality",)
    search_fields = ("campaign__title",)
    list_select_related = ("campaign", "started_by")
    date_hierarchy = "started_at"
    inlines = [SiteCheckJobInline]


@admin.register(SiteCheckJob)
class SiteCheckJobAdmin(ScopedAdmin):
    read_only = True
    list_display = ("school", "run", "state", "finished_at", "error")
    list_filter = ("state", "run__campaign__municipality")
    search_fields = ("school__short_name", "error")
    list_select_related = ("school", "run__campaign")


class FindingText:
    """A finding in Russian: a document by what it is (its kind's label), a problem by its message."""

    @admin.display(description="что найдено")
    def what(self, obj):
        if obj.kind == WebsiteCheckFinding.Kind.DOCUMENT:
            label = KIND_LABELS.get(obj.code, "документ")
            return f"{label}: «{obj.message}»" if obj.message and obj.message != label else label
        return obj.message


class WebsiteCheckFindingInline(FindingText, ReadOnlyInline):
    model = WebsiteCheckFinding
    fields = ("kind", "what", "url", "found_on", "reachable", "approved_on", "signed")
    readonly_fields = fields
    ordering = ("position",)


@admin.register(WebsiteCheckEvent)
class WebsiteCheckEventAdmin(ScopedAdmin):
    read_only = True  # the history of a school's check: automatic results, confirmations, corrections
    list_display = ("check_result", "kind", "at", "actor", "site_reachable", "found")
    list_filter = ("kind", "site_reachable", "check_result__campaign__municipality")
    search_fields = ("check_result__school__short_name", "check_result__campaign__title", "remarks")
    list_select_related = ("check_result__school", "check_result__campaign", "actor")
    date_hierarchy = "at"
    inlines = [WebsiteCheckFindingInline]


@admin.register(WebsiteCheckFinding)
class WebsiteCheckFindingAdmin(FindingText, ScopedAdmin):
    read_only = True
    list_display = ("event", "kind", "what", "url", "reachable", "approved_on", "signed")
    list_filter = ("kind", "reachable", "signed", "event__check_result__campaign__municipality")
    search_fields = ("event__check_result__school__short_name", "url", "message")
    list_select_related = ("event__check_result__school", "event__check_result__campaign")
