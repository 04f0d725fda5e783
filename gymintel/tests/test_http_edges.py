"""Size limits, JSON errors for unknown API paths, and the health check."""

import json

import pytest
from django.test import Client


@pytest.fixture
def client():
    return Client()


def test_two_mib_json_body_answers_413_before_reading(client, db):
    body = json.dumps({"email": "a@b.test", "password": "x" * (2 * 1024 * 1024)})
    response = client.post("/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 413
    assert "limited to 1024 KiB" in response.json()["detail"]


def test_upload_limit_is_ten_mib_from_content_length(client, db):
    response = client.generic(
        "POST",
        "/api/member/avatar/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(11 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_chunked_body_without_length_is_refused(client, db):
    response = client.generic(
        "POST",
        "/api/logs/",
        b"{}",
        content_type="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
    )
    assert response.status_code == 411
    assert "Content-Length" in response.json()["detail"]


def test_unknown_api_path_answers_json_404(client, db):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_healthz_reports_database_and_cache(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["cache"] == "ok"
