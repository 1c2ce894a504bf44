from django.urls import path

from . import views
from .views import municipality_tasks
from .views.campaign_edit import campaign_edit

app_name = "monitoring"

urlpatterns = [
    path("cabinet/", views.cabinet, name="cabinet"),
    path("schools/<int:pk>/", views.school_cabinet, name="school_cabinet"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("tasks/<int:pk>/extend/", views.task_extend, name="task_extend"),
    path("tasks/late/", views.late_tasks, name="late_tasks"),
    path("tasks/<int:pk>/decide-late/", views.task_decide_late, name="task_decide_late"),
    path("task-events/<int:pk>/evidence/", views.task_evidence, name="task_evidence"),
    # what a municipality owes its region under regional orders (one task per municipality)
    path("region-tasks/", municipality_tasks.municipality_tasks, name="municipality_tasks"),
    path("region-tasks/<int:pk>/", municipality_tasks.municipality_task_detail, name="municipality_task_detail"),
    path("region-tasks/<int:pk>/status/", municipality_tasks.municipality_task_status,
         name="municipality_task_status"),
    path("region-task-events/<int:pk>/evidence/", municipality_tasks.municipality_task_evidence,
         name="municipality_task_evidence"),
    path("compliance/", views.compliance_matrix, name="compliance_matrix"),
    path("compliance/export.xlsx", views.compliance_matrix_export, name="compliance_matrix_export"),
    path("compliance/rates/", views.compliance_rates, name="compliance_rates"),
    path("compliance/rates/export.xlsx", views.compliance_rates_export, name="compliance_rates_export"),
    path("compliance/all-schools.xlsx", views.region_compliance_export, name="region_compliance_export"),
    path("municipalities/", views.municipalities, name="municipalities"),
    path("municipalities/export.xlsx", views.municipalities_export, name="municipalities_export"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:pk>/schools/<int:school_pk>/", views.website_check_edit, name="website_check_edit"),
    path("campaigns/<int:pk>/sitecheck/", views.sitecheck_run, name="sitecheck_run"),
    path("campaigns/<int:pk>/sitecheck/progress.json", views.sitecheck_progress, name="sitecheck_progress"),
    path(
        "campaigns/<int:pk>/schools/<int:school_pk>/confirm/",
        views.website_check_confirm_view,
        name="website_check_confirm",
    ),
]
