"""Token login, refresh rotation, throttling, and authentication without queries."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient, APIRequestFactory

from accounts.identity import Identity
from accounts.tests.factories import PASSWORD
from accounts.tokens import TokenAuthentication
from conftest import bearer


def login(client, email, password=PASSWORD):
    return client.post("/api/auth/token/", {"email": email, "password": password}, format="json")


def test_member_logs_in_and_token_carries_gym_claims(api_client, member):
    response = login(api_client, member.user.email)
    assert response.status_code == 200
    assert set(response.json()) >= {"access", "refresh"}
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    principal, _ = TokenAuthentication().authenticate(request)
    assert principal == Identity(
        user_id=member.user_id,
        role="member",
        gym_id=member.gym_id,
        gym_tz="Europe/London",
        member_id=member.pk,
        staff_id=None,
    )


def test_staff_logs_in_with_the_same_endpoint(api_client, coach):
    response = login(api_client, coach.user.email.upper())
    assert response.status_code == 200


@pytest.mark.parametrize("password", ["wrong-password", ""])
def test_bad_credentials_answer_401_or_400_with_detail(api_client, member, password):
    response = login(api_client, member.user.email, password)
    assert response.status_code in (400, 401)
    assert response.json()["detail"]


def test_unknown_email_answers_401(api_client, db):
    response = login(api_client, "nobody@example.test")
    assert response.status_code == 401
    assert response.json() == {"detail": "Email or password is incorrect."}


def test_refresh_rotates_and_the_old_refresh_token_is_refused(api_client, member):
    refresh = login(api_client, member.user.email).json()["refresh"]
    first = api_client.post("/api/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert first.status_code == 200
    assert "access" in first.json()
    again = api_client.post("/api/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert again.status_code == 401


@override_settings(LOGIN_THROTTLE_PER_EMAIL=3)
def test_login_is_throttled_per_email(api_client, member):
    for _ in range(3):
        assert login(api_client, member.user.email, "nope-nope").status_code == 401
    response = login(api_client, member.user.email)
    assert response.status_code == 429
    assert "Too many login attempts" in response.json()["detail"]


def test_authenticating_a_request_costs_no_query(member, django_assert_num_queries):
    header = bearer(member.user)
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=header)
    with django_assert_num_queries(0):
        principal, _ = TokenAuthentication().authenticate(request)
    assert principal.member_id == member.pk


@pytest.mark.parametrize("header", ["", "Bearer not-a-token", "Token abc"])
def test_api_without_a_valid_token_answers_401(db, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    # The schema is public; a protected read of any app will do once apps land.
    response = client.post("/api/auth/token/refresh/", {"refresh": "garbage"}, format="json")
    assert response.status_code == 401
    assert response.json()["detail"]
