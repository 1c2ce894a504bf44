"""Compliance rollups (monitoring.models.rollups) kept equal to a fresh count of the tasks.

One place keeps them, in the transaction of the write that changes them:
- a task saved or deleted one by one (``save()``, ``get_or_create``, the cascade of a deleted item, clause,
  roadmap or order): the receivers below, connected in ``MonitoringConfig.ready``;
- tasks written in bulk (``bulk_create`` / ``update`` in ``school_tasks_sync``): ``recount_tasks`` called by
  the service after its writes;
- a school moved to another municipality, deactivated or reactivated: the School receivers (a source rollup
  counts the active schools of a municipality; a school's own rollup does not depend on either).
Each recount locks the rollup rows it rewrites (schools first, then sources, then the sources' country sums
(SourceTotal), each in key order) and counts again after the lock, so two writers never lose each other's change.
One task saved with the same school, item and clause (a status change, a deadline moved) is not counted again:
its old and new states move one unit between two counters in place (``UPDATE … SET n_late = n_late + 1``, the
same rows locked in the same order); where a row it needs is missing or would go below zero, it falls back to the
recount.

Overdue depends on the date. The counts are as of ``RollupClock.as_of``: a write counts its tasks as of that day,
``rollups_advance`` moves the day (recounting only the tasks whose due date lies between the two days); cron runs
it after midnight (``manage.py rebuild_rollups --advance``, README); readers use the rollups only when ``as_of``
is the day they show, and count the tasks otherwise — slower, never wrong.

Every task write and every recount also raises the data version of the municipalities it touched
(``schools.versions.bump``), so the cached page blocks built from these rollups are counted again.
"""
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum

from core.clock import local_today
from schools import versions
from schools.models import School

from ..models import DueRollup, RollupClock, SchoolRollup, SchoolTask, SourceRollup, SourceTotal
from ..models.rollups import COUNT_FIELDS
from ..selectors.compliance import COUNTED_STATES, OPEN_STATUSES, compliance_rates, compliance_state, rate_expression

CHUNK = 2000
# A task write that changes none of these leaves the counts as they were.
COUNTED_FIELDS = {"status", "due_date", "done_at", "school", "school_id", "item", "item_id", "clause", "clause_id"}
FIELDS = COUNT_FIELDS + ("rate",)
SourceKey = tuple[int, int | None, int | None]  # (municipality_id, item_id, clause_id)


def _clock(lock: str = "") -> date:
    """The day the counts are as of (made today when missing). ``lock``: "SHARE" for a writer, "UPDATE" to move
    it (PostgreSQL; SQLite serialises writers anyway)."""
    if connection.vendor == "postgresql" and lock:
        sql = f"SELECT as_of FROM {RollupClock._meta.db_table} WHERE id = 1 FOR {lock}"
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
        if row:
            return row[0]
    else:
        found = RollupClock.objects.filter(pk=1).values_list("as_of", flat=True).first()
        if found:
            return found
    RollupClock.objects.bulk_create([RollupClock(pk=1, as_of=local_today())], ignore_conflicts=True)
    return _clock(lock) if lock else RollupClock.objects.values_list("as_of", flat=True).get(pk=1)


def _values(row: dict | None) -> dict:
    row = row or {}
    values = {name: row.get(name) or 0 for name in COUNT_FIELDS}
    values["rate"] = row.get("rate")  # 0.0 is a rate; None is «nothing counted»
    return values


def recount(*, schools: Iterable[int] = (), sources: Iterable[SourceKey] = ()) -> None:
    """Count again the rollups of these schools and (municipality, item, clause) sources from their tasks."""
    schools = sorted(set(schools))
    sources = sorted(set(sources), key=lambda k: (k[0], k[1] or 0, k[2] or 0))
    if not schools and not sources:
        return
    versions.bump(school_ids=schools, municipality_ids=[m for m, _, _ in sources])
    with transaction.atomic():
        as_of = _clock("SHARE")
        for start in range(0, len(schools), CHUNK):
            _recount_schools(schools[start:start + CHUNK], as_of)
        for start in range(0, len(sources), CHUNK):
            _recount_sources(sources[start:start + CHUNK], as_of)
        # The country's sums last (after every municipality's rows), so every writer locks in the same order.
        totals = sorted({(i, c) for _, i, c in sources}, key=lambda k: (k[0] or 0, k[1] or 0))
        for start in range(0, len(totals), CHUNK):
            _recount_totals(totals[start:start + CHUNK])


def _recount_schools(ids: list[int], as_of: date) -> None:
    rows = {r.pk: r for r in SchoolRollup.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        SchoolRollup.objects.bulk_create([SchoolRollup(school_id=pk) for pk in missing], ignore_conflicts=True)
        rows = {r.pk: r for r in SchoolRollup.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    fresh = {r["school_id"]: r for r in compliance_rates(SchoolTask.objects.filter(school_id__in=ids), as_of, "school_id")}
    _write(SchoolRollup, rows, fresh)


def _recount_sources(keys: list[SourceKey], as_of: date) -> None:
    municipalities = {m for m, _, _ in keys}
    items = {i for _, i, _ in keys if i}
    clauses = {c for _, _, c in keys if c}
    near = Q(item_id__in=items) | Q(clause_id__in=clauses)

    def locked():
        found = SourceRollup.objects.select_for_update().filter(near, municipality_id__in=municipalities).order_by("pk")
        return {(r.municipality_id, r.item_id, r.clause_id): r for r in found}

    rows = locked()
    missing = [k for k in keys if k not in rows]
    if missing:
        SourceRollup.objects.bulk_create(
            [SourceRollup(municipality_id=m, item_id=i, clause_id=c) for m, i, c in missing], ignore_conflicts=True
        )
        rows = locked()
    tasks = SchoolTask.objects.filter(near, school__is_active=True, school__municipality_id__in=municipalities)
    fresh = {
        (r["school__municipality_id"], r["item_id"], r["clause_id"]): r
        for r in compliance_rates(tasks, as_of, "school__municipality_id", "item_id", "clause_id")
    }
    _write(SourceRollup, {k: rows[k] for k in keys if k in rows}, fresh)
    # The open tasks by due date of every locked key (the lock above covers them all): deleted and counted again.
    DueRollup.objects.filter(near, municipality_id__in=municipalities).delete()
    DueRollup.objects.bulk_create(DueRollup(**row) for row in _due_rows(tasks))


def _recount_totals(keys: list[tuple[int | None, int | None]]) -> None:
    """The country's sums of these (item, clause) sources, from their SourceRollup rows (counted just before, in
    this transaction; the lock below waits for any other writer of the same sources to commit first)."""
    items = {i for i, _ in keys if i}
    clauses = {c for _, c in keys if c}
    near = Q(item_id__in=items) | Q(clause_id__in=clauses)

    def locked():
        return {(r.item_id, r.clause_id): r for r in SourceTotal.objects.select_for_update().filter(near).order_by("pk")}

    rows = locked()
    missing = [k for k in keys if k not in rows]
    if missing:
        SourceTotal.objects.bulk_create([SourceTotal(item_id=i, clause_id=c) for i, c in missing], ignore_conflicts=True)
        rows = locked()
    _write(SourceTotal, {k: rows[k] for k in keys if k in rows}, _sums(SourceRollup.objects.filter(near)))


def _sums(rollups: QuerySet[SourceRollup]) -> dict:
    """{(item, clause): figures} summed over municipalities; the rate as counting the tasks gives it."""
    sums = {}
    for row in rollups.order_by().values("item_id", "clause_id").annotate(**{n: Sum(n) for n in COUNT_FIELDS}):
        counted = row["n_on_time"] + row["n_late"] + row["n_overdue"]
        row["rate"] = float(row["n_on_time"]) * 100.0 / float(counted) if counted else None
        sums[(row["item_id"], row["clause_id"])] = row
    return sums


def _due_rows(tasks: QuerySet[SchoolTask]) -> list[dict]:
    rows = (
        tasks.filter(status__in=OPEN_STATUSES, due_date__isnull=False).order_by()
        .values("school__municipality_id", "item_id", "clause_id", "due_date").annotate(n=Count("pk"))
    )
    return [
        {"municipality_id": r["school__municipality_id"], "item_id": r["item_id"], "clause_id": r["clause_id"],
         "due_date": r["due_date"], "n_open": r["n"]}
        for r in rows
    ]


def _write(model, rows: dict, fresh: dict) -> None:
    """Rows with no task left are deleted (a fresh count has no such row); the others take the fresh figures."""
    changed, empty = [], []
    for key, row in rows.items():
        values = _values(fresh.get(key))
        if not values["n_total"]:
            empty.append(row.pk)
            continue
        if any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    if empty:
        model.objects.filter(pk__in=empty).delete()
    if changed:
        model.objects.bulk_update(changed, FIELDS, batch_size=500)


def task_keys(tasks: QuerySet[SchoolTask]) -> tuple[set[int], set[SourceKey]]:
    """The rollups a set of tasks counts in (read before a delete, or after a bulk write)."""
    schools, sources = set(), set()
    for school_id, municipality_id, item_id, clause_id in (
        tasks.order_by().values_list("school_id", "school__municipality_id", "item_id", "clause_id").distinct()
    ):
        schools.add(school_id)
        sources.add((municipality_id, item_id, clause_id))
    return schools, sources


def recount_tasks(tasks: QuerySet[SchoolTask]) -> None:
    """After a bulk write of these tasks (``bulk_create``, ``update``): their rollups counted again."""
    schools, sources = task_keys(tasks)
    recount(schools=schools, sources=sources)


# --- one task moved in place ------------------------------------------------------------------------------------

TaskValues = tuple  # (school_id, item_id, clause_id, status, due_date, done_at), as stored before a save
_BEFORE = ("school_id", "item_id", "clause_id", "status", "due_date", "done_at")


def _open_due(status: str, due_date: date | None) -> date | None:
    """The due date an open task counts under in DueRollup (None: it counts in none)."""
    return due_date if status in OPEN_STATUSES and due_date else None


def _shift_counts(rows: QuerySet, old: str | None, new: str | None) -> bool:
    """Move one task from counter ``old`` to ``new`` in the one row of ``rows``, the rate with them."""
    delta = {state: 0 for state in COUNT_FIELDS}
    if old:
        delta[f"n_{old}"] -= 1
        rows = rows.filter(**{f"n_{old}__gt": 0})
    if new:
        delta[f"n_{new}"] += 1

    def after(name: str):
        return F(name) + delta[name] if delta[name] else F(name)

    counted = after(f"n_{COUNTED_STATES[0].value}")
    for state in COUNTED_STATES[1:]:
        counted = counted + after(f"n_{state.value}")
    changes = {name: after(name) for name, step in delta.items() if step}
    changes["rate"] = rate_expression(after("n_on_time"), counted)
    return rows.update(**changes) == 1


def _shift_due(key: dict, old: date | None, new: date | None) -> bool:
    if old:
        if DueRollup.objects.filter(**key, due_date=old, n_open__gt=0).update(n_open=F("n_open") - 1) != 1:
            return False
        DueRollup.objects.filter(**key, due_date=old, n_open=0).delete()
    if new and not DueRollup.objects.filter(**key, due_date=new).update(n_open=F("n_open") + 1):
        DueRollup.objects.create(**key, due_date=new, n_open=1)
    return True


def _shift(task: SchoolTask, before: TaskValues) -> bool:
    """The task's one unit moved between counters in place; False when a recount must do it."""
    _, _, _, status, due_date, done_at = before
    with transaction.atomic():
        as_of = _clock("SHARE")
        old = compliance_state(status, due_date, done_at, as_of)
        new = compliance_state(task.status, task.due_date, task.done_at, as_of)
        old_due, new_due = _open_due(status, due_date), _open_due(task.status, task.due_date)
        if old == new and old_due == new_due:
            return True
        if old != new and not _shift_counts(SchoolRollup.objects.filter(pk=task.school_id), old, new):
            return False
        municipality_id, active = School.objects.filter(pk=task.school_id).values_list(
            "municipality_id", "is_active").get()
        if not active:  # sources and due dates count active schools only
            return True
        key = {"municipality_id": municipality_id, "item_id": task.item_id, "clause_id": task.clause_id}
        source = SourceRollup.objects.filter(**key)
        if old != new:
            if not _shift_counts(source, old, new):  # the row stays locked: the due rows below are its
                return False
            total = SourceTotal.objects.filter(item_id=task.item_id, clause_id=task.clause_id)
            if not _shift_counts(total, old, new):
                return False
        elif not source.select_for_update().exists():
            return False
        return old_due == new_due or _shift_due(key, old_due, new_due)


# --- receivers (connected in MonitoringConfig.ready) -------------------------------------------------------------


def _task_changed(instance: SchoolTask) -> None:
    municipality_id = School.objects.filter(pk=instance.school_id).values_list("municipality_id", flat=True).first()
    sources = [(municipality_id, instance.item_id, instance.clause_id)] if municipality_id else []
    recount(schools=[instance.school_id], sources=sources)


def _counted(update_fields, raw: bool) -> bool:
    return not raw and (update_fields is None or bool(COUNTED_FIELDS & set(update_fields)))


def task_saving(sender, instance: SchoolTask, update_fields=None, raw=False, **kwargs) -> None:
    instance._rollup_before = (
        SchoolTask.objects.filter(pk=instance.pk).values_list(*_BEFORE).first()
        if instance.pk and not instance._state.adding and _counted(update_fields, raw) else None
    )


def task_saved(sender, instance: SchoolTask, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return
    versions.bump(school_ids=[instance.school_id])  # the pages show more of a task than its counts
    if not _counted(update_fields, raw):
        return
    before = getattr(instance, "_rollup_before", None)
    instance._rollup_before = None
    same_source = before is not None and before[:3] == (instance.school_id, instance.item_id, instance.clause_id)
    if same_source and _shift(instance, before):
        return
    _task_changed(instance)


def task_deleted(sender, instance: SchoolTask, **kwargs) -> None:
    _task_changed(instance)


def school_saving(sender, instance: School, raw=False, **kwargs) -> None:
    instance._rollup_before = (
        None if raw or instance._state.adding
        else School.objects.filter(pk=instance.pk).values_list("municipality_id", "is_active").first()
    )


def school_saved(sender, instance: School, raw=False, **kwargs) -> None:
    before = getattr(instance, "_rollup_before", None)
    if raw or before is None or before == (instance.municipality_id, instance.is_active):
        return
    pairs = set(SchoolTask.objects.filter(school_id=instance.pk).values_list("item_id", "clause_id"))
    municipalities = {before[0], instance.municipality_id}
    recount(sources=[(m, i, c) for m in municipalities for i, c in pairs])


# --- the day, and a rebuild ----------------------------------------------------------------------------------


def rollups_advance(today: date | None = None) -> int:
    """Move the counts to ``today``: the open tasks whose due date lies between the old day and the new one
    change between «срок не наступил» and «просрочено». Returns how many tasks were recounted."""
    today = today or local_today()
    with transaction.atomic():
        as_of = _clock("UPDATE")
        if as_of == today:
            return 0
        low, high = sorted((as_of, today))
        tasks = SchoolTask.objects.filter(status__in=OPEN_STATUSES, due_date__gte=low, due_date__lt=high)
        count = tasks.count()
        RollupClock.objects.filter(pk=1).update(as_of=today)
        recount_tasks(tasks)
    return count


def _due_key(row: dict) -> tuple:
    return row["municipality_id"], row["item_id"], row["clause_id"], row["due_date"]


def fresh_rollups(as_of: date) -> tuple[dict, dict, dict, dict]:
    """What the rollups must hold, counted from the tasks: by school; by municipality and source over active
    schools; open tasks by municipality, source and due date; by source over the country's active schools."""
    schools = {r["school_id"]: _values(r) for r in compliance_rates(SchoolTask.objects.all(), as_of, "school_id")}
    sources = {
        (r["school__municipality_id"], r["item_id"], r["clause_id"]): _values(r)
        for r in compliance_rates(
            SchoolTask.objects.filter(school__is_active=True), as_of, "school__municipality_id", "item_id", "clause_id"
        )
    }
    due = {_due_key(r): r["n_open"] for r in _due_rows(SchoolTask.objects.filter(school__is_active=True))}
    totals = {
        (r["item_id"], r["clause_id"]): _values(r)
        for r in compliance_rates(SchoolTask.objects.filter(school__is_active=True), as_of, "item_id", "clause_id")
    }
    return (
        {k: v for k, v in schools.items() if v["n_total"]}, {k: v for k, v in sources.items() if v["n_total"]}, due,
        {k: v for k, v in totals.items() if v["n_total"]},
    )


def stored_rollups() -> tuple[date | None, dict, dict, dict, dict]:
    as_of = RollupClock.objects.filter(pk=1).values_list("as_of", flat=True).first()
    schools = {r["school_id"]: {n: r[n] for n in FIELDS} for r in SchoolRollup.objects.values("school_id", *FIELDS)}
    sources = {
        (r["municipality_id"], r["item_id"], r["clause_id"]): {n: r[n] for n in FIELDS}
        for r in SourceRollup.objects.values("municipality_id", "item_id", "clause_id", *FIELDS)
    }
    due = {_due_key(r): r["n_open"] for r in DueRollup.objects.values(
        "municipality_id", "item_id", "clause_id", "due_date", "n_open")}
    totals = {
        (r["item_id"], r["clause_id"]): {n: r[n] for n in FIELDS}
        for r in SourceTotal.objects.values("item_id", "clause_id", *FIELDS)
    }
    return as_of, schools, sources, due, totals


def rollups_rebuild(today: date | None = None) -> tuple[int, int]:
    """Throw the rollups away and count them from the tasks, as of ``today``. Returns (schools, sources)."""
    today = today or local_today()
    with transaction.atomic():
        _clock("UPDATE")
        versions.bump(everything=True)
        RollupClock.objects.filter(pk=1).update(as_of=today)
        schools, sources, due, totals = fresh_rollups(today)
        SchoolRollup.objects.all().delete()
        SourceRollup.objects.all().delete()
        SourceTotal.objects.all().delete()
        DueRollup.objects.all().delete()
        DueRollup.objects.bulk_create(
            (DueRollup(municipality_id=m, item_id=i, clause_id=c, due_date=d, n_open=n) for (m, i, c, d), n in due.items()),
            batch_size=5000,
        )
        SchoolRollup.objects.bulk_create((SchoolRollup(school_id=k, **v) for k, v in schools.items()), batch_size=5000)
        SourceRollup.objects.bulk_create(
            (SourceRollup(municipality_id=m, item_id=i, clause_id=c, **v) for (m, i, c), v in sources.items()),
            batch_size=5000,
        )
        SourceTotal.objects.bulk_create(
            (SourceTotal(item_id=i, clause_id=c, **v) for (i, c), v in totals.items()), batch_size=5000
        )
    return len(schools), len(sources)


