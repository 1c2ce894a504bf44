"""python manage.py load_demo — reference data, both seed orders, demo accounts and statuses. Idempotent.

``--address HOST:PORT`` is where the server will listen (``make run HOST=0.0.0.0:8080`` passes it), so the
printed address is the one actually served; without it, PORTAL_BASE_URL.
"""
import socket

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.demo.acts import load_acts_demo
from portal.demo.monitoring import load_monitoring_demo
from portal.demo.orders import FIXTURES, demo_accounts_ensure, demo_orders_load, demo_statuses_apply
from portal.demo.procedures import load_procedures_demo
from portal.demo.region import load_region_demo
from portal.demo.vpr import load_vpr_demo
from schools.models import Role
from schools.services import reference_data_load

ROLE_LABELS = {
    Role.ADMIN: "администратор",
    Role.FEDERAL: "федеральный специалист",
    Role.REGIONAL: "региональный специалист",
    Role.MUNICIPAL: "специалист МОУО",
    Role.SCHOOL_HEAD: "руководитель ОО",
}


class Command(BaseCommand):
    help = "Загружает демонстрационные данные: справочники, приказы Гурьевска и Новокузнецка, учётные записи."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="",
                            help="Адрес, на котором запущен сервер (HOST:PORT, как у runserver): его покажем для входа.")

    def handle(self, *args, address: str = "", **options):
        try:
            report = reference_data_load(path=FIXTURES / "reference.json")
            roadmaps = demo_orders_load()
            accounts = demo_accounts_ensure()
            events = demo_statuses_apply()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        created = ", ".join(f"{label}: {n}" for label, n in report.created.items()) or "нет"
        self.stdout.write(f"Справочники — добавлено: {created}.")
        for roadmap, new in roadmaps:
            order = roadmap.order
            state = "загружен" if new else "уже был загружен"
            self.stdout.write(f"Приказ № {order.number} от {order.date:%d.%m.%Y} ({roadmap.municipality}): {state}, "
                              f"мероприятий: {roadmap.items.count()}.")
        if events:
            self.stdout.write(f"Демонстрационных отметок о ходе исполнения: {events}.")

        region = load_region_demo()
        self.stdout.write(f"Региональный приказ № 1621 (Кузбасс): {'загружен' if region['created'] else 'уже был загружен'}, "
                          f"задач МОУО — {region['tasks']}, новых отметок МОУО — {region['reports']}.")

        acts = load_acts_demo()
        self.stdout.write(f"Локальные акты: {acts}")
        summary = load_monitoring_demo() or {}
        campaigns = summary.get("campaigns") or []
        self.stdout.write(f"Мониторинг: кампаний проверки сайтов — {len(campaigns)}, "
                          f"новых проверок — {summary.get('checks_written', 0)}.")
        vpr = load_vpr_demo()
        self.stdout.write(f"ВПР (синтетические данные): новых работ — {vpr['rounds']}, участников — {vpr['participants']}.")

        procedures = load_procedures_demo()
        self.stdout.write(f"Оценочные процедуры и мероприятия: новых графиков — {procedures['schedules']}, "
                          f"новых участников — {procedures['participants']}, новых наблюдений — "
                          f"{procedures['observations']}.")

        self._accounts_table(accounts, served_urls(address))

    def _accounts_table(self, accounts, urls: list[str]) -> None:
        rows = [("Логин", "Пароль", "Роль", "Доступ")]
        rows += [(a.username, a.password, ROLE_LABELS[a.role], a.scope_label) for a in accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        self.stdout.write(f"\nДемонстрационные учётные записи (вход: {' или '.join(urls)}):")
        self.stdout.write(line)
        for index, row in enumerate(rows):
            self.stdout.write("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |")
            if index == 0:
                self.stdout.write(line)
        self.stdout.write(line)


def served_urls(address: str, hostname: str | None = None) -> list[str]:
    """Where to open the portal when runserver listens on ``address`` (``HOST:PORT``, ``PORT`` or ``[v6]:PORT``)."""
    if not address:
        return [settings.PORTAL_BASE_URL.rstrip("/") + "/"]
    host, _, port = address.rpartition(":")
    if not host:  # "8080" alone, as runserver accepts
        host = "127.0.0.1"
    if host in ("0.0.0.0", "[::]", "0"):  # every interface: this machine locally, and by its name for the others
        return [f"http://127.0.0.1:{port}/", f"http://{hostname or socket.gethostname()}:{port}/"]
    return [f"http://{host}:{port}/"]
