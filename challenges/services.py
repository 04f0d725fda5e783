"""Challenge writes: scoring actions into standings under a row lock.

INTERFACE (called by members.services inside the caller's transaction):
    score_log(*, log) -> int        points awarded to the member by this log (all challenges)
    unscore_log(*, log) -> int      points taken back before the log is deleted
    score_checkin(*, checkin) -> int

PLACEHOLDER until issue #4 lands: these award nothing.
"""

from __future__ import annotations

from members.models import CheckIn, DailyLog


def score_log(*, log: DailyLog) -> int:
    return 0


def unscore_log(*, log: DailyLog) -> int:
    return 0


def score_checkin(*, checkin: CheckIn) -> int:
    return 0
