"""The serializer field every image URL goes out through (avatar_url, photo_url, logo_url)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI_REF)
class ImageUrlField(serializers.CharField):
    """Absolute on S3 or a CDN; a path ("/media/...") when the app serves its own media
    folder. Documented as `uri-reference`: `uri` would promise a scheme we do not send."""
