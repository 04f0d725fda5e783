"""Serving the member app: where `/` lands, the shell under every /app/ path with its
Content-Security-Policy, the service worker's headers and file list, the manifest, and the
JavaScript budget."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from memberapp.assets import shell_files
from memberapp.security import POLICY

pytestmark = pytest.mark.django_db

JS_BUDGET_BYTES = 250 * 1024


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_the_root_lands_in_the_app(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/app/"


@pytest.mark.parametrize("path", ["/app/", "/app/today", "/app/challenge", "/app/some/deep/link"])
def test_every_app_path_serves_the_shell_without_a_query(client, path, django_assert_num_queries):
    with django_assert_num_queries(0):  # the shell holds no member data: nothing to read
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "no-cache" in response["Cache-Control"]
    assert '<nav class="tabs" id="tabs" aria-label="Main"' in response.text


def test_the_shell_carries_a_strict_policy_and_no_inline_code(client):
    response = client.get("/app/")
    header = response["Content-Security-Policy"]
    policy = dict(part.partition(" ")[::2] for part in header.split("; "))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    found = tags(response.text)
    scripts = [attrs for tag, attrs in found if tag == "script"]
    assert scripts and all(attrs.get("src") for attrs in scripts)  # no inline script
    assert not any(tag == "style" or "style" in attrs for tag, attrs in found)
    assert not any(name.startswith("on") for _, attrs in found for name in attrs)


def test_the_service_worker_is_scoped_to_the_app_and_caches_every_shell_file(client):
    response = client.get("/app/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/app/"
    assert "no-cache" in response["Cache-Control"]
    listed = re.search(r"const SHELL = (\[.*?\]);", response.text).group(1)
    for name in shell_files():
        assert f'"/static/{name}"' in listed
        assert finders.find(name), name
    assert '"/app/"' in listed
    assert client.get("/static/memberapp/js/main.js").status_code == 200


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/app/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "GymIntel"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/app/") and manifest["scope"] == "/app/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_pages_other_than_get_are_refused(client):
    assert client.post("/app/").status_code == 405
    assert client.post("/").status_code == 405


def test_the_javascript_stays_under_its_budget():
    total = sum(Path(finders.find(n)).stat().st_size for n in shell_files() if n.endswith(".js"))
    assert 0 < total < JS_BUDGET_BYTES


def test_the_policy_names_no_inline_allowance():
    assert "'unsafe-inline'" not in POLICY and "'unsafe-eval'" not in POLICY
