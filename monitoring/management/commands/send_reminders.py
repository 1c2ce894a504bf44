"""Daily reminders about per-school task deadlines (run by cron; see README)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from core.clock import local_today

from ...services.reminders import reminders_send


class Command(BaseCommand):
    help = "Рассылает напоминания о сроках задач школ: за N дней до срока и после его наступления."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days-before", type=int, default=7, help="За сколько дней до срока напоминать (по умолчанию 7)."
        )
        parser.add_argument("--date", help="Дата рассылки ГГГГ-ММ-ДД (по умолчанию — сегодня по времени Кемерово).")
        parser.add_argument("--dry-run", action="store_true", help="Только показать, кому ушли бы письма.")

    def handle(self, *args, days_before: int, date: str | None, dry_run: bool, **options):
        if days_before < 0:
            raise CommandError("--days-before не может быть отрицательным.")
        today = _parse_date(date) if date else local_today()
        report = reminders_send(today=today, days_before=days_before, dry_run=dry_run)
        verb = "Будет отправлено" if dry_run else "Отправлено"
        self.stdout.write(f"{today:%d.%m.%Y}: {verb} писем: {report.letters}; задач в напоминаниях: {report.tasks}.")
        for address in report.addresses:
            self.stdout.write(f"  {address}")


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Дата «{value}» не в формате ГГГГ-ММ-ДД.") from exc
