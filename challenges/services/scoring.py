"""Scoring actions into challenge standings: exactly once, under a row lock.

Every write to a participant's standing or ledger happens while holding that
participant's row lock (SELECT ... FOR UPDATE), taken in id order so two transactions
locking several participants never deadlock. Once the lock is held, each statement of
ours sees everything earlier lock holders committed (READ COMMITTED takes a fresh
snapshot per statement), so the cap count and "first action of the day" are exact
however many requests arrive at once. The partial unique index
entry_one_live_award_per_source is the backstop: a source is never paid twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.models import Member
from challenges.models import Participant, PointEntry
from challenges.rules import (
    Rules,
    checkin_source,
    decide_award,
    is_scoring_day,
    log_source,
    streak_source,
)
from challenges.selectors import LIVE_AWARD, streaks_from_ledger
from gymintel.clock import gym_today
from members.models import CheckIn, DailyLog


@dataclass(frozen=True)
class Action:
    member_id: int
    kind: str  # meal, training, water or checkin
    source: str  # log_source(id) or checkin_source(id)
    day: date  # the gym-local date the action is dated


@dataclass(frozen=True)
class _Today:
    """What a participant's ledger already holds for the action's day, under the lock."""

    same_kind: int = 0  # live awards of the action's kind that day: the cap counts these
    bonus: int = 0  # live streak award that day (0 or 1)
    this_source: int = 0  # a live award for this very action: a retry


def score_log(*, log: DailyLog) -> int:
    return _award(Action(log.member_id, log.type, log_source(log.pk), log.date))


def score_checkin(*, checkin: CheckIn) -> int:
    return _award(Action(checkin.member_id, "checkin", checkin_source(checkin.pk), checkin.date))


def unscore_log(*, log: DailyLog) -> int:
    return _take_back(member_id=log.member_id, source=log_source(log.pk))


def unscore_checkin(*, checkin: CheckIn) -> int:
    return _take_back(member_id=checkin.member_id, source=checkin_source(checkin.pk))


def _lock(qs: QuerySet) -> list[Participant]:
    """Lock participant rows (not their challenges) in id order: a fixed order means
    two transactions that each lock several rows cannot deadlock."""
    return list(qs.select_related("challenge").select_for_update(of=("self",)).order_by("pk"))


def _award(action: Action) -> int:
    """Score one action in every challenge of the member's gym that it counts for.

    Returns the points added (type points plus any streak bonus) across challenges.
    """
    gym = Member.objects.filter(pk=action.member_id).values_list("gym_id", "gym__timezone").first()
    if gym is None:
        return 0
    gym_id, tz = gym
    # Only today's actions score. The gym's timezone is read from the database, not
    # the token, so a stale token cannot move "today". Backdated and future actions
    # are kept by the caller but earn nothing, and need no lock.
    today = gym_today(tz)
    if not is_scoring_day(day=action.day, today=today):
        return 0
    with transaction.atomic():
        participants = _lock(
            Participant.objects.filter(
                member_id=action.member_id,
                challenge__gym_id=gym_id,
                challenge__starts_on__lte=action.day,
                challenge__ends_on__gte=action.day,
            )
        )
        if not participants:
            return 0
        already = _ledger_today(participants, action)
        # One instant for the award and the bonus it triggers: points_for_source pairs
        # them by it, so an idempotent replay reports the bonus too.
        now = timezone.now()
        entries: list[PointEntry] = []
        updates: list[tuple[int, dict]] = []
        added = 0
        for participant in participants:
            new, changes, points = _award_one(
                participant, action, already.get(participant.pk, _Today()), today, now
            )
            if new:
                entries += new
                updates.append((participant.pk, changes))
                added += points
        PointEntry.objects.bulk_create(entries)
        for pk, changes in updates:
            Participant.objects.filter(pk=pk).update(**changes)
    return added


def _ledger_today(participants: list[Participant], action: Action) -> dict[int, _Today]:
    """One query under the lock: per participant, the day's live awards of this kind,
    the day's streak award, and any live award for this source (index
    entry_participant_day, and the partial unique index for the source)."""
    rows = (
        PointEntry.objects.filter(LIVE_AWARD, participant_id__in=[p.pk for p in participants])
        .filter(Q(local_date=action.day) | Q(source=action.source))
        .order_by()
        .values("participant_id")
        .annotate(
            same_kind=Count("pk", filter=Q(kind=action.kind, local_date=action.day)),
            bonus=Count("pk", filter=Q(kind="streak", local_date=action.day)),
            this_source=Count("pk", filter=Q(source=action.source)),
        )
    )
    return {row.pop("participant_id"): _Today(**row) for row in rows}


def _award_one(
    participant: Participant, action: Action, ledger: _Today, today: date, now: datetime
) -> tuple[list[PointEntry], dict, int]:
    """The ledger rows and standing changes one participant gets (empty when none)."""
    if ledger.this_source:  # a retry: this action was paid already
        return [], {}, 0
    challenge = participant.challenge
    award = decide_award(
        rules=Rules.of(challenge),
        kind=action.kind,
        day=action.day,
        today=today,
        starts_on=challenge.starts_on,
        ends_on=challenge.ends_on,
        scored_that_day=ledger.same_kind,
        day_is_active=bool(ledger.bonus),
        last_active=participant.last_active_date,
        streak=participant.current_streak,
    )
    if not award.scores:
        return [], {}, 0

    def entry(kind: str, source: str, amount: int) -> PointEntry:
        return PointEntry(
            participant=participant,
            kind=kind,
            source=source,
            local_date=action.day,
            points=amount,
            created_at=now,
        )

    entries = [entry(action.kind, action.source, award.points)]
    changes = {
        f"{action.kind}_points": F(f"{action.kind}_points") + award.points,
        "total_points": F("total_points") + award.total,
    }
    if award.starts_active_day:
        entries.append(entry("streak", streak_source(action.day), award.streak_bonus))
        changes["streak_points"] = F("streak_points") + award.streak_bonus
        changes["current_streak"] = award.streak
        changes["last_active_date"] = action.day
    return entries, changes, award.total


def _take_back(*, member_id: int, source: str) -> int:
    """Reverse every live award for `source`; a day left with no live scoring award
    loses its streak bonus and the streak is recomputed from the ledger's active days.

    Returns the points taken back (a positive number). A second call finds nothing
    live and changes nothing.
    """
    with transaction.atomic():
        holders = PointEntry.objects.filter(
            LIVE_AWARD, source=source, participant__member_id=member_id
        ).values("participant_id")
        participants = _lock(Participant.objects.filter(pk__in=holders))
        if not participants:
            return 0
        ids = [p.pk for p in participants]
        # Read again under the lock: a concurrent delete may have got here first.
        awards = list(PointEntry.objects.filter(LIVE_AWARD, source=source, participant_id__in=ids))
        if not awards:
            return 0
        now = timezone.now()
        _reverse(awards, now)
        bonuses = _reverse_emptied_days(awards, now)
        streaks = streaks_from_ledger(participant_ids={b.participant_id for b in bonuses})
        taken = 0
        for pk in ids:
            mine = [e for e in awards + bonuses if e.participant_id == pk]
            if not mine:
                continue
            by_kind: dict[str, int] = defaultdict(int)
            for e in mine:
                by_kind[e.kind] += e.points
            changes: dict = {f"{k}_points": F(f"{k}_points") - v for k, v in by_kind.items()}
            changes["total_points"] = F("total_points") - sum(by_kind.values())
            if "streak" in by_kind:
                last_active, streak = streaks.get(pk, (None, 0))
                changes.update(current_streak=streak, last_active_date=last_active)
            Participant.objects.filter(pk=pk).update(**changes)
            taken += sum(by_kind.values())
    return taken


def _reverse(entries: list[PointEntry], now: datetime) -> None:
    """Write a reversing row for each award and mark the award reversed."""
    if not entries:
        return
    PointEntry.objects.filter(pk__in=[e.pk for e in entries]).update(reversed_at=now)
    PointEntry.objects.bulk_create(
        PointEntry(
            participant_id=e.participant_id,
            kind=e.kind,
            source=e.source,
            local_date=e.local_date,
            points=-e.points,
            reverses=e,
            created_at=now,
        )
        for e in entries
    )


def _reverse_emptied_days(awards: list[PointEntry], now: datetime) -> list[PointEntry]:
    """Reverse the streak award of each (participant, day) the awards leave with no
    live scoring award; returns the streak awards reversed."""
    touched = {(a.participant_id, a.local_date) for a in awards}
    still_active = set(
        PointEntry.objects.filter(
            LIVE_AWARD,
            participant_id__in={pid for pid, _ in touched},
            local_date__in={day for _, day in touched},
        )
        .exclude(kind="streak")
        .values_list("participant_id", "local_date")
        .distinct()
    )
    emptied = touched - still_active
    if not emptied:
        return []
    which = Q()
    for pid, day in emptied:
        which |= Q(participant_id=pid, source=streak_source(day))
    bonuses = list(PointEntry.objects.filter(LIVE_AWARD).filter(which))
    _reverse(bonuses, now)
    return bonuses
