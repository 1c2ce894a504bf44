"""The status transitions, declared once in roadmaps.status.TRANSITIONS: who may set what, after what."""
import pytest

from roadmaps.status import (
    CLOSED_STATUSES, HEAD_STATUSES, OFFICER, SCHOOL, TRANSITIONS, Status, may_set, statuses_settable_by,
)

S = Status
CASES = [
    # level,   from,           to,             allowed
    (SCHOOL,  S.NOT_STARTED, S.IN_PROGRESS, True),
    (SCHOOL,  S.IN_PROGRESS, S.DONE,        True),
    (SCHOOL,  S.DONE,        S.IN_PROGRESS, True),   # a head reopens their own task
    (SCHOOL,  S.NOT_STARTED, S.POSTPONED,   False),  # only the authority moves work…
    (SCHOOL,  S.IN_PROGRESS, S.CANCELLED,   False),  # …or cancels it
    (OFFICER, S.NOT_STARTED, S.POSTPONED,   True),
    (OFFICER, S.IN_PROGRESS, S.CANCELLED,   True),
    (OFFICER, S.CANCELLED,   S.IN_PROGRESS, True),
    (OFFICER, S.DONE,        S.NOT_STARTED, True),
    (OFFICER, S.DONE,        "unknown",     False),
    (SCHOOL,  S.DONE,        "unknown",     False),
]


@pytest.mark.parametrize("level, from_status, to_status, allowed", CASES)
def test_may_set(level, from_status, to_status, allowed):
    assert may_set(level=level, from_status=from_status, to_status=to_status) is allowed


def test_every_status_has_a_rule():
    assert set(TRANSITIONS) == set(Status.values)


def test_derived_lists_come_from_the_table():
    assert CLOSED_STATUSES == (S.DONE, S.CANCELLED)
    assert HEAD_STATUSES == (S.NOT_STARTED, S.IN_PROGRESS, S.DONE) == statuses_settable_by(SCHOOL)
    assert statuses_settable_by(OFFICER) == tuple(Status.values)
