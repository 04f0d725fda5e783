"""Every "today" is the gym's: gyms on both sides of UTC, at instants where their local
date differs from the UTC date."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.tests.factories import GymFactory, MemberFactory
from conftest import client_for
from members.tests.api_helpers import call

pytestmark = pytest.mark.django_db
UTC = dt.UTC

CASES = [
    # 11:30 UTC on 10 March is already past midnight in Auckland (UTC+13).
    ("Pacific/Auckland", dt.datetime(2026, 3, 10, 11, 30, tzinfo=UTC), dt.date(2026, 3, 11)),
    # 03:00 UTC on 10 March is still the evening of the 9th in Los Angeles (UTC-7).
    ("America/Los_Angeles", dt.datetime(2026, 3, 10, 3, 0, tzinfo=UTC), dt.date(2026, 3, 9)),
    # And the same gyms on the same UTC date, for contrast.
    ("Pacific/Auckland", dt.datetime(2026, 3, 10, 9, 0, tzinfo=UTC), dt.date(2026, 3, 10)),
    ("America/Los_Angeles", dt.datetime(2026, 3, 10, 12, 0, tzinfo=UTC), dt.date(2026, 3, 10)),
]


@pytest.fixture
def traveller():
    def at(instant):
        return time_machine.travel(instant, tick=False)

    return at


@pytest.mark.parametrize(("tz", "instant", "local_today"), CASES)
def test_log_and_checkin_default_to_the_gyms_today(traveller, tz, instant, local_today):
    member = MemberFactory(gym=GymFactory(timezone=tz))
    with traveller(instant):
        client = client_for(member.user)
        log = call(client, "post", "/api/logs/", {"type": "water"})
        checkin = call(client, "post", "/api/checkins/", {"weight": 70})
    assert log.json()["date"] == local_today.isoformat()
    assert checkin.json()["date"] == local_today.isoformat()


@pytest.mark.parametrize(("tz", "instant", "local_today"), CASES[:2])
def test_the_future_is_measured_from_the_gyms_today(traveller, tz, instant, local_today):
    member = MemberFactory(gym=GymFactory(timezone=tz))
    with traveller(instant):
        client = client_for(member.user)
        tomorrow = local_today + dt.timedelta(days=1)
        allowed = call(client, "post", "/api/logs/", {"type": "meal", "date": tomorrow})
        too_far = call(
            client, "post", "/api/logs/", {"type": "meal", "date": tomorrow + dt.timedelta(1)}
        )
    assert allowed.status_code == 201
    assert too_far.status_code == 400
    assert f"({local_today.isoformat()} at your gym)" in too_far.json()["detail"]


def test_the_profile_quota_resets_at_the_gyms_midnight(traveller):
    member = MemberFactory(gym=GymFactory(timezone="Pacific/Auckland"))
    with traveller(CASES[0][1]):
        body = client_for(member.user).get("/api/member/profile/").json()
    resets = dt.datetime.fromisoformat(body["ai_quota"]["resets_at"].replace("Z", "+00:00"))
    # Midnight starting 12 March in Auckland (NZDT, UTC+13) is 11:00 UTC on 11 March.
    assert resets.astimezone(UTC) == dt.datetime(2026, 3, 11, 11, 0, tzinfo=UTC)
