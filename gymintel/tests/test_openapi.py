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
        # One shape: all four always there, the links null at the ends.
        assert {"count", "next", "previous", "results"} <= set(component["required"]), route
        assert component["properties"]["next"]["nullable"], route
        assert component["properties"]["previous"]["nullable"], route
        assert component["properties"]["results"]["type"] == "array", route
        sizes = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert sizes["page"]["minimum"] == 1, route
        assert sizes["page_size"]["minimum"] == 1, route
        assert sizes["page_size"]["maximum"] in (100, 500), route  # 500: the dashboard


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
    assert set(operation["responses"]) == {
        *("200", "400", "401", "403", "406", "411", "413", "415", "429", "503")
    }
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = document["components"]["schemas"][ok.rsplit("/", 1)[1]]["properties"]
    assert {"description", "estimated_calories", "estimated_protein", "remaining"} <= set(fields)
    quota = operation["responses"]["429"]["content"]["application/json"]["schema"]["$ref"]
    assert quota == "#/components/schemas/AIQuotaError"


def test_a_log_is_documented_as_multipart_with_an_optional_photo(document):
    operation = document["paths"]["/api/logs/"]["post"]

    assert set(operation["requestBody"]["content"]) == {"multipart/form-data"}
    assert _multipart(document, operation)["properties"]["photo"]["format"] == "binary"
    assert {"201", "200", "400", "413", "503"} <= set(operation["responses"])
    profile = document["components"]["schemas"]["ProfileGym"]["properties"]
    assert profile["logo_url"]["nullable"] is True


def test_every_body_has_one_content_type_and_multipart_only_where_a_file_goes(document):
    """Two content types for one body make a generated client choose by isinstance
    (openapi-python-client 0.29 then fails to import the module); JSON is what clients
    send unless a file goes, and then the whole body is multipart."""
    schemas = document["components"]["schemas"]
    for method, route, operation in operations(document):
        if "requestBody" not in operation:
            continue
        content = operation["requestBody"]["content"]
        where = f"{method.upper()} {route}"
        assert len(content) == 1, where
        (media_type, body), *_ = content.items()
        component = schemas[body["schema"]["$ref"].rsplit("/", 1)[1]]
        has_file = any(
            field.get("format") == "binary" for field in component["properties"].values()
        )
        assert media_type == ("multipart/form-data" if has_file else "application/json"), where


def test_multipart_fields_are_never_nullable(document):
    """A form field cannot say null: a generated client would send the text "None". In a
    multipart body a number you have not got is left out (or sent empty)."""
    schemas = document["components"]["schemas"]
    for _method, route, operation in operations(document):
        content = operation.get("requestBody", {}).get("content", {})
        if "multipart/form-data" in content:
            ref = content["multipart/form-data"]["schema"]["$ref"]
            fields = schemas[ref.rsplit("/", 1)[1]]["properties"]
            assert not [name for name, f in fields.items() if f.get("nullable")], route


def test_every_operation_id_is_chosen_by_hand():
    """gymintel.openapi.AutoSchema warns on a derived operationId, so the validation
    above fails on it; this pins that the warning is there."""
    from unittest import mock

    from gymintel.openapi import AutoSchema

    schema = AutoSchema()
    schema.method, schema.path, schema.path_regex = "POST", "/api/auth/token/", ""
    with (
        mock.patch("drf_spectacular.openapi.AutoSchema.get_operation_id", return_value="x"),
        mock.patch("gymintel.openapi.warn") as warned,
    ):
        assert schema.get_operation_id() == "x"
    assert "no explicit operation_id" in warned.call_args.args[0]


def test_headers_are_declared_where_their_statuses_are(document):
    """`Location` on every 201, `Retry-After` on every 429 and 503: the fuzz and the
    generated client then check they are really sent."""
    wanted = {"201": "Location", "429": "Retry-After", "503": "Retry-After"}
    for method, route, operation in operations(document):
        for code, header in wanted.items():
            if code in operation["responses"]:
                headers = operation["responses"][code].get("headers", {})
                assert headers.get(header, {}).get("required"), f"{method} {route} {code}"


def test_enums_carry_member_names_and_the_document_names_a_server(document):
    sort = next(
        p["schema"]
        for p in document["paths"]["/api/coach/dashboard/"]["get"]["parameters"]
        if p["name"] == "sort"
    )
    names = dict(zip(sort["enum"], sort["x-enum-varnames"], strict=True))
    assert names["-last_log"] == "LAST_LOG_DESC" and names["name"] == "NAME"
    assert document["servers"] and document["info"]["version"].startswith("1.")


def test_numbers_declare_the_domain_bounds_not_the_column_digits(document):
    """Bounds from the rules (members.models, accounts.models), for requests and answers."""
    schemas = document["components"]["schemas"]
    for name, schema in schemas.items():
        for field, spec in schema.get("properties", {}).items():
            # drf-spectacular's bounds from max_digits: (-10**n, 10**n), both exclusive.
            digits = spec.get("exclusiveMaximum") and spec.get("minimum") == -spec["maximum"]
            assert not digits, f"{name}.{field}"
    assert schemas["CheckInOutput"]["properties"]["weight"]["maximum"] == 400
    assert schemas["LogOutput"]["properties"]["estimated_protein"]["maximum"] == 1000
    assert schemas["ProfileTargets"]["properties"]["calories"]["minimum"] == 800


def test_conditional_gets_declare_the_tag_and_the_304(document):
    conditional = set()
    for _method, route, operation in operations(document):
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if "If-None-Match" in names:
            conditional.add(operation["operationId"])
            assert operation["responses"]["200"]["headers"]["ETag"]["required"], route
            assert "304" in operation["responses"], route
    polled = {"member_profile_retrieve", "logs_list", "checkins_list", "challenges_leaderboard"}
    assert polled <= conditional
