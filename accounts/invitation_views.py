"""/accounts/invitations/<token>/: the invited person accepts joining a gym's staff by
signing in with their own password (throttled like every login)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import InvitationAcceptForm
from accounts.invitations import invitation_id_from
from accounts.models import StaffInvitation
from accounts.signin import BAD_CREDENTIALS, THROTTLED
from accounts.staff_session import remember, staff_identity_for
from accounts.throttle import client_ip, login_attempt, login_succeeded
from gymintel.errors import DomainError


def _open_invitation(token: str) -> StaffInvitation:
    invitation_id = invitation_id_from(token)
    invitation = (
        StaffInvitation.objects.select_related("gym")
        .filter(pk=invitation_id, accepted_at=None, expires_at__gt=timezone.now())
        .first()
        if invitation_id is not None
        else None
    )
    if invitation is None:
        raise Http404("This invitation is not open: accepted, expired, or never made.")
    return invitation


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _open_invitation(token)
    if request.method == "GET":
        return _render(request, invitation, InvitationAcceptForm())
    form = InvitationAcceptForm(request.POST)
    if not form.is_valid():
        return _render(request, invitation, form, status=400)
    email, ip = invitation.email, client_ip(request)
    verdict = login_attempt(email=email, ip=ip)
    if not verdict.allowed:
        form.add_error(None, THROTTLED)
        response = _render(request, invitation, form, status=429)
        for name, value in verdict.headers.items():
            response[name] = value
        return response
    user = authenticate(request, email=email, password=form.cleaned_data["password"])
    if user is None:
        form.add_error(None, BAD_CREDENTIALS)
        return _render(request, invitation, form, status=401)
    login_succeeded(email=email, ip=ip, verdict=verdict)
    try:
        services.staff_invitation_accept(invitation_id=invitation.pk, user_id=user.pk)
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return _render(request, invitation, form, status=exc.status_code)
    login(request, user)  # a new session key: no fixation
    remember(request, staff_identity_for(user.pk))
    return HttpResponseRedirect(settings.LOGIN_REDIRECT_URL)


def _render(request, invitation, form, status=200) -> HttpResponse:
    context = {"invitation": invitation, "form": form}
    return render(request, "registration/invitation.html", context, status=status)
