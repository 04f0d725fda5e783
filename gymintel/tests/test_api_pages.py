"""Every list answers bad page parameters the same way (gymintel.pagination): 400 for a
`page_size` outside its bounds, 404 for a `page` that names no page, 200 with all four
envelope fields otherwise. The lists are read from the document, so a new list is
checked without being named here."""

from __future__ import annotations

import pytest

from accounts.tests.factories import OwnerFactory
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def lists(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        document = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for route, item in document["paths"].items():
        get = item.get("get", {})
        params = {p["name"]: p["schema"] for p in get.get("parameters", [])}
        if "page_size" in params:
            found.append((route, params["page_size"]["maximum"]))
    return found


@pytest.fixture
def client_for_route(member, coach_client, member_client, assigned_member):
    challenge = ChallengeFactory(gym=member.gym)
    ParticipantFactory(challenge=challenge, member=member)
    owner_client = client_for(OwnerFactory())

    def pick(route: str):
        path = route.replace("{challenge_id}", str(challenge.pk))
        if route.startswith("/api/owner/"):
            return owner_client, path
        return (coach_client if route.startswith("/api/coach/") else member_client), path

    return pick


def test_every_list_refuses_a_page_size_out_of_bounds(lists, client_for_route):
    assert len(lists) >= 7
    for route, maximum in lists:
        client, path = client_for_route(route)
        assert client.get(path, {"page_size": maximum}).status_code == 200, route
        for bad in (0, -1, maximum + 1, "ten", "1.5"):
            response = client.get(path, {"page_size": bad})
            assert response.status_code == 400, (route, bad)
            assert f"1 to {maximum}" in response.json()["detail"], (route, bad)


def test_every_list_answers_404_for_a_page_that_does_not_exist(lists, client_for_route):
    for route, _ in lists:
        client, path = client_for_route(route)
        for bad in (0, -1, "abc", "last", 999):
            response = client.get(path, {"page": bad})
            assert response.status_code == 404, (route, bad)
            assert response.json()["detail"].startswith("Invalid page"), (route, bad)
            assert "challenge" not in response.json()["detail"], route


def test_every_list_has_all_four_envelope_fields(lists, client_for_route):
    for route, _ in lists:
        client, path = client_for_route(route)
        body = client.get(path, {"page_size": 1}).json()
        assert {"count", "next", "previous", "results"} <= set(body), route
        assert body["previous"] is None, route
        if body["next"] is not None:
            assert body["next"].startswith("http://testserver/"), route
