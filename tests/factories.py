"""Factories for tests and benchmarks: one place that knows how to build objects."""
from dataclasses import dataclass, field
from datetime import date
from itertools import count
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from roadmaps.models import Order, Roadmap, RoadmapItem
from schools.models import Municipality, Official, Organization, Region, Role, School, UserProfile

_seq = count(1)
PASSWORD = "Проверка-2022!"


def make_region(code: str = "42", name: str = "Кемеровская область — Кузбасс") -> Region:
    return Region.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_municipality(name: str | None = None, *, region: Region | None = None) -> Municipality:
    n = next(_seq)
    name = name or f"Муниципалитет {n}"
    return Municipality.objects.create(name=f"{name} округ", short_name=name, region=region or make_region())


def make_authority(municipality: Municipality, short_name: str = "УО") -> Organization:
    return Organization.objects.create(
        name=f"Управление образования ({municipality.short_name})", short_name=short_name,
        kind=Organization.Kind.AUTHORITY, municipality=municipality,
    )


def make_school(municipality: Municipality, short_name: str | None = None, **extra) -> School:
    short_name = short_name or f"МБОУ «СОШ № {next(_seq)}»"
    return School.objects.create(
        municipality=municipality, short_name=short_name,
        full_name=f"Муниципальное бюджетное общеобразовательное учреждение {short_name}", **extra,
    )


def make_user(username: str, *, role: str | None = None, region=None, municipality=None, school=None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
        user.save()
    elif role:
        if role == Role.REGIONAL and region is None:
            region = make_region()
        UserProfile.objects.create(user=user, role=role, region=region, municipality=municipality, school=school)
        if role in (Role.MUNICIPAL, Role.REGIONAL, Role.FEDERAL):
            user.is_staff = True  # officers also use the scoped admin back office
            user.save()
    return user


def make_roadmap(municipality: Municipality, *, items: int = 3, academic_year: int = 2022, issuer=None) -> Roadmap:
    issuer = issuer or make_authority(municipality, short_name=f"УО-{next(_seq)}")
    order = Order.objects.create(
        issuer=issuer, municipality=municipality, number=str(next(_seq)), date=date(academic_year, 7, 25),
        title="Об утверждении Дорожной карты по формированию объективной ВСОКО в каждой ОО",
        preamble="В целях совершенствования механизмов управления качеством образования",
        signatory_position="Начальник Управления образования", signatory_name="А. В. Синкина",
    )
    roadmap = Roadmap.objects.create(
        order=order, municipality=municipality, title="Дорожная карта по формированию объективной ВСОКО",
        academic_year=academic_year, period_start=date(academic_year, 9, 1), period_end=date(academic_year + 1, 8, 31),
    )
    official = Official.objects.create(
        surname=f"Павловец{next(_seq)}", initials="О.М.", position="начальник отдела",
        organization=issuer, municipality=municipality,
    )
    add_items(roadmap, items, official=official, organization=issuer)
    return roadmap


def add_items(roadmap: Roadmap, n: int, *, official=None, organization=None, start_position: int = 0) -> list[RoadmapItem]:
    made = RoadmapItem.objects.bulk_create(
        RoadmapItem(
            roadmap=roadmap, number=str(start_position + i + 1), position=start_position + i + 1,
            activity=f"Мероприятие {start_position + i + 1}", deadline_text="Октябрь 2022 г.",
            deadline_start=date(2022, 10, 1), deadline_end=date(2022, 10, 31),
            responsible_text="Павловец О.М., начальник отдела, руководители ОО", all_schools=(i % 2 == 0),
        )
        for i in range(n)
    )
    for item in made:
        if official:
            item.responsible_officials.add(official)
        if organization:
            item.responsible_organizations.add(organization)
    return made


@dataclass
class World:
    """Two municipalities, each with a roadmap, schools and one user per role."""

    home: SimpleNamespace = field(default_factory=SimpleNamespace)
    away: SimpleNamespace = field(default_factory=SimpleNamespace)
    admin: object = None
    regional: object = None
    anonymous: None = None

    def user(self, role_name: str):
        """'admin', 'regional', 'municipal', 'school_head' — the home-side user for each role."""
        return {"admin": self.admin, "regional": self.regional,
                "municipal": self.home.officer, "school_head": self.home.head}[role_name]


def _side(label: str) -> SimpleNamespace:
    municipality = make_municipality(label)
    school = make_school(municipality)
    other_school = make_school(municipality)
    roadmap = make_roadmap(municipality)
    slug = "home" if label.startswith("Дом") else "away"
    return SimpleNamespace(
        municipality=municipality, school=school, other_school=other_school, roadmap=roadmap,
        order=roadmap.order, item=roadmap.items.order_by("position").first(),
        officer=make_user(f"officer_{slug}", role=Role.MUNICIPAL, municipality=municipality),
        head=make_user(f"head_{slug}", role=Role.SCHOOL_HEAD, school=school),
        other_head=make_user(f"head2_{slug}", role=Role.SCHOOL_HEAD, school=other_school),
    )


def build_world() -> World:
    world = World()
    world.home = _side("Домашний")
    world.away = _side("Чужой")
    world.admin = make_user("admin", role=Role.ADMIN)
    world.regional = make_user("regional", role=Role.REGIONAL)
    return world


# --- admin back office (added for the admin scope tests) ----------------------


def world_for_admin(world: World) -> World:
    """The world plus what the admin pages need: officer groups, and a clause, citation and event per side."""
    from roadmaps.models import ItemEvent, OrderCitation, OrderClause
    from schools.services import user_role_set

    user_role_set(user=world.regional, role=Role.REGIONAL, region=world.regional.profile.region)
    for side in (world.home, world.away):
        user_role_set(user=side.officer, role=Role.MUNICIPAL, municipality=side.municipality)
        side.clause = OrderClause.objects.create(order=side.order, number="1", position=1, text=f"Утвердить ({side.municipality})")
        side.citation = OrderCitation.objects.create(
            order=side.order, position=1, issuer_name="Министерство образования Кузбасса", number="1621",
            date=date(2022, 6, 29), title="Об утверждении Дорожной карты",
        )
        side.event = ItemEvent.objects.create(item=side.item, author=side.officer, from_value="not_started",
                                              to_value="in_progress", comment="Начали")
        side.organization = side.order.issuer
        side.official = Official.objects.filter(municipality=side.municipality).first()
        side.profile = side.officer.profile
    return world


def admin_form_data(response) -> dict:
    """The POST data of an admin change page as rendered (main form and inline formsets), unchanged."""
    data = {}

    def put(bound_field):
        value = bound_field.value()
        if value is None or value is False:
            return
        if value is True:
            data[bound_field.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound_field.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[bound_field.html_name] = str(value)

    for bound_field in response.context["adminform"].form:
        put(bound_field)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            put(bound_field)
        for form in formset.forms:
            for bound_field in form:
                put(bound_field)
    return data


# --- local acts (schools.acts) ---------------------------------------------------


def act_file(kind: str = "pdf", name: str | None = None, text: str = "Polozhenie o VSOKO"):
    """A small valid PDF / DOCX / ODT upload, as a browser would send it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.demo.acts import DOCX_TYPE, ODT_TYPE, PDF_TYPE, make_docx, make_odt, make_pdf

    build, content_type = {"pdf": (make_pdf, PDF_TYPE), "docx": (make_docx, DOCX_TYPE), "odt": (make_odt, ODT_TYPE)}[kind]
    return SimpleUploadedFile(name or f"Положение.{kind}", build(text), content_type=content_type)


def make_act_version(school: School, *, user, kind_code: str = "vsoko", review_by=None, decision: str = "",
                     remarks: str = "", approval_date: date = date(2022, 8, 30), **extra):
    """Upload a version through the service (and review it, when ``review_by`` is given)."""
    from schools.acts.services import local_act_review, local_act_submit
    from schools.models import LocalActKind

    version = local_act_submit(
        school=school, kind=LocalActKind.objects.get(code=kind_code), file=extra.pop("file", None) or act_file(),
        approval_number=extra.pop("approval_number", "45"), approval_date=approval_date,
        published_url=extra.pop("published_url", "https://school.example.ru/sveden/document/vsoko.pdf"),
        comment=extra.pop("comment", ""), user=user,
    )
    if review_by is not None:
        version = local_act_review(version=version, user=review_by, decision=decision, remarks=remarks,
                                   expected_state=version.state)
    return version


def add_schools(municipality: Municipality, upto: int) -> None:
    """Numbered schools with websites, bulk-created until the municipality has `upto` (scale tests, benchmarks)."""
    have = School.objects.filter(municipality=municipality).count()
    School.objects.bulk_create(
        (School(municipality=municipality, short_name=f"МБОУ «Школа № {n:05d}»", full_name=f"Школа {n}",
                website=f"https://school{n}.example.ru") for n in range(have + 1, upto + 1)),
        batch_size=5000,
    )


def add_school_clause(order: Order, text: str, *, number: str = "3", **deadline):
    """A clause of the order addressed to all schools (each school gets a task for it), e.g. «Разместить акты»."""
    from roadmaps.models import OrderClause

    return OrderClause.objects.create(order=order, number=number, position=int(number), all_schools=True, text=text,
                                      **deadline)


def make_regional_roadmap(region: Region, *, items: int = 1, number: str = "1621", issuer=None) -> Roadmap:
    """A regional ministry's order and roadmap (municipality empty) whose items are addressed to every МОУО of
    the region (``all_municipalities``), due 31.10.2022."""
    issuer = issuer or Organization.objects.create(
        name=f"Министерство образования ({region.code}-{next(_seq)})", short_name=f"Министерство-{next(_seq)}",
        kind=Organization.Kind.MINISTRY, region=region,
    )
    order = Order.objects.create(issuer=issuer, region=region, number=number, date=date(2022, 6, 29),
                                 title="Об утверждении Дорожной карты по формированию объективной ВСОКО")
    roadmap = Roadmap.objects.create(
        order=order, region=region, title="Региональная дорожная карта", academic_year=2022,
        period_start=date(2022, 9, 1), period_end=date(2023, 8, 31),
    )
    RoadmapItem.objects.bulk_create(
        RoadmapItem(
            roadmap=roadmap, number=str(n), position=n, activity=f"Региональное мероприятие {n}",
            deadline_text="до 31.10.2022", deadline_end=date(2022, 10, 31), all_municipalities=True,
            responsible_text="органы местного самоуправления, осуществляющие управление в сфере образования",
        )
        for n in range(1, items + 1)
    )
    return roadmap
