"""GET /api/logs/ and DELETE /api/logs/{id}/ (docs/MEMBER_API.md)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection

from accounts.tests.factories import MemberFactory
from gymintel.clock import gym_today
from gymintel.errors import Conflict
from members.api.logs import LogOutputSerializer
from members.models import DailyLog
from members.tests.api_helpers import scoring_stubbed
from members.tests.factories import DailyLogFactory

pytestmark = pytest.mark.django_db


def today(member) -> dt.date:
    return gym_today(member.gym.timezone)


# --- list ---------------------------------------------------------------------------


def test_list_shows_own_logs_newest_first(member_client, member, other_gym):
    day = today(member)
    old = DailyLogFactory(member=member, date=day - dt.timedelta(days=3))
    new = DailyLogFactory(member=member, date=day, type="water")
    newer_same_day = DailyLogFactory(member=member, date=day, type="training")
    DailyLogFactory(member=MemberFactory(gym=member.gym), date=day)
    DailyLogFactory(member=MemberFactory(gym=other_gym), date=day)
    response = member_client.get("/api/logs/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [row["id"] for row in body["results"]] == [newer_same_day.pk, new.pk, old.pk]
    assert set(body["results"][0]) == set(LogOutputSerializer().fields)
    assert body["results"][0]["photo_url"] is None


def test_list_filters_by_type_and_date_range(member_client, member):
    day = today(member)
    for offset in range(5):
        DailyLogFactory(member=member, date=day - dt.timedelta(days=offset), type="meal")
        DailyLogFactory(member=member, date=day - dt.timedelta(days=offset), type="water")
    start, end = day - dt.timedelta(days=3), day - dt.timedelta(days=1)
    response = member_client.get(
        "/api/logs/", {"type": "water", "date_from": start, "date_to": end}
    )
    rows = response.json()["results"]
    assert response.json()["count"] == 3
    assert {row["type"] for row in rows} == {"water"}
    assert [row["date"] for row in rows] == [
        (day - dt.timedelta(days=n)).isoformat() for n in (1, 2, 3)
    ]


def test_empty_filters_mean_no_filter(member_client, member):
    DailyLogFactory(member=member)
    response = member_client.get("/api/logs/?type=&date_from=&date_to=")
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type=snack", "not a log type"),
        ("date_from=yesterday", "date_from"),
        ("date_to=2026-13-01", "date_to"),
        ("date_from=2026-03-10&date_to=2026-03-01", "date_from must not be after date_to"),
    ],
)
def test_bad_filters_answer_400(member_client, query, message):
    response = member_client.get(f"/api/logs/?{query}")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_list_is_paginated_with_a_maximum_page_size(member_client, member):
    DailyLog.objects.bulk_create(
        DailyLog(member=member, date=today(member), type="water") for _ in range(105)
    )
    default = member_client.get("/api/logs/").json()
    assert (default["count"], len(default["results"])) == (105, 50)
    assert default["next"] and default["previous"] is None
    assert len(member_client.get("/api/logs/?page_size=100").json()["results"]) == 100
    assert member_client.get("/api/logs/?page_size=500").status_code == 400  # not capped
    assert len(member_client.get("/api/logs/?page=3").json()["results"]) == 5
    assert member_client.get("/api/logs/?page=9").status_code == 404


# --- delete -------------------------------------------------------------------------


def test_delete_removes_the_log_and_a_retry_answers_404(member_client, member):
    log = DailyLogFactory(member=member)
    first = member_client.delete(f"/api/logs/{log.pk}/")
    assert first.status_code == 204
    assert not DailyLog.objects.filter(pk=log.pk).exists()
    again = member_client.delete(f"/api/logs/{log.pk}/")
    assert again.status_code == 404
    assert again.json()["detail"]


def test_delete_takes_points_back_while_the_log_still_exists(member_client, member):
    log = DailyLogFactory(member=member)
    seen = {}

    def fake_unscore_log(*, log):
        seen["in_atomic"] = connection.in_atomic_block
        seen["still_there"] = DailyLog.objects.filter(pk=log.pk).exists()
        return 5

    with mock.patch("challenges.services.unscore_log", fake_unscore_log):
        assert member_client.delete(f"/api/logs/{log.pk}/").status_code == 204
    assert seen == {"in_atomic": True, "still_there": True}


def test_a_failing_unscore_keeps_the_log(member_client, member):
    log = DailyLogFactory(member=member)
    with mock.patch("challenges.services.unscore_log", side_effect=Conflict("try again")):
        assert member_client.delete(f"/api/logs/{log.pk}/").status_code == 409
    assert DailyLog.objects.filter(pk=log.pk).exists()


def test_other_members_and_other_gyms_logs_answer_404(member_client, member, other_gym):
    neighbours = DailyLogFactory(member=MemberFactory(gym=member.gym))
    foreign = DailyLogFactory(member=MemberFactory(gym=other_gym))
    for log in (neighbours, foreign):
        response = member_client.delete(f"/api/logs/{log.pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No such log among yours."}
        assert DailyLog.objects.filter(pk=log.pk).exists()


# --- query counts -------------------------------------------------------------------


def test_list_costs_two_queries_whatever_the_page(member_client, member, django_assert_num_queries):
    DailyLog.objects.bulk_create(
        DailyLog(member=member, date=today(member), type="meal") for _ in range(30)
    )
    # 1. COUNT of the member's (filtered) logs  2. the page. Authentication: none.
    with django_assert_num_queries(2):
        response = member_client.get("/api/logs/?type=meal&date_from=2020-01-01")
    assert len(response.json()["results"]) == 30


# SAVEPOINT/RELEASE appear because each test runs inside a transaction; in production
# the outermost atomic() is a BEGIN/COMMIT that Django does not log as a query.


def test_delete_costs_a_constant_number_of_queries(
    member, member_client, django_assert_num_queries
):
    log = DailyLogFactory(member=member)
    # 1. SAVEPOINT  2. SELECT ... FOR UPDATE  3. DELETE  4. RELEASE
    with scoring_stubbed(), django_assert_num_queries(4):
        assert member_client.delete(f"/api/logs/{log.pk}/").status_code == 204
