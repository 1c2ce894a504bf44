"""Names as documents write them -> Organizations, schools and Officials of one municipality.

«Управления образования» (an alias), «Павловец О.М.» and «Павловец О. М.» (one person_key) are found again
instead of being created twice.
"""
import re

from django.core.exceptions import ValidationError
from django.db.models import Q

from schools.models import Municipality, Official, Organization, Region, School
from schools.names import person_key, split_person_name


def normalize_name(text: str) -> str:
    text = re.sub(r"[«»\"“”„]", '"', text or "")
    return re.sub(r"\s+", " ", text).strip().casefold().replace("ё", "е")


class Directory:
    """Organisations, schools and officials of one municipality (and the regional ones), matched by name."""

    def __init__(self, municipality: Municipality | None, *, region: Region | None = None):
        self.municipality = municipality
        # a regional order's own bodies (the ministry) are created in its region
        self.region = region if municipality is None else None
        scope = Q(municipality__isnull=True) | Q(municipality=municipality) if municipality else Q(municipality__isnull=True)
        # Municipal bodies first: «Управление образования» of this municipality wins over a regional namesake.
        self.organizations = sorted(Organization.objects.filter(scope), key=lambda o: o.municipality_id is None)
        self.schools = list(School.objects.filter(municipality=municipality)) if municipality else []
        self.officials: dict[str, Official] = {}

    @staticmethod
    def variants(organization: Organization) -> set[str]:
        lines = [organization.short_name, organization.name, *organization.aliases.splitlines()]
        return {normalize_name(line) for line in lines if line.strip()}

    def organization(self, name: str, *, create: bool = False) -> Organization | None:
        wanted = normalize_name(name)
        for organization in self.organizations:
            if wanted in self.variants(organization):
                return organization
        if not create:
            return None
        organization = Organization.objects.create(
            name=name.strip()[:500], short_name=name.strip()[:150], municipality=self.municipality,
            region=self.region,
        )
        self.organizations.append(organization)
        return organization

    def official(self, entry: dict, *, where: str = "Контроль исполнения") -> Official:
        name, position = entry.get("name") or "", (entry.get("position") or "").strip()
        parts = split_person_name(name)
        if parts is None:
            raise ValidationError(f"{where}: «{name}» не похоже на «Фамилия И. О.».")
        key = person_key(*parts)
        official = self.officials.get(key) or Official.objects.filter(
            municipality=self.municipality, name_key=key
        ).first()
        if official is None:
            official = Official(surname=parts[0], initials=parts[1], municipality=self.municipality)
        changed = official.pk is None
        if position and not official.position:
            official.position, changed = position[:300], True
        if official.position and official.organization_id is None and official.school_id is None:
            organization, school = self._employer(official.position)
            if organization or school:
                official.organization, official.school, changed = organization, school, True
        if changed:
            official.save()
        self.officials[key] = official
        return official

    def _employer(self, position: str) -> tuple[Organization | None, School | None]:
        """«начальник отдела Управления образования» -> that Organization; «директор МБОУ «Урская СОШ»» -> the school."""
        text = normalize_name(position)
        for school in self.schools:
            if normalize_name(school.short_name) in text:
                return None, school
        best, best_len = None, 0
        for organization in self.organizations:
            for variant in self.variants(organization):
                if len(variant) > best_len and (text == variant or text.endswith(" " + variant)):
                    best, best_len = organization, len(variant)
        return best, None
