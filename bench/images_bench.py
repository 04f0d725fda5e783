"""Time and peak memory to process a 12-megapixel, ~4 MB phone photo.

    .venv/bin/python bench/images_bench.py [--runs 5]

Makes the photo with Pillow (gradients + noise, so it compresses like a real one, with
EXIF: camera, GPS, orientation 6), then for each kind of image runs media_store's
Pillow pipeline (validate, decode, orient, sRGB, strip, resize, encode both variants)
in a fresh child process, reporting the best and median wall time and the child's
peak resident memory, before and after processing. Also times store_meal_photo end to
end onto local files. Goal: under 1 s and under 200 MB. The photo lands in bench/out/.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "bench" / "out" / "phone-photo-12mp.jpg"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymintel.settings")


def make_photo() -> bytes:
    from PIL import Image

    width, height = 4032, 3024  # a 12 Mpx phone sensor, 4:3
    ramp = Image.linear_gradient("L")
    red = Image.blend(ramp.resize((width, height)), Image.effect_noise((width, height), 18), 0.5)
    green = Image.blend(
        ramp.rotate(90).resize((width, height)), Image.effect_noise((width, height), 18), 0.5
    )
    blue = Image.effect_noise((width, height), 30)
    picture = Image.merge("RGB", (red, green, blue))
    exif = Image.Exif()
    exif.update({0x010F: "PhoneMaker", 0x0110: "Phone 15", 0x0112: 6})
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)})
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=89, exif=exif.tobytes())
    return out.getvalue()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(kind_name: str, runs: int) -> None:
    """Runs in a fresh process, so ru_maxrss is this measurement's peak alone."""
    import django

    django.setup()
    from media_store.images import render
    from media_store.variants import AVATAR, LOGO, MEAL_PHOTO

    kind = {"avatar": AVATAR, "meal_photo": MEAL_PHOTO, "logo": LOGO}[kind_name]
    data = PHOTO.read_bytes()
    before = rss_mb()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rendered = render(data, kind=kind, max_pixels=40_000_000)
        times.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "kind": kind_name,
                "best_s": min(times),
                "median_s": statistics.median(times),
                "rss_before_mb": before,
                "rss_peak_mb": rss_mb(),
                "variants": {
                    size: [v.width, v.height, len(v.data)] for size, v in rendered.variants.items()
                },
            }
        )
    )


def end_to_end(runs: int) -> dict:
    """store_meal_photo onto local files: read, render, two file writes."""
    import django
    from django.test.utils import override_settings

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media_store.services import store_meal_photo

    data = PHOTO.read_bytes()
    times = []
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        for _ in range(runs):
            upload = SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg")
            started = time.perf_counter()
            store_meal_photo(upload=upload)
            times.append(time.perf_counter() - started)
    return {"best_s": min(times), "median_s": statistics.median(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs)
        return
    PHOTO.parent.mkdir(parents=True, exist_ok=True)
    data = make_photo()
    PHOTO.write_bytes(data)
    print(f"photo: 4032x3024, {len(data) / 1e6:.2f} MB, EXIF with GPS and orientation 6")
    for kind in ("meal_photo", "avatar", "logo"):
        out = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--child", kind, "--runs", str(args.runs)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        row = json.loads(out.strip().splitlines()[-1])
        print(
            f"{kind:>10}: best {row['best_s'] * 1000:.0f} ms, median "
            f"{row['median_s'] * 1000:.0f} ms; peak RSS {row['rss_peak_mb']:.0f} MB "
            f"({row['rss_peak_mb'] - row['rss_before_mb']:.0f} MB above the "
            f"{row['rss_before_mb']:.0f} MB process); variants {row['variants']}"
        )
    e2e = end_to_end(args.runs)
    print(
        f"store_meal_photo to local files: best {e2e['best_s'] * 1000:.0f} ms, "
        f"median {e2e['median_s'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
