"""/manage/staff/, /manage/members/, /manage/assignments/ (gym admins only).

List pages cost the count and the page (rows joined with their user and coach); each
row action is its own URL and view and comes back to the list it was posted from. A row
of another gym is 404, like a page that does not exist.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import services as accounts_services
from accounts.invitations import invitation_token
from accounts.models import StaffInvitation, SubscriptionStatus
from accounts.roles import STAFF_ROLE_CHOICES
from accounts.staff_session import gym_admin_page, remember
from coaching import services
from gym_admin import selectors
from gym_admin.forms import (
    AssignForm,
    MemberAddForm,
    MemberStatusForm,
    StaffAddForm,
    StaffRoleForm,
)
from gym_admin.views.common import back, paginate
from gymintel.errors import DomainError, NotFound

# --- Staff --------------------------------------------------------------------------


def _staff_page(request, form=None, status=200) -> HttpResponse:
    gym_id = request.staff.gym_id
    page = paginate(request, selectors.staff_list(gym_id=gym_id))
    invitations = [
        (invitation, request.build_absolute_uri(_invitation_url(invitation.pk)))
        for invitation in selectors.pending_invitations(gym_id=gym_id)
    ]
    return render(
        request,
        "gym_admin/staff.html",
        {
            "page": page,
            "invitations": invitations,
            "form": form or StaffAddForm(),
            "roles": STAFF_ROLE_CHOICES,
            "section": "staff",
        },
        status=status,
    )


def _invitation_url(invitation_id: int) -> str:
    token = invitation_token(invitation_id)
    return reverse("accounts:accept-invitation", kwargs={"token": token})


@require_GET
@gym_admin_page
def staff_list(request: HttpRequest) -> HttpResponse:
    return _staff_page(request)


@require_POST
@gym_admin_page
def staff_add(request: HttpRequest) -> HttpResponse:
    form = StaffAddForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, form, status=400)
    try:
        added = accounts_services.staff_add(
            gym_id=request.staff.gym_id, invited_by=request.staff.user_id, **form.cleaned_data
        )
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return _staff_page(request, form, status=exc.status_code)
    if isinstance(added, StaffInvitation):
        messages.success(
            request,
            f"{added.email} already has an account: they are invited as "
            f"{added.get_role_display()}. Send them the link under Pending invitations; "
            "they accept by signing in with their own password.",
        )
    else:
        messages.success(request, f"{added.user.email} added as {added.get_role_display()}.")
    return back(request, reverse("gym_admin:manage-staff"))


@require_POST
@gym_admin_page
def staff_role(request: HttpRequest, staff_id: int) -> HttpResponse:
    form = StaffRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role.")
        return back(request, reverse("gym_admin:manage-staff"))
    role = form.cleaned_data["role"]
    try:
        staff = services.staff_set_role(gym_id=request.staff.gym_id, staff_id=staff_id, role=role)
    except NotFound:
        raise Http404("No such staff member.") from None
    except DomainError as exc:  # e.g. the gym's last admin
        messages.error(request, exc.detail)
        return back(request, reverse("gym_admin:manage-staff"))
    if staff.pk == request.staff.staff_id:
        remember(request, replace(request.staff, role=role))
    messages.success(request, f"{staff.user.email} is now {staff.get_role_display()}.")
    return back(request, reverse("gym_admin:manage-staff"))


# --- Members ------------------------------------------------------------------------


def _members_page(request, form=None, status=200) -> HttpResponse:
    gym_id = request.staff.gym_id
    coaches = selectors.coach_choices(gym_id=gym_id)
    return render(
        request,
        "gym_admin/members.html",
        {
            "page": paginate(request, selectors.member_list(gym_id=gym_id)),
            "form": form or MemberAddForm(coaches=coaches),
            "statuses": SubscriptionStatus.choices,
            "section": "members",
        },
        status=status,
    )


@require_GET
@gym_admin_page
def member_list(request: HttpRequest) -> HttpResponse:
    """Queries: coaches for the add form, the member count, the page (user and coach joined)."""
    return _members_page(request)


@require_POST
@gym_admin_page
def member_add(request: HttpRequest) -> HttpResponse:
    gym_id = request.staff.gym_id
    form = MemberAddForm(request.POST, coaches=selectors.coach_choices(gym_id=gym_id))
    if not form.is_valid():
        return _members_page(request, form, status=400)
    data = form.cleaned_data
    try:
        member = services.member_add(
            gym_id=gym_id,
            email=data["email"],
            name=data["name"],
            password=data["password"],
            subscription_status=data["subscription_status"],
            coach_id=data["coach"],
        )
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return _members_page(request, form, status=exc.status_code)
    messages.success(request, f"{member.user.email} added.")
    return back(request, reverse("gym_admin:manage-members"))


@require_POST
@gym_admin_page
def member_status(request: HttpRequest, member_id: int) -> HttpResponse:
    form = MemberStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a subscription status.")
        return back(request, reverse("gym_admin:manage-members"))
    try:
        member = accounts_services.member_set_status(
            gym_id=request.staff.gym_id, member_id=member_id, **form.cleaned_data
        )
    except NotFound:
        raise Http404("No such member.") from None
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request, f"{member.user.email}: {member.get_subscription_status_display()}."
        )
    return back(request, reverse("gym_admin:manage-members"))


@require_POST
@gym_admin_page
def member_deactivate(request: HttpRequest, member_id: int) -> HttpResponse:
    try:
        member = accounts_services.member_deactivate(
            gym_id=request.staff.gym_id, member_id=member_id
        )
    except NotFound:
        raise Http404("No such member.") from None
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{member.user.email} deactivated: they can no longer log in.")
    return back(request, reverse("gym_admin:manage-members"))


@require_POST
@gym_admin_page
def member_reactivate(request: HttpRequest, member_id: int) -> HttpResponse:
    try:
        member = accounts_services.member_reactivate(
            gym_id=request.staff.gym_id, member_id=member_id
        )
    except NotFound:
        raise Http404("No such member.") from None
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{member.user.email} reactivated.")
    return back(request, reverse("gym_admin:manage-members"))


# --- Coach assignment ---------------------------------------------------------------


def _assign_page(request, form=None, status=200) -> HttpResponse:
    gym_id = request.staff.gym_id
    unassigned = request.GET.get("unassigned") == "1"
    coaches = selectors.coach_choices(gym_id=gym_id)
    members = selectors.member_list(gym_id=gym_id, unassigned_only=unassigned)
    return render(
        request,
        "gym_admin/assignments.html",
        {
            "page": paginate(request, members),
            "form": form or AssignForm(coaches=coaches),
            "unassigned": unassigned,
            "section": "assignments",
        },
        status=status,
    )


@require_GET
@gym_admin_page
def assignments(request: HttpRequest) -> HttpResponse:
    """Queries: coaches, the member count, the page (user and current coach joined)."""
    return _assign_page(request)


@require_POST
@gym_admin_page
def assign(request: HttpRequest) -> HttpResponse:
    gym_id = request.staff.gym_id
    form = AssignForm(request.POST, coaches=selectors.coach_choices(gym_id=gym_id))
    if not form.is_valid():
        return _assign_page(request, form, status=400)
    try:
        count = services.assign_coach(
            gym_id=gym_id,
            coach_id=form.cleaned_data["coach"],
            member_ids=form.cleaned_data["members"],
        )
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return _assign_page(request, form, status=exc.status_code)
    messages.success(request, f"{count} member{'s' if count != 1 else ''} assigned.")
    return back(request, reverse("gym_admin:manage-assignments"))
