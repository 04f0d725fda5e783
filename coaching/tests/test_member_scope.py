"""Which members a staff user may see is answered by scope_members alone: the
dashboard's list and one member's page ask it the same question."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import MemberFactory, StaffFactory
from coaching.selectors.member import member_for_staff
from coaching.selectors.scope import StaffScope, scope_members
from coaching.tests.factories import CoachAssignmentFactory
from gymintel.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_scope(coach):
    return StaffScope(gym_id=coach.gym_id, gym_tz="UTC", coach_id=coach.pk)


def test_a_deactivated_member_leaves_the_list_but_their_page_still_opens(
    coach_scope, assigned_member
):
    User.objects.filter(pk=assigned_member.user_id).update(is_active=False)
    assert not scope_members(coach_scope).exists()
    assert member_for_staff(scope=coach_scope, member_id=assigned_member.pk) == assigned_member


def test_a_coach_sees_neither_unassigned_nor_another_coachs_member(gym, coach_scope):
    unassigned = MemberFactory(gym=gym)
    theirs = MemberFactory(gym=gym)
    CoachAssignmentFactory(member=theirs, coach=StaffFactory(gym=gym, role=Role.COACH))
    for member in (unassigned, theirs):
        assert not scope_members(coach_scope, include_deactivated=True).filter(pk=member.pk)
        with pytest.raises(NotFound):
            member_for_staff(scope=coach_scope, member_id=member.pk)


def test_a_gym_admin_sees_the_whole_gym_and_no_other(gym, other_gym, gym_admin):
    scope = StaffScope(gym_id=gym.pk, gym_tz="UTC", coach_id=None)
    mine, elsewhere = MemberFactory(gym=gym), MemberFactory(gym=other_gym)
    assert member_for_staff(scope=scope, member_id=mine.pk) == mine
    with pytest.raises(NotFound):
        member_for_staff(scope=scope, member_id=elsewhere.pk)
