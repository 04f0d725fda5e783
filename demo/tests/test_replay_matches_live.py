"""The seed's replay and the live scorer agree: the same history, sent through the live
service one action at a time on its own day, ends in the same standings and ledger."""

from __future__ import annotations

from collections import Counter

import pytest
import time_machine
from django.core.management import call_command

from accounts.tests.factories import GymFactory, MemberFactory
from challenges.models import STANDING_FIELDS, Participant, PointEntry
from challenges.tests.conftest import checkin_and_score, log_and_score
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from members.models import CheckIn, DailyLog

pytestmark = pytest.mark.django_db


def history(member_id: int) -> list[tuple]:
    """The member's actions in the order the seed scores them: (created_at, kind, source, day)."""
    logs = DailyLog.objects.filter(member_id=member_id).values_list(
        "created_at", "type", "pk", "date"
    )
    checkins = CheckIn.objects.filter(member_id=member_id).values_list("created_at", "pk", "date")
    return sorted(
        [(at, kind, f"log:{pk}", day) for at, kind, pk, day in logs]
        + [(at, "checkin", f"checkin:{pk}", day) for at, pk, day in checkins]
    )


def ledger(participant: Participant) -> Counter:
    return Counter(
        PointEntry.objects.filter(participant=participant).values_list(
            "kind", "local_date", "points"
        )
    )


def test_live_scoring_of_the_seeded_history_reaches_the_seeded_standings():
    call_command(
        "seed_demo", gyms=1, members_per_gym=5, coaches_per_gym=1, days=9, seed=5, verbosity=0
    )
    seeded = list(Participant.objects.select_related("challenge__gym").order_by("pk"))
    challenge = seeded[0].challenge
    twin_gym = GymFactory(timezone=challenge.gym.timezone)
    twin_challenge = ChallengeFactory(
        gym=twin_gym, starts_on=challenge.starts_on, ends_on=challenge.ends_on
    )
    scored = 0
    for original in seeded:
        twin = ParticipantFactory(challenge=twin_challenge, member=MemberFactory(gym=twin_gym))
        for created_at, kind, _, day in history(original.member_id):
            with time_machine.travel(created_at, tick=False):
                if kind == "checkin":
                    checkin_and_score(twin.member_id, day)
                else:
                    log_and_score(twin.member_id, day, kind)
        twin.refresh_from_db()
        for name in STANDING_FIELDS:
            assert getattr(twin, name) == getattr(original, name), (original.member_id, name)
        assert ledger(twin) == ledger(original)
        scored += original.total_points
    assert scored > 0
