"""/manage/: gym settings and logo, staff, members, coach assignment, challenges."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from accounts.models import Gym, Member, Staff, User
from accounts.roles import Role
from accounts.staff_session import SESSION_KEY
from accounts.tests.factories import MemberFactory, StaffFactory
from challenges.models import Challenge
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from coaching.models import CoachAssignment
from coaching.tests.factories import CoachAssignmentFactory
from coaching.tests.helpers import make_members, staff_login
from gymintel.clock import gym_today

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "/manage/",
    "/manage/staff/",
    "/manage/members/",
    "/manage/assignments/",
    "/manage/challenges/",
    "/manage/challenges/new/",
]


@pytest.fixture
def admin(gym_admin):
    return staff_login(Client(), gym_admin)


@pytest.fixture
def coach_page(coach):
    return staff_login(Client(), coach)


@pytest.mark.parametrize("url", LIST_PAGES)
def test_every_manage_page_renders_with_csrf_for_admins_and_is_404_for_coaches(
    url, admin, coach_page
):
    response = admin.get(url)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert coach_page.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/manage/gym/",
        "/manage/staff/add/",
        "/manage/members/add/",
        "/manage/assignments/assign/",
        "/manage/challenges/new/",
    ],
)
def test_coaches_cannot_post_admin_actions(url, coach_page):
    assert coach_page.post(url, {"name": "x"}).status_code == 404


def test_manage_posts_need_csrf(gym_admin):
    client = staff_login(Client(), gym_admin)
    client.handler.enforce_csrf_checks = True
    response = client.post("/manage/gym/", {"name": "Hacked", "timezone": "UTC"})
    assert response.status_code == 403
    assert Gym.objects.get(pk=gym_admin.gym_id).name == "Shoreditch"


# --- Gym ----------------------------------------------------------------------------


def test_the_staff_page_offers_only_staff_roles(admin):
    html = admin.get("/manage/staff/").content.decode()
    assert '<option value="coach"' in html and '<option value="admin"' in html
    assert '<option value="member"' not in html


def test_admin_renames_the_gym_and_moves_its_time_zone(admin, gym):
    response = admin.post("/manage/gym/", {"name": "Shoreditch East", "timezone": "Asia/Tokyo"})
    assert response.status_code == 302
    gym.refresh_from_db()
    assert (gym.name, gym.timezone) == ("Shoreditch East", "Asia/Tokyo")
    assert admin.session[SESSION_KEY]["gym_tz"] == "Asia/Tokyo"  # no wait for this admin
    assert "Shoreditch East" in admin.get("/coach/").content.decode()


def test_gym_form_refuses_an_unknown_time_zone(admin, gym):
    response = admin.post("/manage/gym/", {"name": "X", "timezone": "Mars/Olympus"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    gym.refresh_from_db()
    assert gym.timezone == "Europe/London"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 120), (15, 118, 110)).save(out, "JPEG")
    return out.getvalue()


def test_logo_upload_goes_through_media_store(admin, gym, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("logo.jpg", _jpeg(), content_type="image/jpeg")
    response = admin.post("/manage/gym/logo/", {"image": upload})
    assert response.status_code == 302
    gym.refresh_from_db()
    assert gym.logo_key
    assert "logo" in admin.get("/manage/").content.decode()


def test_logo_upload_refuses_what_is_not_an_image(admin, gym, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("logo.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    response = admin.post("/manage/gym/logo/", {"image": upload})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    gym.refresh_from_db()
    assert gym.logo_key == ""


# --- Staff --------------------------------------------------------------------------


def test_admin_adds_a_new_coach_who_can_then_log_in(admin, gym):
    response = admin.post(
        "/manage/staff/add/",
        {
            "email": "New.Coach@Example.test",
            "name": "New Coach",
            "role": "coach",
            "password": "a-long-enough-pass-42",
        },
    )
    assert response.status_code == 302
    staff = Staff.objects.select_related("user").get(user__email="new.coach@example.test")
    assert (staff.gym_id, staff.role) == (gym.pk, "coach")
    login = Client().post(
        "/accounts/login/",
        {"email": "new.coach@example.test", "password": "a-long-enough-pass-42"},
    )
    assert login.status_code == 302


def test_adding_staff_errors_are_shown_on_the_form(admin, coach):
    response = admin.post(
        "/manage/staff/add/", {"email": coach.user.email, "name": "Again", "role": "coach"}
    )
    assert response.status_code == 409
    assert "already on the staff" in response.content.decode()
    response = admin.post(
        "/manage/staff/add/", {"email": "x@example.test", "name": "X", "role": "coach"}
    )
    assert response.status_code == 400
    assert "needs an initial password" in response.content.decode()
    response = admin.post(
        "/manage/staff/add/",
        {"email": "y@example.test", "name": "Y", "role": "coach", "password": "123"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="y@example.test").exists()


def test_admin_changes_a_role_but_never_removes_the_last_admin(admin, gym_admin, coach):
    response = admin.post(f"/manage/staff/{coach.pk}/role/", {"role": "admin"})
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.role == "admin"
    admin.post(f"/manage/staff/{coach.pk}/role/", {"role": "coach"})
    coach.refresh_from_db()
    assert coach.role == "coach"
    response = admin.post(f"/manage/staff/{gym_admin.pk}/role/", {"role": "coach"}, follow=True)
    assert "at least one admin" in response.content.decode()
    gym_admin.refresh_from_db()
    assert gym_admin.role == "admin"


def test_staff_of_another_gym_is_404_to_change(admin, other_gym):
    stranger = StaffFactory(gym=other_gym, role=Role.COACH)
    response = admin.post(f"/manage/staff/{stranger.pk}/role/", {"role": "admin"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == "coach"


def test_staff_list_is_paginated_with_constant_queries(admin, gym, django_assert_num_queries):
    for _ in range(55):
        StaffFactory(gym=gym, role=Role.COACH)
    # 1 count, 2 the page of staff (user joined, members counted), 3 the open invitations.
    with django_assert_num_queries(3):
        response = admin.get("/manage/staff/")
    assert len(response.context["page"].object_list) == 50
    assert "Page 1 of 2" in response.content.decode()


# --- Members ------------------------------------------------------------------------


def test_admin_adds_a_member_with_a_coach(admin, gym, coach):
    response = admin.post(
        "/manage/members/add/",
        {
            "email": "ines@example.test",
            "name": "Ines",
            "password": "a-long-enough-pass-42",
            "subscription_status": "trialing",
            "coach": str(coach.pk),
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(user__email="ines@example.test")
    assert (member.gym_id, member.subscription_status) == (gym.pk, "trialing")
    assert member.coach_assignment.coach_id == coach.pk


def test_adding_a_member_refuses_a_taken_email_and_another_gyms_coach(admin, member, other_gym):
    data = {"name": "Dup", "password": "a-long-enough-pass-42", "subscription_status": "active"}
    response = admin.post("/manage/members/add/", {**data, "email": member.user.email})
    assert response.status_code == 409
    stranger = StaffFactory(gym=other_gym)
    response = admin.post(
        "/manage/members/add/", {**data, "email": "n@example.test", "coach": str(stranger.pk)}
    )
    assert response.status_code == 400  # not one of this gym's coaches: not a valid choice
    assert not User.objects.filter(email="n@example.test").exists()


def test_deactivate_reactivate_and_status(admin, member):
    response = admin.post(f"/manage/members/{member.pk}/deactivate/")
    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.is_active is False
    assert (
        Client()
        .post(
            "/api/auth/token/",
            {"email": member.user.email, "password": "correct-horse-battery"},
            content_type="application/json",
        )
        .status_code
        == 401
    )
    admin.post(f"/manage/members/{member.pk}/reactivate/")
    member.user.refresh_from_db()
    assert member.user.is_active is True
    admin.post(f"/manage/members/{member.pk}/status/", {"subscription_status": "past_due"})
    member.refresh_from_db()
    assert member.subscription_status == "past_due"


def test_member_actions_on_another_gyms_member_change_nothing(admin, other_gym):
    stranger = MemberFactory(gym=other_gym)
    for url, data in [
        (f"/manage/members/{stranger.pk}/deactivate/", {}),
        (f"/manage/members/{stranger.pk}/reactivate/", {}),
        (f"/manage/members/{stranger.pk}/status/", {"subscription_status": "canceled"}),
    ]:
        response = admin.post(url, data)
        assert response.status_code == 404
        assert stranger.user.email not in response.content.decode()
    stranger.refresh_from_db()
    stranger.user.refresh_from_db()
    assert (stranger.user.is_active, stranger.subscription_status) == (True, "active")


@pytest.mark.parametrize("size", [10, 120])
def test_member_list_queries_do_not_grow(size, admin, gym, coach, django_assert_num_queries):
    make_members(gym=gym, coach=coach, count=size, today=gym_today(gym.timezone))
    # 1 coaches for the add form, 2 count, 3 the page with user and coach joined.
    with django_assert_num_queries(3):
        response = admin.get("/manage/members/")
    assert coach.user.name in response.content.decode()
    assert len(response.context["page"].object_list) == min(size, 50)


# --- Coach assignment ---------------------------------------------------------------


def test_bulk_assignment(admin, gym, coach):
    members = [MemberFactory(gym=gym) for _ in range(3)]
    new_coach = StaffFactory(gym=gym, role=Role.COACH)
    CoachAssignmentFactory(member=members[0], coach=coach)
    response = admin.post(
        "/manage/assignments/assign/",
        {"coach": str(new_coach.pk), "members": [str(m.pk) for m in members[:2]]},
    )
    assert response.status_code == 302
    assigned = dict(CoachAssignment.objects.values_list("member_id", "coach_id"))
    assert assigned == {members[0].pk: new_coach.pk, members[1].pk: new_coach.pk}


def test_bulk_assignment_refuses_another_gyms_member_and_changes_nothing(
    admin, gym, other_gym, coach
):
    mine = MemberFactory(gym=gym)
    theirs = MemberFactory(gym=other_gym)
    response = admin.post(
        "/manage/assignments/assign/", {"coach": str(coach.pk), "members": [mine.pk, theirs.pk]}
    )
    assert response.status_code == 404
    assert "not members of this gym" in response.content.decode()
    assert not CoachAssignment.objects.exists()


def test_bulk_assignment_needs_a_selection(admin, coach):
    response = admin.post("/manage/assignments/assign/", {"coach": str(coach.pk)})
    assert response.status_code == 400
    assert "Select at least one member." in response.content.decode()


def test_assignment_page_filters_unassigned_with_constant_queries(
    admin, gym, coach, django_assert_num_queries
):
    make_members(gym=gym, coach=coach, count=5, today=gym_today(gym.timezone))
    loose = MemberFactory(gym=gym, user__name="Loose End")
    # 1 coaches, 2 count, 3 the page with current coaches joined.
    with django_assert_num_queries(3):
        response = admin.get("/manage/assignments/", {"unassigned": "1"})
    assert [m.pk for m in response.context["page"].object_list] == [loose.pk]


# --- Challenges ---------------------------------------------------------------------

CHALLENGE = {
    "name": "Summer Shred",
    "starts_on": "2025-07-01",
    "ends_on": "2025-07-31",
    "points_meal": "5",
    "points_training": "12",
    "points_water": "2",
    "points_checkin": "15",
    "cap_meal": "3",
    "cap_training": "1",
    "cap_water": "1",
    "cap_checkin": "1",
    "streak_bonus": "5",
}


def test_admin_creates_and_edits_a_challenge(admin, gym):
    assert admin.post("/manage/challenges/new/", CHALLENGE).status_code == 302
    challenge = Challenge.objects.get(gym=gym)
    assert (challenge.points_training, challenge.cap_training) == (12, 1)
    edit = {**CHALLENGE, "ends_on": "2025-08-15", "cap_meal": "4"}
    response = admin.post(f"/manage/challenges/{challenge.pk}/edit/", edit)
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert (challenge.ends_on, challenge.cap_meal) == (dt.date(2025, 8, 15), 4)
    page = admin.get(f"/manage/challenges/{challenge.pk}/edit/").content.decode()
    assert 'value="2025-08-15"' in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"points_meal": "-1"}, "greater than or equal to 0"),
        ({"cap_water": "0"}, "greater than or equal to 1"),
        ({"ends_on": "2025-06-01"}, "cannot end before it starts"),
    ],
)
def test_challenge_form_refuses_bad_rules(admin, gym, change, message):
    response = admin.post("/manage/challenges/new/", {**CHALLENGE, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Challenge.objects.exists()


def test_another_gyms_challenge_is_404(admin, other_gym):
    theirs = ChallengeFactory(gym=other_gym)
    assert admin.get(f"/manage/challenges/{theirs.pk}/edit/").status_code == 404
    response = admin.post(f"/manage/challenges/{theirs.pk}/edit/", CHALLENGE)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name != "Summer Shred"


def test_challenge_list_counts_participants_in_one_query(admin, gym, django_assert_num_queries):
    challenge = ChallengeFactory(gym=gym, name="Spring")
    for _ in range(3):
        ParticipantFactory(challenge=challenge)
    ChallengeFactory(gym=gym, name="Autumn")
    # 1 count, 2 the page with participants counted.
    with django_assert_num_queries(2):
        response = admin.get("/manage/challenges/")
    counts = {c.name: c.participant_count for c in response.context["page"].object_list}
    assert counts == {"Spring": 3, "Autumn": 0}
