"""Back office for monitoring data, scoped like the portal's pages (schools.admin_scope).

Tasks, their history, website checks and reminders are written by services only (they keep versions, events and
who-checked-when), so the back office shows them read-only; campaigns and their checklists are edited here.
"""

from django.contrib import admin

from schools.admin_history import HistoryAdmin
from schools.admin_scope import ChangeEventInline, ReadOnlyInline, ScopedAdmin, ScopedInline

from .models import CheckCriterion, CriterionScore, ReminderLog, SchoolTask, TaskEvent, WebsiteCampaign, WebsiteCheck


class TaskEventInline(ChangeEventInline):
    model = TaskEvent


@admin.register(SchoolTask)
class SchoolTaskAdmin(ScopedAdmin):
    read_only = True  # written by services only
    list_display = ("school", "source_label", "due_date", "due_date_extended", "status", "done_at")
    list_filter = ("status", "due_date_extended", "school__municipality")
    search_fields = ("school__short_name", "item__activity", "clause__text")
    list_select_related = ("school", "item", "clause__order")
    date_hierarchy = "due_date"
    inlines = [TaskEventInline]

    @admin.display(description="основание")
    def source_label(self, obj):
        return obj.source_label


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
