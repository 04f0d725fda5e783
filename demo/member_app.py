"""What the member app shows beyond the logs: saved meals and an AI coach history.

Every member keeps two to four saved meals; about a third (and always each gym's first
member, the printed demo login) asked the AI coach a few questions over the last week.
Rows are tuples, written by demo.bulk like the history; all are dated before today
(gym-local), and no AIUsage row is made: the quota counts today only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from demo.coach_chat import BUILDING, CUTTING, GENERAL
from demo.names import GOALS, SAVED_MEALS
from demo.personas import Profile

SAVED_MEAL_FIELDS = (
    "member_id",
    "name",
    "ingredients",
    "estimated_calories",
    "estimated_protein",
    "created_at",
)
CHAT_FIELDS = ("member_id", "message", "reply", "created_at")
CHAT_SHARE = 0.3  # of the members besides each gym's first
CHAT_DAYS = 7  # questions fall on distinct days among the last week

_HIGH_PROTEIN = [m for m in SAVED_MEALS if m[3] >= 30]
_LIGHT = [m for m in SAVED_MEALS if m[2] <= 450]


@dataclass
class AppRows:
    """Saved meals in SAVED_MEAL_FIELDS order; chat pairs in CHAT_FIELDS order."""

    saved_meals: list[tuple] = field(default_factory=list)
    chats: list[tuple] = field(default_factory=list)


def member_app_rows(
    rng: random.Random,
    *,
    member_id: int,
    who: Profile,
    first_in_gym: bool,
    today: date,
    zone: ZoneInfo,
    into: AppRows,
) -> None:
    """Append the member's saved meals and, for some members, a short AI coach history."""
    low = GOALS[who.goal][0]  # the weekly change's lower bound: a deficit or a surplus
    cutting, building = low < -0.3, low > 0
    # Members who log most days keep more shortcuts.
    count = rng.randint(3, 4) if who.persona.active > 0.9 else rng.randint(2, 3)
    menu = _HIGH_PROTEIN if building else _LIGHT if cutting else SAVED_MEALS
    for name, ingredients, kcal, protein in rng.sample(menu, count):
        at = _moment(today - timedelta(days=rng.randint(8, 40)), rng.randint(7, 21), rng, zone)
        into.saved_meals.append((member_id, name, ingredients, kcal, Decimal(str(protein)), at))

    if not first_in_gym and rng.random() >= CHAT_SHARE:
        return
    pairs = rng.sample(GENERAL, rng.randint(2, 4))
    if cutting or building:
        pairs[0] = CUTTING if cutting else BUILDING
    days_back = sorted(rng.sample(range(1, CHAT_DAYS + 1), len(pairs)), reverse=True)
    for (question, answer), back in zip(pairs, days_back, strict=True):
        at = _moment(today - timedelta(days=back), rng.randint(8, 21), rng, zone)
        into.chats.append((member_id, question, answer, at))


def _moment(day: date, hour: int, rng: random.Random, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, rng.randint(0, 59)), tzinfo=zone)
