"""Idempotency-Key on POST /api/logs/, and double deletes, under real concurrency.

The concurrent tests run real threads against PostgreSQL (transactional tests: each
thread has its own connection and commits), as a double tap or a retry storm would.
"""

from __future__ import annotations

from collections import Counter

import pytest

from accounts.tests.factories import MemberFactory
from challenges.models import Participant
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from conftest import client_for
from members.models import DailyLog
from members.tests.api_helpers import call, run_concurrently
from members.tests.factories import DailyLogFactory

pytestmark = pytest.mark.django_db


def post_log(client, key: str | None, **data):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return call(client, "post", "/api/logs/", {"type": "meal", **data}, **headers)


def test_same_key_twice_returns_the_first_log_and_creates_nothing(member_client):
    first = post_log(member_client, "tap-1", estimated_calories=500)
    again = post_log(member_client, "tap-1", estimated_calories=500)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["replayed"] is True
    assert DailyLog.objects.count() == 1


def test_a_replay_with_another_body_still_answers_the_first_log(member_client):
    # The key names the action; a retry that changed its mind is the same action.
    first = post_log(member_client, "tap-2", estimated_calories=500)
    again = post_log(member_client, "tap-2", estimated_calories=900)
    assert again.json()["estimated_calories"] == 500
    assert again.json()["id"] == first.json()["id"]


def test_keys_belong_to_one_member(member_client, member):
    other_client = client_for(MemberFactory(gym=member.gym).user)
    mine = post_log(member_client, "same-key")
    theirs = post_log(other_client, "same-key")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]


def test_without_a_key_each_request_is_a_new_log(member_client):
    post_log(member_client, None)
    post_log(member_client, None)
    assert DailyLog.objects.count() == 2


@pytest.mark.parametrize("key", ["", "has space", "k" * 65, "naïve"])
def test_malformed_keys_answer_400(member_client, key):
    response = post_log(member_client, key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert not DailyLog.objects.exists()


def test_a_replay_reports_the_points_the_first_request_earned(member_client, member):
    ParticipantFactory(challenge=ChallengeFactory(gym=member.gym), member=member)
    first = post_log(member_client, "pts-1")
    again = post_log(member_client, "pts-1")
    assert first.json()["points_awarded"] > 0
    assert again.json()["points_awarded"] == first.json()["points_awarded"]
    total = Participant.objects.get(member=member).total_points
    assert total == first.json()["points_awarded"]


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_with_one_key_make_one_log_and_one_award(gym):
    member = MemberFactory(gym=gym)
    ParticipantFactory(challenge=ChallengeFactory(gym=gym), member=member)
    clients = [client_for(member.user) for _ in range(20)]

    def tap(i: int):
        return post_log(clients[i], "storm-1", estimated_calories=420)

    responses = run_concurrently(20, tap)
    assert all(not isinstance(r, Exception) for r in responses), responses
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 200: 19}, statuses
    assert DailyLog.objects.filter(member=member).count() == 1
    log_id = DailyLog.objects.get(member=member).pk
    assert {r.json()["id"] for r in responses} == {log_id}
    created = next(r.json() for r in responses if r.status_code == 201)
    # Awarded once: the standing holds exactly what the one created log earned,
    # and every replay reports that same figure.
    assert created["points_awarded"] > 0
    assert Participant.objects.get(member=member).total_points == created["points_awarded"]
    assert {r.json()["points_awarded"] for r in responses} == {created["points_awarded"]}


@pytest.mark.django_db(transaction=True)
def test_concurrent_deletes_of_one_log_delete_it_once(gym):
    member = MemberFactory(gym=gym)
    log = DailyLogFactory(member=member)
    clients = [client_for(member.user) for _ in range(5)]

    def delete(i: int):
        return clients[i].delete(f"/api/logs/{log.pk}/")

    responses = run_concurrently(5, delete)
    assert all(not isinstance(r, Exception) for r in responses), responses
    assert Counter(r.status_code for r in responses) == {204: 1, 404: 4}
    assert not DailyLog.objects.filter(pk=log.pk).exists()
