"""Writes to reference data and accounts: validated, atomic, idempotent where data is loaded from files."""
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from core.hooks import municipality_added, task_sources_changed

from .models import Municipality, Official, Organization, Region, Role, School, UserProfile
from .names import person_key

MUNICIPAL_GROUP = "Специалисты МОУО"
REGIONAL_GROUP = "Региональные специалисты"
FEDERAL_GROUP = "Федеральные специалисты"
DEFAULT_REGION = {"code": "42", "name": "Кемеровская область — Кузбасс"}

# What officers may do in the admin back office, on top of the scope every admin page applies.
# Officers read local acts in the back office too (reviews happen on the portal's pages).
_ACTS_VIEW = ("view_localactkind", "view_localact", "view_localactversion", "view_actevent")
# Regional and federal specialists read the reference data of their scope.
_SCHOOLS_VIEW = ("view_region", "view_municipality", "view_organization", "view_school", "view_official", *_ACTS_VIEW)
# Municipal and regional officers change orders and roadmaps (each their own rows: the access rule decides which).
_ROADMAPS_CHANGE = ("view_order", "add_order", "change_order", "view_ordercitation", "add_ordercitation",
                    "change_ordercitation", "view_orderclause", "add_orderclause", "change_orderclause",
                    "view_roadmap", "add_roadmap", "change_roadmap", "view_roadmapitem", "add_roadmapitem",
                    "change_roadmapitem", "view_itemevent")
STAFF_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    MUNICIPAL_GROUP: {
        "schools": ("view_municipality", "view_organization", "add_organization", "change_organization",
                    "view_school", "add_school", "change_school", "view_official", "add_official", "change_official",
                    *_ACTS_VIEW),
        "roadmaps": _ROADMAPS_CHANGE,
    },
    # A region changes its own orders and roadmaps (municipality empty); the access rule keeps it to those rows.
    REGIONAL_GROUP: {
        "schools": _SCHOOLS_VIEW,
        "roadmaps": _ROADMAPS_CHANGE,
    },
    FEDERAL_GROUP: {
        "schools": _SCHOOLS_VIEW,
        "roadmaps": ("view_order", "view_ordercitation", "view_orderclause", "view_roadmap", "view_roadmapitem",
                     "view_itemevent"),
    },
}
GROUP_OF_ROLE = {Role.MUNICIPAL: MUNICIPAL_GROUP, Role.REGIONAL: REGIONAL_GROUP, Role.FEDERAL: FEDERAL_GROUP}


def staff_permissions_register(app_label: str, by_role: dict[str, tuple[str, ...]]) -> None:
    """A higher app adds the admin permissions its officers need (from its ``AppConfig.ready``)."""
    for role, codenames in by_role.items():
        STAFF_PERMISSIONS[GROUP_OF_ROLE[role]][app_label] = tuple(codenames)


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, created: bool, updated: bool) -> None:
        if created:
            self.created[label] = self.created.get(label, 0) + 1
        elif updated:
            self.updated[label] = self.updated.get(label, 0) + 1


def reference_data_load(*, path: Path | str) -> LoadReport:
    """Regions, municipalities, organisations and schools from fixtures/reference.json; a second run changes
    nothing."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(f"Не удалось прочитать справочники из {path}: {error}") from None
    report = LoadReport()
    with transaction.atomic():
        regions = {}
        for row in data.get("regions", []):
            region, *flags = _upsert(Region, {"code": _field(row, "code", "регион")}, {"name": _field(row, "name", "регион")})
            regions[region.code] = region
            report.count("регионы", *flags)
        municipalities = {}
        for row in data.get("municipalities", []):
            where = f"муниципалитет «{row.get('short_name', '?')}»"
            municipality, *flags = _upsert(
                Municipality, {"short_name": _field(row, "short_name", where)},
                {"name": _field(row, "name", where), "okato": row.get("okato", ""),
                 "region": _region(row.get("region"), regions, where)},
            )
            municipalities[municipality.short_name] = municipality
            if flags[0]:  # a new municipality owes its region's tasks addressed to every МОУО
                municipality_added.fire(municipality=municipality)
            report.count("муниципалитеты", *flags)
        for row in data.get("organizations", []):
            where = f"организация «{row.get('short_name', '?')}»"
            _, *flags = _upsert(
                Organization,
                {"short_name": _field(row, "short_name", where),
                 "municipality": _municipality(row.get("municipality"), municipalities, where)},
                {"name": _field(row, "name", where), "kind": _kind(row, where),
                 "aliases": "\n".join(row.get("aliases") or []),
                 # a regional body (no municipality) belongs to its region: read by that region only
                 "region": _region(row["region"], regions, where) if row.get("region") else None},
            )
            report.count("организации", *flags)
        for row in data.get("schools", []):
            where = f"школа «{row.get('short_name', '?')}»"
            municipality = _municipality(_field(row, "municipality", where), municipalities, where)
            school, *flags = _upsert(
                School, {"municipality": municipality, "short_name": _field(row, "short_name", where)},
                {"full_name": _field(row, "full_name", where), "head_name": row.get("head_name", ""),
                 "website": row.get("website", ""), "email": row.get("email", ""),
                 "is_demo": bool(row.get("is_demo", False))},
            )
            report.count("школы", *flags)
            if flags[0]:  # a new school owes the open tasks of its municipality
                task_sources_changed.fire(school=school)
    return report


def staff_groups_ensure() -> dict[str, Group]:
    """The two officer groups with the model permissions the admin back office needs."""
    groups = {}
    for name, by_app in STAFF_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = set()
        for app_label, codenames in by_app.items():
            found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            if found.count() != len(codenames):
                missing = set(codenames) - set(found.values_list("codename", flat=True))
                raise ValidationError(f"Нет прав доступа {', '.join(sorted(missing))} ({app_label}): выполните migrate.")
            wanted |= set(found.values_list("pk", flat=True))
        if set(group.permissions.values_list("pk", flat=True)) != wanted:
            group.permissions.set(wanted)
        groups[name] = group
    return groups


def staff_groups_refresh(sender, *, using: str = "default", **kwargs) -> None:
    """post_migrate: once every app's permissions exist (after the last app with models), the officer groups are
    brought up to what the code lists — a deployment upgraded with new admin permissions gets them at ``migrate``."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label == last.label and using == "default":
        try:
            staff_groups_ensure()
        except ValidationError:  # migrated part way: some permissions are not there yet; the full migrate adds them
            pass


@transaction.atomic
def user_role_set(*, user, role: str, region: Region | None = None, municipality: Municipality | None = None,
                  school: School | None = None, official: Official | None = None) -> UserProfile | None:
    """Give a user their role: profile, staff flag and officer group (the admin back office needs both)."""
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
        UserProfile.objects.filter(user=user).delete()
        return None
    profile, _ = UserProfile.objects.update_or_create(
        user=user, defaults={"role": role, "region": region, "municipality": municipality, "school": school}
    )
    user.is_staff = role in GROUP_OF_ROLE
    user.save(update_fields=["is_staff"])
    groups = staff_groups_ensure()
    user.groups.remove(*groups.values())
    if role in GROUP_OF_ROLE:
        user.groups.add(groups[GROUP_OF_ROLE[role]])
    if official is not None:
        if official.user_id not in (None, user.pk):
            raise ValidationError(f"{official.short_name} уже связан с другой учётной записью.")
        official.user = user
        official.save(update_fields=["user"])
    return profile


@transaction.atomic
def school_head_create(*, school: School, last_name: str, first_name: str, middle_name: str = "", username: str,
                       password: str, email: str = "", position: str = "директор"):
    """A school head in one step: the login, the role (through ``user_role_set``) and the official the orders name.

    An official of the school's municipality with the same surname and initials is linked, not duplicated; one
    already linked to another login is refused."""
    User = get_user_model()
    last_name, first_name, middle_name = last_name.strip(), first_name.strip(), middle_name.strip()
    username = username.strip()
    if not (last_name and first_name and username):
        raise ValidationError("Укажите фамилию, имя и логин.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"Логин «{username}» уже занят.")
    user = User(username=username, first_name=f"{first_name} {middle_name}".strip(), last_name=last_name, email=email)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    initials = f"{first_name[0]}.{middle_name[0] + '.' if middle_name else ''}"
    official = Official.objects.filter(municipality=school.municipality, name_key=person_key(last_name, initials)).first()
    if official is None:
        official = Official.objects.create(surname=last_name, initials=initials, position=position, school=school,
                                           municipality=school.municipality, email=email)
    user_role_set(user=user, role=Role.SCHOOL_HEAD, school=school, official=official)
    return user


def account_ensure(*, username: str, password: str, first_name: str = "", last_name: str = ""):
    """The user with this login and password (created, or its password reset when it differs)."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    return user


def _upsert(model, keys: dict, values: dict):
    """get-or-create by natural key; save only what differs. Returns (object, created, updated)."""
    obj = model.objects.filter(**keys).first()
    if obj is None:
        obj = model(**keys, **values)
        obj.full_clean()
        obj.save()
        return obj, True, False
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.full_clean()
        obj.save(update_fields=changed)
    return obj, False, bool(changed)


def _field(row: dict, key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"Справочники: {where} — не заполнено поле «{key}».")
    return value.strip()


def _municipality(name: str | None, known: dict, where: str) -> Municipality | None:
    if not name:
        return None
    municipality = known.get(name) or Municipality.objects.filter(short_name=name).first()
    if municipality is None:
        raise ValidationError(f"Справочники: {where} — муниципалитет «{name}» не найден.")
    return municipality


def _region(code: str | None, known: dict, where: str) -> Region:
    if not code:  # a file written before regions: the portal's home region, as migration 0004 decided
        return Region.objects.get_or_create(code=DEFAULT_REGION["code"], defaults={"name": DEFAULT_REGION["name"]})[0]
    region = known.get(code) or Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError(f"Справочники: {where} — регион с кодом «{code}» не найден.")
    return region


def _kind(row: dict, where: str) -> str:
    kind = row.get("kind", Organization.Kind.OTHER)
    if kind not in Organization.Kind.values:
        raise ValidationError(f"Справочники: {where} — неизвестный вид «{kind}».")
    return kind
