"""Data versions: what lets a page keep its heavy blocks in the cache and still show every write at once.

Each municipality has a counter (``DataVersion``) that every write changing what its pages show raises when the
write commits (``bump``). A scope's version is its municipality's counter, or the sum of the counters of
its region or of the country: counters only grow, so the sum changes with every committed write below it.
``cached_block`` keys a block to (its name, the user's scope, the scope's version, the extra key parts): a write
makes the next request of every role above it miss and recount; nothing is ever invalidated by hand, and a cache
shared by several processes (or one cache per process) is right either way.

Who raises the counters:
- roadmaps (an order, clause, roadmap or item saved or deleted; an import): ``roadmaps.versions``;
- per-school tasks and their rollups: ``monitoring.services.rollups``;
- schools, municipalities and regions renamed, moved or (de)activated, local acts uploaded or reviewed, officials and
  organisations, and the kinds of local acts (every municipality): the receivers below (connected in ``SchoolsConfig.ready``);
- website campaigns and checks, and the events of a school's tasks: ``monitoring.versions``.
A write that bypasses them (raw SQL, ``QuerySet.update`` on those tables) must call ``bump`` itself, as
``recount_tasks`` and ``rebuild_rollups`` do.
"""
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.shortcuts import render
from django.template.loader import render_to_string

from core.clock import local_today

from .models import (
    ActEvent, DataVersion, LocalAct, LocalActKind, LocalActVersion, Municipality, Official, Organization, School,
)
from .roles import COUNTRY, MUNICIPALITY, REGION, SCHOOL, Scope, user_scope

T = TypeVar("T")

# A block lives at most this long even if no write raises its version (a write made outside the rules above).
BLOCK_TIMEOUT = 600

_TABLE = DataVersion._meta.db_table
_MUNICIPALITIES = Municipality._meta.db_table
_SCHOOLS = School._meta.db_table
# One statement for a row that exists and one that does not; rows are taken in id order (no deadlocks).
_BUMP = (
    f"INSERT INTO {_TABLE} (municipality_id, n) SELECT id, 1 FROM {_MUNICIPALITIES} WHERE {{where}} ORDER BY id "
    f"ON CONFLICT (municipality_id) DO UPDATE SET n = {_TABLE}.n + 1"
)


def _queued() -> dict:
    """The ids waiting for the next bump on this connection (one per thread)."""
    queued = getattr(connection, "_data_versions_queued", None)
    if queued is None:
        queued = connection._data_versions_queued = {"everything": False, "municipalities": set(), "regions": set(),
                                                     "schools": set()}
    return queued


class _Bump:
    """Raises the counters once the write's transaction has committed (``transaction.on_commit``).

    After the commit, not inside the transaction: the bump then holds its row locks for one statement only, never
    while the write waits for other locks (a status change and a roadmap edit of one municipality take theirs in
    opposite orders), so it can neither deadlock nor queue writers. A reader between the commit and the bump
    caches the new data under the old version; the bump makes the next request miss, so nothing stale stays.
    Every ``bump`` registers one; the first to run raises everything queued on the connection (thousands of task
    saves in one transaction: one statement a kind after the commit), the others find nothing left. Ids queued by
    a write that was rolled back are raised by the next commit: a needless miss, never a stale page."""

    CHUNK = 1000  # ids a statement (SQLite takes 32,766 parameters at most)

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        queued = _queued()
        everything, kinds = queued["everything"], (
            ("id IN ({})", sorted(queued["municipalities"])),
            ("region_id IN ({})", sorted(queued["regions"])),
            (f"id IN (SELECT municipality_id FROM {_SCHOOLS} WHERE id IN ({{}}))", sorted(queued["schools"])),
        )
        connection._data_versions_queued = None
        with connection.cursor() as cursor:
            if everything:
                cursor.execute(_BUMP.format(where="1 = 1"))
            else:
                for where, ids in kinds:
                    for start in range(0, len(ids), self.CHUNK):
                        chunk = ids[start:start + self.CHUNK]
                        cursor.execute(_BUMP.format(where=where.format(", ".join(["%s"] * len(chunk)))), chunk)
        self.done = True


def bump(*, municipality_ids: Iterable[int | None] = (), region_ids: Iterable[int | None] = (),
         school_ids: Iterable[int | None] = (), everything: bool = False) -> None:
    """Raise the data version of these municipalities, of every municipality of these regions and of these
    schools' municipalities, when the current transaction commits (at once outside a transaction)."""
    municipalities = {pk for pk in municipality_ids if pk}
    regions = {pk for pk in region_ids if pk}
    schools = {pk for pk in school_ids if pk}
    if not (everything or municipalities or regions or schools):
        return
    queued = _queued()
    queued["everything"] |= everything
    queued["municipalities"] |= municipalities
    queued["regions"] |= regions
    queued["schools"] |= schools
    transaction.on_commit(_Bump(), robust=True)


def _writes_pending() -> bool:
    """This transaction changed data whose versions are raised only at its commit: its own reads skip the cache."""
    return connection.in_atomic_block and any(
        isinstance(func, _Bump) and not func.done for _, func, _ in connection.run_on_commit
    )


def scope_version(scope: Scope) -> str:
    """The version of the data a scope sees: its municipality's counter, or the sum over its region or country."""
    if scope.level in (MUNICIPALITY, SCHOOL):
        sql, params = f"SELECT COALESCE(SUM(n), 0), COUNT(*) FROM {_TABLE} WHERE municipality_id = %s", [
            scope.municipality_id]
    elif scope.level == REGION:
        sql = (f"SELECT COALESCE(SUM(v.n), 0), COUNT(*) FROM {_TABLE} v JOIN {_MUNICIPALITIES} m "
               f"ON m.id = v.municipality_id WHERE m.region_id = %s")
        params = [scope.region_id]
    elif scope.level == COUNTRY:
        sql, params = f"SELECT COALESCE(SUM(n), 0), COUNT(*) FROM {_TABLE}", []
    else:
        return "-"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, rows = cursor.fetchone()
    return f"{total}.{rows}"


def cached_block(name: str, user, build: Callable[[], T], *key: object) -> T:
    """``build()`` for this user's scope, kept in the cache until a write raises the scope's data version.

    Only for blocks that depend on the user through their scope alone (every selector does: ``user_scope``),
    and on today's date or the request only through ``key``. A request that has written data (its transaction
    not yet committed) builds afresh."""
    scope = user_scope(user)
    if _writes_pending():
        return build()
    parts = (name, scope.role, scope.region_id, scope.municipality_id, scope.school_id, *key, scope_version(scope))
    cache_key = "block:" + ":".join(str(part) for part in parts)
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, BLOCK_TIMEOUT)
    return value


def cached_content(request, template_name: str, build: Callable[[], dict], *key: object) -> str:
    """A page's main part (``template_name`` rendered with ``build()``), cached like ``cached_block`` and keyed
    to the request's path and query string too: the page template shows it in ``{% block content %}``, around
    the parts that are the user's own (the menu, notifications, messages). The part is rendered from ``build()``
    alone and must hold no CSRF token."""
    def render() -> str:
        # Without the request: no context processor runs, so nothing of the user (the menu, the bell, a CSRF token)
        # can reach a part that others of the scope will be served; only their common scope (part of the key).
        # A {% csrf_token %} in the part writes its input (with a placeholder), and is refused below.
        content = render_to_string(template_name, {"portal_scope": user_scope(request.user), "csrf_token": "cached",
                                                   **build()})
        if "csrfmiddlewaretoken" in content:  # one user's token would be served to the next
            raise ImproperlyConfigured(f"{template_name} holds a CSRF token: it cannot be cached.")
        return content

    return cached_block(template_name, request.user, render, request.path, _query(request), local_today())


def render_cached(request, template_name: str, build: Callable[[], dict], **context):
    """The page ``template_name`` around its main part ``<dir>/_<name>_content.html`` rendered with ``build()`` and
    cached (``cached_content``); ``context`` is what the page itself shows outside it (a title, breadcrumbs)."""
    folder, _, name = template_name.rpartition("/")
    content_template = f"{folder}/_{name.removesuffix('.html')}_content.html"
    return render(request, template_name, {"content": cached_content(request, content_template, build), **context})


def once_per_version(name: str, user, func: Callable[[], object], *key: object) -> None:
    """Call ``func`` once per data version of the user's scope (and ``key``): for an idempotent catch-up that only a
    write or ``key`` (today's date) can make necessary again."""
    cached_block(name, user, lambda: func() or 0, *key)


def _query(request) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()))


# --- receivers (connected in SchoolsConfig.ready) ------------------------------------------------------------------


def school_saving(sender, instance, raw=False, **kwargs) -> None:
    instance._version_before = (
        sender.objects.filter(pk=instance.pk).values_list("municipality_id", flat=True).first()
        if instance.pk and not raw else None
    )


def school_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(municipality_ids=[instance.municipality_id, getattr(instance, "_version_before", None)])


def municipality_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.pk:
        bump(municipality_ids=[instance.pk])


def act_changed(sender, instance, raw=False, **kwargs) -> None:
    """A local act, a version or a review event: the school's pages (the head's dashboard, the review queue)."""
    if raw:
        return
    if isinstance(instance, LocalAct):
        schools = [instance.school_id]
    elif isinstance(instance, LocalActVersion):
        schools = LocalAct.objects.filter(pk=instance.act_id).values_list("school_id", flat=True)
    else:
        schools = LocalActVersion.objects.filter(pk=instance.version_id).values_list("act__school_id", flat=True)
    bump(school_ids=schools)


ACT_MODELS = (LocalAct, LocalActVersion, ActEvent)


def responsible_changed(sender, instance, raw=False, **kwargs) -> None:
    """An official or an organisation (a roadmap's responsible, its page's filter): its municipality, or the region
    of a regional body."""
    if not raw:
        bump(municipality_ids=[instance.municipality_id],
             region_ids=[getattr(instance, "region_id", None)] if not instance.municipality_id else [])


RESPONSIBLE_MODELS = (Official, Organization)


def reference_changed(sender, instance, raw=False, **kwargs) -> None:
    """Reference data every scope shows (the kinds of local acts: the review queue's columns)."""
    if not raw:
        bump(everything=True)


def region_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.pk:
        bump(region_ids=[instance.pk])
