"""GET /api/ai/history/: the member's own conversation, newest first, paginated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from aicoach.models import ChatMessage
from aicoach.tests.helpers import HISTORY

pytestmark = pytest.mark.django_db


def _messages(member, count: int) -> None:
    start = timezone.now() - timedelta(hours=count)
    ChatMessage.objects.bulk_create(
        ChatMessage(
            member=member,
            message=f"Question {n}",
            reply=f"Answer {n}",
            created_at=start + timedelta(minutes=n),
        )
        for n in range(count)
    )


def test_history_is_the_members_own_newest_first_and_paginated(
    member_client, member, gym, django_assert_num_queries
):
    _messages(member, 60)
    _messages(MemberFactory(gym=gym), 5)  # someone else's: never shown

    # COUNT(*) for the page count, then the page of rows. No auth query.
    with django_assert_num_queries(2):
        response = member_client.get(HISTORY)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 60
    assert body["next"] and body["previous"] is None
    assert len(body["results"]) == 50
    first = body["results"][0]
    assert set(first) == {"id", "message", "reply", "cached", "created_at"}
    assert (first["message"], first["reply"], first["cached"]) == (
        "Question 59",
        "Answer 59",
        False,
    )
    second_page = member_client.get(HISTORY, {"page": 2}).json()["results"]
    assert [row["message"] for row in second_page] == [f"Question {n}" for n in range(9, -1, -1)]


def test_the_page_size_is_at_most_100(member_client, member):
    _messages(member, 120)

    assert len(member_client.get(HISTORY, {"page_size": 100}).json()["results"]) == 100
    assert member_client.get(HISTORY, {"page_size": 500}).status_code == 400


def test_history_needs_a_member_token(api_client, coach_client):
    assert api_client.get(HISTORY).status_code == 401
    assert coach_client.get(HISTORY).status_code == 403
