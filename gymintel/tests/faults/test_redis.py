"""Redis down: the app points at its own redis-server (servers.OwnRedis), which is
killed mid-test. The shared Redis is never touched.

What Redis holds here: the cache (login throttle counters, the health probe) and the
session cache in front of the sessions table (`cached_db`). Tokens are verified from
their signature alone, so the member API does not notice the outage at all.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.test import Client

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, StaffFactory
from conftest import client_for
from gymintel.tests.faults.servers import OwnRedis, Tarpit
from members.models import CheckIn, DailyLog

# Serial: it kills and restarts its own redis-server, and times waits on a hung one.
pytestmark = [pytest.mark.serial, pytest.mark.django_db]

LOGIN = "/api/auth/token/"


def _caches_at(url: str) -> dict:
    from django.conf import settings

    default = settings.CACHES["default"]
    return {"default": {**default, "LOCATION": url}}


@pytest.fixture
def redis(settings):
    """The app's cache and sessions on a Redis of our own; killed by the test."""
    server = OwnRedis()
    server.start()
    settings.CACHES = _caches_at(server.url)
    yield server
    server.kill()


def _staff_login(client: Client, staff) -> int:
    response = client.post("/accounts/login/", {"email": staff.user.email, "password": PASSWORD})
    return response.status_code


def test_members_log_check_in_and_read_with_redis_dead(redis, member):
    client = client_for(member.user)
    redis.kill()

    started = time.monotonic()
    meal = client.post("/api/logs/", {"type": "meal", "estimated_calories": 600}, format="json")
    checkin = client.post("/api/checkins/", {"weight": 81.5}, format="json")
    profile = client.get("/api/member/profile/")
    logs = client.get("/api/logs/")
    elapsed = time.monotonic() - started

    assert (meal.status_code, checkin.status_code) == (201, 201)
    assert (profile.status_code, logs.status_code) == (200, 200)
    assert logs.json()["count"] == 1
    assert DailyLog.objects.filter(member=member).count() == 1
    assert CheckIn.objects.filter(member=member).count() == 1
    # A dead server refuses at once. The bound catches a request that waits out cache
    # timeouts (1 s each), with room for a loaded machine.
    assert elapsed < 10


def test_login_fails_open_and_says_so_in_the_log(redis, member, api_client, settings, caplog):
    settings.LOGIN_THROTTLE_PER_EMAIL = 1
    credentials = {"email": member.user.email, "password": PASSWORD}
    # With Redis up the throttle counts: a second attempt within the window is refused.
    assert api_client.post(LOGIN, credentials, format="json").status_code == 200
    assert api_client.post(LOGIN, credentials, format="json").status_code == 429

    redis.kill()
    with caplog.at_level(logging.WARNING):
        answers = [api_client.post(LOGIN, credentials, format="json") for _ in range(3)]

    # Degraded, not locked out: members can still sign in while counting is off.
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert all(r.json()["access"] for r in answers)
    assert "login throttle is off" in caplog.text


def test_staff_sessions_fall_back_to_the_database(redis, gym, member):
    coach = StaffFactory(gym=gym, role=Role.COACH)
    admin = StaffFactory(gym=gym, role=Role.ADMIN)
    signed_in_before = Client()
    assert _staff_login(signed_in_before, coach) == 302

    redis.kill()
    # A session made while Redis was up is read back from the sessions table...
    assert signed_in_before.get("/coach/").status_code == 200
    # ...and one made during the outage is written there.
    during = Client()
    assert _staff_login(during, admin) == 302
    assert during.get("/manage/members/").status_code == 200
    assert during.get("/coach/").status_code == 200


def test_health_names_the_cache_and_recovers_when_redis_returns(redis, client):
    redis.kill()
    down = client.get("/healthz/")
    redis.start()  # the same port: the client's pool reconnects by itself
    back = client.get("/healthz/")

    assert down.status_code == 503
    assert down.json()["down"] == ["cache"] and down.json()["database"] == "ok"
    assert back.status_code == 200


def test_a_hung_redis_costs_a_login_about_one_timeout(settings, member, api_client, client):
    """Worse than dead: Redis accepts and never answers. Each cache call waits for
    SOCKET_TIMEOUT (1 s); the throttle stops at its first unanswered call, and the
    member API makes no cache call at all."""
    member_client = client_for(member.user)
    assert member_client.get("/api/member/profile/").status_code == 200  # warm: imports
    with Tarpit() as hung:
        settings.CACHES = _caches_at(f"redis://127.0.0.1:{hung.port}/0")
        credentials = {"email": member.user.email, "password": PASSWORD}
        logged = member_client.post("/api/logs/", {"type": "water"}, format="json")
        checked_in = member_client.post("/api/checkins/", {"weight": 70}, format="json")
        member_reached = hung.accepted

        started = time.monotonic()
        login = api_client.post(LOGIN, credentials, format="json")
        login_seconds = time.monotonic() - started
        login_reached = hung.accepted - member_reached
        started = time.monotonic()
        health = client.get("/healthz/")
        health_seconds = time.monotonic() - started
    health_reached = hung.accepted - member_reached - login_reached

    assert (logged.status_code, checked_in.status_code) == (201, 201)
    # Counted, not timed: each cache call that times out drops its connection, so every
    # call reaches the hung server on a new one.
    assert member_reached == 0, "the member API called the cache"
    assert login.status_code == 200
    assert login_reached == 1, "the login throttle kept calling a hung cache"
    assert health.status_code == 503 and health.json()["down"] == ["cache"]
    assert health_reached == 3  # set, get, delete: each waits its own timeout
    # The waits are bounded by SOCKET_TIMEOUT (1 s) per call: about 1 s for the login and
    # 3 s for the probe. 5 s per call leaves room for a loaded machine; without a socket
    # timeout a call would hang until pytest-timeout.
    timeout = settings.CACHES["default"]["OPTIONS"]["SOCKET_TIMEOUT"]
    assert login_seconds < 5 * timeout, f"a login waited {login_seconds:.1f} s"
    assert health_seconds < 5 * 3 * timeout, f"the probe waited {health_seconds:.1f} s"
