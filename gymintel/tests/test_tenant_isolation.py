"""Tenant isolation, as a matrix generated from the URLconf.

Every route of the project is either EXEMPT (with the reason) or in REGISTRY, method by
method, as one of:
- Objects: names an object by id. As a member, a coach, an admin and a coach who also
  trains (gym A), every foreign object (gym B's; another member's; for a coach, a member
  they do not coach) answers exactly what an id that does not exist answers: 404 for a
  caller the route admits, the route's own refusal for one it does not (403 on the API,
  the login page for a member on staff pages, 404 for a coach on admin pages). No data,
  never a 500, nothing changed. The caller's own object answers normally (the id is used).
- Lists: no id. Shows the caller's own data (checked) and nothing of gym B, of another
  member, or of a member the coach does not coach.
- Writes: no id in the path, maybe ids in the body (a saved meal, a coach, members).
  Changes nothing but what the caller owns (an admin: their gym; a member: their own rows).
test_the_matrix_covers_every_route_and_method fails when a route or method exists that
is in neither list: a new endpoint cannot ship without entering the matrix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.models import Member
from gymintel.tests.tenancy import (
    HTTP_METHODS,
    LEAK,
    MEMBER_ROLES,
    MISSING_ID,
    ROLES,
    STAFF_ROLES,
    World,
    api_client,
    build_world,
    drf_methods,
    page_client,
    route_parameters,
    snapshot,
    url_for,
    urlconf_routes,
)
from media_store.tests import samples
from members.tests.factories import CheckInFactory, DailyLogFactory, SavedMealFactory

pytestmark = pytest.mark.django_db
ALL, ADMIN = frozenset(ROLES), frozenset({"admin"})
NOBODY = frozenset()  # routes for the chain owner alone (test_an_owner_reaches_only_these)

EXEMPT = {
    "admin/": "Django admin: superusers of the whole installation, not a tenant's page",
    "^media/(?P<path>.*)$": "images under unguessable keys; private ones signed (media_store)",
    "healthz/": "says which service is down; no tenant data",
    "api/schema/": "the OpenAPI document",
    "api/docs/": "renders the OpenAPI document",
    "api/auth/token/": "login: no caller yet (gymintel/tests/test_auth.py)",
    "api/auth/token/refresh/": "token refresh (gymintel/tests/test_auth.py)",
    "api/auth/app/login/": "the member app's login (accounts/tests/test_app_auth.py)",
    "api/auth/app/refresh/": "the caller's own cookie (accounts/tests/test_app_auth.py)",
    "api/auth/app/logout/": "ends the caller's own cookie (accounts/tests/test_app_auth.py)",
    "accounts/login/": "staff login form (coaching/tests/test_login_pages.py)",
    "accounts/logout/": "ends the caller's own session",
    "accounts/invitations/<str:token>/": (
        "the signed link is the key; only the invited account's password accepts it "
        "(accounts/tests/test_staff_invitations.py)"
    ),
    "": "redirects to the member app",
    "app/sw.js": "the member app's service worker: the same file for everyone",
    "app/manifest.webmanifest": "the member app's manifest: the same for everyone",
    "app/": "the member app's shell: no data, the app reads the API with its token",
    "app/<path:route>": "the same shell for every route the app draws in the browser",
}


@dataclass(frozen=True)
class Objects:
    admits: frozenset[str]
    # (label, path ids) of every object this caller must not reach
    foreign: Callable[[World, str], list[tuple[str, dict]]]
    # the caller's own object and the status it answers (None: no own object to try)
    own: Callable[[World, str], tuple[dict, int] | None]
    data: Callable[[World], dict] | None = None


@dataclass(frozen=True)
class Lists:
    admits: frozenset[str]
    shown: Callable[[World, str], list[str]]  # must appear for an admitted caller
    hidden: Callable[[World, str], list[Member]] = lambda w, role: []


@dataclass(frozen=True)
class Writes:
    admits: frozenset[str]
    cases: Callable[[World, str], list[tuple[str, dict, int]]]  # label, body, status
    multipart: bool = False


# --- Who is foreign to whom ------------------------------------------------------------


def foreign_logs(w: World, role: str) -> list[tuple[str, dict]]:
    same_gym = [(f"{m.user.name}'s", {"log_id": m.logs.first().pk}) for m in w.others(role)]
    return [("gym B's", {"log_id": w.b["log"].pk}), *same_gym]


def own_log(w: World, role: str):
    member = w.member_of(role)  # a fresh log: the world's stays for the other callers
    return ({"log_id": DailyLogFactory(member=member).pk}, 204) if member else None


def foreign_rows(kind: str, related: str, factory, id_name: str):
    """Gym B's row of `kind` and gym A's other members' rows; the caller's own: 200."""

    def foreign(w: World, role: str) -> list[tuple[str, dict]]:
        same_gym = [
            (f"{m.user.name}'s", {id_name: getattr(m, related).first().pk}) for m in w.others(role)
        ]
        return [("gym B's", {id_name: w.b[kind].pk}), *same_gym]

    def own(w: World, role: str):
        member = w.member_of(role)
        return ({id_name: factory(member=member).pk}, 200) if member else None

    return foreign, own


def foreign_challenge(w: World, role: str) -> list[tuple[str, dict]]:
    return [("gym B's", {"challenge_id": w.b["challenge"].pk})]


def own_challenge(status: Callable[[str], int]):
    return lambda w, role: ({"challenge_id": w.challenge_a.pk}, status(role))


def foreign_members(w: World, role: str) -> list[tuple[str, dict]]:
    """Gym B's member, and for a coach the gym's members they do not coach."""
    unassigned = [(m.user.name, {"member_id": m.pk}) for m in w.unassigned(role)]
    return [("gym B's", {"member_id": w.b["member"].pk}), *unassigned]


def gym_b_member(w: World, role: str) -> list[tuple[str, dict]]:
    return [("gym B's", {"member_id": w.b["member"].pk})]


def own_member(status: int):
    """The member a caller may open: their coachee, or any member for an admin."""

    def own(w: World, role: str):
        first = {"coach": "Alma", "coach_member": "Otto", "admin": "Lou"}.get(role)
        return ({"member_id": w.members[first].pk}, status) if first else None

    return own


def gym_b_staff(w: World, role: str) -> list[tuple[str, dict]]:
    return [(f"gym B's {k}", {"staff_id": w.b[k].pk}) for k in ("coach", "admin")]


def challenge_form(**overrides) -> dict:
    today = dt.date.today()
    points = {f"points_{k}": 5 for k in ("meal", "training", "water", "checkin")}
    caps = {f"cap_{k}": 2 for k in ("meal", "training", "water", "checkin")}
    return {
        "name": "Alpha Summer",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(),
        **points,
        **caps,
        "streak_bonus": 5,
        **overrides,
    }


# --- What a caller may see -------------------------------------------------------------


def own_text(suffix: str) -> Callable[[World, str], list[str]]:
    def shown(w: World, role: str) -> list[str]:
        member = w.member_of(role)
        return [f"{member.user.name}{suffix}"] if member else []

    return shown


def coached_names(w: World, role: str) -> list[str]:
    if role == "admin":
        return [m.user.name for m in w.members.values()]
    return [w.members[first].user.name for first in w.coached.get(role, [])]


def others(w: World, role: str):
    return w.others(role)


def unassigned(w: World, role: str):
    return w.unassigned(role)


def fixed(*texts: str) -> Callable[[World, str], list[str]]:
    return lambda w, role: list(texts)


def private_list(suffix: str) -> Lists:
    return Lists(MEMBER_ROLES, own_text(suffix), others)


def staff_list(shown) -> Lists:
    return Lists(ADMIN, shown)


# --- Writes without an id in the path ------------------------------------------------------


def profile_patches(w: World, role: str):
    own = w.member_of(role)
    name = own.user.name if own else "Anyone"
    return [("own name", {"name": name}, 200), ("move to gym B", {"gym": w.gym_b.pk}, 400)]


def log_posts(w: World, role: str):
    neighbour = w.others(role)[0]
    return [
        ("gym B's saved meal", {"type": "meal", "meal_id": w.b["meal"].pk}, 404),
        ("a neighbour's meal", {"type": "meal", "meal_id": neighbour.saved_meals.get().pk}, 404),
        ("a glass of water", {"type": "water"}, 201),
    ]


def estimate_posts(w: World, role: str):
    # A fresh file per call: an upload is read once. No ANTHROPIC_API_KEY here: 503.
    return [
        ("no photo", {}, 400),
        ("a photo", {"photo": samples.upload(samples.jpeg())}, 503),
    ]


def staff_adds(w: World, role: str):
    member_b, coach_b = w.b["member"].user.email, w.b["coach"].user.email
    return [
        ("gym B's member", {"email": member_b, "name": "Zed", "role": "coach"}, 409),
        ("gym B's coach", {"email": coach_b, "name": "Bravo Coach", "role": "coach"}, 409),
    ]


def member_adds(w: World, role: str):
    new = {
        "name": "New Alphason",
        "password": "vault-otter-91-quince",
        "subscription_status": "active",
    }
    return [
        ("with gym B's coach", {**new, "email": "new@alpha.test", "coach": w.b["coach"].pk}, 400),
        ("gym B's member's email", {**new, "email": w.b["member"].user.email}, 409),
    ]


def assigns(w: World, role: str):
    alma, coach = w.members["Alma"], w.staff["coach"]
    return [
        ("gym B's member", {"coach": coach.pk, "members": [w.b["member"].pk]}, 404),
        ("to gym B's coach", {"coach": w.b["coach"].pk, "members": [alma.pk]}, 400),
    ]


def one(label: str, body: dict, status: int):
    return lambda w, role: [(label, body, status)]


REGISTRY: dict[str, dict[str, Objects | Lists | Writes]] = {
    # --- API: the member's own data (plain staff tokens: 403)
    "api/member/profile/": {
        "get": Lists(MEMBER_ROLES, lambda w, r: [w.member_of(r).user.name, "Alpha Gym"], others),
        "patch": Writes(MEMBER_ROLES, profile_patches),
    },
    "api/member/meals/": {
        "get": private_list(" meal"),
        "post": Writes(MEMBER_ROLES, one("a meal", {"name": "Overnight oats"}, 201)),
    },
    "api/member/avatar/": {
        "post": Writes(MEMBER_ROLES, one("no file", {}, 400), multipart=True),
    },
    "api/logs/": {"get": private_list(" log"), "post": Writes(MEMBER_ROLES, log_posts)},
    "api/logs/<int:log_id>/": {
        "get": Objects(MEMBER_ROLES, *foreign_rows("log", "logs", DailyLogFactory, "log_id")),
        "delete": Objects(MEMBER_ROLES, foreign_logs, own_log),
    },
    "api/checkins/<int:checkin_id>/": {
        "get": Objects(
            MEMBER_ROLES, *foreign_rows("checkin", "checkins", CheckInFactory, "checkin_id")
        )
    },
    "api/member/meals/<int:meal_id>/": {
        "get": Objects(
            MEMBER_ROLES, *foreign_rows("meal", "saved_meals", SavedMealFactory, "meal_id")
        )
    },
    "api/checkins/": {
        "get": private_list(" check-in"),
        "post": Writes(MEMBER_ROLES, one("a weigh-in", {"weight": 80}, 201)),
    },
    "api/ai/chat/": {
        # No ANTHROPIC_API_KEY in tests: 503, and the quota is untouched.
        "post": Writes(MEMBER_ROLES, one("a question", {"message": "Protein?"}, 503)),
    },
    "api/ai/history/": {"get": private_list(" question")},
    "api/ai/meal-estimate/": {"post": Writes(MEMBER_ROLES, estimate_posts, multipart=True)},
    # --- API: the gym's challenges (staff may read them too)
    "api/challenges/": {"get": Lists(ALL, fixed("Alpha Challenge"))},
    "api/challenges/<int:challenge_id>/join/": {
        "post": Objects(
            ALL,
            foreign_challenge,
            own_challenge(lambda role: 200 if role in MEMBER_ROLES else 403),
        )
    },
    "api/challenges/<int:challenge_id>/me/": {
        "get": Objects(
            ALL,
            foreign_challenge,
            own_challenge(lambda role: 200 if role in MEMBER_ROLES else 404),
        )
    },
    "api/challenges/<int:challenge_id>/leaderboard/": {
        "get": Objects(ALL, foreign_challenge, own_challenge(lambda role: 200))
    },
    # --- API and pages: the coach's view
    "api/coach/dashboard/": {"get": Lists(STAFF_ROLES, coached_names, unassigned)},
    "coach/": {"get": Lists(STAFF_ROLES, coached_names, unassigned)},
    "coach/export.csv": {"get": Lists(STAFF_ROLES, coached_names, unassigned)},
    "coach/members/<int:member_id>/": {
        "get": Objects(STAFF_ROLES, foreign_members, own_member(200))
    },
    "coach/members/<int:member_id>/targets/": {
        "post": Objects(
            STAFF_ROLES,
            foreign_members,
            own_member(302),
            data=lambda w: {"calorie_target": 2200, "protein_target": 150},
        )
    },
    # --- Pages: the gym admin's
    "manage/": {"get": staff_list(fixed("Alpha Gym"))},
    "manage/gym/": {
        "post": Writes(
            ADMIN, one("same name", {"name": "Alpha Gym", "timezone": "Europe/London"}, 302)
        )
    },
    "manage/gym/logo/": {"post": Writes(ADMIN, one("no file", {}, 400))},
    "manage/staff/": {"get": staff_list(fixed("Coach Alphonse", "Admin Alphonse"))},
    "manage/staff/add/": {"post": Writes(ADMIN, staff_adds)},
    "manage/staff/<int:staff_id>/role/": {
        "post": Objects(
            ADMIN,
            gym_b_staff,
            lambda w, role: ({"staff_id": w.staff["coach"].pk}, 302),
            data=lambda w: {"role": "coach"},
        )
    },
    "manage/members/": {"get": staff_list(coached_names)},
    "manage/members/add/": {"post": Writes(ADMIN, member_adds)},
    **{
        f"manage/members/<int:member_id>/{action}/": {
            "post": Objects(
                ADMIN,
                gym_b_member,
                own_member(302),
                data=lambda w: {"subscription_status": "paused"},
            )
        }
        for action in ("status", "deactivate", "reactivate")
    },
    "manage/assignments/": {"get": staff_list(coached_names)},
    "manage/assignments/assign/": {"post": Writes(ADMIN, assigns)},
    "manage/challenges/": {"get": staff_list(fixed("Alpha Challenge"))},
    "manage/challenges/new/": {
        "get": staff_list(fixed("Name")),
        "post": Writes(ADMIN, one("a challenge", challenge_form(), 302)),
    },
    "manage/challenges/<int:challenge_id>/edit/": {
        method: Objects(
            ADMIN,
            foreign_challenge,
            own_challenge(lambda role, method=method: 200 if method == "get" else 302),
            data=lambda w: challenge_form(name="Alpha Challenge"),
        )
        for method in ("get", "post")
    },
    # --- API and pages: the chain owner's (no gym caller gets in)
    "api/owner/gyms/": {"get": Lists(NOBODY, fixed())},
    "api/owner/coaches/": {"get": Lists(NOBODY, fixed())},
    "owner/": {"get": Lists(NOBODY, fixed())},
    "owner/export.csv": {"get": Lists(NOBODY, fixed())},
    "owner/gyms/<int:gym_id>/": {
        "get": Objects(
            NOBODY,
            lambda w, role: [("gym A", {"gym_id": w.gym_a.pk}), ("gym B", {"gym_id": w.gym_b.pk})],
            lambda w, role: None,
        )
    },
}
OWNER_ROUTES = {route for route in REGISTRY if route.startswith(("owner/", "api/owner/"))}


def _entries(kind: type) -> list[tuple[str, str]]:
    return [
        pytest.param(route, method, id=f"{method.upper()} /{route}")
        for route, methods in REGISTRY.items()
        for method, entry in methods.items()
        if isinstance(entry, kind)
    ]


# --- Calling --------------------------------------------------------------------------------


def refusal(route: str, role: str) -> int:
    """What a route answers a caller it does not admit, whatever the id."""
    if route.startswith("api/"):
        return 403
    return 302 if role == "member" else 404  # members to the login page; coaches: no such page


def call(world: World, role: str, route: str, method: str, path: str, data=None, multipart=False):
    if route.startswith("api/"):
        client = api_client(world, role)
        return getattr(client, method)(path, data, format="multipart" if multipart else "json")
    client = page_client(world, role)
    return getattr(client, method)(path, data or {})


def text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode().lower()


def assert_nothing_leaks(world: World, role: str, body: str, hidden) -> None:
    assert LEAK not in body, f"{role} sees gym B"
    for member in hidden:
        assert member.user.name.lower() not in body, f"{role} sees {member.user.name}"
        assert member.user.email not in body, f"{role} sees {member.user.email}"


# --- The matrix -----------------------------------------------------------------------------


def _probe_methods(route: str) -> set[str]:
    """A plain Django view's methods: those not answering 405 (checked before login)."""
    path = url_for(route, dict.fromkeys(route_parameters(route), 1))
    return {m for m in HTTP_METHODS if getattr(Client(), m)(path).status_code != 405}


def test_the_matrix_covers_every_route_and_method(db):
    routes = urlconf_routes()
    included = [e for e in EXEMPT if e.endswith("/")]  # "admin/" and everything beneath
    exempt = {r for r in routes if r in EXEMPT or any(r.startswith(e) for e in included)}
    assert set(EXEMPT) - {"admin/"} <= set(routes), "an exemption names no route"
    missing = set(routes) - exempt - set(REGISTRY)
    assert not missing, f"routes outside the tenant isolation matrix: {sorted(missing)}"
    assert not set(REGISTRY) - set(routes), "registry entries for routes that no longer exist"
    for route, methods in REGISTRY.items():
        found = drf_methods(routes[route])
        found = found if found is not None else _probe_methods(route)
        assert found == set(methods), f"/{route}: methods {sorted(found)} in the URLconf"


@pytest.mark.parametrize(("route", "method"), _entries(Objects))
def test_foreign_objects_answer_like_missing_ones(route, method):
    world = build_world()
    entry: Objects = REGISTRY[route][method]
    data = entry.data(world) if entry.data else None
    missing_ids = dict.fromkeys(route_parameters(route), MISSING_ID)
    for role in ROLES:
        expected = 404 if role in entry.admits else refusal(route, role)
        missing = call(world, role, route, method, url_for(route, missing_ids), data)
        assert missing.status_code == expected, (role, "missing id", missing.status_code)
        for label, ids in entry.foreign(world, role):
            before = snapshot()
            response = call(world, role, route, method, url_for(route, ids), data)
            where = f"{role} on {label} {method.upper()} {url_for(route, ids)}"
            assert response.status_code == expected, (where, response.status_code)
            if expected == 302:  # to the login page, like any page a member opens
                assert response["Location"].startswith("/accounts/login/"), where
            if route.startswith("api/"):
                assert response.json() == missing.json(), where
            assert_nothing_leaks(world, role, text(response), world.others(role))
            assert snapshot() == before, f"{where} changed something"
        own = entry.own(world, role) if role in entry.admits else None
        if own is not None:  # the id is really used: the caller's own object answers
            ids, status = own
            response = call(world, role, route, method, url_for(route, ids), data)
            assert response.status_code == status, (role, "own", response.status_code)


@pytest.mark.parametrize(("route", "method"), _entries(Lists))
def test_lists_show_the_callers_own_and_nothing_else(route, method):
    world = build_world()
    entry: Lists = REGISTRY[route][method]
    for role in ROLES:
        response = call(world, role, route, method, url_for(route))
        body = text(response)
        admitted = role in entry.admits
        assert response.status_code == (200 if admitted else refusal(route, role)), role
        assert_nothing_leaks(world, role, body, entry.hidden(world, role))
        if admitted:
            for shown in entry.shown(world, role):
                assert shown.lower() in body, f"{role} should see {shown!r}"


@pytest.mark.parametrize(("route", "method"), _entries(Writes))
def test_writes_change_only_what_the_caller_owns(route, method, settings):
    settings.ANTHROPIC_API_KEY = ""
    world = build_world()
    entry: Writes = REGISTRY[route][method]
    for role in ROLES:
        admitted = role in entry.admits
        scope = {}
        if admitted and route.startswith("api/"):
            scope = {"except_member": world.member_of(role)}
        elif admitted:
            scope = {"except_gym": world.gym_a.pk}
        for label, body, status in entry.cases(world, role):
            before = snapshot(**scope)
            response = call(world, role, route, method, url_for(route), body, entry.multipart)
            expected = status if admitted else refusal(route, role)
            assert response.status_code == expected, (role, label, response.status_code)
            assert snapshot(**scope) == before, f"{role} {label}: changed what is not theirs"


# --- The chain owner ------------------------------------------------------------------------


def _ids(world: World, route: str) -> dict[str, int]:
    """Gym A's own objects: an owner must not reach even these through a gym's route."""
    own = {
        "log_id": world.members["Alma"].logs.first().pk,
        "challenge_id": world.challenge_a.pk,
        "member_id": world.members["Alma"].pk,
        "staff_id": world.staff["coach"].pk,
        "gym_id": world.gym_a.pk,
    }
    # Other ids: one no row has (the owner is refused before any id is looked at).
    return {name: own.get(name, MISSING_ID) for name in route_parameters(route)}


def test_an_owner_reaches_only_the_owner_routes(settings):
    """Above the gyms, of none: every gym's route refuses the owner (403 on the API, 404
    on pages) and changes nothing; the owner's own routes show both gyms."""
    settings.ANTHROPIC_API_KEY = ""
    world = build_world()
    # One sign-in for the pages (logging in per route would trip the login throttle).
    api, pages = api_client(world, "owner"), page_client(world, "owner")
    for route, methods in REGISTRY.items():
        for method, entry in methods.items():
            path = url_for(route, _ids(world, route))
            data = entry.data(world) if isinstance(entry, Objects) and entry.data else None
            before = snapshot()
            if route.startswith("api/"):
                response = getattr(api, method)(path, data, format="json")
            else:
                response = getattr(pages, method)(path, data or {})
            where = f"owner {method.upper()} {path}"
            if route in OWNER_ROUTES:
                assert response.status_code == 200, (where, response.status_code)
                body = text(response)
                if "<int:" not in route:
                    assert "alpha gym" in body and "bravo gym" in body, where
            else:
                expected = 403 if route.startswith("api/") else 404
                assert response.status_code == expected, (where, response.status_code)
                assert "alpha" not in text(response), where
            assert snapshot() == before, f"{where} changed something"
