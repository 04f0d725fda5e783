"""One login throttle for the API, the staff login page and the Django admin login:
per (email, address), a ceiling per email and per address, a growing wait with
Retry-After, and addresses from proxy headers only when our proxy sent them."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD, UserFactory
from gymintel.client_address import parse_networks

API = "/api/auth/token/"
PROXY = "127.0.0.1"  # the default TRUSTED_PROXIES: nginx on the same host


def api_login(email: str, password: str, *, peer: str, **headers: str):
    client = APIClient(REMOTE_ADDR=peer, **headers)
    return client.post(API, {"email": email, "password": password}, format="json")


def via_proxy(email: str, password: str, client_ip: str):
    return api_login(email, password, peer=PROXY, HTTP_X_REAL_IP=client_ip)


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_THROTTLE_PER_PAIR = 5
    settings.LOGIN_THROTTLE_PER_EMAIL = 20
    settings.LOGIN_THROTTLE_PER_IP = 50


@pytest.fixture(autouse=True)
def clock():
    """Stopped, so a one-second wait cannot run out between two requests on a busy machine."""
    with time_machine.travel(1_800_000_000, tick=False) as traveller:
        yield traveller


# --- Case 7: a stranger cannot lock a chosen account out ---------------------------------


def test_a_stranger_failing_an_accounts_password_does_not_lock_its_owner_out(member):
    email = member.user.email
    answers = [via_proxy(email, "guess", "203.0.113.66").status_code for _ in range(10)]
    assert answers == [401] * 5 + [429] * 5

    owner = via_proxy(email, PASSWORD, "198.51.100.7")
    assert owner.status_code == 200


def test_after_each_wait_one_more_guess_and_the_next_wait_is_twice_as_long(member, clock):
    email = member.user.email
    for _ in range(5):
        assert via_proxy(email, "guess", "203.0.113.66").status_code == 401
    waits = []
    for _ in range(4):
        refused = via_proxy(email, "guess", "203.0.113.66")
        assert refused.status_code == 429
        assert "Too many login attempts" in refused.json()["detail"]
        waits.append(int(refused["Retry-After"]))
        clock.shift(waits[-1] - 0.5)
        # Still waiting: refused with what remains, and not counted.
        assert via_proxy(email, "guess", "203.0.113.66")["Retry-After"] == "1"
        clock.shift(0.5)
        assert via_proxy(email, "guess", "203.0.113.66").status_code == 401
    assert waits == [1, 2, 4, 8]


def test_the_wait_stops_growing_at_its_ceiling(member, clock, settings):
    settings.LOGIN_BACKOFF_MAX_SECONDS = 30
    email = member.user.email
    for _ in range(12):
        assert via_proxy(email, "guess", "203.0.113.66").status_code == 401
        assert int(via_proxy(email, "guess", "203.0.113.66").get("Retry-After", 0)) <= 30
        clock.shift(60)
    # Uncapped, the wait would now be 128 s; capped, a minute later the owner gets in.
    assert via_proxy(email, PASSWORD, "203.0.113.66").status_code == 200


def test_a_successful_sign_in_starts_its_pair_again(member):
    email = member.user.email
    for _ in range(4):
        via_proxy(email, "typo", "198.51.100.7")
    assert via_proxy(email, PASSWORD, "198.51.100.7").status_code == 200
    for _ in range(4):
        assert via_proxy(email, "typo", "198.51.100.7").status_code == 401


def test_many_addresses_guessing_one_account_meet_the_per_email_ceiling(member):
    email = member.user.email
    answers = [via_proxy(email, "guess", f"203.0.113.{i}").status_code for i in range(21)]
    assert answers == [401] * 20 + [429]


# --- Case 4: forged client addresses ---------------------------------------------------


def test_a_client_cannot_choose_its_address_with_x_real_ip(db, settings):
    settings.LOGIN_THROTTLE_PER_IP = 10
    answers = [
        api_login(
            f"victim{i}@example.test", "Summer2026!", peer="198.51.100.9",
            HTTP_X_REAL_IP=f"10.9.{i}.1", HTTP_X_FORWARDED_FOR=f"10.8.{i}.1",
        ).status_code
        for i in range(12)
    ]  # fmt: skip
    # One peer, however many addresses it claims: the per-address ceiling holds.
    assert answers == [401] * 10 + [429] * 2


def test_our_proxys_x_real_ip_is_the_client_address(db, settings):
    settings.LOGIN_THROTTLE_PER_IP = 10
    answers = [
        via_proxy(f"victim{i}@example.test", "Summer2026!", f"10.9.{i}.1").status_code
        for i in range(12)
    ]
    assert answers == [401] * 12  # twelve real clients behind nginx, each under its limit


def test_a_trusted_proxy_list_is_read_strictly():
    assert [str(n) for n in parse_networks(["10.0.0.0/8", " ::1 ", ""])] == [
        "10.0.0.0/8",
        "::1/128",
    ]
    with pytest.raises(ValueError, match="not-a-network"):
        parse_networks(["not-a-network"])


# --- The staff login page and the Django admin login (case 3) --------------------------


def test_the_staff_login_page_answers_429_with_retry_after(coach):
    client = Client(REMOTE_ADDR="198.51.100.20")
    for _ in range(5):
        client.post("/accounts/login/", {"email": coach.user.email, "password": "nope"})
    response = client.post("/accounts/login/", {"email": coach.user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many login attempts" in response.content.decode()


def test_the_django_admin_login_is_throttled(db):
    UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="198.51.100.30")
    form = {"username": "root@example.test", "password": "wrong", "next": "/admin/"}
    answers = [client.post("/admin/login/", form).status_code for _ in range(40)]
    assert answers[:5] == [200] * 5  # the admin's form, with its error
    assert set(answers[5:]) == {429}
    refused = client.post("/admin/login/", {**form, "password": PASSWORD})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1


def test_the_django_admin_login_still_signs_a_superuser_in(db):
    UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="198.51.100.31")
    form = {"username": "root@example.test", "password": PASSWORD, "next": "/admin/"}
    assert client.post("/admin/login/", form).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_all_three_logins_share_one_count(coach):
    email = coach.user.email
    peer = {"REMOTE_ADDR": "198.51.100.40"}
    APIClient(**peer).post(API, {"email": email, "password": "x"}, format="json")
    APIClient(**peer).post(API, {"email": email, "password": "x"}, format="json")
    Client(**peer).post("/accounts/login/", {"email": email, "password": "x"})
    Client(**peer).post("/accounts/login/", {"email": email, "password": "x"})
    Client(**peer).post("/admin/login/", {"username": email, "password": "x"})
    response = APIClient(**peer).post(API, {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 429
