from django.urls import path

from . import views

app_name = "vpr"

urlpatterns = [
    path("", views.comparison, name="comparison"),
    path("export.xlsx", views.comparison_export, name="comparison_export"),
    path("risks/", views.risk_schools, name="risk_schools"),
    path("schools/<int:pk>/", views.school_detail, name="school"),
    path("schools/<int:pk>/task/", views.school_sign_task, name="school_sign_task"),
    path("import/", views.upload, name="import"),
]
