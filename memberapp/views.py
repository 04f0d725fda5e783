"""Serving the member app: the same HTML shell for every path under /app/ (the app routes
in the browser), its service worker and its web app manifest. No member data is rendered
here: the app reads everything from the JSON API with its own token."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from memberapp.assets import shell_urls, version
from memberapp.security import strict_csp

APP_NAME = "GymIntel"


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    return redirect("/app/")


@require_safe
@strict_csp
@cache_control(no_cache=True)
def shell(request: HttpRequest, route: str = "") -> HttpResponse:
    return render(request, "memberapp/shell.html", {"app_name": APP_NAME})


@require_safe
@strict_csp
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "memberapp/sw.js",
        {"version": version(), "shell_json": json.dumps(["/app/", *shell_urls()])},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/app/"
    return response


@require_safe
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    body = {
        "name": APP_NAME,
        "short_name": APP_NAME,
        "description": "Log meals, training and water, follow your challenge, ask your coach.",
        "id": "/app/",
        "start_url": "/app/today",
        "scope": "/app/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5d4b",
        "icons": [
            {
                "src": static(f"memberapp/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json")
