"""A gym admin enrols as staff only the gym's own members or brand-new accounts; any
other existing account (the installation's superuser included) gets an invitation that
only its owner accepts, with their own password."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import Staff, StaffInvitation
from accounts.tests.factories import PASSWORD, UserFactory
from coaching.tests.helpers import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(gym_admin) -> Client:
    return staff_login(Client(), gym_admin)


def add_staff(browser: Client, email: str, role: str = "admin", password: str = ""):
    form = {"email": email, "name": "Someone", "role": role, "password": password}
    return browser.post("/manage/staff/add/", form, follow=True)


def invitation_link(browser: Client, email: str) -> str:
    html = browser.get("/manage/staff/").content.decode()
    match = re.search(r'value="https?://[^/"]+(/accounts/invitations/[^"]+/)"', html)
    assert match and email in html, "no pending invitation shown"
    return match.group(1)


def test_an_existing_account_without_a_gym_is_invited_not_enrolled(admin_browser, gym_admin):
    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)

    response = add_staff(admin_browser, "root@example.test")

    assert response.status_code == 200
    assert "they are invited as" in response.content.decode()
    assert not Staff.objects.filter(user=root).exists()
    invitation = StaffInvitation.objects.get(email="root@example.test")
    assert (invitation.gym_id, invitation.role) == (gym_admin.gym_id, "admin")
    assert invitation_link(admin_browser, "root@example.test")


def test_a_member_of_the_gym_and_a_new_account_are_added_at_once(admin_browser, member):
    add_staff(admin_browser, member.user.email, role="coach")
    add_staff(admin_browser, "new.coach@example.test", role="coach", password="vault-otter-91")

    assert Staff.objects.get(user=member.user).linked_member == member
    assert Staff.objects.filter(user__email="new.coach@example.test").exists()
    assert not StaffInvitation.objects.exists()


def test_the_invited_person_accepts_with_their_own_password(admin_browser, gym_admin):
    person = UserFactory(email="pat@example.test")
    add_staff(admin_browser, "pat@example.test", role="coach")
    link = invitation_link(admin_browser, "pat@example.test")
    invited = Client()

    page = invited.get(link)
    assert page.status_code == 200
    assert gym_admin.gym.name in page.content.decode()

    wrong = invited.post(link, {"password": "not-theirs"})
    assert wrong.status_code == 401
    assert not Staff.objects.filter(user=person).exists()

    accepted = invited.post(link, {"password": PASSWORD})
    assert accepted.status_code == 302 and accepted["Location"] == "/coach/"
    staff = Staff.objects.get(user=person)
    assert (staff.gym_id, staff.role) == (gym_admin.gym_id, "coach")
    assert invited.get("/coach/").status_code == 200  # signed in as the new coach
    assert Client().get(link).status_code == 404  # used up


def test_someone_elses_password_accepts_nothing(admin_browser):
    UserFactory(email="pat@example.test")
    mallory = UserFactory(email="mallory@example.test")
    mallory.set_password("mallorys-own-secret")
    mallory.save()
    add_staff(admin_browser, "pat@example.test")
    link = invitation_link(admin_browser, "pat@example.test")

    # Mallory holds Pat's link and her own good password: the link only takes Pat's.
    response = Client().post(link, {"password": "mallorys-own-secret"})

    assert response.status_code == 401
    assert not Staff.objects.filter(user__email__in=["pat@example.test", mallory.email]).exists()
    assert StaffInvitation.objects.get().accepted_at is None


def test_an_expired_or_forged_link_is_a_404(admin_browser):
    UserFactory(email="pat@example.test")
    add_staff(admin_browser, "pat@example.test")
    link = invitation_link(admin_browser, "pat@example.test")

    assert Client().get(link[:-3] + "xx/").status_code == 404
    assert Client().get("/accounts/invitations/%C2%B2/").status_code == 404
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert Client().get(link).status_code == 404
        assert Client().post(link, {"password": PASSWORD}).status_code == 404
    assert not Staff.objects.filter(user__email="pat@example.test").exists()


def test_inviting_again_renews_the_one_open_invitation(admin_browser):
    UserFactory(email="pat@example.test")
    add_staff(admin_browser, "pat@example.test", role="coach")
    add_staff(admin_browser, "pat@example.test", role="admin")

    assert StaffInvitation.objects.get().role == "admin"


def test_staff_of_another_gym_is_still_refused(admin_browser, other_gym):
    from accounts.tests.factories import StaffFactory

    elsewhere = StaffFactory(gym=other_gym)
    response = admin_browser.post(
        "/manage/staff/add/", {"email": elsewhere.user.email, "name": "X", "role": "coach"}
    )
    assert response.status_code == 409
    assert not StaffInvitation.objects.exists()
