"""Fixtures of the AI coach tests: the fake Messages API and members at quota edges."""

from __future__ import annotations

import pytest

from aicoach.tests.fake_anthropic import API_KEY, FakeAnthropic, FakeAnthropicServer


@pytest.fixture
def fake_anthropic(settings) -> FakeAnthropic:
    """The real SDK, pointed at a local fake over HTTP. The process-wide client is keyed
    on (key, base URL, timeout, retries), so these settings build a fresh one."""
    with FakeAnthropicServer() as fake:
        settings.ANTHROPIC_API_KEY = API_KEY
        settings.ANTHROPIC_BASE_URL = fake.url
        yield fake
