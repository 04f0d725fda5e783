"""The owner's per-gym figures, computed in one batch and kept in the cache.

Computing them reads every member's last 30 days of logs (and 8 weeks for the chart):
with 40 gyms x 400 members that is two million rows, seconds of database work, far over
what a page may take. So the figures of each gym are computed together for many gyms
(owner.selectors: the same few queries for 1 gym or 40), kept in the cache under the
gym's id and its local date, and recomputed by Celery beat every OWNER_FIGURES_REFRESH
seconds before they expire (tasks.refresh_owner_figures). A request reads them with one
cache round trip; only gyms missing from the cache (a cold cache, a new local day) are
computed in the request, all in one batch. Figures are at most a refresh period old and
say when they were computed (`as_of`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Gym
from owner import selectors
from owner.selectors import GymRef

_VERSION = 1  # bump when the cached shape changes


def _key(gym: GymRef) -> str:
    return f"owner-figures:{_VERSION}:{gym.id}:{gym.today.isoformat()}"


def compute(*, gyms: list[GymRef]) -> dict[int, dict[str, Any]]:
    """{gym id: {"row", "coaches", "weeks"}} for these gyms, read fresh from the database:
    at most 10 queries (owner.selectors), whatever the number of gyms and members."""
    if not gyms:
        return {}
    as_of = timezone.now().isoformat()
    activity = selectors.member_activity(gyms=gyms)
    rows = selectors.gym_rows(gyms=gyms, activity=activity)
    coaches = selectors.coach_counts(activity=activity)
    weeks = selectors.weekly_logs(gyms=gyms)
    by_gym: dict[int, dict[str, dict]] = {g.id: {} for g in gyms}
    gym_of = {m.coach_id: m.gym_id for m in activity if m.coach_id is not None}
    for coach_id, counts in coaches.items():
        by_gym[gym_of[coach_id]][coach_id] = counts
    return {
        gym.id: {
            "row": {**row, "as_of": as_of},
            "coaches": by_gym[gym.id],
            "weeks": weeks[gym.id],
        }
        for gym, row in zip(gyms, rows, strict=True)
    }


def store(*, gyms: list[GymRef], figures: dict[int, dict[str, Any]]) -> None:
    cache.set_many({_key(g): figures[g.id] for g in gyms}, timeout=settings.OWNER_FIGURES_TTL)


def figures_for(*, gyms: list[GymRef]) -> dict[int, dict[str, Any]]:
    """The gyms' figures from the cache (one round trip); those missing are computed in
    one batch and stored."""
    found = cache.get_many([_key(g) for g in gyms])
    out = {g.id: found[_key(g)] for g in gyms if _key(g) in found}
    missing = [g for g in gyms if g.id not in out]
    if missing:
        fresh = compute(gyms=missing)
        store(gyms=missing, figures=fresh)
        out.update(fresh)
    return out


def refresh_all() -> int:
    """Recompute every gym's figures and store them (beat calls this); returns the count."""
    gyms = selectors.gym_refs(gyms=Gym.objects.only("id", "name", "timezone"))
    store(gyms=gyms, figures=compute(gyms=gyms))
    return len(gyms)
