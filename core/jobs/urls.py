from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/status.json", views.job_status, name="status"),
    path("<int:pk>/download/", views.job_download, name="download"),
] + [  # an import's two steps (core.imports): /jobs/<pk>/confirm/, /jobs/<pk>/cancel/
    path(f"<int:pk>/{step}/", view, name=f"import_{step}")
    for step, view in (("confirm", views.import_confirm), ("cancel", views.import_cancel))
]
