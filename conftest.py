"""Fixtures shared by every app's tests: a gym with a member, a coach and an admin,
and API clients that carry their bearer tokens (made without a login round trip).

Parallel runs (pytest -n, pytest-xdist): pytest-django gives each worker its own test
database (test_<name>_gw0, ...), settings give each worker its own cache key prefix
(gymintel-test-gw0, ...), and pytest_configure below its own MEDIA_ROOT.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import GymFactory, MemberFactory, StaffFactory, UserFactory
from accounts.tokens import tokens_for
from coaching.tests.factories import CoachAssignmentFactory


def bearer(user) -> str:
    return f"Bearer {tokens_for(user).access_token}"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=bearer(user))
    return client


def pytest_configure(config):
    """A MEDIA_ROOT of this process's own: files a test writes without a tmp_path of its
    own must not land in the checkout's media/ folder, shared by every worker."""
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix=f"gymintel-test-media-{worker}-"))


def pytest_unconfigure(config):
    if "gymintel-test-media-" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a file like the embedded default does (WAL needs a file; the
    in-memory test database Django would pick has no journal to put in WAL mode)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        db["TEST"] = {**db.get("TEST", {}), "NAME": str(path)}


def clear_this_workers_cache() -> None:
    """Empty the cache of this process only. On Redis, delete_pattern("*") is prefixed
    with KEY_PREFIX (one per xdist worker, see settings), so the keys of other workers
    sharing the database survive; FLUSHDB (cache.clear()) would wipe theirs too."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()  # LocMemCache: this process's memory only


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (only this worker's keys)."""
    clear_this_workers_cache()
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
