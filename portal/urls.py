from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import dashboard, favicon

admin.site.site_header = "Портал ВСОКО: администрирование"
admin.site.site_title = "Портал ВСОКО"
admin.site.index_title = "Справочники и данные"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", dashboard, name="dashboard"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("roadmaps.urls")),
    path("schools/", include("schools.urls")),
    path("monitoring/vpr/", include("monitoring.vpr.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("procedures/", include("monitoring.procedures.urls")),
    path("jobs/", include("core.jobs.urls")),
    path("notifications/", include("portal.notifications.urls")),
]

# Russian error pages that say why and offer a way back (portal/errors.py, templates/400.html …).
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
