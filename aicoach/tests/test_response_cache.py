"""Repeated questions in the same context are answered from the cache: no call, no quota."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from aicoach.models import AIResponseCache, ChatMessage
from aicoach.tests.helpers import ask, set_used_today, used_today
from conftest import client_for
from gymintel.clock import gym_today
from members.tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db


def test_the_same_question_again_calls_nothing_and_costs_nothing(
    member_client, member, fake_anthropic
):
    first = ask(member_client, "How much protein should I eat?")
    again = ask(member_client, "  how much PROTEIN   should i eat ")

    assert first.json()["cached"] is False
    assert again.status_code == 200
    assert again.json() == {
        "reply": first.json()["reply"],
        "remaining": first.json()["remaining"],  # unchanged
        "cached": True,
    }
    assert fake_anthropic.calls == 1
    assert used_today(member) == 1
    entry = AIResponseCache.objects.get()
    assert entry.hits == 1
    latest = ChatMessage.objects.filter(member=member).first()
    assert (latest.cached, latest.input_tokens, latest.output_tokens) == (True, 0, 0)


def test_a_cached_answer_is_given_even_when_the_quota_is_used_up(
    member_client, member, fake_anthropic
):
    ask(member_client, "Best post-workout snack?")
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE)

    response = ask(member_client, "best post-workout snack")

    assert response.status_code == 200
    assert response.json()["cached"] is True
    assert response.json()["remaining"] == 0
    assert fake_anthropic.calls == 1


def test_a_change_in_the_members_context_asks_claude_again(member_client, member, fake_anthropic):
    ask(member_client, "Am I on track?")
    CheckInFactory(member=member, date=gym_today(member.gym.timezone), weight=Decimal("79.0"))

    response = ask(member_client, "Am I on track?")

    assert response.json()["cached"] is False
    assert fake_anthropic.calls == 2


def test_members_in_the_same_context_share_answers_but_a_different_goal_does_not(
    member_client, member, gym, fake_anthropic
):
    ask(member_client, "Is creatine safe?")
    twin = MemberFactory(gym=gym)  # no goal, no logs: the same (empty) context
    climber = MemberFactory(gym=gym, goal="Climb 7a")

    assert ask(client_for(twin.user), "Is creatine safe?").json()["cached"] is True
    assert ask(client_for(climber.user), "Is creatine safe?").json()["cached"] is False
    assert fake_anthropic.calls == 2


def test_entries_live_for_the_ttl_and_an_expired_one_is_asked_again(member_client, fake_anthropic):
    ask(member_client, "How much water a day?")
    entry = AIResponseCache.objects.get()
    ttl = timedelta(seconds=settings.AI_CACHE_TTL_SECONDS)
    assert abs(entry.expires_at - (timezone.now() + ttl)) < timedelta(minutes=1)
    AIResponseCache.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = ask(member_client, "How much water a day?")

    assert response.json()["cached"] is False
    assert fake_anthropic.calls == 2
    entry.refresh_from_db()  # the same key, written again with a new lifetime
    assert entry.expires_at > timezone.now() + ttl - timedelta(minutes=1)


def test_a_different_model_does_not_reuse_the_answer(member_client, fake_anthropic, settings):
    ask(member_client, "How much water a day?")
    settings.AI_MODEL = "claude-haiku-4-5"

    assert ask(member_client, "How much water a day?").json()["cached"] is False
    assert fake_anthropic.requests[-1]["body"]["model"] == "claude-haiku-4-5"
