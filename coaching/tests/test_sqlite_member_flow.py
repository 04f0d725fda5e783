"""The member flow on the embedded default: no DATABASE_URL, so settings pick the SQLite
file in WAL mode with IMMEDIATE transactions. A member who joined a challenge logs a meal
and a training session through the API, scores, and their coach sees the logs.

scripts/test runs these in a run of their own with DATABASE_URL unset (pytest -m sqlite);
in a run on PostgreSQL they skip (and fail under CI=true: the SQLite run was misrouted).
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection

from challenges.tests.conftest import at
from challenges.tests.factories import ChallengeFactory
from conftest import client_for
from gymintel.tests.support import require

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]

DAY = date(2026, 3, 10)
NOON = at(DAY, 12, 0, "Europe/London")  # the gym fixture's timezone


@pytest.fixture(autouse=True)
def _on_sqlite(db):
    require(
        connection.vendor == "sqlite",
        f"runs on the embedded SQLite default, not {connection.vendor}: unset DATABASE_URL",
    )


def test_the_run_is_on_a_sqlite_file_in_wal_mode_with_immediate_transactions():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (journal_mode,) = cursor.fetchone()
    assert journal_mode == "wal"  # a file, not the in-memory database (which says "memory")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_member_scores_meal_and_training_and_the_coach_sees_the_logs(gym, assigned_member, coach):
    challenge = ChallengeFactory(gym=gym, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    with time_machine.travel(NOON):
        # Tokens are made inside the travelled-to time (a token from the future is refused).
        member_api = client_for(assigned_member.user)
        joined = member_api.post(f"/api/challenges/{challenge.pk}/join/")
        meal = member_api.post(
            "/api/logs/", {"type": "meal", "estimated_calories": 650}, format="json"
        )
        training = member_api.post("/api/logs/", {"type": "training"}, format="json")
        me = member_api.get(f"/api/challenges/{challenge.pk}/me/").json()
        dashboard = client_for(coach.user).get("/api/coach/dashboard/")

    assert joined.status_code == 201
    assert (meal.status_code, training.status_code) == (201, 201)
    # Default rules: meal 5, training 10, and the day's first log earns the streak bonus 5.
    assert (meal.json()["points_awarded"], training.json()["points_awarded"]) == (5 + 5, 10)
    assert me["points"] == {"meal": 5, "training": 10, "water": 0, "checkin": 0}
    assert (me["total_points"], me["streak_points"], me["current_streak"]) == (20, 5, 1)
    assert me["rank"] == 1
    assert dashboard.status_code == 200
    (row,) = dashboard.json()["results"]
    assert row["member"]["id"] == assigned_member.pk
    assert row["logs_this_week"] == {"meal": 1, "training": 1, "water": 0}
    assert row["last_log_date"] == DAY.isoformat()
