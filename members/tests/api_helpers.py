"""Helpers for the member API tests."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from unittest import mock

from django.db import connection

MEMBER_ENDPOINTS = [
    ("get", "/api/member/profile/"),
    ("patch", "/api/member/profile/"),
    ("get", "/api/logs/"),
    ("post", "/api/logs/"),
    ("delete", "/api/logs/1/"),
    ("get", "/api/checkins/"),
    ("post", "/api/checkins/"),
    ("get", "/api/member/meals/"),
    ("post", "/api/member/meals/"),
]


def call(client, method: str, url: str, data: dict | None = None, **extra):
    """Send `data` as JSON (the mobile app's way) with any extra headers."""
    if method in ("get", "delete"):
        return getattr(client, method)(url, data, **extra)
    return getattr(client, method)(url, data or {}, format="json", **extra)


@contextmanager
def scoring_stubbed():
    """Stand-ins for the challenges service while counting this app's own queries.

    Scoring runs inside our transaction, and its queries are counted by its own tests
    (challenges/tests); counting them here would tie these counts to its internals.
    The wiring itself (called inside the transaction, before the delete) is tested
    with the real service in test_logs_api and test_idempotency.
    """
    with (
        mock.patch("challenges.services.score_log", return_value=0),
        mock.patch("challenges.services.unscore_log", return_value=0),
        mock.patch("challenges.services.score_checkin", return_value=0),
        mock.patch("challenges.selectors.points_for_source", return_value=0),
    ):
        yield


def body_of(size: int) -> str:
    return json.dumps({"name": "x", "notes": "x" * size})


def run_concurrently(count: int, action) -> list:
    """Start `count` threads at one barrier; thread i runs action(i), then closes its
    database connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = action(i)
        except Exception as exc:  # surfaced by the caller's assertions
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
