"""What Pillow processing guarantees, whatever storage the variants land in."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from media_store.errors import InvalidImage
from media_store.images import render
from media_store.tests import samples
from media_store.variants import AVATAR, LOGO, MEAL_PHOTO

LIMIT = 40_000_000


def test_jpeg_with_gps_comes_back_without_any_metadata():
    original = samples.jpeg((1200, 900), gps=True, orientation=1, comment=b"shot at home")
    assert samples.open_image(original).getexif().get_ifd(samples.GPS_IFD)  # the bait is there

    rendered = render(original, kind=MEAL_PHOTO, max_pixels=LIMIT)

    for variant in rendered.variants.values():
        im = samples.open_image(variant.data)
        assert dict(im.getexif()) == {}
        assert not set(im.info) & {"exif", "comment", "icc_profile", "xmp"}
        assert b"Exif" not in variant.data
        assert b"shot at home" not in variant.data


def test_orientation_6_turns_a_tall_photo_wide():
    # Stored 300x600 (red over blue); orientation 6 means "rotate 90 degrees clockwise to
    # view", so it is seen 600x300 with blue on the left and red on the right.
    rendered = render(samples.two_tone_tall_jpeg(orientation=6), kind=MEAL_PHOTO, max_pixels=LIMIT)

    im = samples.open_image(rendered.variants["large"].data).convert("RGB")
    assert im.size == (600, 300)
    left, right = im.getpixel((50, 150)), im.getpixel((550, 150))
    assert left[2] > 150 > left[0]  # blue
    assert right[0] > 150 > right[2]  # red


def test_orientation_is_applied_to_square_crops_too():
    rendered = render(samples.two_tone_tall_jpeg(orientation=6), kind=AVATAR, max_pixels=LIMIT)

    im = samples.open_image(rendered.variants["large"].data).convert("RGB")
    assert im.size == (300, 300)  # never upscaled to 512
    assert im.getpixel((20, 150))[2] > 150  # blue on the left
    assert im.getpixel((280, 150))[0] > 150  # red on the right


@pytest.mark.parametrize(
    ("kind", "large", "small"),
    [
        (AVATAR, (512, 512), (128, 128)),
        (MEAL_PHOTO, (1600, 1200), (400, 300)),
        (LOGO, (512, 384), (128, 96)),
    ],
)
def test_variant_sizes(kind, large, small):
    rendered = render(samples.jpeg((4000, 3000)), kind=kind, max_pixels=LIMIT)

    assert (rendered.variants["large"].width, rendered.variants["large"].height) == large
    assert samples.open_image(rendered.variants["large"].data).size == large
    assert samples.open_image(rendered.variants["small"].data).size == small
    assert rendered.ext == ".jpg"


def test_transparent_png_keeps_its_alpha_as_webp():
    rendered = render(samples.png(), kind=LOGO, max_pixels=LIMIT)

    im = samples.open_image(rendered.variants["large"].data)
    assert (im.format, im.mode, rendered.ext) == ("WEBP", "RGBA", ".webp")
    assert im.getpixel((5, 5))[3] == 0  # the transparent corner stays transparent
    assert im.getpixel((150, 100))[3] == 255


def test_an_opaque_png_becomes_a_jpeg():
    rendered = render(samples.png(mode="RGB", color=(9, 9, 9)), kind=LOGO, max_pixels=LIMIT)

    assert samples.open_image(rendered.variants["large"].data).format == "JPEG"


def test_webp_is_accepted_by_content_and_re_encoded():
    rendered = render(samples.webp(), kind=MEAL_PHOTO, max_pixels=LIMIT)

    assert samples.open_image(rendered.variants["large"].data).size == (640, 480)


def test_display_p3_photo_is_converted_to_srgb():
    # Phones tag photos Display P3. Dropping the profile without converting would show
    # P3 (200, 100, 50) as that sRGB value: duller than what the member saw.
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 100, 50)).save(
        out, "JPEG", quality=100, icc_profile=samples.display_p3_profile()
    )

    rendered = render(out.getvalue(), kind=AVATAR, max_pixels=LIMIT)

    im = samples.open_image(rendered.variants["large"].data)
    assert "icc_profile" not in im.info
    red, _green, blue = im.convert("RGB").getpixel((32, 32))
    assert red >= 210 and blue <= 35  # lcms: P3 (200, 100, 50) is sRGB (216, 93, 24)


def test_same_pixels_same_digest_different_pixels_different_digest():
    first = render(samples.jpeg(color=samples.RED), kind=AVATAR, max_pixels=LIMIT)
    again = render(samples.jpeg(color=samples.RED), kind=AVATAR, max_pixels=LIMIT)
    other = render(samples.jpeg(color=samples.BLUE), kind=AVATAR, max_pixels=LIMIT)

    assert first.digest == again.digest != other.digest
    assert len(first.digest) == 64


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(samples.png_bomb(), id="48-megapixel-png-header"),
        pytest.param(samples.png_bomb(20_000, 20_000), id="400-megapixel-png-header"),
        pytest.param(samples.noisy_jpeg()[:20_000], id="truncated-jpeg"),
        pytest.param(b"GIF89a" + b"\x00" * 100, id="gif"),
        pytest.param(b"just some text, named photo.jpg", id="text"),
        pytest.param(b"<html><script>alert(1)</script></html>" + samples.jpeg(), id="html-first"),
        pytest.param(
            samples.jpeg(comment=b"<script>alert(document.cookie)</script>"), id="jpeg-with-script"
        ),
        pytest.param(samples.jpeg() + b"<html><body>hi</body></html>", id="html-after-jpeg"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', id="svg"
        ),
    ],
)
def test_refused_as_invalid(data):
    with pytest.raises(InvalidImage):
        render(data, kind=AVATAR, max_pixels=LIMIT)


def test_the_pixel_limit_is_checked_from_the_header():
    with pytest.raises(InvalidImage, match="8000x6000 pixels; the limit is 40 megapixels"):
        render(samples.png_bomb(), kind=AVATAR, max_pixels=LIMIT)


def test_markup_pillow_would_keep_does_not_survive_re_encoding():
    # An HTML payload without the tokens the tripwire looks for, hidden where Pillow
    # keeps it (the JPEG comment, which its encoder writes back), and after the image.
    payload = b"<img src=x onerror=alert(1)>"
    polyglot = samples.jpeg(comment=payload) + payload
    assert payload in polyglot and samples.open_image(polyglot).info["comment"] == payload

    rendered = render(polyglot, kind=MEAL_PHOTO, max_pixels=LIMIT)

    for variant in rendered.variants.values():
        assert payload not in variant.data
        assert b"onerror" not in variant.data
