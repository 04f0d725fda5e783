"""Conditional GET on what a phone polls (profile, logs, check-ins, saved meals, the
leaderboard): the answer carries an ETag; sent back as If-None-Match it answers 304
with no body, for the same queries and no rendering; any change makes a new tag."""

from __future__ import annotations

import pytest

from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from members.tests.factories import CheckInFactory, DailyLogFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(member):
    challenge = ChallengeFactory(gym=member.gym)
    ParticipantFactory(challenge=challenge, member=member)
    return challenge


def polled(challenge):
    # path, queries for a full answer and for a 304 alike (named in each view):
    # profile: member+user+gym, today's AI usage; lists: COUNT, page;
    # leaderboard: challenge, COUNT, page, the caller's row with its rank.
    return [
        ("/api/member/profile/", 2),
        ("/api/logs/", 2),
        ("/api/checkins/", 2),
        ("/api/member/meals/", 2),
        (f"/api/challenges/{challenge.pk}/leaderboard/", 4),
    ]


def test_an_unchanged_answer_is_304_without_a_body(
    member_client, member, challenge, django_assert_max_num_queries
):
    DailyLogFactory(member=member)
    CheckInFactory(member=member)
    for path, queries in polled(challenge):
        first = member_client.get(path)
        assert first.status_code == 200, path
        etag = first["ETag"]
        assert etag.startswith('W/"'), path
        with django_assert_max_num_queries(queries):
            again = member_client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, path
        assert again.content == b"" and again["ETag"] == etag, path
        # A tag among others, or without the weak prefix, matches too (RFC 9110).
        bare = etag.removeprefix("W/")
        both = member_client.get(path, HTTP_IF_NONE_MATCH=f'"other", {bare}')
        assert both.status_code == 304, path
        assert member_client.get(path, HTTP_IF_NONE_MATCH='"stale"').status_code == 200, path


def test_a_change_makes_a_new_tag(member_client, member, challenge):
    tags = {path: member_client.get(path)["ETag"] for path, _ in polled(challenge)}
    member_client.post("/api/logs/", {"type": "water"}, format="json")  # scores too
    member_client.post("/api/checkins/", {"weight": 81}, format="json")
    member_client.post("/api/member/meals/", {"name": "Oats"}, format="json")
    member_client.patch("/api/member/profile/", {"name": "Renamed"}, format="json")
    for path, tag in tags.items():
        answer = member_client.get(path, HTTP_IF_NONE_MATCH=tag)
        assert answer.status_code == 200, path
        assert answer["ETag"] != tag, path


def test_an_edit_no_service_made_still_changes_the_tag(member_client, member):
    """The tag is made from the values, not a counter a write path must remember."""
    log = DailyLogFactory(member=member, notes="before")
    tag = member_client.get("/api/logs/")["ETag"]
    type(log).objects.filter(pk=log.pk).update(notes="after")  # as the admin could
    assert member_client.get("/api/logs/", HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_pages_and_filters_have_their_own_tags(member_client, member):
    for _ in range(3):
        DailyLogFactory(member=member)
    one = member_client.get("/api/logs/", {"page_size": 1})["ETag"]
    two = member_client.get("/api/logs/", {"page_size": 1, "page": 2})["ETag"]
    assert one != two
    answer = member_client.get("/api/logs/", {"page_size": 1, "page": 2}, HTTP_IF_NONE_MATCH=one)
    assert answer.status_code == 200
