"""GET /api/owner/gyms/ and /api/owner/coaches/: figures against the hand-worked chain
(owner/tests/world.py), who may call them, and queries that do not grow."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import GymFactory, MemberFactory, OwnerFactory, StaffFactory
from coaching.tests.factories import CoachAssignmentFactory
from conftest import client_for
from members.tests.factories import CheckInFactory, DailyLogFactory
from owner.tasks import refresh_owner_figures
from owner.tests.world import NOW, build_chain

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    """Every test at NOW: tokens are signed and checked in the same (travelled) time."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def owner_client(_frozen):
    return client_for(OwnerFactory())


@pytest.fixture(autouse=True)
def _prices(settings):
    settings.AI_PRICE_INPUT_PER_MTOK = "2.00"
    settings.AI_PRICE_OUTPUT_PER_MTOK = "10.00"


def test_gyms_row_by_row_in_each_gyms_own_calendar(owner_client):
    chain = build_chain()
    body = owner_client.get("/api/owner/gyms/").json()
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    venice, ponsonby = body["results"]  # by id
    assert venice.pop("as_of") == ponsonby.pop("as_of") == "2025-06-16T03:00:00+00:00"
    assert venice == {
        "gym": {"id": chain.venice.pk, "name": "Venice", "timezone": "America/Los_Angeles"},
        "today": "2025-06-15",
        "members": {"total": 3, "active_7d": 1, "needs_attention": 2},
        "logs_7d": {"meal": 7, "training": 1, "water": 1},
        "checkins_7d": 2,
        "coaches": 2,
        "members_per_coach": 1.5,
        "ai_answers_30d": 3,
        "ai_estimated_cost_30d": "0.40",  # 100k in at $2/M + 20k out at $10/M
        "challenge_participants": 1,
        "challenge_participation": 0.333,
    }
    assert ponsonby == {
        "gym": {"id": chain.ponsonby.pk, "name": "Ponsonby", "timezone": "Pacific/Auckland"},
        "today": "2025-06-16",
        "members": {"total": 1, "active_7d": 1, "needs_attention": 1},
        "logs_7d": {"meal": 1, "training": 0, "water": 0},
        "checkins_7d": 0,
        "coaches": 0,
        "members_per_coach": None,
        "ai_answers_30d": 0,
        "ai_estimated_cost_30d": "0.00",
        "challenge_participants": 0,
        "challenge_participation": 0.0,
    }


def test_needs_attention_agrees_with_the_coach_dashboard(owner_client):
    """The same members flagged, counted: one definition, read by both."""
    chain = build_chain()
    admin = StaffFactory(gym=chain.venice, role=Role.ADMIN)
    rows = client_for(admin.user).get("/api/coach/dashboard/").json()["results"]
    gyms = owner_client.get("/api/owner/gyms/").json()["results"]
    flagged = sorted(r["member"]["name"] for r in rows if r["needs_attention"])
    assert flagged == ["lapsed", "newbie"]
    assert gyms[0]["members"]["needs_attention"] == len(flagged)
    assert gyms[0]["members"]["total"] == len(rows)


def test_coaches_row_by_row(owner_client):
    chain = build_chain()
    body = owner_client.get("/api/owner/coaches/").json()
    assert body["count"] == 2
    assert body["results"] == [
        {
            "coach": {"id": chain.cole.pk, "name": "Cole Venice"},
            "gym": {"id": chain.venice.pk, "name": "Venice"},
            "members": 2,
            "active_7d": 1,
            "needs_attention": 1,
        },
        {
            "coach": {"id": chain.dee.pk, "name": "Dee Venice"},
            "gym": {"id": chain.venice.pk, "name": "Venice"},
            "members": 1,  # the closed account is not counted
            "active_7d": 0,
            "needs_attention": 1,
        },
    ]


def test_pages_like_every_list(owner_client):
    for i in range(3):
        GymFactory(name=f"Gym {i}")
    body = owner_client.get("/api/owner/gyms/?page_size=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    second = owner_client.get("/api/owner/gyms/?page_size=2&page=2").json()
    assert [r["gym"]["name"] for r in second["results"]] == ["Gym 2"]
    missing = owner_client.get("/api/owner/gyms/?page=9")
    assert missing.status_code == 404 and "detail" in missing.json()


@pytest.mark.parametrize("path", ["/api/owner/gyms/", "/api/owner/coaches/"])
def test_nobody_else_gets_in(path, gym):
    build_chain()
    member = MemberFactory(gym=gym)
    callers = {
        "member": member.user,
        "coach": StaffFactory(gym=gym, role=Role.COACH).user,
        "gym admin": StaffFactory(gym=gym, role=Role.ADMIN).user,
        "coach who trains": StaffFactory(gym=gym, linked_member=MemberFactory(gym=gym)).user,
    }
    for who, user in callers.items():
        response = client_for(user).get(path)
        assert response.status_code == 403, who
        assert response.json() == {"detail": "This endpoint is for chain owners."}, who
    assert APIClient().get(path).status_code == 401


def _chain_of(gyms: int) -> None:
    """`gyms` gyms in three time zones, each with two coaches, members, logs, check-ins."""
    zones = ("America/Los_Angeles", "Europe/London", "Pacific/Auckland")
    for g in range(gyms):
        gym = GymFactory(timezone=zones[g % 3])
        coaches = [StaffFactory(gym=gym, role=Role.COACH) for _ in range(2)]
        for i in range(3):
            member = MemberFactory(gym=gym)
            CoachAssignmentFactory(member=member, coach=coaches[i % 2])
            DailyLogFactory(member=member)
            CheckInFactory(member=member)


# Computing a batch of gyms' figures (owner.figures.compute): 1-3 members' activity (one
# per distinct local date: up to three), 4 logs of 7 days by gym and type, 5 check-ins of
# 7 days, 6 coaches per gym, 7 AI usage of 30 days, 8 challenge participants, 9 logs of
# 8 weeks by gym and date.
COMPUTE = 9


@pytest.mark.parametrize("gyms", [3, 12])
def test_queries_do_not_grow_with_gyms(owner_client, gyms, django_assert_max_num_queries):
    _chain_of(gyms)
    # A cold cache: the gym count, the page of gyms, and the figures computed.
    with django_assert_max_num_queries(2 + COMPUTE):
        body = owner_client.get("/api/owner/gyms/").json()
    assert len(body["results"]) == gyms
    assert sum(r["members"]["total"] for r in body["results"]) == 3 * gyms
    # Cached: the gym count and the page of gyms only.
    with django_assert_max_num_queries(2):
        assert owner_client.get("/api/owner/gyms/").json() == body
    cache.clear()
    # The coach count, the page of coaches, their gyms, and the figures computed.
    with django_assert_max_num_queries(3 + COMPUTE):
        body = owner_client.get("/api/owner/coaches/").json()
    assert len(body["results"]) == 2 * gyms
    assert sum(r["members"] for r in body["results"]) == 3 * gyms
    with django_assert_max_num_queries(3):
        assert owner_client.get("/api/owner/coaches/").json() == body


def test_figures_come_from_the_cache_until_beat_refreshes_them(owner_client):
    chain = build_chain()
    first = owner_client.get("/api/owner/gyms/").json()["results"][1]
    assert first["logs_7d"]["water"] == 0
    DailyLogFactory(member=chain.members["kiri"], date=NOW.date(), type="water")
    assert owner_client.get("/api/owner/gyms/").json()["results"][1] == first  # cached
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        assert refresh_owner_figures.delay().get() == 2  # beat's task: every gym
    again = owner_client.get("/api/owner/gyms/").json()["results"][1]
    assert again["logs_7d"]["water"] == 1
    assert again["as_of"] == "2025-06-16T03:05:00+00:00"


def test_refresh_is_scheduled_more_often_than_figures_expire(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-owner-figures"]
    assert entry["task"] == refresh_owner_figures.name
    assert entry["schedule"].total_seconds() < settings.OWNER_FIGURES_TTL
