"""MEDIA_URL served by the app itself: the embedded default, when no S3 bucket is set.

Only what media_store writes is served: .jpg and .webp files under our key layout, with
the content type named by us (never guessed, never HTML), `nosniff`, and a CSP that
forbids everything should a browser open one as a document. Private images
(MEDIA_ROOT/private) need the signature and expiry their URL carries, like S3's.
"""

from __future__ import annotations

import posixpath

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django.views.static import serve

from media_store.config import PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL
from media_store.storage import PRIVATE_PREFIX, signature_is_valid, storage_for
from media_store.variants import CONTENT_TYPES


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    # Normalise first: "avatars/../private/x.jpg" must not reach a private file unsigned.
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith(".."):
        raise Http404("No such image.")
    content_type = CONTENT_TYPES.get(posixpath.splitext(path)[1].lower())
    if content_type is None:
        raise Http404("Not an image we serve.")
    if path.startswith(PRIVATE_PREFIX):
        name = path.removeprefix(PRIVATE_PREFIX)
        signed = signature_is_valid(
            name,
            expires=request.GET.get("expires", ""),
            signature=request.GET.get("signature", ""),
        )
        if not signed:
            # 404 like any object the caller may not see; an expired link looks the same.
            raise Http404("No such image, or the link expired.")
        storage, cache_control = storage_for("private"), PRIVATE_CACHE_CONTROL
    else:
        name, storage, cache_control = path, storage_for("default"), PUBLIC_CACHE_CONTROL
    # serve() refuses paths that climb out of document_root and handles If-Modified-Since.
    response = serve(request, name, document_root=storage.location)
    response["Content-Type"] = content_type
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
