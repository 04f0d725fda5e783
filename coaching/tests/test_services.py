"""coaching.services: the rules behind the staff pages, called directly."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.models import Member, Staff
from accounts.roles import Role
from accounts.tests.factories import GymFactory, MemberFactory, StaffFactory
from coaching import services
from coaching.models import CoachAssignment
from coaching.tests.factories import CoachAssignmentFactory
from gymintel.errors import Conflict, InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def test_assign_coach_moves_members_in_one_upsert(gym, coach, django_assert_num_queries):
    members = [MemberFactory(gym=gym) for _ in range(4)]
    old = StaffFactory(gym=gym)
    CoachAssignmentFactory(member=members[0], coach=old)
    # 1 the coach, 2 count of the gym's members among the ids, 3-5 savepoint, upsert, release.
    with django_assert_num_queries(5):
        count = services.assign_coach(
            gym_id=gym.pk, coach_id=coach.pk, member_ids=[m.pk for m in members]
        )
    assert count == 4
    assert set(CoachAssignment.objects.values_list("coach_id", flat=True)) == {coach.pk}
    assert CoachAssignment.objects.count() == 4


def test_assign_coach_checks_the_gym_of_coach_and_members(gym, other_gym, coach):
    mine = MemberFactory(gym=gym)
    theirs = MemberFactory(gym=other_gym)
    their_coach = StaffFactory(gym=other_gym)
    with pytest.raises(NotFound):
        services.assign_coach(gym_id=gym.pk, coach_id=coach.pk, member_ids=[mine.pk, theirs.pk])
    with pytest.raises(NotFound):
        services.assign_coach(gym_id=gym.pk, coach_id=their_coach.pk, member_ids=[mine.pk])
    with pytest.raises(InvalidInput):
        services.assign_coach(gym_id=gym.pk, coach_id=coach.pk, member_ids=[])
    assert not CoachAssignment.objects.exists()


def test_assign_coach_refuses_an_admin_as_coach(gym, gym_admin, member):
    with pytest.raises(NotFound):
        services.assign_coach(gym_id=gym.pk, coach_id=gym_admin.pk, member_ids=[member.pk])


def test_promoting_to_admin_clears_their_coaching_list(gym, gym_admin, assigned_member, coach):
    services.staff_set_role(gym_id=gym.pk, staff_id=coach.pk, role=Role.ADMIN)
    assert not CoachAssignment.objects.filter(coach=coach).exists()


def test_member_add_rolls_back_when_the_coach_is_wrong(gym, other_gym):
    stranger = StaffFactory(gym=other_gym)
    with pytest.raises(NotFound):
        services.member_add(
            gym_id=gym.pk,
            email="z@example.test",
            name="Z",
            password="pw-1234567",
            coach_id=stranger.pk,
        )
    assert not Member.objects.filter(user__email="z@example.test").exists()


def test_set_targets_refuses_what_the_database_would(member):
    with pytest.raises(InvalidInput):
        services.set_targets(member=member, calorie_target=20_000, protein_target=None)
    member.refresh_from_db()
    assert member.calorie_target is None


@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin():
    """Real threads on PostgreSQL: the admin rows are locked before the last-admin check."""
    gym = GymFactory()
    first = StaffFactory(gym=gym, role=Role.ADMIN)
    second = StaffFactory(gym=gym, role=Role.ADMIN)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(staff_id: int) -> None:
        try:
            barrier.wait()
            services.staff_set_role(gym_id=gym.pk, staff_id=staff_id, role=Role.COACH)
            outcomes.append("demoted")
        except Conflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(s.pk,)) for s in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["demoted", "refused"]
    assert Staff.objects.filter(gym=gym, role=Role.ADMIN).count() == 1
