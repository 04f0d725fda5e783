"""The member app has something to show a demo member: saved meals for everyone and, for
some members (always the printed login member1-1), a few past questions to the AI coach."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Gym, Member, User
from aicoach.models import AIUsage, ChatMessage
from aicoach.selectors import ai_quota_for
from conftest import client_for
from gymintel.clock import gym_today
from members.models import SavedMeal

pytestmark = pytest.mark.django_db


def _seed(**sizes) -> None:
    options = {"gyms": 2, "members_per_gym": 12, "coaches_per_gym": 1, "days": 5, "seed": 4}
    call_command("seed_demo", verbosity=0, **(options | sizes))


def _empty() -> None:
    User.objects.all().delete()  # members and staff with them, then their gyms
    Gym.objects.all().delete()


def _local_midnight(gym: Gym) -> datetime:
    return datetime.combine(gym_today(gym.timezone), time(0), tzinfo=ZoneInfo(gym.timezone))


def test_every_member_keeps_two_to_four_distinct_saved_meals_without_photos():
    _seed()
    per_member = Counter(SavedMeal.objects.values_list("member_id", flat=True))
    assert set(per_member) == set(Member.objects.values_list("pk", flat=True))
    assert set(per_member.values()) <= {2, 3, 4}
    assert len(set(per_member.values())) > 1  # not the same count for everyone
    for member_id in per_member:
        names = SavedMeal.objects.filter(member_id=member_id).values_list("name", flat=True)
        assert len(set(names)) == len(names)
    assert not SavedMeal.objects.filter(estimated_calories__isnull=True).exists()
    assert not SavedMeal.objects.filter(estimated_protein__isnull=True).exists()
    assert not SavedMeal.objects.exclude(photo_key="").exists()
    assert SavedMeal.objects.values("name").distinct().count() >= 6


def test_the_demo_login_sees_its_saved_meals_and_its_ai_history_in_the_api():
    _seed()
    client = client_for(User.objects.get(email="member1-1@demo.gym"))

    meals = client.get("/api/member/meals/")
    assert meals.status_code == 200
    assert 2 <= len(meals.json()["results"]) <= 4

    history = client.get("/api/ai/history/")
    assert history.status_code == 200
    rows = history.json()["results"]
    assert history.json()["count"] == len(rows)
    assert 2 <= len(rows) <= 4  # question/answer pairs, one row each
    assert all(row["message"].strip() and row["reply"].strip() for row in rows)
    assert not any(row["cached"] for row in rows)
    stamps = [datetime.fromisoformat(row["created_at"]) for row in rows]
    assert stamps == sorted(stamps, reverse=True)
    assert len(set(stamps)) == len(stamps)


def test_about_a_third_of_the_members_talked_to_the_ai_coach():
    _seed(gyms=2, members_per_gym=45)
    chatting = Counter(ChatMessage.objects.values_list("member_id", flat=True))
    share = len(chatting) / Member.objects.count()
    assert 0.2 <= share <= 0.5, f"{share:.0%}"
    assert set(chatting.values()) <= {2, 3, 4}
    first_members = Member.objects.filter(
        user__email__in=["member1-1@demo.gym", "member2-1@demo.gym"]
    )
    assert {m.pk for m in first_members} <= set(chatting)


def test_nothing_of_the_member_app_is_dated_today_and_no_quota_is_used():
    _seed()
    for gym in Gym.objects.all():
        midnight = _local_midnight(gym)
        assert not SavedMeal.objects.filter(member__gym=gym, created_at__gte=midnight).exists()
        assert not ChatMessage.objects.filter(member__gym=gym, created_at__gte=midnight).exists()
        assert ChatMessage.objects.filter(member__gym=gym).exists()
    assert not AIUsage.objects.exists()
    member = Member.objects.select_related("gym").get(user__email="member1-1@demo.gym")
    quota = ai_quota_for(member=member, gym_tz=member.gym.timezone)
    assert quota["used"] == 0 and quota["remaining"] == quota["limit"] > 0


def test_the_same_seed_gives_the_same_meals_and_conversations():
    def snapshot():
        meals = SavedMeal.objects.order_by("member__user__email", "name").values_list(
            "member__user__email", "name", "estimated_calories", "created_at"
        )
        chats = ChatMessage.objects.order_by("member__user__email", "created_at").values_list(
            "member__user__email", "message", "created_at"
        )
        return list(meals), list(chats)

    _seed()
    first = snapshot()
    _empty()
    _seed()
    assert snapshot() == first
    _empty()
    _seed(seed=5)
    assert snapshot() != first


def test_the_seeds_query_count_does_not_grow_with_members():
    # Per gym: users, staff, members, assignments, challenge; per chunk of members: the
    # id ranges and COPY of logs, check-ins, participants, ledger, saved meals and chats.
    def queries(members: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            _seed(gyms=1, members_per_gym=members)
        _empty()
        return len(captured)

    assert queries(3) == queries(30)
