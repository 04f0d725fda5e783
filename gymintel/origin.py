"""The origin (scheme and host) of the request being answered, for absolute image URLs.

Storage answers a key's URL: absolute from S3 or a CDN, but `/media/...` from the
embedded default. API clients get one rule, every image URL absolute like the page
links, so the middleware below keeps the request's origin where media_store can read it
without a request in hand. Outside an API request (staff pages, commands, tasks) URLs
stay as storage gives them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_origin: ContextVar[str] = ContextVar("request_origin", default="")


def absolute(url: str) -> str:
    """`url` against the current request's origin when it is a path (`/media/...`)."""
    if url.startswith("/") and not url.startswith("//"):
        return _origin.get() + url
    return url


class RequestOriginMiddleware:
    """After CommonMiddleware, which has checked the host against ALLOWED_HOSTS. API
    answers only: staff pages are HTML on the same origin, where a path is enough."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        token = _origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
