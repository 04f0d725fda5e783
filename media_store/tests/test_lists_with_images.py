"""Images cost lists nothing: the same queries with or without pictures, small URLs only.

The old system inlined base64 images: 40 MB member lists, 160 MB leaderboards. Here a
row carries a URL built from its key (no query, no network), of the small variant.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Member
from accounts.roles import Role
from accounts.tests.factories import StaffFactory
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from coaching.tests.helpers import make_members
from conftest import client_for
from gymintel.clock import gym_today
from media_store import services
from media_store.tests import samples
from members.models import SavedMeal

MEMBERS = 30


def queries_and_body(client, url: str) -> tuple[int, dict, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), response.json(), len(response.content)


@pytest.fixture
def avatar_key(member):
    # One real upload; every member then shares its key (same picture, same key).
    return services.replace_image(
        instance=member, field="avatar_key", upload=samples.upload(samples.jpeg())
    )


def test_dashboard_queries_and_size_unchanged_by_avatars(gym, avatar_key):
    coach = StaffFactory(gym=gym, role=Role.COACH)
    make_members(gym=gym, coach=coach, count=MEMBERS, today=gym_today(gym.timezone))
    client = client_for(coach.user)
    url = "/api/coach/dashboard/?page_size=500"
    Member.objects.update(avatar_key="")
    bare_queries, _, bare_size = queries_and_body(client, url)

    Member.objects.update(avatar_key=avatar_key)
    queries, body, size = queries_and_body(client, url)

    assert queries == bare_queries
    small = f"http://testserver/media/{avatar_key[:-7]}128.jpg"
    assert {row["member"]["avatar_url"] for row in body["results"]} == {small}
    assert size - bare_size < MEMBERS * (len(small) + 10)  # a URL per row, nothing more


def test_leaderboard_queries_unchanged_by_avatars(gym, member, member_client, avatar_key):
    challenge = ChallengeFactory(gym=gym)
    ParticipantFactory(challenge=challenge, member=member)
    ParticipantFactory.create_batch(MEMBERS, challenge=challenge)
    url = f"/api/challenges/{challenge.pk}/leaderboard/?page_size=100"
    Member.objects.update(avatar_key="")
    bare_queries, _, _ = queries_and_body(member_client, url)

    Member.objects.update(avatar_key=avatar_key)
    queries, body, size = queries_and_body(member_client, url)

    assert queries == bare_queries
    assert all(r["member"]["avatar_url"].endswith("/128.jpg") for r in body["results"])
    assert size < 20_000


def test_meal_list_queries_unchanged_by_photos(member, member_client):
    photo = services.store_meal_photo(upload=samples.upload(samples.jpeg((2000, 1500))))
    for i in range(10):
        SavedMeal.objects.create(member=member, name=f"Meal {i}")
    bare_queries, _, _ = queries_and_body(member_client, "/api/member/meals/")

    SavedMeal.objects.update(photo_key=photo)
    queries, body, _ = queries_and_body(member_client, "/api/member/meals/")

    assert queries == bare_queries
    urls = [row["photo_url"] for row in body["results"]]
    assert len(urls) == 10
    prefix = f"http://testserver/media/private/{photo[:-8]}400.jpg?expires="
    assert all(u.startswith(prefix) for u in urls)
    served = member_client.get(urls[0])
    assert samples.open_image(b"".join(served.streaming_content)).size == (400, 300)
