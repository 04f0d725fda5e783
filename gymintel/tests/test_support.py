"""The missing-part helper: a skip on a developer's machine, a failure under CI=true."""

from __future__ import annotations

import pytest

from gymintel.tests.support import missing, require, strict

Failed = pytest.fail.Exception
Skipped = pytest.skip.Exception


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_ci_true_fails_a_missing_part(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert strict()
    with pytest.raises(Failed, match=r"no redis-server \(CI=true: a missing part fails the run\)"):
        missing("no redis-server")


@pytest.mark.parametrize("value", [None, "false", "0", ""])
def test_without_ci_a_missing_part_skips(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not strict()
    with pytest.raises(Skipped, match=r"^no redis-server$"):
        missing("no redis-server")


def test_require_passes_when_the_part_is_there(monkeypatch):
    monkeypatch.setenv("CI", "true")
    require("/usr/bin/redis-server", "no redis-server")  # neither skips nor fails


def test_require_routes_an_absent_part_through_missing(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="no Chromium"):
        require(None, "no Chromium")


def test_a_typo_in_ci_is_an_error_not_a_quiet_skip(monkeypatch):
    monkeypatch.setenv("CI", "ture")
    with pytest.raises(ValueError, match="CI must be a boolean"):
        missing("no redis-server")
