"""Rounds and results made directly, for tests whose figures are worked out by hand."""
from monitoring.vpr.models import VprResult, VprRound
from monitoring.vpr.services import school_results_refresh


def make_round(*, year=2023, subject="Математика", grade=5, max_score=20, **extra) -> VprRound:
    return VprRound.objects.create(year=year, subject=subject, grade=grade, max_score=max_score,
                                   scale=[[0, 5, 2], [6, 10, 3], [11, 15, 4], [16, 20, 5]], **extra)


def add_results(round_, school, rows, *, class_number="1", start=1) -> int:
    """rows: [(count, primary, mark, journal)]; codes numbered from ``start``."""
    objects, code = [], start
    for count, primary, mark, journal in rows:
        for _ in range(count):
            objects.append(VprResult(round=round_, school=school, code=str(code), class_number=class_number,
                                     primary_score=primary, mark=mark, journal_mark=journal))
            code += 1
    VprResult.objects.bulk_create(objects)
    school_results_refresh(round_=round_, school_ids=[school.pk])
    return code
