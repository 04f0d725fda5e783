"""/accounts/login/ and /accounts/logout/ for coaches, gym admins and chain owners."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import LoginForm
from accounts.identity import Identity
from accounts.models import normalize_email
from accounts.signin import BAD_CREDENTIALS, THROTTLED
from accounts.staff_session import landing_url, recall, remember, staff_identity_for
from accounts.throttle import client_ip, login_attempt, login_succeeded

NOT_STAFF = (
    "This sign-in is for coaches, gym admins and chain owners. Members use the GymIntel app."
)


def _requested_next(request: HttpRequest) -> str:
    """The page asked for before signing in, when it is ours; "" when none was."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _next_url(request: HttpRequest, identity: Identity) -> str:
    # Without a page asked for, each role lands on its own home (an owner on /owner/).
    return _requested_next(request) or landing_url(identity)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Email and password; throttled per email and per address like the API login."""
    if request.method == "GET":
        identity = recall(request)
        if identity is not None:
            return HttpResponseRedirect(_next_url(request, identity))
        return _render(request, LoginForm())
    form = LoginForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=400)
    email, ip = normalize_email(form.cleaned_data["email"]), client_ip(request)
    verdict = login_attempt(email=email, ip=ip)
    if not verdict.allowed:
        form.add_error(None, THROTTLED)
        response = _render(request, form, status=429)
        for name, value in verdict.headers.items():
            response[name] = value
        return response
    user = authenticate(request, email=email, password=form.cleaned_data["password"])
    if user is None:
        form.add_error(None, BAD_CREDENTIALS)
        return _render(request, form, status=401)
    login_succeeded(email=email, ip=ip, verdict=verdict)
    identity = staff_identity_for(user.pk)
    if identity is None:
        form.add_error(None, NOT_STAFF)
        return _render(request, form, status=403)
    login(request, user)  # a new session key: no fixation
    remember(request, identity)
    return HttpResponseRedirect(_next_url(request, identity))


def _render(request: HttpRequest, form: LoginForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": _requested_next(request)},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """POST only (with CSRF): a link or an image tag must not log a coach out."""
    logout(request)
    return HttpResponseRedirect(settings.LOGOUT_REDIRECT_URL)
