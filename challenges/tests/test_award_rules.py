"""decide_award, the pure scoring decision: caps, the window, today only, streaks, the bonus."""

from __future__ import annotations

from datetime import date, timedelta

from challenges.rules import NO_AWARD, Award, Rules, decide_award

DAY = date(2026, 3, 10)
YESTERDAY = DAY - timedelta(days=1)
DEFAULT = Rules(
    points={"meal": 5, "training": 10, "water": 2, "checkin": 15},
    caps={"meal": 3, "training": 2, "water": 1, "checkin": 1},
    streak_bonus=5,
)


def decide(**overrides) -> Award:
    """A meal dated today, in a wide window, first of the day, no previous activity."""
    args = {
        "rules": DEFAULT,
        "kind": "meal",
        "day": DAY,
        "today": DAY,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
        "scored_that_day": 0,
        "day_is_active": False,
        "last_active": None,
        "streak": 0,
    }
    return decide_award(**(args | overrides))


def test_the_first_action_of_a_day_earns_its_points_and_starts_an_active_day():
    assert decide() == Award(
        scores=True, points=5, starts_active_day=True, streak=1, streak_bonus=5
    )
    assert decide().total == 10


def test_each_kind_scores_until_its_cap_then_nothing():
    assert decide(scored_that_day=2, day_is_active=True).points == 5
    assert decide(scored_that_day=3, day_is_active=True) == NO_AWARD
    assert decide(kind="water", scored_that_day=1, day_is_active=True) == NO_AWARD
    assert decide(kind="training", scored_that_day=1, day_is_active=True).points == 10


def test_only_actions_dated_today_score():
    assert decide(day=YESTERDAY) == NO_AWARD
    assert decide(day=DAY + timedelta(days=1)) == NO_AWARD


def test_the_window_includes_both_edges_and_nothing_outside():
    assert decide(starts_on=DAY, ends_on=DAY).scores
    assert decide(starts_on=DAY + timedelta(days=1)) == NO_AWARD
    assert decide(ends_on=YESTERDAY) == NO_AWARD


def test_the_bonus_is_paid_once_per_day():
    second = decide(scored_that_day=1, day_is_active=True, last_active=DAY, streak=4)
    assert second == Award(scores=True, points=5, streak=4)
    other_kind = decide(kind="water", day_is_active=True, last_active=DAY, streak=4)
    assert (other_kind.starts_active_day, other_kind.streak_bonus) == (False, 0)


def test_a_day_after_an_active_day_continues_the_streak():
    award = decide(last_active=YESTERDAY, streak=6)
    assert (award.starts_active_day, award.streak, award.streak_bonus) == (True, 7, 5)


def test_a_gap_resets_the_streak_to_one():
    assert decide(last_active=DAY - timedelta(days=2), streak=6).streak == 1


def test_a_kind_worth_nothing_still_scores_for_the_cap_and_the_active_day():
    rules = Rules(points={**DEFAULT.points, "water": 0}, caps=DEFAULT.caps, streak_bonus=0)
    award = decide(rules=rules, kind="water")
    assert award == Award(scores=True, points=0, starts_active_day=True, streak=1)
