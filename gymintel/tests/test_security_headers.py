"""Every HTML page carries a Content-Security-Policy (no framing, forms post only to us,
scripts only our own); staff pages and exports, which show members' weights and meals,
are never stored by any cache."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from coaching.tests.helpers import staff_login

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    pairs = (part.strip().partition(" ") for part in policy.split(";"))
    return {name: value for name, _, value in pairs}


def assert_policy(response, *, inline_styles: bool = False) -> None:
    assert response["Content-Type"].startswith("text/html")
    policy = directives(response)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert ("'unsafe-inline'" in policy["style-src"]) is inline_styles


def assert_not_stored(response) -> None:
    cache_control = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_the_login_page_and_a_404_page_carry_the_policy(client):
    assert_policy(client.get("/accounts/login/"))
    missing = client.get("/coach/nothing-here/")
    assert missing.status_code == 404
    assert_policy(missing)


def test_staff_pages_carry_the_policy_and_are_never_stored(gym_admin, assigned_member):
    browser = staff_login(Client(), gym_admin)
    for path in ("/coach/", f"/coach/members/{assigned_member.pk}/", "/manage/", "/manage/staff/"):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert_policy(response)
        assert_not_stored(response)


def test_the_csv_export_is_never_stored(coach, assigned_member):
    browser = staff_login(Client(), coach)
    response = browser.get("/coach/export.csv")
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_django_admin_carries_the_policy(db):
    root = UserFactory(is_staff=True, is_superuser=True)
    browser = Client()
    assert_policy(browser.get("/admin/login/"), inline_styles=True)
    browser.force_login(root)
    index = browser.get("/admin/")
    assert index.status_code == 200
    assert_policy(index, inline_styles=True)


def test_the_api_docs_carry_the_policy_and_load_every_script_from_a_url(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_policy(response, inline_styles=True)
    # An inline start-up script would be blocked by script-src 'self': Swagger UI's is a URL.
    html = response.content.decode()
    assert "<script>" not in html
    assert client.get("/api/docs/?script=")["Content-Type"].startswith("application/javascript")


def test_staff_pages_have_no_inline_script_or_style_the_policy_would_block(
    gym_admin, assigned_member
):
    browser = staff_login(Client(), gym_admin)
    for path in (
        "/coach/",
        f"/coach/members/{assigned_member.pk}/",
        "/manage/",
        "/accounts/login/",
    ):
        html = browser.get(path).content.decode()
        assert "style=" not in html and "<style" not in html, path
        assert "<script>" not in html and " on" + "click=" not in html, path
