"""Participants brought over from another system, with their standings as opening
ledger entries.

The ledger stays the truth: each kind's old points become one award (source
opening:<kind>) dated the participant's last active day, and the old streak becomes
one streak award per day of the run ending that day (the first carries the old streak
points, the rest 0), because the audit reads the streak from consecutive active days.
The standing is then rewritten from the ledger by standings_repair, the audit's own
repair, so `audit_points` agrees by construction and the total is the sum of the parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from challenges.models import SCORING_KINDS, Participant, PointEntry
from challenges.rules import opening_source, streak_source
from challenges.services.standings import standings_repair

# A run longer than this is not believed: it would only add rows.
MAX_OPENING_STREAK = 366


@dataclass(frozen=True)
class OpeningStanding:
    challenge_id: int
    member_id: int
    joined_at: datetime
    points: dict[str, int]  # meal, training, water, checkin, streak: each >= 0
    current_streak: int
    last_active: date | None
    joined_on: date  # gym-local day of joining: the opening day when never active


def _entries(participant: Participant, s: OpeningStanding, now: datetime) -> list[PointEntry]:
    day = s.last_active or s.joined_on
    out = [
        PointEntry(
            participant=participant,
            kind=kind,
            source=opening_source(kind),
            local_date=day,
            points=s.points[kind],
            created_at=now,
        )
        for kind in SCORING_KINDS
        if s.points[kind] > 0
    ]
    run = min(s.current_streak, MAX_OPENING_STREAK) if s.last_active else 0
    if s.points["streak"] > 0:
        run = max(run, 1)
    for i in range(run):
        streak_day = day - timedelta(days=i)
        out.append(
            PointEntry(
                participant=participant,
                kind="streak",
                source=streak_source(streak_day),
                local_date=streak_day,
                points=s.points["streak"] if i == 0 else 0,
                created_at=now,
            )
        )
    return out


def participants_import(*, standings: list[OpeningStanding], now: datetime) -> list[Participant]:
    """Create the participants, their opening entries and their standings, in one
    transaction; returns the participants as the ledger has them."""
    with transaction.atomic():
        participants = Participant.objects.bulk_create(
            Participant(challenge_id=s.challenge_id, member_id=s.member_id, joined_at=s.joined_at)
            for s in standings
        )
        PointEntry.objects.bulk_create(
            (
                entry
                for participant, s in zip(participants, standings, strict=True)
                for entry in _entries(participant, s, now)
            ),
            batch_size=2000,
        )
        standings_repair(participant_ids=[p.pk for p in participants])
        return list(Participant.objects.filter(pk__in=[p.pk for p in participants]).order_by("pk"))
