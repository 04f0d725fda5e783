"""Meal estimates under real concurrency: real threads, real PostgreSQL, the real SDK
over HTTP. However many photos arrive at once, the quota is never exceeded, Claude is
called once per answer given, and failures give every reservation back."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from accounts.tests.factories import MemberFactory
from aicoach.models import AIUsage
from aicoach.tests.estimate_helpers import ESTIMATE, photo
from aicoach.tests.helpers import set_used_today, used_today
from conftest import bearer
from gymintel.tests.support import require
from media_store.tests import samples

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql():
    # SQLite serializes every writer: the race this file is about cannot happen there.
    require(connection.vendor == "postgresql", "real-thread races need PostgreSQL")


def _photos(count: int) -> list[bytes]:
    # Distinct pictures, so no request is served from another's cached estimate.
    return [samples.jpeg((320 + n, 240), color=(10 * n % 250, 90, 160)) for n in range(count)]


def _fire(token: str, photos: list[bytes]) -> list[tuple[int, dict]]:
    barrier = threading.Barrier(len(photos))
    results: list[tuple[int, dict]] = []

    def one(data: bytes) -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=token)
            barrier.wait(timeout=30)
            response = client.post(ESTIMATE, {"photo": photo(data)}, format="multipart")
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(data,)) for data in photos]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(photos), "a request thread did not finish"
    return results


def test_twelve_photos_at_once_with_three_answers_left_get_exactly_three(member, fake_anthropic):
    fake_anthropic.delay = 0.3  # the winners are still with Claude while the rest arrive
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE - 3)

    results = _fire(bearer(member.user), _photos(12))

    assert sorted(status for status, _ in results) == [200] * 3 + [429] * 9
    assert fake_anthropic.calls == 3
    assert used_today(member) == settings.AI_DAILY_QUOTA_ACTIVE
    assert all(body["remaining"] == 0 for status, body in results if status == 429)


def test_the_days_first_estimates_at_once_stop_at_the_quota(gym, fake_anthropic):
    paused = MemberFactory(gym=gym, subscription_status="paused")  # 5 a day, no row yet
    fake_anthropic.delay = 0.1

    results = _fire(bearer(paused.user), _photos(10))

    assert sorted(status for status, _ in results) == [200] * 5 + [429] * 5
    assert fake_anthropic.calls == 5
    assert AIUsage.objects.filter(member=paused).count() == 1
    assert used_today(paused) == 5


def test_nonsense_answers_at_once_give_every_reservation_back(member, fake_anthropic):
    fake_anthropic.tool_input = {"description": "?", "estimated_calories": 99999}
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE - 2)

    results = _fire(bearer(member.user), _photos(8))

    assert {status for status, _ in results} <= {503, 429}
    assert 503 in {status for status, _ in results}
    assert used_today(member) == settings.AI_DAILY_QUOTA_ACTIVE - 2


def test_no_transaction_is_held_open_while_claude_reads_the_photo(member, fake_anthropic):
    seen: list[int] = []

    def count_idle_transactions(_request: dict) -> None:
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
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=bearer(member.user))

    assert client.post(ESTIMATE, {"photo": photo()}, format="multipart").status_code == 200
    assert seen == [0]
