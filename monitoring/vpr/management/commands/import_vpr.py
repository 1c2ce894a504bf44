"""python manage.py import_vpr FILE [--dry-run] [--json] [--scale "0-6:2,7-11:3,12-17:4,18-24:5"]"""
import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from monitoring.vpr.importers.parser import parse_file
from monitoring.vpr.services import contract_json, import_summary, vpr_import


class Command(BaseCommand):
    help = ("Загружает результаты участников ВПР из выгрузки ФИС ОКО («Индивидуальные результаты») или региональной "
            "выгрузки (XLSX, XLS, ODS, CSV). Всё или ничего; --dry-run --json печатает, что прочитано.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="только прочитать и проверить, ничего не записывать")
        parser.add_argument("--json", action="store_true", help="вывести прочитанное как JSON")
        parser.add_argument("--scale", default="", help="шкала перевода первичного балла в отметку: «0-6:2,7-11:3,...»")
        parser.add_argument("--year", type=int, help="год, если его нет в заголовке файла")
        parser.add_argument("--subject", help="предмет, если его нет в заголовке файла")
        parser.add_argument("--grade", type=int, help="класс (параллель), если его нет в заголовке файла")
        parser.add_argument("--max-score", type=int, help="максимальный первичный балл, если его нет в файле")

    def handle(self, *args, **options):
        path = options["file"]
        overrides = {key: options[key] for key in ("year", "subject", "grade", "max_score")}
        try:
            with open(path, "rb") as handle:
                data = handle.read()
                handle.seek(0)
                parsed = parse_file(handle, name=path.rsplit("/", 1)[-1], scale_text=options["scale"],
                                    overrides=overrides)
        except FileNotFoundError:
            raise CommandError(f"Файл «{path}» не найден.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        summary = import_summary(parsed)
        if options["dry_run"]:
            if options["json"]:
                self.stdout.write(json.dumps(contract_json(summary), ensure_ascii=False, indent=2))
            else:
                self._describe(parsed, summary)
            return
        try:
            result = vpr_import(parsed=parsed, sha256=hashlib.sha256(data).hexdigest())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["json"]:
            self.stdout.write(json.dumps(dict(contract_json(summary), written={
                "round": result.round.pk, "schools": result.schools, "participants": result.participants}),
                ensure_ascii=False, indent=2))
        else:
            self._describe(parsed, summary)
            self.stdout.write(self.style.SUCCESS(
                f"Загружено: {result.round.label}, школ — {result.schools}, участников — {result.participants}."))

    def _describe(self, parsed, summary) -> None:
        self.stdout.write(f"{parsed.file_name}: {parsed.layout_label}; ВПР {parsed.year} {parsed.subject} "
                          f"{parsed.grade} класс, максимум {parsed.max_score}; участников {parsed.participants}, "
                          f"школ {len(parsed.schools)}.")
        for warning in summary["warnings"]:
            self.stdout.write(f"  ! {warning}")
