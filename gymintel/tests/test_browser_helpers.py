"""The shared browser helpers catch what they promise: axe-core runs even on a page whose
Content-Security-Policy forbids inline script, fails on a serious violation with a readable
list, and passes a clean page; console errors are collected."""

from __future__ import annotations

import pytest

from gymintel.tests.browser import (
    PHONE,
    assert_accessible,
    browser_fixture,
    console_errors,
    page_fixture,
)

browser = browser_fixture()
page = page_fixture(viewport=PHONE)

pytestmark = [pytest.mark.browser, pytest.mark.serial]

STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'"
ORIGIN = "http://helpers.test"


def _serve(page, body: str) -> None:
    html = f'<!doctype html><html lang="en"><head><title>t</title></head><body>{body}</body></html>'
    page.route(
        f"{ORIGIN}/**",
        lambda route: route.fulfill(
            status=200,
            body=html,
            headers={"Content-Type": "text/html", "Content-Security-Policy": STRICT_CSP},
        ),
    )
    page.goto(f"{ORIGIN}/")


def test_a_button_without_a_name_fails_with_its_rule_and_element(page):
    _serve(page, '<main><h1>Shop</h1><button id="buy"></button></main>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, what="the shop")
    message = str(failure.value)
    assert "accessibility violations on the shop" in message
    assert "[critical] button-name" in message
    assert "#buy" in message


def test_a_clean_page_under_a_strict_policy_passes(page):
    _serve(page, "<main><h1>Shop</h1><button>Buy</button></main>")
    assert_accessible(page)
    assert page.evaluate("typeof window.axe") == "object"


def test_console_errors_are_collected(page):
    errors = console_errors(page)
    _serve(page, "<main><h1>Shop</h1></main>")
    page.evaluate("console.error('broken thing')")
    assert errors == ["broken thing"]
