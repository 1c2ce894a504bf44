"""python manage.py export_report KIND --output FILE.xlsx [--user USERNAME] [options of the kind]

Kinds come from each app's ``reports.py`` (core.xlsx.register_report); `export_report --help` lists them.
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.xlsx import report_kinds


class _Everything:
    """No --user: the report is built as an administrator sees it (everything)."""

    pk = None
    username = ""
    is_authenticated = is_active = is_superuser = is_staff = True

    def get_full_name(self) -> str:
        return "администратор (командная строка)"


class Command(BaseCommand):
    help = "Выгружает отчёт в Excel (XLSX) в границах доступа пользователя."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, title="вид отчёта", metavar="KIND")
        for kind in report_kinds().values():
            sub = kinds.add_parser(kind.name, help=kind.label, description=kind.label)
            sub.add_argument("--output", help="файл .xlsx (по умолчанию — имя по виду отчёта)")
            sub.add_argument("--user", help="логин: отчёт строится в границах его доступа "
                                            "(по умолчанию — как у администратора, всё)")
            if kind.add_arguments:
                kind.add_arguments(sub)

    def handle(self, *args, **options):
        kind = report_kinds()[options["kind"]]
        user = self._user(options.get("user"))
        output = Path(options.get("output") or kind.filename(options))
        if output.suffix.lower() != ".xlsx":
            raise CommandError(f"Имя файла «{output}» должно оканчиваться на .xlsx.")
        try:
            with output.open("wb") as target:
                rows = kind.write(user=user, target=target, options=options)
        except ValidationError as error:
            output.unlink(missing_ok=True)
            raise CommandError(" ".join(error.messages)) from None
        except OSError as error:
            raise CommandError(f"Не удалось записать «{output}»: {error}") from None
        self.stdout.write(f"{kind.label}: строк {rows}, файл {output}.")

    def _user(self, username: str | None):
        if not username:
            return _Everything()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Пользователь «{username}» не найден.")
        if not user.is_active:
            raise CommandError(f"Учётная запись «{username}» отключена.")
        return user
