"""The Django admin, with its login behind the same throttle as every other login."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from accounts.throttle import client_ip, login_attempt, login_succeeded

THROTTLED = "Too many login attempts; wait a few minutes and try again."


class AdminSite(admin.AdminSite):
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.method != "POST":
            return super().login(request, extra_context)
        # The admin's form names the email field "username" (USERNAME_FIELD is email).
        email, ip = request.POST.get("username", ""), client_ip(request)
        verdict = login_attempt(email=email, ip=ip)
        if not verdict.allowed:
            return HttpResponse(
                THROTTLED, status=429, content_type="text/plain", headers=verdict.headers
            )
        response = super().login(request, extra_context)
        if request.user.is_authenticated and response.status_code == 302:
            login_succeeded(email=email, ip=ip, verdict=verdict)
        return response
