from django.urls import path

from .views import control, events, schedules

app_name = "procedures"

urlpatterns = [
    path("schedules/", schedules.schedule_list, name="schedule_list"),
    path("schedules/export.xlsx", schedules.schedules_export, name="schedules_export"),
    path("schedules/upload/", schedules.schedule_upload, name="schedule_upload"),
    path("schedules/upload/<int:pk>/mapping/", schedules.schedule_mapping, name="schedule_mapping"),
    path("schedules/<int:pk>/", schedules.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/export.xlsx", schedules.schedule_export, name="schedule_export"),
    path("schedules/<int:pk>/rows/", schedules.procedure_add, name="procedure_add"),
    path("schedules/<int:pk>/hours/", schedules.hours_set, name="hours_set"),
    path("schedules/<int:pk>/settings/", schedules.settings_set, name="settings_set"),
    path("rows/<int:pk>/delete/", schedules.procedure_delete, name="procedure_delete"),
    path("observations/", control.observation_list, name="observation_list"),
    path("observations/new/", control.observation_create, name="observation_create"),
    path("observations/<int:pk>/", control.observation_detail, name="observation_detail"),
    path("observations/<int:pk>/protocol/", control.observation_protocol, name="observation_protocol"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_create, name="event_edit"),
    path("events/<int:pk>/participants/", events.participant_add, name="participant_add"),
    path("events/<int:pk>/attendance/", events.attendance_import, name="attendance_import"),
    path("events/<int:pk>/materials/", events.material_add, name="material_add"),
    path("participants/<int:pk>/delete/", events.participant_remove, name="participant_remove"),
    path("participants/<int:pk>/certificate/", events.certificate_download, name="certificate_download"),
    path("materials/<int:pk>/", events.material_download, name="material_download"),
    path("items/<int:pk>/", events.item_coverage, name="item_coverage"),
]
