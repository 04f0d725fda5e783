"""manage.py audit_points: finds standings that disagree with the ledger, repairs them."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import F

from challenges.management.commands.audit_points import Command
from challenges.models import Participant
from challenges.tests.conftest import at, log_and_score, standing
from challenges.tests.factories import ChallengeFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def audit(**options) -> str:
    out = StringIO()
    call_command("audit_points", stdout=out, verbosity=0, **options)
    return out.getvalue()


@pytest.fixture
def scored(participant):
    """Two days of history: a streak of 2, 25 points."""
    for day in (DAY - timedelta(days=1), DAY):
        with time_machine.travel(at(day, 9, 0, "Europe/London"), tick=False):
            log_and_score(participant.member_id, day)
            log_and_score(participant.member_id, day, "water")
    return standing(participant)


def test_a_consistent_ledger_passes(scored):
    assert "1 participants match the ledger" in audit()


def test_a_corrupted_total_is_reported_exit_1_and_fix_repairs_it(scored, monkeypatch):
    # The CHECK constraint keeps total = sum of parts, so corruption moves both.
    Participant.objects.filter(pk=scored.pk).update(
        meal_points=F("meal_points") + 100, total_points=F("total_points") + 100
    )
    with pytest.raises(CommandError) as failed:
        audit()
    assert failed.value.returncode == 1
    # What `manage.py audit_points` does; it closes connections at the end, which would
    # close this test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "audit_points", "--verbosity", "0"])
    assert exited.value.code == 1

    out = audit(fix=True)
    assert f"participant {scored.pk} " in out
    assert "meal_points 110 -> 10" in out and "total_points 124 -> 24" in out
    assert "1 repaired" in out
    p = standing(scored)
    assert (p.meal_points, p.total_points) == (10, 24)
    assert "match the ledger" in audit()


def test_a_wrong_streak_and_last_active_day_are_repaired(scored):
    Participant.objects.filter(pk=scored.pk).update(current_streak=9, last_active_date=None)
    out = audit(fix=True)
    assert "current_streak 9 -> 2" in out
    assert "last_active_date None -> 2026-03-10" in out
    p = standing(scored)
    assert (p.current_streak, p.last_active_date) == (2, DAY)


def test_challenge_option_audits_that_challenge_only(scored):
    other = ParticipantFactory(challenge=ChallengeFactory(gym=scored.challenge.gym))
    Participant.objects.filter(pk=other.pk).update(current_streak=3)
    assert "1 participants match" in audit(challenge=scored.challenge_id)
    with pytest.raises(CommandError):
        audit(challenge=other.challenge_id)
    with pytest.raises(CommandError, match="No challenge with id"):
        audit(challenge=999_999)


def test_queries_grow_with_batches_not_participants(challenge, django_assert_max_num_queries):
    participants = ParticipantFactory.create_batch(45, challenge=challenge)
    Participant.objects.filter(pk=participants[-1].pk).update(current_streak=4)
    # 1 challenge exists, 1 count, then per batch of 20 (3 batches, +1 empty id page):
    # the ids page, SAVEPOINT/RELEASE around the snapshot, standings, ledger sums,
    # live streak days.
    with (
        django_assert_max_num_queries(2 + 3 * 6 + 1),
        pytest.raises(CommandError, match="1 of 45 participants differ"),
    ):
        audit(challenge=challenge.pk, batch_size=20)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_audit_reads_one_snapshot_and_still_finds_corruption(scored):
    """The command's own transaction sets REPEATABLE READ first (not possible when nested,
    as in the tests above); a corrupted streak is found the same."""
    Participant.objects.filter(pk=scored.pk).update(current_streak=7)
    with pytest.raises(CommandError, match="1 of 1 participants differ"):
        audit()
