"""The one access rule: which rows a user may see and change, for every model of the portal.

A user acts at one level — the country (administrator, federal specialist), a region, a municipality or a
school (``schools.roles.user_scope``). Each model declares once, in its app's ``access.py``, its path to the
school / municipality / region that owns a row:

    access.register(SchoolTask, school="school", municipality="school__municipality")
    access.register(Order, municipality="municipality", region="region", shared=True, changes=(REGION, MUNICIPALITY))
    access.reference(LocalActKind)                       # the same for everyone; only an administrator changes it

and every selector is one line of ``visible(user, Model)`` / ``changeable(user, Model)``:

- the country sees everything; an administrator changes everything, a federal specialist nothing;
- a region sees the rows of its municipalities and its own rows; it changes only its own rows (the region's
  orders and roadmaps: municipality empty, region its own) of models whose ``changes`` include REGION;
- a municipality sees and (where ``changes`` include MUNICIPALITY) changes its rows;
- a school sees its rows (models with a path to a school), else its municipality's rows (unless
  ``heads=False``), and changes its rows where ``changes`` include SCHOOL.
``shared=True``: a row with no municipality belongs to the region named by the model's own ``region`` field
(or, without one, to everyone) and every level under it may read it — a regional order binds its municipalities.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from .roles import COUNTRY, MUNICIPALITY, REGION, SCHOOL, user_scope

__all__ = ["COUNTRY", "MUNICIPALITY", "REGION", "SCHOOL", "OFFICER_LEVELS", "register", "reference", "admin_only", "visible",
           "changeable", "may_act_at", "has_role", "rule_of", "registered_models"]


@dataclass(frozen=True)
class Rule:
    school: str | None = None
    municipality: str | None = None
    region: tuple[str, ...] = ()
    shared: bool = False
    heads: bool = True
    changes: frozenset[str] = frozenset()
    kind: str = "scoped"  # scoped, reference (everyone with a role reads), admin (administrators only)


_RULES: dict[type[Model], Rule] = {}


def register(model: type[Model], *, school: str | None = None, municipality: str | None = None,
             region: str | Iterable[str] | None = None, shared: bool = False, heads: bool = True,
             changes: Iterable[str] = ()) -> None:
    """Declare a model's path to its owners (lookups from the model: ``"school"``, ``"roadmap__municipality"``;
    ``"pk"`` when the model is the owner itself, ``"id"`` on its historical model — the original's id, since the
    history row's pk is its own). ``region`` defaults to ``<municipality>__region``."""
    regions = (region,) if isinstance(region, str) else tuple(region or ())
    if municipality and not any(r.startswith(_prefix(municipality)) or r == f"{municipality}__region" for r in regions):
        regions += (_join(municipality, "region"),)
    _RULES[model] = Rule(school=school, municipality=municipality, region=regions, shared=shared, heads=heads,
                         changes=frozenset(changes))


def reference(model: type[Model]) -> None:
    """Reference data (kinds of acts, the default checklist): everyone with a role reads it, an administrator
    changes it."""
    _RULES[model] = Rule(kind="reference")


def admin_only(model: type[Model]) -> None:
    """Accounts and roles: administrators only."""
    _RULES[model] = Rule(kind="admin")


def rule_of(model: type[Model]) -> Rule:
    try:
        return _RULES[model]
    except KeyError:
        raise LookupError(f"{model._meta.label}: not registered with schools.access") from None


def registered_models() -> set[type[Model]]:
    return set(_RULES)


def visible(user, rows: type[Model] | QuerySet) -> QuerySet:
    """The rows ``user`` may see."""
    qs = _queryset(rows)
    return _apply(qs, _visible_q(user, rule_of(qs.model)))


def changeable(user, rows: type[Model] | QuerySet, *, levels: Iterable[str] | None = None) -> QuerySet:
    """The rows ``user`` may change. ``levels`` narrows who may (e.g. only a school uploads its acts, only a
    municipality reviews them); an administrator always may."""
    qs = _queryset(rows)
    rule = rule_of(qs.model)
    scope = user_scope(user)
    if scope.is_admin:
        return qs
    allowed = rule.changes if levels is None else frozenset(levels)
    if rule.kind != "scoped" or scope.level not in allowed:
        return qs.none()
    if scope.level == REGION:
        return _apply(qs, _own_region_q(rule, scope.region_id))
    return _apply(qs, _level_q(rule, scope, shared=False))


# Officers: every level above the school (the pages that compare schools and municipalities).
OFFICER_LEVELS = (COUNTRY, REGION, MUNICIPALITY)


def may_act_at(user, *, levels: Iterable[str]) -> bool:
    """For pages and buttons that are not about one row: an administrator, or a user acting at one of ``levels``."""
    scope = user_scope(user)
    return scope.is_admin or scope.level in set(levels)


def has_role(user) -> bool:
    return user_scope(user).level is not None


# --- the rule ------------------------------------------------------------------------------------------------


def _visible_q(user, rule: Rule) -> Q | None:
    scope = user_scope(user)
    if scope.level is None:
        return None
    if scope.level == COUNTRY or rule.kind == "reference":
        return Q()
    if rule.kind == "admin":
        return None
    return _level_q(rule, scope, shared=rule.shared)


def _level_q(rule: Rule, scope, *, shared: bool) -> Q | None:
    if scope.level == SCHOOL and rule.school:
        return Q(**{_id(rule.school): scope.school_id})
    if scope.level == SCHOOL and not rule.heads:
        return None
    if scope.level in (SCHOOL, MUNICIPALITY):
        if not rule.municipality:
            return _region_q(rule, scope.region_id) if rule.region else None
        q = Q(**{_id(rule.municipality): scope.municipality_id})
        return q | _shared_q(rule, scope.region_id) if shared else q
    if scope.level == REGION:
        if not rule.region:
            return None
        q = _region_q(rule, scope.region_id)
        return q | _shared_q(rule, scope.region_id) if shared else q
    return None


def _region_q(rule: Rule, region_id) -> Q:
    q = Q()
    for lookup in rule.region:
        q |= Q(**{_id(lookup): region_id})
    return q


def _shared_q(rule: Rule, region_id) -> Q:
    """Rows with no municipality: the region's own (its field says so) or everyone's (no region either)."""
    no_municipality = Q(**{f"{rule.municipality}__isnull": True})
    own = _own_regions(rule)
    if not own:
        return no_municipality
    q = Q()
    for lookup in own:
        q |= Q(**{_id(lookup): region_id}) | Q(**{f"{lookup}__isnull": True})
    return no_municipality & q


def _own_region_q(rule: Rule, region_id) -> Q | None:
    """What a region changes: rows with no municipality whose own region field is the user's region."""
    own = _own_regions(rule)
    if not own or not rule.municipality:
        return None
    return Q(**{f"{rule.municipality}__isnull": True, _id(own[0]): region_id})


def _own_regions(rule: Rule) -> tuple[str, ...]:
    """Region lookups that do not go through the municipality (an order's own ``region`` field)."""
    if not rule.municipality:
        return rule.region
    return tuple(r for r in rule.region if not r.startswith(_prefix(rule.municipality)))


def _apply(qs: QuerySet, q: Q | None) -> QuerySet:
    if q is None:
        return qs.none()
    return qs.filter(q) if q else qs


def _queryset(rows) -> QuerySet:
    return rows if isinstance(rows, QuerySet) else rows._default_manager.all()


_SELF = ("pk", "id")  # the row itself (``id``: a historical row's original)


def _id(lookup: str) -> str:
    return lookup if lookup in _SELF else f"{lookup}_id"


def _join(path: str, field: str) -> str:
    return field if path in _SELF else f"{path}__{field}"


def _prefix(path: str) -> str:
    return "" if path in _SELF else f"{path}__"
