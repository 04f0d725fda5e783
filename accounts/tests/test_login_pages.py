"""/accounts/login/ and /accounts/logout/: staff only, throttled, CSRF, context in session."""

from __future__ import annotations

import time

import pytest
from django.test import Client, override_settings

from accounts.staff_session import SESSION_KEY
from accounts.tests.factories import PASSWORD
from coaching.tests.helpers import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_login_form_has_email_password_and_csrf(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'type="email"' in html and 'name="email"' in html
    assert 'type="password"' in html


def test_coach_logs_in_and_the_session_carries_the_staff_context(client, coach):
    response = client.post(
        "/accounts/login/", {"email": coach.user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/coach/"
    context = client.session[SESSION_KEY]
    assert context["staff_id"] == coach.pk
    assert context["gym_id"] == coach.gym_id
    assert context["role"] == "coach"
    assert context["gym_tz"] == "Europe/London"
    assert context["member_id"] is None


def test_login_follows_a_safe_next_and_ignores_an_outside_one(client, coach):
    data = {"email": coach.user.email, "password": PASSWORD}
    response = client.post("/accounts/login/?next=/coach/members/1/", data)
    assert response["Location"] == "/coach/members/1/"
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/?next=https://evil.example/", data)
    assert response["Location"] == "/coach/"


def test_wrong_password_shows_an_error_and_no_session(client, coach):
    response = client.post("/accounts/login/", {"email": coach.user.email, "password": "nope"})
    assert response.status_code == 401
    assert "Email or password is incorrect." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_member_cannot_use_the_staff_login(client, member):
    response = client.post("/accounts/login/", {"email": member.user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "for coaches, gym admins and chain owners" in response.content.decode()
    assert client.get("/coach/").status_code == 302


@override_settings(LOGIN_THROTTLE_PER_EMAIL=3)
def test_login_page_is_throttled_like_the_api(client, coach):
    for _ in range(3):
        client.post("/accounts/login/", {"email": coach.user.email, "password": "nope"})
    response = client.post("/accounts/login/", {"email": coach.user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many login attempts" in response.content.decode()


def test_login_post_without_csrf_token_is_refused(coach):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"email": coach.user.email, "password": PASSWORD})
    assert response.status_code == 403


def test_logout_is_a_post_and_ends_the_session(client, coach):
    staff_login(client, coach)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/coach/")["Location"].startswith("/accounts/login/")


def test_pages_redirect_anonymous_visitors_to_login(client, db):
    for url in ("/coach/", "/coach/members/1/", "/coach/export.csv", "/manage/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


def test_stale_context_is_reread_and_a_closed_account_is_logged_out(client, coach):
    staff_login(client, coach)
    session = client.session
    session[SESSION_KEY]["checked_at"] = time.time() - 3600
    session.save()
    coach.role = "admin"
    coach.save()
    assert client.get("/manage/").status_code == 200  # the new role is picked up
    session = client.session
    session[SESSION_KEY]["checked_at"] = time.time() - 3600
    session.save()
    coach.user.is_active = False
    coach.user.save()
    assert client.get("/coach/").status_code == 302
    assert SESSION_KEY not in client.session


def test_fresh_context_costs_no_query_to_know_the_staff(
    client, coach, assigned_member, django_assert_num_queries
):
    staff_login(client, coach)
    # The session comes from the cache; the page is the dashboard's three queries
    # (count, rows, weights) and nothing to find out who is asking.
    with django_assert_num_queries(3):
        assert client.get("/coach/").status_code == 200
