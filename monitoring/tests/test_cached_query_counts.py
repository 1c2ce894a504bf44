"""The cached pages' hit path: once a page's main part is cached for the data version, a request reads the
scope and the version and little else — fewer queries than counting afresh, and the same number with 10 schools
and with 60 schools × 20 tasks. (test_query_counts.py measures the miss path: its writes are never committed, so
every request there counts afresh.) Real commits here, so the cache is used as in production."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from .test_query_counts import _grow, _queries, big  # noqa: F401 — the fixture of 20 tasks a school

CACHED_PAGES = {
    "dashboard": lambda w, c: reverse("dashboard"),
    "compliance_matrix": lambda w, c: reverse("monitoring:compliance_matrix"),
    "compliance_rates": lambda w, c: reverse("monitoring:compliance_rates"),
    "municipalities": lambda w, c: reverse("monitoring:municipalities"),
    "campaign_detail": lambda w, c: reverse("monitoring:campaign_detail", args=[c.pk]),
    "school_cabinet": lambda w, c: reverse("monitoring:school_cabinet", args=[w.home.school.pk]),
    "roadmap_list": lambda w, c: reverse("roadmaps:roadmap_list"),
    "roadmap_detail": lambda w, c: reverse("roadmaps:roadmap_detail", args=[w.home.roadmap.pk]),
    "acts_queue": lambda w, c: reverse("schools:review_queue"),
}
HIT_MAX = 8


def _miss_and_hit(client, world, campaign) -> dict[str, tuple[int, int]]:
    counts = {}
    for name, url in CACHED_PAGES.items():
        cache.clear()
        miss = _queries(client, url(world, campaign))
        counts[name] = (miss, _queries(client, url(world, campaign)))
    return counts


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["municipal", "regional", "admin"])
def test_a_cached_page_reads_less_and_the_same_at_two_sizes(client, big, role):
    world, campaign = big
    client.force_login(world.user(role))
    _grow(world, campaign, 10)
    small = _miss_and_hit(client, world, campaign)
    _grow(world, campaign, 60)
    large = _miss_and_hit(client, world, campaign)
    for name, (miss, hit) in small.items():
        assert hit < miss, f"{name}: {hit} queries from the cache, {miss} counting afresh"
        assert hit <= HIT_MAX, f"{name}: {hit} queries from the cache"
        assert large[name][1] == hit, f"{name}: {hit} queries from the cache with 10 schools, {large[name][1]} with 60"
