"""Back office: read-only views of schedules, observations and events, scoped like the portal's pages.

Every write goes through the services on the portal's pages (checks re-run, history recorded), so nothing here is
editable; officers read them here like the other service-written monitoring rows (view permissions only:
monitoring.permissions.PROCEDURES_STAFF_PERMISSIONS).
"""
from django.contrib import admin

from schools.admin_scope import ReadOnlyInline, ScopedAdmin

from .models import HistoryEntry, Observation, Participant, Procedure, ProfessionalEvent, Schedule, ScheduleBreach


class ProcedureInline(ReadOnlyInline):
    model = Procedure
    fields = ("date", "parallel", "letter", "subject", "lesson", "level", "form", "source_row")
    readonly_fields = fields


class BreachInline(ReadOnlyInline):
    model = ScheduleBreach
    fields = ("rule", "class_label", "subject", "first_date", "reason")
    readonly_fields = fields


class HistoryInline(ReadOnlyInline):
    model = HistoryEntry
    fk_name = "schedule"
    fields = ("created_at", "author", "kind", "text")
    readonly_fields = fields


class _ReadOnly(ScopedAdmin):
    read_only = True  # written by the services only


@admin.register(Schedule)
class ScheduleAdmin(_ReadOnly):
    list_display = ("school", "academic_year", "row_count", "breach_count", "checked_at")
    list_filter = ("academic_year", "school__municipality")
    search_fields = ("school__short_name",)
    list_select_related = ("school",)
    inlines = [BreachInline, ProcedureInline, HistoryInline]


@admin.register(Observation)
class ObservationAdmin(_ReadOnly):
    list_display = ("date", "school", "procedure_text", "observers", "task")
    list_filter = ("school__municipality",)
    list_select_related = ("school", "task")
    exclude = ("protocol",)


class ParticipantInline(ReadOnlyInline):
    model = Participant
    fields = ("school", "person", "position", "certificate_number", "file_name", "added_by", "added_at")
    readonly_fields = fields


@admin.register(ProfessionalEvent)
class ProfessionalEventAdmin(_ReadOnly):
    list_display = ("title", "kind", "date_start", "date_end", "organizer", "municipality")
    list_filter = ("kind", "municipality")
    search_fields = ("title",)
    list_select_related = ("organizer", "municipality")
    inlines = [ParticipantInline]
