"""The AI service down, and the database failing around an AI answer.

Already proven in aicoach's tests, not repeated here (aicoach/tests/test_chat_failures.py):
an API error (500, 529) answers 503 after one bounded retry with the quota refunded; a
hanging API times out into a 503 within AI_TIMEOUT_SECONDS; a retry-after header does
not park the request; a rejected key answers 503; and test_chat_concurrency.py proves
failures at once give every reservation back and no transaction is held during the call.
"""

from __future__ import annotations

import time

import pytest

from aicoach.models import AIResponseCache, AIUsage, ChatMessage
from aicoach.tests.fake_anthropic import API_KEY, FakeAnthropicServer
from aicoach.tests.helpers import ask, set_used_today, used_today
from gymintel.db_errors import UNAVAILABLE
from gymintel.tests.faults.inject import fail_statement
from gymintel.tests.faults.servers import dead_port

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unreachable_ai_service_is_a_quick_503_and_costs_nothing(
    member, member_client, settings
):
    settings.ANTHROPIC_API_KEY = API_KEY
    settings.ANTHROPIC_BASE_URL = f"http://127.0.0.1:{dead_port()}"
    set_used_today(member, 3)

    started = time.monotonic()
    response = ask(member_client, "What should I eat after training?")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert "quota was not used" in response.json()["detail"]
    # Refused at once, one retry after a short backoff: about a second. The bound is
    # half of AI_TIMEOUT_SECONDS (20 s), so waiting out a timeout still fails, while a
    # loaded shared machine does not.
    assert elapsed < settings.AI_TIMEOUT_SECONDS / 2
    assert used_today(member) == 3
    assert not ChatMessage.objects.exists()


@pytest.mark.parametrize(
    "statement",
    [
        r'^UPDATE "aicoach_aiusage" SET "input_tokens"',  # the answer's token counts
        r'^INSERT INTO "aicoach_chatmessage"',  # the history row
        r'^INSERT INTO "aicoach_airesponsecache"',  # the shared cache entry
    ],
)
def test_a_database_fault_while_storing_an_answer_keeps_nothing_of_it(
    member, member_client, settings, statement
):
    """Claude answered, then the database failed: the member did not get the answer,
    so nothing of it is kept and the reservation is given back."""
    set_used_today(member, 3)
    with FakeAnthropicServer() as claude:
        settings.ANTHROPIC_API_KEY = API_KEY
        settings.ANTHROPIC_BASE_URL = claude.url
        with fail_statement(statement):
            failed = ask(member_client, "How much protein today?")
        retried = ask(member_client, "How much protein today?")

    assert failed.status_code == 503
    assert failed.json() == {"detail": UNAVAILABLE}
    assert retried.status_code == 200 and retried.json()["cached"] is False
    usage = AIUsage.objects.get(member=member)
    assert usage.used == 4  # 3 before, plus the retried answer only
    assert (usage.input_tokens, usage.output_tokens) == (claude.input_tokens, claude.output_tokens)
    assert ChatMessage.objects.filter(member=member).count() == 1
    assert AIResponseCache.objects.count() == 1
