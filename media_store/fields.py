"""The serializer field every image URL goes out through (avatar_url, photo_url, logo_url)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI)
class ImageUrlField(serializers.CharField):
    """Absolute, like page links: S3 and CDN URLs are; the embedded default's paths
    ("/media/...") are resolved against the request's origin (gymintel.origin)."""
