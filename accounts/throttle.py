"""Login throttling in the cache, shared by the API login and the staff login page.

Password hashing is deliberately slow; unthrottled logins are a way to burn our CPU.
Counters are per email and per client address over a fixed window. If the cache is
down the counters read as absent and logins proceed: a degraded cache must not lock
every member out (docs/RELIABILITY.md).
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from accounts.models import normalize_email

log = logging.getLogger(__name__)


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"login-throttle:{kind}:{digest}"


def client_ip(request: HttpRequest) -> str:
    # Behind nginx, the proxy's address is REMOTE_ADDR; nginx sets X-Real-IP.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")


def _cache_answers(key: str, window: int) -> bool:
    """Create the counter if missing. False when the cache is down: django-redis with
    IGNORE_EXCEPTIONS answers None instead of True/False. Stopping at the first
    unanswered call bounds a login on a hung Redis to one SOCKET_TIMEOUT, not four."""
    try:
        answered = cache.add(key, 0, timeout=window) is not None
    except Exception:  # a cache backend that raises instead
        answered = False
    if not answered:
        log.warning("login throttle is off: the cache is unavailable; login allowed")
    return answered


def login_allowed(*, email: str, ip: str) -> bool:
    """Count this attempt; False when either counter is over its limit."""
    window = settings.LOGIN_THROTTLE_WINDOW
    allowed = True
    for kind, value, limit in (
        # One counter per address however it is spelled: the spelling accounts stores.
        ("email", normalize_email(email), settings.LOGIN_THROTTLE_PER_EMAIL),
        ("ip", ip.strip().lower(), settings.LOGIN_THROTTLE_PER_IP),
    ):
        key = _key(kind, value)
        if not _cache_answers(key, window):
            return allowed  # fail open: what was counted so far still stands
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: start again
            cache.set(key, 1, timeout=window)
            count = 1
        if count is not None and count > limit:
            allowed = False
    return allowed
