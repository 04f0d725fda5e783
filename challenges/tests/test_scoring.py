"""Scoring rules, one request at a time: caps, streaks, the gym's today, reversals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from accounts.tests.factories import GymFactory, MemberFactory
from challenges.models import PointEntry
from challenges.selectors import points_for_source
from challenges.services import unscore_log
from challenges.tests.conftest import at, checkin_and_score, log_and_score, standing
from challenges.tests.factories import ChallengeFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

LONDON = "Europe/London"
DAY = date(2026, 3, 10)


def live_sources(participant) -> list[tuple[str, int]]:
    return list(
        PointEntry.objects.filter(
            participant=participant, reverses__isnull=True, reversed_at__isnull=True
        ).values_list("source", "points")
    )


def test_first_meal_of_the_day_earns_its_points_and_the_streak_bonus(participant):
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        log, points = log_and_score(participant.member_id, DAY)
    assert points == 5 + 5
    p = standing(participant)
    assert (p.meal_points, p.streak_points, p.total_points) == (5, 5, 10)
    assert (p.current_streak, p.last_active_date) == (1, DAY)
    assert sorted(live_sources(p)) == [(f"log:{log.pk}", 5), ("streak:2026-03-10", 5)]


def test_each_kind_stops_scoring_at_its_daily_cap(participant):
    member_id = participant.member_id
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        meals = [log_and_score(member_id, DAY)[1] for _ in range(4)]
        training = [log_and_score(member_id, DAY, "training")[1] for _ in range(3)]
        water = [log_and_score(member_id, DAY, "water")[1] for _ in range(2)]
        checkins = [checkin_and_score(member_id, DAY)[1] for _ in range(2)]
    assert meals == [10, 5, 5, 0]  # the first carries the day's bonus
    assert training == [10, 10, 0]
    assert water == [2, 0]
    assert checkins == [15, 0]
    p = standing(participant)
    assert (p.meal_points, p.training_points, p.water_points, p.checkin_points) == (15, 20, 2, 15)
    assert p.streak_points == 5
    assert p.total_points == 15 + 20 + 2 + 15 + 5


def test_backdated_and_future_logs_are_kept_and_score_nothing(participant):
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        old, old_points = log_and_score(participant.member_id, DAY - timedelta(days=1))
        future, future_points = log_and_score(participant.member_id, DAY + timedelta(days=1))
    assert (old_points, future_points) == (0, 0)
    assert old.pk and future.pk  # both stay recorded
    p = standing(participant)
    assert (p.total_points, p.current_streak, p.last_active_date) == (0, 0, None)
    assert not PointEntry.objects.exists()


def test_a_streak_continues_across_gym_local_midnight_and_breaks_after_a_missed_day(participant):
    member_id = participant.member_id
    d1, d2, d4 = DAY, DAY + timedelta(days=1), DAY + timedelta(days=3)
    with time_machine.travel(at(d1, 23, 59, LONDON), tick=False):
        assert log_and_score(member_id, d1)[1] == 10
    with time_machine.travel(at(d2, 0, 1, LONDON), tick=False):
        assert log_and_score(member_id, d2)[1] == 10
    p = standing(participant)
    assert (p.current_streak, p.last_active_date) == (2, d2)
    # Day 3 missed; day 4 starts a new streak (the bonus is still paid: it is per day).
    with time_machine.travel(at(d4, 8, 0, LONDON), tick=False):
        assert log_and_score(member_id, d4)[1] == 10
    p = standing(participant)
    assert (p.current_streak, p.last_active_date, p.streak_points) == (1, d4, 15)


def test_a_gym_at_utc_plus_11_and_one_at_utc_minus_8_have_different_todays():
    sydney = ParticipantFactory(challenge__gym=GymFactory(timezone="Australia/Sydney"))
    los_angeles = ParticipantFactory(challenge__gym=GymFactory(timezone="America/Los_Angeles"))
    for p in (sydney, los_angeles):
        p.challenge.starts_on, p.challenge.ends_on = date(2026, 1, 1), date(2026, 2, 1)
        p.challenge.save()
    # 14:00 UTC on 15 January: 01:00 on the 16th in Sydney (UTC+11), 06:00 on the 15th
    # in Los Angeles (UTC-8).
    jan15, jan16 = date(2026, 1, 15), date(2026, 1, 16)
    with time_machine.travel(at(jan15, 14, 0, "UTC"), tick=False):
        assert log_and_score(sydney.member_id, jan16)[1] == 10
        assert log_and_score(sydney.member_id, jan15)[1] == 0  # yesterday, in Sydney
        assert log_and_score(los_angeles.member_id, jan16)[1] == 0  # tomorrow, in LA
        assert log_and_score(los_angeles.member_id, jan15)[1] == 10
    assert standing(sydney).last_active_date == jan16
    assert standing(los_angeles).last_active_date == jan15


def test_actions_outside_the_window_or_without_joining_score_nothing(gym, member):
    ended = ChallengeFactory(
        gym=gym, starts_on=DAY - timedelta(days=30), ends_on=DAY - timedelta(1)
    )
    ParticipantFactory(challenge=ended, member=member)
    ChallengeFactory(gym=gym, starts_on=DAY - timedelta(days=1), ends_on=DAY + timedelta(days=9))
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        assert log_and_score(member.pk, DAY)[1] == 0
    assert not PointEntry.objects.exists()


def test_an_action_scores_in_every_running_challenge_the_member_joined(participant):
    second = ChallengeFactory(
        gym=participant.challenge.gym, starts_on=DAY, ends_on=DAY, points_meal=7, streak_bonus=1
    )
    other = ParticipantFactory(challenge=second, member=participant.member)
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        log, points = log_and_score(participant.member_id, DAY)
    assert points == (5 + 5) + (7 + 1)
    assert standing(other).total_points == 8
    assert points_for_source(member_id=participant.member_id, source=f"log:{log.pk}") == 18


def test_deleting_the_days_only_scored_log_takes_back_points_and_bonus_once(participant):
    member_id = participant.member_id
    yesterday = DAY - timedelta(days=1)
    with time_machine.travel(at(yesterday, 9, 0, LONDON), tick=False):
        log_and_score(member_id, yesterday)
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        log, _ = log_and_score(member_id, DAY)
        assert (standing(participant).current_streak, participant.total_points) == (2, 20)
        assert unscore_log(log=log) == 10
        assert unscore_log(log=log) == 0  # a retried delete changes nothing
    p = standing(participant)
    assert (p.meal_points, p.streak_points, p.total_points) == (5, 5, 10)
    assert (p.current_streak, p.last_active_date) == (1, yesterday)
    reversals = PointEntry.objects.filter(reverses__isnull=False)
    assert sorted(reversals.values_list("source", "points")) == [
        (f"log:{log.pk}", -5),
        ("streak:2026-03-10", -5),
    ]
    assert points_for_source(member_id=member_id, source=f"log:{log.pk}") == 0


def test_a_day_with_another_scored_action_keeps_its_bonus(participant):
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        first, _ = log_and_score(participant.member_id, DAY)
        log_and_score(participant.member_id, DAY, "water")
        assert unscore_log(log=first) == 5
    p = standing(participant)
    assert (p.meal_points, p.water_points, p.streak_points, p.total_points) == (0, 2, 5, 7)
    assert (p.current_streak, p.last_active_date) == (1, DAY)


def test_deleting_a_past_days_only_log_breaks_the_streak_through_it(participant):
    member_id = participant.member_id
    logs = []
    for offset in (2, 1, 0):
        day = DAY - timedelta(days=offset)
        with time_machine.travel(at(day, 9, 0, LONDON), tick=False):
            logs.append(log_and_score(member_id, day)[0])
    assert standing(participant).current_streak == 3
    with time_machine.travel(at(DAY, 10, 0, LONDON), tick=False):
        assert unscore_log(log=logs[1]) == 10  # yesterday's meal and yesterday's bonus
    p = standing(participant)
    assert (p.current_streak, p.last_active_date, p.streak_points, p.total_points) == (
        1,
        DAY,
        10,
        20,
    )


def test_a_slot_freed_by_a_delete_can_be_used_again_the_same_day(participant):
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        water, _ = log_and_score(participant.member_id, DAY, "water")
        unscore_log(log=water)
        _, points = log_and_score(participant.member_id, DAY, "water")
    assert points == 2 + 5  # the day had lost its bonus with the only action; earned again
    p = standing(participant)
    assert (p.water_points, p.streak_points, p.total_points, p.current_streak) == (2, 5, 7, 1)


def test_points_for_source_reports_what_each_log_earned(participant):
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        first, _ = log_and_score(participant.member_id, DAY)
        second, _ = log_and_score(participant.member_id, DAY)
    assert points_for_source(member_id=participant.member_id, source=f"log:{first.pk}") == 10
    assert points_for_source(member_id=participant.member_id, source=f"log:{second.pk}") == 5
    with time_machine.travel(at(DAY, 9, 30, LONDON), tick=False):
        unscore_log(log=first)  # the day keeps its bonus (the second meal still scores)
    assert points_for_source(member_id=participant.member_id, source=f"log:{second.pk}") == 5
    stranger = MemberFactory(gym=participant.member.gym)
    assert points_for_source(member_id=stranger.pk, source=f"log:{first.pk}") == 0


def test_rules_edited_mid_challenge_apply_to_new_actions_only(participant):
    challenge = participant.challenge
    with time_machine.travel(at(DAY, 9, 0, LONDON), tick=False):
        log_and_score(participant.member_id, DAY)
        challenge.points_meal, challenge.cap_meal = 20, 2
        challenge.save()
        assert log_and_score(participant.member_id, DAY)[1] == 20
        assert log_and_score(participant.member_id, DAY)[1] == 0  # the new cap of 2
    p = standing(participant)
    assert (p.meal_points, p.total_points) == (25, 30)
