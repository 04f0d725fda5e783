"""A member in a real browser (Debian's Chromium, Playwright) at phone size (390 x 844) and
at a laptop size: signs in, uses every view, and each action is checked in the database
the API wrote to. axe-core runs on every view; no console error may appear.

One Chromium for the module; each test gets a fresh context (cookies, IndexedDB, service
worker registrations), so no test depends on another's state.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, GymFactory, MemberFactory
from aicoach.models import AIUsage, ChatMessage
from aicoach.tests.fake_anthropic import API_KEY, FakeAnthropicServer
from challenges.models import Participant
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from gymintel.clock import gym_today
from gymintel.tests.browser import (
    LAPTOP,
    PHONE,
    assert_accessible,
    browser_fixture,
    console_errors,
    page_fixture,
)
from media_store.services import replace_image
from members.models import CheckIn, DailyLog
from members.tests.factories import CheckInFactory, DailyLogFactory, SavedMealFactory

pytestmark = [pytest.mark.browser, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

browser = browser_fixture()
phone = page_fixture(viewport=PHONE, has_touch=True, is_mobile=True)
laptop = page_fixture(viewport=LAPTOP)

TZ = "Europe/Berlin"


def jpeg(width: int = 640, height: int = 480, color=(200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fake_claude(settings):
    with FakeAnthropicServer() as fake:
        settings.ANTHROPIC_API_KEY = API_KEY
        settings.ANTHROPIC_BASE_URL = fake.url
        yield fake


@pytest.fixture
def gym():
    gym = GymFactory(name="Kreuzberg Strength", timezone=TZ)
    replace_image(instance=gym, field="logo_key", upload=ContentFile(jpeg(256, 256), "l.jpg"))
    return gym


@pytest.fixture
def member(gym):
    return MemberFactory(
        gym=gym,
        user__name="Mia Member",
        goal="Run 10 km",
        calorie_target=2000,
        protein_target=120,
    )


@pytest.fixture
def challenge(gym, member):
    challenge = ChallengeFactory(gym=gym, name="Winter Push")
    ParticipantFactory(challenge=challenge, member=member)
    return challenge


def today() -> dt.date:
    return gym_today(TZ)


def sign_in(page, live_server, member) -> None:
    page.goto(f"{live_server.url}/app/")
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log water").wait_for()


def open_view(page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()
    page.get_by_role("heading", level=1, name=name).wait_for()
    page.locator("main .loading").wait_for(state="detached")


def outcome(page):
    return page.locator("#outcome")


# --- Sign-in, the shell, security ---------------------------------------------------------


def test_root_lands_in_the_app_and_a_wrong_password_is_explained(live_server, member, phone):
    errors = console_errors(phone)
    response = phone.goto(f"{live_server.url}/")
    assert phone.url == f"{live_server.url}/app/"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp

    staff = phone.get_by_role("link", name="Staff sign-in")
    assert staff.get_attribute("href") == "/accounts/login/"
    assert_accessible(phone, what="the sign-in screen")

    phone.get_by_label("Email").fill(member.user.email)
    phone.get_by_label("Password").fill("not-the-password")
    phone.get_by_role("button", name="Log in").click()
    alert = phone.get_by_role("alert").filter(has_text="incorrect")
    alert.wait_for()
    assert alert.inner_text() == "Email or password is incorrect."
    # The refused sign-in's 401 is the one console line expected here.
    assert [e for e in errors if "401" not in e] == []


def test_sign_in_keeps_the_refresh_token_out_of_reach_and_log_out_ends_it(
    live_server, member, challenge, phone
):
    errors = console_errors(phone)
    sign_in(phone, live_server, member)
    assert phone.url.endswith("/app/today")
    cookies = {c["name"]: c for c in phone.context.cookies()}
    refresh = cookies["gymintel_refresh"]
    assert refresh["httpOnly"] is True and refresh["sameSite"] == "Strict"
    assert refresh["path"] == "/api/auth/app/"
    assert "gymintel_refresh" not in phone.evaluate("document.cookie")
    assert (
        phone.evaluate("JSON.stringify(localStorage) + JSON.stringify(sessionStorage)").find("eyJ")
        == -1
    )  # no token anywhere a script could read it later

    # A reload signs in again from the cookie, without the form.
    phone.reload()
    phone.get_by_role("button", name="Log water").wait_for()

    phone.get_by_role("button", name="Log out").click()
    phone.get_by_role("button", name="Log in").wait_for()
    assert "gymintel_refresh" not in {c["name"] for c in phone.context.cookies()}
    phone.reload()
    phone.get_by_role("button", name="Log in").wait_for()
    assert errors == []


def test_two_tabs_opened_at_once_both_stay_signed_in(live_server, member, challenge, phone):
    errors = console_errors(phone)
    sign_in(phone, live_server, member)
    other = phone.context.new_page()
    errors += console_errors(other)
    refreshes = []

    def slow_first_refresh(route):
        refreshes.append(route.request.headers.get("cookie", ""))
        if len(refreshes) == 1:
            time.sleep(1.5)  # the second tab starts meanwhile
        route.continue_()

    phone.context.route("**/api/auth/app/refresh/", slow_first_refresh)
    # Both tabs load at once and refresh from the one single-use cookie: they take turns,
    # so the second sends the cookie the first one's rotation set.
    phone.evaluate("location.reload()")
    other.goto(f"{live_server.url}/app/today", wait_until="commit")
    for tab in (phone, other):
        tab.get_by_role("button", name="Log water").wait_for()
    assert len(refreshes) == 2 and refreshes[0] != refreshes[1]
    assert errors == []


def test_an_expired_access_token_is_refreshed_once_and_the_call_retried(
    live_server, member, challenge, phone, settings
):
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "ACCESS_TOKEN_LIFETIME": dt.timedelta(seconds=1)}
    errors = console_errors(phone)
    sign_in(phone, live_server, member)
    phone.wait_for_timeout(1500)
    phone.get_by_role("button", name="Log water").click()
    outcome(phone).filter(has_text="Water: +7 points").wait_for()
    assert DailyLog.objects.filter(member=member, type="water").count() == 1
    # The expired token's 401 is logged by the browser before the retry succeeds.
    assert [e for e in errors if "401" not in e] == []


def test_the_service_worker_controls_app_and_the_manifest_installs(live_server, member, phone):
    errors = console_errors(phone)
    phone.goto(f"{live_server.url}/app/")
    scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{live_server.url}/app/"

    href = phone.locator("link[rel=manifest]").get_attribute("href")
    manifest = phone.request.get(f"{live_server.url}{href}")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["name"] and body["display"] == "standalone"
    assert body["start_url"].startswith("/app/")
    sizes = {}
    for icon in body["icons"]:
        image = phone.request.get(f"{live_server.url}{icon['src']}")
        assert image.ok and image.headers["content-type"] == "image/png"
        sizes[icon["sizes"]] = Image.open(io.BytesIO(image.body())).size
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}

    # The shell comes from the cache with the connection gone.
    phone.reload()  # now controlled by the worker
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/app/progress")
    phone.get_by_role("heading", name="You are offline").wait_for()
    phone.context.set_offline(False)
    # The sign-in attempt made offline is the one console line expected.
    assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


# --- Today --------------------------------------------------------------------------------


def test_today_one_tap_logs_meals_shortcuts_delete_and_weigh_in(
    live_server, member, challenge, phone
):
    errors = console_errors(phone)
    SavedMealFactory(member=member, name="Oat bowl", estimated_calories=450)
    sign_in(phone, live_server, member)
    assert_accessible(phone, what="Today")

    # The day's first scoring action also earns the streak bonus (2 + 5).
    phone.get_by_role("button", name="Log water").click()
    outcome(phone).filter(has_text="Water: +7 points").wait_for()
    phone.get_by_role("button", name="Log training").click()
    outcome(phone).filter(has_text="Training: +10 points").wait_for()

    # A second water within minutes: kept, earns nothing (daily cap 1), flagged.
    phone.get_by_role("button", name="Log water").click()
    outcome(phone).filter(has_text="Water: +0 points").wait_for()
    assert "looks like one you logged minutes ago" in phone.locator("#duplicate").inner_text()

    phone.get_by_label("Meal", exact=True).fill("Chicken salad")
    phone.get_by_label("Calories").fill("520")
    phone.get_by_label("Protein (g)").fill("41.5")
    phone.get_by_role("button", name="Save meal").click()
    outcome(phone).filter(has_text="Meal Chicken salad: +5 points").wait_for()
    meal = DailyLog.objects.get(member=member, type="meal", notes="Chicken salad")
    assert (meal.estimated_calories, meal.estimated_protein) == (520, Decimal("41.5"))
    assert meal.date == today()

    phone.get_by_role("button", name="Log Oat bowl").click()
    outcome(phone).filter(has_text="Meal Oat bowl: +5 points").wait_for()
    shortcut = DailyLog.objects.get(member=member, meal__name="Oat bowl")
    phone.get_by_text("Calories: 970 of 2000 kcal").wait_for()

    logs = phone.locator("#today-logs li")
    expect_rows(logs, 5)
    phone.get_by_role("button", name=re.compile(r"^Delete Training")).click()
    expect_rows(logs, 4)
    assert not DailyLog.objects.filter(member=member, type="training").exists()
    assert DailyLog.objects.filter(pk=shortcut.pk).exists()

    phone.get_by_label("Weight (kg)").fill("72.4")
    phone.get_by_role("button", name="Save check-in").click()
    outcome(phone).filter(has_text="Check-in 72.4 kg: +15 points").wait_for()
    assert CheckIn.objects.get(member=member).weight == Decimal("72.4")

    standing = Participant.objects.get(member=member)
    # water 2 + meals 5 + 5 + check-in 15 + streak bonus 5 (training's 10 taken back)
    assert standing.total_points == 32
    assert DailyLog.objects.filter(member=member).count() == 4
    assert errors == []


def expect_rows(locator, n: int) -> None:
    locator.nth(n - 1).wait_for()
    locator.page.wait_for_timeout(100)
    assert locator.count() == n


def test_a_refused_action_is_shown_and_dropped_not_retried(live_server, member, challenge, phone):
    errors = console_errors(phone)
    sign_in(phone, live_server, member)
    posts = []
    phone.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    phone.get_by_label("Weight (kg)").fill("900")
    phone.get_by_role("button", name="Save check-in").click()
    refusal = phone.locator("#duplicate")
    refusal.filter(has_text="was not saved").wait_for()
    assert phone.locator("#queue").is_hidden()
    phone.wait_for_timeout(2500)  # longer than the first retry's back-off
    assert [u for u in posts if "/api/checkins/" in u] == [f"{live_server.url}/api/checkins/"]
    assert not CheckIn.objects.filter(member=member).exists()
    assert [e for e in errors if "400" not in e] == []


def test_a_meal_with_a_photo_is_stored_and_shown(live_server, member, challenge, phone, tmp_path):
    errors = console_errors(phone)
    photo = tmp_path / "lunch.jpg"
    photo.write_bytes(jpeg())
    sign_in(phone, live_server, member)
    phone.get_by_label("Meal", exact=True).fill("Lunch plate")
    phone.get_by_label("Calories").fill("610")
    phone.get_by_label("Photo", exact=True).set_input_files(str(photo))
    phone.get_by_role("button", name="Save meal").click()
    outcome(phone).filter(has_text="Meal Lunch plate: +10 points").wait_for()
    log = DailyLog.objects.get(member=member, notes="Lunch plate")
    assert log.photo_key and log.estimated_calories == 610
    image = phone.get_by_role("img", name="Photo of Lunch plate")
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0  # the signed URL served the photo
    assert errors == []


def test_estimate_from_photo_fills_the_form_the_member_corrects_and_saves(
    live_server, member, challenge, phone, tmp_path, fake_claude
):
    errors = console_errors(phone)
    fake_claude.tool_input = {
        "description": "Pasta with tomato sauce",
        "estimated_calories": 700,
        "estimated_protein": 22,
    }
    photo = tmp_path / "pasta.jpg"
    photo.write_bytes(jpeg(color=(180, 40, 30)))
    sign_in(phone, live_server, member)
    phone.get_by_label("Photo", exact=True).set_input_files(str(photo))
    phone.get_by_role("button", name="Estimate from photo").click()
    phone.get_by_text(re.compile(r"Estimated: Pasta with tomato sauce")).wait_for()
    assert phone.get_by_label("Meal", exact=True).input_value() == "Pasta with tomato sauce"
    assert phone.get_by_label("Calories").input_value() == "700"
    assert phone.get_by_label("Protein (g)").input_value() == "22"
    assert not DailyLog.objects.filter(member=member).exists()  # nothing saved yet
    assert fake_claude.calls == 1

    phone.get_by_label("Calories").fill("650")  # the member corrects the estimate
    phone.get_by_role("button", name="Save meal").click()
    outcome(phone).filter(has_text="Meal Pasta with tomato sauce: +10 points").wait_for()
    log = DailyLog.objects.get(member=member)
    assert (log.estimated_calories, log.estimated_protein) == (650, Decimal("22"))
    assert log.photo_key
    assert AIUsage.objects.get(member=member).used == 1
    assert errors == []


# --- Offline ------------------------------------------------------------------------------


def test_actions_taken_offline_wait_and_are_sent_exactly_once(
    live_server, member, challenge, phone
):
    errors = console_errors(phone)
    sign_in(phone, live_server, member)
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Log water").click()
    phone.get_by_role("button", name="Log training").click()
    phone.get_by_label("Weight (kg)").fill("70")
    phone.get_by_role("button", name="Save check-in").click()
    phone.locator("#queue").filter(has_text="3 actions waiting").wait_for()
    assert not DailyLog.objects.filter(member=member).exists()

    phone.context.set_offline(False)
    phone.locator("#queue").wait_for(state="hidden")
    assert sorted(DailyLog.objects.filter(member=member).values_list("type", flat=True)) == [
        "training",
        "water",
    ]
    assert CheckIn.objects.filter(member=member).count() == 1
    # Nothing is sent twice later either: the queue is empty after a reload.
    phone.reload()
    phone.get_by_role("button", name="Log water").wait_for()
    phone.wait_for_timeout(500)
    assert DailyLog.objects.filter(member=member).count() == 2
    assert Participant.objects.get(member=member).total_points == 2 + 10 + 15 + 5
    offline_noise = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch")
    assert [e for e in errors if not any(n in e for n in offline_noise)] == []


def test_an_answer_lost_on_the_way_back_is_resent_with_the_same_key_once(
    live_server, member, challenge, phone
):
    sign_in(phone, live_server, member)
    keys = []

    def lose_first_answer(route):
        keys.append(route.request.headers["idempotency-key"])
        response = route.fetch()  # the server creates the log...
        if len(keys) == 1:
            route.abort("connectionreset")  # ...but the phone never hears back
        else:
            route.fulfill(response=response)

    phone.route(
        "**/api/logs/",
        lambda route: (
            lose_first_answer(route) if route.request.method == "POST" else route.continue_()
        ),
    )
    phone.get_by_role("button", name="Log training").click()
    outcome(phone).filter(has_text="Training: +15 points").wait_for(timeout=20_000)
    assert len(keys) == 2 and keys[0] == keys[1]
    assert DailyLog.objects.filter(member=member, type="training").count() == 1
    assert Participant.objects.get(member=member).training_points == 10


def test_a_weigh_in_whose_answer_is_lost_is_resent_with_the_same_key_once(
    live_server, member, challenge, phone
):
    sign_in(phone, live_server, member)
    keys = []

    def lose_first_answer(route):
        keys.append(route.request.headers["idempotency-key"])
        response = route.fetch()  # the server records the weigh-in...
        if len(keys) == 1:
            route.abort("connectionreset")  # ...but the phone never hears back
        else:
            route.fulfill(response=response)

    phone.route(
        "**/api/checkins/",
        lambda route: (
            lose_first_answer(route) if route.request.method == "POST" else route.continue_()
        ),
    )
    phone.get_by_label("Weight (kg)").fill("71.3")
    phone.get_by_role("button", name="Save check-in").click()
    # The replay reports what the first send earned (check-in 15 + the day's streak 5);
    # a second check-in would have earned nothing (one a day).
    outcome(phone).filter(has_text="Check-in 71.3 kg: +20 points").wait_for(timeout=20_000)
    assert len(keys) == 2 and keys[0] == keys[1]
    assert CheckIn.objects.filter(member=member).count() == 1
    assert Participant.objects.get(member=member).total_points == 20


# --- Challenge ----------------------------------------------------------------------------


def test_join_then_standing_and_the_leaderboard_loads_as_the_member_scrolls(
    live_server, gym, member, phone
):
    errors = console_errors(phone)
    challenge = ChallengeFactory(gym=gym, name="Winter Push")
    for i in range(60):
        ParticipantFactory(
            challenge=challenge,
            member__gym=gym,
            member__user__name=f"Rival {i:02d}",
            meal_points=1000 - i * 10,
            total_points=1000 - i * 10,
        )
    sign_in(phone, live_server, member)
    open_view(phone, "Challenge")
    assert_accessible(phone, what="Challenge, not joined")
    phone.get_by_role("button", name="Join the challenge").click()
    phone.get_by_role("heading", name="My standing").wait_for()
    assert Participant.objects.filter(challenge=challenge, member=member).exists()
    assert phone.locator(".stats dd").first.inner_text() == "#61"

    board = phone.locator("#leaderboard li")
    board.nth(24).wait_for()
    assert board.count() == 25
    for _ in range(6):  # scrolling to the end loads the next pages
        phone.mouse.wheel(0, 4000)
        phone.wait_for_timeout(250)
    board.nth(60).wait_for()
    mine = phone.locator("#leaderboard li[aria-current='true']")
    assert mine.count() == 1
    assert "Mia Member (you)" in mine.inner_text()
    assert mine.get_attribute("data-member") == str(member.pk)
    assert_accessible(phone, what="Challenge")
    assert errors == []


# --- AI coach -----------------------------------------------------------------------------


def test_coach_chat_history_answers_left_limit_and_outage(
    live_server, member, challenge, phone, fake_claude
):
    errors = console_errors(phone)
    ChatMessage.objects.create(member=member, message="Is rice ok?", reply="Yes, in portions.")
    for i in range(20):  # a full page of newer questions pushes the first one to page two
        ChatMessage.objects.create(member=member, message=f"Question {i}", reply=f"Answer {i}")
    fake_claude.reply = "Try 25 g of protein at breakfast."
    sign_in(phone, live_server, member)
    open_view(phone, "AI coach")
    log = phone.get_by_role("log")
    assert "Question 19" in log.inner_text() and "Is rice ok?" not in log.inner_text()
    phone.get_by_role("button", name="Show earlier messages").click()
    log.get_by_text("Yes, in portions.").wait_for()
    assert log.inner_text().index("Is rice ok?") < log.inner_text().index("Question 0")
    assert phone.get_by_role("button", name="Show earlier messages").is_hidden()
    assert_accessible(phone, what="AI coach")
    assert phone.locator("#quota").inner_text().startswith("20 of 20 answers left today")

    phone.get_by_label("Ask your coach").fill("Breakfast ideas?")
    phone.get_by_role("button", name="Send").click()
    log.get_by_text("Try 25 g of protein at breakfast.").wait_for()
    assert phone.locator("#quota").inner_text().startswith("19 of 20")
    assert ChatMessage.objects.filter(member=member).count() == 22  # 21 before, 1 answer

    fake_claude.mode = "500"
    phone.get_by_label("Ask your coach").fill("And lunch?")
    phone.get_by_role("button", name="Send").click()
    phone.get_by_role("alert").filter(has_text="unavailable right now").wait_for()
    assert AIUsage.objects.get(member=member).used == 1  # the outage cost nothing

    AIUsage.objects.filter(member=member).update(used=20)
    phone.get_by_label("Ask your coach").fill("Dinner?")
    phone.get_by_role("button", name="Send").click()
    phone.get_by_role("alert").filter(has_text="used all of today's answers").wait_for()
    assert phone.locator("#quota").inner_text().startswith("0 of 20")
    assert [e for e in errors if "503" not in e and "429" not in e] == []


# --- Progress and profile ----------------------------------------------------------------


def test_progress_draws_weight_calendar_targets_and_streaks(live_server, member, challenge, phone):
    errors = console_errors(phone)
    for day in range(1, 11):
        DailyLogFactory(
            member=member,
            date=today() - dt.timedelta(days=day),
            estimated_calories=2000 if day % 2 else 1200,
            estimated_protein=Decimal("130"),
        )
    for week, kg in enumerate(["80.0", "79.2", "78.5"]):
        CheckInFactory(member=member, date=today() - dt.timedelta(days=21 - 7 * week), weight=kg)
    sign_in(phone, live_server, member)
    open_view(phone, "Progress")
    assert phone.locator("svg.line circle.dot").count() == 3
    assert "78.5 kg now, down 1.5 kg" in phone.get_by_role("main").inner_text()
    assert phone.locator("svg.calendar rect.day").count() == 30
    assert phone.locator("svg.calendar rect.active").count() == 10
    assert phone.locator("svg.calendar rect.target").count() == 5
    assert phone.get_by_text("Calories within 10% of 2000 kcal: 5 of 10 days").is_visible()
    assert phone.get_by_text("Protein at least 120 g: 10 of 10 days").is_visible()
    assert phone.locator(".stats dd").nth(1).inner_text() == "10 days"  # longest run
    assert_accessible(phone, what="Progress")
    assert errors == []


def test_profile_name_goal_avatar_units_and_the_gym_logo(
    live_server, member, challenge, phone, tmp_path
):
    errors = console_errors(phone)
    avatar = tmp_path / "me.jpg"
    avatar.write_bytes(jpeg(300, 300, (20, 90, 160)))
    sign_in(phone, live_server, member)
    open_view(phone, "Profile")
    assert_accessible(phone, what="Profile")

    phone.get_by_label("Name").fill("Mia M.")
    phone.get_by_label("Goal").fill("Deadlift 100 kg")
    phone.get_by_role("button", name="Save profile").click()
    phone.get_by_text("Profile saved.").wait_for()
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert (member.user.name, member.goal) == ("Mia M.", "Deadlift 100 kg")

    phone.get_by_label("New avatar photo").set_input_files(str(avatar))
    phone.get_by_role("button", name="Upload avatar").click()
    phone.get_by_role("img", name="Your avatar").wait_for()
    member.refresh_from_db()
    assert member.avatar_key

    phone.get_by_label("Pounds (lb)").check()
    open_view(phone, "Today")
    phone.get_by_label("Weight (lb)").fill("176")
    phone.get_by_role("button", name="Save check-in").click()
    outcome(phone).filter(has_text="Check-in 176 lb: +20 points").wait_for()
    assert CheckIn.objects.get(member=member).weight == Decimal("79.8")  # the API speaks kg

    # The gym's brand: its logo in the top bar and on the profile (gym.logo_url).
    assert phone.locator("#gym-logo").is_visible()
    open_view(phone, "Profile")
    assert phone.get_by_role("img", name="Kreuzberg Strength logo").is_visible()
    assert errors == []


# --- Laptop -------------------------------------------------------------------------------


def test_at_laptop_size_every_view_is_reachable_and_accessible(
    live_server, member, challenge, laptop
):
    errors = console_errors(laptop)
    sign_in(laptop, live_server, member)
    assert_accessible(laptop, what="Today (laptop)")
    for name in ["Challenge", "AI coach", "Progress", "Profile", "Today"]:
        open_view(laptop, name)
        link = laptop.get_by_role("link", name=name, exact=True)
        assert link.get_attribute("aria-current") == "page"
        assert_accessible(laptop, what=f"{name} (laptop)")
    laptop.get_by_role("button", name="Log water").click()
    outcome(laptop).filter(has_text="Water: +7 points").wait_for()
    assert DailyLog.objects.filter(member=member, type="water").count() == 1
    assert errors == []
