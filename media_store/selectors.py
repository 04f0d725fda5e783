"""Storage keys to URLs. Models hold keys; only serializers and templates call these.

    avatar_url(key, *, size="small"|"large") -> str | None     public (CDN when configured)
    meal_photo_url(key, *, size="small"|"large") -> str | None private (signed, expiring)
    logo_url(key, *, size="large"|"small") -> str | None       public

No query and no network call: the stored key is the large variant's, the small one's
key is derived from it (media_store.variants), and S3 presigning is local HMAC work.
Lists show "small" (128 px avatars, 400 px meal photos); a profile or a detail, "large".
"""

from __future__ import annotations

from gymintel.origin import absolute
from media_store.storage import storage_for
from media_store.variants import AVATAR, LOGO, MEAL_PHOTO, ImageKind, Size, sized_key


def avatar_url(key: str, *, size: Size = "small") -> str | None:
    return _url(key, kind=AVATAR, size=size)


def meal_photo_url(key: str, *, size: Size = "small") -> str | None:
    return _url(key, kind=MEAL_PHOTO, size=size)


def logo_url(key: str, *, size: Size = "large") -> str | None:
    return _url(key, kind=LOGO, size=size)


def _url(key: str, *, kind: ImageKind, size: Size) -> str | None:
    if not key:
        return None
    if size not in ("small", "large"):
        raise ValueError(f"size must be 'small' or 'large', not {size!r}")
    # Absolute in an API answer whatever the storage (gymintel.origin).
    return absolute(storage_for(kind.storage).url(sized_key(key, kind=kind, size=size)))
