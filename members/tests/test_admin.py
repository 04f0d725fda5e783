"""Logs and check-ins in Django's admin: deleting takes the points back as the API does,
nothing that scoring read can be edited, nothing is added.

The delete tests are transactional: the admin's delete and the API's each commit under
row locks, as in production, and `audit_points` then reads what was committed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.admin import site
from django.core.management import call_command
from django.urls import reverse

from accounts.tests.factories import MemberFactory
from challenges.models import Participant, PointEntry
from challenges.selectors import LIVE_AWARD, STANDING_FIELDS
from challenges.tests.conftest import at, checkin_and_score, log_and_score
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from conftest import client_for
from members.models import CheckIn, DailyLog
from members.tests.factories import CheckInFactory, DailyLogFactory

DAY = date(2026, 3, 10)
YESTERDAY = DAY - timedelta(days=1)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(autouse=True)
def frozen():
    """Mid-morning on DAY at the gym (Europe/London): today's actions score."""
    with time_machine.travel(at(DAY, 10, 0, "Europe/London"), tick=False):
        yield


@pytest.fixture
def challenge(gym):
    return ChallengeFactory(gym=gym, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))


def player(challenge) -> Participant:
    """A member in the challenge, active yesterday (a meal: 5 + bonus 5)."""
    participant = ParticipantFactory(challenge=challenge, member=MemberFactory(gym=challenge.gym))
    with time_machine.travel(at(YESTERDAY, 9, 0, "Europe/London"), tick=False):
        log_and_score(participant.member_id, YESTERDAY)
    return participant


def standing(participant: Participant) -> dict:
    participant.refresh_from_db()
    return {name: getattr(participant, name) for name in STANDING_FIELDS}


def ledger(participant: Participant) -> list[tuple]:
    """The participant's ledger with row ids left out, so two members' ledgers compare."""
    return [
        (
            e.kind,
            e.source.split(":")[0],
            e.local_date,
            e.points,
            e.reverses_id is not None,
            e.reversed_at is not None,
        )
        for e in PointEntry.objects.filter(participant=participant).order_by("pk")
    ]


def assert_ledger_consistent() -> None:
    """Standings agree with the ledger, and no live award names a row that is gone."""
    call_command("audit_points", verbosity=0)  # raises CommandError on any difference
    sources = set(PointEntry.objects.filter(LIVE_AWARD).values_list("source", flat=True))
    logs = {f"log:{pk}" for pk in DailyLog.objects.values_list("pk", flat=True)}
    checkins = {f"checkin:{pk}" for pk in CheckIn.objects.values_list("pk", flat=True)}
    orphans = {s for s in sources if not s.startswith("streak:")} - logs - checkins
    assert not orphans, f"live awards for deleted rows: {orphans}"


# --- deleting -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_admin_delete_of_a_scored_log_matches_the_api_delete(superuser_client, challenge):
    by_admin, by_api = player(challenge), player(challenge)
    admin_log, _ = log_and_score(by_admin.member_id, DAY)
    api_log, _ = log_and_score(by_api.member_id, DAY)
    assert standing(by_admin)["total_points"] == 20

    response = superuser_client.post(admin_url(DailyLog, "delete", admin_log.pk), {"post": "yes"})
    assert response.status_code == 302
    api_response = client_for(by_api.member.user).delete(f"/api/logs/{api_log.pk}/")
    assert api_response.status_code == 204

    assert not DailyLog.objects.filter(pk__in=[admin_log.pk, api_log.pk]).exists()
    # Today's meal and the streak bonus it earned are reversed; the streak falls back
    # to yesterday's run of one.
    assert standing(by_admin) == standing(by_api)
    after = standing(by_admin)
    assert (after["total_points"], after["current_streak"]) == (10, 1)
    assert after["last_active_date"] == YESTERDAY
    assert ledger(by_admin) == ledger(by_api)
    assert [row[3] for row in ledger(by_admin)] == [5, 5, 5, 5, -5, -5]
    assert_ledger_consistent()


@pytest.mark.django_db(transaction=True)
def test_bulk_delete_selected_reverses_every_log(superuser_client, challenge):
    one, two = player(challenge), player(challenge)
    logs = [
        log_and_score(one.member_id, DAY)[0],
        log_and_score(one.member_id, DAY, "water")[0],
        log_and_score(two.member_id, DAY, "training")[0],
    ]
    kept, _ = log_and_score(two.member_id, DAY, "water")

    response = superuser_client.post(
        admin_url(DailyLog, "changelist"),
        {"action": "delete_selected", "_selected_action": [log.pk for log in logs], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(DailyLog.objects.filter(date=DAY).values_list("pk", flat=True)) == [kept.pk]
    # One: back to yesterday. Two: yesterday, and today's water with its bonus.
    assert (standing(one)["total_points"], standing(one)["current_streak"]) == (10, 1)
    assert (standing(two)["total_points"], standing(two)["current_streak"]) == (17, 2)
    assert_ledger_consistent()


@pytest.mark.django_db(transaction=True)
def test_admin_delete_of_a_checkin_reverses_its_points(superuser_client, challenge):
    participant = player(challenge)
    checkin, points = checkin_and_score(participant.member_id, DAY)
    assert points == 20  # 15 and today's bonus

    response = superuser_client.post(admin_url(CheckIn, "delete", checkin.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not CheckIn.objects.filter(pk=checkin.pk).exists()
    assert (standing(participant)["checkin_points"], standing(participant)["total_points"]) == (
        0,
        10,
    )
    assert_ledger_consistent()


@pytest.mark.django_db(transaction=True)
def test_bulk_delete_of_checkins_reverses_their_points(superuser_client, challenge):
    participant = player(challenge)
    checkin, _ = checkin_and_score(participant.member_id, DAY)

    response = superuser_client.post(
        admin_url(CheckIn, "changelist"),
        {"action": "delete_selected", "_selected_action": [checkin.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CheckIn.objects.exists()
    assert standing(participant)["total_points"] == 10
    assert_ledger_consistent()


# --- editing and adding ---------------------------------------------------------------


@pytest.mark.django_db
def test_change_form_keeps_scoring_fields_and_saves_notes(superuser_client, challenge):
    participant = player(challenge)
    log, _ = log_and_score(participant.member_id, DAY)
    someone_else = MemberFactory(gym=challenge.gym)
    form = {
        # A complete form, so that without read-only fields every change would save.
        "member": someone_else.pk,
        "date": "2026-03-01",
        "type": "training",
        "estimated_calories": "",
        "estimated_protein": "",
        "meal": "",
        "notes": "typo fixed",
        "photo_key": "",
        "idempotency_key": "",
        "created_at_0": "2026-03-01",
        "created_at_1": "08:00:00",
    }
    response = superuser_client.post(admin_url(DailyLog, "change", log.pk), form)
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.member_id, log.date, log.type) == (participant.member_id, DAY, "meal")
    assert log.notes == "typo fixed"


@pytest.mark.django_db
def test_checkin_change_form_keeps_member_and_date(superuser_client, member):
    checkin = CheckInFactory(member=member, date=DAY)
    form = {
        "member": MemberFactory(gym=member.gym).pk,
        "date": "2026-03-01",
        "weight": "81.5",
        "notes": "after holiday",
        "created_at_0": "2026-03-01",
        "created_at_1": "08:00:00",
    }
    response = superuser_client.post(admin_url(CheckIn, "change", checkin.pk), form)
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.member_id, checkin.date, str(checkin.weight)) == (member.pk, DAY, "80.0")
    assert checkin.notes == "after holiday"


@pytest.mark.django_db
@pytest.mark.parametrize("model", [DailyLog, CheckIn])
def test_nothing_is_added_in_the_admin(superuser_client, model):
    assert superuser_client.get(admin_url(model, "add")).status_code == 403
    assert superuser_client.post(admin_url(model, "add"), {}).status_code == 403


# --- list pages -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", [DailyLog, CheckIn])
def test_list_pages_cost_the_same_for_many_members(
    superuser_client, gym, model, django_assert_max_num_queries
):
    factory = DailyLogFactory if model is DailyLog else CheckInFactory
    for _ in range(12):
        factory(member=MemberFactory(gym=gym), date=DAY)
    # The user (the session is in the cache), the count, and one page of rows joined
    # to member and user: 3 whatever the page holds.
    with django_assert_max_num_queries(3):
        response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.content.count(b'name="_selected_action"') == 12


@pytest.mark.django_db(transaction=True)
def test_a_log_deleted_meanwhile_is_not_reversed_twice(challenge, rf):
    """The delete page was opened, then the member deleted the log through the API."""
    participant = player(challenge)
    log, _ = log_and_score(participant.member_id, DAY)
    stale = DailyLog.objects.get(pk=log.pk)
    client_for(participant.member.user).delete(f"/api/logs/{log.pk}/")

    site.get_model_admin(DailyLog).delete_model(rf.post("/"), stale)

    assert standing(participant)["total_points"] == 10
    assert [row[3] for row in ledger(participant)] == [5, 5, 5, 5, -5, -5]
    assert_ledger_consistent()
