"""A Content-Security-Policy on every HTML page the server renders.

Django 5.2 has none built in. Our pages load scripts and styles from our own origin
only, so an injected <script> or inline handler never runs, no other site may frame a
page (clickjacking), and forms post only to us. The Django admin and the API docs
(Swagger UI) write inline styles, so they also allow those; scripts stay our own.

A response that already carries a policy keeps it: served images (media_store sets a
sandbox) and any page that sets a stricter one of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_COMMON = (
    "default-src 'self'",
    "script-src 'self'",
    # Images: ours, inline data (the favicon), and a bucket or CDN over HTTPS (S3).
    "img-src 'self' data: https:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)
STRICT = "; ".join((*_COMMON, "style-src 'self'"))
INLINE_STYLES = "; ".join((*_COMMON, "style-src 'self' 'unsafe-inline'"))
_INLINE_STYLE_PREFIXES = ("/admin/", "/api/docs/")


def policy_for(path: str) -> str:
    return INLINE_STYLES if path.startswith(_INLINE_STYLE_PREFIXES) else STRICT


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if response.get("Content-Type", "").startswith("text/html"):
            response["Content-Security-Policy"] = policy_for(request.path)
        return response
