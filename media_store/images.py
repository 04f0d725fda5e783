"""Pillow work: bytes from a client in, clean re-encoded variants out.

Nothing from the upload survives but its pixels. The format is decided by content
(JPEG, PNG, WebP only), the size is checked from the header before decoding, EXIF
orientation is applied to the pixels, colours are converted to sRGB, and the pixels
are copied into a fresh image, so EXIF (GPS), XMP, ICC, comments and anything a
polyglot hid in them or after the image data are gone. Opaque pictures become JPEG;
pictures with real transparency become WebP (which keeps alpha at a fraction of PNG's
size).
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, UnidentifiedImageError

from media_store.errors import InvalidImage
from media_store.variants import ImageKind, Size

WHITE = (255, 255, 255)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 85
WEBP_QUALITY = 90
# Pillow warns past its own limit (89 Mpx) and only raises past twice that. Our limit
# (settings.IMAGE_MAX_PIXELS) is checked first from the header; should a
# bigger one reach Pillow's check, the warning is an error too. Process-wide on purpose:
# warnings.catch_warnings() per call is not thread-safe under gunicorn threads.
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)

# A photo has no business carrying markup. Long tokens only: shorter ones would turn
# up by chance in 10 MB of compressed data (`<script` about once in 10^8 uploads).
_MARKUP = re.compile(rb"<script|<iframe|<!doctype\s+html|<html[\s>]|<body[\s>]", re.IGNORECASE)

# EXIF orientation -> the transposition that shows the picture upright (as ImageOps).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EXIF_ORIENTATION = 0x0112
_SRGB = ImageCms.createProfile("sRGB")
# Errors Pillow raises on broken, truncated or hostile input.
_DECODE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
)


@dataclass(frozen=True)
class Variant:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Rendered:
    variants: dict[Size, Variant]
    ext: str  # ".jpg" or ".webp", the same for every variant
    content_type: str
    digest: str  # SHA-256 of every variant's bytes: the folder of the keys


def render(data: bytes, *, kind: ImageKind, max_pixels: int) -> Rendered:
    """Validate `data` and encode `kind`'s variants. Raises InvalidImage (400)."""
    if _MARKUP.search(data):
        raise InvalidImage("The file carries HTML or script markup; upload a plain photo.")
    try:
        upright = _decode(data, kind=kind, max_pixels=max_pixels)
    except _DECODE_ERRORS:
        raise InvalidImage() from None
    large = _fresh(_resize(upright, side=kind.large, fit=kind.fit))
    small = _resize(large, side=kind.small, fit=kind.fit)
    ext, content_type = (".webp", "image/webp") if large.mode == "RGBA" else (".jpg", "image/jpeg")
    variants: dict[Size, Variant] = {
        "large": Variant(_encode(large), *large.size),
        "small": Variant(_encode(small), *small.size),
    }
    digest = hashlib.sha256(variants["large"].data + variants["small"].data).hexdigest()
    return Rendered(variants=variants, ext=ext, content_type=content_type, digest=digest)


@dataclass(frozen=True)
class Copy:
    data: bytes  # JPEG
    width: int
    height: int
    digest: str  # SHA-256 of `data`


def render_copy(data: bytes, *, side: int, max_pixels: int) -> Copy:
    """One clean JPEG of at most `side` pixels on the long side, for a reader (Claude)
    rather than for storage: the same checks and cleaning as render(); transparency
    is flattened onto white (a JPEG has none, and a reader needs none)."""
    if _MARKUP.search(data):
        raise InvalidImage("The file carries HTML or script markup; upload a plain photo.")
    kind = ImageKind(prefix="", storage="", large=side, small=side, fit="contain")
    try:
        upright = _decode(data, kind=kind, max_pixels=max_pixels)
    except _DECODE_ERRORS:
        raise InvalidImage() from None
    picture = _resize(upright, side=side, fit="contain")
    clean = Image.new("RGB", picture.size, WHITE)  # fresh: nothing of im.info comes along
    clean.paste(picture, mask=picture.getchannel("A") if picture.mode == "RGBA" else None)
    encoded = _encode(clean)
    digest = hashlib.sha256(encoded).hexdigest()
    return Copy(data=encoded, width=clean.width, height=clean.height, digest=digest)


def _decode(data: bytes, *, kind: ImageKind, max_pixels: int) -> Image.Image:
    """Open by content, refuse by header size, decode (JPEG at reduced scale), upright."""
    # Not a `with` block: closing the file would also close the decoded pixels.
    im = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)  # reads the header only
    if im.width * im.height > max_pixels:
        raise InvalidImage(
            f"The image is {im.width}x{im.height} pixels; the limit is "
            f"{max_pixels / 1_000_000:g} megapixels."
        )
    orientation = _orientation(im)
    if im.format == "JPEG":
        # DCT scaling: a 12 Mpx photo decodes at 1/2..1/8 of its size, still at least
        # as large as the biggest variant needs. Most of the time and memory saved.
        im.draft(None, _draft_size(im.size, side=kind.large, fit=kind.fit))
    im.load()  # the full decode: truncated or corrupt data raises here
    picture = _srgb(im)
    method = _UPRIGHT.get(orientation)
    return picture.transpose(method) if method is not None else picture


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(_EXIF_ORIENTATION, 1)
    except Exception:  # unreadable EXIF: show the pixels as stored
        return 1
    return value if isinstance(value, int) else 1


def _draft_size(size: tuple[int, int], *, side: int, fit: str) -> tuple[int, int]:
    width, height = size
    reference = min(width, height) if fit == "crop" else max(width, height)
    ratio = side / reference
    return max(1, math.ceil(width * ratio)), max(1, math.ceil(height * ratio))


def _has_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info


def _srgb(im: Image.Image) -> Image.Image:
    """RGB, or RGBA when some pixel is actually transparent; colours in sRGB."""
    target = "RGBA" if _has_alpha(im) else "RGB"
    if im.mode.startswith("I"):  # 16-bit greyscale PNG: scale down, don't clip to white
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK"):
        converted = _icc_to_srgb(im, icc, target)
        if converted is not None:
            im = converted
    if im.mode != target:
        im = im.convert(target)
    if target == "RGBA" and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert("RGB")  # declared alpha, all opaque: a JPEG will do
    return im


def _icc_to_srgb(im: Image.Image, icc: bytes, target: str) -> Image.Image | None:
    # Phones shoot in Display P3; without conversion, dropping the profile would make
    # every photo look dull. A profile we cannot read is ignored, not fatal.
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(source).lower():
            return None
        mode = target if im.mode != "CMYK" else "RGB"
        return ImageCms.profileToProfile(im, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def _resize(im: Image.Image, *, side: int, fit: str) -> Image.Image:
    """Never upscales: a picture smaller than `side` keeps its size."""
    width, height = im.size
    if fit == "crop":
        short = min(width, height)
        left, top = (width - short) // 2, (height - short) // 2
        box = (left, top, left + short, top + short)
        out = min(side, short)
        if out == short == width == height:
            return im
        return im.resize((out, out), Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    scale = min(1.0, side / max(width, height))
    out_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if out_size == im.size:
        return im
    return im.resize(out_size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _fresh(im: Image.Image) -> Image.Image:
    # resize()/copy() carry im.info along (EXIF with GPS, comments, ICC, XMP), and
    # encoders write some of it back (JPEG keeps `comment`). A new image has none.
    clean = Image.new(im.mode, im.size)
    clean.paste(im)
    return clean


def _encode(im: Image.Image) -> bytes:
    out = io.BytesIO()
    if im.mode == "RGBA":
        im.save(out, "WEBP", quality=WEBP_QUALITY, alpha_quality=100, method=4)
    else:
        im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
