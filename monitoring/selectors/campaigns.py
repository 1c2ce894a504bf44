"""Website-check campaigns: lists, progress and the results table (schools × criteria)."""

import html
from functools import lru_cache

from django.db.models import (
    Count, F, FilteredRelation, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, Window,
)
from django.db.models.functions import Coalesce
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from core.links import pk_url_format
from core.text import truncate_chars
from schools.models import School
from schools.selectors import schools_visible_to

from ..models import CheckCriterion, CriterionScore, WebsiteCampaign, WebsiteCheck
from .scope import campaigns_visible_to, website_checks_visible_to

CHECK_FILTERS = {
    "": "Все школы",
    "unchecked": "Не проверены",
    "found": "Акт найден",
    "not_found": "Акт не найден",
}


CAMPAIGN_ORDERINGS = {
    "period": ("period_start", "municipality__short_name", "title", "pk"),
    "municipality": ("municipality__short_name", "-period_start", "title", "pk"),
    "title": ("title", "municipality__short_name", "pk"),
}


def campaigns_with_progress(user, *, municipality_ids=None, ids=None) -> list[dict]:
    """Visible campaigns as plain values — ``pk``, ``title``, ``municipality_id``, ``municipality_name`` (its
    short name), ``period_start``, ``period_end``, ``item_id``, ``item_number``, ``item_deadline_text``, ``act_kinds``
    (the names of the kinds looked for, in the kinds' order) — with ``n_schools`` (active schools of the
    municipality), ``n_checked``, ``n_found``; all of them, or those of ``municipality_ids``, or the ``ids`` of one
    page (returned in that order). Checked are the campaign's checks of active schools of the campaigns'
    municipalities (a campaign checks its own municipality's schools).

    Three queries: the campaigns with their kinds, the checks counted per campaign and the schools per
    municipality — grouped apart, since counting them in the campaigns' query grouped every check row with the
    campaign's, its item's and its roadmap's columns.
    """
    qs = campaigns_visible_to(user)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=list(municipality_ids))
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    # One row per campaign and kind looked for (a LEFT JOIN: a campaign without kinds has one row, kind None).
    campaigns: dict[int, dict] = {}
    for row in qs.order_by(
        "-period_start", "municipality__short_name", "title", "pk", "act_kinds__ordering", "act_kinds__name"
    ).values(
        "pk", "title", "municipality_id", "period_start", "period_end", "item_id",
        municipality_name=F("municipality__short_name"), item_number=F("item__number"),
        item_deadline_text=F("item__deadline_text"), kind=F("act_kinds__name"),
    ):
        kind = row.pop("kind")
        campaign = campaigns.setdefault(row["pk"], {**row, "act_kinds": []})
        if kind is not None:
            campaign["act_kinds"].append(kind)
    campaigns = list(campaigns.values())
    if ids is not None:
        position = {pk: index for index, pk in enumerate(ids)}
        campaigns.sort(key=lambda c: position[c["pk"]])
    if not campaigns:
        return campaigns
    pks, municipalities = [c["pk"] for c in campaigns], {c["municipality_id"] for c in campaigns}
    # The checked schools are read through the municipalities' index of active schools: filtered by activity alone,
    # PostgreSQL scanned the whole country's schools to join them.
    checked = WebsiteCheck.objects.filter(
        campaign_id__in=pks, school__is_active=True, school__municipality_id__in=municipalities
    )
    checks = {
        campaign_id: (n, found)
        for campaign_id, n, found in checked.order_by().values("campaign_id")
        .annotate(n=Count("pk"), found=Count("pk", filter=Q(found=True)))
        .values_list("campaign_id", "n", "found")
    }
    schools = dict(
        School.objects.filter(municipality_id__in=municipalities, is_active=True)
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "n")
    )
    for campaign in campaigns:
        campaign["n_checked"], campaign["n_found"] = checks.get(campaign["pk"], (0, 0))
        campaign["n_schools"] = schools.get(campaign["municipality_id"], 0)
    return campaigns


def campaign_checks_by_municipality(user, municipality_ids) -> dict[int, dict]:
    """{municipality id: {"campaigns": visible campaigns, "checked": their checks of active schools}} for the
    municipalities side by side — one grouped query (no campaign rows, kinds or school counts: the caller has those).
    """
    rows = (
        campaigns_visible_to(user).select_related(None).filter(municipality_id__in=list(municipality_ids))
        .order_by().values("municipality_id")
        .annotate(n=Count("pk", distinct=True), checked=Count("checks", filter=Q(checks__school__is_active=True)))
    )
    return {r["municipality_id"]: {"campaigns": r["n"], "checked": r["checked"]} for r in rows}


def campaign_criteria(campaign: WebsiteCampaign) -> list[CheckCriterion]:
    return list(campaign.criteria.order_by("position", "pk"))


def _progress(total: int, checked: int, found: int) -> dict:
    return {"total": total, "checked": checked, "found": found, "not_found": checked - found,
            "percent": round(100 * checked / total) if total else 0}


def campaign_progress(campaign: WebsiteCampaign) -> dict:
    """Checked / total active schools of the campaign's municipality, found — one query (each school with its check
    in this campaign, if any: one row per school, a school has at most one check per campaign)."""
    figures = (
        School.objects.filter(municipality_id=campaign.municipality_id, is_active=True)
        .annotate(campaign_check=FilteredRelation("website_checks", condition=Q(website_checks__campaign=campaign)))
        .aggregate(
            total=Count("pk"),
            checked=Count("campaign_check"),
            found=Count("campaign_check", filter=Q(campaign_check__found=True)),
        )
    )
    return _progress(**figures)


def progress_of_rows(rows: list[dict]) -> dict | None:
    """``campaign_progress`` from rows of ``campaign_result_rows(..., with_progress=True)`` (None without rows)."""
    if not rows:
        return None
    return _progress(rows[0]["n_total"], rows[0]["n_checked"], rows[0]["n_found"])


def criterion_totals(campaign: WebsiteCampaign, criteria: list[CheckCriterion] | None = None) -> dict[int, dict]:
    """Per criterion: how many checked schools met it in full, and the sum of scores — over the checks of the active
    schools of the campaign's municipality, as ``campaign_progress`` counts them. One query: the scores counted per
    criterion and score (the schools read through the municipality's index of active schools), summed here."""
    criteria = list(campaign.criteria.all()) if criteria is None else criteria
    max_scores = {criterion.pk: criterion.max_score for criterion in criteria}
    if not max_scores:
        return {}
    rows = (
        CriterionScore.objects.filter(
            check_result__campaign_id=campaign.pk, check_result__school__is_active=True,
            check_result__school__municipality_id=campaign.municipality_id,
        )
        .order_by().values_list("criterion_id", "score").annotate(n=Count("pk"))
    )
    totals: dict[int, dict] = {}
    for criterion_id, score, n in rows:
        if criterion_id not in max_scores:
            continue
        row = totals.setdefault(criterion_id, {"criterion_id": criterion_id, "total": 0, "full": 0})
        row["total"] += score * n
        if score >= max_scores[criterion_id]:
            row["full"] += n
    return totals


def _result_schools(user, campaign: WebsiteCampaign, *, check_filter: str, q: str) -> QuerySet[School]:
    """The campaign's active schools the user may see, narrowed by the results table's filters."""
    schools = schools_visible_to(user).filter(municipality_id=campaign.municipality_id, is_active=True)
    if q:
        schools = schools.filter(Q(short_name__icontains=q) | Q(full_name__icontains=q))
    has_check = Q(website_checks__campaign=campaign)
    if check_filter == "unchecked":
        schools = schools.exclude(pk__in=WebsiteCheck.objects.filter(campaign=campaign).values("school_id"))
    elif check_filter == "found":
        schools = schools.filter(has_check & Q(website_checks__found=True))
    elif check_filter == "not_found":
        schools = schools.filter(has_check & Q(website_checks__found=False))
    return schools


def campaign_result_schools(
    user, campaign: WebsiteCampaign, *, check_filter: str = "", q: str = ""
) -> QuerySet[School]:
    """The schools of the results table (for the Excel export), each with ``campaign_checks`` (0 or 1 check, with
    ``total_score`` and its ``scores`` prefetched). Three queries per chunk."""
    checks = (
        WebsiteCheck.objects.filter(campaign=campaign).select_related("checked_by")
        .annotate(total_score=Coalesce(Sum("scores__score"), Value(0)))
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.only("pk", "check_result_id", "criterion_id", "score"))
        )
    )
    return (
        _result_schools(user, campaign, check_filter=check_filter, q=q)
        .prefetch_related(Prefetch("website_checks", queryset=checks, to_attr="campaign_checks"))
        .order_by("short_name", "pk")
    )


# The check's columns the results page shows, as the names its rows carry them under.
_RESULT_CHECK_COLUMNS = {
    "check_id": "id", "found": "found", "document_url": "document_url", "method": "method",
    "checked_at": "checked_at", "confirmed_at": "confirmed_at", "remarks": "remarks", "checked_by_id": "checked_by_id",
    "checker_first_name": "checked_by__first_name", "checker_last_name": "checked_by__last_name",
    "checker_username": "checked_by__username",
}


def campaign_result_rows(
    user, campaign: WebsiteCampaign, *, check_filter: str = "", q: str = "", with_progress: bool = False
) -> QuerySet:
    """The rows of the results page as plain values, one query: each school (``pk``, ``short_name``, ``website``)
    with the columns of its check in the campaign (``check_id`` None when unchecked) and who checked it. The page
    reads the scores of its checks apart (``check_scores``).

    ``with_progress``: each row also carries ``n_total``, ``n_checked``, ``n_found``, counted over every row of the
    set, not only the page's (window counts) — ``campaign_progress`` itself when the set is every active school of
    the municipality (no filter, and a user who sees the whole municipality), without a query of its own."""
    progress = {}
    if with_progress:
        progress = {
            "n_total": Window(Count("pk")),
            "n_checked": Window(Count("campaign_check")),
            "n_found": Window(Count("campaign_check", filter=Q(campaign_check__found=True))),
        }
    return (
        _result_schools(user, campaign, check_filter=check_filter, q=q)
        .annotate(campaign_check=FilteredRelation("website_checks", condition=Q(website_checks__campaign=campaign)))
        .order_by("short_name", "pk")
        .values(
            "pk", "short_name", "website",
            **{name: F(f"campaign_check__{column}") for name, column in _RESULT_CHECK_COLUMNS.items()},
            **progress,
        )
    )


def check_scores(check_ids: list[int]) -> dict[int, dict[int, int]]:
    """Per check: {criterion id: score}. One query, plain numbers (a page has fifty checks × the criteria)."""
    scores: dict[int, dict[int, int]] = {}
    rows = CriterionScore.objects.filter(check_result_id__in=check_ids).order_by().values_list(
        "check_result_id", "criterion_id", "score"
    )
    for check_id, criterion_id, score in rows:
        scores.setdefault(check_id, {})[criterion_id] = score
    return scores


def score_cells(
    check: WebsiteCheck | None, criteria: list[CheckCriterion], scores: dict[int, int] | None = None
) -> list[dict]:
    """Scores aligned with the criteria columns: {"score": int | None (not scored), "max": int, "level": str}.
    ``scores`` ({criterion id: score}, from ``check_scores``) stands for the check's prefetched scores."""
    if scores is not None:
        by_criterion = scores
    else:
        by_criterion = {score.criterion_id: score.score for score in check.scores.all()} if check else {}
    cells = []
    for criterion in criteria:
        score = by_criterion.get(criterion.pk)
        if score is None:
            level = "none"
        else:
            level = "yes" if score >= criterion.max_score else "no" if score == 0 else "part"
        cells.append({"score": score, "max": criterion.max_score, "level": level})
    return cells


def score_cells_html(cells: list[dict]) -> str:
    """A results row's score cells as HTML (numbers and fixed words only): written here, not per cell in the
    template, for a page of fifty schools × the criteria."""
    cells_html = "".join(_score_cell_html(cell["score"], cell["max"], cell["level"]) for cell in cells)
    return mark_safe(cells_html)  # noqa: S308 — numbers and fixed words


@lru_cache(maxsize=256)
def _score_cell_html(score: int | None, max_score: int, level: str) -> str:
    if score is None:
        text = "—"
    elif max_score == 1:
        text = "да" if score else "нет"
    else:
        text = f"{int(score)} из {int(max_score)}"
    return f'<td class="score-{html.escape(level)}">{text}</td>'


def campaign_max_score(criteria: list[CheckCriterion]) -> int:
    return sum(criterion.max_score for criterion in criteria)


def school_checks(user, school: School) -> QuerySet[WebsiteCheck]:
    """A school's own results with ``total_score`` and the campaign's ``max_score``, for its cabinet."""
    max_score = (
        CheckCriterion.objects.filter(campaign=OuterRef("campaign"))
        .order_by()
        .values("campaign")
        .annotate(total=Sum("max_score"))
        .values("total")
    )
    # The cabinet shows the campaign's title only: the school (the page's own) and the checker are not joined.
    return (
        website_checks_visible_to(user)
        .select_related(None)
        .select_related("campaign")
        .filter(school=school)
        .annotate(
            total_score=Coalesce(Sum("scores__score"), Value(0)),
            max_score=Coalesce(Subquery(max_score, output_field=IntegerField()), Value(0)),
        )
        .order_by("-campaign__period_start")
    )


def result_rows_html(
    rows: list[dict], *, criteria: list[CheckCriterion], scores: dict[int, dict[int, int]], campaign: WebsiteCampaign,
    can_change: bool, max_score: int,
) -> str:
    """The results table's rows (``campaign_result_rows`` values; ``scores`` from ``check_scores``) as one piece of
    HTML ("" without rows), written here once per school rather than through two dozen template lookups per row.
    Every text from the database is escaped."""
    edit_url = html.escape(pk_url_format("monitoring:website_check_edit", campaign.pk))
    methods = dict(WebsiteCheck.Method.choices)
    empty = '<td class="score-none">—</td>' * len(criteria)
    cells_of: dict[tuple, str] = {}  # the score cells of each pattern of scores (many checks share one)
    out = []
    for row in rows:
        school_pk, check_id = row["pk"], row["check_id"]
        parts = [f'<tr data-school="{school_pk}"><td class="col-school"><div class="d-flex justify-content-between '
                 f'gap-2"><div>{html.escape(row["short_name"])}']
        if row["website"]:
            parts.append(f'<div class="small"><a href="{html.escape(row["website"])}" rel="noopener noreferrer" '
                         f'target="_blank">{html.escape(truncate_chars(row["website"], 40))}</a></div>')
        parts.append("</div>")
        if can_change:
            style, label = ("btn-outline-secondary", "Изменить") if check_id else ("btn-primary", "Проверить")
            parts.append(f'<div><a class="btn btn-sm {style}" href="{edit_url.format(school_pk)}">{label}</a></div>')
        parts.append("</div></td>")
        if check_id is None:
            parts.append(f'<td class="score-none">не проверен</td>{empty}<td></td><td></td></tr>')
            out.append("".join(parts))
            continue
        if row["found"]:
            link = ""
            if row["document_url"]:
                url = html.escape(row["document_url"])
                link = f' <a href="{url}" rel="noopener noreferrer" target="_blank" title="{url}">документ</a>'
            parts.append(f'<td class="score-yes">найден{link}</td>')
        else:
            parts.append('<td class="score-no">не найден</td>')
        by_criterion = scores.get(check_id, {})
        pattern = tuple(by_criterion.get(criterion.pk) for criterion in criteria)
        cells = cells_of.get(pattern)
        if cells is None:
            cells = cells_of[pattern] = score_cells_html(score_cells(None, criteria, by_criterion))
        parts.append(cells)
        if row["checked_by_id"]:
            who = (f'{row["checker_first_name"]} {row["checker_last_name"]}'.strip() or row["checker_username"])
        else:
            who = "портал"
        method = methods.get(row["method"], row["method"])
        parts.append(f'<td class="text-center" title="Проверил: {html.escape(who)}, '
                     f'{html.escape(str(method))}"><strong>{sum(by_criterion.values())} / {max_score}'
                     f'</strong><div class="small-muted">{localtime(row["checked_at"]):%d.%m.%Y}</div>')
        if row["method"] == WebsiteCheck.Method.AUTOMATIC:
            badge = ('<span class="badge text-bg-success">подтверждено</span>' if row["confirmed_at"]
                     else '<span class="badge text-bg-warning">автоматически, не подтверждено</span>')
            parts.append(f'<div class="small">{badge}</div>')
        remarks = truncate_chars(row["remarks"], 140) if row["remarks"] else "—"
        parts.append(f'</td><td class="small col-remarks">{html.escape(remarks)}</td></tr>')
        out.append("".join(parts))
    return mark_safe("\n".join(out))  # noqa: S308 — escaped above


def campaign_rows_html(campaigns: list[dict]) -> str:
    """The rows of a campaign list page (``campaigns_with_progress`` values) as one piece of HTML: written here once
    per campaign rather than through template lookups per cell. Texts are escaped."""
    detail_url, item_url = pk_url_format("monitoring:campaign_detail"), pk_url_format("roadmaps:item_detail")
    rows = []
    for c in campaigns:
        kinds = c["act_kinds"]
        kinds_html = f'<div class="small-muted">{html.escape("; ".join(kinds))}</div>' if kinds else ""
        if c["item_id"]:
            item = (f'<a href="{html.escape(item_url.format(c["item_id"]))}">п. {html.escape(c["item_number"])} '
                    f'дорожной карты</a><div class="small-muted">срок: <span class="deadline-phrase">'
                    f'{html.escape(c["item_deadline_text"])}</span></div>')
        else:
            item = "—"
        percent = round(100 * c["n_checked"] / c["n_schools"]) if c["n_schools"] else 0
        rows.append(
            f'<tr><td><a href="{html.escape(detail_url.format(c["pk"]))}">{html.escape(c["title"])}</a>{kinds_html}'
            f'</td><td>{html.escape(c["municipality_name"])}</td>'
            f'<td class="text-nowrap">{c["period_start"]:%d.%m.%Y} – {c["period_end"]:%d.%m.%Y}</td>'
            f'<td class="small">{item}</td>'
            f'<td><div class="d-flex align-items-center gap-2"><div class="progress flex-grow-1 progress-h-06">'
            f'<div class="progress-bar pct-{percent}"></div></div><span class="text-nowrap">{c["n_checked"]} из '
            f'{c["n_schools"]}</span></div></td>'
            f'<td class="text-end">{c["n_found"]}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 — every text is escaped
