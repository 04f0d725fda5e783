"""The link in a staff invitation: the invitation's id, signed, with its own expiry.

Whoever holds the link can see the offer, but only the invited account's password
accepts it (accounts.invitation_views).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

_SALT = "accounts.staff-invitation"


def invitation_token(invitation_id: int) -> str:
    return signing.dumps(invitation_id, salt=_SALT, compress=False)


def invitation_id_from(token: str) -> int | None:
    """The invitation id, or None for a token we did not sign or that is too old."""
    max_age = settings.STAFF_INVITATION_DAYS * 24 * 3600
    try:
        value = signing.loads(token[:200], salt=_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return value if isinstance(value, int) else None
