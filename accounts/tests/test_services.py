"""accounts.services: staff enrolment and the gym's settings."""

from __future__ import annotations

import pytest

from accounts import services
from accounts.roles import Role
from gymintel.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db


def test_staff_add_links_a_member_of_the_same_gym(gym, member):
    staff = services.staff_add(gym_id=gym.pk, email=member.user.email, name="Maya", role=Role.COACH)
    assert staff.linked_member_id == member.pk
    assert staff.user_id == member.user_id


def test_staff_add_refuses_a_member_of_another_gym(other_gym, member):
    with pytest.raises(Conflict):
        services.staff_add(gym_id=other_gym.pk, email=member.user.email, name="M", role="coach")


@pytest.mark.parametrize("role", ["owner", Role.MEMBER])
def test_staff_add_refuses_a_role_that_is_not_a_staff_role(gym, role):
    with pytest.raises(InvalidInput):
        services.staff_add(gym_id=gym.pk, email="a@b.test", name="A", role=role, password="x")


def test_gym_update_validates_the_time_zone(gym):
    with pytest.raises(InvalidInput):
        services.gym_update(gym_id=gym.pk, name="X", timezone_name="Nowhere/Land")
    with pytest.raises(InvalidInput):
        services.gym_update(gym_id=gym.pk, name="  ", timezone_name="UTC")
