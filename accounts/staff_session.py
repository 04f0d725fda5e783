"""Who is looking at a staff page: the Identity kept in the session since login.

Staff pages are for coaches and gym admins (/coach/, /manage/) and for chain owners
(/owner/); each kind of page admits only its own, and the others get 404.

The session (cached_db: read from the cache) carries the staff identity, so a page
costs no query to know who asks. It is re-read from the database once it is older
than an API access token may live, and at once when accounts.revocation announced a
change of the user (a role, a password, a deactivation: one cache read per page).
A re-read also compares the session's auth hash with the password's, so a session
stolen before a password change ends with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare

from accounts.identity import Identity, NoGymAccount, identity_for
from accounts.models import User
from accounts.revocation import changed_since

SESSION_KEY = "gymintel_staff"


def staff_identity_for(user_id: int) -> Identity | None:
    """The user's identity when it is a coach's, a gym admin's or an owner's; None otherwise."""
    try:
        identity = identity_for(user_id)
    except NoGymAccount:
        return None
    return identity if identity.is_staff_member or identity.is_owner else None


def remember(request: HttpRequest, identity: Identity) -> None:
    request.session[SESSION_KEY] = {**identity.as_dict(), "checked_at": time.time()}


def _max_age() -> float:
    return settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()


def recall(request: HttpRequest) -> Identity | None:
    """The session's staff identity, refreshed from the database when it has grown stale."""
    data = dict(request.session.get(SESSION_KEY) or {})
    if not data:
        return None
    checked_at = data.pop("checked_at", 0)
    try:
        identity: Identity | None = Identity(**data)
    except TypeError:  # a session written by an older release: look it up again
        identity = None
    user_id = data.get("user_id", 0)
    if (
        identity is None
        or time.time() - checked_at > _max_age()
        or changed_since(user_id=user_id, since=checked_at)
    ):
        identity = _reread(request, user_id)
        if identity is None:
            logout(request)
            return None
        remember(request, identity)
    return identity


def _reread(request: HttpRequest, user_id: int) -> Identity | None:
    """The identity from the database, or None when the password changed since this
    session signed in (its auth hash no longer matches) or the user is no staff."""
    user = User.objects.filter(pk=user_id).only("password").first()
    session_hash = request.session.get(HASH_SESSION_KEY) or ""
    if user is None or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return None
    return staff_identity_for(user_id)


def _signed_in_page(
    view: Callable[..., HttpResponse], admits: Callable[[Identity], bool]
) -> Callable[..., HttpResponse]:
    """Nobody signed in goes to the login page; a signed-in person the page is not for
    gets 404, as if the page did not exist.

    Every staff page and export shows members' data (weights, meals): no cache may keep
    it, the browser's own included (a shared computer's back button).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        identity = recall(request)
        if identity is None:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not admits(identity):
            raise Http404("Not found.")
        request.staff = identity
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)  # private, no-store, no-cache, max-age=0
        return response

    return wrapper


def staff_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Coaches and gym admins (an owner has no gym of their own to coach in: 404)."""
    return _signed_in_page(view, lambda identity: identity.is_staff_member)


def owner_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Chain owners only; a coach or gym admin gets 404."""
    return _signed_in_page(view, lambda identity: identity.is_owner)


def landing_url(identity: Identity) -> str:
    """Where a sign-in lands without a `next`: an owner on the chain's gyms."""
    return reverse("owner:gyms") if identity.is_owner else settings.LOGIN_REDIRECT_URL


def gym_admin_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Gym admins only; a coach gets 404, as if the page did not exist."""

    @staff_page
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.staff.is_gym_admin:
            raise Http404("Not found.")
        return view(request, *args, **kwargs)

    return wrapper
