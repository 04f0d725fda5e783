"""GET /api/coach/dashboard/: who may call it, its shape, its pages, its query count."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from accounts.tests.factories import MemberFactory, StaffFactory
from coaching.tests.factories import CoachAssignmentFactory
from coaching.tests.helpers import make_members
from conftest import client_for
from gymintel.clock import gym_today
from media_store.selectors import avatar_url
from members.tests.factories import DailyLogFactory

pytestmark = pytest.mark.django_db
URL = "/api/coach/dashboard/"


def test_shape_is_the_contract(coach_client, assigned_member):
    response = coach_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    (row,) = body["results"]
    assert set(row) == {
        "member",
        "logs_this_week",
        "calories_avg_this_week",
        "protein_avg_this_week",
        "active_days_30",
        "last_log_date",
        "recent_weights",
        "needs_attention",
    }
    assert row["member"] == {"id": assigned_member.pk, "name": "Maya Silva", "avatar_url": None}
    assert row["logs_this_week"] == {"meal": 0, "training": 0, "water": 0}


def test_avatar_url_comes_from_media_store(coach_client, assigned_member):
    assigned_member.avatar_key = "avatars/ab/abc123"
    assigned_member.save()
    row = coach_client.get(URL).json()["results"][0]
    expected = "http://testserver" + avatar_url("avatars/ab/abc123", size="small")
    assert row["member"]["avatar_url"] == expected


def test_member_token_gets_403_with_detail(member_client):
    response = member_client.get(URL)
    assert response.status_code == 403
    assert "coaches and gym admins" in response.json()["detail"]


def test_no_token_gets_401(api_client, db):
    response = api_client.get(URL)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_coach_sees_only_assigned_members_admin_the_gym_never_another_gym(
    gym, other_gym, coach, gym_admin, assigned_member
):
    MemberFactory(gym=gym, user__name="Unassigned")
    other_coach = StaffFactory(gym=other_gym)
    CoachAssignmentFactory(member=MemberFactory(gym=other_gym), coach=other_coach)

    coach_ids = [r["member"]["id"] for r in client_for(coach.user).get(URL).json()["results"]]
    assert coach_ids == [assigned_member.pk]
    admin_names = {
        r["member"]["name"] for r in client_for(gym_admin.user).get(URL).json()["results"]
    }
    assert admin_names == {"Maya Silva", "Unassigned"}
    other_rows = client_for(other_coach.user).get(URL).json()["results"]
    assert [r["member"]["id"] for r in other_rows] != [assigned_member.pk]
    assert len(other_rows) == 1


def test_pages_default_100_max_500(gym, coach):
    make_members(gym=gym, coach=coach, count=120, today=gym_today(gym.timezone))
    client = client_for(coach.user)
    first = client.get(URL).json()
    assert (first["count"], len(first["results"])) == (120, 100)
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 20
    assert second["next"] is None
    assert second["previous"].endswith(URL) or "page=" not in second["previous"]
    assert len(client.get(URL, {"page_size": 500}).json()["results"]) == 120
    assert client.get(URL, {"page_size": 501}).status_code == 400  # refused, not capped
    seen = {r["member"]["id"] for r in first["results"] + second["results"]}
    assert len(seen) == 120


def test_out_of_range_page_and_bad_parameters(coach_client, assigned_member):
    response = coach_client.get(URL, {"page": 5})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page 5: the last page is 1."}
    assert coach_client.get(URL, {"page": 0}).status_code == 404  # as every list
    response = coach_client.get(URL, {"page_size": "zero"})
    assert response.status_code == 400
    assert "page_size" in response.json()["detail"]
    response = coach_client.get(URL, {"sort": "password"})
    assert response.status_code == 400


def test_sort_and_filter_parameters(gym, coach):
    quiet = MemberFactory(gym=gym, user__name="A quiet one")
    CoachAssignmentFactory(member=quiet, coach=coach)
    busy = MemberFactory(gym=gym, user__name="Busy")
    CoachAssignmentFactory(member=busy, coach=coach)
    today = gym_today(gym.timezone)
    for day in range(20):  # 20 active days ending today: nothing to worry about
        DailyLogFactory(member=busy, date=today - dt.timedelta(days=day), type="water")
    client = client_for(coach.user)
    rows = client.get(URL, {"sort": "-active_days"}).json()["results"]
    assert [r["member"]["id"] for r in rows] == [busy.pk, quiet.pk]
    flagged = client.get(URL, {"needs_attention": "true"}).json()
    assert [r["member"]["id"] for r in flagged["results"]] == [quiet.pk]
    assert flagged["count"] == 1


@pytest.mark.parametrize("size", [10, 400])
def test_query_count_does_not_grow_with_members(
    size, gym, django_assert_num_queries, django_assert_max_num_queries
):
    """Same three queries at 10 and at 400 members, for a coach and for an admin."""
    coach = StaffFactory(gym=gym, role=Role.COACH)
    admin = StaffFactory(gym=gym, role=Role.ADMIN)
    make_members(gym=gym, coach=coach, count=size, today=gym_today(gym.timezone))
    for staff in (coach, admin):
        client = client_for(staff.user)
        # 1 count of the scope, 2 the page of aggregated rows, 3 their latest weights.
        # Authentication reads the token only.
        with django_assert_num_queries(3):
            response = client.get(URL, {"page_size": 500})
        body = response.json()
        assert body["count"] == size
        assert len(body["results"]) == size
        assert all(len(r["recent_weights"]) == 4 for r in body["results"])
    with django_assert_max_num_queries(3):
        # The attention filter counts through the aggregates; still three queries.
        client.get(URL, {"needs_attention": "true", "page_size": 500})


def test_400_members_fit_well_under_300_kb(gym, coach):
    make_members(gym=gym, coach=coach, count=400, today=gym_today(gym.timezone))
    response = client_for(coach.user).get(URL, {"page_size": 500})
    assert len(response.content) < 300 * 1024
    assert response.json()["results"][0]["recent_weights"][0]["date"] == (
        gym_today(gym.timezone).isoformat()
    )
    assert dt.date.fromisoformat(response.json()["results"][0]["last_log_date"])
