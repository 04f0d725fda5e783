"""manage.py loadtest_tokens: every member and staff user's access token, in bulk."""

from __future__ import annotations

import json
import os
import stat

import pytest
from django.core.management import CommandError, call_command
from rest_framework_simplejwt.tokens import AccessToken

from accounts.identity import all_identities, identity_for
from accounts.tests.factories import MemberFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(gym, other_gym, member, coach, gym_admin):
    linked = StaffFactory(gym=gym, linked_member=MemberFactory(gym=gym))
    far = MemberFactory(gym=other_gym)
    MemberFactory(gym=gym, user__is_active=False)
    UserFactory()  # belongs to no gym: no token
    return [member, coach, gym_admin, linked, far]


def run(tmp_path, *args) -> dict[str, str]:
    out = tmp_path / "tokens.json"
    call_command("loadtest_tokens", "--out", str(out), *args, verbosity=0)
    return json.loads(out.read_text())


def test_every_active_gym_user_gets_a_token_that_authenticates(tmp_path, people, api_client):
    tokens = run(tmp_path)
    expected = {p.user.email for p in people} | {people[3].linked_member.user.email}
    assert set(tokens) == expected
    member = people[0]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[member.user.email]}")
    response = api_client.get("/api/member/profile/")
    assert response.status_code == 200
    assert response.json()["id"] == member.pk


def test_claims_are_the_ones_login_would_give(tmp_path, people):
    tokens = run(tmp_path)
    for person in people:
        token = AccessToken(tokens[person.user.email])
        login_claims = identity_for(person.user_id).claims()
        assert {k: token[k] for k in login_claims} == login_claims, person.user.email
        assert int(token["user_id"]) == person.user_id


def test_lifetime_is_as_asked_and_the_file_is_private(tmp_path, people):
    tokens = run(tmp_path, "--lifetime", "7200")
    token = AccessToken(next(iter(tokens.values())))
    assert token["exp"] - token["iat"] == 7200
    mode = stat.S_IMODE(os.stat(tmp_path / "tokens.json").st_mode)
    assert mode == 0o600


@pytest.mark.parametrize("lifetime", ["0", "59", str(8 * 24 * 3600)])
def test_silly_lifetimes_are_refused(tmp_path, db, lifetime):
    with pytest.raises(CommandError, match="--lifetime"):
        call_command("loadtest_tokens", "--out", str(tmp_path / "t.json"), "--lifetime", lifetime)


def test_queries_do_not_grow_with_users(gym, django_assert_num_queries):
    for _ in range(30):
        MemberFactory(gym=gym)
    StaffFactory.create_batch(5, gym=gym)
    UserFactory(is_owner=True)
    # 1. staff with user and gym  2. members with user and gym  3. owners
    with django_assert_num_queries(3):
        identities = all_identities()
    assert len(identities) == 36
