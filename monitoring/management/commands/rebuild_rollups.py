"""Count the compliance rollups again from the tasks (after a restore, a bulk load or a doubt)."""
from django.core.management.base import BaseCommand

from core.clock import local_today
from monitoring.services import rollups_advance, rollups_rebuild


class Command(BaseCommand):
    help = "Пересчитать счётчики исполнения сроков (школы, мероприятия по муниципалитетам) заново по задачам."

    def add_arguments(self, parser):
        parser.add_argument("--advance", action="store_true",
                            help="только перевести счётчики на сегодняшнюю дату (ночной запуск)")

    def handle(self, *args, advance=False, **options):
        today = local_today()
        if advance:
            n = rollups_advance(today)
            self.stdout.write(f"Счётчики переведены на {today:%d.%m.%Y}: пересчитано задач {n}.")
            return
        schools, sources = rollups_rebuild(today)
        self.stdout.write(
            f"Счётчики пересчитаны на {today:%d.%m.%Y}: школ {schools}, строк «мероприятие — муниципалитет» {sources}."
        )
