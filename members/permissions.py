"""Who may call the member endpoints: any token that names a member.

A member's token always does; a staff token does when the staff account is linked to a
member of its own (a coach who trains at the gym logs meals like anyone). Everyone else
gets 403 with a detail: being staff is not a secret, and there is no object to hide.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission


class IsMember(BasePermission):
    message = (
        "This endpoint is for gym members; your account has no member profile. "
        "Ask your gym admin to link one."
    )

    def has_permission(self, request, view) -> bool:
        # No query: the Principal built from the token already says it.
        return getattr(request.user, "member_id", None) is not None
