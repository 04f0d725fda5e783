"""The app's own media serving (no S3): images only, never HTML, private ones signed."""

from __future__ import annotations

import time

import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from media_store import selectors, services
from media_store.tests import samples


def test_public_image_headers(client):
    storages["default"].save("avatars/x/512.jpg", ContentFile(b"\xff\xd8 pretend jpeg"))

    response = client.get("/media/avatars/x/512.jpg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_private_photo_is_not_reachable_by_a_public_path(client):
    key = services.store_meal_photo(upload=samples.upload(samples.jpeg()))

    assert client.get(f"/media/{key}").status_code == 404


def test_files_that_are_not_our_images_are_never_served(client):
    storages["default"].save("avatars/x/page.html", ContentFile(b"<script>alert(1)</script>"))
    storages["default"].save("avatars/x/page.svg", ContentFile(b"<svg onload=alert(1)/>"))

    assert client.get("/media/avatars/x/page.html").status_code == 404
    assert client.get("/media/avatars/x/page.svg").status_code == 404


def test_private_photo_needs_its_signature(client):
    key = services.store_meal_photo(upload=samples.upload(samples.jpeg()))
    url = selectors.meal_photo_url(key, size="large")

    ok = client.get(url)
    assert ok.status_code == 200
    assert ok["Cache-Control"].startswith("private")
    assert samples.open_image(b"".join(ok.streaming_content)).format == "JPEG"

    assert client.get(url.split("?")[0]).status_code == 404  # unsigned
    tampered = url[:-1] + ("0" if url[-1] != "0" else "1")
    assert client.get(tampered).status_code == 404
    # The signature is for this key only, not for the small variant next to it.
    small_path = selectors.meal_photo_url(key, size="small").split("?")[0]
    assert client.get(f"{small_path}?{url.split('?')[1]}").status_code == 404
    # Climbing out of the public folder into the private one does not skip the check.
    assert client.get(f"/media/avatars/../private/{key}").status_code == 404


def test_private_url_expires(client, settings):
    key = services.store_meal_photo(upload=samples.upload(samples.jpeg()))
    url = selectors.meal_photo_url(key)
    expires = int(url.split("expires=")[1].split("&")[0])
    assert 0 < expires - time.time() - settings.MEDIA_PRIVATE_URL_SECONDS <= 60

    with time_machine.travel(time.time() + settings.MEDIA_PRIVATE_URL_SECONDS + 61):
        assert client.get(url).status_code == 404


def test_an_expiry_that_is_not_ascii_digits_is_a_404_not_a_500(client):
    key = services.store_meal_photo(upload=samples.upload(samples.jpeg()))
    url = selectors.meal_photo_url(key)
    path, query = url.split("?")
    signature = query.split("signature=")[1]
    for expires in ("²", "١٢٣", "1" * 5000, "+1", " 1", "1e9", "-1", ""):
        response = client.get(path, {"expires": expires, "signature": signature})
        assert response.status_code == 404, expires
