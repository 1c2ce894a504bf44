from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.query import page_number
from core.clock import local_today

from . import selectors, services

PAGE_SIZE = 30


@require_GET
def notification_list(request):
    services.notify_overdue_tasks(user=request.user, today=local_today())
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(page_number(request))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_open(request, pk: int):
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    return redirect(services.notification_open(notification=notification, user=request.user))


@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"Отмечено прочитанными: {count}.")
    return redirect("notifications:list")
