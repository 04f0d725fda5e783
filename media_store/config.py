"""The STORAGES dictionaries, built in one place for settings.py and the tests.

settings.py calls these with the environment's values; the S3 tests call `s3_storages`
with a moto server's endpoint, so they exercise the configuration production runs.
Imports nothing from Django's app registry: settings.py imports this module.
"""

from __future__ import annotations

from typing import Any

from botocore.config import Config

# Keys are content hashes (media_store.variants): an object never changes under its key,
# so caches may keep it forever.
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
# Private objects never sit in shared caches; the signed URL expires before this matters.
PRIVATE_CACHE_CONTROL = "private, max-age=600"


def s3_client_config(*, addressing_style: str | None = None) -> Config:
    # A request path must not hang on a dead S3: short timeouts and one retry, so an
    # outage answers 503 in seconds, not after botocore's 60 s x 5 attempts.
    # (Passing a client_config makes django-storages ignore signature_version, so it is here.)
    return Config(
        signature_version="s3v4",
        s3={"addressing_style": addressing_style or "auto"},
        connect_timeout=3,
        read_timeout=10,
        retries={"total_max_attempts": 2, "mode": "standard"},
    )


def s3_storages(
    *,
    bucket_name: str,
    endpoint_url: str | None = None,
    region_name: str = "us-east-1",
    custom_domain: str | None = None,
    private_url_seconds: int = 900,
    addressing_style: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
) -> dict[str, dict[str, Any]]:
    """ "default" = public images (avatars, logos), "private" = meal photos.

    Credentials: None lets boto3 find them (environment, instance role).
    """
    common: dict[str, Any] = {
        "bucket_name": bucket_name,
        "endpoint_url": endpoint_url,
        "region_name": region_name,
        "client_config": s3_client_config(addressing_style=addressing_style),
        # Keys are content hashes: the same key always holds the same bytes, so writing
        # again is harmless and saves the HEAD request a no-overwrite check would cost.
        "file_overwrite": True,
    }
    if access_key:
        common |= {"access_key": access_key, "secret_key": secret_key}
    return {
        # Public: plain URLs, through the CDN when one is configured.
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "custom_domain": custom_domain,
                "querystring_auth": False,
                "object_parameters": {"CacheControl": PUBLIC_CACHE_CONTROL},
            },
        },
        # Private: short-lived signed URLs straight from S3. Never the CDN domain: with a
        # custom domain django-storages drops the signature (docs/DECISIONS.md).
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "custom_domain": None,
                "querystring_auth": True,
                "querystring_expire": private_url_seconds,
                "object_parameters": {"CacheControl": PRIVATE_CACHE_CONTROL},
            },
        },
    }


def local_storages() -> dict[str, dict[str, Any]]:
    """The embedded default: files under MEDIA_ROOT, served by media_store.views."""
    return {
        # allow_overwrite: the same content hash is the same bytes (see file_overwrite).
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"allow_overwrite": True},
        },
        # MEDIA_ROOT/private, URLs signed with SECRET_KEY and expiring like S3's.
        "private": {
            "BACKEND": "media_store.storage.SignedFileSystemStorage",
            "OPTIONS": {"allow_overwrite": True},
        },
    }
