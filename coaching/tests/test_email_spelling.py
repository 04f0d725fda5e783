"""Staff onboarding stores and looks up addresses as accounts.models.normalize_email
spells them, like the login forms do."""

from __future__ import annotations

import pytest

from accounts import services as accounts_services
from accounts.roles import Role
from coaching import services
from gymintel.errors import Conflict

pytestmark = pytest.mark.django_db


def test_member_add_stores_the_normalised_address_and_finds_it_again(gym):
    member = services.member_add(
        gym_id=gym.pk, email="  Ana.Lima@Example.TEST ", name="Ana", password="pw-1234567"
    )
    assert member.user.email == "ana.lima@example.test"
    with pytest.raises(Conflict):
        services.member_add(
            gym_id=gym.pk, email="ANA.LIMA@example.test", name="Ana", password="pw-1234567"
        )


def test_staff_add_finds_an_existing_member_whatever_the_letter_case(gym, member):
    shouted = f"  {member.user.email.upper()} "
    staff = accounts_services.staff_add(gym_id=gym.pk, email=shouted, name="M", role=Role.COACH)
    assert staff.user_id == member.user_id
    assert staff.linked_member_id == member.pk
