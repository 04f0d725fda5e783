"""How long a request can wait on each dependency when it hangs or refuses.

    .venv/bin/python bench/fault_bounds.py

Needs REDIS_URL set (a django-redis cache, as in production); nothing else. Each
dependency is replaced by a port of our own: a refused one (nothing listens) or a
tarpit that accepts and never answers (gymintel/tests/faults/servers.py). No shared
server is touched. The tests assert the cheap bounds; the slow ones are only measured
here (an S3 that hangs costs over 20 s, too long for the suite).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymintel.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import override_settings  # noqa: E402

from accounts.throttle import login_attempt  # noqa: E402
from gymintel.health import _cache  # noqa: E402
from gymintel.tests.faults.servers import Tarpit, dead_port  # noqa: E402
from media_store import services  # noqa: E402
from media_store.config import s3_storages  # noqa: E402
from media_store.tests import samples  # noqa: E402

_PUBLISH = (
    "import time, django; django.setup()\n"
    "from aicoach.tasks import prune_ai_cache\n"
    "t = time.monotonic()\n"
    "try:\n    prune_ai_cache.apply_async()\nexcept Exception as e:\n    print(type(e).__name__)\n"
    "print(round(time.monotonic() - t, 2))\n"
)


def timed(fn) -> float:
    started = time.monotonic()
    try:
        fn()
    except Exception as exc:  # the outage's error is expected; the time is the figure
        print(f"    ({type(exc).__name__})")
    return round(time.monotonic() - started, 2)


def publish(url: str) -> str:
    """One publish in a fresh process configured from the environment, as in production."""
    env = {**os.environ, "CELERY_BROKER_URL": url, "CELERY_EAGER": "0"}
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _PUBLISH], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    return out.stdout.decode().split()[-1]


def s3_at(endpoint: str) -> dict:
    storages = s3_storages(
        bucket_name="bench",
        endpoint_url=endpoint,
        region_name="us-east-1",
        custom_domain=None,
        access_key="bench",
        secret_key="bench",  # noqa: S106 - a fake endpoint checks nothing
    )
    return {**storages, "staticfiles": settings.STORAGES["staticfiles"]}


def measure(where: str, photo: bytes) -> list[tuple[str, float | str]]:
    """Every figure with each dependency at `where` (host:port)."""
    cache = {"default": {**settings.CACHES["default"], "LOCATION": f"redis://{where}/0"}}
    with override_settings(CACHES=cache):
        throttle = timed(lambda: login_attempt(email="bench@example.test", ip="127.0.0.1"))
        health = timed(_cache)
    with override_settings(STORAGES=s3_at(f"http://{where}")):
        upload = samples.upload(photo)
        s3 = timed(lambda: services.store_meal_photo(upload=upload))
    return [
        ("Celery publish", publish(f"redis://{where}/0")),
        ("login throttle (cache)", throttle),
        ("/healthz/ cache probe", health),
        ("S3 meal photo upload", s3),
    ]


def main() -> None:
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        sys.exit("Set REDIS_URL: the cache figures are django-redis's.")
    photo = samples.jpeg()
    with Tarpit() as hung:
        results = {
            "refused": measure(f"127.0.0.1:{dead_port()}", photo),
            "hung": measure(f"127.0.0.1:{hung.port}", photo),
        }
    print(f"{'what':26} {'refused':>8} {'hung':>8}   (seconds)")
    for (what, refused), (_, hanging) in zip(results["refused"], results["hung"], strict=True):
        print(f"{what:26} {refused!s:>8} {hanging!s:>8}")


if __name__ == "__main__":
    main()
