"""GET/POST /api/checkins/: weekly weigh-ins in kilograms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.tests.factories import MemberFactory
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from gymintel.clock import gym_today
from members.api.checkins import CheckInCreatedSerializer, CheckInOutputSerializer
from members.models import CheckIn
from members.tests.api_helpers import call, scoring_stubbed
from members.tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db


def post_checkin(client, **data):
    return call(client, "post", "/api/checkins/", data)


def test_checkin_is_dated_today_at_the_gym(member_client, member):
    response = post_checkin(member_client, weight=82.4, notes="after holidays")
    assert response.status_code == 201
    body = response.json()
    assert body["weight"] == 82.4
    assert body["date"] == gym_today(member.gym.timezone).isoformat()
    assert body["notes"] == "after holidays"
    assert body["points_awarded"] == 0  # no challenge joined
    assert set(body) == set(CheckInCreatedSerializer().fields)
    assert CheckIn.objects.get().weight == Decimal("82.4")


def test_checkin_earns_points_in_a_joined_challenge(member_client, member):
    participant = ParticipantFactory(challenge=ChallengeFactory(gym=member.gym), member=member)
    response = post_checkin(member_client, weight=80)
    assert response.json()["points_awarded"] > 0
    participant.refresh_from_db()
    assert participant.total_points == response.json()["points_awarded"]


def test_weight_is_rounded_to_a_tenth(member_client):
    response = post_checkin(member_client, weight="80.25")
    assert response.json()["weight"] == 80.3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weight": 19.9}, "from 20.0 to 400.0"),
        ({"weight": 400.1}, "from 20.0 to 400.0"),
        ({"weight": -80}, "from 20.0 to 400.0"),
        ({"weight": "heavy"}, "weight"),
        ({"weight": None}, "weight"),
        ({}, "weight: This field is required"),
        ({"weight": 80, "notes": "x" * 501}, "notes"),
    ],
)
def test_bad_checkins_answer_400_and_save_nothing(member_client, data, message):
    response = post_checkin(member_client, **data)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_list_shows_own_checkins_newest_first(member_client, member, other_gym):
    day = gym_today(member.gym.timezone)
    old = CheckInFactory(member=member, date=day - dt.timedelta(days=14))
    new = CheckInFactory(member=member, date=day)
    CheckInFactory(member=MemberFactory(gym=member.gym), date=day)
    CheckInFactory(member=MemberFactory(gym=other_gym), date=day)
    response = member_client.get("/api/checkins/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [new.pk, old.pk]
    assert set(body["results"][0]) == set(CheckInOutputSerializer().fields)
    assert body["results"][0]["weight"] == 80.0


def test_list_costs_two_queries(member_client, member, django_assert_num_queries):
    CheckIn.objects.bulk_create(
        CheckIn(member=member, date=dt.date(2026, 1, 1) + dt.timedelta(days=7 * n), weight=80)
        for n in range(20)
    )
    # 1. COUNT  2. the page. Authentication: none.
    with django_assert_num_queries(2):
        assert len(member_client.get("/api/checkins/").json()["results"]) == 20


def test_create_costs_three_queries(member_client, django_assert_num_queries):
    # 1. SAVEPOINT  2. INSERT  3. RELEASE (the test's transaction; scoring counted apart)
    with scoring_stubbed(), django_assert_num_queries(3):
        assert post_checkin(member_client, weight=80).status_code == 201
