"""When Claude fails, the member gets a 503 and keeps the answer they did not receive."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from aicoach.models import ChatMessage
from aicoach.tests.helpers import ask, set_used_today, used_today

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("mode", ["500", "529"])
def test_an_api_error_answers_503_and_refunds_after_bounded_retries(
    member_client, member, fake_anthropic, mode
):
    set_used_today(member, 7)
    fake_anthropic.mode = mode

    response = ask(member_client, "Will this work?")

    assert response.status_code == 503
    assert "quota was not used" in response.json()["detail"]
    assert used_today(member) == 7
    assert fake_anthropic.calls == 1 + settings.AI_MAX_RETRIES  # retried, but not forever
    assert not ChatMessage.objects.exists()


def test_a_hanging_api_times_out_into_a_503_and_refunds(
    member_client, member, fake_anthropic, settings
):
    settings.AI_TIMEOUT_SECONDS = 0.5
    settings.AI_MAX_RETRIES = 0
    fake_anthropic.mode = "hang"

    started = time.monotonic()
    response = ask(member_client, "Are you there?")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    # 20x the 0.5 s timeout: room for a loaded shared machine, yet far below the 20 s
    # default and the SDK's own 10 minutes, which is what a dropped timeout would wait.
    assert elapsed < 20 * settings.AI_TIMEOUT_SECONDS, f"the request waited {elapsed:.1f} s"
    assert used_today(member) == 0
    assert fake_anthropic.calls == 1


def test_a_retry_after_header_does_not_park_the_request(member_client, member, fake_anthropic):
    # The SDK would obey "retry in 30 s" without a cap; our client drops the header.
    fake_anthropic.mode = "529"
    fake_anthropic.extra_headers = {"retry-after": "30"}

    started = time.monotonic()
    response = ask(member_client, "Busy?")

    assert response.status_code == 503
    # Below the 30 s the header asks for, with room for a loaded shared machine.
    assert time.monotonic() - started < 20
    assert fake_anthropic.calls == 2


def test_a_rejected_api_key_answers_503_and_refunds(
    member_client, member, fake_anthropic, settings
):
    settings.ANTHROPIC_API_KEY = "sk-ant-wrong"

    response = ask(member_client, "Hello?")

    assert response.status_code == 503
    assert used_today(member) == 0
    assert fake_anthropic.calls == 1  # a 401 is not retried


def test_after_a_failure_the_next_question_is_answered(member_client, member, fake_anthropic):
    fake_anthropic.mode = "529"
    assert ask(member_client, "First try").status_code == 503
    fake_anthropic.mode = "ok"

    response = ask(member_client, "First try")

    assert response.status_code == 200
    assert response.json()["cached"] is False  # the failure cached nothing
    assert used_today(member) == 1
