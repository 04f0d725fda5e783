"""Schema fuzzing: requests generated from the served /api/schema/ by schemathesis, sent
in-process with real tokens; no answer is a 5xx, and every answer is documented.

Each operation is a test of its own, run three times: with a member's token, with a
coach's (staff answers on member endpoints, the coach dashboard with data) and with a
chain owner's (refusals everywhere but the owner's own endpoints, which show data). Path ids are
tried as generated (mostly objects that do not exist) and once more as a real object
of the caller's, so the 200 bodies are checked against the schema too.

What it proves, and what it leaves to other tests (docs/SECURITY.md):
- checked: no server error; every status code, content type, header and JSON body as
  documented; a request without a valid token is refused (401, documented);
- not checked: that requests outside the schema are refused (schemathesis'
  negative_data_rejection: DRF coerces "12" to 12 and 12 to "12", on purpose), nor that
  every schema-valid request is accepted (positive_data_acceptance: rules a schema
  cannot say, like "no log older than a year", answer 400). test_bad_input.py covers
  the refusals that matter.

Bounded: a few examples per operation and phase, derandomized (CI sees the same
requests every run), no deadline (a shared CI machine is slow at times).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from accounts.roles import Role
from accounts.tests.factories import (
    PASSWORD,
    GymFactory,
    MemberFactory,
    OwnerFactory,
    StaffFactory,
)
from aicoach.models import AIUsage
from aicoach.tests.fake_anthropic import API_KEY, FakeAnthropicServer
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from coaching.tests.factories import CoachAssignmentFactory
from gymintel.clock import gym_today
from media_store.tests import samples
from members.tests.factories import CheckInFactory, DailyLogFactory, SavedMealFactory

MAX_EXAMPLES = 50
NOT_CHECKED = [negative_data_rejection, positive_data_acceptance]

APP = get_wsgi_application()
# The document a client downloads, not the generator's output: what is served is fuzzed.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP)
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
schema.config.seed = 20260901


@contextmanager
def transaction_kept():
    """Django's handler closes a connection found inside an atomic block at each request
    (request_started/finished); the test client unhooks that while it runs a request,
    and so must we, or the test's transaction would be cut after the first request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fake_claude(settings):
    with FakeAnthropicServer() as fake:
        settings.ANTHROPIC_API_KEY = API_KEY
        settings.ANTHROPIC_BASE_URL = fake.url
        yield fake


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads the fuzz gets accepted (avatars, meal photos) land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    """A gym with a member who has logged, checked in, saved a meal and joined a
    challenge; their coach; and another gym next door."""
    gym = GymFactory(name="Shoreditch", timezone="Europe/London")
    member = MemberFactory(gym=gym, user__name="Maya Silva")
    coach = StaffFactory(gym=gym, role=Role.COACH, user__name="Coach Kim")
    CoachAssignmentFactory(member=member, coach=coach)
    challenge = ChallengeFactory(gym=gym, name="Spring")
    ParticipantFactory(challenge=challenge, member=member)
    today = dt.date.today()
    for days in range(5):
        DailyLogFactory(member=member, date=today - dt.timedelta(days=days))
    CheckInFactory(member=member, date=today - dt.timedelta(days=7))
    SavedMealFactory(member=member)
    ChallengeFactory(gym=GymFactory(name="Bondi"), name="Elsewhere")
    owner = OwnerFactory(name="Olive Owner")
    return {"member": member, "coach": coach, "challenge": challenge, "owner": owner}


def _real_id(name: str, world: dict) -> int:
    """An object of the caller's that the path parameter `name` can point at."""
    if name == "challenge_id":
        return world["challenge"].pk
    if name == "log_id":  # a fresh one: DELETE takes it away
        return DailyLogFactory(member=world["member"]).pk
    if name == "checkin_id":
        return CheckInFactory(member=world["member"]).pk
    if name == "meal_id":
        return SavedMealFactory(member=world["member"]).pk
    raise AssertionError(f"No real object for path parameter {name!r}: add one to _real_id.")


@pytest.fixture(params=["member", "coach", "owner"])
def caller(request, world, client, fake_claude):
    """A real access token, from the real login endpoint."""
    who = world[request.param]
    user = who if request.param == "owner" else who.user
    response = client.post(
        "/api/auth/token/",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"Authorization": f"Bearer {response.json()['access']}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented_and_none_is_a_server_error(case, caller, world):
    with transaction_kept():
        case.call_and_validate(headers=caller, excluded_checks=NOT_CHECKED)
    if case.path_parameters:
        case.path_parameters = {name: _real_id(name, world) for name in case.path_parameters}
        with transaction_kept():
            case.call_and_validate(headers=caller, excluded_checks=NOT_CHECKED)


def test_ai_chat_unconfigured_answers_a_documented_503(world, client, settings):
    """Without ANTHROPIC_API_KEY the chat answers 503 (the embedded default): documented."""
    settings.ANTHROPIC_API_KEY = ""
    user = world["member"].user
    login = client.post(
        "/api/auth/token/",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    case = schema["/api/ai/chat/"]["POST"].Case(
        body={"message": "How much protein after training?"}, media_type="application/json"
    )
    with transaction_kept():
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {login.json()['access']}"},
            # A 503 is what this test expects; every other check still applies.
            excluded_checks=[*NOT_CHECKED, not_a_server_error],
        )
    assert response.status_code == 503
    assert response.json()["detail"]


def _member_headers(client, world) -> dict[str, str]:
    user = world["member"].user
    login = client.post(
        "/api/auth/token/",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    return {"Authorization": f"Bearer {login.json()['access']}"}


@pytest.mark.parametrize("scenario", ["answer", "cached", "quota", "nonsense", "unconfigured"])
def test_meal_estimate_answers_are_documented(world, client, fake_claude, settings, scenario):
    """Random bytes never make a photo, so the fuzz above only meets the 400: each other
    answer (200 fresh and cached, 429, 503) is sent a real photo and checked here."""
    member = world["member"]
    headers = _member_headers(client, world)
    expected = {"answer": 200, "cached": 200, "quota": 429, "nonsense": 503, "unconfigured": 503}
    operation = schema["/api/ai/meal-estimate/"]["POST"]

    def send():
        case = operation.Case(
            body={"photo": samples.jpeg(), "note": "no sauce"}, media_type="multipart/form-data"
        )
        with transaction_kept():
            return case.call_and_validate(
                headers=headers, excluded_checks=[*NOT_CHECKED, not_a_server_error]
            )

    if scenario == "cached":
        assert send().status_code == 200
    if scenario == "quota":
        AIUsage.objects.create(member=member, date=gym_today(member.gym.timezone), used=20)
    if scenario == "nonsense":
        fake_claude.tool_input = {"description": "", "estimated_calories": -3}
    if scenario == "unconfigured":
        settings.ANTHROPIC_API_KEY = ""
    response = send()
    assert response.status_code == expected[scenario]
    if scenario == "cached":
        assert response.json()["cached"] is True
