"""Demo ВПР data (синтетические данные): two rounds of one cohort for the schools of both seed municipalities.

Mathematics, grade 4 in 2022 and grade 5 in 2023, generated with a fixed seed; a few schools are made to show each
sign (an inflated mean, journal marks running against the scores, many «повысили», a cohort that jumps, a class too
small to judge). Loaded through the real import (files built as ФИС ОКО lays them out), marked synthetic in the
round's title. Idempotent: a round already holding results is left as it is.
"""
import io
import random

from django.core.files.base import ContentFile
from django.db import transaction

from schools.models import School

from monitoring.vpr.importers.parser import parse_file
from monitoring.vpr.models import ControlDocument, ControlledSchool, Observer, SchoolLogin, VprRound
from monitoring.vpr.samples import DEFAULT_TASKS, fis_rows, xlsx_bytes
from monitoring.vpr.scale import mark_for
from monitoring.vpr.services import vpr_import

SUBJECT = "Математика"
SCALE = [[0, 6, 2], [7, 11, 3], [12, 17, 4], [18, 24, 5]]
MAX = sum(points for _, points in DEFAULT_TASKS)
# position of a school in (municipality, short name) order -> what it shows
PLAN = {2: "high_mean", 5: "negative", 8: "raised", 11: "cohort", 14: "small", 17: "high_mean", 20: "raised",
        22: "negative"}


def _clamp(value, low, high):
    return max(low, min(high, value))


def _pupils(rng: random.Random, kind: str, *, year: int) -> list[dict]:
    size = 12 if kind == "small" else rng.randint(35, 70)
    pupils = []
    for n in range(size):
        if rng.random() < 0.04:
            pupils.append({"absent": True, "code": str(10001 + n)})
            continue
        ability = rng.gauss(0, 1)
        journal = _clamp(round(3.7 + 0.8 * ability + rng.gauss(0, 0.5)), 2, 5)
        score = 11.5 + 4.5 * ability + rng.gauss(0, 2.5)
        if kind == "high_mean" and year == 2023:
            score += 8
        if kind == "negative":
            score = 11.5 - 4.5 * ability + rng.gauss(0, 2)
        if kind == "cohort" and year == 2022:
            score -= 7
        primary = int(_clamp(round(score), 0, MAX))
        if kind == "raised" and rng.random() < 0.6:
            journal = _clamp(journal - 1, 2, 5)
        mark = mark_for(SCALE, primary)
        if rng.random() < 0.07:
            journal = None
        scores, left = [], primary
        for _, points in DEFAULT_TASKS:
            take = min(points, left)
            scores.append(None if take == 0 and rng.random() < 0.5 else take)
            left -= take
        pupils.append({"code": str(10001 + n), "class_number": 1 + n % 3, "variant": 1 + n % 2, "scores": scores,
                       "primary": primary, "mark": mark, "journal": journal})
    return pupils


def _schools() -> list[School]:
    return list(School.objects.filter(is_active=True, municipality__short_name__in=["Новокузнецк", "Гурьевский МО"])
                .select_related("municipality").order_by("municipality__short_name", "short_name"))


def _logins(schools: list[School]) -> dict[int, str]:
    have = dict(SchoolLogin.objects.filter(school__in=schools).values_list("school_id", "login"))
    for index, school in enumerate(schools):
        if school.pk not in have:
            login = f"edu42{9000 + index:04d}"
            if SchoolLogin.objects.filter(login=login).exists():
                continue
            SchoolLogin.objects.create(school=school, login=login)
            have[school.pk] = login
    return have


def load_vpr_demo() -> dict:
    schools = _schools()
    if not schools:
        return {"rounds": 0, "participants": 0}
    logins = _logins(schools)
    written = rounds = 0
    for year, grade in ((2022, 4), (2023, 5)):
        round_ = VprRound.objects.filter(year=year, subject=SUBJECT, grade=grade, is_synthetic=True).first()
        if round_ is not None and round_.results.exists():
            continue
        groups = []
        for index, school in enumerate(schools):
            if school.pk not in logins:
                continue
            rng = random.Random(1000 * year + index)
            groups.append({"login": logins[school.pk], "name": school.short_name,
                           "municipality": school.municipality.short_name,
                           "pupils": _pupils(rng, PLAN.get(index, "normal"), year=year)})
        data = xlsx_bytes(fis_rows(year=year, subject=SUBJECT, grade=grade, schools=groups))
        parsed = parse_file(io.BytesIO(data), name=f"ВПР {year} {SUBJECT} {grade} класс (синтетические данные).xlsx",
                            scale_text=",".join(f"{a}-{b}:{m}" for a, b, m in SCALE))
        with transaction.atomic():
            result = vpr_import(parsed=parsed, is_synthetic=True)
            result.round.title = f"ВПР {year} {SUBJECT} {grade} класс — синтетические данные для демонстрации"
            result.round.save(update_fields=["title"])
        written += result.participants
        rounds += 1
    _controls(schools)
    return {"rounds": rounds, "participants": written}


def _controls(schools: list[School]) -> None:
    """Item 9 of Новокузнецк: two schools wrote the 2023 round with independent observers."""
    from portal.demo.acts import make_pdf

    round_ = VprRound.objects.filter(year=2023, subject=SUBJECT, grade=5, is_synthetic=True).first()
    if round_ is None:
        return
    nvk = [s for s in schools if s.municipality.short_name == "Новокузнецк"][:2]
    for school, observer in zip(nvk, ("Иванова А. П.", "Сидоров В. К.")):
        control, created = ControlledSchool.objects.get_or_create(
            round=round_, school=school, defaults={"notes": "ВПР с контролем объективности (синтетические данные)."})
        if not created:
            continue
        Observer.objects.create(control=control, full_name=observer, organization="КОиН г. Новокузнецка")
        content = make_pdf(f"Protokol nablyudatelya {observer}")
        ControlDocument.objects.create(control=control, kind=ControlDocument.Kind.PROTOCOL,
                                       file=ContentFile(content, name="protocol.pdf"), original_name="Протокол.pdf",
                                       size=len(content), content_type="application/pdf")
