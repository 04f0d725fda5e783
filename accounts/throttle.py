"""Login throttling in the cache: one throttle for the API login, the staff login page
and the Django admin login.

Password hashing is deliberately slow and passwords are guessable: attempts are counted
per (email, address) pair, with a higher ceiling per email (many addresses guessing one
account) and per address (one address spraying many accounts). Past a limit the wait
grows with each further attempt (1 s, 2 s, 4 s ... up to LOGIN_BACKOFF_MAX_SECONDS)
instead of a flat lockout, and after each wait one more attempt is checked: a stranger
who fails an account's password from one address slows only their own pair, and the
owner signing in from elsewhere is not locked out.
A successful sign-in clears its pair.

Addresses come from gymintel.client_address (headers only from TRUSTED_PROXIES). If the
cache is down the counters read as absent and logins proceed: a degraded cache must not
lock every member out (docs/RELIABILITY.md). Without a shared cache each process would
count alone, so production with several workers requires Redis (gunicorn.conf.py).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from accounts.models import normalize_email
from gymintel.client_address import client_address

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds, when not allowed
    counted: bool = True  # False when the cache did not answer (fail open)

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if not self.allowed else {}


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"login-throttle:{kind}:{digest}"


def client_ip(request: HttpRequest) -> str:
    meta = request.META
    return client_address(
        peer=meta.get("REMOTE_ADDR", ""),
        real_ip=meta.get("HTTP_X_REAL_IP", ""),
        forwarded_for=meta.get("HTTP_X_FORWARDED_FOR", ""),
        trusted=settings.TRUSTED_PROXIES,
    )


def _counters(email: str, ip: str) -> list[tuple[str, int]]:
    """(counter key, limit): one counter per address however it is spelled."""
    email, ip = normalize_email(email), ip.strip().lower()
    return [
        (_key("pair", f"{email}\n{ip}"), settings.LOGIN_THROTTLE_PER_PAIR),
        (_key("email", email), settings.LOGIN_THROTTLE_PER_EMAIL),
        (_key("ip", ip), settings.LOGIN_THROTTLE_PER_IP),
    ]


def _backoff(count: int, limit: int) -> int:
    """Seconds before the next attempt once `count` reached `limit`: 1, 2, 4 ... capped."""
    return min(2 ** min(count - limit, 30), settings.LOGIN_BACKOFF_MAX_SECONDS)


def login_attempt(*, email: str, ip: str) -> Verdict:
    """Count this attempt, before the password is checked. Refused (not counted) while a
    wait runs; an attempt that reaches a limit is still checked, and starts the next
    wait, twice the last: one guess per wait, however long the guessing goes on."""
    counters = _counters(email, ip)
    blocks = [f"{key}:until" for key, _ in counters]
    window = settings.LOGIN_THROTTLE_WINDOW
    if not _cache_answers(counters[0][0], window):
        return Verdict(True, counted=False)
    now = time.time()
    until = max([float(v) for v in cache.get_many(blocks).values()] or [0])
    if until > now:
        return Verdict(False, retry_after=math.ceil(until - now))
    for (key, limit), block in zip(counters, blocks, strict=True):
        count = _count(key, window)
        if count is None:
            return Verdict(True, counted=False)  # fail open: what was counted still stands
        if count >= limit:
            # The stored time decides, not the key's expiry: the key outlives it a little.
            cache.set(block, now + _backoff(count, limit), timeout=_backoff(count, limit) + 60)
    return Verdict(True)


def login_succeeded(*, email: str, ip: str, verdict: Verdict) -> None:
    """The right password from this address: its pair starts again from nothing.
    Nothing to clear (and no call to wait on) when the attempt was not counted."""
    if not verdict.counted:
        return
    pair, _ = _counters(email, ip)[0]
    try:
        cache.delete_many([pair, f"{pair}:until"])
    except Exception:
        log.warning("login throttle: could not clear a pair after a sign-in")


def _cache_answers(key: str, window: int) -> bool:
    """Create the counter if missing. False when the cache is down: django-redis with
    IGNORE_EXCEPTIONS answers None instead of True/False. Stopping at the first
    unanswered call bounds a login on a hung Redis to one SOCKET_TIMEOUT."""
    try:
        answered = cache.add(key, 0, timeout=window) is not None
    except Exception:  # a cache backend that raises instead
        answered = False
    if not answered:
        log.warning("login throttle is off: the cache is unavailable; login allowed")
    return answered


def _count(key: str, window: int) -> int | None:
    """The counter after this attempt; None when the cache stopped answering."""
    if not _cache_answers(key, window):
        return None
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: start again
        cache.set(key, 1, timeout=window)
        return 1
