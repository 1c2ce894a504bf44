"""python manage.py import_schools FILE.xlsx [--dry-run] [--user USERNAME]"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.imports import acting_as

from schools.importers import schools_import


class Command(BaseCommand):
    help = ("Загружает школы из книги Excel (Муниципалитет, Полное наименование, Краткое наименование, "
            "Руководитель, Сайт, Электронная почта): создаёт новые и обновляет найденные по краткому "
            "наименованию. Всё или ничего: при отказе хотя бы по одной строке ничего не записывается.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="файл .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="только проверить и показать, ничего не записывать")
        parser.add_argument("--user", help="логин: загрузка в границах его прав (по умолчанию — без ограничений)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Пользователь «{options['user']}» не найден.")
        try:
            with path.open("rb") as file, acting_as(user):  # the schools' history names --user as who changed them
                report = schools_import(file=file, name=path.name, user=user, dry_run=options["dry_run"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for row in report.rows:
            self.stdout.write(f"Строка {row.row}: {row.short_name or '—'} ({row.municipality or '—'}) — {row.label}")
        self.stdout.write(f"Создано: {report.count('created')}, изменено: {report.count('changed')}, "
                          f"без изменений: {report.count('unchanged')}, отказано: {report.refused}.")
        if report.refused:
            raise CommandError("Ничего не записано: исправьте строки с отказом и загрузите файл снова.")
        self.stdout.write("Записано." if report.written else "Пробный запуск: ничего не записано."
                          if options["dry_run"] else "Изменений нет.")
