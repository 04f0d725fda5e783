"""GET /healthz/: is each dependency answering? 503 names what is down."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse

log = logging.getLogger(__name__)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # any failure is "down", with the reason in the log
        log.warning("health: database down: %s", exc)
        return "down"


def _cache() -> str:
    # A key per probe: with one shared key, concurrent probes overwrite each other's
    # token and a healthy cache reads as down under load (it did, in the load test).
    token = uuid.uuid4().hex
    key = f"healthz-probe:{token}"
    try:
        cache.set(key, token, timeout=10)
        # django-redis fails open (IGNORE_EXCEPTIONS): a dead Redis reads back None.
        ok = cache.get(key) == token
        cache.delete(key)
        return "ok" if ok else "down"
    except Exception as exc:
        log.warning("health: cache down: %s", exc)
        return "down"


def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache()}
    healthy = all(v == "ok" for v in checks.values())
    body = {**checks, "status": "ok" if healthy else "degraded"}
    if not healthy:
        body["down"] = sorted(k for k, v in checks.items() if v != "ok")
    return JsonResponse(body, status=200 if healthy else 503)
