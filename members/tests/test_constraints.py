"""Integrity lives in the database: these inserts are refused by PostgreSQL itself."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from accounts.tests.factories import MemberFactory
from challenges.models import PointEntry
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from members.tests.factories import CheckInFactory, DailyLogFactory

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_duplicate_idempotency_key_is_refused_for_the_same_member():
    log = DailyLogFactory(idempotency_key="tap-1")
    refused(lambda: DailyLogFactory(member=log.member, idempotency_key="tap-1"))
    DailyLogFactory(idempotency_key="tap-1")  # another member may use the same key
    DailyLogFactory(member=log.member, idempotency_key=None)
    DailyLogFactory(member=log.member, idempotency_key=None)


def test_duplicate_checkin_idempotency_key_is_refused_for_the_same_member():
    checkin = CheckInFactory(idempotency_key="weigh-1")
    refused(lambda: CheckInFactory(member=checkin.member, idempotency_key="weigh-1"))
    CheckInFactory(idempotency_key="weigh-1")  # another member may use the same key
    DailyLogFactory(member=checkin.member, idempotency_key="weigh-1")  # keys are per table
    CheckInFactory(member=checkin.member, idempotency_key=None)
    CheckInFactory(member=checkin.member, idempotency_key=None)


def test_ledger_refuses_a_second_live_award_for_one_source():
    participant = ParticipantFactory()
    award = PointEntry.objects.create(
        participant=participant, kind="meal", source="log:1", local_date="2026-11-27", points=5
    )
    refused(
        lambda: PointEntry.objects.create(
            participant=participant, kind="meal", source="log:1", local_date="2026-11-27", points=5
        )
    )
    # A reversal may share the source; a second reversal of the same award may not.
    PointEntry.objects.create(
        participant=participant,
        kind="meal",
        source="log:1",
        local_date="2026-11-27",
        points=-5,
        reverses=award,
    )
    refused(
        lambda: PointEntry.objects.create(
            participant=participant,
            kind="meal",
            source="log:1",
            local_date="2026-11-27",
            points=-5,
            reverses=award,
        )
    )


def test_participant_total_must_equal_the_sum_of_its_parts():
    participant = ParticipantFactory()
    participant.meal_points = 10
    refused(participant.save)
    participant.total_points = 10
    participant.save()


def test_points_and_caps_cannot_go_negative_or_zero():
    participant = ParticipantFactory()
    participant.streak_points = -5
    participant.total_points = -5
    refused(participant.save)
    refused(lambda: ChallengeFactory(cap_meal=0))


@pytest.mark.parametrize("weight", [Decimal("5.0"), Decimal("999.0")])
def test_inhuman_weights_are_refused(weight):
    refused(lambda: CheckInFactory(weight=weight))


def test_challenge_must_end_after_it_starts():
    challenge = ChallengeFactory()
    challenge.ends_on = challenge.starts_on.replace(year=challenge.starts_on.year - 1)
    refused(challenge.save)


def test_one_participation_per_member_and_challenge():
    participant = ParticipantFactory()
    refused(lambda: ParticipantFactory(challenge=participant.challenge, member=participant.member))


def test_gym_with_members_cannot_be_deleted_by_accident():
    from django.db.models import ProtectedError

    member = MemberFactory()
    with pytest.raises(ProtectedError):
        member.gym.delete()
