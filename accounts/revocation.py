"""Taking access away: one call when a role, a password or an account's status changes.

The API's refresh tokens check the user's token_version at every rotation (one query
they make anyway). Staff pages keep who is asking in the session and would otherwise
notice only at their 15-minute re-read, so a change is also announced in the cache,
which a staff page reads on every request (accounts.staff_session).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import TokenFamily, User

log = logging.getLogger(__name__)


def _key(user_id: int) -> str:
    return f"identity-changed:{user_id}"


def _lifetime() -> int:
    # After one re-read period every session has re-read by itself: the mark can go.
    return int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()) + 60


def logins_revoke(*, user_id: int) -> None:
    """End every API login of the user at its next refresh and make staff pages re-read.

    Call inside the transaction that changed the role or status: the announcement is
    sent after it commits, so a page cannot re-read the old row after the mark.
    """
    User.objects.filter(pk=user_id).update(token_version=F("token_version") + 1)
    transaction.on_commit(lambda: announce_change(user_id=user_id))


def announce_change(*, user_id: int) -> None:
    try:
        cache.set(_key(user_id), time.time(), timeout=_lifetime())
    except Exception:  # a cache backend that raises: the 15-minute re-read still applies
        log.warning("could not announce an identity change of user %s", user_id)


def changed_since(*, user_id: int, since: float) -> bool:
    """Was the user's identity changed after `since` (a time.time())? One cache read."""
    try:
        changed_at = cache.get(_key(user_id))
    except Exception:
        return False
    return changed_at is not None and changed_at >= since


def token_families_prune(*, batch_size: int = 5000) -> int:
    """Delete logins past their absolute lifetime (nothing can refresh them), a batch
    at a time so one run never holds a long lock; returns how many went."""
    cutoff = timezone.now() - timedelta(days=settings.LOGIN_MAX_DAYS)
    deleted = 0
    while True:
        ids = list(
            TokenFamily.objects.filter(started_at__lt=cutoff).values_list("pk", flat=True)[
                :batch_size
            ]
        )
        if not ids:
            return deleted
        deleted += TokenFamily.objects.filter(pk__in=ids).delete()[0]
