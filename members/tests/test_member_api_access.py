"""What every member endpoint shares: 401 without a valid token, 403 for a token that
names no member, 413 for oversized bodies, and an OpenAPI document that validates."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import include, path
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from conftest import bearer, client_for
from members.tests.api_helpers import MEMBER_ENDPOINTS, body_of, call

pytestmark = pytest.mark.django_db
BODY_ENDPOINTS = [(m, u) for m, u in MEMBER_ENDPOINTS if m in ("post", "patch")]


@pytest.mark.parametrize(("method", "url"), MEMBER_ENDPOINTS)
@pytest.mark.parametrize(
    "header", [None, "Bearer not-a-token", "Token abc", "Bearer " + "e30." * 3], ids=str
)
def test_without_a_valid_token_every_endpoint_answers_401(db, method, url, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = call(client, method, url)
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize(("method", "url"), MEMBER_ENDPOINTS)
def test_an_expired_token_answers_401(member, method, url):
    issued = timezone.now() - dt.timedelta(hours=1)
    with time_machine.travel(issued, tick=False):
        header = bearer(member.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = call(client, method, url)
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "url"), MEMBER_ENDPOINTS)
def test_staff_without_a_member_profile_get_403_with_a_reason(coach_client, method, url):
    response = call(coach_client, method, url)
    assert response.status_code == 403
    assert "no member profile" in response.json()["detail"]


def test_staff_linked_to_a_member_see_that_members_profile(coach, member):
    coach.linked_member = member
    coach.save()
    response = client_for(coach.user).get("/api/member/profile/")
    assert response.status_code == 200
    assert response.json()["id"] == member.pk


@pytest.mark.parametrize(("method", "url"), BODY_ENDPOINTS)
def test_a_two_mib_json_body_answers_413(member_client, method, url):
    response = member_client.generic(
        method.upper(), url, body_of(2 * 1024 * 1024), content_type="application/json"
    )
    assert response.status_code == 413
    assert "limited to 1024 KiB" in response.json()["detail"]


def test_an_upload_over_ten_mib_answers_413(member_client):
    response = member_client.generic(
        "POST",
        "/api/member/meals/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(11 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_member_endpoints_document_cleanly_and_validate():
    """`manage.py spectacular --validate --fail-on-warn`, limited to our endpoints so
    another app's work in progress cannot hide (or cause) a warning here."""
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/", include("members.urls"))])
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, list(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, list(GENERATOR_STATS._error_cache)
    validate_schema(schema)
    operations = {
        (method, route)
        for route, item in schema["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "responses" in op
    }
    assert operations == {
        ("get", "/api/member/profile/"),
        ("patch", "/api/member/profile/"),
        ("post", "/api/member/avatar/"),
        ("get", "/api/member/meals/"),
        ("post", "/api/member/meals/"),
        ("get", "/api/member/meals/{meal_id}/"),
        ("get", "/api/logs/"),
        ("post", "/api/logs/"),
        ("get", "/api/logs/{log_id}/"),
        ("delete", "/api/logs/{log_id}/"),
        ("get", "/api/checkins/"),
        ("post", "/api/checkins/"),
        ("get", "/api/checkins/{checkin_id}/"),
    }
    for route, item in schema["paths"].items():
        for method, op in item.items():
            assert "401" in op["responses"], (method, route)
            assert op.get("description"), (method, route)
    create = schema["paths"]["/api/logs/"]["post"]
    assert {p["name"] for p in create["parameters"]} == {"Idempotency-Key"}
    assert {"200", "201", "400", "404", "413"} <= set(create["responses"])
    checkin = schema["paths"]["/api/checkins/"]["post"]
    assert {p["name"] for p in checkin["parameters"]} == {"Idempotency-Key"}
    assert {"200", "201", "400", "409"} <= set(checkin["responses"])


def test_the_whole_schema_is_served_and_valid(api_client):
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert "/api/logs/" in schema["paths"]


def test_docs_render(api_client):
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
