"""The portal's URLs plus the plain page every figure of the national bench is compared with:
50 rows of a query (schools with their municipality) rendered through a Django template, behind login."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from schools.models import School

PLAIN_TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Школы</title></head><body>
<table>{% for school in schools %}<tr><td>{{ forloop.counter }}</td><td>{{ school.short_name }}</td>
<td>{{ school.municipality.short_name }}</td><td>{{ school.website }}</td><td>{{ school.created_at|date:"d.m.Y" }}</td></tr>
{% endfor %}</table></body></html>"""
)


@login_required
def plain_page(request):
    schools = School.objects.select_related("municipality").order_by("pk")[:50]
    return HttpResponse(PLAIN_TEMPLATE.render({"schools": schools}, request))


urlpatterns = [
    path("bench-plain/", plain_page, name="bench_plain"),
    path("", include("portal.urls")),
]
