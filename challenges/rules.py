"""The scoring rules as one pure decision: what a single action earns.

No database access: the live scorer (challenges.services.scoring) calls `decide_award`
with what it read under the participant's row lock, and the demo seed calls it while
replaying history in memory, so both pay exactly the same points, caps and streaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from challenges.models import SCORING_KINDS


class _HasRules(Protocol):
    streak_bonus: int

    def points_for(self, kind: str) -> int: ...

    def cap_for(self, kind: str) -> int: ...


@dataclass(frozen=True)
class Rules:
    """A challenge's points per kind, daily cap per kind and streak bonus."""

    points: dict[str, int]
    caps: dict[str, int]
    streak_bonus: int

    @classmethod
    def of(cls, challenge: _HasRules) -> Rules:
        return cls(
            points={k: challenge.points_for(k) for k in SCORING_KINDS},
            caps={k: challenge.cap_for(k) for k in SCORING_KINDS},
            streak_bonus=challenge.streak_bonus,
        )


@dataclass(frozen=True)
class Award:
    """What one action earns. `scores` is False when it earns nothing (no ledger row);
    an action may score 0 points when its kind is worth 0 and still count for the cap
    and the active day."""

    scores: bool
    points: int = 0
    starts_active_day: bool = False
    streak: int = 0  # the participant's streak after this action (when it starts the day)
    streak_bonus: int = 0  # paid once, by the action that starts the active day

    @property
    def total(self) -> int:
        return self.points + self.streak_bonus


NO_AWARD = Award(scores=False)


# What each ledger row pays for: the source names below are the ledger's keys (one live
# award per source), so every writer and reader spells them through these.
def log_source(log_id: int) -> str:
    return f"log:{log_id}"


def checkin_source(checkin_id: int) -> str:
    return f"checkin:{checkin_id}"


def streak_source(day: date) -> str:
    return f"streak:{day.isoformat()}"


def is_scoring_day(*, day: date, today: date) -> bool:
    """Only actions dated today (gym-local) score; backdated and future ones earn nothing."""
    return day == today


def next_streak(*, day: date, last_active: date | None, streak: int) -> int:
    """The streak once `day` becomes active: one more when the last active day was the
    day before, else a new run of one."""
    if last_active == day - timedelta(days=1):
        return streak + 1
    if last_active == day:  # only after a hand-made inconsistency; keep the run it had
        return max(streak, 1)
    return 1


def decide_award(
    *,
    rules: Rules,
    kind: str,
    day: date,
    today: date,
    starts_on: date,
    ends_on: date,
    scored_that_day: int,
    day_is_active: bool,
    last_active: date | None,
    streak: int,
) -> Award:
    """What an action of `kind` dated `day` earns when it arrives on `today`.

    `scored_that_day`: awards of this kind the participant already holds for `day` (the
    cap counts them). `day_is_active`: `day` already holds its streak award, so the
    bonus is not paid again. `last_active` and `streak`: the participant's standing
    before this action.
    """
    if not is_scoring_day(day=day, today=today) or not starts_on <= day <= ends_on:
        return NO_AWARD
    if scored_that_day >= rules.caps[kind]:
        return NO_AWARD
    points = rules.points[kind]
    if day_is_active:
        return Award(scores=True, points=points, streak=streak)
    return Award(
        scores=True,
        points=points,
        starts_active_day=True,
        streak=next_streak(day=day, last_active=last_active, streak=streak),
        streak_bonus=rules.streak_bonus,
    )


def opening_source(kind: str) -> str:
    """The opening balance of one kind, brought over from another system."""
    return f"opening:{kind}"
