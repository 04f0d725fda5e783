"""seed_demo creates the contract's identities, timezones and a clean today."""

from collections import Counter
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from accounts.identity import identity_for
from accounts.models import Gym, Member, Staff, User
from challenges.models import Participant, PointEntry
from challenges.tests.conftest import log_and_score
from coaching.models import CoachAssignment
from gymintel.clock import gym_today
from members.models import CheckIn, DailyLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command(
        "seed_demo", gyms=3, members_per_gym=6, coaches_per_gym=2, days=10, seed=7, verbosity=0
    )


def test_identities_and_round_robin_coaches(seeded):
    assert User.objects.filter(email="admin2@demo.gym", staff__role="admin").exists()
    assert User.objects.filter(email="coach3-2@demo.gym", staff__role="coach").exists()
    first_gym = Gym.objects.order_by("id").first()
    assert Member.objects.filter(user__email="member1-6@demo.gym", gym=first_gym).exists()
    assert User.objects.get(email="member1-1@demo.gym").check_password("demo-pass-123")
    coach1 = Staff.objects.get(user__email="coach1-1@demo.gym")
    coached = CoachAssignment.objects.filter(coach=coach1).values_list(
        "member__user__email", flat=True
    )
    assert sorted(coached) == ["member1-1@demo.gym", "member1-3@demo.gym", "member1-5@demo.gym"]
    assert Member.objects.values("subscription_status").distinct().count() > 1


def test_the_chain_owner_belongs_to_no_gym(seeded):
    owner = User.objects.get(email="owner@demo.gym")
    assert owner.is_owner and owner.check_password("demo-pass-123")
    assert owner.gym_roles() == ""
    assert identity_for(owner.pk).is_owner


def test_three_gyms_span_three_utc_offsets(seeded):
    now = datetime.now().astimezone()
    offsets = {
        now.astimezone(ZoneInfo(g.timezone)).utcoffset() for g in Gym.objects.order_by("id")[:3]
    }
    assert len(offsets) == 3


def test_history_ends_yesterday_gym_local(seeded):
    for gym in Gym.objects.all():
        today = gym_today(gym.timezone)
        logs = DailyLog.objects.filter(member__gym=gym)
        assert logs.exists()
        assert not logs.filter(date__gte=today).exists()
        assert not CheckIn.objects.filter(member__gym=gym, date__gte=today).exists()


def test_standings_match_the_ledger(seeded):
    for p in Participant.objects.all():
        by_kind = dict(
            PointEntry.objects.filter(participant=p).values_list("kind").annotate(Sum("points"))
        )
        assert p.total_points == sum(by_kind.values())
        assert p.streak_points == by_kind.get("streak", 0)
        assert p.meal_points == by_kind.get("meal", 0)
    # Caps hold in the seeded history: at most 3 scored meals a day.
    per_day = Counter(
        PointEntry.objects.filter(kind="meal").values_list("participant_id", "local_date")
    )
    assert max(per_day.values()) <= 3


def test_every_member_joined_the_gym_challenge(seeded):
    assert Participant.objects.count() == Member.objects.count() == 18


def test_refuses_to_seed_twice_but_if_empty_is_quiet(seeded):
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
    call_command("seed_demo", if_empty=True, verbosity=0)
    assert Gym.objects.count() == 3


def test_the_seeded_history_agrees_with_the_audit_and_live_scoring_keeps_it_so():
    def audit() -> str:
        out = StringIO()
        call_command("audit_points", stdout=out, verbosity=0)
        return out.getvalue()

    call_command("seed_demo", gyms=2, members_per_gym=8, days=12, seed=3, verbosity=0)
    assert "16 participants match the ledger" in audit()
    participant = Participant.objects.select_related("challenge__gym").first()
    today = gym_today(participant.challenge.gym.timezone)
    log_and_score(participant.member_id, today)
    log_and_score(participant.member_id, today, "training")
    assert "16 participants match the ledger" in audit()
