from django.urls import path

from . import import_views, pickers
from .acts import views as acts

app_name = "schools"

urlpatterns = [
    path("import/", import_views.schools_import_upload, name="schools_import"),
    path("pick/schools/", pickers.school_picker, name="school_picker"),
    path("pick/municipalities/", pickers.municipality_picker, name="municipality_picker"),
    path("acts/", acts.my_acts, name="my_acts"),
    path("acts/review/", acts.review_queue, name="review_queue"),
    path("acts/register.xlsx", acts.acts_register_export, name="acts_register_export"),
    path("acts/versions/<int:pk>/", acts.act_version, name="act_version"),
    path("acts/versions/<int:pk>/review/", acts.act_review, name="act_review"),
    path("acts/versions/<int:pk>/download/", acts.act_download, name="act_download"),
    path("<int:school_pk>/acts/", acts.school_acts, name="school_acts"),
    path("<int:school_pk>/acts/<slug:kind_code>/upload/", acts.act_upload, name="act_upload"),
]
