"""A member's past days as plain rows: meals, training, water and weekly check-ins.

Rows are tuples, not model instances, so 4,000 members x 30 days stay cheap to build;
demo.bulk writes them and demo.replay scores them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from demo.names import MEALS, TRAINING
from demo.personas import Profile

# Share of the day's calories and protein per meal slot, and the hour it is eaten.
DAY_PLANS = {
    3: (("breakfast", 0.25, 8), ("lunch", 0.35, 12), ("dinner", 0.40, 19)),
    4: (("breakfast", 0.22, 7), ("lunch", 0.32, 12), ("snack", 0.12, 16), ("dinner", 0.34, 19)),
}
LOG_FIELDS = ("member_id", "date", "type", "estimated_calories", "estimated_protein", "notes")
CHECKIN_FIELDS = ("member_id", "date", "weight", "created_at")


@dataclass
class History:
    """Rows in LOG_FIELDS order plus `created_at` last; check-ins in CHECKIN_FIELDS order."""

    logs: list[tuple] = field(default_factory=list)
    checkins: list[tuple] = field(default_factory=list)


def member_history(
    rng: random.Random,
    *,
    member_id: int,
    who: Profile,
    first_day: date,
    today: date,
    zone: ZoneInfo,
    into: History,
) -> None:
    """Append the member's days from `first_day` to yesterday (nothing dated today)."""
    persona = who.persona
    weight = who.weight
    day = first_day
    while day < today:
        slipped = who.slips_from is not None and day >= who.slips_from
        chance = persona.slipped_active if slipped else persona.active
        if rng.random() < chance:
            _active_day(rng, member_id, who, day, zone, into.logs, slipped)
        if day.weekday() == who.checkin_weekday:
            weight += who.weekly_change + rng.uniform(-0.4, 0.4)  # water weight, scales
            if not slipped and rng.random() < 0.9:
                at = _moment(day, 7, rng.randint(0, 59), zone)
                into.checkins.append((member_id, day, Decimal(f"{weight:.1f}"), at))
        day += timedelta(days=1)


def _active_day(rng, member_id, who: Profile, day: date, zone, logs: list, slipped: bool) -> None:
    persona = who.persona
    if slipped:
        meals = rng.choice((1, 2))
    elif persona.active > 0.9:
        meals = rng.choice((3, 3, 4))
    else:
        meals = rng.choice((2, 3))
    # Fewer than three meals: the day's last ones, so the logged day falls short.
    plan = DAY_PLANS[4] if meals == 4 else DAY_PLANS[3][3 - meals :]
    intake = max(0.2, who.bias + rng.gauss(1.0, persona.spread))
    protein_intake = max(0.2, intake + rng.gauss(0.0, 0.05))
    for slot, share, hour in plan:
        jitter = rng.uniform(0.9, 1.1)
        logs.append(
            (
                member_id,
                day,
                "meal",
                int(who.calorie_target * intake * share * jitter),
                Decimal(f"{who.protein_target * protein_intake * share * jitter:.1f}"),
                rng.choice(MEALS[slot]),
                _moment(day, hour, rng.randint(0, 59), zone),
            )
        )
    if rng.random() < persona.training:
        hour = rng.choice((6, 17, 18))
        at = _moment(day, hour, rng.randint(0, 59), zone)
        logs.append((member_id, day, "training", None, None, rng.choice(TRAINING), at))
    if rng.random() < persona.water:
        at = _moment(day, rng.randint(10, 15), rng.randint(0, 59), zone)
        logs.append((member_id, day, "water", None, None, "", at))


def _moment(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)
