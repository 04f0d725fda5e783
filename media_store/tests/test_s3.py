"""The same uploads against S3: moto in server mode over real HTTP, boto3 unpatched,
STORAGES built by media_store.config like production's."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.models import Member
from media_store import selectors, services
from media_store.errors import StorageUnavailable
from media_store.tests import samples
from media_store.tests.moto_s3 import object_keys, start_moto, use_s3

URL = "/api/member/avatar/"


def http_get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - moto on loopback
        return response.headers, response.read()


def test_avatar_round_trip_over_http(s3, member, member_client):
    response = member_client.post(URL, {"image": samples.upload(samples.jpeg((2000, 1500)))})

    assert response.status_code == 200, response.content
    url = response.json()["avatar_url"]
    key = Member.objects.get(pk=member.pk).avatar_key
    assert url == f"{s3.endpoint}/{s3.bucket}/{key}"  # public: no signature
    assert object_keys(s3) == {key, key.replace("/512.jpg", "/128.jpg")}

    headers, body = http_get(url)
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert samples.open_image(body).size == (512, 512)
    _, small = http_get(selectors.avatar_url(key, size="small"))
    assert samples.open_image(small).size == (128, 128)


def test_gps_and_orientation_on_s3(s3, member, member_client):
    tall = samples.two_tone_tall_jpeg(orientation=6)
    member_client.post(URL, {"image": samples.upload(tall)})
    key = Member.objects.get(pk=member.pk).avatar_key

    _, body = http_get(selectors.avatar_url(key, size="large"))
    im = samples.open_image(body)
    assert dict(im.getexif()) == {}
    assert im.convert("RGB").getpixel((20, 150))[2] > 150  # turned: blue on the left

    photo = services.store_meal_photo(upload=samples.upload(samples.jpeg(gps=True)))
    _, body = http_get(selectors.meal_photo_url(photo, size="large"))
    assert samples.open_image(body).getexif().get_ifd(samples.GPS_IFD) == {}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(samples.png_bomb(), id="decompression-bomb"),
        pytest.param(samples.noisy_jpeg()[:20_000], id="truncated"),
        pytest.param(b"plain text with an image name", id="non-image"),
        pytest.param(b"<html><script>x()</script>" + samples.jpeg(), id="polyglot"),
    ],
)
def test_bad_images_are_400_and_write_nothing(s3, member_client, data):
    response = member_client.post(URL, {"image": samples.upload(data, "me.jpg")})

    assert response.status_code == 400
    assert object_keys(s3) == set()


def test_12_mib_is_413(s3, member_client):
    big = samples.upload(b"\xff\xd8" + b"\0" * (12 * 1024 * 1024))

    assert member_client.post(URL, {"image": big}).status_code == 413
    assert object_keys(s3) == set()


def test_replacing_an_avatar_deletes_the_old_objects(
    s3, member, member_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(URL, {"image": samples.upload(samples.jpeg())})
        first = Member.objects.get(pk=member.pk).avatar_key
        member_client.post(URL, {"image": samples.upload(samples.webp())})
    second = Member.objects.get(pk=member.pk).avatar_key

    assert first != second
    assert object_keys(s3) == {second, second.replace("/512.jpg", "/128.jpg")}


def test_meal_photo_urls_are_signed_and_expire(settings, moto_endpoint):
    s3 = use_s3(settings, endpoint=moto_endpoint, private_url_seconds=300)
    key = services.store_meal_photo(upload=samples.upload(samples.jpeg((3000, 2000))))

    url = selectors.meal_photo_url(key, size="large")
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == f"/{s3.bucket}/{key}"
    assert query["X-Amz-Signature"] and query["X-Amz-Credential"]
    # Expiry: S3 refuses the URL 300 s after X-Amz-Date. (moto checks neither the
    # signature nor the expiry, so this is asserted from the URL, not by waiting.)
    assert query["X-Amz-Expires"] == ["300"]
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - signed_at).total_seconds()) < 60
    headers, body = http_get(url)
    assert samples.open_image(body).size == (1600, 1067)
    assert headers["Cache-Control"] == "private, max-age=600"

    # The bucket does not serve meal photos to anyone without a signed URL.
    with pytest.raises(urllib.error.HTTPError) as unsigned:
        http_get(url.split("?")[0])
    assert unsigned.value.code == 403


def test_cdn_domain_for_public_images_never_for_private_ones(settings, moto_endpoint, member):
    use_s3(settings, endpoint=moto_endpoint, custom_domain="cdn.gymintel.test")
    avatar = services.replace_image(
        instance=member, field="avatar_key", upload=samples.upload(samples.jpeg())
    )
    photo = services.store_meal_photo(upload=samples.upload(samples.jpeg()))

    assert selectors.avatar_url(avatar) == f"https://cdn.gymintel.test/{avatar[:-7]}128.jpg"
    private = selectors.meal_photo_url(photo)
    assert private.startswith(moto_endpoint)
    assert "X-Amz-Signature=" in private


def test_s3_down_is_503_and_the_member_is_unchanged(settings, member, member_client):
    server, endpoint = start_moto()
    use_s3(settings, endpoint=endpoint)
    member.avatar_key = "avatars/" + "b" * 64 + "/512.jpg"
    member.save()
    before = Member.objects.filter(pk=member.pk).values().get()
    server.stop()  # S3 goes away

    started = time.monotonic()
    response = member_client.post(URL, {"image": samples.upload(samples.jpeg())})

    assert response.status_code == 503
    assert "storage" in response.json()["detail"].lower()
    # Our client allows 2 attempts x 3 s connect timeout at worst; 20 s leaves room for
    # a loaded machine and is still far below botocore's 60 s per attempt.
    assert time.monotonic() - started < 20
    assert Member.objects.filter(pk=member.pk).values().get() == before


def test_meal_photo_with_s3_down_is_503(settings):
    # Nothing listens on the discard port.
    use_s3(settings, endpoint="http://127.0.0.1:9", create_bucket=False)
    with pytest.raises(StorageUnavailable):
        services.store_meal_photo(upload=samples.upload(samples.jpeg()))
