"""The dashboard's numbers against figures worked out by hand.

Two gyms on either side of UTC, each seen at an instant when its local date differs from
UTC's, so a selector that used the server's date (or UTC's) would get other weeks:

- Los Angeles at 2025-06-16 03:00 UTC: local Sunday 15 June 20:00. Week 9..15 June,
  30-day window 17 May..15 June, last 7 days 9..15 June, "quiet" means nothing 13..15 June.
- Auckland at 2025-06-15 20:00 UTC: local Monday 16 June 08:00. Week = 16 June alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from accounts.identity import identity_for
from accounts.roles import Role
from accounts.tests.factories import GymFactory, MemberFactory, StaffFactory
from coaching.selectors.dashboard import StaffScope, dashboard_page
from coaching.tests.factories import CoachAssignmentFactory
from members.tests.factories import CheckInFactory, DailyLogFactory

pytestmark = pytest.mark.django_db

LA_NOW = dt.datetime(2025, 6, 16, 3, 0, tzinfo=dt.UTC)
AKL_NOW = dt.datetime(2025, 6, 15, 20, 0, tzinfo=dt.UTC)
D = dt.date


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def meal(member, date, calories, protein):
    protein = None if protein is None else Decimal(protein)
    return DailyLogFactory(
        member=member,
        date=date,
        type="meal",
        estimated_calories=calories,
        estimated_protein=protein,
    )


def other(member, date, kind):
    return DailyLogFactory(
        member=member, date=date, type=kind, estimated_calories=None, estimated_protein=None
    )


@pytest.fixture
def la():
    """A Los Angeles gym: one coach with six assigned members, one unassigned, one closed."""
    gym = GymFactory(name="Venice", timezone="America/Los_Angeles")
    coach = StaffFactory(gym=gym, role=Role.COACH)
    admin = StaffFactory(gym=gym, role=Role.ADMIN)
    people = {}
    for name in ("ana", "ben", "cara", "dan", "eve", "fay", "closed"):
        people[name] = MemberFactory(gym=gym, user__name=name)
        CoachAssignmentFactory(member=people[name], coach=coach)
    people["closed"].user.is_active = False
    people["closed"].user.save()
    people["gus"] = MemberFactory(gym=gym, user__name="gus")  # nobody's member

    ana = people["ana"]
    meal(ana, D(2025, 6, 8), 1000, "10.0")  # Sunday of last week: not this week
    meal(ana, D(2025, 6, 9), 500, "30.0")
    meal(ana, D(2025, 6, 9), 700, "40.0")  # same day: one day of 1,200 kcal
    meal(ana, D(2025, 6, 12), 900, "50.0")
    meal(ana, D(2025, 6, 14), None, "20.0")  # protein estimate only
    other(ana, D(2025, 6, 15), "training")
    other(ana, D(2025, 6, 16), "water")  # dated tomorrow in LA: counts nowhere yet
    for date, weight in [
        (D(2025, 5, 11), "90.0"),
        (D(2025, 5, 18), "89.5"),
        (D(2025, 5, 25), "89.0"),
        (D(2025, 6, 1), "88.4"),
        (D(2025, 6, 8), "88.0"),
    ]:
        CheckInFactory(member=ana, date=date, weight=Decimal(weight))

    for date in days(D(2025, 5, 27), D(2025, 6, 15)):  # 20 days, the last 7 all active
        other(people["ben"], date, "water")
    for date in [*days(D(2025, 5, 17), D(2025, 6, 5)), D(2025, 6, 13)]:  # 21 days, 1 recent
        other(people["cara"], date, "training")
    for date in [*days(D(2025, 5, 20), D(2025, 5, 29)), *days(D(2025, 6, 9), D(2025, 6, 12))]:
        other(people["dan"], date, "water")  # 14 days, last on the 12th (3 days ago)
    for date in [*days(D(2025, 5, 20), D(2025, 5, 29)), *days(D(2025, 6, 9), D(2025, 6, 13))]:
        other(people["eve"], date, "water")  # 15 days, last on the 13th (2 days ago)
    other(people["gus"], D(2025, 6, 15), "water")
    other(people["closed"], D(2025, 6, 15), "water")
    return {"gym": gym, "coach": coach, "admin": admin, **people}


def rows_for(staff, **options):
    scope = StaffScope.of(identity_for(staff.user_id))
    page = dashboard_page(scope=scope, page_size=100, **options)
    return {row["member"]["name"]: row for row in page.rows}, page


@time_machine.travel(LA_NOW, tick=False)
def test_a_member_with_meals_checkins_and_a_log_dated_tomorrow(la):
    rows, _ = rows_for(la["coach"])
    assert rows["ana"] == {
        "member": {"id": la["ana"].pk, "name": "ana", "avatar_url": None},
        # Meals on the 9th (two), 12th, 14th; training on the 15th; the 8th was last week.
        "logs_this_week": {"meal": 4, "training": 1, "water": 0},
        # (500 + 700 + 900) over the 2 days with calorie estimates (9th, 12th).
        "calories_avg_this_week": 1050,
        # (30 + 40 + 50 + 20) over the 3 days with protein estimates = 46.67.
        "protein_avg_this_week": 46.7,
        # 8th, 9th, 12th, 14th, 15th; the water dated the 16th is tomorrow.
        "active_days_30": 5,
        "last_log_date": "2025-06-15",
        "recent_weights": [
            {"weight": 88.0, "date": "2025-06-08"},
            {"weight": 88.4, "date": "2025-06-01"},
            {"weight": 89.0, "date": "2025-05-25"},
            {"weight": 89.5, "date": "2025-05-18"},
        ],
        "needs_attention": True,  # 5 active days of 30
    }


@time_machine.travel(LA_NOW, tick=False)
def test_a_steady_member_without_meals_or_checkins(la):
    rows, _ = rows_for(la["coach"])
    assert rows["ben"]["logs_this_week"] == {"meal": 0, "training": 0, "water": 7}
    assert rows["ben"]["calories_avg_this_week"] is None
    assert rows["ben"]["protein_avg_this_week"] is None
    assert rows["ben"]["active_days_30"] == 20
    assert rows["ben"]["recent_weights"] == []
    assert rows["ben"]["needs_attention"] is False


@time_machine.travel(LA_NOW, tick=False)
def test_a_member_with_no_logs_at_all(la):
    rows, _ = rows_for(la["coach"])
    assert rows["fay"] == {
        "member": {"id": la["fay"].pk, "name": "fay", "avatar_url": None},
        "logs_this_week": {"meal": 0, "training": 0, "water": 0},
        "calories_avg_this_week": None,
        "protein_avg_this_week": None,
        "active_days_30": 0,
        "last_log_date": None,
        "recent_weights": [],
        "needs_attention": True,
    }


@time_machine.travel(LA_NOW, tick=False)
def test_needs_attention_rules_and_their_boundaries(la):
    rows, _ = rows_for(la["coach"])
    # cara: 21 active days of 30 (share 0.70) but 1 of the last 7 (0.14 <= 0.8 * 0.70).
    assert (rows["cara"]["active_days_30"], rows["cara"]["last_log_date"]) == (21, "2025-06-13")
    assert rows["cara"]["needs_attention"] is True
    # dan: last log 3 days ago (the 12th); 14 active days; 4 of 7 is no drop (0.57 > 0.37).
    assert (rows["dan"]["active_days_30"], rows["dan"]["last_log_date"]) == (14, "2025-06-12")
    assert rows["dan"]["needs_attention"] is True
    # eve: the same plus the 13th (2 days ago): nothing to worry about.
    assert (rows["eve"]["active_days_30"], rows["eve"]["last_log_date"]) == (15, "2025-06-13")
    assert rows["eve"]["needs_attention"] is False


@time_machine.travel(LA_NOW, tick=False)
def test_coach_sees_assigned_active_members_and_admin_the_whole_gym(la):
    coach_rows, coach_page = rows_for(la["coach"])
    assert set(coach_rows) == {"ana", "ben", "cara", "dan", "eve", "fay"}
    assert coach_page.count == 6
    admin_rows, admin_page = rows_for(la["admin"])
    assert set(admin_rows) == {"ana", "ben", "cara", "dan", "eve", "fay", "gus"}
    assert admin_page.count == 7


@time_machine.travel(LA_NOW, tick=False)
def test_filter_and_sorts(la):
    rows, page = rows_for(la["coach"], needs_attention=True)
    assert set(rows) == {"ana", "cara", "dan", "fay"}
    assert page.count == 4

    def order(sort):
        return [r["member"]["name"] for r in rows_for(la["coach"], sort=sort)[1].rows]

    assert order("name") == ["ana", "ben", "cara", "dan", "eve", "fay"]
    assert order("-name") == ["fay", "eve", "dan", "cara", "ben", "ana"]
    # Most recent first; never-logged last. Ties (ana, ben on the 15th) by name.
    assert order("-last_log") == ["ana", "ben", "cara", "eve", "dan", "fay"]
    assert order("last_log") == ["fay", "dan", "cara", "eve", "ana", "ben"]
    assert order("-active_days") == ["cara", "ben", "eve", "dan", "ana", "fay"]


@time_machine.travel(AKL_NOW, tick=False)
def test_auckland_week_starts_on_its_own_monday():
    gym = GymFactory(name="Ponsonby", timezone="Pacific/Auckland")
    admin = StaffFactory(gym=gym, role=Role.ADMIN)
    kim = MemberFactory(gym=gym, user__name="kim")
    meal(kim, D(2025, 6, 15), 600, "40.0")  # Sunday: last week in Auckland (UTC's "today")
    meal(kim, D(2025, 6, 16), 800, "50.0")  # Monday 16th: Auckland's today
    other(kim, D(2025, 6, 16), "training")
    rows, _ = rows_for(admin)
    assert rows["kim"]["logs_this_week"] == {"meal": 1, "training": 1, "water": 0}
    assert rows["kim"]["calories_avg_this_week"] == 800
    assert rows["kim"]["protein_avg_this_week"] == 50.0
    assert rows["kim"]["active_days_30"] == 2
    assert rows["kim"]["last_log_date"] == "2025-06-16"


@time_machine.travel(LA_NOW, tick=False)
def test_a_log_older_than_thirty_days_still_gives_the_last_log_date(la):
    old = MemberFactory(gym=la["gym"], user__name="old")
    CoachAssignmentFactory(member=old, coach=la["coach"])
    other(old, D(2025, 4, 1), "water")
    rows, _ = rows_for(la["coach"])
    assert rows["old"]["last_log_date"] == "2025-04-01"
    assert rows["old"]["active_days_30"] == 0
    assert rows["old"]["needs_attention"] is True
