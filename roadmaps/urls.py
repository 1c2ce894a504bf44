from django.urls import include, path

from . import pickers, views

app_name = "roadmaps"

urlpatterns = [
    path("pick/roadmaps/", pickers.roadmap_picker, name="roadmap_picker"),
    path("roadmaps/", views.roadmap_list, name="roadmap_list"),
    path("roadmaps/<int:pk>/", views.roadmap_detail, name="roadmap_detail"),
    path("roadmaps/<int:pk>/timeline/", views.roadmap_timeline, name="roadmap_timeline"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/status/", views.item_status, name="item_status"),
    path("items/<int:pk>/deadline/", views.item_deadline, name="item_deadline"),
    path("events/<int:pk>/evidence/", views.evidence_download, name="evidence_download"),
    # Import of orders and Excel downloads (roadmaps/urls_import.py), in this namespace.
    path("", include("roadmaps.urls_import")),
]
