"""Request body limits, enforced from the headers before any byte of the body is read."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BodySizeLimitMiddleware:
    """413 for bodies over JSON_BODY_MAX_BYTES (uploads: UPLOAD_BODY_MAX_BYTES), from
    Content-Length.

    Django's own DATA_UPLOAD_MAX_MEMORY_SIZE answers 400 and only once something reads
    the body; this answers first. A body sent without Content-Length (chunked) is refused
    with 411: WSGI gives Django no length to bound it by.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in _BODY_METHODS:
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    @staticmethod
    def _refusal(request: HttpRequest) -> HttpResponse | None:
        content_type = request.META.get("CONTENT_TYPE", "")
        is_upload = content_type.startswith("multipart/form-data")
        limit = settings.UPLOAD_BODY_MAX_BYTES if is_upload else settings.JSON_BODY_MAX_BYTES
        raw_length = request.META.get("CONTENT_LENGTH") or ""
        if not raw_length:
            if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
                return JsonResponse(
                    {"detail": "Send the body with a Content-Length header."}, status=411
                )
            return None
        try:
            length = int(raw_length)
        except ValueError:
            return JsonResponse({"detail": "Invalid Content-Length header."}, status=400)
        if length > limit:
            kind = "Uploads" if is_upload else "Request bodies"
            return JsonResponse(
                {
                    "detail": f"{kind} are limited to {limit // 1024} KiB; this one is "
                    f"{length // 1024} KiB.",
                    "code": "too_large",
                },
                status=413,
            )
        return None
