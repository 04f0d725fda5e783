"""The world the tenant isolation matrix runs in, the callers, and the URLconf walk.

Two gyms. Everything of gym B carries "Bravo" in its name or text, so a leak shows up as
that word in an answer. In gym A, each member's data carries the member's name, so a
member seeing another member's data (or a coach an unassigned member's) shows up too.

Gym A: Alma (coached by "coach"), Otto (coached by "coach_member"), Lou (no coach),
Carla (the member profile of "coach_member", a coach who also trains). The callers:
member = Alma; coach = a coach without a member profile; admin = a gym admin without
one; coach_member = a coach whose token also names Carla (staff reach member endpoints
only this way).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from accounts.models import Gym, Member, Staff, User
from accounts.roles import Role
from accounts.tests.factories import (
    PASSWORD,
    GymFactory,
    MemberFactory,
    OwnerFactory,
    StaffFactory,
)
from aicoach.models import AIUsage, ChatMessage
from challenges.models import Challenge, Participant, PointEntry
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from coaching.models import CoachAssignment
from coaching.tests.factories import CoachAssignmentFactory
from coaching.tests.helpers import staff_login
from conftest import client_for
from members.models import CheckIn, DailyLog, SavedMeal
from members.tests.factories import CheckInFactory, DailyLogFactory, SavedMealFactory

ROLES = ("member", "coach", "admin", "coach_member")
MEMBER_ROLES = frozenset({"member", "coach_member"})  # tokens that name a member
STAFF_ROLES = frozenset({"coach", "admin", "coach_member"})
LEAK = "bravo"  # in every name, email and text of gym B (compared case-insensitively)
MISSING_ID = 2_147_483_000  # an id no row has: what a foreign id must look like


@dataclass
class World:
    gym_a: Gym
    gym_b: Gym
    members: dict[str, Member]  # gym A, by first name
    staff: dict[str, Staff]  # gym A callers, by role
    coached: dict[str, list[str]]  # role -> first names of the members it coaches
    challenge_a: Challenge
    b: dict[str, Model] = field(default_factory=dict)  # gym B's objects
    owner: User | None = None  # the chain's owner: above both gyms, of neither

    def member_of(self, role: str) -> Member | None:
        return {"member": self.members["Alma"], "coach_member": self.members["Carla"]}.get(role)

    def others(self, role: str) -> list[Member]:
        """Gym A members whose private data `role` must never see."""
        own = self.member_of(role)
        return [m for m in self.members.values() if own is None or m.pk != own.pk]

    def unassigned(self, role: str) -> list[Member]:
        """Gym A members a coach does not coach (and may not open); none for an admin."""
        if role == "admin":
            return []
        own = self.member_of(role)
        return [
            m
            for name, m in self.members.items()
            if name not in self.coached.get(role, []) and (own is None or m.pk != own.pk)
        ]


def _member(gym: Gym, first: str, last: str, domain: str) -> Member:
    member = MemberFactory(
        gym=gym, user__name=f"{first} {last}", user__email=f"{first.lower()}@{domain}"
    )
    today = dt.date.today()
    name = member.user.name
    DailyLogFactory(member=member, date=today - dt.timedelta(days=1), notes=f"{name} log")
    CheckInFactory(member=member, date=today - dt.timedelta(days=3), notes=f"{name} check-in")
    SavedMealFactory(member=member, name=f"{name} meal")
    ChatMessage.objects.create(
        member=member, message=f"{name} question", reply=f"{name} answer", cached=False
    )
    return member


def build_world() -> World:
    gym_a = GymFactory(name="Alpha Gym", timezone="Europe/London")
    gym_b = GymFactory(name="Bravo Gym", timezone="Australia/Sydney")
    members = {
        first: _member(gym_a, first, "Alphason", "alpha.test")
        for first in ("Alma", "Otto", "Lou", "Carla")
    }
    staff = {
        "coach": StaffFactory(gym=gym_a, role=Role.COACH, user__name="Coach Alphonse"),
        "admin": StaffFactory(gym=gym_a, role=Role.ADMIN, user__name="Admin Alphonse"),
        "coach_member": StaffFactory(
            gym=gym_a,
            role=Role.COACH,
            user=members["Carla"].user,
            linked_member=members["Carla"],
        ),
    }
    CoachAssignmentFactory(member=members["Alma"], coach=staff["coach"])
    CoachAssignmentFactory(member=members["Otto"], coach=staff["coach_member"])
    challenge_a = ChallengeFactory(gym=gym_a, name="Alpha Challenge")
    for m in members.values():
        ParticipantFactory(challenge=challenge_a, member=m)

    b_member = _member(gym_b, "Zed", "Bravo", "bravo.test")
    b_coach = StaffFactory(gym=gym_b, role=Role.COACH, user__name="Bravo Coach")
    b_admin = StaffFactory(gym=gym_b, role=Role.ADMIN, user__name="Bravo Admin")
    CoachAssignmentFactory(member=b_member, coach=b_coach)
    b_challenge = ChallengeFactory(gym=gym_b, name="Bravo Challenge")
    ParticipantFactory(challenge=b_challenge, member=b_member)
    b = {
        "member": b_member,
        "coach": b_coach,
        "admin": b_admin,
        "challenge": b_challenge,
        "log": b_member.logs.get(),
        "meal": b_member.saved_meals.get(),
        "checkin": b_member.checkins.get(),
    }
    coached = {"coach": ["Alma"], "coach_member": ["Otto"]}
    owner = OwnerFactory(name="Olive Owner", email="olive@owner.test")
    return World(gym_a, gym_b, members, staff, coached, challenge_a, b, owner)


# --- Callers -------------------------------------------------------------------------


def _user(world: World, role: str) -> User:
    if role == "owner":
        return world.owner
    return world.members["Alma"].user if role == "member" else world.staff[role].user


def api_client(world: World, role: str) -> APIClient:
    return client_for(_user(world, role))


def page_client(world: World, role: str) -> Client:
    """Staff log in through the real form. A member cannot (the form refuses them), so
    the member gets a Django session by force: the pages must still keep them out."""
    if role == "member":
        client = Client()
        client.force_login(world.members["Alma"].user)
        return client
    if role == "owner":
        client = Client()
        response = client.post(
            "/accounts/login/", {"email": world.owner.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        return client
    return staff_login(Client(), world.staff[role])


# --- What must not change ------------------------------------------------------------

# How each table reaches a gym, and a member.
_GYM = {
    Gym: "pk",
    Member: "gym_id",
    Staff: "gym_id",
    CoachAssignment: "member__gym_id",
    DailyLog: "member__gym_id",
    CheckIn: "member__gym_id",
    SavedMeal: "member__gym_id",
    Challenge: "gym_id",
    Participant: "challenge__gym_id",
    PointEntry: "participant__challenge__gym_id",
    ChatMessage: "member__gym_id",
    AIUsage: "member__gym_id",
}
_MEMBER = {
    Member: "pk",
    DailyLog: "member_id",
    CheckIn: "member_id",
    SavedMeal: "member_id",
    Participant: "member_id",
    PointEntry: "participant__member_id",
    ChatMessage: "member_id",
    AIUsage: "member_id",
}


def snapshot(*, except_gym: int | None = None, except_member: Member | None = None) -> dict:
    """Every row of the tables tenants own, but those a caller may legitimately change:
    an admin their gym's, a member their own."""
    rows = {}
    for model, gym_path in _GYM.items():
        qs = model.objects.order_by("pk")
        if except_gym is not None:
            qs = qs.exclude(**{gym_path: except_gym})
        if except_member is not None and model in _MEMBER:
            qs = qs.exclude(**{_MEMBER[model]: except_member.pk})
        rows[model.__name__] = list(qs.values())
    users = User.objects.order_by("pk").values("pk", "email", "name", "is_active", "password")
    if except_gym is not None:
        users = users.exclude(member__gym_id=except_gym).exclude(staff__gym_id=except_gym)
    if except_member is not None:
        users = users.exclude(pk=except_member.user_id)
    rows["User"] = list(users)
    return rows


# --- The URLconf ---------------------------------------------------------------------

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def urlconf_routes() -> dict[str, URLPattern]:
    """Every route of the project, as its full pattern ("api/logs/<int:log_id>/"),
    found by walking the resolver through every include."""

    def walk(resolver: URLResolver, prefix: str):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry, route)
            else:
                yield route, entry

    return dict(walk(get_resolver(), ""))


def drf_methods(pattern: URLPattern) -> set[str] | None:
    """The methods a DRF view implements; None for a plain Django view."""
    view_class = getattr(pattern.callback, "cls", None)
    if view_class is None:
        return None
    return {m for m in HTTP_METHODS if hasattr(view_class, m)}


def url_for(route: str, ids: dict[str, int] | None = None) -> str:
    """The path of `route` with its parameters filled in from `ids`."""
    return "/" + _PARAMETER.sub(lambda m: str((ids or {})[m.group(1)]), route)


def route_parameters(route: str) -> list[str]:
    return _PARAMETER.findall(route)
