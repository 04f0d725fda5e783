"""The owner as "who is asking" sees them: identity, tokens, staff sessions, the admin,
and `manage.py create_owner`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.identity import Identity, NoGymAccount, identity_for
from accounts.roles import Role
from accounts.services import staff_add
from accounts.tests.factories import (
    PASSWORD,
    MemberFactory,
    OwnerFactory,
    StaffFactory,
    UserFactory,
)
from gymintel.errors import Conflict

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_an_owners_identity_names_no_gym(django_assert_num_queries):
    owner = OwnerFactory(name="Olive")
    # 1 staff row (none), 2 member row (none), 3 the owner
    with django_assert_num_queries(3):
        identity = identity_for(owner.pk)
    assert identity.is_owner and identity.role == Role.OWNER
    assert identity.gym_id is None and identity.gym_tz == ""
    assert not identity.is_staff_member and not identity.is_member and not identity.is_gym_admin
    assert identity.name == "Olive"


def test_a_user_with_neither_gym_nor_owner_role_has_no_identity():
    with pytest.raises(NoGymAccount):
        identity_for(UserFactory().pk)
    retired = OwnerFactory(is_active=False)
    with pytest.raises(NoGymAccount):
        identity_for(retired.pk)


def test_the_owners_tokens_carry_the_role_and_survive_a_refresh():
    owner = OwnerFactory()
    login = APIClient().post(
        "/api/auth/token/", {"email": owner.email, "password": PASSWORD}, format="json"
    )
    assert login.status_code == 200
    claims = AccessToken(login.json()["access"])
    assert claims["role"] == "owner" and claims["gym_id"] is None
    refreshed = APIClient().post(
        "/api/auth/token/refresh/", {"refresh": login.json()["refresh"]}, format="json"
    )
    assert refreshed.status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")
    assert api.get("/api/owner/gyms/").status_code == 200


def test_only_an_owners_claims_may_name_no_gym():
    claims = {"role": "coach", "gym_id": None, "gym_tz": "", "staff_id": 3, "member_id": None}
    with pytest.raises(ValueError):
        Identity.from_claims(user_id=1, claims=claims)
    owner = Identity.from_claims(user_id=1, claims={**claims, "role": "owner", "staff_id": None})
    assert owner.is_owner and owner.gym_id is None


def test_an_owners_staff_session_is_reread_when_the_role_goes(settings):
    owner = OwnerFactory()
    client = Client()
    client.post("/accounts/login/", {"email": owner.email, "password": PASSWORD})
    assert client.get("/owner/").status_code == 200
    owner.is_owner = False
    owner.save()
    # Sessions are re-read once older than an access token may live: make that now.
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "ACCESS_TOKEN_LIFETIME": dt.timedelta(0)}
    assert client.get("/owner/").status_code == 302  # stale session: looked up, refused


def test_the_model_refuses_an_owner_with_a_gym(gym):
    coach = StaffFactory(gym=gym, role=Role.COACH)
    coach.user.is_owner = True
    with pytest.raises(ValidationError, match="An owner belongs to no gym"):
        coach.user.full_clean()


def test_the_admin_creates_an_owner(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Boss@Chain.test",
            "name": "Boss",
            "password1": "vault-otter-91-quince",
            "password2": "vault-otter-91-quince",
            "is_owner": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert identity_for(User.objects.get(email="boss@chain.test").pk).is_owner


# --- manage.py create_owner ---------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("create_owner", *args, stdout=out)
    return out.getvalue()


def test_create_owner_creates_then_changes_nothing():
    assert "Created owner boss@chain.test." in run(
        "Boss@Chain.test", "--password", "vault-otter-91"
    )
    user = User.objects.get(email="boss@chain.test")
    assert user.is_owner and user.check_password("vault-otter-91")
    assert "already an owner; nothing changed" in run("boss@chain.test")
    assert User.objects.filter(email="boss@chain.test").count() == 1
    assert User.objects.get(email="boss@chain.test").check_password("vault-otter-91")


def test_create_owner_promotes_an_account_without_a_gym():
    UserFactory(email="root@chain.test", is_superuser=True, is_staff=True)
    assert "root@chain.test is now an owner." in run("root@chain.test")
    user = User.objects.get(email="root@chain.test")
    assert user.is_owner and user.check_password(PASSWORD)  # its own password kept


def test_create_owner_refuses_gym_accounts(gym):
    member = MemberFactory(gym=gym)
    with pytest.raises(CommandError, match=r"is a member of .*an owner belongs to no gym"):
        run(member.user.email)
    assert not User.objects.get(pk=member.user_id).is_owner


def test_create_owner_asks_for_a_new_accounts_password(monkeypatch):
    answers = iter(["vault-otter-91", "vault-otter-91"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert "Created owner" in run("new@chain.test")
    answers = iter(["vault-otter-91", "vault-otter-92"])
    with pytest.raises(CommandError, match="differ"):
        run("other@chain.test")
    assert not User.objects.filter(email="other@chain.test").exists()


def test_create_owner_refuses_a_weak_password():
    with pytest.raises(CommandError, match="Password refused"):
        run("weak@chain.test", "--password", "123")
    assert not User.objects.filter(email="weak@chain.test").exists()


def test_a_gym_admin_cannot_enrol_an_owner_as_staff(gym):
    owner = OwnerFactory()
    with pytest.raises(Conflict, match="chain owner"):
        staff_add(gym_id=gym.pk, email=owner.email, name="", role="coach")


def test_taking_the_role_away_in_the_admin_ends_the_owners_session(
    admin_client, django_capture_on_commit_callbacks
):
    owner = OwnerFactory(email="boss@chain.test", name="Boss")
    pages = Client()
    pages.post("/accounts/login/", {"email": owner.email, "password": PASSWORD})
    assert pages.get("/owner/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/accounts/user/{owner.pk}/change/",
            {
                "email": owner.email,
                "name": "Boss",
                "is_active": "on",
                "last_login_0": "",
                "last_login_1": "",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "00:00:00",
            },
        )
    assert response.status_code == 302, response.content[:3000]
    assert not User.objects.get(pk=owner.pk).is_owner
    assert pages.get("/owner/").status_code == 302  # re-read at once: to the login page
