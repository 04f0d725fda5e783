"""What a test does when a real part it needs (a server binary, a browser, a broker) is
missing: skip on a developer's machine, fail under CI=true.

A skip in CI reads as green while proving nothing, so CI installs every part
(scripts/services.sh) and treats an absent one as a broken run.
"""

from __future__ import annotations

from typing import NoReturn

import pytest

from gymintel.env import env_bool


def strict() -> bool:
    """CI=true (set by GitHub Actions, GitLab CI and most runners): nothing may be missing."""
    return env_bool("CI", False)


def missing(reason: str) -> NoReturn:
    """Skip the test for lack of the part `reason` names; under CI=true fail it instead."""
    if strict():
        pytest.fail(f"{reason} (CI=true: a missing part fails the run)", pytrace=False)
    pytest.skip(reason)


def require(present: object, reason: str) -> None:
    """missing(reason) unless `present` is truthy."""
    if not present:
        missing(reason)
