"""Who may call an API endpoint, decided from the token's Identity alone (no query)."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


class IsMember(BasePermission):
    """Any token that names a member.

    A member's token always does; a staff token does when the staff account is linked
    to a member of its own (a coach who trains at the gym logs meals like anyone).
    Everyone else gets 403 with a detail: being staff is not a secret, and there is no
    object to hide.
    """

    message = (
        "This endpoint is for gym members; your account has no member profile. "
        "Ask your gym admin to link one."
    )

    def has_permission(self, request, view) -> bool:
        return getattr(request.user, "is_member", False)


class IsStaff(BasePermission):
    """Coaches and gym admins."""

    message = "This endpoint is for coaches and gym admins; this token is neither."

    def has_permission(self, request, view) -> bool:
        return getattr(request.user, "is_staff_member", False)


class BelongsToAGym(BasePermission):
    """Members and staff of a gym: a chain owner's token names no gym to read from."""

    message = "This endpoint reads one gym's data; a chain owner's token names no gym."

    def has_permission(self, request, view) -> bool:
        return getattr(request.user, "gym_id", None) is not None


class IsOwner(BasePermission):
    """Chain owners: every gym of the chain, side by side (nobody else, whatever their gym)."""

    message = "This endpoint is for chain owners."

    def has_permission(self, request, view) -> bool:
        return getattr(request.user, "is_owner", False)
