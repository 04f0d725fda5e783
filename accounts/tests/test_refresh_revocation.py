"""Taking API access away: a refresh re-reads the account, and a login ends when its
password, role or status changes, when it grows too old, or when an old refresh token
of it comes back (a copy)."""

from __future__ import annotations

import datetime as dt

import jwt
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Gym, TokenFamily, User
from accounts.roles import Role
from accounts.services import member_deactivate
from accounts.tests.factories import PASSWORD, StaffFactory
from coaching.services import staff_set_role


def login(email: str, password: str = PASSWORD) -> dict:
    response = APIClient().post(
        "/api/auth/token/", {"email": email, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def refresh(token: str):
    return APIClient().post("/api/auth/token/refresh/", {"refresh": token}, format="json")


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_a_refresh_carries_todays_claims_not_the_login_time_ones(member):
    tokens = login(member.user.email)
    Gym.objects.filter(pk=member.gym_id).update(timezone="Asia/Tokyo")

    rotated = refresh(tokens["refresh"])

    assert rotated.status_code == 200
    assert claims(rotated.json()["access"])["gym_tz"] == "Asia/Tokyo"


def test_a_demoted_gym_admin_cannot_refresh_an_admin_token(gym_admin):
    StaffFactory(gym=gym_admin.gym, role=Role.ADMIN)  # the gym keeps an admin
    tokens = login(gym_admin.user.email)
    assert claims(tokens["access"])["role"] == "admin"

    staff_set_role(gym_id=gym_admin.gym_id, staff_id=gym_admin.pk, role=Role.COACH)

    response = refresh(tokens["refresh"])
    assert response.status_code == 401
    assert "sign in again" in response.json()["detail"]
    assert claims(login(gym_admin.user.email)["access"])["role"] == "coach"


def test_a_password_change_ends_every_login_made_with_the_old_one(member):
    tokens = login(member.user.email)
    user = User.objects.get(pk=member.user_id)
    user.set_password("a-new-long-passphrase")
    user.save()

    assert refresh(tokens["refresh"]).status_code == 401
    assert refresh(login(member.user.email, "a-new-long-passphrase")["refresh"]).status_code == 200


def test_a_password_hash_upgrade_at_login_ends_nothing(member, settings):
    tokens = login(member.user.email)
    # A stronger hasher first: the next login re-hashes the stored password.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    login(member.user.email)
    assert User.objects.get(pk=member.user_id).password.startswith("pbkdf2_")

    assert refresh(tokens["refresh"]).status_code == 200


def test_a_deactivated_member_cannot_refresh_even_after_reactivation(member):
    tokens = login(member.user.email)
    member_deactivate(gym_id=member.gym_id, member_id=member.pk)
    User.objects.filter(pk=member.user_id).update(is_active=True)

    assert refresh(tokens["refresh"]).status_code == 401


def test_an_account_that_left_its_gym_cannot_refresh(member):
    tokens = login(member.user.email)
    user_id = member.user_id
    member.delete()

    assert refresh(tokens["refresh"]).status_code == 401
    assert TokenFamily.objects.get(user_id=user_id).revoked_at is not None


def test_a_login_ends_after_its_absolute_lifetime_however_often_it_refreshes(member, settings):
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        token = login(member.user.email)["refresh"]
    for day in (13, 26):
        with time_machine.travel(started + dt.timedelta(days=day), tick=False):
            response = refresh(token)
            assert response.status_code == 200
            token = response.json()["refresh"]
    # The last token expires with the login, not two weeks after its rotation.
    ends = started + dt.timedelta(days=settings.LOGIN_MAX_DAYS)
    assert claims(token)["exp"] <= ends.timestamp()
    with time_machine.travel(ends + dt.timedelta(minutes=1)):
        assert refresh(token).status_code == 401


def test_a_refresh_token_without_a_login_family_is_refused(member):
    from accounts.tokens import tokens_for

    assert refresh(str(tokens_for(member.user))).status_code == 401


def test_refreshing_costs_a_bounded_number_of_queries(member, django_assert_max_num_queries):
    token = login(member.user.email)["refresh"]
    # SAVEPOINT; the family and its user FOR UPDATE; identity: staff row, member row;
    # UPDATE the family's current token; RELEASE SAVEPOINT.
    with django_assert_max_num_queries(6):
        assert refresh(token).status_code == 200


def test_logins_past_their_absolute_lifetime_are_pruned(member, settings):
    from accounts.tasks import prune_token_families

    with time_machine.travel(timezone.now() - dt.timedelta(days=settings.LOGIN_MAX_DAYS + 1)):
        login(member.user.email)
    live = login(member.user.email)["refresh"]

    assert prune_token_families.delay().get() == 1
    assert TokenFamily.objects.count() == 1
    assert refresh(live).status_code == 200


def test_an_operator_ends_a_login_from_the_django_admin(member):
    from django.test import Client

    from accounts.tests.factories import UserFactory

    token = login(member.user.email)["refresh"]
    root = Client()
    root.force_login(UserFactory(is_staff=True, is_superuser=True))
    family = TokenFamily.objects.get(user_id=member.user_id)
    assert root.get("/admin/accounts/tokenfamily/").status_code == 200
    assert root.get(f"/admin/accounts/tokenfamily/{family.pk}/change/").status_code == 200
    assert root.get("/admin/accounts/staffinvitation/").status_code == 200

    response = root.post(
        "/admin/accounts/tokenfamily/",
        {"action": "end_logins", "_selected_action": [str(family.pk)]},
    )

    assert response.status_code == 302
    assert refresh(token).status_code == 401
