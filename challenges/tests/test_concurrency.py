"""Races, with real threads on PostgreSQL: no award beyond the rules, none lost."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import transaction

from challenges.models import Participant, PointEntry
from challenges.selectors import ledger_standings
from challenges.services import challenge_join, unscore_log
from challenges.tests.conftest import at, log_and_score, run_in_threads, standing
from challenges.tests.factories import ParticipantFactory
from members.models import DailyLog

pytestmark = pytest.mark.django_db(transaction=True)

LONDON = "Europe/London"
DAY = date(2026, 3, 10)


def assert_matches_ledger(*participants: Participant) -> None:
    truth = ledger_standings(participant_ids=[p.pk for p in participants])
    for p in participants:
        p.refresh_from_db()
        assert {k: getattr(p, k) for k in truth[p.pk].as_dict()} == truth[p.pk].as_dict()


def test_fifty_concurrent_meal_logs_by_one_member_award_cap_times_points_and_one_bonus(
    participant,
):
    with time_machine.travel(at(DAY, 12, 0, LONDON)):
        awarded = run_in_threads(50, lambda i: log_and_score(participant.member_id, DAY)[1])
    assert DailyLog.objects.filter(member_id=participant.member_id).count() == 50  # all kept
    assert sorted(awarded, reverse=True)[:4] == [10, 5, 5, 0]
    assert sum(awarded) == 3 * 5 + 5
    p = standing(participant)
    assert (p.meal_points, p.streak_points, p.total_points, p.current_streak) == (15, 5, 20, 1)
    assert PointEntry.objects.filter(participant=p, kind="meal").count() == 3
    assert PointEntry.objects.filter(participant=p, kind="streak").count() == 1


def test_concurrent_logs_by_many_members_lose_nothing(challenge):
    participants = [ParticipantFactory(challenge=challenge) for _ in range(30)]

    def member_logs(i: int) -> int:
        member_id = participants[i].member_id
        return sum(log_and_score(member_id, DAY, kind)[1] for kind in ("meal", "training", "water"))

    with time_machine.travel(at(DAY, 12, 0, LONDON)):
        awarded = run_in_threads(len(participants), member_logs)
    assert awarded == [5 + 10 + 2 + 5] * 30
    for p in participants:
        assert standing(p).total_points == 22
    assert_matches_ledger(*participants)


def test_two_requests_at_11_59_pm_gym_local_earn_one_bonus_not_two(participant):
    with time_machine.travel(at(DAY, 23, 59, LONDON, ss=59), tick=False):
        awarded = run_in_threads(2, lambda i: log_and_score(participant.member_id, DAY)[1])
    assert sorted(awarded) == [5, 10]
    p = standing(participant)
    assert (p.meal_points, p.streak_points, p.total_points) == (10, 5, 15)
    assert PointEntry.objects.filter(kind="streak").count() == 1


def test_concurrent_deletes_of_one_log_take_its_points_back_once(participant):
    with time_machine.travel(at(DAY, 9, 0, LONDON)):
        log, _ = log_and_score(participant.member_id, DAY)
        log_and_score(participant.member_id, DAY, "training")

        def delete(i: int) -> int:
            with transaction.atomic():
                return unscore_log(log=log)

        taken = run_in_threads(8, delete)
    assert sorted(taken) == [0] * 7 + [5]
    p = standing(participant)
    assert (p.meal_points, p.training_points, p.streak_points, p.total_points) == (0, 10, 5, 15)
    assert PointEntry.objects.filter(reverses__isnull=False).count() == 1


def test_deletes_racing_new_logs_keep_standings_equal_to_the_ledger(participant):
    with time_machine.travel(at(DAY, 9, 0, LONDON)):
        first = [log_and_score(participant.member_id, DAY, "water")[0]]
        first += [log_and_score(participant.member_id, DAY)[0] for _ in range(3)]

        def work(i: int) -> None:
            if i < len(first):
                with transaction.atomic():
                    unscore_log(log=first[i])
                    first[i].delete()
            else:
                log_and_score(participant.member_id, DAY, ("meal", "training", "water")[i % 3])

        run_in_threads(16, work)
    assert_matches_ledger(participant)
    # Whatever the interleaving, the caps held and the active day kept one bonus.
    p = standing(participant)
    assert p.meal_points <= 15 and p.water_points <= 2 and p.training_points <= 20
    assert p.streak_points == 5


def test_concurrent_joins_make_one_participant(challenge, member):
    results = run_in_threads(10, lambda i: challenge_join(challenge=challenge, member_id=member.pk))
    assert sorted(created for _, created in results) == [False] * 9 + [True]
    assert Participant.objects.filter(challenge=challenge, member=member).count() == 1
