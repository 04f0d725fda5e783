"""Who is looking at a staff page: a StaffContext kept in the session since login.

The session (cached_db: read from the cache) carries staff id, gym id and name, role,
gym time zone and linked member, so a page costs no query to know who asks. The context
is re-read from the database once it is older than an API access token may live, so a
changed role, a moved time zone or a closed account takes effect on pages within the
same window as on the API (docs/DECISIONS.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from coaching.models import Staff, StaffRole
from coaching.selectors.dashboard import DashboardScope

SESSION_KEY = "gymintel_staff"


@dataclass(frozen=True)
class StaffContext:
    user_id: int
    staff_id: int
    name: str
    email: str
    role: str
    gym_id: int
    gym_name: str
    gym_tz: str
    member_id: int | None
    checked_at: float

    @property
    def is_admin(self) -> bool:
        return self.role == StaffRole.ADMIN

    @property
    def scope(self) -> DashboardScope:
        return DashboardScope.for_staff(
            role=self.role, gym_id=self.gym_id, gym_tz=self.gym_tz, staff_id=self.staff_id
        )


def staff_context_for(user_id: int) -> StaffContext | None:
    """One query: the active user's staff row with its gym. None if not (or no longer) staff."""
    staff = (
        Staff.objects.select_related("user", "gym")
        .filter(user_id=user_id, user__is_active=True)
        .first()
    )
    if staff is None:
        return None
    return StaffContext(
        user_id=staff.user_id,
        staff_id=staff.pk,
        name=staff.user.name or staff.user.email,
        email=staff.user.email,
        role=staff.role,
        gym_id=staff.gym_id,
        gym_name=staff.gym.name,
        gym_tz=staff.gym.timezone,
        member_id=staff.linked_member_id,
        checked_at=time.time(),
    )


def remember(request: HttpRequest, context: StaffContext) -> None:
    request.session[SESSION_KEY] = asdict(context)


def _max_age() -> float:
    return settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()


def recall(request: HttpRequest) -> StaffContext | None:
    """The session's context, refreshed from the database when it has grown stale."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    try:
        context = StaffContext(**data)
    except TypeError:  # a session written by an older release: look it up again
        context = None
    if context is None or time.time() - context.checked_at > _max_age():
        context = staff_context_for(data.get("user_id", 0))
        if context is None:
            logout(request)
            return None
        remember(request, context)
    return context


def staff_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Coaches and gym admins; anyone else goes to the login page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        context = recall(request)
        if context is None:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        request.staff = context
        return view(request, *args, **kwargs)

    return wrapper


def admin_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Gym admins only; a coach gets 404, as if the page did not exist."""

    @staff_page
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.staff.is_admin:
            raise Http404("Not found.")
        return view(request, *args, **kwargs)

    return wrapper
