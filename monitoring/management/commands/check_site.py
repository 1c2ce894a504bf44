"""manage.py check_site URL [--json] [--allow-private]: check one school site now; writes nothing."""

import json as jsonlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from monitoring.sitecheck import FetchProblem, check_site, portal_fetcher


class Command(BaseCommand):
    help = "Проверяет сайт школы (раздел «Сведения», Положение о ВСОКО, о текущем контроле); ничего не записывает."

    def add_arguments(self, parser):
        parser.add_argument("url", help="адрес сайта школы")
        parser.add_argument("--json", action="store_true", help="вывести результат одним JSON-объектом")
        parser.add_argument(
            "--allow-private", action="store_true",
            help="разрешить адреса самого сервера (127.0.0.1) — только для тестов; запрещено в рабочем режиме",
        )

    def handle(self, *args, url, json: bool, allow_private: bool, **options):
        if allow_private and getattr(settings, "PRODUCTION", False):
            raise CommandError("--allow-private запрещён в рабочем режиме (DJANGO_PROFILE=production).")
        try:
            fetcher = portal_fetcher(allow_private=allow_private or None)
        except FetchProblem as problem:
            raise CommandError(problem.message) from None
        with fetcher:
            result = check_site(url, fetcher=fetcher)
        if json:
            self.stdout.write(_dumps(result.as_json()))
            return
        self.stdout.write(f"Сайт: {result.url} — {'доступен' if result.reachable else 'недоступен'}")
        if result.section_url:
            self.stdout.write(f"Раздел «Сведения об образовательной организации»: {result.section_url}")
        for doc in result.documents:
            approved = doc.approved_on.strftime("%d.%m.%Y") if doc.approved_on else "—"
            signed = {True: "да", False: "нет", None: "—"}[doc.signed]
            opens = "открывается" if doc.reachable else "не открывается"
            self.stdout.write(f"  {doc.kind}: {doc.url} ({opens}; утверждён {approved}; ЭП: {signed})")
        for problem in result.problems:
            self.stdout.write(f"! {problem.message}")


def _dumps(data) -> str:
    return jsonlib.dumps(data, ensure_ascii=False, indent=2)
