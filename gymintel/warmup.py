"""Import what the first request would otherwise import, before gunicorn forks."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def _count(patterns: list) -> int:
    total = 0
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            total += _count(pattern.url_patterns)  # imports the included module
        elif isinstance(pattern, URLPattern):
            total += 1
    return total


def warm() -> int:
    """Load the URLconf and every view module it names; returns the number of routes.

    Opens no database or cache connection (asserted in gymintel/tests/test_warmup.py).
    """
    resolver = get_resolver()
    count = _count(resolver.url_patterns)
    resolver._populate()  # the reverse/lookup tables the first request would build
    return count
