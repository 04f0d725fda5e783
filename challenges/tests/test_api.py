"""The challenge endpoints: shapes, tenancy, join, `me` and the leaderboard's cost."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Member, User
from accounts.tests.factories import MemberFactory
from challenges.models import Participant
from challenges.tests.conftest import at, log_and_score
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

DEFAULT_RULES = {
    "points": {"meal": 5, "training": 10, "water": 2, "checkin": 15},
    "daily_cap": {"meal": 3, "training": 2, "water": 1, "checkin": 1},
    "streak_bonus": 5,
}


def add_participants(challenge, totals: list[int], *, name: str = "Member", avatar: str = ""):
    """Members who joined one second apart, with these totals (as meal points), in bulk."""
    users = User.objects.bulk_create(
        User(
            email=f"p{i}-{challenge.pk}@example.test",
            name=f"{name} {i}",
            password=make_password(None),
        )
        for i in range(len(totals))
    )
    members = Member.objects.bulk_create(
        Member(user=u, gym=challenge.gym, avatar_key=avatar) for u in users
    )
    start = timezone.now() - timedelta(days=1)
    return Participant.objects.bulk_create(
        Participant(
            challenge=challenge,
            member=m,
            joined_at=start + timedelta(seconds=i),
            meal_points=t,
            total_points=t,
        )
        for i, (m, t) in enumerate(zip(members, totals, strict=True))
    )


# --- List -------------------------------------------------------------------------------


def test_list_shows_the_gyms_challenges_with_rules(
    member_client, challenge, participant, other_gym, django_assert_num_queries
):
    ChallengeFactory(gym=other_gym, name="Bondi only")
    # 1 count, 1 page (with `joined` as an EXISTS subquery).
    with django_assert_num_queries(2):
        response = member_client.get("/api/challenges/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": challenge.pk,
            "name": challenge.name,
            "starts_on": "2020-01-01",
            "ends_on": "2035-12-31",
            "rules": DEFAULT_RULES,
            "joined": True,
        }
    ]


def test_staff_see_their_gyms_challenges(coach_client, challenge):
    body = coach_client.get("/api/challenges/").json()
    assert [c["id"] for c in body["results"]] == [challenge.pk]
    assert body["results"][0]["joined"] is False


def test_no_token_is_401(api_client, challenge):
    assert api_client.get("/api/challenges/").status_code == 401
    assert api_client.get(f"/api/challenges/{challenge.pk}/leaderboard/").status_code == 401


# --- Join -------------------------------------------------------------------------------


def test_join_answers_201_then_200_and_makes_one_participant(member_client, member, challenge):
    first = member_client.post(f"/api/challenges/{challenge.pk}/join/")
    again = member_client.post(f"/api/challenges/{challenge.pk}/join/")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["total_points"] == 0 and first.json()["rank"] == 1
    assert Participant.objects.filter(challenge=challenge, member=member).count() == 1


def test_another_gyms_challenge_is_404_everywhere(member_client, other_gym):
    theirs = ChallengeFactory(gym=other_gym)
    ParticipantFactory(challenge=theirs)
    for path in ("join/", "me/", "leaderboard/"):
        method = member_client.post if path == "join/" else member_client.get
        response = method(f"/api/challenges/{theirs.pk}/{path}")
        assert response.status_code == 404, path
        assert response.json() == {"detail": "No such challenge at your gym."}
    assert not Participant.objects.filter(challenge=theirs, member__gym__name="Shoreditch").exists()


def test_an_ended_challenge_cannot_be_joined(member_client, gym):
    ended = ChallengeFactory(gym=gym, starts_on=date(2020, 1, 1), ends_on=date(2020, 2, 1))
    response = member_client.post(f"/api/challenges/{ended.pk}/join/")
    assert response.status_code == 400
    assert "ended on 2020-02-01" in response.json()["detail"]


def test_staff_without_a_member_profile_cannot_join(coach_client, challenge):
    response = coach_client.post(f"/api/challenges/{challenge.pk}/join/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only members can join challenges."}


# --- Me ---------------------------------------------------------------------------------


def test_me_shows_points_by_kind_streak_and_rank(participant, challenge):
    add_participants(challenge, [100, 1])
    day = date(2026, 3, 10)
    with time_machine.travel(at(day, 12, 0, "Europe/London")):
        log_and_score(participant.member_id, day, "training")
        # Tokens are made inside the travelled-to time (a token from the future is refused).
        body = client_for(participant.member.user).get(f"/api/challenges/{challenge.pk}/me/")
        body = body.json()
    assert body["points"] == {"meal": 0, "training": 10, "water": 0, "checkin": 0}
    assert (body["total_points"], body["streak_points"], body["current_streak"]) == (15, 5, 1)
    assert body["last_active_date"] == day.isoformat()
    assert body["rank"] == 2


def test_me_when_not_joined_is_404(member_client, challenge):
    response = member_client.get(f"/api/challenges/{challenge.pk}/me/")
    assert response.status_code == 404
    assert response.json() == {"detail": "You have not joined this challenge."}


def test_a_streak_whose_last_active_day_is_before_yesterday_shows_as_zero(participant, challenge):
    today = date(2026, 3, 10)
    Participant.objects.filter(pk=participant.pk).update(
        current_streak=6, last_active_date=today - timedelta(days=2)
    )
    with time_machine.travel(at(today, 12, 0, "Europe/London")):
        member_client = client_for(participant.member.user)
        me = member_client.get(f"/api/challenges/{challenge.pk}/me/").json()
        row = member_client.get(f"/api/challenges/{challenge.pk}/leaderboard/").json()["me"]
        Participant.objects.filter(pk=participant.pk).update(
            last_active_date=today - timedelta(days=1)
        )
        kept = member_client.get(f"/api/challenges/{challenge.pk}/me/").json()
    assert me["current_streak"] == row["current_streak"] == 0
    assert kept["current_streak"] == 6


# --- Leaderboard ------------------------------------------------------------------------


def test_leaderboard_orders_by_points_then_earlier_join(member, member_client, challenge):
    early, late, top = add_participants(challenge, [30, 30, 50])
    mine = ParticipantFactory(challenge=challenge, member=member)  # joined last, 0 points
    body = member_client.get(f"/api/challenges/{challenge.pk}/leaderboard/").json()
    ids = [row["member"]["id"] for row in body["results"]]
    assert ids == [top.member_id, early.member_id, late.member_id, mine.member_id]
    assert [row["rank"] for row in body["results"]] == [1, 2, 3, 4]
    assert body["results"][1] == {
        "rank": 2,
        "member": {"id": early.member_id, "name": "Member 0", "avatar_url": None},
        "total_points": 30,
        "current_streak": 0,
    }
    assert body["me"]["rank"] == 4 and body["me"]["member"]["id"] == member.pk
    assert body["count"] == 4


def test_ranks_continue_across_pages_and_me_is_ranked_beyond_the_page(
    member, member_client, challenge
):
    add_participants(challenge, list(range(200, 80, -1)))  # 120 members, all ahead
    ParticipantFactory(challenge=challenge, member=member)
    page = member_client.get(f"/api/challenges/{challenge.pk}/leaderboard/?page=2").json()
    assert len(page["results"]) == 50
    assert [r["rank"] for r in page["results"]] == list(range(51, 101))
    assert [r["total_points"] for r in page["results"]] == list(range(150, 100, -1))
    assert page["me"]["rank"] == 121 and page["me"]["total_points"] == 0
    big = member_client.get(f"/api/challenges/{challenge.pk}/leaderboard/?page_size=100").json()
    assert len(big["results"]) == 100  # the maximum page size
    past = member_client.get(f"/api/challenges/{challenge.pk}/leaderboard/?page=9")
    assert past.status_code == 404 and "last page is 3" in past.json()["detail"]


def test_staff_read_their_gyms_leaderboard_with_me_null(coach_client, admin_client_api, challenge):
    add_participants(challenge, [10, 20])
    for client in (coach_client, admin_client_api):
        body = client.get(f"/api/challenges/{challenge.pk}/leaderboard/").json()
        assert [r["total_points"] for r in body["results"]] == [20, 10]
        assert body["me"] is None


def test_a_coach_with_a_linked_member_sees_their_own_row(coach, challenge):
    linked = MemberFactory(gym=challenge.gym)
    coach.linked_member = linked
    coach.save()
    ParticipantFactory(challenge=challenge, member=linked)
    body = client_for(coach.user).get(f"/api/challenges/{challenge.pk}/leaderboard/").json()
    assert body["me"]["member"]["id"] == linked.pk


@pytest.mark.parametrize("size", [10, 400])
def test_leaderboard_queries_do_not_grow_with_the_challenge(
    size, member, member_client, challenge, django_assert_num_queries
):
    add_participants(challenge, [(i * 7) % 90 for i in range(size)])
    ParticipantFactory(challenge=challenge, member=member)
    # 1 the challenge (with its gym, for today), 1 the page (participants with member and
    # user) with the participant count, 1 the caller's row with its rank (count-of-better
    # subquery).
    for query in ("", "?page=2&page_size=5", "?page_size=100"):
        with django_assert_num_queries(3):
            response = member_client.get(f"/api/challenges/{challenge.pk}/leaderboard/{query}")
        assert response.status_code == 200


def test_a_full_page_with_long_names_and_avatars_is_under_50_kb(member_client, challenge):
    add_participants(
        challenge, [1000] * 100, name="N" * 110, avatar="avatars/" + "a" * 60 + "/small.webp"
    )
    response = member_client.get(f"/api/challenges/{challenge.pk}/leaderboard/?page_size=100")
    assert len(response.content) < 50 * 1024
    row = json.loads(response.content)["results"][0]
    assert row["member"]["avatar_url"].endswith("/small.webp")
    assert not row["member"]["avatar_url"].startswith("data:")


def test_a_page_past_the_end_is_404(member_client, challenge):
    response = member_client.get(f"/api/challenges/{challenge.pk}/leaderboard/?page=9")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_page_number_beyond_any_offset_is_404_not_a_server_error(member_client, challenge):
    add_participants(challenge, [10, 20])
    page = "193007649366613696"  # times 100 rows is past a 64-bit offset
    response = member_client.get(
        f"/api/challenges/{challenge.pk}/leaderboard/?page_size=100&page={page}"
    )
    assert response.status_code == 404
    assert "last page is 1" in response.json()["detail"]


def test_my_rank_is_my_place_on_the_leaderboard_through_ties(challenge):
    # Equal totals rank the earlier joiner first; identical join times fall back to id.
    same_moment = timezone.now() - timedelta(hours=1)
    rows = add_participants(challenge, [40, 40, 40, 70, 0, 40])
    Participant.objects.filter(pk__in=[rows[1].pk, rows[2].pk]).update(joined_at=same_moment)
    board = (
        client_for(rows[0].member.user).get(f"/api/challenges/{challenge.pk}/leaderboard/").json()
    )
    places = {row["member"]["id"]: row["rank"] for row in board["results"]}
    assert sorted(places.values()) == [1, 2, 3, 4, 5, 6]
    for row in rows:
        me = client_for(row.member.user).get(f"/api/challenges/{challenge.pk}/me/").json()
        assert me["rank"] == places[row.member_id]


def test_me_costs_two_queries(participant, challenge, django_assert_num_queries):
    add_participants(challenge, [5, 50])
    client = client_for(participant.member.user)
    # 1 the challenge (with its gym, for today), 1 the caller's row with member name,
    # avatar and rank (count-of-better subquery).
    with django_assert_num_queries(2):
        body = client.get(f"/api/challenges/{challenge.pk}/me/").json()
    assert body["rank"] == 3
