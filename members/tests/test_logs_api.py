"""POST /api/logs/ (docs/MEMBER_API.md); list and delete: test_logs_list_delete_api."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from conftest import client_for
from gymintel.clock import gym_today
from gymintel.errors import Conflict
from members import services
from members.api.logs import LogCreatedSerializer
from members.models import DailyLog
from members.tests.api_helpers import call, scoring_stubbed
from members.tests.factories import DailyLogFactory, SavedMealFactory

pytestmark = pytest.mark.django_db


def post_log(client, **data):
    return call(client, "post", "/api/logs/", data)


def today(member) -> dt.date:
    return gym_today(member.gym.timezone)


# --- create -------------------------------------------------------------------------


def test_meal_log_is_created_dated_today_at_the_gym(member_client, member):
    response = post_log(
        member_client, type="meal", estimated_calories=640, estimated_protein=42.5, notes="lunch"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["type"] == "meal"
    assert body["date"] == today(member).isoformat()
    assert body["estimated_calories"] == 640
    assert body["estimated_protein"] == 42.5
    assert body["notes"] == "lunch"
    assert body["points_awarded"] == 0  # no challenge joined
    assert body["possible_duplicate"] is False
    assert body["replayed"] is False
    assert set(body) == set(LogCreatedSerializer().fields)
    log = DailyLog.objects.get(pk=body["id"])
    assert (log.member_id, log.estimated_calories, log.notes) == (member.pk, 640, "lunch")


@pytest.mark.parametrize("kind", ["training", "water"])
def test_training_and_water_need_nothing_but_a_type(member_client, kind):
    response = post_log(member_client, type=kind)
    assert response.status_code == 201
    assert response.json()["type"] == kind
    assert response.json()["estimated_calories"] is None


def test_a_past_date_can_be_given(member_client, member):
    yesterday = today(member) - dt.timedelta(days=1)
    response = post_log(member_client, type="training", date=yesterday.isoformat())
    assert response.status_code == 201
    assert response.json()["date"] == yesterday.isoformat()


def test_protein_is_rounded_to_a_tenth_of_a_gram(member_client):
    response = post_log(member_client, type="meal", estimated_protein="30.25")
    assert response.status_code == 201
    assert response.json()["estimated_protein"] == 30.3
    assert DailyLog.objects.get().estimated_protein == Decimal("30.3")


def test_a_saved_meal_fills_in_calories_and_protein(member_client, member):
    meal = SavedMealFactory(member=member, estimated_calories=700, estimated_protein=Decimal("50"))
    response = post_log(member_client, type="meal", meal_id=meal.pk)
    assert response.status_code == 201
    body = response.json()
    assert (body["meal_id"], body["estimated_calories"], body["estimated_protein"]) == (
        meal.pk,
        700,
        50.0,
    )


def test_typed_values_win_over_the_saved_meal(member_client, member):
    meal = SavedMealFactory(member=member, estimated_calories=700)
    response = post_log(member_client, type="meal", meal_id=meal.pk, estimated_calories=350)
    assert response.json()["estimated_calories"] == 350


def test_another_members_saved_meal_answers_404(member_client, member, other_gym):
    neighbour = SavedMealFactory(member=MemberFactory(gym=member.gym))
    far_away = SavedMealFactory(member=MemberFactory(gym=other_gym))
    for meal_id in (neighbour.pk, far_away.pk, far_away.pk + 1000):
        response = post_log(member_client, type="meal", meal_id=meal_id)
        assert response.status_code == 404
        assert "no saved meal" in response.json()["detail"]
    assert not DailyLog.objects.exists()


def test_meal_id_on_a_training_log_is_refused(member_client, member):
    meal = SavedMealFactory(member=member)
    response = post_log(member_client, type="training", meal_id=meal.pk)
    assert response.status_code == 400
    assert "meal_id" in response.json()["detail"]


BAD_LOGS = [
    ({"type": "snack"}, "not a log type"),
    ({}, "type: This field is required"),
    ({"type": "meal", "estimated_calories": -1}, "estimated_calories"),
    ({"type": "meal", "estimated_calories": 20_001}, "estimated_calories"),
    ({"type": "meal", "estimated_calories": "lots"}, "estimated_calories"),
    ({"type": "meal", "estimated_calories": 1.5}, "estimated_calories"),
    ({"type": "meal", "estimated_protein": -0.1}, "estimated_protein"),
    ({"type": "meal", "estimated_protein": 1000.1}, "estimated_protein"),
    ({"type": "meal", "estimated_protein": "NaN"}, "estimated_protein"),
    ({"type": "meal", "date": "10/03/2026"}, "date"),
    ({"type": "meal", "date": "2026-02-30"}, "date"),
    ({"type": "meal", "notes": "x" * 501}, "notes"),
    ({"type": "meal", "notes": None}, "notes"),
    ({"type": "meal", "meal_id": 0}, "meal_id"),
]


@pytest.mark.parametrize(("data", "message"), BAD_LOGS)
def test_bad_input_answers_400_with_a_detail_and_saves_nothing(member_client, data, message):
    response = post_log(member_client, **data)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not DailyLog.objects.exists()


def test_a_body_that_is_not_an_object_answers_400(member_client):
    response = member_client.post("/api/logs/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_dates_far_ahead_or_years_back_are_refused(member_client, member):
    day = today(member)
    ahead = post_log(member_client, type="meal", date=(day + dt.timedelta(days=2)).isoformat())
    assert ahead.status_code == 400
    assert "in the future" in ahead.json()["detail"]
    back = post_log(member_client, type="meal", date=(day - dt.timedelta(days=400)).isoformat())
    assert back.status_code == 400
    assert "days ago" in back.json()["detail"]
    # Tomorrow is allowed: a phone in another time zone may already be there.
    tomorrow = post_log(member_client, type="meal", date=(day + dt.timedelta(days=1)).isoformat())
    assert tomorrow.status_code == 201


def test_form_encoded_bodies_are_not_accepted_for_logs(member_client):
    # JSON, or multipart for a meal with its photo (test_log_photos.py); nothing else.
    response = member_client.generic(
        "POST", "/api/logs/", "type=meal", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json()["detail"]


# --- possible_duplicate -------------------------------------------------------------


def test_same_log_minutes_later_is_flagged_but_saved(member_client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        first = post_log(member_client, type="meal", estimated_calories=500)
        traveller.shift(dt.timedelta(minutes=2))
        second = post_log(member_client, type="meal", estimated_calories=500)
        different = post_log(member_client, type="meal", estimated_calories=501)
    assert first.json()["possible_duplicate"] is False
    assert second.status_code == 201
    assert second.json()["possible_duplicate"] is True
    assert different.json()["possible_duplicate"] is False
    assert DailyLog.objects.count() == 3


def test_same_log_after_the_window_is_not_flagged(member_client, settings):
    settings.DUPLICATE_LOG_WINDOW_MINUTES = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        post_log(member_client, type="water")
        traveller.shift(dt.timedelta(minutes=6))
        later = post_log(member_client, type="water")
    assert later.json()["possible_duplicate"] is False


def test_another_members_identical_log_is_not_a_duplicate(member_client, member):
    DailyLogFactory(member=MemberFactory(gym=member.gym), type="water", date=today(member))
    response = post_log(member_client, type="water")
    assert response.json()["possible_duplicate"] is False


# --- scoring and atomicity ----------------------------------------------------------


def test_score_log_runs_inside_the_insert_transaction(member_client):
    seen = {}

    def fake_score_log(*, log):
        seen["in_atomic"] = connection.in_atomic_block
        seen["saved"] = DailyLog.objects.filter(pk=log.pk).exists()
        return 7

    with mock.patch("challenges.services.score_log", fake_score_log):
        response = post_log(member_client, type="training")
    assert response.json()["points_awarded"] == 7
    assert seen == {"in_atomic": True, "saved": True}


def test_a_failing_scoring_service_leaves_no_log_behind(member_client):
    with mock.patch("challenges.services.score_log", side_effect=Conflict("standings busy")):
        response = post_log(member_client, type="training")
    assert response.status_code == 409
    assert response.json()["detail"] == "standings busy"
    assert not DailyLog.objects.exists()


def test_a_coach_linked_to_a_member_logs_as_that_member(coach, member):
    coach.linked_member = member
    coach.save()
    response = post_log(client_for(coach.user), type="training")
    assert response.status_code == 201
    assert DailyLog.objects.get().member_id == member.pk


# --- query counts -------------------------------------------------------------------


# SAVEPOINT/RELEASE appear because each test runs inside a transaction; in production
# the outermost atomic() is a BEGIN/COMMIT that Django does not log as a query.


def test_create_costs_a_constant_number_of_queries(
    member_client, member, django_assert_num_queries
):
    meal = SavedMealFactory(member=member)
    # 1. the saved meal  2. possible_duplicate EXISTS  3. SAVEPOINT  4. INSERT  5. RELEASE
    with scoring_stubbed(), django_assert_num_queries(5):
        response = post_log(member_client, type="meal", meal_id=meal.pk)
    assert response.status_code == 201


def test_replay_costs_a_constant_number_of_queries(member_client, django_assert_num_queries):
    call(member_client, "post", "/api/logs/", {"type": "water"}, HTTP_IDEMPOTENCY_KEY="k-1")
    # 1. EXISTS  2. SAVEPOINT  3. INSERT (conflict)  4. ROLLBACK TO SAVEPOINT
    # 5. RELEASE  6. the first log
    with scoring_stubbed(), django_assert_num_queries(6):
        response = call(
            member_client, "post", "/api/logs/", {"type": "water"}, HTTP_IDEMPOTENCY_KEY="k-1"
        )
    assert response.status_code == 200


def test_service_refuses_future_dates_for_every_caller(member):
    with pytest.raises(services.InvalidInput):
        services.log_create(
            member_id=member.pk,
            gym_tz=member.gym.timezone,
            type="meal",
            date=today(member) + dt.timedelta(days=5),
        )
