"""/manage/challenges/: list, create, edit window and rules (gym admins only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.staff_session import gym_admin_page
from challenges.services import setup
from gym_admin import selectors
from gym_admin.forms import ChallengeForm
from gym_admin.views.common import paginate
from gymintel.clock import gym_today
from gymintel.errors import DomainError


@require_GET
@gym_admin_page
def challenge_list(request: HttpRequest) -> HttpResponse:
    """Queries: the count and the page (participants counted in the same query)."""
    page = paginate(request, selectors.challenge_list(gym_id=request.staff.gym_id))
    return render(
        request,
        "gym_admin/challenges.html",
        {"page": page, "today": gym_today(request.staff.gym_tz), "section": "challenges"},
    )


def _form_page(request, form, challenge=None, status=200) -> HttpResponse:
    return render(
        request,
        "gym_admin/challenge_form.html",
        {"form": form, "challenge": challenge, "section": "challenges"},
        status=status,
    )


def _save(request, form, save, challenge=None) -> HttpResponse:
    if not form.is_valid():
        return _form_page(request, form, challenge, status=400)
    data = form.cleaned_data
    try:
        saved = save(
            gym_id=request.staff.gym_id,
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            rules=form.rules,
        )
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return _form_page(request, form, challenge, status=exc.status_code)
    messages.success(request, f"Challenge “{saved.name}” saved.")
    return HttpResponseRedirect(reverse("gym_admin:manage-challenges"))


@require_http_methods(["GET", "POST"])
@gym_admin_page
def challenge_new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        today = gym_today(request.staff.gym_tz)
        return _form_page(request, ChallengeForm(initial={"starts_on": today, "ends_on": today}))
    return _save(request, ChallengeForm(request.POST), setup.challenge_create)


@require_http_methods(["GET", "POST"])
@gym_admin_page
def challenge_edit(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = selectors.challenge_for_admin(
        gym_id=request.staff.gym_id, challenge_id=challenge_id
    )
    if challenge is None:
        raise Http404("No such challenge.")
    if request.method == "GET":
        return _form_page(request, ChallengeForm(instance=challenge), challenge)

    def update(**fields):
        return setup.challenge_update(challenge_id=challenge.pk, **fields)

    return _save(request, ChallengeForm(request.POST, instance=challenge), update, challenge)
