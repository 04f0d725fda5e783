"""One refresh token presented by several clients at the same moment (a copy in a
thief's hands, racing the owner): real threads, real PostgreSQL, real commits."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import TokenFamily
from accounts.tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_with_one_token_have_one_winner_and_end_the_login(member):
    login = APIClient().post(
        "/api/auth/token/", {"email": member.user.email, "password": PASSWORD}, format="json"
    )
    token = login.json()["refresh"]
    racers = 6
    barrier = threading.Barrier(racers)
    answers: list[tuple[int, dict]] = []
    errors: list[BaseException] = []

    def present() -> None:
        try:
            client = APIClient()
            barrier.wait(timeout=30)
            response = client.post("/api/auth/token/refresh/", {"refresh": token}, format="json")
            answers.append((response.status_code, response.json()))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=present) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] + [401] * (racers - 1)
    # The losers' reuse ended the family: the winner's new refresh token is dead too.
    winner = next(body for status, body in answers if status == 200)
    again = APIClient().post(
        "/api/auth/token/refresh/", {"refresh": winner["refresh"]}, format="json"
    )
    assert again.status_code == 401
    assert TokenFamily.objects.get(user_id=member.user_id).revoked_at is not None
