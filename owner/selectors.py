"""The chain owner's reads: every gym's figures side by side, and every coach's.

Each gym is measured in its own calendar: "the 7 days ending today" are that gym's
local days. Gyms whose local date is the same (at most three distinct dates exist at
any instant, from UTC-12 to UTC+14) share one query, and the other figures are single
grouped queries over per-gym date windows, so the number of queries depends on neither
the number of gyms nor of members:

    members (activity, needing attention, coach): one per distinct local date (1-3)
    logs of 7 days by type, check-ins of 7 days, coaches, AI usage of 30 days,
    challenge participants, logs of 8 weeks by date: one each

owner.figures computes these for a batch of gyms and keeps them in the cache.

"Active" and "needs attention" are the coach dashboard's own annotations
(coaching.selectors.dashboard.with_activity), counted per gym and per coach here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from accounts.models import Gym, Member, Staff
from accounts.roles import Role
from aicoach.selectors import ai_usage_by_gym
from challenges.models import Participant
from coaching.selectors.dashboard import LOG_TYPES, RECENT_WINDOW_DAYS, with_activity
from gymintel.clock import gym_today
from members.models import CheckIn, DailyLog

AI_WINDOW_DAYS = 30
CHART_WEEKS = 8


@dataclass(frozen=True)
class GymRef:
    id: int
    name: str
    timezone: str
    today: date


def gym_refs(*, gyms: Iterable[Gym], today: dict[int, date] | None = None) -> list[GymRef]:
    """Gyms with their own local today (`today` overrides it per gym id, for tests)."""
    today = today or {}
    return [
        GymRef(g.pk, g.name, g.timezone, today.get(g.pk) or gym_today(g.timezone)) for g in gyms
    ]


def _by_today(gyms: list[GymRef]) -> dict[date, list[int]]:
    groups: dict[date, list[int]] = defaultdict(list)
    for gym in gyms:
        groups[gym.today].append(gym.id)
    return dict(groups)


def windows(*, gyms: list[GymRef], gym: str, day: str, days: int) -> Q:
    """Rows of these gyms dated in each gym's own `days` local days ending its today."""
    return reduce(
        or_,
        (
            Q(**{f"{gym}__in": ids, f"{day}__gte": today - timedelta(days=days - 1)})
            & Q(**{f"{day}__lte": today})
            for today, ids in _by_today(gyms).items()
        ),
        Q(pk__in=[]),
    )


@dataclass(frozen=True)
class MemberActivity:
    gym_id: int
    coach_id: int | None
    active_7d: bool
    needs_attention: bool


def member_activity(*, gyms: list[GymRef]) -> list[MemberActivity]:
    """Every active member of these gyms, with their coach and the dashboard's "active in
    7 days" and "needs attention": one query per distinct local date."""
    out: list[MemberActivity] = []
    for today, ids in _by_today(gyms).items():
        members = Member.objects.filter(gym_id__in=ids, user__is_active=True)
        rows = with_activity(members, today).values_list(
            "gym_id", "coach_assignment__coach_id", "active_days_7", "needs_attention"
        )
        out += [MemberActivity(g, c, a7 > 0, bool(n)) for g, c, a7, n in rows]
    return out


def _counts(rows: Iterable[dict[str, Any]], key: str, value: str = "n") -> dict[Any, int]:
    return {row[key]: row[value] for row in rows}


def gym_rows(
    *, gyms: list[GymRef], activity: list[MemberActivity] | None = None
) -> list[dict[str, Any]]:
    """One row per gym, in the order given (the contract's shape, and more); `activity`
    when the caller has read it already (owner.figures shares it with the coaches)."""
    if not gyms:
        return []
    ids = [g.id for g in gyms]
    totals: Counter[int] = Counter()
    active: Counter[int] = Counter()
    attention: Counter[int] = Counter()
    for m in member_activity(gyms=gyms) if activity is None else activity:
        totals[m.gym_id] += 1
        active[m.gym_id] += m.active_7d
        attention[m.gym_id] += m.needs_attention
    live = Q(member__user__is_active=True)
    week_logs = windows(gyms=gyms, gym="member__gym_id", day="date", days=RECENT_WINDOW_DAYS)
    logs: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LOG_TYPES, 0))
    for row in (
        DailyLog.objects.filter(week_logs & live)
        .values("member__gym_id", "type")
        .annotate(n=Count("id"))
        .order_by()
    ):
        logs[row["member__gym_id"]][row["type"]] = row["n"]
    checkins = _counts(
        CheckIn.objects.filter(live & week_logs)
        .values("member__gym_id")
        .annotate(n=Count("id"))
        .order_by(),
        "member__gym_id",
    )
    coaches = _counts(
        Staff.objects.filter(gym_id__in=ids, role=Role.COACH, user__is_active=True)
        .values("gym_id")
        .annotate(n=Count("id"))
        .order_by(),
        "gym_id",
    )
    ai = {
        row["gym_id"]: row
        for row in ai_usage_by_gym(
            where=windows(gyms=gyms, gym="member__gym_id", day="date", days=AI_WINDOW_DAYS)
        )
    }
    participants = challenge_participants(gyms=gyms)
    return [
        _gym_row(
            gym,
            total=totals[gym.id],
            active=active[gym.id],
            attention=attention[gym.id],
            logs=logs[gym.id],
            checkins=checkins.get(gym.id, 0),
            coaches=coaches.get(gym.id, 0),
            ai=ai.get(gym.id),
            participants=participants.get(gym.id, 0),
        )
        for gym in gyms
    ]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _gym_row(
    gym: GymRef,
    *,
    total: int,
    active: int,
    attention: int,
    logs: dict[str, int],
    checkins: int,
    coaches: int,
    ai: dict[str, Any] | None,
    participants: int,
) -> dict[str, Any]:
    return {
        "gym": {"id": gym.id, "name": gym.name, "timezone": gym.timezone},
        "today": gym.today.isoformat(),
        "members": {"total": total, "active_7d": active, "needs_attention": attention},
        "logs_7d": dict(logs),
        "checkins_7d": checkins,
        "coaches": coaches,
        "members_per_coach": round(total / coaches, 1) if coaches else None,
        "ai_answers_30d": ai["answers"] if ai else 0,
        "ai_estimated_cost_30d": str(ai["estimated_cost_usd"] if ai else Decimal("0.00")),
        "challenge_participants": participants,
        "challenge_participation": _share(participants, total),
    }


def challenge_participants(*, gyms: list[GymRef]) -> dict[int, int]:
    """Per gym: active members taking part in a challenge running on the gym's today."""
    running = reduce(
        or_,
        (
            Q(challenge__gym_id__in=ids, challenge__starts_on__lte=today)
            & Q(challenge__ends_on__gte=today)
            for today, ids in _by_today(gyms).items()
        ),
        Q(pk__in=[]),
    )
    return _counts(
        Participant.objects.filter(running, member__user__is_active=True)
        .values("challenge__gym_id")
        .annotate(n=Count("member_id", distinct=True))
        .order_by(),
        "challenge__gym_id",
    )


def coach_counts(*, activity: list[MemberActivity]) -> dict[int, dict[str, int]]:
    """{coach id: {"members", "active_7d", "needs_attention"}} for coaches with members."""
    counts: dict[int, dict[str, int]] = {}
    for m in activity:
        if m.coach_id is None:
            continue
        row = counts.setdefault(m.coach_id, {"members": 0, "active_7d": 0, "needs_attention": 0})
        row["members"] += 1
        row["active_7d"] += m.active_7d
        row["needs_attention"] += m.needs_attention
    return counts


def coach_rows(
    *, coaches: list[dict[str, Any]], counts: dict[int, dict[str, int]]
) -> list[dict[str, Any]]:
    """One row per coach (`coaches`: id, name, gym_id, gym_name; see coach_list)."""
    empty = {"members": 0, "active_7d": 0, "needs_attention": 0}
    return [
        {
            "coach": {"id": c["id"], "name": c["name"] or c["email"]},
            "gym": {"id": c["gym_id"], "name": c["gym_name"]},
            **counts.get(c["id"], empty),
        }
        for c in coaches
    ]


def coach_list() -> QuerySet:
    """Every active coach of the chain, by gym then name (the owner's coaches list)."""
    return (
        Staff.objects.filter(role=Role.COACH, user__is_active=True)
        .order_by("gym_id", "user__name", "id")
        .values(
            "id", "gym_id", gym_name=F("gym__name"), name=F("user__name"), email=F("user__email")
        )
    )


def weekly_logs(*, gyms: list[GymRef], weeks: int = CHART_WEEKS) -> dict[int, list[int]]:
    """Logs per gym-local 7-day period, oldest first, the last ending on each gym's
    today: one grouped query (per gym and date) for every gym."""
    days = weeks * 7
    counts: dict[int, list[int]] = {g.id: [0] * weeks for g in gyms}
    today = {g.id: g.today for g in gyms}
    for row in (
        DailyLog.objects.filter(
            windows(gyms=gyms, gym="member__gym_id", day="date", days=days),
            member__user__is_active=True,
        )
        .values("member__gym_id", "date")
        .annotate(n=Count("id"))
        .order_by()
    ):
        gym_id = row["member__gym_id"]
        ago = (today[gym_id] - row["date"]).days
        counts[gym_id][weeks - 1 - ago // 7] += row["n"]
    return counts
