"""Standings and the ledger in Django's admin: visible, never added, edited or deleted,
directly or by deleting the challenge or the member they belong to."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Member
from accounts.tests.factories import MemberFactory
from challenges.models import Challenge, Participant, PointEntry
from challenges.tests.conftest import at, log_and_score, standing
from challenges.tests.factories import ParticipantFactory
from members.models import DailyLog
from members.tests.factories import DailyLogFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def scored(participant):
    """A participant with a meal and its streak bonus today: 10 points, two entries."""
    with time_machine.travel(at(DAY, 9, 0, "Europe/London"), tick=False):
        log_and_score(participant.member_id, DAY)
    return standing(participant)


def test_participant_cannot_be_added(superuser_client, challenge):
    member = MemberFactory(gym=challenge.gym)
    form = {"challenge": challenge.pk, "member": member.pk, "joined_at_0": "2026-03-10"}
    assert superuser_client.get(admin_url(Participant, "add")).status_code == 403
    assert superuser_client.post(admin_url(Participant, "add"), form).status_code == 403
    assert not Participant.objects.filter(member=member).exists()


def test_participant_change_form_is_view_only(superuser_client, scored, challenge):
    other = MemberFactory(gym=challenge.gym)
    url = admin_url(Participant, "change", scored.pk)
    assert superuser_client.get(url).status_code == 200  # the standing stays visible
    form = {"challenge": challenge.pk, "member": other.pk, "joined_at_0": "2026-03-10"}
    assert superuser_client.post(url, {**form, "joined_at_1": "08:00"}).status_code == 403
    assert (standing(scored).member_id, scored.total_points) == (scored.member_id, 10)


def test_participant_cannot_be_deleted_one_or_many(superuser_client, scored):
    url = admin_url(Participant, "delete", scored.pk)
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    changelist = superuser_client.get(admin_url(Participant, "changelist"))
    assert b"delete_selected" not in changelist.content
    superuser_client.post(
        admin_url(Participant, "changelist"),
        {"action": "delete_selected", "_selected_action": [scored.pk], "post": "yes"},
    )
    assert Participant.objects.filter(pk=scored.pk).exists()
    assert PointEntry.objects.filter(participant=scored).count() == 2


def test_ledger_entries_cannot_be_added_changed_or_deleted(superuser_client, scored):
    entry = PointEntry.objects.filter(participant=scored).first()
    assert superuser_client.get(admin_url(PointEntry, "add")).status_code == 403
    change = admin_url(PointEntry, "change", entry.pk)
    assert superuser_client.get(change).status_code == 200
    assert superuser_client.post(change, {"points": 500}).status_code == 403
    delete = admin_url(PointEntry, "delete", entry.pk)
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    superuser_client.post(
        admin_url(PointEntry, "changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    entry.refresh_from_db()
    assert entry.points == 5


# --- cascades ---------------------------------------------------------------------------


def test_a_challenge_with_participants_is_not_deleted(superuser_client, scored, challenge):
    page = superuser_client.get(admin_url(Challenge, "delete", challenge.pk))
    assert b"permission to delete the following types of objects" in page.content
    response = superuser_client.post(admin_url(Challenge, "delete", challenge.pk), {"post": "yes"})
    assert response.status_code == 403
    bulk = superuser_client.post(
        admin_url(Challenge, "changelist"),
        {"action": "delete_selected", "_selected_action": [challenge.pk], "post": "yes"},
    )
    assert bulk.status_code == 403
    assert standing(scored).total_points == 10


def test_a_challenge_whose_participants_have_no_points_yet_is_not_deleted(
    superuser_client, participant, challenge
):
    response = superuser_client.post(admin_url(Challenge, "delete", challenge.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Participant.objects.filter(pk=participant.pk).exists()


def test_a_challenge_nobody_joined_can_be_deleted(superuser_client, challenge):
    response = superuser_client.post(admin_url(Challenge, "delete", challenge.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Challenge.objects.filter(pk=challenge.pk).exists()


def test_a_member_with_standings_is_not_deleted(superuser_client, scored):
    response = superuser_client.post(admin_url(Member, "delete", scored.member_id), {"post": "yes"})
    assert response.status_code == 403
    assert DailyLog.objects.filter(member_id=scored.member_id).exists()
    assert standing(scored).total_points == 10


def test_a_member_in_no_challenge_is_deleted_with_their_logs(superuser_client, gym):
    member = MemberFactory(gym=gym)
    DailyLogFactory(member=member)
    response = superuser_client.post(admin_url(Member, "delete", member.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not DailyLog.objects.filter(member_id=member.pk).exists()


# --- list pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "queries"),
    [
        # The user (the session is in the cache), the challenge filter's choices, the
        # count, one page of rows joined to challenge, member and user.
        (Participant, 4),
        # The user, the count, one page of rows joined to participant, member and user.
        (PointEntry, 3),
    ],
)
def test_list_pages_cost_the_same_for_many_participants(
    superuser_client, challenge, model, queries, django_assert_max_num_queries
):
    with time_machine.travel(at(DAY, 9, 0, "Europe/London"), tick=False):
        for _ in range(6):
            participant = ParticipantFactory(
                challenge=challenge, member=MemberFactory(gym=challenge.gym)
            )
            log_and_score(participant.member_id, DAY)
    with django_assert_max_num_queries(queries):
        response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.content.count(b"<tr") > 6
