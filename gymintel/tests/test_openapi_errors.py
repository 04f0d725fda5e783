"""The error body is declared once (gymintel.errors.ErrorSerializer, component `Error`)
and every documented error answer refers to it; the size limits the document states
are worded from the settings that enforce them."""

from __future__ import annotations

import pytest
from django.conf import settings

from gymintel.openapi import TOO_LARGE, body_limits_text, image_limits_text, size_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _error_refs(document):
    for route, item in document["paths"].items():
        for method, operation in item.items():
            for code, response in operation.get("responses", {}).items():
                if code.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    yield f"{method.upper()} {route} {code}", schema.get("$ref", "")


def test_the_error_component_is_declared_once(document):
    schemas = document["components"]["schemas"]
    error = schemas["Error"]
    assert error["required"] == ["detail"]
    assert set(error["properties"]) == {"detail", "code", "errors"}
    # No other component is just another spelling of {"detail"}.
    lookalikes = [
        name
        for name, schema in schemas.items()
        if name != "Error" and set(schema.get("properties", {})) == {"detail"}
    ]
    assert not lookalikes


def test_every_error_answer_refers_to_the_error_component(document):
    allowed = {"#/components/schemas/Error", "#/components/schemas/AIQuotaError"}
    wrong = [where for where, ref in _error_refs(document) if ref not in allowed]
    assert not wrong


def test_the_quota_answer_extends_the_error_body(document):
    quota = document["components"]["schemas"]["AIQuotaError"]
    error = document["components"]["schemas"]["Error"]
    assert set(error["properties"]) < set(quota["properties"])
    assert {"detail", "remaining", "resets_at"} <= set(quota["required"])


def test_size_text_words_a_limit_as_people_write_it():
    assert size_text(1024 * 1024) == "1 MiB"
    assert size_text(10 * 1024 * 1024) == "10 MiB"
    assert size_text(512 * 1024) == "512 KiB"
    assert size_text(1536 * 1024) == "1.5 MiB"


def test_limits_in_the_document_come_from_the_settings(document, settings):
    settings.JSON_BODY_MAX_BYTES, settings.UPLOAD_BODY_MAX_BYTES = 512 * 1024, 3 * 1024 * 1024
    settings.IMAGE_MAX_PIXELS = 12_000_000
    assert body_limits_text() == "JSON 512 KiB, uploads 3 MiB"
    assert image_limits_text() == "at most 3 MiB and 12 megapixels"


def test_the_document_states_the_configured_limits(document):
    upload = size_text(settings.UPLOAD_BODY_MAX_BYTES)
    assert size_text(settings.JSON_BODY_MAX_BYTES) in TOO_LARGE and upload in TOO_LARGE
    avatar = document["components"]["schemas"]["AvatarUploadRequest"]["properties"]["image"]
    assert avatar["description"] == f"JPEG, PNG or WebP; {image_limits_text()}."
