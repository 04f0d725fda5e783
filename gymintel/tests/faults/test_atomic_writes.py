"""No fault leaves a half-written change.

Each write that spans rows gets a database fault at one of its statements, as late as
possible (so most of the write has really run), through Django's execute_wrapper hook
(inject.fail_statement): the services themselves are not replaced. Afterwards nothing
of the write remains, the answer is a clean 503, and the same request then succeeds.
Transactional tests: commits and rollbacks are real, as in production.
"""

from __future__ import annotations

import pytest

from accounts.models import Member, Staff, User
from accounts.roles import Role
from accounts.tests.factories import StaffFactory
from challenges.models import Participant, PointEntry
from challenges.tests.factories import ChallengeFactory
from coaching.models import CoachAssignment
from coaching.tests.factories import CoachAssignmentFactory
from coaching.tests.helpers import staff_login
from gymintel.db_errors import UNAVAILABLE
from gymintel.tests.faults.inject import fail_statement
from media_store.tests import samples
from members.models import CheckIn, DailyLog

pytestmark = pytest.mark.django_db(transaction=True)

INSERT_AWARD = r'^INSERT INTO "challenges_pointentry"'
UPDATE_STANDING = r'^UPDATE "challenges_participant"'


def state(participant: Participant) -> tuple:
    """Everything a scoring write touches: the standing and the ledger."""
    participant.refresh_from_db()
    ledger = sorted(
        PointEntry.objects.filter(participant=participant).values_list(
            "kind", "source", "points", "reversed_at"
        )
    )
    return (participant.total_points, participant.current_streak, ledger)


def assert_clean_503(response) -> None:
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": UNAVAILABLE}
    assert response["Retry-After"]


@pytest.mark.parametrize("statement", [INSERT_AWARD, UPDATE_STANDING])
def test_a_log_and_its_points_are_kept_together_or_not_at_all(
    participant, member_client, statement
):
    before = state(participant)
    with fail_statement(statement):
        failed = member_client.post("/api/logs/", {"type": "meal"}, format="json")

    assert_clean_503(failed)
    assert not DailyLog.objects.exists()
    assert state(participant) == before
    retried = member_client.post("/api/logs/", {"type": "meal"}, format="json")
    assert retried.status_code == 201 and retried.json()["points_awarded"] == 5 + 5


@pytest.mark.parametrize(
    "statement",
    [
        r'^INSERT INTO "challenges_pointentry"',  # the reversing rows
        UPDATE_STANDING,  # the standing, after the reversals were written
        r'^DELETE FROM "members_dailylog"',  # the very last statement
    ],
)
def test_deleting_a_log_takes_its_points_back_entirely_or_not_at_all(
    participant, member_client, statement
):
    log_id = member_client.post("/api/logs/", {"type": "meal"}, format="json").json()["id"]
    scored = state(participant)
    assert scored[0] == 10

    with fail_statement(statement):
        failed = member_client.delete(f"/api/logs/{log_id}/")

    assert_clean_503(failed)
    assert DailyLog.objects.filter(pk=log_id).exists()
    assert state(participant) == scored  # no reversal row, no standing change
    assert member_client.delete(f"/api/logs/{log_id}/").status_code == 204
    assert state(participant)[:2] == (0, 0)


def test_a_check_in_and_its_points_are_kept_together_or_not_at_all(participant, member_client):
    before = state(participant)
    with fail_statement(UPDATE_STANDING):
        failed = member_client.post("/api/checkins/", {"weight": 72.5}, format="json")

    assert_clean_503(failed)
    assert not CheckIn.objects.exists()
    assert state(participant) == before
    retried = member_client.post("/api/checkins/", {"weight": 72.5}, format="json")
    assert retried.status_code == 201 and retried.json()["points_awarded"] == 15 + 5


def test_joining_a_challenge_leaves_no_participant_on_a_fault(gym, member, member_client):
    challenge = ChallengeFactory(gym=gym)
    with fail_statement(r'^INSERT INTO "challenges_participant"'):
        failed = member_client.post(f"/api/challenges/{challenge.pk}/join/")

    assert_clean_503(failed)
    assert not Participant.objects.exists()
    assert member_client.post(f"/api/challenges/{challenge.pk}/join/").status_code == 201


def test_a_replaced_avatar_keeps_the_old_one_and_leaves_no_new_files(
    member, member_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    first = member_client.post("/api/member/avatar/", {"image": samples.upload(samples.jpeg())})
    assert first.status_code == 200
    old_key = Member.objects.get(pk=member.pk).avatar_key
    files_before = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())

    # The images are written, then the row's key swap fails.
    with fail_statement(r'^UPDATE "accounts_member" SET "avatar_key"'):
        failed = member_client.post(
            "/api/member/avatar/", {"image": samples.upload(samples.webp())}
        )

    assert_clean_503(failed)
    assert Member.objects.get(pk=member.pk).avatar_key == old_key
    # The new image's objects were removed again: no orphans in storage.
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files_before


# --- Staff pages: the same middleware answers 503, as a page ---------------------------


@pytest.fixture
def admin_page(client, gym_admin):
    return staff_login(client, gym_admin)


def test_a_member_with_a_coach_is_added_whole_or_not_at_all(admin_page, coach):
    form = {
        "email": "new.member@example.test",
        "name": "New Member",
        "password": "a-long-enough-pass-42",
        "subscription_status": "active",
        "coach": str(coach.pk),
    }
    # The user and the member rows are inserted; the assignment, last, fails.
    with fail_statement(r'^INSERT INTO "coaching_coachassignment"'):
        failed = admin_page.post("/manage/members/add/", form)

    assert failed.status_code == 503
    assert failed["Content-Type"].startswith("text/html")
    assert not User.objects.filter(email=form["email"]).exists()
    assert not Member.objects.filter(user__email=form["email"]).exists()
    assert admin_page.post("/manage/members/add/", form).status_code == 302


def test_a_bulk_reassignment_moves_every_member_or_none(admin_page, gym, coach):
    members = [CoachAssignmentFactory(member__gym=gym, coach=coach).member for _ in range(3)]
    new_coach = StaffFactory(gym=gym, role=Role.COACH)
    form = {"coach": str(new_coach.pk), "members": [str(m.pk) for m in members]}

    with fail_statement(r'^INSERT INTO "coaching_coachassignment"'):
        failed = admin_page.post("/manage/assignments/assign/", form)

    assert failed.status_code == 503
    assert set(CoachAssignment.objects.values_list("coach_id", flat=True)) == {coach.pk}
    assert admin_page.post("/manage/assignments/assign/", form).status_code == 302
    assert set(CoachAssignment.objects.values_list("coach_id", flat=True)) == {new_coach.pk}


def test_promoting_a_coach_keeps_their_members_if_the_change_fails(admin_page, coach, member):
    CoachAssignmentFactory(member=member, coach=coach)

    # The role is updated, then dropping their coaching list fails.
    with fail_statement(r'^DELETE FROM "coaching_coachassignment"'):
        failed = admin_page.post(f"/manage/staff/{coach.pk}/role/", {"role": "admin"})

    assert failed.status_code == 503
    assert Staff.objects.get(pk=coach.pk).role == Role.COACH
    assert CoachAssignment.objects.filter(coach=coach).count() == 1
