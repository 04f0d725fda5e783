"""Who the demo members are: a seeded mix of personas, each with its own targets.

Most members log three or four meals a day that add up to near their targets, train
most days and drink water; a minority slip (a loose or partial log, irregular days, a
recent drop-off, or stopped a few days ago). The mix is dealt per gym from a shuffled
deck, so every gym's share of members needing attention lands near the same figure
(about a quarter, by the coach dashboard's definition) whatever its size.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from demo.names import GOALS


@dataclass(frozen=True)
class Persona:
    name: str
    share: float  # of a gym's members
    active: float  # chance of logging anything on a given day
    bias: tuple[float, float]  # logged intake / target: the member's own offset (range)
    spread: float  # day-to-day deviation of logged intake around that offset
    training: float  # chance of a training session on an active day
    water: float  # chance of logging water on an active day
    drop_off: tuple[int, int] | None = None  # slips from this many days before today
    slipped_active: float = 0.0  # chance of an active day after the drop-off


PERSONAS = (
    Persona("steady", 0.50, 0.995, (-0.04, 0.04), 0.06, 0.75, 0.9),
    Persona("loose", 0.20, 0.985, (0.08, 0.18), 0.12, 0.6, 0.7),
    Persona("partial logger", 0.10, 0.97, (-0.35, -0.2), 0.1, 0.5, 0.6),
    Persona("irregular", 0.05, 0.75, (-0.1, 0.1), 0.12, 0.5, 0.5),
    Persona("fading", 0.07, 0.985, (-0.05, 0.1), 0.1, 0.6, 0.6, (6, 10), 0.3),
    Persona("stopped", 0.04, 0.985, (-0.05, 0.05), 0.08, 0.7, 0.8, (3, 9), 0.0),
    Persona("sporadic", 0.04, 0.3, (-0.25, 0.05), 0.15, 0.4, 0.4),
)


@dataclass(frozen=True)
class Profile:
    """One member's persona, body and targets, drawn once."""

    persona: Persona
    goal: str
    weight: float  # kg at the start of the history
    weekly_change: float  # kg per week the check-ins drift by
    calorie_target: int
    protein_target: int
    bias: float  # logged intake / target, on average
    checkin_weekday: int
    slips_from: date | None  # first day of the drop-off, if the persona has one


def deal(rng: random.Random, n: int) -> list[Persona]:
    """n personas in the PERSONAS proportions (largest remainders), shuffled."""
    exact = [p.share * n for p in PERSONAS]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(PERSONAS)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    deck = [p for p, count in zip(PERSONAS, counts, strict=True) for _ in range(count)]
    rng.shuffle(deck)
    return deck


def profile(rng: random.Random, persona: Persona, today: date) -> Profile:
    goal = rng.choice(list(GOALS))
    weight = rng.uniform(52, 110)
    low, high = GOALS[goal]
    adjust = -400 if low < -0.3 else 250 if low > 0 else 0  # a deficit or a surplus
    calories = _round_to(weight * rng.uniform(24, 30) + adjust, 50)
    protein = _round_to(weight * rng.uniform(1.4, 2.0), 5)
    slips_from = None
    if persona.drop_off:
        slips_from = today - timedelta(days=rng.randint(*persona.drop_off))
    return Profile(
        persona=persona,
        goal=goal,
        weight=weight,
        weekly_change=rng.uniform(low, high),
        calorie_target=min(max(calories, 1600), 2800),
        protein_target=min(max(protein, 90), 200),
        bias=rng.uniform(*persona.bias),
        checkin_weekday=rng.randrange(7),
        slips_from=slips_from,
    )


def _round_to(value: float, step: int) -> int:
    return int(round(value / step) * step)
