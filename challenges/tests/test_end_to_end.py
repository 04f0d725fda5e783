"""Scoring through the member API (POST /api/logs/, DELETE /api/logs/{id}/,
POST /api/checkins/) with concurrent requests, as the phone app sends them."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from challenges.models import PointEntry
from challenges.tests.conftest import at, run_in_threads, standing
from conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)

DAY = date(2026, 3, 10)
NOON = at(DAY, 12, 0, "Europe/London")


def test_twenty_concurrent_meal_posts_earn_the_cap_and_one_bonus(participant):
    with time_machine.travel(NOON):
        clients = [client_for(participant.member.user) for _ in range(20)]
        responses = run_in_threads(
            20, lambda i: clients[i].post("/api/logs/", {"type": "meal"}, format="json")
        )
    assert [r.status_code for r in responses] == [201] * 20
    assert sum(r.json()["points_awarded"] for r in responses) == 3 * 5 + 5
    p = standing(participant)
    assert (p.meal_points, p.streak_points, p.total_points) == (15, 5, 20)


def test_a_replayed_idempotency_key_answers_the_first_points_and_awards_nothing(participant):
    with time_machine.travel(NOON):
        client = client_for(participant.member.user)
        headers = {"HTTP_IDEMPOTENCY_KEY": "tap-1"}
        responses = run_in_threads(
            4,
            lambda i: client_for(participant.member.user).post(
                "/api/logs/", {"type": "training"}, format="json", **headers
            ),
        )
        again = client.post("/api/logs/", {"type": "training"}, format="json", **headers)
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201]
    assert {r.json()["id"] for r in [*responses, again]} == {again.json()["id"]}
    # Every answer reports what the one log earned: its points and the day's bonus.
    assert {r.json()["points_awarded"] for r in [*responses, again]} == {10 + 5}
    assert standing(participant).total_points == 15


def test_concurrent_deletes_of_the_days_only_log_take_back_once(participant):
    with time_machine.travel(NOON):
        client = client_for(participant.member.user)
        created = client.post("/api/logs/", {"type": "water"}, format="json").json()
        assert created["points_awarded"] == 2 + 5
        url = f"/api/logs/{created['id']}/"
        responses = run_in_threads(6, lambda i: client_for(participant.member.user).delete(url))
        retry = client.delete(url)
    assert sorted(r.status_code for r in responses) == [204] + [404] * 5
    assert retry.status_code == 404
    p = standing(participant)
    assert (p.water_points, p.streak_points, p.total_points) == (0, 0, 0)
    assert (p.current_streak, p.last_active_date) == (0, None)
    assert PointEntry.objects.filter(reverses__isnull=False).count() == 2  # the log, the bonus


def test_a_backdated_post_is_kept_and_a_checkin_scores(participant):
    with time_machine.travel(NOON):
        client = client_for(participant.member.user)
        old = client.post("/api/logs/", {"type": "meal", "date": "2026-03-08"}, format="json")
        checkin = client.post("/api/checkins/", {"weight": "80.5"}, format="json")
    assert (old.status_code, old.json()["points_awarded"]) == (201, 0)
    assert (checkin.status_code, checkin.json()["points_awarded"]) == (201, 15 + 5)
    assert standing(participant).checkin_points == 15
