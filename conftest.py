"""Fixtures shared by every app's tests: a gym with a member, a coach and an admin,
and API clients that carry their bearer tokens (made without a login round trip)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tokens import tokens_for
from members.tests.factories import (
    CoachAssignmentFactory,
    GymFactory,
    MemberFactory,
    StaffFactory,
    UserFactory,
)


def bearer(user) -> str:
    return f"Bearer {tokens_for(user).access_token}"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=bearer(user))
    return client


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (only this worker's keys)."""
    cache.clear() if not hasattr(cache, "delete_pattern") else cache.delete_pattern("*")
    yield


@pytest.fixture
def gym(db):
    return GymFactory(name="Shoreditch", timezone="Europe/London")


@pytest.fixture
def other_gym(db):
    return GymFactory(name="Bondi", timezone="Australia/Sydney")


@pytest.fixture
def member(gym):
    return MemberFactory(gym=gym, user__name="Maya Silva")


@pytest.fixture
def coach(gym):
    return StaffFactory(gym=gym, role=Role.COACH, user__name="Coach Kim")


@pytest.fixture
def gym_admin(gym):
    return StaffFactory(gym=gym, role=Role.ADMIN, user__name="Admin Rossi")


@pytest.fixture
def assigned_member(member, coach):
    CoachAssignmentFactory(member=member, coach=coach)
    return member


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def member_client(member) -> APIClient:
    return client_for(member.user)


@pytest.fixture
def coach_client(coach) -> APIClient:
    return client_for(coach.user)


@pytest.fixture
def admin_client_api(gym_admin) -> APIClient:
    return client_for(gym_admin.user)


@pytest.fixture
def superuser_client(db) -> Client:
    """A superuser's session on Django's /admin/."""
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client
