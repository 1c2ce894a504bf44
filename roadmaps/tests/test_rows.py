"""The roadmap pages' rows built in Python (roadmaps.rows) give the markup the templates they replaced gave."""
import re
from datetime import date

from django.template import engines

from roadmaps import rows
from roadmaps.hooks import SchoolsProgress
from roadmaps.models import Order, Roadmap, RoadmapItem
from roadmaps.selectors import Progress
from roadmaps.status import Status
from schools.models import Municipality, Organization, Region

# The templates as they were (roadmaps/_progress.html, _schools_progress.html, the loops of _roadmap_table.html and
# roadmap_list.html), kept here to hold the Python rows to them.
PROGRESS = """<div class="progress progress-h-11" role="progressbar" aria-label="Выполнено" aria-valuenow="{{ p.percent_done }}" aria-valuemin="0" aria-valuemax="100">
  <div class="progress-bar bg-success pct-{{ p.percent_done|floatformat:0 }}">{{ p.percent_done }}%</div>
</div>
<div class="small-muted mt-1">
  выполнено {{ p.done }} из {{ p.total }}{% if p.in_progress %} · в работе {{ p.in_progress }}{% endif %}{% if p.overdue %} · <span class="text-danger fw-semibold">просрочено {{ p.overdue }}</span>{% endif %}{% if p.due_soon %} · срок в ближайшие 30 дней: {{ p.due_soon }}{% endif %}
</div>"""
SCHOOLS = """{% if p %}<div class="small mt-1 schools-progress" data-done="{{ p.done }}" data-total="{{ p.total }}">выполнили {{ p.done }} из {{ p.total }} ОО{% if p.overdue %} · <span class="text-danger">просрочили {{ p.overdue }}</span>{% endif %}</div>
{% if item.status == "done" and p.overdue %}<div><span class="badge text-bg-danger flag-done-overdue" title="Мероприятие отмечено выполненным, а школы не выполнили задачу в срок">выполнено, но {{ p.overdue }} ОО просрочили</span></div>{% endif %}{% endif %}"""
ITEM_ROWS = """{% load roadmap_tags %}{% for item in items %}
    <tr class="{% if item.is_overdue %}row-overdue{% endif %}" data-item="{{ item.number }}">
      <td>{{ item.number }}.</td>
      <td>{% if item.section %}<div class="small-muted">{{ item.section }}</div>{% endif %}<a href="{% url 'roadmaps:item_detail' item.pk %}" class="text-body text-decoration-none">{{ item.activity }}</a></td>
      <td><span class="deadline-phrase">{{ item.deadline_text }}</span>{% if item.deadline_recurrence %} <span class="badge text-bg-secondary">{{ item.get_deadline_recurrence_display }}</span>{% endif %}
        <div class="small-muted">{% if item.deadline_recognized %}{% period item.deadline_start item.deadline_end %}{% else %}<span class="text-danger">срок не распознан</span>{% endif %}</div></td>
      <td>{{ item.responsible_text|default:"—" }}{% if item.all_schools %}<div><span class="badge text-bg-info">все ОО</span></div>{% with p=item.schools %}SCHOOLS{% endwith %}{% endif %}{% if item.all_municipalities %}<div><span class="badge text-bg-info">все МОУО</span></div>{% endif %}</td>
      <td>{% status_badge item.status %}{% if item.is_overdue %}<div><span class="badge text-bg-danger mt-1">просрочено</span></div>{% endif %}</td>
    </tr>
  {% empty %}
    <tr><td colspan="5" class="text-muted">Нет мероприятий, подходящих под условия.</td></tr>
  {% endfor %}""".replace("SCHOOLS", SCHOOLS)
ROADMAP_ROWS = """{% for roadmap in roadmaps %}
    <tr>
      <td><a href="{% url 'roadmaps:roadmap_detail' roadmap.pk %}">{{ roadmap.owner.name }}</a></td>
      <td>{{ roadmap.academic_year_label }}</td>
      <td>{% if roadmap.order %}<a href="{% url 'roadmaps:order_detail' roadmap.order.pk %}">{{ roadmap.order.issuer }} от {{ roadmap.order.date|date:"d.m.Y" }} № {{ roadmap.order.number }}</a>{% else %}—{% endif %}</td>
      <td>{% with p=roadmap.progress %}PROGRESS{% endwith %}</td>
    </tr>
  {% empty %}
    <tr><td colspan="4" class="text-muted p-3">В вашей области видимости нет дорожных карт.</td></tr>
  {% endfor %}""".replace("PROGRESS", PROGRESS)


def _same(template: str, context: dict, built) -> None:
    expected = engines["django"].from_string(template).render(context)
    assert re.sub(r"\s+", "", str(built)) == re.sub(r"\s+", "", expected)


def _item(pk, **fields):
    schools = fields.pop("schools", None)
    is_overdue = fields.pop("is_overdue", False)
    item = RoadmapItem(pk=pk, number=str(pk), activity=f"Мероприятие <{pk}> & «кавычки»", **fields)
    item.is_overdue, item.schools = is_overdue, schools
    return item


def test_item_rows_match_the_template():
    items = [
        _item(1, section="Раздел <1>", deadline_text="до 01.09.2022", deadline_end=date(2022, 9, 1),
              deadline_recognized=True, responsible_text="Иванов И.И. & Ко", status=Status.IN_PROGRESS, is_overdue=True),
        _item(2, deadline_text="ежемесячно", deadline_recurrence="monthly", deadline_start=date(2022, 9, 1),
              deadline_end=date(2023, 5, 31), deadline_recognized=True, all_schools=True, status=Status.DONE,
              schools=SchoolsProgress(total=10, done=7, overdue=3)),
        _item(3, deadline_text="по мере необходимости", deadline_recognized=False, all_schools=True,
              status=Status.DONE, schools=SchoolsProgress(total=4, done=4, overdue=0)),
        _item(4, deadline_text="в течение года", deadline_start=date(2022, 9, 1), deadline_end=date(2022, 9, 1),
              deadline_recognized=True, all_schools=True, status=Status.NOT_STARTED, schools=None),
        _item(5, deadline_text="с января", deadline_start=date(2023, 1, 1), deadline_recognized=True,
              status=Status.CANCELLED, all_schools=True, schools=SchoolsProgress(total=2, done=0, overdue=2)),
        _item(6, deadline_text="до 01.08.2022", deadline_end=date(2022, 8, 1), deadline_recognized=True,
              responsible_text="органы местного самоуправления", all_municipalities=True, status=Status.NOT_STARTED),
    ]
    assert items[1].deadline_recurrence and items[1].get_deadline_recurrence_display() != "monthly"
    html = str(rows.item_rows(items))
    assert "&lt;1&gt;" in html and "Иванов И.И. &amp; Ко" in html and "<1>" not in html
    assert "срок не распознан" in html and "flag-done-overdue" in html and "row-overdue" in html
    assert "все МОУО" in html
    _same(ITEM_ROWS, {"items": items}, html)
    _same(ITEM_ROWS, {"items": []}, rows.item_rows([]))


def test_roadmap_rows_and_progress_match_the_template():
    region = Region(pk=1, name="Область", code="42")
    municipality = Municipality(pk=2, name="Город & <село>", short_name="Город", region=region)
    issuer = Organization(pk=3, name="Управление", short_name="УО <города>")
    order = Order(pk=4, issuer=issuer, number="<12>", date=date(2022, 7, 25))
    progress = [
        Progress(total=11, done=3, in_progress=2, not_started=5, cancelled=1, overdue=4, due_soon=2),
        Progress(total=0, done=0, in_progress=0, not_started=0, cancelled=0, overdue=0, due_soon=0),
        Progress(total=3, done=1, in_progress=0, not_started=2, cancelled=0, overdue=0, due_soon=1),
    ]
    roadmaps = [
        Roadmap(pk=5, municipality=municipality, order=order, academic_year=2022),
        Roadmap(pk=6, region=region, academic_year=2023),
        Roadmap(pk=7, municipality=municipality, academic_year=2021),
    ]
    for roadmap, p in zip(roadmaps, progress):
        roadmap.progress = p
    html = str(rows.roadmap_rows(roadmaps))
    assert "Город &amp; &lt;село&gt;" in html and "&lt;12&gt;" in html and "25.07.2022" in html
    _same(ROADMAP_ROWS, {"roadmaps": roadmaps}, html)
    _same(ROADMAP_ROWS, {"roadmaps": []}, rows.roadmap_rows([]))
    for p in progress:
        _same(PROGRESS, {"p": p}, rows.progress_html(p))


def test_schools_progress_matches_the_template():
    for status in (Status.DONE, Status.IN_PROGRESS):
        for p in (None, SchoolsProgress(total=5, done=2, overdue=3), SchoolsProgress(total=5, done=5, overdue=0)):
            _same(SCHOOLS, {"p": p, "item": {"status": status}}, rows.schools_progress_html(status, p))
