"""Bad input on the staff pages and the media paths: a form answers 400 and shows why, a
row action comes back with a message, a page query falls back to a sane page; never a
500, and nothing is saved. (The API's edges: test_bad_input.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from coaching.tests.helpers import staff_login
from gymintel.tests.tenancy import build_world, snapshot

pytestmark = pytest.mark.django_db
TODAY = dt.date.today().isoformat()
HUGE = "99999999999999999999"


def challenge(**overrides) -> dict:
    rules = {f"{p}_{k}": "5" for p in ("points", "cap") for k in ("meal", "training", "water")}
    rules |= {"points_checkin": "5", "cap_checkin": "1", "streak_bonus": "5"}
    return {"name": "Alpha Summer", "starts_on": TODAY, "ends_on": TODAY, **rules, **overrides}


def member_add(**overrides) -> dict:
    body = {"email": "new@alpha.test", "name": "New", "password": "vault-otter-91-quince"}
    return {**body, "subscription_status": "active", **overrides}


# (who posts, path with {alma} / {challenge} / {coach}, body)
FORM_POSTS = [
    ("coach", "/coach/members/{alma}/targets/", {"calorie_target": "1e308"}),
    ("coach", "/coach/members/{alma}/targets/", {"calorie_target": str(2**63)}),
    ("coach", "/coach/members/{alma}/targets/", {"calorie_target": "NaN"}),
    ("coach", "/coach/members/{alma}/targets/", {"protein_target": "-1"}),
    ("coach", "/coach/members/{alma}/targets/", {"calorie_target": "\x00"}),
    ("admin", "/manage/gym/", {"name": "Alpha\x00Gym", "timezone": "UTC"}),
    ("admin", "/manage/gym/", {"name": "x" * 10_000, "timezone": "UTC"}),
    ("admin", "/manage/gym/", {"name": "Alpha Gym", "timezone": "../../etc/passwd"}),
    ("admin", "/manage/gym/", {"name": "Alpha Gym", "timezone": "UTC'; DROP TABLE x; --"}),
    ("admin", "/manage/challenges/new/", challenge(starts_on="2026-13-45")),
    ("admin", "/manage/challenges/new/", challenge(points_meal=str(2**63))),
    ("admin", "/manage/challenges/new/", challenge(points_training="-5")),
    ("admin", "/manage/challenges/new/", challenge(points_water="NaN")),
    ("admin", "/manage/challenges/new/", challenge(cap_meal="0")),
    ("admin", "/manage/challenges/new/", challenge(name="\x00")),
    ("admin", "/manage/challenges/new/", challenge(ends_on="2000-01-01")),
    ("admin", "/manage/challenges/{challenge}/edit/", challenge(streak_bonus=HUGE)),
    ("admin", "/manage/members/add/", member_add(email="new\x00@alpha.test")),
    ("admin", "/manage/members/add/", member_add(email="x" * 300 + "@alpha.test")),
    ("admin", "/manage/members/add/", member_add(subscription_status="'; DROP TABLE x; --")),
    ("admin", "/manage/members/add/", member_add(coach=HUGE)),
    ("admin", "/manage/staff/add/", {"email": "s@alpha.test", "name": "S", "role": "superuser"}),
    ("admin", "/manage/assignments/assign/", {"coach": "{coach}", "members": ["abc"]}),
    ("admin", "/manage/assignments/assign/", {"coach": HUGE, "members": ["{alma}"]}),
    ("admin", "/manage/assignments/assign/", {"coach": "{coach}", "members": [HUGE]}),
    ("admin", "/manage/assignments/assign/", {"coach": "{coach}"}),
    ("staff", "/accounts/login/", {"email": "a\x00@alpha.test", "password": "x"}),
    ("staff", "/accounts/login/", {"email": "admin@alpha.test", "password": "x" * 100_000}),
]
# Row actions answer with a message on the list they came from.
ROW_POSTS = [
    ("/manage/members/{alma}/status/", {"subscription_status": "\x00"}),
    ("/manage/members/{alma}/status/", {"subscription_status": "owner"}),
    ("/manage/staff/{coach}/role/", {"role": "superuser"}),
    ("/manage/members/{alma}/deactivate/", {"next": "https://evil.example/"}),
    ("/manage/members/{alma}/reactivate/", {"next": "//evil.example/x"}),
]
PAGE_QUERIES = [
    "/coach/?page=" + HUGE,
    "/coach/?page=-1",
    "/coach/?page=%00&sort=%3BDROP%20TABLE&attention=%00",
    "/coach/export.csv?sort=..%2F..&page=-5",
    "/manage/members/?page=" + HUGE,
    "/manage/members/?page=-1",
    "/manage/assignments/?unassigned=%00&page=abc",
    "/manage/challenges/?page=0",
    "/manage/staff/?page=1e308",
]


@pytest.fixture
def world():
    return build_world()


def fill(world, value):
    ids = {
        "alma": world.members["Alma"].pk,
        "challenge": world.challenge_a.pk,
        "coach": world.staff["coach"].pk,
    }
    if isinstance(value, list):
        return [fill(world, v) for v in value]
    return value.format(**ids) if isinstance(value, str) and "{" in value else value


def client_for_role(world, who: str) -> Client:
    return Client() if who == "staff" else staff_login(Client(), world.staff[who])


@pytest.mark.parametrize(("who", "path", "body"), FORM_POSTS)
def test_a_bad_form_post_answers_4xx_and_saves_nothing(world, who, path, body):
    client = client_for_role(world, who)
    before = snapshot()
    response = client.post(fill(world, path), {k: fill(world, v) for k, v in body.items()})
    assert 400 <= response.status_code < 500, response.status_code
    assert b"errorlist" in response.content  # the form says what was wrong
    assert snapshot() == before


@pytest.mark.parametrize(("path", "body"), ROW_POSTS)
def test_a_bad_row_action_comes_back_to_the_list_and_never_leaves_the_site(world, path, body):
    admin = staff_login(Client(), world.staff["admin"])
    response = admin.post(fill(world, path), body)
    assert response.status_code == 302
    assert response["Location"].startswith("/manage/"), response["Location"]
    if "next" not in body:  # a refused value changes nothing
        assert admin.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("path", PAGE_QUERIES)
def test_hostile_page_queries_show_a_sane_page(world, path):
    who = "coach" if path.startswith("/coach/") else "admin"
    response = staff_login(Client(), world.staff[who]).get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/../gymintel/settings.py",
        "/media/%2e%2e/gymintel/settings.py",
        "/media/avatars/..%2f..%2f..%2fgymintel%2fsettings.py",
        "/media/private/../../manage.py",
        "/media/avatars/x/512.jpg%00.html",
        "/media/%00",
        "/media//etc/passwd",
    ],
)
def test_media_paths_never_reach_outside_the_media_folder(client, path, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    response = client.get(path)
    assert response.status_code == 404
