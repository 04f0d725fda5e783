"""What every answer looks like on the wire, whichever endpoint gives it: error bodies
hold only the `Error` component's fields, 201s say where the new thing lives, 429s and
503s say when to come back, date-times are UTC to the millisecond, image URLs and page
links are absolute, and the ids in a token are numbers like every other id."""

from __future__ import annotations

import base64
import json
import re

import pytest
from django.test import override_settings

from accounts.tests.factories import PASSWORD
from challenges.tests.factories import ChallengeFactory
from members.tests.factories import DailyLogFactory

pytestmark = pytest.mark.django_db
ERROR_FIELDS = {"detail", "code", "errors"}
UTC_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture
def api_client(api_client):
    api_client.default_format = "json"  # what clients send
    return api_client


@pytest.fixture
def member_client(member_client):
    member_client.default_format = "json"
    return member_client


def claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_token_ids_are_numbers_after_login_and_refresh(api_client, member):
    pair = api_client.post("/api/auth/token/", {"email": member.user.email, "password": PASSWORD})
    access = claims(pair.json()["access"])
    refreshed = api_client.post("/api/auth/token/refresh/", {"refresh": pair.json()["refresh"]})
    for token in (access, claims(refreshed.json()["access"])):
        assert token["user_id"] == member.user_id and token["member_id"] == member.pk
        assert isinstance(token["user_id"], int) and isinstance(token["gym_id"], int)


def test_a_bad_token_answers_the_error_component_only(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = api_client.get("/api/member/profile/")
    assert response.status_code == 401
    body = response.json()
    assert set(body) <= ERROR_FIELDS and body["detail"]  # simplejwt's `messages` dropped
    assert body["code"] == "token_not_valid"


def test_validation_errors_are_a_flat_map_of_messages(member_client):
    response = member_client.post("/api/logs/", {"type": "lunch", "estimated_calories": -1})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert set(body["errors"]) == {"type", "estimated_calories"}
    assert all(
        isinstance(messages, list) and all(isinstance(m, str) for m in messages)
        for messages in body["errors"].values()
    )


def test_nested_and_whole_body_errors_are_named_by_path():
    from gymintel.errors import field_messages

    assert field_messages({"gym": {"name": ["Too long."]}, "non_field_errors": ["Bad."]}) == {
        "gym.name": ["Too long."],
        "non_field_errors": ["Bad."],
    }
    assert field_messages({"items": [{}, {"id": ["Required."]}]}) == {"items.1.id": ["Required."]}
    assert field_messages(["Whole body."]) == {"non_field_errors": ["Whole body."]}


def test_a_body_over_the_limit_answers_the_error_component(member_client, settings):
    response = member_client.generic(
        "POST",
        "/api/logs/",
        b"",
        content_type="application/json",
        CONTENT_LENGTH=str(settings.JSON_BODY_MAX_BYTES + 1),
    )
    assert response.status_code == 413
    assert set(response.json()) <= ERROR_FIELDS  # no undeclared `limit_bytes`
    assert "1024 KiB" in response.json()["detail"]


@override_settings(LOGIN_THROTTLE_PER_PAIR=1)
def test_the_login_throttle_says_when_to_come_back(api_client, member):
    body = {"email": member.user.email, "password": "wrong"}
    api_client.post("/api/auth/token/", body, format="json")
    response = api_client.post("/api/auth/token/", body, format="json")
    assert response.status_code == 429
    # The first wait of the growing back-off (accounts.throttle): one second.
    assert response["Retry-After"] == "1"
    assert set(response.json()) <= ERROR_FIELDS


def test_ai_unconfigured_is_503_with_retry_after(member_client, settings):
    settings.ANTHROPIC_API_KEY = ""
    response = member_client.post("/api/ai/chat/", {"message": "Protein?"})
    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 1
    assert set(response.json()) <= ERROR_FIELDS


def test_every_created_answer_names_its_url_and_the_url_answers(member_client, member):
    challenge = ChallengeFactory(gym=member.gym)
    # (what was created, the field that says it is the same thing when read back)
    answers = [
        (member_client.post("/api/logs/", {"type": "water"}), "id"),
        (member_client.post("/api/checkins/", {"weight": 80}), "id"),
        (member_client.post("/api/member/meals/", {"name": "Oats"}), "id"),
        (member_client.post(f"/api/challenges/{challenge.pk}/join/"), "joined_at"),
    ]
    for created, same in answers:
        assert created.status_code == 201, created.content
        location = created["Location"]
        assert location.startswith("http://testserver/api/"), location
        again = member_client.get(location)
        assert again.status_code == 200, location
        assert again.json()[same] == created.json()[same], location


def test_date_times_are_utc_to_the_millisecond(member_client, member):
    DailyLogFactory(member=member)
    profile = member_client.get("/api/member/profile/").json()
    logs = member_client.get("/api/logs/").json()["results"]
    # The quota resets at the gym's midnight (Europe/London here): spelled in UTC too.
    assert UTC_MS.match(profile["ai_quota"]["resets_at"]), profile["ai_quota"]["resets_at"]
    assert all(UTC_MS.match(row["created_at"]) for row in logs)
    created = member_client.post("/api/checkins/", {"weight": 80}).json()["created_at"]
    assert UTC_MS.match(created), created
