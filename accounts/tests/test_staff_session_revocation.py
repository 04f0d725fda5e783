"""A staff session ends when its password changes, and picks up a new role at once."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from accounts.services import member_deactivate
from accounts.staff_session import SESSION_KEY
from accounts.tests.factories import MemberFactory, StaffFactory
from coaching.services import staff_set_role
from coaching.tests.helpers import staff_login

pytestmark = pytest.mark.django_db


# The change is announced after its transaction commits: the tests run those callbacks.
def test_a_password_change_logs_out_a_session_signed_in_with_the_old_one(
    coach, django_capture_on_commit_callbacks
):
    stolen = Client()
    staff_login(stolen, coach)
    assert stolen.get("/coach/").status_code == 200

    user = User.objects.get(pk=coach.user_id)
    with django_capture_on_commit_callbacks(execute=True):
        user.set_password("a-brand-new-passphrase")
        user.save()

    response = stolen.get("/coach/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert SESSION_KEY not in stolen.session


def test_a_password_change_is_seen_at_the_re_read_even_without_the_cache(coach):
    stolen = Client()
    staff_login(stolen, coach)
    # The announcement is lost (a cache flushed): the periodic re-read still ends it.
    User.objects.filter(pk=coach.user_id).update(password="md5$x$" + "0" * 32)
    session = stolen.session
    session[SESSION_KEY]["checked_at"] = 0
    session.save()

    assert stolen.get("/coach/").status_code == 302


def test_a_demoted_gym_admin_loses_the_admin_pages_at_once(
    gym_admin, django_capture_on_commit_callbacks
):
    StaffFactory(gym=gym_admin.gym, role=Role.ADMIN)  # the gym keeps an admin
    browser = Client()
    staff_login(browser, gym_admin)
    assert browser.get("/manage/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        staff_set_role(gym_id=gym_admin.gym_id, staff_id=gym_admin.pk, role=Role.COACH)

    assert browser.get("/manage/").status_code == 404
    assert browser.get("/coach/").status_code == 200  # still signed in, as a coach


def test_a_promoted_coach_gets_the_admin_pages_at_once(
    gym_admin, coach, django_capture_on_commit_callbacks
):
    browser = Client()
    staff_login(browser, coach)
    assert browser.get("/manage/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        staff_set_role(gym_id=coach.gym_id, staff_id=coach.pk, role=Role.ADMIN)

    assert browser.get("/manage/").status_code == 200


def test_a_deactivated_training_coach_is_logged_out_at_once(
    gym, django_capture_on_commit_callbacks
):
    member = MemberFactory(gym=gym)
    coach = StaffFactory(gym=gym, user=member.user, linked_member=member)
    browser = Client()
    staff_login(browser, coach)

    with django_capture_on_commit_callbacks(execute=True):
        member_deactivate(gym_id=gym.pk, member_id=member.pk)

    assert browser.get("/coach/").status_code == 302
