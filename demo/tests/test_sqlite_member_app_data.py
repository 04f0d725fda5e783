"""The embedded default (`scripts/run` on SQLite) seeds the member app too: the demo login
opens /app/ on saved meals and a short AI coach history, written by the SQLite insert path.

scripts/test runs this with DATABASE_URL unset (pytest -m sqlite); on PostgreSQL it skips
(and fails under CI=true).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from conftest import client_for
from gymintel.tests.support import require

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


def test_the_demo_login_has_saved_meals_and_ai_history_on_sqlite():
    require(
        connection.vendor == "sqlite",
        f"runs on the embedded SQLite default, not {connection.vendor}: unset DATABASE_URL",
    )
    call_command("seed_demo", gyms=1, members_per_gym=4, days=3, seed=2, verbosity=0)
    client = client_for(User.objects.get(email="member1-1@demo.gym"))

    meals = client.get("/api/member/meals/").json()["results"]
    history = client.get("/api/ai/history/").json()["results"]

    assert 2 <= len(meals) <= 4 and all(m["estimated_calories"] for m in meals)
    assert 2 <= len(history) <= 4 and all(row["reply"] for row in history)
