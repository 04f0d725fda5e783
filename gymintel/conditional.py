"""Conditional GET for what a phone polls: `ETag` on the answer, 304 for `If-None-Match`.

The tag is a digest of the values the answer is made of, taken after the view's
queries and before anything is rendered (no URL signing, no JSON): a phone asking
"has this changed?" is answered without a body. It is computed from the data itself
rather than from a version counter, so no write path (the API, the admin, a command,
a replay) can forget to move it: a tag can only match when the values are the same.
Lists that carry signed image URLs add the URLs' signing window, so a cached body's
URLs are never answered 304 once past half their lifetime.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.response import Response

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The `ETag` of the answer you hold: 304 with no body while it is current.",
)


def etag_of(*parts: Any) -> str:
    """A weak tag (the same values, not necessarily the same bytes) for `parts`."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f'W/"{digest}"'


def url_window() -> int:
    """Which half-lifetime of a signed image URL we are in (0 when nothing expires)."""
    half = max(settings.MEDIA_PRIVATE_URL_SECONDS // 2, 1)
    return int(time.time()) // half


def _matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110 13.1.2): the W/ prefix does not count.
    held = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag.removeprefix("W/") in held


def not_modified(request, etag: str) -> Response | None:
    """A 304 when the caller holds `etag`, else None (answer in full, with `tagged`)."""
    if _matches(request, etag):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return None


def tagged(response: Response, etag: str) -> Response:
    response["ETag"] = etag
    # A phone's HTTP cache must ask before reusing it: it is one member's data.
    response["Cache-Control"] = "private, no-cache"
    return response
