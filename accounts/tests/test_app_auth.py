"""The member app's cookie sign-in: the refresh token only in an HttpOnly, SameSite=Strict
cookie on its own path, rotated on refresh, its login ended on logout, and every call refused
without the app's header or from another origin."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from accounts.app_cookie import COOKIE_NAME, COOKIE_PATH, FORGED
from accounts.tests.factories import PASSWORD

APP = {"HTTP_X_REQUESTED_WITH": "gymintel-app"}
SAME_ORIGIN = {**APP, "HTTP_ORIGIN": "http://testserver"}


def app_login(client, email, password=PASSWORD, **headers):
    return client.post(
        "/api/auth/app/login/",
        {"email": email, "password": password},
        content_type="application/json",
        **(headers or SAME_ORIGIN),
    )


def test_login_answers_the_access_token_and_keeps_the_refresh_token_in_a_locked_cookie(member):
    client = Client()
    response = app_login(client, member.user.email)
    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == COOKIE_PATH
    assert not cookie["secure"]  # development: plain http on the loopback
    access = response.json()["access"]
    profile = client.get("/api/member/profile/", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert profile.status_code == 200


@override_settings(SESSION_COOKIE_SECURE=True)
def test_the_cookie_is_secure_in_production(member):
    response = app_login(Client(), member.user.email)
    assert response.cookies[COOKIE_NAME]["secure"] is True


def test_a_wrong_password_answers_401_and_sets_no_cookie(member):
    response = app_login(Client(), member.user.email, "wrong-password")
    assert response.status_code == 401
    assert response.json() == {"detail": "Email or password is incorrect."}
    assert COOKIE_NAME not in response.cookies


@override_settings(LOGIN_THROTTLE_PER_EMAIL=2)
def test_the_api_login_throttle_applies(member):
    client = Client()
    for _ in range(2):
        assert app_login(client, member.user.email, "wrong-password").status_code == 401
    assert app_login(client, member.user.email).status_code == 429


def test_refresh_rotates_the_cookie_and_the_used_token_is_refused(member):
    client = Client()
    app_login(client, member.user.email)
    used = client.cookies[COOKIE_NAME].value
    first = client.post("/api/auth/app/refresh/", **SAME_ORIGIN)
    assert first.status_code == 200
    assert set(first.json()) == {"access"}
    rotated = first.cookies[COOKIE_NAME].value
    assert rotated != used

    replay = Client()
    replay.cookies[COOKIE_NAME] = used
    refused = replay.post("/api/auth/app/refresh/", **SAME_ORIGIN)
    assert refused.status_code == 401
    assert "access" not in refused.json()


def test_refresh_without_a_cookie_answers_204_not_signed_in(db):
    # A first visit is not an error (the browser would log a 401 as one).
    response = Client().post("/api/auth/app/refresh/", **SAME_ORIGIN)
    assert response.status_code == 204
    assert response.content == b""


def test_a_refused_cookie_answers_401_and_is_cleared(member):
    client = Client()
    client.cookies[COOKIE_NAME] = "not-a-token"
    response = client.post("/api/auth/app/refresh/", **SAME_ORIGIN)
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_logout_clears_the_cookie_and_the_token_can_no_longer_refresh(member):
    client = Client()
    app_login(client, member.user.email)
    token = client.cookies[COOKIE_NAME].value
    response = client.post("/api/auth/app/logout/", **SAME_ORIGIN)
    assert response.status_code == 204
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0

    stolen = Client()
    stolen.cookies[COOKIE_NAME] = token
    assert stolen.post("/api/auth/app/refresh/", **SAME_ORIGIN).status_code == 401


def test_logout_without_a_cookie_is_harmless(db):
    assert Client().post("/api/auth/app/logout/", **SAME_ORIGIN).status_code == 204


@pytest.mark.parametrize(
    "headers",
    [
        {},  # a plain cross-site form post carries no custom header
        {"HTTP_ORIGIN": "http://testserver"},
        {**APP, "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_ORIGIN": "http://testserver"},
    ],
    ids=["nothing", "origin-only", "foreign-origin", "other-header-value"],
)
@pytest.mark.parametrize("path", ["login", "refresh", "logout"])
def test_a_request_not_from_the_app_is_refused_and_changes_nothing(member, headers, path):
    client = Client()
    app_login(client, member.user.email)
    token = client.cookies[COOKIE_NAME].value
    body = {"email": member.user.email, "password": PASSWORD} if path == "login" else {}
    response = client.post(
        f"/api/auth/app/{path}/", body, content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert response.json()["detail"] == FORGED
    assert COOKIE_NAME not in response.cookies
    # The cookie still works: a forged logout did not revoke it, a forged refresh did not use it.
    assert client.post("/api/auth/app/refresh/", **SAME_ORIGIN).status_code == 200
    assert client.cookies[COOKIE_NAME].value != token


@override_settings(CSRF_TRUSTED_ORIGINS=["https://app.example"])
def test_a_trusted_origin_is_accepted(member):
    response = app_login(Client(), member.user.email, **APP, HTTP_ORIGIN="https://app.example")
    assert response.status_code == 200


def test_refresh_costs_a_bounded_number_of_queries(member, django_assert_max_num_queries):
    client = Client()
    app_login(client, member.user.email)
    # All of them are accounts.signin.rotate_refresh's: SAVEPOINT; the login's family and
    # its user FOR UPDATE; identity: staff row, member row; UPDATE the family's current
    # token; RELEASE SAVEPOINT. The cookie views add none.
    with django_assert_max_num_queries(6):
        assert client.post("/api/auth/app/refresh/", **SAME_ORIGIN).status_code == 200
