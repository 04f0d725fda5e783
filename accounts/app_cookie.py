"""The member app's refresh cookie and the check that a cookie-carrying request comes from
the app itself.

Why the check suffices against cross-site request forgery: every app call must carry the
`X-Requested-With: gymintel-app` header. A page on another origin cannot add a custom header
to a cross-origin request without a CORS preflight, and this project answers no preflight
(no CORS headers at all), so the browser never sends it. The `Origin` header, when present
(browsers send it on every POST), must also name this site or CSRF_TRUSTED_ORIGINS. The
cookie itself is SameSite=Strict, so a cross-site request does not even carry it. Three
independent locks; any one of them stops a forged request in current browsers.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

COOKIE_NAME = "gymintel_refresh"
# Sent only to the app's refresh and logout endpoints, never to the rest of the API.
COOKIE_PATH = "/api/auth/app/"
APP_HEADER = "X-Requested-With"
APP_HEADER_VALUE = "gymintel-app"
FORGED = "This call is accepted only from the member app on this site."


def check_same_origin(request: HttpRequest) -> None:
    """PermissionDenied (403) unless the request carries the app's header and, when the
    browser says where it comes from, this site's origin."""
    if request.headers.get(APP_HEADER) != APP_HEADER_VALUE:
        raise PermissionDenied(FORGED)
    origin = request.headers.get("Origin")
    if origin is None:
        return
    own = f"{request.scheme}://{request.get_host()}"
    if origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS:
        raise PermissionDenied(FORGED)


def set_refresh_cookie(response: Response, raw: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        raw,
        max_age=int(settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()),
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def clear_refresh_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Strict")


def read_refresh_cookie(request: HttpRequest) -> str | None:
    return request.COOKIES.get(COOKIE_NAME) or None
