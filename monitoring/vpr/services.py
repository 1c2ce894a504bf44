"""Writes of the ВПР part: a file's results (all or nothing) and a sign handed to a school as a task."""
from dataclasses import dataclass
from datetime import date, timedelta
from collections import Counter
from itertools import islice, repeat
from operator import itemgetter, mul

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from schools.roles import user_scope

from .importers.parser import ParsedFile
from . import stats
from .models import SchoolLogin, SignTask, VprImport, VprResult, VprRound, VprSchoolResult

COPY_THRESHOLD = 5000  # rows; below it bulk_create is as fast and simpler


@dataclass(frozen=True)
class SchoolMatch:
    school_id: int
    name: str
    municipality_id: int


def school_matches(logins) -> dict[str, SchoolMatch]:
    rows = SchoolLogin.objects.filter(login__in=list(logins)).values_list(
        "login", "school_id", "school__short_name", "school__municipality_id")
    return {login: SchoolMatch(pk, name, municipality) for login, pk, name, municipality in rows}


def _may_write_school(scope, match: SchoolMatch) -> bool:
    return scope.is_admin or (scope.is_municipal and match.municipality_id == scope.municipality_id)


def import_summary(parsed: ParsedFile, *, user=None) -> dict:
    """What the file holds, per the ``import_vpr --dry-run --json`` contract, plus what the preview page needs.

    lowered / confirmed / raised count the participants that have both marks; without_journal_mark those with none.
    """
    matches = school_matches(parsed.schools)
    scope = user_scope(user) if user is not None else None
    warnings = list(parsed.warnings)
    schools = []
    for login, school in parsed.schools.items():
        lowered, confirmed, raised, without = compare_counts(mark_pairs(school.participants))
        match = matches.get(login)
        state = "matched"
        if match is None:
            state = "unmatched"
            warnings.append(f"Школа «{school.name or login}» ({login}) не найдена в портале по логину ФИС ОКО: "
                            f"её участники ({len(school.participants)}) не будут загружены.")
        elif scope is not None and not _may_write_school(scope, match):
            state = "outside"
            warnings.append(f"Школа «{match.name}» ({login}) вне вашего муниципалитета: её участники "
                            f"({len(school.participants)}) не будут загружены.")
        schools.append({"code": login, "name": school.name or (match.name if match else ""),
                        "participants": len(school.participants), "lowered": lowered, "confirmed": confirmed,
                        "raised": raised, "without_journal_mark": without,
                        "state": state, "portal_name": match.name if match else ""})
    return {"year": parsed.year, "subject": parsed.subject, "grade": parsed.grade,
            "participants": parsed.participants, "schools": schools, "warnings": warnings}


CONTRACT_SCHOOL_KEYS = ("code", "name", "participants", "lowered", "confirmed", "raised", "without_journal_mark")


def contract_json(summary: dict) -> dict:
    """The summary without the page's private keys: exactly the documented contract."""
    return {
        "year": summary["year"], "subject": summary["subject"], "grade": summary["grade"],
        "participants": summary["participants"],
        "schools": [{k: s[k] for k in CONTRACT_SCHOOL_KEYS} for s in summary["schools"]],
        "warnings": summary["warnings"],
    }


@dataclass(frozen=True)
class ImportResult:
    round: VprRound
    record: VprImport
    schools: int
    participants: int


def vpr_import(*, parsed: ParsedFile, user=None, sha256: str = "", is_synthetic: bool = False) -> ImportResult:
    """Write the file's results: the round is found or made; each matched school's earlier results in it are
    replaced. All or nothing. ``user`` None (the command) writes every matched school; a municipal officer only
    their municipality's; other roles nothing."""
    scope = user_scope(user) if user is not None else None
    if scope is not None and not (scope.is_admin or scope.is_municipal):
        raise PermissionDenied("Загружать результаты ВПР могут специалисты муниципальных органов и администраторы.")
    matches = school_matches(parsed.schools)
    writable = {login: m for login, m in matches.items() if scope is None or _may_write_school(scope, m)}
    if not writable:
        raise ValidationError("Ни одна школа файла не найдена в портале (или все вне вашего муниципалитета): "
                              "проверьте логины ФИС ОКО школ.")
    summary = import_summary(parsed, user=user)
    with transaction.atomic():
        round_, _ = VprRound.objects.get_or_create(
            year=parsed.year, subject=parsed.subject, grade=parsed.grade, is_synthetic=is_synthetic,
            defaults={"max_score": parsed.max_score},
        )
        round_.max_score = parsed.max_score
        round_.held_on = parsed.held_on or round_.held_on
        round_.tasks = parsed.tasks or round_.tasks
        round_.scale = parsed.scale or round_.scale
        round_.title = round_.title or f"ВПР {parsed.year} {parsed.subject} {parsed.grade} класс"
        round_.save()
        school_ids = [m.school_id for m in writable.values()]
        _lock_schools(school_ids)
        VprResult.objects.filter(round=round_, school_id__in=school_ids).delete()
        results: list[VprSchoolResult] = []

        def schools():
            # Each school's figures are counted as its rows go out: with COPY, while PostgreSQL takes the rows
            # already sent (the two run side by side on two cores).
            for login in writable:
                participants = parsed.schools[login].participants
                results.append(school_result(round_.pk, writable[login].school_id, participants))
                yield writable[login].school_id, participants

        written = _insert(round_.pk, schools(),
                          total=sum(len(parsed.schools[login].participants) for login in writable))
        VprSchoolResult.objects.filter(round=round_, school_id__in=school_ids).delete()
        VprSchoolResult.objects.bulk_create(results, batch_size=2000)
        record = VprImport.objects.create(
            round=round_, user=user, file_name=parsed.file_name[:255], sha256=sha256, layout=parsed.layout,
            schools=len(writable), participants=written, warnings=summary["warnings"],
        )
    return ImportResult(round=round_, record=record, schools=len(writable), participants=written)


def _lock_schools(school_ids: list[int]) -> None:
    """Hold the schools as a foreign key would (FOR KEY SHARE) till the import commits: VprResult has no
    foreign-key constraint in the database (a million row-by-row checks), so the import takes the lock once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM schools_school WHERE id = ANY(%s) FOR KEY SHARE", [school_ids])


_PRIMARY, _MARK, _JOURNAL = itemgetter(4), itemgetter(5), itemgetter(6)


def mark_pairs(participants) -> Counter:
    """(mark, journal mark) -> how many participants: the comparison of one school in a few dozen counts."""
    return Counter(zip(map(_MARK, participants), map(_JOURNAL, participants)))


def compare_counts(pairs: Counter) -> tuple[int, int, int, int]:
    """lowered, confirmed, raised (both marks known) and without (no journal mark) from ``mark_pairs``."""
    lowered = confirmed = raised = without = 0
    for (mark, journal), count in pairs.items():
        if journal is None:
            without += count
        elif mark < journal:
            lowered += count
        elif mark == journal:
            confirmed += count
        else:
            raised += count
    return lowered, confirmed, raised, without


def school_result(round_id: int, school_id: int, participants) -> VprSchoolResult:
    """A school's stored figures from its parsed participants (code, class, variant, scores, primary, mark, journal).

    Counted by Counter / map / zip over the participants (loops in C): it runs once per school of a million-row file.
    """
    primaries = list(map(_PRIMARY, participants))
    pairs = mark_pairs(participants)
    lowered, confirmed, raised, without = compare_counts(pairs)
    marks = Counter()
    for (mark, _), count in pairs.items():
        marks[mark] += count
    table = Counter(zip(map(_JOURNAL, participants), primaries))  # (journal, primary) -> count, for Spearman's ρ
    for key in [key for key in table if key[0] is None]:
        del table[key]
    return VprSchoolResult(
        round_id=round_id, school_id=school_id, total=len(participants), compared=lowered + confirmed + raised,
        lowered=lowered, confirmed=confirmed, raised=raised, without=without,
        m2=marks[1] + marks[2], m3=marks[3], m4=marks[4], m5=marks[5],
        score_sum=sum(primaries), score_sq_sum=sum(map(mul, primaries, primaries)), rho=stats.spearman(table))


def school_results_refresh(*, round_: VprRound, school_ids=None) -> int:
    """Recompute the schools' stored figures from the participants' rows in the database (two grouped queries)."""
    from django.db.models import Count, F, Q

    from .selectors import school_figures

    with transaction.atomic():
        results = VprResult.objects.filter(round=round_)
        if school_ids is not None:
            results = results.filter(school_id__in=list(school_ids))
        counts = {row.pop("school_id"): row for row in results.values("school_id").annotate(
            lowered=Count("id", filter=Q(mark__lt=F("journal_mark"))),
            confirmed=Count("id", filter=Q(mark=F("journal_mark"))),
            without=Count("id", filter=Q(journal_mark__isnull=True)),
            m2=Count("id", filter=Q(mark__lte=2)), m3=Count("id", filter=Q(mark=3)),
            m4=Count("id", filter=Q(mark=4)), m5=Count("id", filter=Q(mark=5))).order_by()}
        figures = school_figures(round_)
        stale = VprSchoolResult.objects.filter(round=round_)
        if school_ids is not None:
            stale = stale.filter(school_id__in=list(school_ids))
        stale.delete()
        made = [
            VprSchoolResult(round=round_, school_id=school_id, total=figures[school_id]["n"],
                            compared=figures[school_id]["compared"], raised=figures[school_id]["raised"],
                            score_sum=int(figures[school_id]["s"]), score_sq_sum=int(figures[school_id]["ss"]),
                            rho=figures[school_id]["rho"], **row)
            for school_id, row in counts.items()
        ]
        VprSchoolResult.objects.bulk_create(made, batch_size=2000)
    return len(made)


def _insert(round_id: int, schools, *, total: int) -> int:
    """Write the participants of ``schools`` ([(school_id, participants)]): COPY on PostgreSQL, else bulk_create."""
    if connection.vendor == "postgresql" and total >= COPY_THRESHOLD:
        return _copy(round_id, schools)
    objects = (
        VprResult(round_id=round_id, school_id=school_id, code=code, class_number=cls, variant=var,
                  task_scores=list(scores), primary_score=primary, mark=mark, journal_mark=journal)
        for school_id, participants in schools
        for code, cls, var, scores, primary, mark, journal in participants
    )
    written = 0
    while batch := list(islice(objects, BULK_BATCH)):
        VprResult.objects.bulk_create(batch)
        written += len(batch)
    return written


BULK_BATCH = 5000  # objects per bulk_create call (Django splits it further to the database's parameter limit)
COPY_SQL = ("COPY vpr_vprresult (round_id, school_id, code, class_number, variant, task_scores, primary_score, "
            "mark, journal_mark) FROM STDIN")  # the text format: tab between fields, \N for NULL
COPY_SCHOOLS_PER_READ = 20


class _Texts(dict):
    """int -> its text, filled as asked (a dict look-up instead of str() per value)."""

    def __missing__(self, key):
        text = self[key] = "null" if key is None else str(key)
        return text


def _copy_text(round_id: int, schools):
    """COPY's text format, one piece per school: a line per participant, tab between fields, \\N for no journal mark.

    A school's participants are turned on their side (``zip(*participants)``) and every line is made by one
    ``str.format`` through ``map``: no Python loop per participant. Numbers become text by table look-up; a code,
    class or variant holding a backslash is escaped (the parser already made tabs and line breaks in cells spaces).
    """
    number = _Texts()
    journal_text = _Texts({None: "\\N"})
    text_of, journal_of = number.__getitem__, journal_text.__getitem__
    fields = "{}\t{}\t{}\t[{}]\t{}\t{}\t{}\n"
    for school_id, participants in schools:
        if not participants:
            continue
        codes, classes, variants, scores, primaries, marks, journals = zip(*participants)
        if "\\" in "".join(codes) + "".join(classes) + "".join(variants):
            codes, classes, variants = (map(_copy_escape, texts) for texts in (codes, classes, variants))
        line = (f"{round_id}\t{school_id}\t" + fields).format
        yield "".join(map(line, codes, classes, variants, map(",".join, map(map, repeat(text_of), scores)),
                          map(text_of, primaries), map(text_of, marks), map(journal_of, journals)))


def _copy_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class _TextFile:
    """A file for psycopg2's copy_expert: each read() hands over the next few schools' lines, made on demand.

    Memory stays flat whatever the file's size, and PostgreSQL parses one piece while the next is being made."""

    def __init__(self, pieces):
        self.pieces = pieces

    def read(self, size: int = -1) -> str:
        return "".join(islice(self.pieces, COPY_SCHOOLS_PER_READ))


def _copy(round_id: int, schools) -> int:
    """PostgreSQL's COPY in the text format, streamed."""
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(COPY_SQL, _TextFile(_copy_text(round_id, schools)))
        return cursor.cursor.rowcount


# --- a sign handed to the school as a task ---------------------------------------------------------

DEFAULT_TERM = timedelta(days=30)
TASK_REQUEST = ("Прошу представить объяснение причин и план мероприятий по обеспечению объективности оценивания "
                "(сроки, ответственные).")


def items_for_signs(user, school):
    """Roadmap items of the school's municipality an officer may tie a sign to (the ВПР items first)."""
    from django.db.models import Case, IntegerField, Q, Value, When

    from roadmaps.models import RoadmapItem

    scope = user_scope(user)
    if not (scope.is_admin or (scope.is_municipal and scope.municipality_id == school.municipality_id)):
        return RoadmapItem.objects.none()
    # The comparison item (Новокузнецк, п. 10 «Сопоставление результатов ВПР … с отметками по журналу») first,
    # then the other ВПР items, then the rest.
    vpr_first = Case(When(Q(activity__icontains="сопоставлен") & Q(activity__icontains="журнал"), then=Value(0)),
                     When(Q(activity__icontains="проверочн") | Q(activity__icontains="ВПР"), then=Value(1)),
                     default=Value(2), output_field=IntegerField())
    return (RoadmapItem.objects.filter(roadmap__municipality_id=school.municipality_id)
            .select_related("roadmap").annotate(vpr_first=vpr_first)
            .order_by("vpr_first", "-roadmap__academic_year", "position"))


def vpr_sign_to_task(*, user, round_: VprRound, school, sign: str, item, due_date: date | None = None,
                     comment: str = "") -> SignTask:
    """Tie a sign found at a school to a roadmap item and hand it to the school as its task.

    The school's task for that item is reused when it exists (the per-school task machinery keeps one task per
    school and item), otherwise made; the sign, its figures and the request for an explanation and a plan go in
    as the officer's remark, so the school sees them in its cabinet.
    """
    from monitoring.models import SchoolTask, TaskEvent
    from core.clock import local_today

    from .selectors import school_signs

    scope = user_scope(user)
    if not (scope.is_admin or (scope.is_municipal and scope.municipality_id == school.municipality_id)):
        raise PermissionDenied("Поручить школе задачу может специалист её муниципалитета.")
    if item.roadmap.municipality_id != school.municipality_id:
        raise ValidationError({"item": "Мероприятие не из дорожной карты муниципалитета этой школы."})
    _, report = school_signs(round_, school)
    found = {s.code: s for s in report.found} if report else {}
    if sign not in found:
        raise ValidationError("У школы нет этого признака в этой работе.")
    if SignTask.objects.filter(round=round_, school=school, sign=sign).exists():
        raise ValidationError("Этот признак уже передан школе.")
    result = found[sign]
    text = (f"{round_.label}: {result.label.lower()}. {result.explanation} {TASK_REQUEST}"
            + (f"\n{comment.strip()}" if comment and comment.strip() else ""))
    explicit = due_date is not None
    if due_date is None:
        # A request for an explanation is not born overdue: past the item's deadline it gets a month.
        today = local_today()
        due_date = item.deadline_end if item.deadline_end and item.deadline_end >= today else today + DEFAULT_TERM
    with transaction.atomic():
        task, created = SchoolTask.objects.select_for_update().get_or_create(
            school=school, item=item, defaults={"due_date": due_date})
        if not created:
            if explicit and due_date != task.due_date:
                TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.DEADLINE, author=user,
                                         from_value=_date_label(task.due_date), to_value=_date_label(due_date),
                                         comment="Срок для объяснения и плана по признаку ВПР.")
                task.due_date, task.due_date_extended = due_date, True
            task.version += 1
            task.save(update_fields=["due_date", "due_date_extended", "version"])
        elif due_date and due_date != item.deadline_end:
            task.due_date_extended = True
            task.save(update_fields=["due_date_extended"])
        TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.REMARK, author=user, from_value=task.status,
                                 to_value=task.status, comment=text)
        return SignTask.objects.create(round=round_, school=school, sign=sign, item=item, task=task,
                                       figures=result.figures, created_by=user)


def _date_label(value: date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "без срока"
