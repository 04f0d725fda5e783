"""What parallel test workers (pytest -n) must not share: cache keys, test database,
MEDIA_ROOT. Each worker clears only its own cache keys before every test."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from conftest import clear_this_workers_cache
from gymintel.tests.support import require

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def test_this_worker_has_its_own_key_prefix_test_database_and_media_root(db):
    assert settings.CACHES["default"]["KEY_PREFIX"] == f"gymintel-test-{WORKER}"
    if WORKER != "main" and connection.vendor == "postgresql":
        assert connection.settings_dict["NAME"].endswith(f"_{WORKER}")
    assert f"gymintel-test-media-{WORKER}-" in str(settings.MEDIA_ROOT)


def test_clearing_the_cache_leaves_other_workers_keys():
    require(settings.REDIS_URL, "needs Redis: set REDIS_URL (scripts/test does)")
    from django_redis import get_redis_connection

    redis = get_redis_connection("default")
    other = "gymintel-test-gw99:1:throttle"  # another worker's key, as its prefix makes it
    redis.set(other, "kept", ex=60)
    cache.set("throttle", "mine")
    try:
        clear_this_workers_cache()

        assert cache.get("throttle") is None
        assert redis.get(other) == b"kept"
    finally:
        redis.delete(other)
