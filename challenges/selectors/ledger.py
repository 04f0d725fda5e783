"""Ledger reads: what an action earned, and standings recomputed from the ledger
(for reversals, the audit and its repair)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from challenges.models import SCORING_KINDS, STANDING_FIELDS, Participant, PointEntry

# An award still standing: not itself a reversal, and not reversed since.
LIVE_AWARD = Q(reverses__isnull=True, reversed_at__isnull=True)


def points_for_source(*, member_id: int, source: str) -> int:
    """What one action (a source like "log:123") earned the member and still holds:
    its live type-point awards across their challenges, plus the day's streak bonus
    when this action was the one that earned it. An idempotent replay answers with
    this, so it reports what the first request did. One query.

    services.scoring writes an award and the bonus it triggers with one `created_at`;
    that instant pairs them. When several awards share it (only under a frozen test
    clock) the bonus goes to the earliest of them, which is the one that earned it.
    """
    same_instant = {
        "participant": OuterRef("participant"),
        "local_date": OuterRef("local_date"),
        "created_at": OuterRef("created_at"),
    }
    bonus = PointEntry.objects.filter(LIVE_AWARD, kind="streak", **same_instant).values("points")
    earlier = PointEntry.objects.filter(
        reverses__isnull=True, pk__lt=OuterRef("pk"), **same_instant
    ).exclude(kind="streak")
    rows = (
        PointEntry.objects.filter(LIVE_AWARD, participant__member_id=member_id, source=source)
        .annotate(bonus=Coalesce(Subquery(bonus[:1]), Value(0)), preceded=Exists(earlier))
        .values_list("points", "bonus", "preceded")
    )
    # One row per challenge the action scored in: a handful, summed here.
    return sum(points + (0 if preceded else bonus) for points, bonus, preceded in rows)


@dataclass
class LedgerStanding:
    """A participant's standing as the ledger says it should be."""

    meal_points: int = 0
    training_points: int = 0
    water_points: int = 0
    checkin_points: int = 0
    streak_points: int = 0
    current_streak: int = 0
    last_active_date: date | None = None

    @property
    def total_points(self) -> int:
        return sum(getattr(self, f"{kind}_points") for kind in (*SCORING_KINDS, "streak"))

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in STANDING_FIELDS}


def streaks_from_ledger(*, participant_ids: Iterable[int]) -> dict[int, tuple[date, int]]:
    """(last active day, current streak) per participant, from live streak awards.

    An active day is a day with a live streak award (the ledger pays one per day that
    has a scoring action). The streak is the run of consecutive active days ending at
    the last one. One query, rows streamed newest day first; participants without an
    active day are absent.
    """
    rows = (
        PointEntry.objects.filter(LIVE_AWARD, kind="streak", participant_id__in=participant_ids)
        .order_by("participant_id", "-local_date")
        .values_list("participant_id", "local_date")
        .distinct()
    )
    result: dict[int, tuple[date, int]] = {}
    previous: tuple[int, date] | None = None
    run_open = False
    for pid, day in rows.iterator(chunk_size=5000):
        if previous is None or previous[0] != pid:
            result[pid] = (day, 1)
            run_open = True
        elif run_open and previous[1] - day == timedelta(days=1):
            result[pid] = (result[pid][0], result[pid][1] + 1)
        else:
            run_open = False
        previous = (pid, day)
    return result


def ledger_standings(*, participant_ids: Iterable[int]) -> dict[int, LedgerStanding]:
    """Standings rebuilt from the ledger for these participants, in two queries: the
    sum of every entry per kind (reversals are negative, so this is what still stands),
    then streaks_from_ledger(). Every id asked for is in the answer."""
    ids = list(participant_ids)
    sums = (
        PointEntry.objects.filter(participant_id__in=ids)
        .order_by()
        .values("participant_id")
        .annotate(
            **{
                f"{kind}_points": Coalesce(Sum("points", filter=Q(kind=kind)), 0)
                for kind in (*SCORING_KINDS, "streak")
            }
        )
    )
    result = {pid: LedgerStanding() for pid in ids}
    for row in sums:
        pid = row.pop("participant_id")
        result[pid] = LedgerStanding(**row)
    for pid, (last_active, streak) in streaks_from_ledger(participant_ids=ids).items():
        result[pid].last_active_date = last_active
        result[pid].current_streak = streak
    return result


# --- The audit --------------------------------------------------------------------------


@dataclass(frozen=True)
class Discrepancy:
    participant_id: int
    challenge_id: int
    email: str
    differences: dict[str, tuple[Any, Any]]  # field -> (stored, per the ledger)

    def __str__(self) -> str:
        diffs = "; ".join(
            f"{name} {stored} -> {wanted}" for name, (stored, wanted) in self.differences.items()
        )
        return (
            f"participant {self.participant_id} ({self.email}, challenge {self.challenge_id}): "
            f"{diffs}"
        )


class ParticipantBatches:
    """Participant ids in batches of `size`, in id order (keyset pages: each batch is
    one indexed query however far along). `total` is counted up front for progress."""

    def __init__(self, *, challenge_id: int | None, size: int) -> None:
        self.qs = Participant.objects.all()
        if challenge_id is not None:
            self.qs = self.qs.filter(challenge_id=challenge_id)
        self.size = size
        self.total = self.qs.count()

    def __iter__(self) -> Iterator[list[int]]:
        last = 0
        while True:
            ids = list(
                self.qs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[: self.size]
            )
            if not ids:
                return
            yield ids
            last = ids[-1]


def participant_batches(*, challenge_id: int | None, size: int = 500) -> ParticipantBatches:
    return ParticipantBatches(challenge_id=challenge_id, size=size)


def discrepancies(*, participant_ids: list[int]) -> list[Discrepancy]:
    """Participants whose stored standing differs from the ledger. Three queries.

    Standings and ledger are read in one REPEATABLE READ snapshot on PostgreSQL: an
    award commits both at once, so a live award landing mid-audit is either wholly
    seen or wholly not, never reported as a false difference. Nothing is locked.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql" and not _inside_outer_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        stored = (
            Participant.objects.filter(pk__in=participant_ids)
            .order_by("pk")
            .values("pk", "challenge_id", "member__user__email", *STANDING_FIELDS)
        )
        stored = list(stored)
        truth = ledger_standings(participant_ids=participant_ids)
    found = []
    for row in stored:
        wanted = truth[row["pk"]].as_dict()
        diffs = {k: (row[k], v) for k, v in wanted.items() if row[k] != v}
        if diffs:
            found.append(
                Discrepancy(row["pk"], row["challenge_id"], row["member__user__email"], diffs)
            )
    return found


def _inside_outer_transaction() -> bool:
    """True when our atomic() is nested (a caller's transaction, or a test's): the
    isolation level can only be set by a transaction's first statement."""
    return len(connection.atomic_blocks) > 1
