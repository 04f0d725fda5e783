"""downscaled_copy: a clean JPEG for a reader (Claude), made like a stored image but
stored nowhere."""

from __future__ import annotations

import pytest

from media_store.errors import ImageTooLarge, InvalidImage
from media_store.services import downscaled_copy
from media_store.tests import samples


def copy_of(data: bytes, side: int = 1024):
    return downscaled_copy(upload=samples.upload(data), side=side)


def test_a_big_photo_becomes_a_jpeg_of_the_given_side_without_exif():
    copy = copy_of(samples.jpeg((4000, 3000), gps=True, comment=b"home"))

    image = samples.open_image(copy.data)
    assert (image.format, image.size) == ("JPEG", (1024, 768))
    assert (copy.width, copy.height) == image.size
    assert not image.getexif() and "comment" not in image.info


def test_the_exif_orientation_is_applied_to_the_pixels():
    image = samples.open_image(copy_of(samples.two_tone_tall_jpeg(orientation=6)).data)
    assert image.size == (600, 300)  # stored 300x600, shown turned a quarter


def test_the_same_upload_gives_the_same_bytes_and_digest():
    data = samples.jpeg((1500, 1000), color=samples.GREEN)
    assert copy_of(data) == copy_of(data)
    assert copy_of(data).digest != copy_of(samples.jpeg((1500, 1000))).digest


def test_nothing_is_stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    copy_of(samples.jpeg())
    assert not settings.MEDIA_ROOT.exists()


@pytest.mark.parametrize(
    "data", [b"not an image", samples.noisy_jpeg()[:3000], samples.png_bomb(), b""]
)
def test_what_is_not_a_readable_image_is_refused(data):
    with pytest.raises(InvalidImage):
        copy_of(data)


def test_over_the_upload_limit_is_refused_before_decoding(settings):
    with pytest.raises(ImageTooLarge):
        copy_of(b"\xff\xd8" + b"\0" * settings.UPLOAD_BODY_MAX_BYTES)
