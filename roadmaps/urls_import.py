"""Order import and Excel downloads. Included by roadmaps/urls.py (namespace «roadmaps»):

    path("", include("roadmaps.urls_import")),
"""
from django.urls import path

from . import views_import

urlpatterns = [
    path("roadmaps/import/", views_import.order_import, name="order_import"),
    path("roadmaps/import/<int:pk>/columns/", views_import.order_import_columns, name="order_import_columns"),
    path("roadmaps/<int:pk>/export.xlsx", views_import.roadmap_export, name="roadmap_export"),
    path("roadmaps/export/summary.xlsx", views_import.summary_export, name="summary_export"),
    path("roadmaps/export/schools.xlsx", views_import.schools_export, name="schools_export"),
]
