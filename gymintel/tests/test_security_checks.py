"""Security checks beyond tenancy: tokens (short-lived, rotated, blacklisted, of the
right kind, signed by us), CSRF on every staff form found in the URLconf, password
validators where staff and members are created, and uploads that can never come back
as HTML or script. `manage.py check --deploy`: gymintel/tests/test_security_settings.py.
"""

from __future__ import annotations

import datetime as dt
import io

import jwt
import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import PASSWORD
from coaching.tests.helpers import staff_login
from gymintel.tests.tenancy import build_world, route_parameters, snapshot, url_for, urlconf_routes

pytestmark = pytest.mark.django_db


def login(email: str, password: str = PASSWORD) -> dict:
    response = APIClient().post(
        "/api/auth/token/", {"email": email, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def get_with(access: str, path: str = "/api/member/profile/"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get(path)


def refresh(token: str):
    return APIClient().post("/api/auth/token/refresh/", {"refresh": token}, format="json")


# --- Tokens ---------------------------------------------------------------------------------


def test_access_tokens_live_fifteen_minutes_and_refresh_tokens_two_weeks(member):
    tokens = login(member.user.email)
    access = jwt.decode(tokens["access"], options={"verify_signature": False})
    refresh_claims = jwt.decode(tokens["refresh"], options={"verify_signature": False})
    assert access["exp"] - access["iat"] == 15 * 60
    assert refresh_claims["exp"] - refresh_claims["iat"] == 14 * 24 * 3600


def test_an_access_token_past_its_fifteen_minutes_is_401(member):
    issued = timezone.now()
    with time_machine.travel(issued, tick=False):
        access = login(member.user.email)["access"]
        assert get_with(access).status_code == 200
    with time_machine.travel(issued + dt.timedelta(minutes=15, seconds=1), tick=False):
        response = get_with(access)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_used_refresh_token_replayed_ends_the_whole_login(member):
    first = login(member.user.email)["refresh"]
    rotated = refresh(first)
    assert rotated.status_code == 200
    assert set(rotated.json()) == {"access", "refresh"}
    assert get_with(rotated.json()["access"]).status_code == 200
    again = refresh(first)  # replayed: someone holds a copy
    assert again.status_code == 401
    assert "already used" in again.json()["detail"]
    # The successor dies with it: the thief and the owner both sign in again.
    assert refresh(rotated.json()["refresh"]).status_code == 401


def test_a_deactivated_accounts_refresh_token_is_refused(member):
    token = login(member.user.email)["refresh"]
    User.objects.filter(pk=member.user_id).update(is_active=False)
    response = refresh(token)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_tokens_of_the_wrong_kind_or_signer_are_refused(member):
    tokens = login(member.user.email)
    claims = jwt.decode(tokens["access"], options={"verify_signature": False})
    forged = jwt.encode(
        claims, "not-our-signing-key-though-long-enough-for-hs256", algorithm="HS256"
    )
    unsigned = jwt.encode(claims, None, algorithm="none")
    as_admin = jwt.encode(
        {**claims, "role": "admin"},
        "not-our-signing-key-though-long-enough-for-hs256",
        algorithm="HS256",
    )
    assert get_with(tokens["refresh"]).status_code == 401  # a refresh token is no access token
    assert refresh(tokens["access"]).status_code == 401  # nor the other way round
    for token in (forged, unsigned, as_admin):
        assert get_with(token).status_code == 401


# --- CSRF on every staff form ------------------------------------------------------------


def _staff_post_routes() -> list[str]:
    """Every page route (not the API, not Django's admin) that takes a POST."""
    routes = []
    for route in urlconf_routes():
        if route.startswith(("api/", "admin/", "^media/")) or route == "healthz/":
            continue
        path = url_for(route, dict.fromkeys(route_parameters(route), 1))
        if Client().post(path).status_code != 405:
            routes.append(route)
    return routes


@pytest.fixture
def world():
    return build_world()


def _own_ids(world) -> dict[str, int]:
    """Objects the admin may act on, so CSRF is the only reason left to refuse."""
    return {
        "member_id": world.members["Lou"].pk,
        "staff_id": world.staff["coach"].pk,
        "challenge_id": world.challenge_a.pk,
        # CSRF is checked before the invitation is looked up: any token shows it.
        "token": "any-invitation-token",
    }


def test_every_staff_form_refuses_a_post_without_the_csrf_token(world):
    routes = _staff_post_routes()
    # The resolver found the forms (a wrong walk would find none and prove nothing).
    assert {"accounts/login/", "manage/gym/", "coach/members/<int:member_id>/targets/"} <= set(
        routes
    )
    admin = staff_login(Client(), world.staff["admin"])
    admin.handler.enforce_csrf_checks = True
    for route in routes:
        path = url_for(route, _own_ids(world))
        before = snapshot()
        response = admin.post(path, {"name": "Forged", "role": "admin"})
        assert response.status_code == 403, (route, response.status_code)
        assert snapshot() == before, route
    # With the token the same client gets through: the 403s above were CSRF's.
    admin.get("/manage/")
    token = admin.cookies["csrftoken"].value
    response = admin.post(
        "/manage/gym/",
        {"name": "Alpha Gym", "timezone": "Europe/London", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_the_session_cookie_is_http_only_and_both_cookies_same_site():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
    assert settings.CSRF_COOKIE_SAMESITE in ("Lax", "Strict")


# --- Password validators -------------------------------------------------------------------

WEAK_PASSWORDS = [
    ("too short", "x7#kq"),
    ("all digits", "48151623420"),
    ("common", "password123"),
    ("like the email", "newperson-alpha"),
]


@pytest.mark.parametrize(("label", "password"), WEAK_PASSWORDS, ids=[w[0] for w in WEAK_PASSWORDS])
@pytest.mark.parametrize("form", ["manage/members/add/", "manage/staff/add/"])
def test_weak_passwords_are_refused_when_an_admin_creates_an_account(world, form, label, password):
    admin = staff_login(Client(), world.staff["admin"])
    body = {
        "email": "newperson-alpha@alpha.test",
        "name": "New Person",
        "password": password,
        "subscription_status": "active",
        "role": "coach",
    }
    before = snapshot()
    response = admin.post(f"/{form}", body)
    assert response.status_code == 400, label
    assert "password" in response.content.decode().lower()
    assert snapshot() == before
    assert not User.objects.filter(email=body["email"]).exists()
    body["password"] = "vault-otter-91-quince"
    assert admin.post(f"/{form}", body).status_code == 302  # a strong one goes through


# --- Uploads never come back as HTML or script -------------------------------------------


def _png(tail: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, "PNG")
    return out.getvalue() + tail


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.fixture
def alma_api(world, settings, tmp_path) -> APIClient:
    settings.MEDIA_ROOT = tmp_path / "media"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login('alma@alpha.test')['access']}")
    return client


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("logo.svg", SVG, "image/svg+xml"),
        ("avatar.jpg", b"<script>alert(1)</script>", "image/jpeg"),  # lies about its type
        # A real PNG with a page after its end (a polyglot): refused, not cleaned.
        ("avatar.png", _png(b"<html><script>alert(1)</script></html>"), "image/png"),
    ],
    ids=["html", "svg", "script named jpg", "png with a script tail"],
)
@pytest.mark.parametrize(
    ("path", "field", "fields"),
    [
        ("/api/member/avatar/", "image", {}),
        ("/api/logs/", "photo", {"type": "meal"}),
        ("/api/ai/meal-estimate/", "photo", {}),
    ],
    ids=["avatar", "meal log", "meal estimate"],
)
def test_html_svg_and_script_uploads_are_refused(
    alma_api, settings, name, content, content_type, path, field, fields
):
    # A key, so the estimate gets as far as the photo; the photo stops it before any call.
    settings.ANTHROPIC_API_KEY, settings.ANTHROPIC_BASE_URL = "sk-unused", "http://127.0.0.1:9"
    before = snapshot()
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = alma_api.post(path, {**fields, field: upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert snapshot() == before


def test_an_image_sent_as_html_is_served_back_as_a_jpeg_that_no_browser_runs(alma_api):
    """What we serve is what we encoded: our name, our type, nosniff, and a sandbox CSP
    should a browser open it as a page. The upload's name and type count for nothing."""
    upload = SimpleUploadedFile("x.html", _png(), content_type="text/html")
    response = alma_api.post("/api/member/avatar/", {"image": upload}, format="multipart")
    assert response.status_code == 200, response.content
    url = response.json()["avatar_url"]
    assert url.endswith(".jpg") and ".html" not in url
    served = Client().get(url)
    body = b"".join(served.streaming_content)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert Image.open(io.BytesIO(body)).format == "JPEG"
