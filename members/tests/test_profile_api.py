"""GET/PATCH /api/member/profile/."""

from __future__ import annotations

import pytest

from accounts.models import Member
from aicoach.models import AIUsage
from gymintel.clock import gym_today
from media_store.selectors import logo_url
from members.api.profile import ProfileOutputSerializer
from members.tests.api_helpers import call

pytestmark = pytest.mark.django_db


def test_profile_has_the_contract_shape(member_client, member):
    member.calorie_target, member.protein_target, member.goal = 2200, 140, "Run a 10k"
    member.save()
    AIUsage.objects.create(member=member, date=gym_today(member.gym.timezone), used=3)
    response = member_client.get("/api/member/profile/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == set(ProfileOutputSerializer().fields)
    assert body["id"] == member.pk
    assert body["name"] == "Maya Silva"
    assert body["email"] == member.user.email
    assert body["gym"] == {
        "id": member.gym_id,
        "name": "Shoreditch",
        "timezone": "Europe/London",
        "logo_url": None,
    }
    assert body["subscription_status"] == "active"
    assert body["avatar_url"] is None
    assert body["goal"] == "Run a 10k"
    assert body["targets"] == {"calories": 2200, "protein": 140}
    quota = body["ai_quota"]
    assert (quota["limit"], quota["used"], quota["remaining"]) == (20, 3, 17)
    assert quota["resets_at"]


def test_other_subscribers_get_the_smaller_quota(member_client, member):
    member.subscription_status = "paused"
    member.save()
    quota = member_client.get("/api/member/profile/").json()["ai_quota"]
    assert (quota["limit"], quota["remaining"]) == (5, 5)


def test_the_gyms_logo_is_a_public_url_of_its_large_variant(member_client, member):
    member.gym.logo_key = f"logos/{'a' * 64}/512.webp"
    member.gym.save()
    url = member_client.get("/api/member/profile/").json()["gym"]["logo_url"]
    assert url == "http://testserver" + logo_url(member.gym.logo_key, size="large")
    assert url.split("?")[0].endswith(f"logos/{'a' * 64}/512.webp")
    assert "signature" not in url  # logos are public: the app may cache them


def test_avatar_is_a_url(member_client, member):
    member.avatar_key = "avatars/ab/abc.webp"
    member.save()
    url = member_client.get("/api/member/profile/").json()["avatar_url"]
    assert url.startswith(("/", "http")) and "avatars/ab/abc" in url


def test_profile_costs_two_queries(member_client, member, django_assert_num_queries):
    member.gym.logo_key = f"logos/{'c' * 64}/512.jpg"
    member.gym.save()
    # 1. member with user and gym (the logo key included)  2. today's AI usage row.
    # Authentication: none. The logo URL is built from the key: no query.
    with django_assert_num_queries(2):
        response = member_client.get("/api/member/profile/")
    assert response.status_code == 200
    assert response.json()["gym"]["logo_url"]


def test_patch_changes_name_and_goal(member_client, member):
    response = call(
        member_client, "patch", "/api/member/profile/", {"name": "Maya S.", "goal": "Deadlift 100"}
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["goal"]) == ("Maya S.", "Deadlift 100")
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert (member.user.name, member.goal) == ("Maya S.", "Deadlift 100")


def test_patch_with_one_field_keeps_the_other(member_client, member):
    member.goal = "Keep fit"
    member.save()
    response = call(member_client, "patch", "/api/member/profile/", {"name": "M"})
    assert response.json()["goal"] == "Keep fit"


@pytest.mark.parametrize(
    "data",
    [
        {"gym": {"id": 999}},
        {"subscription_status": "active"},
        {"targets": {"calories": 9000}},
        {"calorie_target": 9000},
        {"protein_target": 10},
        {"email": "new@example.test"},
        {"name": "Ok", "gym_id": 2},
    ],
)
def test_patch_of_fields_set_by_the_gym_is_refused(member_client, member, data):
    response = call(member_client, "patch", "/api/member/profile/", data)
    assert response.status_code == 400
    assert "cannot be changed here" in response.json()["detail"]
    assert next(iter(data.keys() - {"name"})) in response.json()["detail"]
    fresh = Member.objects.select_related("user", "gym").get(pk=member.pk)
    assert (fresh.gym_id, fresh.calorie_target, fresh.user.name, fresh.user.email) == (
        member.gym_id,
        None,
        "Maya Silva",
        member.user.email,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"goal": "x" * 201}, "goal"),
        ({"name": None}, "name"),
    ],
)
def test_bad_profile_values_answer_400(member_client, data, message):
    response = call(member_client, "patch", "/api/member/profile/", data)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_patch_costs_a_constant_number_of_queries(member_client, django_assert_num_queries):
    # 1. SAVEPOINT (the test's transaction)  2. member with user and gym
    # 3. UPDATE user name  4. UPDATE member goal  5. RELEASE  6. today's AI usage row
    with django_assert_num_queries(6):
        response = call(member_client, "patch", "/api/member/profile/", {"name": "A", "goal": "B"})
    assert response.status_code == 200
