"""Every body is read in the one content type the document names for it: a JSON body
sent as multipart form data is refused with 415, not half-read as strings."""

from __future__ import annotations

import pytest

from challenges.tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def json_bodies(document):
    for route, item in document["paths"].items():
        for method, operation in item.items():
            content = (
                operation.get("requestBody", {}).get("content", {})
                if method != "parameters"
                else {}
            )
            if "application/json" in content:
                yield method, route


# The member app's cookie endpoints refuse (403) a call without these before any body is
# read; with them they treat a body like every other endpoint.
APP_HEADERS = {"HTTP_X_REQUESTED_WITH": "gymintel-app", "HTTP_ORIGIN": "http://testserver"}


def test_json_operations_refuse_form_data(document, member, member_client):
    challenge = ChallengeFactory(gym=member.gym)
    checked = []
    for method, route in json_bodies(document):
        path = route.replace("{challenge_id}", str(challenge.pk)).replace("{log_id}", "1")
        response = getattr(member_client, method)(
            path, {"x": "1"}, format="multipart", **APP_HEADERS
        )
        assert response.status_code == 415, (method, route, response.content[:200])
        assert response.json()["detail"]
        checked.append(route)
    # Login, refresh and the AI chat among them: the operations clients call most.
    assert {"/api/auth/token/", "/api/auth/token/refresh/", "/api/ai/chat/"} <= set(checked)


def test_an_accept_header_json_cannot_meet_is_406_as_documented(document, member_client):
    for route, item in document["paths"].items():
        assert all("406" in op["responses"] for op in item.values()), route
    response = member_client.get("/api/logs/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response.json()["detail"]
