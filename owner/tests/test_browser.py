"""The chain owner in a real browser, on a phone and on a laptop: signs in, lands on every
gym side by side, sorts the table from the keyboard, reads the charts, opens a gym's
dashboard read-only; each screen axe-clean. Screenshots go to /tmp/gymintel-owner-*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from accounts.tests.factories import (
    PASSWORD,
    GymFactory,
    MemberFactory,
    OwnerFactory,
    StaffFactory,
)
from coaching.tests.factories import CoachAssignmentFactory
from gymintel.clock import gym_today
from gymintel.tests.browser import (
    LAPTOP,
    PHONE,
    assert_accessible,
    browser_fixture,
    console_errors,
    page_fixture,
)
from members.tests.factories import DailyLogFactory

browser = browser_fixture()
laptop = page_fixture(viewport=LAPTOP)
phone = page_fixture(viewport=PHONE)

pytestmark = [pytest.mark.browser, pytest.mark.serial, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chain():
    """Two gyms: Kreuzberg busy (3 members, 2 logging daily), Shoreditch quiet (2, one log)."""
    owner = OwnerFactory(name="Olive Owner")
    gyms = {}
    for name, tz, people in (
        ("Kreuzberg", "Europe/Berlin", [("Anna Busy", 20), ("Bruno Daily", 14), ("Cem Quiet", 0)]),
        ("Shoreditch", "Europe/London", [("Dora Once", 1), ("Eli Never", 0)]),
    ):
        gym = GymFactory(name=name, timezone=tz)
        coach = StaffFactory(gym=gym, role=Role.COACH, user__name=f"Coach {name}")
        today = gym_today(tz)
        for member_name, active_days in people:
            member = MemberFactory(gym=gym, user__name=member_name)
            CoachAssignmentFactory(member=member, coach=coach)
            for day in range(active_days):
                DailyLogFactory(member=member, date=today - dt.timedelta(days=day))
        gyms[name] = gym
    return owner, gyms


def sign_in(page, live_server, owner) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=email]", owner.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/owner/")


def gym_names(page) -> list[str]:
    return [n.strip() for n in page.locator("#gyms tbody tr td:first-child a").all_inner_texts()]


def test_owner_on_a_laptop_sorts_from_the_keyboard_and_opens_a_gym(live_server, chain, laptop):
    owner, gyms = chain
    errors = console_errors(laptop)
    sign_in(laptop, live_server, owner)
    assert gym_names(laptop) == ["Kreuzberg", "Shoreditch"]
    assert laptop.locator("#gyms thead th").count() == 12  # every column visible as a table
    laptop.screenshot(path="/tmp/gymintel-owner-laptop.png", full_page=True)
    assert_accessible(laptop, what="/owner/ on a laptop")

    # Keyboard only: focus the "Need attention %" header link and press Enter.
    header = laptop.locator("#gyms th a[data-sort='attention_share']")
    header.focus()
    assert laptop.evaluate("document.activeElement.dataset.sort") == "attention_share"
    laptop.keyboard.press("Enter")
    laptop.wait_for_url("**/owner/?sort=-attention_share")
    assert gym_names(laptop) == ["Shoreditch", "Kreuzberg"]  # 100 % before 33 %
    th = laptop.locator("#gyms th[aria-sort='descending'] a")
    assert th.get_attribute("data-sort") == "attention_share"

    charts = laptop.locator("svg.chart")
    assert charts.count() == 3  # members per coach, one per gym
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 60

    laptop.click(f"#gyms a[href='/owner/gyms/{gyms['Kreuzberg'].pk}/']")
    laptop.wait_for_url(f"**/owner/gyms/{gyms['Kreuzberg'].pk}/")
    assert laptop.locator("#dashboard tbody tr").count() == 3
    assert laptop.locator("#dashboard a").count() == 0 or all(
        "/coach/members/" not in (a or "")
        for a in laptop.locator("#dashboard a").evaluate_all("els => els.map(e => e.href)")
    )
    assert "Coach Kreuzberg" in laptop.locator("#coaches").inner_text()
    assert laptop.locator("form[method=post]").count() == 1  # the log-out button only
    laptop.screenshot(path="/tmp/gymintel-owner-gym-laptop.png", full_page=True)
    assert_accessible(laptop, what="a gym's page on a laptop")
    assert errors == []


def test_owner_on_a_phone_reads_every_gym_as_cards(live_server, chain, phone):
    owner, gyms = chain
    errors = console_errors(phone)
    sign_in(phone, live_server, owner)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width} px)"
    assert phone.locator("#gyms thead").is_hidden()  # stacked cards, each figure labelled
    assert phone.locator("nav.sortbar").is_visible()
    phone.screenshot(path="/tmp/gymintel-owner-phone.png", full_page=True)
    assert_accessible(phone, what="/owner/ on a phone")

    phone.locator("nav.sortbar a", has_text="Members per coach").click()
    phone.wait_for_url("**/owner/?sort=-members_per_coach")
    assert gym_names(phone) == ["Kreuzberg", "Shoreditch"]  # 3 a coach, then 2

    phone.goto(f"{live_server.url}/owner/gyms/{gyms['Shoreditch'].pk}/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the gym page scrolls sideways on a phone ({width} px)"
    phone.screenshot(path="/tmp/gymintel-owner-gym-phone.png", full_page=True)
    assert_accessible(phone, what="a gym's page on a phone")
    assert errors == []
