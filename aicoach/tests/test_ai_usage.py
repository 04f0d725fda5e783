"""AI spend per gym: the selector /manage/ can show and `manage.py ai_usage`."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import GymFactory, MemberFactory
from aicoach.models import AIUsage
from aicoach.selectors import ai_usage_by_gym

pytestmark = pytest.mark.django_db


@pytest.fixture
def usage(settings):
    settings.AI_PRICE_INPUT_PER_MTOK = "2.00"
    settings.AI_PRICE_OUTPUT_PER_MTOK = "10.00"
    today = timezone.now().date()
    north, south = GymFactory(name="North"), GymFactory(name="South")
    a, b, c = (MemberFactory(gym=north) for _ in range(3))
    AIUsage.objects.create(member=a, date=today, used=3, input_tokens=600_000, output_tokens=20_000)
    AIUsage.objects.create(member=b, date=today - timedelta(days=2), used=2, input_tokens=400_000)
    AIUsage.objects.create(member=c, date=today, used=0)  # all refunded: not a spender
    AIUsage.objects.create(member=a, date=today - timedelta(days=40), used=9, input_tokens=10**7)
    d = MemberFactory(gym=south)
    AIUsage.objects.create(member=d, date=today, used=1, input_tokens=1000, output_tokens=500)
    return north, south


def test_usage_is_summed_per_gym_in_one_query(usage, django_assert_num_queries):
    north, south = usage
    since = timezone.now().date() - timedelta(days=29)

    # One grouped SELECT over the usage rows joined to members and gyms.
    with django_assert_num_queries(1):
        rows = ai_usage_by_gym(since=since)

    assert rows == [
        {
            "gym_id": north.id,
            "gym_name": "North",
            "members": 2,
            "answers": 5,
            "input_tokens": 1_000_000,
            "output_tokens": 20_000,
            # 1M input x $2/M + 20k output x $10/M
            "estimated_cost_usd": Decimal("2.20"),
        },
        {
            "gym_id": south.id,
            "gym_name": "South",
            "members": 1,
            "answers": 1,
            "input_tokens": 1000,
            "output_tokens": 500,
            "estimated_cost_usd": Decimal("0.01"),
        },
    ]
    assert [r["gym_id"] for r in ai_usage_by_gym(since=since, gym_id=south.id)] == [south.id]


def test_the_command_reports_per_gym_with_a_total(usage):
    north, _ = usage
    out = StringIO()

    call_command("ai_usage", "--days", "7", stdout=out)

    text = out.getvalue()
    assert f"{north.id} North" in text
    assert "2.20" in text and "0.01" in text
    assert text.strip().splitlines()[-1].split()[-1] == "2.21"


def test_the_command_filters_by_gym_and_says_when_there_is_nothing(usage):
    _, south = usage
    only_south, nothing = StringIO(), StringIO()

    call_command("ai_usage", "--gym", str(south.id), stdout=only_south)
    call_command("ai_usage", "--days", "1", "--gym", str(GymFactory().id), stdout=nothing)

    assert f"{south.id} South" in only_south.getvalue()
    assert "North" not in only_south.getvalue()
    assert "(no AI answers in this period)" in nothing.getvalue()
