"""POST /api/member/avatar/ on the embedded default: local files served by the app."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages

from accounts.models import Member
from media_store.tests import samples

URL = "/api/member/avatar/"


def fetch(client, url: str):
    """GET an image URL from the app itself, as a browser would."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_upload_round_trip(member, member_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        # 1 SELECT member (by the token's member_id), then in the service's atomic block:
        # SAVEPOINT, SELECT ... FOR UPDATE, UPDATE avatar_key, RELEASE SAVEPOINT.
        # No old avatar: no after-commit cleanup query.
        response = member_client.post(URL, {"image": samples.upload(samples.jpeg((1600, 1200)))})

    assert response.status_code == 200, response.content
    url = response.json()["avatar_url"]
    member.refresh_from_db()
    assert url == f"http://testserver/media/{member.avatar_key}"  # absolute, like page links
    assert member.avatar_key.startswith("avatars/") and member.avatar_key.endswith("/512.jpg")

    served, body = fetch(member_client, url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served["Cache-Control"]
    assert samples.open_image(body).size == (512, 512)


def test_gps_is_not_published(member, member_client):
    data = samples.jpeg((1200, 900), gps=True)
    response = member_client.post(URL, {"image": samples.upload(data)})

    _, body = fetch(member_client, response.json()["avatar_url"])
    assert samples.open_image(body).getexif().get_ifd(samples.GPS_IFD) == {}
    assert b"Exif" not in body


def test_orientation_is_applied(member, member_client):
    data = samples.two_tone_tall_jpeg(orientation=6)
    response = member_client.post(URL, {"image": samples.upload(data)})

    _, body = fetch(member_client, response.json()["avatar_url"])
    im = samples.open_image(body).convert("RGB")
    assert im.getpixel((20, 150))[2] > 150  # blue, the stored bottom, is now on the left
    assert im.getpixel((280, 150))[0] > 150


@pytest.mark.parametrize(
    ("data", "name"),
    [
        pytest.param(samples.png_bomb(), "bomb.png", id="decompression-bomb"),
        pytest.param(samples.noisy_jpeg()[:20_000], "cut.jpg", id="truncated"),
        pytest.param(b"%PDF-1.7 not a photo at all", "me.jpg", id="non-image-named-jpg"),
        pytest.param(
            samples.jpeg(comment=b"<html><script>alert(1)</script></html>"),
            "me.jpg",
            id="html-jpeg-polyglot",
        ),
        pytest.param(b"", "empty.jpg", id="empty"),
    ],
)
def test_bad_images_are_400_and_change_nothing(member, member_client, data, name):
    member.avatar_key = "avatars/" + "a" * 64 + "/512.jpg"
    member.save()

    response = member_client.post(URL, {"image": samples.upload(data, name)})

    assert response.status_code == 400
    assert response.json()["detail"]
    member.refresh_from_db()
    assert member.avatar_key == "avatars/" + "a" * 64 + "/512.jpg"
    assert not (storages["default"].exists("avatars"))  # nothing was written


def test_12_mib_is_413_before_it_is_read(member, member_client):
    big = samples.upload(b"\xff\xd8" + b"\0" * (12 * 1024 * 1024))

    response = member_client.post(URL, {"image": big})

    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


def test_missing_field_is_400(member_client):
    response = member_client.post(URL, {"photo": samples.upload(samples.jpeg())})

    assert response.status_code == 400
    assert "image" in response.json()["detail"]


def test_requires_a_member_token(api_client, coach_client):
    assert api_client.post(URL, {"image": samples.upload(samples.jpeg())}).status_code == 401
    # A coach without a linked member profile has no avatar to set.
    assert coach_client.post(URL, {"image": samples.upload(samples.jpeg())}).status_code == 403


def test_only_the_callers_own_row_changes(member, member_client, gym):
    from accounts.tests.factories import MemberFactory

    neighbour = MemberFactory(gym=gym)

    member_client.post(URL, {"image": samples.upload(samples.jpeg())})

    assert Member.objects.get(pk=member.pk).avatar_key
    assert Member.objects.get(pk=neighbour.pk).avatar_key == ""
