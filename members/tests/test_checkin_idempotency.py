"""Idempotency-Key on POST /api/checkins/, as on logs: the offline queue resends a
weigh-in whose answer was lost, and the member must get one check-in and one award.

The race runs real threads against PostgreSQL (a transactional test: each thread has
its own connection and commits), as a retry storm would.
"""

from __future__ import annotations

from collections import Counter

import pytest

from accounts.tests.factories import MemberFactory
from challenges.models import Participant, PointEntry
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from conftest import client_for
from members.models import CheckIn
from members.tests.api_helpers import call, run_concurrently, scoring_stubbed

pytestmark = pytest.mark.django_db


def post_checkin(client, key: str | None, **data):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return call(client, "post", "/api/checkins/", {"weight": 80, **data}, **headers)


def test_same_key_twice_returns_the_first_checkin_and_creates_nothing(member_client):
    first = post_checkin(member_client, "weigh-1", notes="morning")
    again = post_checkin(member_client, "weigh-1", notes="morning")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["replayed"] is False
    assert again.json() == {**first.json(), "replayed": True}
    assert "Location" not in again  # nothing new to point at
    assert CheckIn.objects.count() == 1


def test_a_replay_with_another_weight_still_answers_the_first_checkin(member_client):
    # The key names the action; a retry that changed its mind is the same action.
    first = post_checkin(member_client, "weigh-2", weight=80)
    again = post_checkin(member_client, "weigh-2", weight=95)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["weight"] == 80.0
    assert CheckIn.objects.get().weight == 80


def test_a_replay_reports_the_first_points_and_awards_nothing(member_client, member):
    ParticipantFactory(challenge=ChallengeFactory(gym=member.gym), member=member)
    first = post_checkin(member_client, "pts-1")
    again = post_checkin(member_client, "pts-1")
    assert first.json()["points_awarded"] > 0
    # A second check-in would have earned 0 (the daily cap is one); the replay
    # reports what the first earned.
    assert again.json()["points_awarded"] == first.json()["points_awarded"]
    assert Participant.objects.get(member=member).total_points == first.json()["points_awarded"]
    assert PointEntry.objects.filter(participant__member=member, kind="checkin").count() == 1


def test_keys_belong_to_one_member(member_client, member):
    other = MemberFactory(gym=member.gym)
    mine = post_checkin(member_client, "same-key", weight=80)
    theirs = post_checkin(client_for(other.user), "same-key", weight=70)
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    assert theirs.json()["weight"] == 70.0
    assert CheckIn.objects.get(member=other).weight == 70


def test_without_a_key_each_request_is_a_new_checkin(member_client):
    assert post_checkin(member_client, None).status_code == 201
    assert post_checkin(member_client, None).status_code == 201
    assert CheckIn.objects.count() == 2


@pytest.mark.parametrize("key", ["", "has space", "k" * 65, "naïve"])
def test_malformed_keys_answer_400_and_save_nothing(member_client, key):
    response = post_checkin(member_client, key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_a_replay_costs_five_queries(member_client, django_assert_num_queries):
    post_checkin(member_client, "count-1")
    # 1. SAVEPOINT  2. INSERT, refused by the key's constraint  3. ROLLBACK TO SAVEPOINT
    # 4. RELEASE SAVEPOINT  5. the first check-in. (The points it earned: one query,
    # counted by challenges' tests.) Authentication: none.
    with scoring_stubbed(), django_assert_num_queries(5):
        assert post_checkin(member_client, "count-1").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_with_one_key_make_one_checkin_and_one_award(gym):
    member = MemberFactory(gym=gym)
    ParticipantFactory(challenge=ChallengeFactory(gym=gym), member=member)
    clients = [client_for(member.user) for _ in range(20)]

    def tap(i: int):
        return post_checkin(clients[i], "storm-1", weight=81.2)

    responses = run_concurrently(20, tap)
    assert all(not isinstance(r, Exception) for r in responses), responses
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 200: 19}, statuses
    checkin_id = CheckIn.objects.get(member=member).pk
    assert {r.json()["id"] for r in responses} == {checkin_id}
    created = next(r.json() for r in responses if r.status_code == 201)
    # Awarded once: the standing holds exactly what the one check-in earned, and every
    # replay reports that same figure.
    assert created["points_awarded"] > 0
    assert Participant.objects.get(member=member).total_points == created["points_awarded"]
    assert {r.json()["points_awarded"] for r in responses} == {created["points_awarded"]}
