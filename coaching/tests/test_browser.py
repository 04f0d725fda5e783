"""A coach in a real browser: logs in, reads the dashboard, sorts it, opens a member and
sees the charts. Debian's Chromium driven by Playwright against the live test server."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, GymFactory, MemberFactory, StaffFactory
from coaching.tests.factories import CoachAssignmentFactory
from gymintel.clock import gym_today
from gymintel.tests.browser import LAPTOP, browser_fixture, page_fixture
from members.tests.factories import CheckInFactory, DailyLogFactory

browser = browser_fixture()
page = page_fixture(viewport=LAPTOP)

pytestmark = [pytest.mark.browser, pytest.mark.serial, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coached_gym():
    gym = GymFactory(name="Kreuzberg", timezone="Europe/Berlin")
    coach = StaffFactory(gym=gym, role=Role.COACH, user__name="Coach Lena")
    today = gym_today(gym.timezone)
    members = {}
    for name, active_days in [("Anna Busy", 20), ("Bruno Quiet", 2), ("Carla Steady", 12)]:
        member = MemberFactory(gym=gym, user__name=name, calorie_target=2000)
        CoachAssignmentFactory(member=member, coach=coach)
        for day in range(active_days):
            DailyLogFactory(
                member=member,
                date=today - dt.timedelta(days=day),
                type="meal",
                estimated_calories=1800 + 20 * day,
                estimated_protein=Decimal("90.0"),
            )
        for week in range(3):
            CheckInFactory(
                member=member, date=today - dt.timedelta(days=7 * week), weight=Decimal(80 + week)
            )
        members[name] = member
    return coach, members


def test_coach_logs_in_sorts_the_dashboard_and_reads_a_members_charts(
    live_server, coached_gym, page
):
    coach, members = coached_gym
    # The pages' Content-Security-Policy allows no inline script or style: Chromium
    # reports anything it blocks on the console.
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=email]", coach.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    page.wait_for_url("**/coach/")
    rows = page.locator("#dashboard tbody tr")
    assert rows.count() == 3
    names = [n.strip() for n in page.locator("#dashboard tbody tr .who .name").all_inner_texts()]
    assert names == ["Anna Busy", "Bruno Quiet", "Carla Steady"]  # by name
    quiet_row = page.locator(f"tr[data-member='{members['Bruno Quiet'].pk}']")
    assert "needs attention" in quiet_row.inner_text()

    page.click("#dashboard th a[data-sort='active_days']")
    page.wait_for_url("**/coach/?sort=-active_days")
    names = [n.strip() for n in page.locator("#dashboard tbody tr .who .name").all_inner_texts()]
    assert names == ["Anna Busy", "Carla Steady", "Bruno Quiet"]  # most active first

    page.click("text=Carla Steady")
    page.wait_for_url(f"**/coach/members/{members['Carla Steady'].pk}/")
    charts = page.locator("svg.chart")
    assert charts.count() == 4
    for i in range(4):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 60
    calories = page.locator("svg.chart[aria-label^='Calories'] rect.bar")
    assert calories.count() == 12  # one bar per day with meals
    assert page.locator("svg.chart polyline.line").is_visible()  # the weight trend
    assert page.locator("svg.calendar rect.on-target").count() > 0
    assert blocked == []
