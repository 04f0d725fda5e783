"""Image files for tests, made on the fly (no binaries in git)."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)
GPS_IFD = 0x8825
ORIENTATION = 0x0112
# Where the phone was: 51°30'26"N 0°7'39"W.
GPS = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}


def jpeg(
    size: tuple[int, int] = (800, 600),
    *,
    color=RED,
    orientation: int | None = None,
    gps: bool = False,
    comment: bytes | None = None,
) -> bytes:
    im = Image.new("RGB", size, color)
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update(GPS)
    out = io.BytesIO()
    kwargs = {"exif": exif.tobytes()} if (gps or orientation) else {}
    if comment is not None:
        kwargs["comment"] = comment
    im.save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def two_tone_tall_jpeg(*, orientation: int) -> bytes:
    """300x600 as stored: red top half, blue bottom half, with an EXIF orientation."""
    im = Image.new("RGB", (300, 600), RED)
    im.paste(BLUE, (0, 300, 300, 600))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    out = io.BytesIO()
    im.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def png(size=(400, 300), *, mode="RGBA", color=(0, 0, 0, 0)) -> bytes:
    im = Image.new(mode, size, color)
    if mode == "RGBA":
        im.paste((20, 200, 20, 255), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def webp(size=(640, 480), color=GREEN) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "WEBP", quality=80)
    return out.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 8_000, height: int = 6_000) -> bytes:
    """A few hundred bytes that claim width x height pixels (48 Mpx by default)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = zlib.compress(b"\x00" * (1 + 3 * min(width, 64)))  # a token of pixel data
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def noisy_jpeg(size=(1200, 900)) -> bytes:
    """Real-looking detail, so a truncated copy is missing real scan data."""
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def open_image(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


def display_p3_profile() -> bytes:
    """A minimal ICC v2 matrix/TRC profile with Display P3 primaries (as iPhones tag
    their photos), built by hand: Pillow can only create sRGB, LAB and XYZ ones."""
    name = b"Display P3 (test)\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + bytes(4 + 4 + 2 + 1 + 67)
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    tags = [
        (b"desc", desc),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(0.5151, 0.2412, -0.0011)),
        (b"gXYZ", _xyz(0.2920, 0.6922, 0.0419)),
        (b"bXYZ", _xyz(0.1571, 0.0666, 0.7841)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0none\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + bytes(4)
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(24)
        + struct.pack(">I", 0)  # perceptual
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + bytes(48)
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data
