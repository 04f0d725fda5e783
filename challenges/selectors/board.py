"""Challenge reads for the API: the gym's challenges, a member's standing, the leaderboard.

The tenant boundary is the gym: every challenge lookup filters by the caller's gym, so
another gym's challenge is simply not there (404).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from challenges.models import SCORING_KINDS, Challenge, Participant
from media_store.selectors import avatar_url

# --- Challenges -------------------------------------------------------------------------


def challenge_list(*, gym_id: int, member_id: int | None) -> QuerySet:
    """The gym's challenges, newest first, each with `joined` for the caller (one query)."""
    joined = (
        Exists(Participant.objects.filter(challenge=OuterRef("pk"), member_id=member_id))
        if member_id
        else Value(False)
    )
    return (
        Challenge.objects.filter(gym_id=gym_id).annotate(joined=joined).order_by("-starts_on", "id")
    )


def challenge_get(*, gym_id: int, challenge_id: int) -> Challenge | None:
    """One of the gym's challenges with its gym (for the gym's today), or None."""
    return Challenge.objects.select_related("gym").filter(gym_id=gym_id, pk=challenge_id).first()


def challenge_row(challenge: Challenge) -> dict[str, Any]:
    return {
        "id": challenge.pk,
        "name": challenge.name,
        "starts_on": challenge.starts_on,
        "ends_on": challenge.ends_on,
        "rules": challenge.rules,
        "joined": bool(getattr(challenge, "joined", False)),
    }


# --- Standings and the leaderboard ------------------------------------------------------


def visible_streak(*, current_streak: int, last_active_date: date | None, today: date) -> int:
    """The streak as a member sees it today.

    The stored `current_streak` is the run of active days ending at `last_active_date`
    (what the audit recomputes from the ledger). Once a whole gym-local day has passed
    without an active day that run is over: the next action starts again at 1, so today
    it shows 0.
    """
    if last_active_date is None or last_active_date < today - timedelta(days=1):
        return 0
    return current_streak


def _better_than() -> Q:
    """Participants ranked ahead of the outer row: more points, or as many and joined
    earlier (id settles identical join times). Matches index participant_leaderboard."""
    total, joined, pk = OuterRef("total_points"), OuterRef("joined_at"), OuterRef("pk")
    return (
        Q(total_points__gt=total)
        | Q(total_points=total, joined_at__lt=joined)
        | Q(total_points=total, joined_at=joined, pk__lt=pk)
    )


def _with_rank(qs: QuerySet) -> QuerySet:
    ahead = (
        Participant.objects.filter(challenge=OuterRef("challenge"))
        .filter(_better_than())
        .order_by()
        .values("challenge")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(rank=Coalesce(Subquery(ahead), Value(0)) + 1)


def standing_get(*, challenge_id: int, member_id: int | None) -> Participant | None:
    """The member's participant row with `rank` (one query, count-of-better subquery)."""
    if member_id is None:
        return None
    qs = Participant.objects.filter(challenge_id=challenge_id, member_id=member_id)
    return _with_rank(qs).select_related("member__user").first()


def standing_row(participant: Participant, *, today: date) -> dict[str, Any]:
    """The caller's own standing, as the challenge endpoints answer it under `me`."""
    return {
        "total_points": participant.total_points,
        "streak_points": participant.streak_points,
        "current_streak": visible_streak(
            current_streak=participant.current_streak,
            last_active_date=participant.last_active_date,
            today=today,
        ),
        "last_active_date": participant.last_active_date,
        "points": {kind: getattr(participant, f"{kind}_points") for kind in SCORING_KINDS},
        "rank": participant.rank,
        "joined_at": participant.joined_at,
    }


LEADERBOARD_VALUES = (
    "id",
    "member_id",
    "member__user__name",
    "member__avatar_key",
    "total_points",
    "current_streak",
    "last_active_date",
)


def leaderboard(*, challenge_id: int) -> QuerySet:
    """Participants in rank order as value rows; the page query walks index
    participant_leaderboard (challenge, total desc, joined_at, id), so a deep page
    costs an index range scan, not a sort of the whole challenge."""
    return (
        Participant.objects.filter(challenge_id=challenge_id)
        .order_by("-total_points", "joined_at", "id")
        .values(*LEADERBOARD_VALUES)
    )


def leaderboard_row(row: dict[str, Any], *, rank: int, today: date) -> dict[str, Any]:
    return {
        "rank": rank,
        "member": {
            "id": row["member_id"],
            "name": row["member__user__name"],
            "avatar_url": avatar_url(row["member__avatar_key"], size="small"),
        },
        "total_points": row["total_points"],
        "current_streak": visible_streak(
            current_streak=row["current_streak"],
            last_active_date=row["last_active_date"],
            today=today,
        ),
    }


def me_row(participant: Participant | None, *, today: date) -> dict[str, Any] | None:
    """The caller's own leaderboard row, from standing_get()."""
    if participant is None:
        return None
    row = {
        "member_id": participant.member_id,
        "member__user__name": participant.member.user.name,
        "member__avatar_key": participant.member.avatar_key,
        "total_points": participant.total_points,
        "current_streak": participant.current_streak,
        "last_active_date": participant.last_active_date,
    }
    return leaderboard_row(row, rank=participant.rank, today=today)
