"""The quota under real concurrency: real threads, real PostgreSQL, the real SDK over HTTP."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from accounts.tests.factories import MemberFactory
from aicoach.models import AIUsage
from aicoach.tests.helpers import CHAT, set_used_today, used_today
from conftest import bearer

pytestmark = pytest.mark.django_db(transaction=True)


def _fire(token: str, messages: list[str]) -> list[tuple[int, dict]]:
    """Send every message at once, one thread each, and collect (status, body)."""
    barrier = threading.Barrier(len(messages))
    results: list[tuple[int, dict]] = []

    def one(message: str) -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=token)
            barrier.wait(timeout=30)
            response = client.post(CHAT, {"message": message}, format="json")
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(m,)) for m in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(messages), "a request thread did not finish"
    return results


def test_thirty_requests_at_once_with_one_answer_left_get_exactly_one_answer(
    member, fake_anthropic
):
    fake_anthropic.delay = 0.3  # the winner is still waiting on Claude while the rest arrive
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE - 1)

    # Distinct questions, so no request can be served from another's cached answer.
    results = _fire(bearer(member.user), [f"Question number {n}" for n in range(30)])

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [429] * 29
    assert fake_anthropic.calls == 1
    assert all(body["remaining"] == 0 for _, body in results)
    assert used_today(member) == settings.AI_DAILY_QUOTA_ACTIVE


def test_the_days_first_questions_at_once_create_one_row_and_stop_at_the_quota(gym, fake_anthropic):
    paused = MemberFactory(gym=gym, subscription_status="paused")  # 5 a day, no row yet
    fake_anthropic.delay = 0.1

    results = _fire(bearer(paused.user), [f"Question number {n}" for n in range(20)])

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 5 + [429] * 15
    assert fake_anthropic.calls == 5
    assert AIUsage.objects.filter(member=paused).count() == 1
    assert used_today(paused) == 5


def test_failures_at_once_give_every_reservation_back(member, fake_anthropic):
    fake_anthropic.mode = "500"
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE - 3)

    results = _fire(bearer(member.user), [f"Question number {n}" for n in range(10)])

    # At most 3 reach Claude at any moment; each refunds, letting another through.
    assert {status for status, _ in results} <= {503, 429}
    assert 503 in {status for status, _ in results}
    assert used_today(member) == settings.AI_DAILY_QUOTA_ACTIVE - 3


def test_no_transaction_is_held_open_while_claude_answers(member, member_client, fake_anthropic):
    seen: list[int] = []

    def count_idle_transactions(_request: dict) -> None:
        # Runs in the fake's thread, on its own connection, while the SDK call is in flight.
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'"
                )
                seen.append(cursor.fetchone()[0])
        finally:
            connection.close()

    fake_anthropic.on_request = count_idle_transactions

    assert member_client.post(CHAT, {"message": "Hi"}, format="json").status_code == 200
    assert seen == [0]
