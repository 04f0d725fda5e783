"""/coach/, /coach/members/{id}/ (+ targets) and /coach/export.csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.html import escape

from accounts.roles import Role
from accounts.tests.factories import MemberFactory, StaffFactory
from coaching.tests.factories import CoachAssignmentFactory
from coaching.tests.helpers import make_members, staff_login
from gymintel.clock import gym_today
from media_store.selectors import avatar_url, meal_photo_url
from members import services as member_services
from members.tests.factories import CheckInFactory, DailyLogFactory, SavedMealFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_page(coach):
    return staff_login(Client(), coach)


@pytest.fixture
def admin_page(gym_admin):
    return staff_login(Client(), gym_admin)


# --- Dashboard page -----------------------------------------------------------------


def test_dashboard_lists_assigned_members_with_links_and_thumbnails(coach_page, assigned_member):
    assigned_member.avatar_key = "avatars/ma/maya"
    assigned_member.save()
    MemberFactory(gym=assigned_member.gym, user__name="Not Mine")
    response = coach_page.get("/coach/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maya Silva" in html
    assert "Not Mine" not in html
    assert f'href="/coach/members/{assigned_member.pk}/"' in html
    assert f'class="avatar" src="{escape(avatar_url("avatars/ma/maya", size="small"))}"' in html
    assert "needs attention" in html  # no logs at all
    assert 'name="csrfmiddlewaretoken"' in html  # the logout form


def test_a_gym_admin_sees_the_whole_gym_and_the_manage_link(coach_page, admin_page):
    coach_html = coach_page.get("/coach/").content.decode()
    admin_html = admin_page.get("/coach/").content.decode()
    assert "<h1>My members</h1>" in coach_html
    assert 'href="/manage/"' not in coach_html
    assert "<h1>All members</h1>" in admin_html
    assert 'href="/manage/">Manage</a>' in admin_html


def test_dashboard_sort_links_toggle_and_keep_the_filter(coach_page, assigned_member):
    html = coach_page.get("/coach/", {"sort": "-last_log", "attention": "1"}).content.decode()
    assert 'href="?sort=last_log&amp;attention=1" data-sort="last_log"' in html
    assert 'href="?sort=name&amp;attention=1" data-sort="name"' in html


def test_dashboard_filter_needs_attention(coach, coach_page):
    today = gym_today(coach.gym.timezone)
    steady = MemberFactory(gym=coach.gym, user__name="Steady")
    CoachAssignmentFactory(member=steady, coach=coach)
    for day in range(15):
        DailyLogFactory(member=steady, date=today - dt.timedelta(days=day), type="water")
    quiet = MemberFactory(gym=coach.gym, user__name="Quiet")
    CoachAssignmentFactory(member=quiet, coach=coach)
    everyone = coach_page.get("/coach/").content.decode()
    assert "Steady" in everyone and "Quiet" in everyone
    flagged = coach_page.get("/coach/", {"attention": "1"}).content.decode()
    assert "Quiet" in flagged and "Steady" not in flagged


def test_dashboard_paginates_by_100(coach, coach_page):
    make_members(gym=coach.gym, coach=coach, count=105, today=gym_today(coach.gym.timezone))
    first = coach_page.get("/coach/")
    assert len(first.context["page"].rows) == 100
    assert "Page 1 of 2" in first.content.decode()
    second = coach_page.get("/coach/", {"page": 2})
    assert len(second.context["page"].rows) == 5
    past_the_end = coach_page.get("/coach/", {"page": 9})
    assert past_the_end.status_code == 200
    assert past_the_end.context["page"].page == 1


@pytest.mark.parametrize("size", [10, 400])
def test_dashboard_page_queries_do_not_grow_with_members(size, gym, django_assert_num_queries):
    admin = StaffFactory(gym=gym, role=Role.ADMIN)
    make_members(gym=gym, coach=None, count=size, today=gym_today(gym.timezone))
    client = staff_login(Client(), admin)
    # Session from the cache (no query); 1 count, 2 the page's rows, 3 their weights.
    with django_assert_num_queries(3):
        response = client.get("/coach/", {"sort": "-active_days"})
    assert response.context["page"].count == size
    with django_assert_num_queries(3):
        client.get("/coach/", {"attention": "1"})


# --- Member page --------------------------------------------------------------------


def test_member_page_has_charts_targets_logs_and_checkins(coach_page, assigned_member):
    today = gym_today("Europe/London")
    DailyLogFactory(
        member=assigned_member, date=today, type="meal", photo_key="meals/xy/photo", notes="Oats"
    )
    CheckInFactory(member=assigned_member, date=today, weight=Decimal("71.5"))
    CheckInFactory(
        member=assigned_member, date=today - dt.timedelta(days=7), weight=Decimal("72.0")
    )
    response = coach_page.get(f"/coach/members/{assigned_member.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="chart') == 4  # weight, calendar, calories, protein
    assert "<polyline" in html  # two check-ins make a line
    photo = escape(meal_photo_url("meals/xy/photo", size="small"))
    assert f'<img class="thumb" src="{photo}"' in html and "Oats" in html
    assert "71.5 kg" in html
    assert f'action="/coach/members/{assigned_member.pk}/targets/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_member_page_shows_the_photo_of_a_log_made_from_a_saved_meal(coach_page, assigned_member):
    meal = SavedMealFactory(member=assigned_member, photo_key="meals/ab/oats/1600.jpg")
    member_services.log_create(
        member_id=assigned_member.pk, gym_tz="Europe/London", type="meal", meal_id=meal.pk
    )

    html = coach_page.get(f"/coach/members/{assigned_member.pk}/").content.decode()

    photo = escape(meal_photo_url(meal.photo_key, size="small"))
    assert f'<img class="thumb" src="{photo}"' in html


def test_member_page_query_count(coach_page, assigned_member, django_assert_num_queries):
    DailyLogFactory(member=assigned_member, date=gym_today("Europe/London"))
    # 1 the member (scope-checked, user joined), 2 daily totals, 3 check-ins, 4 recent logs.
    with django_assert_num_queries(4):
        assert coach_page.get(f"/coach/members/{assigned_member.pk}/").status_code == 200


def test_compliance_counts_days_within_15_percent_before_today(coach_page, assigned_member):
    assigned_member.calorie_target, assigned_member.protein_target = 2000, 100
    assigned_member.save()
    today = gym_today("Europe/London")

    def eat(days_ago, calories, protein):
        DailyLogFactory(
            member=assigned_member,
            date=today - dt.timedelta(days=days_ago),
            type="meal",
            estimated_calories=calories,
            estimated_protein=Decimal(protein),
        )

    eat(0, 2000, "100")  # today: not over yet, not counted
    eat(1, 2100, "100")  # within both
    eat(2, 2400, "84.9")  # 20% over; protein 15.1% under
    eat(3, 1700, "115")  # exactly 15% under / over: within
    eat(8, 2000, "50")  # calories within; only in the 30-day window
    week, month = coach_page.get(f"/coach/members/{assigned_member.pk}/").context["compliance"]
    assert (week.days, week.calories, week.protein) == (7, 2, 2)
    assert (month.days, month.calories, month.protein) == (30, 3, 2)


def test_compliance_without_targets_says_so(coach_page, assigned_member):
    response = coach_page.get(f"/coach/members/{assigned_member.pk}/")
    week, _ = response.context["compliance"]
    assert (week.calories, week.protein) == (None, None)
    assert "no target" in response.content.decode()


def test_coach_sets_targets(coach_page, assigned_member):
    url = f"/coach/members/{assigned_member.pk}/targets/"
    response = coach_page.post(url, {"calorie_target": "2200", "protein_target": "140"})
    assert response.status_code == 302
    assigned_member.refresh_from_db()
    assert (assigned_member.calorie_target, assigned_member.protein_target) == (2200, 140)
    coach_page.post(url, {"calorie_target": "", "protein_target": "150"})
    assigned_member.refresh_from_db()
    assert (assigned_member.calorie_target, assigned_member.protein_target) == (None, 150)


@pytest.mark.parametrize(
    "data", [{"calorie_target": "100"}, {"calorie_target": "abc"}, {"protein_target": "5000"}]
)
def test_invalid_targets_are_refused_with_the_form_shown_again(coach_page, assigned_member, data):
    response = coach_page.post(f"/coach/members/{assigned_member.pk}/targets/", data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assigned_member.refresh_from_db()
    assert assigned_member.calorie_target is None


def test_targets_form_needs_csrf(coach, assigned_member):
    strict = staff_login(Client(), coach)
    strict.handler.enforce_csrf_checks = True  # from here on, like a browser without the token
    response = strict.post(
        f"/coach/members/{assigned_member.pk}/targets/", {"calorie_target": "2000"}
    )
    assert response.status_code == 403


def test_other_members_pages_are_404_across_coaches_and_gyms(
    gym, other_gym, coach, coach_page, admin_page, assigned_member
):
    unassigned = MemberFactory(gym=gym)
    other_coach = StaffFactory(gym=gym, role=Role.COACH)
    theirs = MemberFactory(gym=gym)
    CoachAssignmentFactory(member=theirs, coach=other_coach)
    elsewhere = MemberFactory(gym=other_gym)
    for member in (unassigned, theirs, elsewhere):
        assert coach_page.get(f"/coach/members/{member.pk}/").status_code == 404
        response = coach_page.post(
            f"/coach/members/{member.pk}/targets/", {"calorie_target": "2000"}
        )
        assert response.status_code == 404
        member.refresh_from_db()
        assert member.calorie_target is None
    # A gym admin sees every member of the gym, and still no other gym's.
    for member in (unassigned, theirs, assigned_member):
        assert admin_page.get(f"/coach/members/{member.pk}/").status_code == 200
    assert admin_page.get(f"/coach/members/{elsewhere.pk}/").status_code == 404
    assert coach_page.get("/coach/members/999999/").status_code == 404


# --- CSV export ---------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_csv_export_streams_the_dashboard_rows(coach, coach_page, assigned_member):
    today = gym_today("Europe/London")
    DailyLogFactory(member=assigned_member, date=today, type="meal", estimated_calories=650)
    CheckInFactory(member=assigned_member, date=today, weight=Decimal("70.2"))
    evil = MemberFactory(gym=coach.gym, user__name="=HYPERLINK(1)")
    CoachAssignmentFactory(member=evil, coach=coach)
    MemberFactory(gym=coach.gym, user__name="Not Mine")
    response = coach_page.get("/coach/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="dashboard-')
    header, *rows = _csv(response)
    assert header[:3] == ["member_id", "name", "meals_this_week"]
    by_name = {r[1]: dict(zip(header, r, strict=True)) for r in rows}
    assert set(by_name) == {"'=HYPERLINK(1)", "Maya Silva"}  # formulas neutralised
    maya = by_name["Maya Silva"]
    assert (maya["meals_this_week"], maya["calories_avg_this_week"]) == ("1", "650")
    assert (maya["latest_weight"], maya["needs_attention"]) == ("70.2", "yes")


@pytest.mark.parametrize("size", [10, 400])
def test_csv_export_queries_do_not_grow_with_members(size, gym, django_assert_num_queries):
    coach = StaffFactory(gym=gym, role=Role.COACH)
    make_members(gym=gym, coach=coach, count=size, today=gym_today(gym.timezone))
    client = staff_login(Client(), coach)
    # Rows and weights for one batch of up to 500 members: two queries.
    with django_assert_num_queries(2):
        rows = _csv(client.get("/coach/export.csv"))
    assert len(rows) == size + 1
