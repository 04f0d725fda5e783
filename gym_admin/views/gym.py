"""/manage/: the gym's name, time zone and logo (gym admins only)."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import services as accounts_services
from accounts.staff_session import gym_admin_page, remember
from gym_admin.forms import GymForm, LogoForm
from gym_admin.selectors import gym_for_admin
from gymintel.errors import DomainError
from media_store.selectors import logo_url


def _render(request, *, gym_form=None, logo_form=None, status=200) -> HttpResponse:
    gym = gym_for_admin(gym_id=request.staff.gym_id)
    return render(
        request,
        "gym_admin/gym.html",
        {
            "gym": gym,
            "logo_url": logo_url(gym.logo_key),
            "gym_form": gym_form or GymForm(initial={"name": gym.name, "timezone": gym.timezone}),
            "logo_form": logo_form or LogoForm(),
            "section": "gym",
        },
        status=status,
    )


@require_GET
@gym_admin_page
def manage_home(request: HttpRequest) -> HttpResponse:
    """One query: the gym."""
    return _render(request)


@require_POST
@gym_admin_page
def gym_update(request: HttpRequest) -> HttpResponse:
    form = GymForm(request.POST)
    if not form.is_valid():
        return _render(request, gym_form=form, status=400)
    try:
        gym = accounts_services.gym_update(
            gym_id=request.staff.gym_id,
            name=form.cleaned_data["name"],
            timezone_name=form.cleaned_data["timezone"],
        )
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return _render(request, gym_form=form, status=exc.status_code)
    # This admin sees the change at once; other staff sessions within the recheck window.
    remember(request, replace(request.staff, gym_name=gym.name, gym_tz=gym.timezone))
    messages.success(request, "Gym settings saved.")
    return HttpResponseRedirect(reverse("gym_admin:manage"))


@require_POST
@gym_admin_page
def gym_logo(request: HttpRequest) -> HttpResponse:
    form = LogoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, logo_form=form, status=400)
    try:
        accounts_services.gym_logo_set(
            gym_id=request.staff.gym_id, upload=form.cleaned_data["image"]
        )
    except DomainError as exc:  # not an image, too large, storage down: say so
        form.add_error("image", exc.detail)
        return _render(request, logo_form=form, status=exc.status_code)
    messages.success(request, "Logo updated.")
    return HttpResponseRedirect(reverse("gym_admin:manage"))
