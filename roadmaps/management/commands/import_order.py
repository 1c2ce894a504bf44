"""python manage.py import_order FILE [--municipality SHORT] [--columns "activity=2,deadline=3,..."] [--dry-run] [--json]"""
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from roadmaps.importers.document import core, summary_lines
from roadmaps.importers.reader import ColumnsUnplaced, parse_columns, read_document
from schools.models import Municipality


class Command(BaseCommand):
    help = ("Загружает приказ с дорожной картой (или одну дорожную карту) из файла TXT, DOCX или XLSX. "
            "Всё или ничего: при ошибке ничего не записывается.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="файл приказа: .txt, .docx или .xlsx")
        parser.add_argument("--municipality", help="краткое название муниципалитета (по умолчанию — по органу, "
                                                   "издавшему приказ)")
        parser.add_argument("--columns", help="какой столбец что содержит, если заголовки таблицы не распознаны: "
                                              "\"activity=2,deadline=3,responsible=4\" (номера с 1 или буквы Excel); "
                                              "роли: number, activity, deadline, responsible, start, end")
        parser.add_argument("--dry-run", action="store_true", help="только прочитать и показать, ничего не записывать")
        parser.add_argument("--json", action="store_true", help="вывести прочитанное в формате JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        try:
            columns = parse_columns(options["columns"]) if options["columns"] else None
            with path.open("rb") as file:
                document = read_document(file, name=path.name, columns=columns)
        except ColumnsUnplaced as unplaced:
            listed = ", ".join(f"{letter} «{header}»" for letter, header in zip(unplaced.letters, unplaced.headers)
                               if header)
            raise CommandError(f"{unplaced.messages[0]} Столбцы: {listed}. Укажите их ключом --columns, например "
                               "--columns \"activity=2,deadline=3,responsible=4\".") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        municipality = self._municipality(options["municipality"])
        summary_out = self.stderr if options["json"] else self.stdout
        if options["json"]:
            self.stdout.write(json.dumps(core(document), ensure_ascii=False, indent=2))
        else:
            for line in summary_lines(document):
                self.stdout.write(line)
        if options["dry_run"]:
            summary_out.write("Пробный запуск: в портал ничего не записано.")
            return
        from roadmaps.importers.writer import order_import

        try:
            roadmap = order_import(data=document, municipality=municipality)
        except ValidationError as error:
            raise CommandError("Ничего не записано: " + " ".join(error.messages)) from None
        if roadmap is None:
            summary_out.write("Записан приказ без дорожной карты.")
        else:
            summary_out.write(f"Записано: дорожная карта № {roadmap.pk} ({roadmap.municipality}), "
                              f"мероприятий: {roadmap.items.count()}.")

    def _municipality(self, name: str | None) -> Municipality | None:
        if not name:
            return None
        found = Municipality.objects.filter(short_name__iexact=name).first() or \
            Municipality.objects.filter(name__iexact=name).first()
        if found is None:
            raise CommandError(f"Муниципалитет «{name}» не найден.")
        return found
