"""The OpenAPI document as a whole: it validates without a warning, names every component
uniquely, documents the errors every operation can give, and lists every API route (the
schema fuzz can only reach what the document lists)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(document):
    for route, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, route, operation


def test_spectacular_validates_the_whole_project_without_a_warning(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn`: a warning (two serializers
    sharing a component name, a field it cannot type) fails here, not in a client."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "openapi: 3" in out.read_text()


def test_component_names_say_what_they_are(document):
    # "Input", "Output" and "InputRequest" were nested serializer names shared across
    # apps: the last one generated silently replaced the others' shape.
    generic = re.compile(r"^(Input|Output|Serializer)(Request)?$")
    names = list(document["components"]["schemas"])
    assert not [name for name in names if generic.match(name)]


def test_every_operation_documents_the_errors_it_can_give(document):
    for method, route, operation in operations(document):
        responses = set(operation["responses"])
        where = f"{method.upper()} {route}"
        assert "503" in responses, where  # the database down: every operation
        if operation.get("security"):
            assert "401" in responses, where
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= responses, where
        names = {p["name"] for p in operation.get("parameters", [])}
        if "page" in names:
            assert "404" in responses, where
        for code, response in operation["responses"].items():
            if code.startswith(("4", "5")):
                # An error answer has a body ({"detail": ...}); say so.
                assert "content" in response, f"{where} {code}"


def test_every_list_documents_the_paginated_envelope(document):
    for method, route, operation in operations(document):
        if method != "get" or "page" not in {p["name"] for p in operation.get("parameters", [])}:
            continue
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        component = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert {"count", "next", "previous", "results"} <= set(component["properties"]), route
        assert component["properties"]["results"]["type"] == "array", route


def _api_routes(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_routes(entry, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/"):
            yield route


def test_every_api_route_is_in_the_document(document):
    """The fuzz covers the document; this makes sure the document covers the URLconf."""
    in_document = {re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/")) for path in document["paths"]}
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", r) for r in _api_routes(get_resolver())}
    undocumented = routes - in_document - {"api/schema/", "api/docs/"}
    assert not undocumented


def _multipart(document, operation: dict) -> dict:
    schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]


def test_the_meal_estimate_documents_its_photo_and_every_answer(document):
    operation = document["paths"]["/api/ai/meal-estimate/"]["post"]

    assert set(operation["requestBody"]["content"]) == {"multipart/form-data"}
    body = _multipart(document, operation)
    assert body["required"] == ["photo"]
    assert body["properties"]["photo"]["format"] == "binary"
    assert body["properties"]["note"]["maxLength"] == 500
    assert set(operation["responses"]) == {"200", "400", "401", "403", "413", "415", "429", "503"}
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = document["components"]["schemas"][ok.rsplit("/", 1)[1]]["properties"]
    assert {"description", "estimated_calories", "estimated_protein", "remaining"} <= set(fields)
    quota = operation["responses"]["429"]["content"]["application/json"]["schema"]["$ref"]
    assert quota == "#/components/schemas/AIQuotaError"


def test_a_log_may_be_sent_as_json_or_multipart_with_a_photo(document):
    operation = document["paths"]["/api/logs/"]["post"]

    assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert _multipart(document, operation)["properties"]["photo"]["format"] == "binary"
    assert {"201", "200", "400", "413", "503"} <= set(operation["responses"])
    profile = document["components"]["schemas"]["ProfileGym"]["properties"]
    assert profile["logo_url"]["nullable"] is True
