"""POST /api/ai/chat/: answers through the real SDK (against the local fake), the quota,
input limits and what the coach is told."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from accounts.permissions import IsMember
from accounts.tests.factories import GymFactory, MemberFactory
from aicoach.models import AIUsage, ChatMessage
from aicoach.tests.fake_anthropic import API_KEY
from aicoach.tests.helpers import CHAT, ask, parse_instant, set_used_today, used_today
from conftest import client_for
from gymintel.clock import gym_today
from members.tests.factories import CheckInFactory, DailyLogFactory

pytestmark = pytest.mark.django_db


def test_an_answer_comes_from_claude_and_costs_one_from_the_quota(
    member_client, member, fake_anthropic
):
    response = ask(member_client, "What should I eat before training?")

    assert response.status_code == 200, response.json()
    assert response.json() == {
        "reply": fake_anthropic.reply,
        "remaining": settings.AI_DAILY_QUOTA_ACTIVE - 1,
        "cached": False,
    }
    assert fake_anthropic.calls == 1
    sent = fake_anthropic.requests[0]
    assert sent["api_key"] == API_KEY
    assert sent["body"]["model"] == settings.AI_MODEL
    assert sent["body"]["max_tokens"] == settings.AI_MAX_TOKENS
    assert sent["body"]["messages"] == [
        {"role": "user", "content": "What should I eat before training?"}
    ]
    # Tokens are recorded where the spend report and the history read them.
    usage = AIUsage.objects.get(member=member)
    assert (usage.used, usage.input_tokens, usage.output_tokens) == (1, 120, 40)
    message = ChatMessage.objects.get(member=member)
    assert (message.cached, message.input_tokens, message.output_tokens) == (False, 120, 40)
    assert message.reply == fake_anthropic.reply


def test_the_coach_is_told_the_members_goal_targets_eating_and_weight_trend(
    member_client, member, fake_anthropic
):
    member.goal = "Lose 5 kg before summer"
    member.calorie_target, member.protein_target = 2100, 140
    member.save()
    today = gym_today(member.gym.timezone)
    for days_ago, calories, protein in [(1, 1800, "100"), (1, 400, "30"), (2, 1900, "110")]:
        DailyLogFactory(
            member=member,
            date=today - timedelta(days=days_ago),
            type="meal",
            estimated_calories=calories,
            estimated_protein=Decimal(protein),
        )
    DailyLogFactory(member=member, date=today - timedelta(days=3), type="training")
    DailyLogFactory(
        member=member, date=today, type="meal", estimated_calories=5000
    )  # today: left out
    DailyLogFactory(member=member, date=today - timedelta(days=8), type="meal")  # too old
    CheckInFactory(member=member, date=today - timedelta(days=21), weight=Decimal("84.2"))
    CheckInFactory(member=member, date=today - timedelta(days=1), weight=Decimal("82.1"))

    assert ask(member_client, "How am I doing?").status_code == 200

    system = fake_anthropic.requests[0]["body"]["system"]
    assert "Goal: Lose 5 kg before summer." in system
    assert "2100 kcal, 140 g protein" in system
    # (1800 + 400 + 1900) / 2 days = 2050 kcal; (100 + 30 + 110) / 2 = 120 g.
    assert "logged on 2 of the last 7 days; on those days about 2050 kcal and 120 g protein" in (
        system
    )
    assert "logs on 3 of the last 7 days; 1 training session(s), 0 water log(s)" in system
    assert "Weight: 82 kg now; -2 kg over the last 3 week(s)." in system
    assert member.user.email not in system and member.user.name not in system


def test_a_message_of_2001_characters_is_refused_and_costs_nothing(
    member_client, member, fake_anthropic
):
    response = ask(member_client, "x" * 2001)

    assert response.status_code == 400
    assert "2000 characters" in response.json()["detail"]
    assert fake_anthropic.calls == 0
    assert used_today(member) == 0


def test_a_message_of_exactly_2000_characters_is_answered(member_client, fake_anthropic):
    assert ask(member_client, "x" * 2000).status_code == 200


@pytest.mark.parametrize("body", [{}, {"message": ""}, {"message": "   "}, {"message": None}])
def test_a_missing_or_blank_message_is_a_400_with_detail(member_client, fake_anthropic, body):
    response = member_client.post(CHAT, body, format="json")

    assert response.status_code == 400
    assert response.json()["detail"]
    assert fake_anthropic.calls == 0


def test_without_an_api_key_the_chat_answers_503_and_consumes_nothing(
    member_client, member, settings
):
    settings.ANTHROPIC_API_KEY = ""

    response = ask(member_client, "Hello coach")

    assert response.status_code == 503
    assert "ANTHROPIC_API_KEY" in response.json()["detail"]
    assert not AIUsage.objects.exists()
    assert not ChatMessage.objects.exists()


def test_the_chat_needs_a_token_and_a_member(api_client, coach_client, fake_anthropic):
    assert ask(api_client, "Hi").status_code == 401
    response = ask(coach_client, "Hi")
    assert response.status_code == 403
    assert response.json()["detail"] == IsMember.message
    assert fake_anthropic.calls == 0


def test_a_used_up_quota_answers_429_with_remaining_and_reset_time(
    member_client, member, fake_anthropic
):
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE)

    response = ask(member_client, "One more question")

    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"detail", "remaining", "resets_at"}
    assert body["remaining"] == 0
    tz = ZoneInfo(member.gym.timezone)
    expected = datetime.combine(gym_today(tz) + timedelta(days=1), datetime.min.time(), tz)
    assert parse_instant(body["resets_at"]) == expected
    assert fake_anthropic.calls == 0
    assert used_today(member) == settings.AI_DAILY_QUOTA_ACTIVE


def test_members_without_an_active_subscription_get_five_answers_a_day(fake_anthropic, gym):
    paused = MemberFactory(gym=gym, subscription_status="paused")
    client = client_for(paused.user)

    answers = [ask(client, f"Question {n}") for n in range(6)]

    assert [r.status_code for r in answers] == [200, 200, 200, 200, 200, 429]
    assert [r.json()["remaining"] for r in answers] == [4, 3, 2, 1, 0, 0]
    assert fake_anthropic.calls == 5


def test_the_quota_resets_at_the_gyms_local_midnight(fake_anthropic):
    new_york = ZoneInfo("America/New_York")  # 4 or 5 hours behind UTC: not UTC's midnight
    member = MemberFactory(gym=GymFactory(timezone="America/New_York"))
    AIUsage.objects.create(member=member, date=date(2026, 6, 10), used=20)

    with time_machine.travel(datetime(2026, 6, 10, 23, 58, tzinfo=new_york)):
        refused = ask(client_for(member.user), "Late question")
    with time_machine.travel(datetime(2026, 6, 11, 0, 1, tzinfo=new_york)):
        answered = ask(client_for(member.user), "Late question")

    assert refused.status_code == 429
    assert parse_instant(refused.json()["resets_at"]) == datetime(2026, 6, 11, tzinfo=new_york)
    assert answered.status_code == 200
    assert answered.json()["remaining"] == 19
    assert AIUsage.objects.get(member=member, date=date(2026, 6, 11)).used == 1


def test_the_profile_reports_the_same_quota_the_chat_uses(member_client, member, fake_anthropic):
    for n in range(3):
        assert ask(member_client, f"Question {n}").status_code == 200

    response = member_client.get("/api/member/profile/")

    assert response.status_code == 200
    quota = response.json()["ai_quota"]
    assert quota["limit"] == settings.AI_DAILY_QUOTA_ACTIVE
    assert quota["used"] == 3
    assert quota["remaining"] == settings.AI_DAILY_QUOTA_ACTIVE - 3
    tz = ZoneInfo(member.gym.timezone)
    midnight = datetime.combine(gym_today(tz) + timedelta(days=1), datetime.min.time(), tz)
    assert parse_instant(quota["resets_at"]) == midnight


class TestQueryCounts:
    """The HTTP call to Claude runs no query; these count everything around it."""

    def test_an_answer_from_claude(
        self, member_client, member, fake_anthropic, django_assert_num_queries
    ):
        set_used_today(member, 0)
        # member+gym, logs aggregate, latest check-ins, cache lookup, quota UPDATE,
        # SAVEPOINT, tokens UPDATE, history INSERT, cache upsert, RELEASE SAVEPOINT,
        # quota read. (The three writes are one transaction: a savepoint inside the
        # test's transaction, an uncounted BEGIN/COMMIT in production.)
        with django_assert_num_queries(11):
            assert ask(member_client, "Protein ideas?").status_code == 200

    def test_the_first_answer_of_the_day_creates_the_quota_row(
        self, member_client, fake_anthropic, django_assert_num_queries
    ):
        # As above, plus the UPDATE that finds no row and the INSERT ... ON CONFLICT.
        with django_assert_num_queries(13):
            assert ask(member_client, "Protein ideas?").status_code == 200

    def test_a_cached_answer(self, member_client, fake_anthropic, django_assert_num_queries):
        ask(member_client, "Protein ideas?")
        # member+gym, logs aggregate, latest check-ins, cache lookup, hit bump,
        # history INSERT, quota read.
        with django_assert_num_queries(7):
            assert ask(member_client, "protein ideas").json()["cached"] is True

    def test_a_refusal_over_quota(
        self, member_client, member, fake_anthropic, django_assert_num_queries
    ):
        set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE)
        # member+gym, logs aggregate, latest check-ins, cache lookup, quota UPDATE (0 rows),
        # INSERT ... ON CONFLICT DO NOTHING, quota UPDATE again (0 rows).
        with django_assert_num_queries(7):
            assert ask(member_client, "Protein ideas?").status_code == 429
