"""S3 down: only what stores a new image fails (503, nothing changed); everything else,
including every page and list that shows images, keeps working.

Already proven in media_store's tests, not repeated here: an avatar upload with S3
stopped answers 503 within the timeouts and leaves the member unchanged
(media_store/tests/test_s3.py::test_s3_down_is_503_and_the_member_is_unchanged); a meal
with a photo answers 503 and saves no meal
(media_store/tests/test_photo_and_logo_paths.py::test_meal_photo_with_s3_down_is_503_and_saves_no_meal).
"""

from __future__ import annotations

import pytest

from accounts.models import Gym
from coaching.tests.helpers import staff_login
from gymintel.tests.faults.servers import dead_port
from media_store.tests import samples
from media_store.tests.moto_s3 import use_s3
from members.models import DailyLog, SavedMeal
from members.tests.factories import SavedMealFactory

pytestmark = pytest.mark.django_db

AVATAR = "avatars/" + "a" * 64 + "/512.jpg"
PHOTO = "meals/" + "b" * 64 + "/1600.jpg"
LOGO = "logos/" + "c" * 64 + "/512.png"


@pytest.fixture
def s3_down(settings):
    """Storage pointed at S3 on a port where nothing listens."""
    return use_s3(settings, endpoint=f"http://127.0.0.1:{dead_port()}", create_bucket=False)


def test_logs_and_meals_without_a_photo_are_saved(s3_down, member, member_client):
    log = member_client.post(
        "/api/logs/", {"type": "meal", "estimated_calories": 550}, format="json"
    )
    meal_json = member_client.post("/api/member/meals/", {"name": "Oats"}, format="json")
    meal_form = member_client.post(
        "/api/member/meals/", {"name": "Rice bowl", "estimated_calories": "700"}, format="multipart"
    )

    assert (log.status_code, meal_json.status_code, meal_form.status_code) == (201, 201, 201)
    assert meal_form.json()["photo_url"] is None
    assert DailyLog.objects.filter(member=member).count() == 1
    assert SavedMeal.objects.filter(member=member).count() == 2


def test_pages_and_lists_with_images_still_answer(s3_down, member, member_client):
    """Image URLs are built (and signed) locally, without a call to S3."""
    member.avatar_key = AVATAR
    member.save(update_fields=["avatar_key"])
    SavedMealFactory(member=member, photo_key=PHOTO)

    profile = member_client.get("/api/member/profile/")
    meals = member_client.get("/api/member/meals/")

    assert profile.status_code == 200
    assert profile.json()["avatar_url"].startswith(s3_down.endpoint)
    assert meals.status_code == 200
    assert "X-Amz-Signature=" in meals.json()["results"][0]["photo_url"]


def test_a_gym_logo_upload_says_storage_is_down_and_keeps_the_old_logo(
    s3_down, client, gym, gym_admin
):
    Gym.objects.filter(pk=gym.pk).update(logo_key=LOGO)
    staff_login(client, gym_admin)

    response = client.post("/manage/gym/logo/", {"image": samples.upload(samples.png())})

    assert response.status_code == 503
    assert b"Image storage is unavailable" in response.content  # on the page, by the field
    assert Gym.objects.get(pk=gym.pk).logo_key == LOGO
    assert client.get("/manage/").status_code == 200
