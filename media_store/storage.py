"""Storage access for media_store: every failure becomes StorageUnavailable (503).

Also the local stand-in for S3's signed URLs: `SignedFileSystemStorage` keeps private
images under MEDIA_ROOT/private and hands out URLs that carry an expiry and an HMAC,
which media_store.views checks, so a meal photo's URL leaks no further locally than
it would on S3.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import re
import time
from urllib.parse import urlencode

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import cached_property

from media_store.errors import StorageUnavailable

log = logging.getLogger(__name__)

# S3 (botocore) and local disks fail with these; anything else is a bug and stays a 500.
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError)
PRIVATE_PREFIX = "private/"
_SIGNING_SALT = "media_store.private-url"
_URL_STEP = 60  # seconds


def storage_for(alias: str) -> Storage:
    return storages[alias]


def save_objects(*, alias: str, objects: dict[str, tuple[bytes, str]]) -> None:
    """Write {key: (bytes, content type)}; on failure remove what was written, then 503."""
    storage = storage_for(alias)
    written: list[str] = []
    try:
        for key, (data, content_type) in objects.items():
            content = ContentFile(data)
            content.content_type = content_type  # S3: sent as the object's Content-Type
            saved_as = storage.save(key, content)
            written.append(saved_as)
            if saved_as != key:  # a backend that renames would break the derived keys
                raise OSError(f"storage saved {key!r} as {saved_as!r}")
    except STORAGE_ERRORS as exc:
        log.warning("image storage %r failed writing: %s", alias, exc)
        delete_objects(alias=alias, keys=written)
        raise StorageUnavailable() from exc


def delete_objects(*, alias: str, keys: list[str]) -> None:
    """Best effort: a leftover object costs cents, a failed request after commit costs more."""
    storage = storage_for(alias)
    for key in keys:
        try:
            storage.delete(key)
        except STORAGE_ERRORS as exc:
            log.warning("image storage %r could not delete %s: %s", alias, key, exc)
    if isinstance(storage, FileSystemStorage):
        # S3 has no folders; on disk, leave no empty <sha256>/ directory behind.
        for folder in {posixpath.dirname(key) for key in keys}:
            with contextlib.suppress(OSError):
                os.rmdir(storage.path(folder))


def _signature(name: str, expires: int) -> str:
    return salted_hmac(_SIGNING_SALT, f"{name}\n{expires}", algorithm="sha256").hexdigest()


# A Unix time in seconds, in ASCII digits only: str.isdigit() also accepts "²" and other
# Unicode digits that int() then refuses, and an unbounded length is a slow int().
_EXPIRES = re.compile(r"[0-9]{1,12}")


def signature_is_valid(name: str, *, expires: str, signature: str) -> bool:
    if not _EXPIRES.fullmatch(expires) or int(expires) < time.time():
        return False
    return constant_time_compare(signature, _signature(name, int(expires)))


class SignedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage under MEDIA_ROOT/private whose URLs expire (like S3 presigning)."""

    @cached_property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, f"{settings.MEDIA_ROOT}/private")

    @cached_property
    def base_url(self) -> str:
        media_url = settings.MEDIA_URL.rstrip("/") + "/"
        return self._value_or_setting(self._base_url, f"{media_url}{PRIVATE_PREFIX}")

    def url(self, name: str | None) -> str:
        # The expiry is rounded up to the next minute, so a URL stays the same for a
        # minute: browsers reuse their cached copy across page loads, pages compare equal.
        # Lifetime: MEDIA_PRIVATE_URL_SECONDS, plus at most a minute.
        now = int(time.time())
        expires = now - now % _URL_STEP + _URL_STEP + settings.MEDIA_PRIVATE_URL_SECONDS
        query = urlencode({"expires": expires, "signature": _signature(name or "", expires)})
        return f"{super().url(name)}?{query}"
