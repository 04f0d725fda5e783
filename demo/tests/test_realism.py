"""The seeded members look like a real gym to a coach: a minority needs attention, weekly
compliance varies from member to member, today is clean and the audit agrees."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.core.management import call_command

from accounts.models import Gym
from challenges.models import PointEntry
from challenges.selectors import discrepancies
from coaching.selectors import member as member_selectors
from coaching.selectors.dashboard import StaffScope, dashboard_page
from demo.personas import PERSONAS, deal
from gymintel.clock import gym_today
from members.models import CheckIn, DailyLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def gyms():
    call_command(
        "seed_demo", gyms=2, members_per_gym=40, coaches_per_gym=2, days=30, seed=11, verbosity=0
    )
    return list(Gym.objects.order_by("pk"))


def test_a_minority_of_each_gym_needs_attention_on_the_coach_dashboard(gyms):
    for gym in gyms:
        scope = StaffScope(gym_id=gym.pk, gym_tz=gym.timezone)
        rows = dashboard_page(scope=scope, page_size=500).rows
        share = sum(row["needs_attention"] for row in rows) / len(rows)
        assert len(rows) == 40
        assert 0.1 <= share <= 0.4, f"{gym.name}: {share:.0%} need attention"


def test_weekly_compliance_spreads_from_none_to_most_days(gyms):
    calories = Counter()
    for gym in gyms:
        today = gym_today(gym.timezone)
        for member in gym.members.all():
            totals = member_selectors.daily_totals(member_id=member.pk, until=today, days=8)
            week = member_selectors.compliance(
                totals,
                days=7,
                calorie_target=member.calorie_target,
                protein_target=member.protein_target,
            )
            calories[week.calories] += 1
    assert len(calories) >= 5, calories
    assert sum(n for days, n in calories.items() if days >= 5) >= 40, calories  # most on track
    assert sum(n for days, n in calories.items() if days <= 2) >= 8, calories  # some are not


def test_targets_vary_from_member_to_member(gyms):
    targets = {(m.calorie_target, m.protein_target) for g in gyms for m in g.members.all()}
    assert len(targets) > 20
    assert all(1600 <= kcal <= 2800 for kcal, _ in targets)


def test_nothing_is_dated_today_and_the_ledger_agrees_with_the_standings(gyms):
    for gym in gyms:
        today = gym_today(gym.timezone)
        assert not DailyLog.objects.filter(member__gym=gym, date__gte=today).exists()
        assert not CheckIn.objects.filter(member__gym=gym, date__gte=today).exists()
        assert not PointEntry.objects.filter(
            participant__member__gym=gym, local_date__gte=today
        ).exists()
    participant_ids = PointEntry.objects.values_list("participant_id", flat=True).distinct()
    assert discrepancies(participant_ids=list(participant_ids)) == []


def test_personas_are_dealt_in_their_shares_whatever_the_gym_size():
    for n in (1, 7, 40, 400):
        deck = deal(random.Random(n), n)
        assert len(deck) == n
        for persona in PERSONAS:
            assert abs(deck.count(persona) - persona.share * n) < 1
