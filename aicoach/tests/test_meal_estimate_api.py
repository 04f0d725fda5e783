"""POST /api/ai/meal-estimate/: Claude reads a meal photo through a forced tool, paid for
from the chat's daily quota, cached per photo and note; nothing is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from accounts.roles import Role
from accounts.tests.factories import MemberFactory, StaffFactory
from aicoach.models import AIResponseCache, AIUsage, ChatMessage
from aicoach.prompt import MEAL_TOOL, MEAL_TOOL_NAME
from aicoach.selectors import ai_usage_by_gym
from aicoach.tests.estimate_helpers import ESTIMATE, estimate, photo, seen_by_claude
from aicoach.tests.fake_messages import texts_in
from aicoach.tests.helpers import parse_instant, set_used_today, used_today
from conftest import client_for
from gymintel.clock import gym_today
from media_store.tests import samples
from members.models import DailyLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # nothing should land there; checked below
    return settings.MEDIA_ROOT


# --- An answer -------------------------------------------------------------------------


def test_an_estimate_has_the_contract_shape_and_costs_one_answer(
    member_client, member, fake_anthropic
):
    response = estimate(member_client, note="no dressing")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "description": "Grilled chicken with rice and broccoli",
        "estimated_calories": 620,
        "estimated_protein": 42.5,
        "remaining": settings.AI_DAILY_QUOTA_ACTIVE - 1,
        "cached": False,
    }
    assert used_today(member) == 1
    assert fake_anthropic.calls == 1


def test_nothing_is_logged_stored_or_put_in_the_chat(member_client, media_root, fake_anthropic):
    assert estimate(member_client).status_code == 200

    assert not DailyLog.objects.exists()
    assert not ChatMessage.objects.exists()  # an estimate is not a conversation
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_claude_is_forced_through_the_estimate_tool(member_client, fake_anthropic):
    estimate(member_client, note="  half   eaten ")

    body = fake_anthropic.requests[-1]["body"]
    assert body["tool_choice"] == {"type": "tool", "name": MEAL_TOOL_NAME}
    assert body["tools"] == [MEAL_TOOL]
    assert body["tools"][0]["input_schema"]["type"] == "object"
    assert texts_in(body) == ["The member's note: half eaten"]


def test_claude_sees_a_downscaled_re_encoded_copy_without_exif(member_client, fake_anthropic):
    original = samples.jpeg((3000, 2000), gps=True, comment=b"kitchen")

    estimate(member_client, original)

    [image] = seen_by_claude(fake_anthropic)
    assert image.format == "JPEG"
    assert image.size == (1024, 683)  # longest side 1024, aspect kept
    assert not image.getexif() and "comment" not in image.info
    media_type = fake_anthropic.requests[-1]["body"]["messages"][0]["content"][0]["source"]
    assert media_type["media_type"] == "image/jpeg"


def test_a_small_photo_is_not_upscaled(member_client, fake_anthropic):
    estimate(member_client, samples.webp((640, 480)))

    [image] = seen_by_claude(fake_anthropic)
    assert (image.format, image.size) == ("JPEG", (640, 480))


def test_a_transparent_png_reaches_claude_as_a_jpeg_on_white(member_client, fake_anthropic):
    estimate(member_client, samples.png((400, 300)))

    [image] = seen_by_claude(fake_anthropic)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)


def test_the_answers_tokens_count_in_the_owners_ai_figures(member_client, member, fake_anthropic):
    estimate(member_client)

    usage = AIUsage.objects.get(member=member)
    assert (usage.used, usage.input_tokens, usage.output_tokens) == (1, 120, 40)
    [row] = ai_usage_by_gym(since=gym_today(member.gym.timezone) - dt.timedelta(days=1))
    assert (row["answers"], row["input_tokens"], row["output_tokens"]) == (1, 120, 40)


# --- The cache -------------------------------------------------------------------------


def test_the_same_photo_and_note_again_costs_nothing_and_calls_nothing(
    member_client, member, fake_anthropic
):
    data = samples.jpeg(color=samples.GREEN)
    first = estimate(member_client, data, note="with rice")

    again = estimate(
        member_client, data, note="With   rice."
    )  # case, spacing, end punctuation aside

    assert again.status_code == 200
    assert again.json() == {**first.json(), "cached": True}
    assert fake_anthropic.calls == 1
    assert used_today(member) == 1
    assert AIResponseCache.objects.get().hits == 1


def test_another_member_sending_the_same_photo_is_served_from_the_cache(
    member_client, gym, fake_anthropic
):
    data = samples.jpeg(color=samples.BLUE)
    estimate(member_client, data)
    neighbour = MemberFactory(gym=gym)

    response = estimate(client_for(neighbour.user), data)

    assert response.json()["cached"] is True
    assert fake_anthropic.calls == 1
    assert used_today(neighbour) == 0


def test_another_note_or_photo_is_a_new_estimate(member_client, member, fake_anthropic):
    data = samples.jpeg(color=samples.GREEN)
    estimate(member_client, data, note="small portion")

    assert estimate(member_client, data, note="large portion").json()["cached"] is False
    assert estimate(member_client, samples.jpeg(color=samples.RED)).json()["cached"] is False
    assert fake_anthropic.calls == 3
    assert used_today(member) == 3


def test_a_cached_estimate_is_answered_even_with_the_quota_used_up(
    member_client, member, fake_anthropic
):
    data = samples.jpeg(color=samples.GREEN)
    estimate(member_client, data)
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE)

    response = estimate(member_client, data)

    assert response.status_code == 200
    assert response.json()["cached"] is True and response.json()["remaining"] == 0


def test_an_expired_estimate_is_asked_again(member_client, fake_anthropic):
    data = samples.jpeg(color=samples.GREEN)
    estimate(member_client, data)
    AIResponseCache.objects.update(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))

    assert estimate(member_client, data).json()["cached"] is False
    assert fake_anthropic.calls == 2


# --- Bad input: 4xx, nothing called, nothing spent -----------------------------------------


@pytest.mark.parametrize(
    ("label", "fields"),
    [
        ("no photo", {}),
        ("not an image", {"photo": photo(b"%PDF-1.7 a document")}),
        ("a broken image", {"photo": photo(samples.noisy_jpeg()[:4000])}),
        ("an empty file", {"photo": photo(b"")}),
        ("a pixel bomb", {"photo": photo(samples.png_bomb())}),
        ("a note too long", {"photo": photo(), "note": "x" * 501}),
        ("a NUL in the note", {"photo": photo(), "note": "no\x00sauce"}),
        ("a photo as text", {"photo": "not a file"}),
    ],
)
def test_bad_input_is_400_and_costs_nothing(member_client, member, fake_anthropic, label, fields):
    response = member_client.post(ESTIMATE, fields, format="multipart")

    assert response.status_code == 400, label
    assert response.json()["detail"]
    assert fake_anthropic.calls == 0
    assert used_today(member) == 0


def test_a_photo_over_ten_mib_is_413_before_it_is_read(member_client, member, fake_anthropic):
    big = b"\xff\xd8" + b"\0" * settings.UPLOAD_BODY_MAX_BYTES

    response = estimate(member_client, big)

    assert response.status_code == 413
    assert "limited to" in response.json()["detail"]
    assert fake_anthropic.calls == 0
    assert used_today(member) == 0


def test_json_is_415(member_client, fake_anthropic):
    response = member_client.post(ESTIMATE, {"note": "x"}, format="json")
    assert response.status_code == 415


def test_staff_without_a_member_profile_get_403(gym, fake_anthropic):
    coach = StaffFactory(gym=gym, role=Role.COACH)

    response = estimate(client_for(coach.user))

    assert response.status_code == 403
    assert fake_anthropic.calls == 0


def test_no_token_is_401(api_client, fake_anthropic):
    assert estimate(api_client).status_code == 401


# --- The quota -----------------------------------------------------------------------------


def test_the_quota_used_up_is_429_and_calls_nothing(member_client, member, fake_anthropic):
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE)

    response = estimate(member_client)

    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"detail", "remaining", "resets_at"}
    assert body["remaining"] == 0 and "resets at midnight" in body["detail"]
    assert parse_instant(body["resets_at"]) > dt.datetime.now(dt.UTC)
    assert fake_anthropic.calls == 0
    assert used_today(member) == settings.AI_DAILY_QUOTA_ACTIVE


def test_estimates_and_chat_share_one_quota(member_client, member, fake_anthropic):
    set_used_today(member, settings.AI_DAILY_QUOTA_ACTIVE - 1)
    assert estimate(member_client).status_code == 200

    chat = member_client.post("/api/ai/chat/", {"message": "Protein?"}, format="json")

    assert chat.status_code == 429


# --- The AI failing: 503, the quota given back ----------------------------------------------


def test_unconfigured_ai_is_503_and_spends_nothing(member_client, member, settings):
    settings.ANTHROPIC_API_KEY = ""

    response = estimate(member_client)

    assert response.status_code == 503
    assert "not configured" in response.json()["detail"]
    assert used_today(member) == 0


@pytest.mark.parametrize("mode", ["500", "529"])
def test_an_api_error_is_503_and_refunds(member_client, member, fake_anthropic, mode):
    set_used_today(member, 4)
    fake_anthropic.mode = mode

    response = estimate(member_client)

    assert response.status_code == 503
    assert "quota was not used" in response.json()["detail"]
    assert used_today(member) == 4
    assert not AIResponseCache.objects.exists()
    assert AIUsage.objects.get(member=member).input_tokens == 0


def test_a_hanging_api_times_out_into_a_503_and_refunds(
    member_client, member, fake_anthropic, settings
):
    settings.AI_TIMEOUT_SECONDS, settings.AI_MAX_RETRIES = 0.5, 0
    fake_anthropic.mode = "hang"

    response = estimate(member_client)

    assert response.status_code == 503
    assert used_today(member) == 0


NONSENSE = [
    {"description": "Pizza", "estimated_calories": 9000, "estimated_protein": 30},
    {"description": "Pizza", "estimated_calories": -1, "estimated_protein": 30},
    {"description": "Pizza", "estimated_calories": 450.5, "estimated_protein": 30},
    {"description": "Pizza", "estimated_calories": "600", "estimated_protein": 30},
    {"description": "Pizza", "estimated_calories": True, "estimated_protein": 30},
    {"description": "Pizza", "estimated_calories": 600, "estimated_protein": 501},
    {"description": "Pizza", "estimated_calories": 600, "estimated_protein": -0.5},
    {"description": "Pizza", "estimated_calories": 600, "estimated_protein": None},
    {"description": "", "estimated_calories": 600, "estimated_protein": 30},
    {"description": "   ", "estimated_calories": 600, "estimated_protein": 30},
    {"description": "x" * 201, "estimated_calories": 600, "estimated_protein": 30},
    {"description": ["Pizza"], "estimated_calories": 600, "estimated_protein": 30},
    {"estimated_calories": 600, "estimated_protein": 30},
    {},
    ["Pizza", 600, 30],
    "Pizza, about 600 kcal",
]


@pytest.mark.parametrize("answer", NONSENSE, ids=[repr(a)[:40] for a in NONSENSE])
def test_a_nonsense_answer_is_503_refunded_and_not_cached(
    member_client, member, fake_anthropic, answer
):
    fake_anthropic.tool_input = answer

    response = estimate(member_client)

    assert response.status_code == 503
    assert "could not make sense" in response.json()["detail"]
    assert used_today(member) == 0
    assert not AIResponseCache.objects.exists()


def test_an_answer_without_the_tool_is_503_and_refunded(member_client, member, fake_anthropic):
    fake_anthropic.mode = "no_tool"  # text instead of the forced tool_use block

    response = estimate(member_client)

    assert response.status_code == 503
    assert used_today(member) == 0
    assert fake_anthropic.calls == 1


def test_the_edges_of_the_ranges_are_accepted(member_client, fake_anthropic):
    fake_anthropic.tool_input = {
        "description": "  Water,\nplain  ",
        "estimated_calories": 5000.0,
        "estimated_protein": 0.04,
    }

    body = estimate(member_client).json()

    assert (body["description"], body["estimated_calories"], body["estimated_protein"]) == (
        "Water, plain",
        5000,
        0.0,
    )


def test_after_a_failure_the_same_photo_is_estimated(member_client, member, fake_anthropic):
    data = samples.jpeg(color=samples.GREEN)
    fake_anthropic.mode = "529"
    assert estimate(member_client, data).status_code == 503
    fake_anthropic.mode = "ok"

    response = estimate(member_client, data)

    assert response.status_code == 200 and response.json()["cached"] is False
    assert used_today(member) == 1


# --- Queries -----------------------------------------------------------------------------


def test_an_estimate_costs_a_constant_number_of_queries(
    member_client, member, fake_anthropic, django_assert_num_queries
):
    set_used_today(member, 1)  # the day's row exists: the common case
    # 1. the member with their gym  2. the cache  3. reserve (conditional UPDATE)
    # 4. SAVEPOINT  5. tokens (UPDATE)  6. cache upsert  7. RELEASE  8. the quota read.
    # Authentication: none. Claude: no query (no transaction open, test_estimate_concurrency).
    with django_assert_num_queries(8):
        assert estimate(member_client).status_code == 200


def test_the_days_first_estimate_creates_the_usage_row_in_two_more(
    member_client, fake_anthropic, django_assert_num_queries
):
    # As above, but the reserve finds no row: 3. UPDATE (0 rows)  4. INSERT ... ON CONFLICT
    # DO NOTHING  5. UPDATE again; then 6-9 the transaction, 10. the quota read.
    with django_assert_num_queries(10):
        assert estimate(member_client).status_code == 200


def test_a_cached_estimate_costs_four_queries(
    member_client, fake_anthropic, django_assert_num_queries
):
    data = samples.jpeg(color=samples.GREEN)
    estimate(member_client, data)
    # 1. the member with their gym  2. the cache  3. hits + 1  4. the quota read.
    with django_assert_num_queries(4):
        assert estimate(member_client, data).json()["cached"] is True


def test_a_refused_photo_costs_one_query(member_client, fake_anthropic, django_assert_num_queries):
    # 1. the member with their gym; the photo is refused before the cache or the quota.
    with django_assert_num_queries(1):
        assert estimate(member_client, b"not an image").status_code == 400
