"""The background queue's dashboard (django_rq) is the superuser's: it lists, requeues and deletes jobs of every
municipality, so officers — staff of the scoped back office — must not reach it (the permission matrix found
django_rq letting every staff member in)."""
from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django_rq.admin import QueueAdmin
from django_rq.models import Dashboard


class SuperuserQueueAdmin(QueueAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def get_urls(self):
        def superuser_only(view):
            @wraps(view)
            def wrapper(request, *args, **kwargs):
                if not self.has_module_permission(request):
                    raise PermissionDenied("Очередь фоновых задач доступна только администратору.")
                return view(request, *args, **kwargs)
            return wrapper

        urls = super().get_urls()
        for pattern in urls:
            pattern.callback = superuser_only(pattern.callback)
        return urls


if admin.site.is_registered(Dashboard):
    admin.site.unregister(Dashboard)
    admin.site.register(Dashboard, SuperuserQueueAdmin)
