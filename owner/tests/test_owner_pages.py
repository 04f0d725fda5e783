"""/owner/ pages: who gets in, the sortable table, a gym's dashboard read-only, the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.test import Client

from accounts.roles import Role
from accounts.tests.factories import (
    PASSWORD,
    GymFactory,
    MemberFactory,
    OwnerFactory,
    StaffFactory,
)
from coaching.tests.helpers import staff_login
from members.tests.factories import DailyLogFactory
from owner.tasks import refresh_owner_figures
from owner.tests.test_owner_api import COMPUTE, _chain_of
from owner.tests.world import NOW, build_chain

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def owner_login(client: Client, user) -> Client:
    response = client.post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


@pytest.fixture
def owner(_frozen):
    return owner_login(Client(), OwnerFactory(name="Olive Owner"))


def gym_order(html: str) -> list[str]:
    return re.findall(r'<tr data-gym="\d+">\s*<td><a href="/owner/gyms/\d+/">([^<]+)</a>', html)


def test_the_owners_login_lands_on_every_gym():
    user = OwnerFactory()
    client = Client()
    response = client.post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/owner/"
    assert client.get("/accounts/login/")["Location"] == "/owner/"  # already signed in
    page = client.get("/owner/")
    assert page.status_code == 200
    assert "every gym" in page.content.decode()
    assert "/coach/" not in page.content.decode()  # no link to a dashboard they cannot open


def test_a_coach_still_lands_on_the_dashboard(gym):
    coach = StaffFactory(gym=gym)
    response = Client().post("/accounts/login/", {"email": coach.user.email, "password": PASSWORD})
    assert response["Location"] == "/coach/"


def test_only_owners_reach_the_owner_pages(gym):
    chain = build_chain()
    paths = ["/owner/", "/owner/export.csv", f"/owner/gyms/{chain.venice.pk}/"]
    for role in (Role.COACH, Role.ADMIN):
        client = staff_login(Client(), StaffFactory(gym=chain.venice, role=role))
        for path in paths:
            assert client.get(path).status_code == 404, (role, path)
    member = Client()
    member.force_login(MemberFactory(gym=gym).user)
    for client in (member, Client()):  # a member's session, nobody signed in
        for path in paths:
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/login/?next=")


def test_an_owner_opens_no_gym_pages_of_their_own(owner):
    build_chain()
    for path in ("/coach/", "/coach/export.csv", "/manage/", "/manage/members/"):
        assert owner.get(path).status_code == 404, path


def test_the_table_sorts_on_the_server(owner):
    build_chain()
    GymFactory(name="Aroha")  # no members: no share of attention, sorts last
    html = owner.get("/owner/").content.decode()
    assert gym_order(html) == ["Aroha", "Ponsonby", "Venice"]  # by name
    html = owner.get("/owner/?sort=-needs_attention").content.decode()
    assert gym_order(html) == ["Venice", "Ponsonby", "Aroha"]
    assert 'aria-sort="descending"><a href="?sort=needs_attention"' in html  # click: reverse
    html = owner.get("/owner/?sort=attention_share").content.decode()
    assert gym_order(html) == ["Venice", "Ponsonby", "Aroha"]  # 67 %, 100 %, none
    html = owner.get("/owner/?sort=-attention_share").content.decode()
    assert gym_order(html) == ["Ponsonby", "Venice", "Aroha"]  # empty stays last
    html = owner.get("/owner/?sort=drop table").content.decode()
    assert gym_order(html) == ["Aroha", "Ponsonby", "Venice"]  # unknown: the default


def test_the_overview_draws_a_chart_per_gym(owner):
    chain = build_chain()
    html = owner.get("/owner/").content.decode()
    assert html.count('<svg class="chart"') == 3  # members per coach, and one per gym
    # Venice's last 8 weeks, in its own calendar: 9..15 June holds the 9 logs of steady
    assert "7 days to Sun 15 Jun: 9 logs" in html
    assert f'href="/owner/gyms/{chain.ponsonby.pk}/"' in html


def test_a_gym_page_is_its_dashboard_read_only(owner):
    chain = build_chain()
    response = owner.get(f"/owner/gyms/{chain.venice.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("steady", "lapsed", "newbie", "Cole Venice", "Dee Venice"):
        assert name in html
    assert "closed" not in html
    assert "kiri" not in html  # another gym's member
    assert "/coach/members/" not in html and "/coach/export.csv" not in html
    assert html.count("<form") == 1  # the log-out button, nothing that writes
    assert html.count("needs attention</span>") == 2
    filtered = owner.get(f"/owner/gyms/{chain.venice.pk}/?attention=1&sort=-active_days")
    assert "steady" not in filtered.content.decode().split("<h2>Members</h2>")[1]
    assert owner.get("/owner/gyms/2147483000/").status_code == 404


def test_the_csv_follows_the_table_and_defuses_formulas(owner):
    build_chain()
    GymFactory(name='=HYPERLINK("http://x")')
    GymFactory(name="@SUM(1)")
    response = owner.get("/owner/export.csv?sort=-members")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:7] == [
        "gym_id", "gym", "timezone", "today", "members", "active_7d", "needs_attention",
    ]  # fmt: skip
    assert [r[1] for r in rows[1:]] == [
        "Venice",
        "Ponsonby",
        '\'=HYPERLINK("http://x")',
        "'@SUM(1)",
    ]
    venice = dict(zip(rows[0], rows[1], strict=True))
    assert venice["today"] == "2025-06-15" and venice["needs_attention"] == "2"
    assert venice["meals_7d"] == "7" and venice["ai_estimated_cost_30d_usd"] == "0.40"


@pytest.mark.parametrize("gyms", [3, 12])
def test_the_overview_queries_do_not_grow(owner, gyms, django_assert_max_num_queries):
    _chain_of(gyms)
    # A cold cache: the gyms, then their figures computed (COMPUTE); the session is read
    # from the cache.
    with django_assert_max_num_queries(1 + COMPUTE):
        response = owner.get("/owner/")
    assert len(gym_order(response.content.decode())) == gyms
    with django_assert_max_num_queries(1):  # cached: the gyms only
        again = owner.get("/owner/").content.decode()
    assert gym_order(again) == gym_order(response.content.decode())


def test_the_charts_follow_the_figures_when_beat_refreshes_them(owner):
    chain = build_chain()
    assert "7 days to Sun 15 Jun: 9 logs" in owner.get("/owner/").content.decode()
    DailyLogFactory(member=chain.members["steady"], date=dt.date(2025, 6, 15), type="water")
    assert "7 days to Sun 15 Jun: 9 logs" in owner.get("/owner/").content.decode()  # cached
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        refresh_owner_figures.delay().get()
    html = owner.get("/owner/").content.decode()
    assert "7 days to Sun 15 Jun: 10 logs" in html and "figures of 03:05 UTC" in html
