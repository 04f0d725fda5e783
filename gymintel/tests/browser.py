"""Browser tests' shared parts: Debian's Chromium driven by Playwright, and axe-core.

A test module declares the fixtures it wants from the factories here, e.g.

    browser = browser_fixture()                    # one Chromium for the whole module
    page = page_fixture(viewport=PHONE)            # a fresh context (cookies, storage) per test

and calls `assert_accessible(page)` on each screen it shows. A missing Chromium, Playwright or
axe-core skips locally and fails under CI=true (gymintel.tests.support).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from gymintel.tests.support import missing, require

# Playwright's sync API runs an event loop in the test's thread; the ORM calls in the tests
# are ours and synchronous, so Django's async guard is told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000
# axe-core's impact levels that fail a test; "minor" and "moderate" are left to review.
FAILING_IMPACTS = ("serious", "critical")


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium (playwright.sync_api.Browser), closed afterwards."""
    require(CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (apt install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        missing("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def browser_fixture(*, scope: str = "module") -> Callable[..., Any]:
    """A fixture yielding one Chromium per `scope` (a launch costs about a second)."""

    @pytest.fixture(scope=scope)
    def browser() -> Iterator[Any]:
        with chromium() as launched:
            yield launched

    return browser


def page_fixture(
    *, viewport: dict[str, int] = LAPTOP, browser: str = "browser", **context_options: Any
) -> Callable[..., Any]:
    """A fixture yielding a new page in a fresh browser context (no cookies or storage shared
    with other tests), on the browser the fixture named `browser` yields."""

    @pytest.fixture
    def page(request: pytest.FixtureRequest) -> Iterator[Any]:
        launched = request.getfixturevalue(browser)
        context = launched.new_context(viewport=viewport, **context_options)
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        try:
            yield tab
        finally:
            context.close()

    return page


def console_errors(page: Any) -> list[str]:
    """A list that fills with the page's console errors and uncaught exceptions from now on."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


def _load_axe(page: Any) -> None:
    require(AXE.exists(), f"no {AXE.relative_to(ROOT)} (run npm ci --no-audit --no-fund)")
    if page.evaluate("typeof window.axe === 'object'"):
        return
    # Evaluated through the DevTools protocol, not as a <script> element: a page with a strict
    # Content-Security-Policy (no inline script) would refuse the element, and the test must
    # see the page as served, not with its policy bypassed.
    page.evaluate("() => { " + AXE.read_text() + "\n}")
    if not page.evaluate("typeof window.axe === 'object'"):
        raise AssertionError("axe-core did not load into the page")


def violations(page: Any, *, include: str | None = None) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now (WCAG 2.x A/AA
    and best practices), optionally only inside the CSS selector `include`."""
    _load_axe(page)
    found = page.evaluate(
        """async (include) => {
            const result = await window.axe.run(include || document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        include,
    )
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    at {node['target']}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Any, *, include: str | None = None, what: str = "") -> None:
    """Fail with a readable list when axe-core finds a serious or critical violation."""
    found = violations(page, include=include)
    if found:
        where = what or page.url
        raise AssertionError(f"accessibility violations on {where}:\n{describe(found)}")
