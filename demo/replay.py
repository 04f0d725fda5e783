"""Past actions scored as if each had arrived on its own day, through the live rules.

Every action goes through challenges.rules.decide_award, the decision the live scorer
makes under its row lock, with "today" set to the action's own day: the ledger rows and
standings that come out are what live scoring would have written, so `audit_points`
agrees from the start.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from challenges.models import SCORING_KINDS
from challenges.rules import Rules, decide_award, streak_source

ENTRY_FIELDS = ("participant_id", "kind", "source", "local_date", "points", "created_at")


class PastAction(NamedTuple):
    created_at: datetime
    kind: str  # meal, training, water or checkin
    source: str  # "log:<id>" or "checkin:<id>"
    day: date


@dataclass
class Standing:
    """A participant's running totals, built up action by action."""

    points: dict[str, int]
    streak_points: int = 0
    current_streak: int = 0
    last_active_date: date | None = None

    @property
    def total_points(self) -> int:
        return sum(self.points.values()) + self.streak_points

    def as_fields(self) -> dict:
        """In STANDING_FIELDS terms, ready to set on a Participant."""
        return {
            **{f"{kind}_points": self.points[kind] for kind in SCORING_KINDS},
            "streak_points": self.streak_points,
            "total_points": self.total_points,
            "current_streak": self.current_streak,
            "last_active_date": self.last_active_date,
        }


def replay(
    *, rules: Rules, starts_on: date, ends_on: date, actions: list[PastAction]
) -> tuple[Standing, list[tuple]]:
    """Score `actions` in time order: the standing they build and the ledger rows they
    earn (ENTRY_FIELDS order, without the participant, which the caller puts first)."""
    entries: list[tuple] = []
    standing = Standing(points=dict.fromkeys(SCORING_KINDS, 0))
    scored: dict[tuple[date, str], int] = defaultdict(int)
    for action in sorted(actions):  # by created_at first
        award = decide_award(
            rules=rules,
            kind=action.kind,
            day=action.day,
            today=action.day,  # as if it arrived on its own day
            starts_on=starts_on,
            ends_on=ends_on,
            scored_that_day=scored[action.day, action.kind],
            day_is_active=standing.last_active_date == action.day,
            last_active=standing.last_active_date,
            streak=standing.current_streak,
        )
        if not award.scores:
            continue
        scored[action.day, action.kind] += 1
        standing.points[action.kind] += award.points
        entries.append((action.kind, action.source, action.day, award.points, action.created_at))
        if award.starts_active_day:
            standing.streak_points += award.streak_bonus
            standing.current_streak = award.streak
            standing.last_active_date = action.day
            entries.append(
                (
                    "streak",
                    streak_source(action.day),
                    action.day,
                    award.streak_bonus,
                    action.created_at,
                )
            )
    return standing, entries
