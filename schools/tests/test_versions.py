"""Data versions (schools.versions): who raises them, when, and what the cache keyed to them returns."""
import pytest
from django.db import transaction

from schools import versions
from schools.models import DataVersion
from schools.roles import user_scope
from tests.factories import make_municipality, make_region, make_school, make_user
from schools.models import Role

pytestmark = pytest.mark.django_db


def _n(municipality) -> int:
    return DataVersion.objects.filter(municipality=municipality).values_list("n", flat=True).first() or 0


@pytest.fixture
def places(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the places' own bumps done, as after a commit
        return _places()


def _places():
    north, south = make_region("01", "Северный край"), make_region("02", "Южный край")
    a, b = make_municipality("Город А", region=north), make_municipality("Город Б", region=north)
    c = make_municipality("Город В", region=south)
    return {"north": north, "south": south, "a": a, "b": b, "c": c, "school_a": make_school(a)}


@pytest.mark.parametrize("kwargs, raised", [
    ({"municipality_ids": ["a"]}, {"a"}),
    ({"region_ids": ["north"]}, {"a", "b"}),
    ({"school_ids": ["school_a"]}, {"a"}),
    ({"municipality_ids": ["b"], "region_ids": ["south"]}, {"b", "c"}),
    ({"everything": True}, {"a", "b", "c"}),
    ({"municipality_ids": [None], "region_ids": []}, set()),
])
def test_bump_raises_exactly_the_named_municipalities(places, django_capture_on_commit_callbacks, kwargs, raised):
    args = {key: [places[name].pk if name else None for name in value] if isinstance(value, list) else value
            for key, value in kwargs.items()}
    before = {name: _n(places[name]) for name in "abc"}
    with django_capture_on_commit_callbacks(execute=True):
        versions.bump(**args)
    assert {name for name in "abc" if _n(places[name]) > before[name]} == raised


def test_the_bump_waits_for_the_commit(places, django_capture_on_commit_callbacks):
    before = _n(places["a"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            versions.bump(municipality_ids=[places["a"].pk])
            assert _n(places["a"]) == before  # not inside the write's transaction: no lock held while it waits
    assert len(callbacks) == 1
    callbacks[0]()
    assert _n(places["a"]) == before + 1


def test_scope_versions_follow_the_writes_below_them(places, django_capture_on_commit_callbacks):
    users = {
        "officer_a": make_user("officer_a", role=Role.MUNICIPAL, municipality=places["a"]),
        "officer_b": make_user("officer_b", role=Role.MUNICIPAL, municipality=places["b"]),
        "head_a": make_user("head_a", role=Role.SCHOOL_HEAD, school=places["school_a"]),
        "north": make_user("north", role=Role.REGIONAL, region=places["north"]),
        "south": make_user("south", role=Role.REGIONAL, region=places["south"]),
        "federal": make_user("federal", role=Role.FEDERAL),
    }
    before = {name: versions.scope_version(user_scope(user)) for name, user in users.items()}
    with django_capture_on_commit_callbacks(execute=True):
        versions.bump(municipality_ids=[places["a"].pk])
    after = {name: versions.scope_version(user_scope(user)) for name, user in users.items()}
    assert {name for name in users if after[name] != before[name]} == {"officer_a", "head_a", "north", "federal"}


@pytest.mark.parametrize("write", ["rename_school", "move_school", "rename_municipality", "rename_region"])
def test_place_writes_raise_the_versions(places, django_capture_on_commit_callbacks, write):
    school = places["school_a"]
    before = {name: _n(places[name]) for name in "abc"}
    with django_capture_on_commit_callbacks(execute=True):
        if write == "rename_school":
            school.short_name = "Новое имя"
            school.save()
            expected = {"a"}
        elif write == "move_school":
            school.municipality = places["b"]
            school.save()
            expected = {"a", "b"}  # the one it left and the one it joined
        elif write == "rename_municipality":
            places["c"].short_name = "Город Ц"
            places["c"].save()
            expected = {"c"}
        else:
            places["north"].name = "Северный край (новое имя)"
            places["north"].save()
            expected = {"a", "b"}
    assert {name for name in "abc" if _n(places[name]) > before[name]} == expected


def test_cached_block_is_kept_per_scope_until_a_write(places, django_capture_on_commit_callbacks):
    officer_a = make_user("officer_a", role=Role.MUNICIPAL, municipality=places["a"])
    officer_b = make_user("officer_b", role=Role.MUNICIPAL, municipality=places["b"])
    calls = []

    def build(label):
        calls.append(label)
        return f"{label}-{len(calls)}"

    assert versions.cached_block("t", officer_a, lambda: build("a")) == "a-1"
    assert versions.cached_block("t", officer_a, lambda: build("a")) == "a-1"  # from the cache
    assert versions.cached_block("t", officer_b, lambda: build("b")) == "b-2"  # another scope: its own
    assert versions.cached_block("t", officer_a, lambda: build("a"), "page=2") == "a-3"  # another key
    with django_capture_on_commit_callbacks(execute=True):
        versions.bump(municipality_ids=[places["a"].pk])
    assert versions.cached_block("t", officer_a, lambda: build("a")) == "a-4"  # its data changed: built again
    assert versions.cached_block("t", officer_b, lambda: build("b")) == "b-2"  # the other scope's is still good


def test_a_request_that_wrote_reads_afresh(places, django_capture_on_commit_callbacks):
    officer = make_user("officer_a", role=Role.MUNICIPAL, municipality=places["a"])
    assert versions.cached_block("t", officer, lambda: "old") == "old"
    with django_capture_on_commit_callbacks(execute=False):
        with transaction.atomic():
            versions.bump(municipality_ids=[places["a"].pk])  # committed only at the end of the block
            assert versions.cached_block("t", officer, lambda: "new") == "new"


def test_several_instances_share_blocks_through_redis(places, settings, django_capture_on_commit_callbacks):
    """CACHE_URL=redis://…: what one instance counted serves the others, until a write raises the version."""
    from django.core.cache import cache

    from tests.worker import TEST_REDIS_URL, empty_redis

    empty_redis(TEST_REDIS_URL)  # fails loudly when Redis is not there
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": TEST_REDIS_URL, "KEY_PREFIX": "test-versions"}}
    try:
        officer = make_user("officer_a", role=Role.MUNICIPAL, municipality=places["a"])
        assert versions.cached_block("t", officer, lambda: {"rows": ["Школа № 1"]}) == {"rows": ["Школа № 1"]}
        assert versions.cached_block("t", officer, lambda: "counted again") == {"rows": ["Школа № 1"]}
        with django_capture_on_commit_callbacks(execute=True):
            versions.bump(municipality_ids=[places["a"].pk])
        assert versions.cached_block("t", officer, lambda: "counted again") == "counted again"
    finally:
        cache.clear()


def test_a_part_with_a_csrf_token_is_refused(places, rf):
    from django.core.exceptions import ImproperlyConfigured

    request = rf.get("/")
    request.user = make_user("officer_a", role=Role.MUNICIPAL, municipality=places["a"])
    with pytest.raises(ImproperlyConfigured):
        versions.cached_content(request, "registration/login.html", lambda: {})


def test_the_bumps_of_one_transaction_run_as_one(places, django_capture_on_commit_callbacks,
                                                django_assert_num_queries):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            for _ in range(3):
                versions.bump(school_ids=[places["school_a"].pk])
            versions.bump(municipality_ids=[places["c"].pk], school_ids=list(range(10**6, 10**6 + 5000)))
    before = {name: _n(places[name]) for name in "abc"}
    with django_assert_num_queries(1 + 6):  # the municipality; 5,003 school ids in chunks (SQLite's parameter limit)
        callbacks[0]()
    with django_assert_num_queries(0):
        for callback in callbacks[1:]:  # nothing left for the others
            callback()
    assert {name: _n(places[name]) - before[name] for name in "abc"} == {"a": 1, "b": 0, "c": 1}


def test_a_rolled_back_savepoint_keeps_the_bumps_made_before_it(places, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            versions.bump(municipality_ids=[places["a"].pk])
            try:
                with transaction.atomic():
                    versions.bump(municipality_ids=[places["b"].pk])  # joins the outer bump: rolled back with it?
                    raise RuntimeError
            except RuntimeError:
                pass
    # The inner bump's callback went with its savepoint; its ids wait in the queue and are raised by the outer one
    # (once more than needed: a miss, never a stale page).
    assert len(callbacks) == 1
    before = _n(places["a"]), _n(places["b"])
    callbacks[0]()
    assert (_n(places["a"]), _n(places["b"])) == (before[0] + 1, before[1] + 1)


def test_a_new_kind_of_local_act_raises_every_municipality(places, django_capture_on_commit_callbacks):
    from schools.models import LocalActKind

    before = {name: _n(places[name]) for name in "abc"}
    with django_capture_on_commit_callbacks(execute=True):
        LocalActKind.objects.create(code="pravila", name="Правила внутреннего распорядка")
    assert all(_n(places[name]) > before[name] for name in "abc")
