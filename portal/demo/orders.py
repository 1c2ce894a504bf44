"""The demo: both seed orders, demo accounts and a few statuses, so the dashboard is alive.

Idempotent: an order already in the portal is left as it is, accounts are found by login, and a status
is set only on an item that has no history yet.
"""
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from roadmaps.importers.writer import order_find, order_import
from roadmaps.models import Roadmap, RoadmapItem
from roadmaps.services import item_set_status
from roadmaps.status import Status
from schools.models import Municipality, Official, Region, Role, School
from schools.names import person_key, split_person_name
from schools.services import account_ensure, staff_groups_ensure, user_role_set

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str
    region: str = ""  # Region.code
    municipality: str = ""  # Municipality.short_name
    school: str = ""  # School.short_name
    official: str = ""  # «Фамилия И.О.» of an Official of the municipality
    first_name: str = ""
    last_name: str = ""

    @property
    def scope_label(self) -> str:
        if self.role == Role.ADMIN:
            return "всё; администрирование"
        if self.role == Role.FEDERAL:
            return "все регионы; только просмотр"
        if self.role == Role.REGIONAL:
            return "Кузбасс (42): все муниципалитеты; приказы региона"
        if self.role == Role.MUNICIPAL:
            return f"{self.municipality}: просмотр и изменение"
        return f"{self.school} ({self.municipality})"


ACCOUNTS = (
    Account("admin", "admin", Role.ADMIN, first_name="Администратор"),
    Account("federal", DEMO_PASSWORD, Role.FEDERAL, first_name="Федеральный", last_name="специалист"),
    Account("regional", DEMO_PASSWORD, Role.REGIONAL, region="42", first_name="Региональный", last_name="специалист"),
    Account("gur_officer", DEMO_PASSWORD, Role.MUNICIPAL, municipality="Гурьевский МО", official="Павловец О. М.",
            first_name="О. М.", last_name="Павловец"),
    Account("gur_head", DEMO_PASSWORD, Role.SCHOOL_HEAD, municipality="Гурьевский МО", school="МБОУ «Урская СОШ»",
            official="Руглова Н. А.", first_name="Н. А.", last_name="Руглова"),
    Account("nvk_officer", DEMO_PASSWORD, Role.MUNICIPAL, municipality="Новокузнецк", official="Белова Г. М.",
            first_name="Г. М.", last_name="Белова"),
    Account("nvk_head", DEMO_PASSWORD, Role.SCHOOL_HEAD, municipality="Новокузнецк", school="МБОУ «СОШ № 5»",
            first_name="Е. В.", last_name="Демидова"),
)

# (municipality, item number) -> the steps an officer took, oldest first: (status, comment, evidence link).
STATUS_STORY = {
    ("Гурьевский МО", "1"): [(Status.DONE, "Семинар проведён на базе МБОУ «Урская СОШ», материалы разосланы в ОО.", "")],
    ("Гурьевский МО", "2"): [
        (Status.IN_PROGRESS, "Вопрос включён в повестку августовского совещания.", ""),
        (Status.DONE, "Совещание проведено 26.08.2022, протокол размещён на сайте.",
         "https://uo-guryevsk.example.ru/news/avgustovskoe-soveshchanie-2022"),
    ],
    ("Гурьевский МО", "3"): [(Status.DONE, "Участвовали начальник отдела и руководители всех ОО.", "")],
    ("Гурьевский МО", "4"): [(Status.IN_PROGRESS, "Консультации идут по графику, проведено 3 из 8.", "")],
    ("Новокузнецк", "1"): [(Status.DONE, "Совещание проведено 25.08.2022 совместно с МАОУ ДПО ИПК.", "")],
    ("Новокузнецк", "2"): [(Status.DONE, "Программы курсов обновлены и утверждены.",
                            "https://ipk-nk.example.ru/kursy/vsoko-2022")],
    ("Новокузнецк", "3"): [(Status.IN_PROGRESS, "Консультации проводятся по заявкам ОО.", "")],
}


def demo_orders_load(*, directory: Path = FIXTURES / "orders") -> list[tuple[Roadmap, bool]]:
    """Every fixtures/orders/*.json through order_import; an order already loaded is kept. -> (roadmap, created)."""
    result = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        existing = order_find(data=data)
        if existing is not None:
            result.append((existing.roadmaps.order_by("pk").first(), False))
            continue
        try:
            result.append((order_import(data=data), True))
        except ValidationError as error:
            raise ValidationError(f"{path.name}: {' '.join(error.messages)}") from None
    return result


@transaction.atomic
def demo_accounts_ensure(accounts=ACCOUNTS) -> list[Account]:
    staff_groups_ensure()
    for account in accounts:
        user = account_ensure(username=account.username, password=account.password,
                              first_name=account.first_name, last_name=account.last_name)
        region = Region.objects.get(code=account.region) if account.region else None
        municipality = Municipality.objects.get(short_name=account.municipality) if account.municipality else None
        school = School.objects.get(municipality=municipality, short_name=account.school) if account.school else None
        official = _official(account.official, municipality) if account.official else None
        user_role_set(user=user, role=account.role, region=region, municipality=municipality if not school else None,
                      school=school, official=official)
    return list(accounts)


def demo_statuses_apply() -> int:
    """Play STATUS_STORY through item_set_status, by the municipality's demo officer. -> events written."""
    officers = {a.municipality: a.username for a in ACCOUNTS if a.role == Role.MUNICIPAL}
    written = 0
    for (municipality, number), steps in STATUS_STORY.items():
        item = (
            RoadmapItem.objects.filter(roadmap__municipality__short_name=municipality, number=number)
            .order_by("roadmap__academic_year", "pk").first()
        )
        if item is None or item.events.exists():
            continue
        officer = get_user_model().objects.get(username=officers[municipality])
        for status, comment, link in steps:
            item_set_status(item=item, user=officer, status=status, expected_version=item.version,
                            comment=comment, evidence_url=link, confirm_open_schools=True)  # as in the real order
            written += 1
    return written


def _official(name: str, municipality: Municipality | None) -> Official:
    surname, initials = split_person_name(name)
    official = Official.objects.filter(municipality=municipality, name_key=person_key(surname, initials)).first()
    if official is None:
        raise ValidationError(f"В приказах демо-данных нет должностного лица «{name}» ({municipality}).")
    return official
