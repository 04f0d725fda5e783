"""Meal photos through POST /api/member/meals/ (members.api) and the gym logo through
/manage/gym/logo/ (coaching's page): both go through media_store's one upload path."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import storages

from accounts.models import Gym
from coaching.tests.helpers import staff_login
from media_store.tests import samples
from media_store.tests.moto_s3 import object_keys, use_s3
from media_store.variants import LOGO, all_keys
from members.models import SavedMeal

MEALS = "/api/member/meals/"
LOGO_URL = "/manage/gym/logo/"


def post_meal(client, data: bytes, name: str = "meal.jpg"):
    return client.post(
        MEALS, {"name": "Oats", "photo": samples.upload(data, name)}, format="multipart"
    )


def test_meal_photo_is_stored_private_and_listed_small(member, member_client):
    response = post_meal(member_client, samples.jpeg((3000, 2000), gps=True))

    assert response.status_code == 201, response.content
    key = SavedMeal.objects.get(member=member).photo_key
    assert storages["private"].exists(key)
    served = member_client.get(response.json()["photo_url"])
    image = samples.open_image(b"".join(served.streaming_content))
    assert image.getexif().get_ifd(samples.GPS_IFD) == {}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(samples.png_bomb(), id="bomb"),
        pytest.param(samples.noisy_jpeg()[:20_000], id="truncated"),
        pytest.param(b"MZ\x90\x00 an executable named meal.jpg", id="non-image"),
        pytest.param(samples.jpeg() + b"<html><script>x</script>", id="polyglot"),
    ],
)
def test_bad_meal_photo_is_400_and_saves_no_meal(member, member_client, data):
    response = post_meal(member_client, data)

    assert response.status_code == 400
    assert response.json()["detail"]
    assert not SavedMeal.objects.filter(member=member).exists()


def test_meal_photo_over_10_mib_is_413(member, member_client):
    response = post_meal(member_client, b"\xff\xd8" + b"\0" * (12 * 1024 * 1024))

    assert response.status_code == 413
    assert not SavedMeal.objects.exists()


def test_meal_photo_on_s3_is_signed(settings, moto_endpoint, member, member_client):
    s3 = use_s3(settings, endpoint=moto_endpoint, custom_domain="cdn.gymintel.test")

    response = post_meal(member_client, samples.jpeg())

    url = response.json()["photo_url"]
    assert url.startswith(f"{moto_endpoint}/{s3.bucket}/meals/")  # never the CDN
    assert {"X-Amz-Signature", "X-Amz-Expires"} <= set(parse_qs(urlsplit(url).query))
    key = SavedMeal.objects.get(member=member).photo_key
    assert key in object_keys(s3)


def test_meal_photo_with_s3_down_is_503_and_saves_no_meal(settings, member, member_client):
    use_s3(settings, endpoint="http://127.0.0.1:9", create_bucket=False)

    response = post_meal(member_client, samples.jpeg())

    assert response.status_code == 503
    assert "storage" in response.json()["detail"].lower()
    assert not SavedMeal.objects.exists()


def test_logo_upload_and_replacement(client, gym, gym_admin, django_capture_on_commit_callbacks):
    staff_login(client, gym_admin)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(LOGO_URL, {"image": samples.upload(samples.png(), "logo.png")})
    assert first.status_code == 302
    old = Gym.objects.get(pk=gym.pk).logo_key
    assert old.startswith("logos/") and old.endswith("/512.webp")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(LOGO_URL, {"image": samples.upload(samples.jpeg(), "logo.jpg")})

    new = Gym.objects.get(pk=gym.pk).logo_key
    assert new.endswith("/512.jpg")
    assert not any(storages["default"].exists(k) for k in all_keys(old, kind=LOGO))
    assert all(storages["default"].exists(k) for k in all_keys(new, kind=LOGO))


def test_a_broken_logo_is_400_and_keeps_the_old_one(client, gym, gym_admin):
    gym.logo_key = "logos/" + "c" * 64 + "/512.jpg"
    gym.save()
    staff_login(client, gym_admin)

    response = client.post(LOGO_URL, {"image": samples.upload(b"not a logo", "logo.png")})

    assert response.status_code == 400
    assert b"JPEG, PNG or WebP" in response.content
    assert Gym.objects.get(pk=gym.pk).logo_key == "logos/" + "c" * 64 + "/512.jpg"
