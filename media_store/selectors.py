"""Storage keys to URLs. Models hold keys; only serializers and templates call these.

INTERFACE (issue #7 fleshes out variants and signing; signatures stay):
    avatar_url(key, *, size="small"|"large") -> str | None
    meal_photo_url(key, *, size="small"|"large") -> str | None   (private: signed on S3)
    logo_url(key) -> str | None
"""

from __future__ import annotations

from django.core.files.storage import default_storage, storages


def avatar_url(key: str, *, size: str = "small") -> str | None:
    return default_storage.url(key) if key else None


def meal_photo_url(key: str, *, size: str = "small") -> str | None:
    return storages["private"].url(key) if key else None


def logo_url(key: str) -> str | None:
    return default_storage.url(key) if key else None
