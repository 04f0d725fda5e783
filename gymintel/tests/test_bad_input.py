"""Bad input at every edge of the API: each answers a clear 4xx with a `detail`, never a
500, and saves nothing. Every field of every write endpoint gets the values of its kind
(wrong types, huge numbers, negatives, NaN and Infinity, NUL bytes, lone surrogates,
over-long strings); every body endpoint gets malformed bodies; every list gets hostile
query strings; paths get traversal and injection attempts. Unusual but valid text (an
RTL override, emoji, accents) is kept exactly as sent.

Staff forms, uploads and media paths: gymintel/tests/test_bad_input_pages.py.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD
from conftest import bearer
from gymintel.tests.tenancy import build_world, snapshot
from members.models import DailyLog

pytestmark = pytest.mark.django_db

# endpoint: method, path, a valid body, {field: kind}
WRITES = {
    "log": (
        "post",
        "/api/logs/",
        {"type": "meal"},
        {
            "type": "choice",
            "date": "date",
            "estimated_calories": "int",
            "estimated_protein": "number",
            "meal_id": "id",
            "notes": "text",
        },
    ),
    "check-in": ("post", "/api/checkins/", {"weight": 80}, {"weight": "number", "notes": "text"}),
    "saved meal": (
        "post",
        "/api/member/meals/",
        {"name": "Oats"},
        {
            "name": "text",
            "ingredients": "text",
            "estimated_calories": "int",
            "estimated_protein": "number",
        },
    ),
    "profile": ("patch", "/api/member/profile/", {}, {"name": "text", "goal": "text"}),
    "AI question": ("post", "/api/ai/chat/", {"message": "Protein?"}, {"message": "text"}),
    "login": (
        "post",
        "/api/auth/token/",
        {"email": "alma@alpha.test", "password": PASSWORD},
        {"email": "text", "password": "text"},
    ),
    "refresh": ("post", "/api/auth/token/refresh/", {"refresh": "x"}, {"refresh": "text"}),
}

BAD_VALUES = {
    "text": [
        ("NUL byte", "\x00"),  # PostgreSQL refuses NUL in text: must not reach it
        ("NUL inside", "protein\x00shake"),
        ("lone surrogate", "\ud800"),  # not encodable as UTF-8
        ("10k characters", "x" * 10_000),
        ("900k characters", "x" * 900_000),  # under the 1 MiB body limit
        ("an object", {"$gt": ""}),
        ("a list", ["a", "b"]),
        ("null", None),
    ],
    "int": [
        ("a word", "lots"),
        ("1e308", 1e308),
        ("2**63", 2**63),
        ("-2**63-1", -(2**63) - 1),
        ("negative", -1),
        ("a fraction", 1.5),
        ("NaN as text", "NaN"),
        ("Infinity as text", "Infinity"),
        ("an object", {}),
        ("true", True),
    ],
    "number": [
        ("a word", "lots"),
        ("1e308", 1e308),
        ("2**63", 2**63),
        ("negative", -1),
        ("NaN as text", "NaN"),
        ("Infinity as text", "Infinity"),
        ("-Infinity as text", "-Infinity"),
        ("an object", {}),
    ],
    "id": [("a word", "first"), ("zero", 0), ("negative", -1), ("2**63", 2**63), ("a list", [1])],
    "date": [
        ("month 13", "2026-13-45"),
        ("Feb 30", "2026-02-30"),
        ("a word", "yesterday"),
        ("a number", 20260101),
        ("year 9999", "9999-12-31"),
        ("year 1", "0001-01-01"),
        ("SQL", "2026-01-01'; DROP TABLE members_dailylog; --"),
    ],
    "choice": [
        ("SQL", "meal' OR '1'='1"),
        ("NUL", "\x00"),
        ("a number", 1),
        ("capitals", "MEAL"),
        ("a list", ["meal"]),
    ],
}

KEPT_TEXT = [
    ("RTL override", "\u202eniaga tnemeerga"),
    ("emoji", "💪🏽 post-workout shake"),
    ("accents and CJK", "Zoë's 日本 bento"),
]

RAW_BODIES = [
    ("malformed", b'{"type": "meal",'),
    ("not JSON", b"type=meal"),
    ("a list", b"[1, 2, 3]"),
    ("a string", b'"meal"'),
    ("null", b"null"),
    ("NaN literal", b'{"weight": NaN, "estimated_calories": NaN}'),
    ("Infinity literal", b'{"weight": Infinity, "estimated_calories": -Infinity}'),
    ("a 5,000-digit number", b'{"weight": ' + b"9" * 5000 + b"}"),
    ("nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000),
    ("invalid UTF-8", b'{"name": "\xff\xfe"}'),
]


@pytest.fixture
def world(settings):
    settings.ANTHROPIC_API_KEY = ""  # the AI coach unconfigured: nothing may reach it
    return build_world()


@pytest.fixture
def member_api(world) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=bearer(world.members["Alma"].user))
    return client


def assert_refused(response, before: dict) -> None:
    """A clear 4xx with a `detail`, and not a row changed."""
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.strip()
    assert snapshot() == before, "a refused request changed something"


def send(client: APIClient, method: str, path: str, body: dict):
    # json.dumps keeps a lone surrogate as the escape "\ud800": what a client would send.
    return client.generic(method.upper(), path, json.dumps(body), content_type="application/json")


def _field_cases():
    for endpoint, (_, _, _, fields) in WRITES.items():
        for field, kind in fields.items():
            for label, value in BAD_VALUES[kind]:
                yield pytest.param(endpoint, field, value, id=f"{endpoint}-{field}-{label}")


@pytest.mark.parametrize(("endpoint", "field", "value"), list(_field_cases()))
def test_a_bad_field_value_is_refused_with_a_reason(member_api, endpoint, field, value):
    method, path, valid, _ = WRITES[endpoint]
    before = snapshot()
    response = send(member_api, method, path, {**valid, field: value})
    assert_refused(response, before)


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [
        pytest.param(endpoint, body, id=f"{endpoint}-{label}")
        for endpoint in WRITES
        for label, body in RAW_BODIES
    ],
)
def test_a_malformed_body_is_refused_with_a_reason(member_api, endpoint, body):
    method, path, _, _ = WRITES[endpoint]
    before = snapshot()
    response = member_api.generic(method.upper(), path, body, content_type="application/json")
    assert_refused(response, before)


@pytest.mark.parametrize("endpoint", list(WRITES))
def test_a_body_in_another_content_type_is_415(member_api, endpoint):
    method, path, valid, _ = WRITES[endpoint]
    before = snapshot()
    response = member_api.generic(
        method.upper(), path, json.dumps(valid), content_type="text/plain"
    )
    assert response.status_code == 415
    assert_refused(response, before)


@pytest.mark.parametrize(("label", "text"), KEPT_TEXT)
@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/logs/", {"type": "meal"}, "notes"),
        ("post", "/api/checkins/", {"weight": 80}, "notes"),
        ("post", "/api/member/meals/", {}, "name"),
        ("patch", "/api/member/profile/", {}, "name"),
    ],
)
def test_unusual_but_valid_text_is_kept_exactly(member_api, method, path, body, field, label, text):
    response = send(member_api, method, path, {**body, field: text})
    assert response.status_code in (200, 201), response.content
    assert response.json()[field] == text


@pytest.mark.parametrize(
    "key",
    ["a\x00b", "x" * 65, "has space", "clé", ""],
    ids=["NUL", "65 chars", "space", "non-ASCII", "empty"],
)
@pytest.mark.parametrize(
    ("path", "body"),
    [("/api/logs/", {"type": "water"}), ("/api/checkins/", {"weight": 80})],
    ids=["log", "checkin"],
)
def test_a_bad_idempotency_key_is_refused(member_api, key, path, body):
    before = snapshot()
    response = member_api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert_refused(response, before)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer " + "a" * 10_000,
        "Bearer ..",
        "Bearer eyJhbGciOiJIUzI1NiJ9.e30",
        "Bearer \x00",
        "Basic YWxtYTpwYXNz",
        "Bearer",
    ],
    ids=["10k token", "dots", "truncated", "NUL", "Basic", "no token"],
)
def test_a_bad_authorization_header_is_401(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/logs/")
    assert response.status_code == 401
    assert response.json()["detail"]


# --- Query strings and paths ------------------------------------------------------------

HOSTILE_QUERIES = [
    "page=-1",
    "page=0",
    "page=abc",
    "page=%00",
    "page=99999999999999999999",
    "page=1%27%20OR%20%271%27=%271",
    "page_size=10000",
    "page_size=-1",
    "page_size=abc",
    "page_size=%00",
    "page_size=99999999999999999999",
    "page=1&page=2&page_size=1&page_size=10000",
]
LOG_QUERIES = [
    "date_from=2026-13-45",
    "date_to=..%2F..%2Fetc%2Fpasswd",
    "type=meal%27%20OR%201=1--",
    "type=%00",
    "date_from=2026-02-01&date_to=2026-01-01",
    "date_from=%00",
]


def _list_paths(world) -> list[tuple[str, str]]:
    leaderboard = f"/api/challenges/{world.challenge_a.pk}/leaderboard/"
    member = ["/api/logs/", "/api/checkins/", "/api/member/meals/", "/api/ai/history/"]
    return [
        *[("member", p) for p in [*member, "/api/challenges/", leaderboard]],
        ("admin", "/api/coach/dashboard/"),
    ]


@pytest.mark.parametrize("query", [*HOSTILE_QUERIES, *LOG_QUERIES])
def test_hostile_query_strings_get_a_bounded_page_or_a_4xx(world, query):
    # 120 logs: more than the largest page, so a page size over the maximum shows capped.
    yesterday = dt.date.today() - dt.timedelta(days=1)
    alma = world.members["Alma"]
    DailyLog.objects.bulk_create([DailyLog(member=alma, date=yesterday, type="water")] * 120)
    clients = {
        "member": world.members["Alma"].user,
        "admin": world.staff["admin"].user,
    }
    for caller, path in _list_paths(world):
        if query in LOG_QUERIES and path != "/api/logs/":
            continue
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=bearer(clients[caller]))
        response = client.get(f"{path}?{query}")
        where = f"{path}?{query}"
        assert response.status_code in (200, 400, 404), (where, response.status_code)
        if response.status_code != 200:
            assert response.json()["detail"], where
            continue
        maximum = 500 if "coach" in path else 100
        assert len(response.json()["results"]) <= maximum, where
        if query == "page_size=10000":
            raise AssertionError(f"{where}: over the maximum must be refused, not capped")
    if query == "page=-1":  # the brief's own example: a clear 404 that says why
        response = APIClient()
        response.credentials(HTTP_AUTHORIZATION=bearer(alma.user))
        assert response.get("/api/logs/?page=-1").json() == {
            "detail": "Invalid page '-1': pages are numbered from 1."
        }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/logs/../checkins/"),
        ("get", "/api/logs/%2e%2e/checkins/"),
        ("delete", "/api/logs/1%00/"),
        ("delete", "/api/logs/-1/"),
        ("delete", "/api/logs/1.5/"),
        ("delete", "/api/logs/1;DROP%20TABLE%20members_dailylog/"),
        ("delete", "/api/logs/99999999999999999999/"),
        ("delete", "/api/logs/9223372036854775808/"),
        ("get", "/api/challenges/99999999999999999999/me/"),
        ("get", "/api/challenges/1%27%20OR%20%271%27=%271/me/"),
        ("get", "/api/../admin/"),
        ("get", "/api/member/profile/%00"),
        ("get", "/api/%2e%2e/healthz/"),
    ],
)
def test_path_injection_answers_a_json_404(member_api, method, path):
    before = snapshot()
    response = getattr(member_api, method)(path)
    assert response.status_code == 404, response.status_code
    assert_refused(response, before)
