"""Challenge reads for the API: the gym's challenges, a member's standing, the leaderboard.

The tenant boundary is the gym: every challenge lookup filters by the caller's gym, so
another gym's challenge is simply not there (404).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Value

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


def _standing_sql() -> str:
    """The caller's participant row with its member's name and avatar and its `rank`.

    Written once as SQL rather than built by the ORM: my standing is read on every
    leaderboard and `me` request, and composing and compiling the count-of-better
    subquery cost more CPU than PostgreSQL spends running it. The WHERE of the subquery
    is the leaderboard's order (more points, or as many and joined earlier, id settling
    identical join times), so it walks index participant_leaderboard; leaderboard_page()
    below orders by the same three columns and the tests hold the two in step.
    """
    participant = Participant._meta.db_table
    member = Participant._meta.get_field("member").related_model
    user = member._meta.get_field("user").related_model
    fields = ", ".join(f"p.{f.column}" for f in Participant._meta.concrete_fields)
    return f"""
        SELECT {fields}, u.name AS member_name, m.avatar_key AS member_avatar_key,
               (SELECT COUNT(*) FROM {participant} b
                 WHERE b.challenge_id = p.challenge_id
                   AND (b.total_points > p.total_points
                        OR (b.total_points = p.total_points AND b.joined_at < p.joined_at)
                        OR (b.total_points = p.total_points AND b.joined_at = p.joined_at
                            AND b.id < p.id))) + 1 AS rank
          FROM {participant} p
          JOIN {member._meta.db_table} m ON m.id = p.member_id
          JOIN {user._meta.db_table} u ON u.id = m.user_id
         WHERE p.challenge_id = %s AND p.member_id = %s
    """  # noqa: S608 (table and column names from the models, values as parameters)


_STANDING_SQL = _standing_sql()


def standing_get(*, challenge_id: int, member_id: int | None) -> Participant | None:
    """The member's participant row with `rank`, `member_name` and `member_avatar_key`
    (one query, count-of-better subquery)."""
    if member_id is None:
        return None
    return next(iter(Participant.objects.raw(_STANDING_SQL, [challenge_id, member_id])), None)


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


def _leaderboard_page_sql() -> str:
    """One page of the leaderboard and the challenge's participant count, in one statement.

    Written once as SQL for the reason _standing_sql() is: the page and its count are read
    on every leaderboard request, and the ORM composing and compiling the two queries cost
    more CPU than PostgreSQL spends running them. The count is the outer row source and
    the page is LEFT JOINed to it, so a page past the end still answers the count (one row,
    page columns NULL) and a 404 can name the last page. The page keeps its own LIMIT
    inside, so the planner may still walk index participant_leaderboard and stop at the
    page's end; the outer ORDER BY repeats the order because a join does not promise to
    keep it.
    """
    participant = Participant._meta.db_table
    member = Participant._meta.get_field("member").related_model
    user = member._meta.get_field("user").related_model
    return f"""
        SELECT c.n, page.id, page.member_id, page.name, page.avatar_key,
               page.total_points, page.current_streak, page.last_active_date
          FROM (SELECT COUNT(*) AS n FROM {participant} WHERE challenge_id = %s) c
          LEFT JOIN (
                SELECT p.id, p.member_id, u.name, m.avatar_key, p.total_points,
                       p.current_streak, p.last_active_date, p.joined_at
                  FROM {participant} p
                  JOIN {member._meta.db_table} m ON m.id = p.member_id
                  JOIN {user._meta.db_table} u ON u.id = m.user_id
                 WHERE p.challenge_id = %s
                 ORDER BY p.total_points DESC, p.joined_at, p.id
                 LIMIT %s OFFSET %s
          ) page ON 1 = 1
         ORDER BY page.total_points DESC, page.joined_at, page.id
    """  # noqa: S608 (table and column names from the models, values as parameters)


_LEADERBOARD_PAGE_SQL = _leaderboard_page_sql()


def leaderboard_page(
    *, challenge_id: int, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Participants `offset` to `offset + limit` in rank order (more points, then earlier
    join, then id: the order of _standing_sql()'s rank) as value rows keyed like
    LEADERBOARD_VALUES, and how many take part (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_LEADERBOARD_PAGE_SQL, [challenge_id, challenge_id, limit, offset])
        fetched = cursor.fetchall()
    rows = [
        dict(zip(LEADERBOARD_VALUES, row[1:], strict=True)) for row in fetched if row[1] is not None
    ]
    return rows, fetched[0][0]


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
        "member__user__name": participant.member_name,
        "member__avatar_key": participant.member_avatar_key,
        "total_points": participant.total_points,
        "current_streak": participant.current_streak,
        "last_active_date": participant.last_active_date,
    }
    return leaderboard_row(row, rank=participant.rank, today=today)
