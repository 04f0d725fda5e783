"""Pruning the response cache: expired entries, then least recently used past the cap, in
batches; the task beat runs and the manage.py command do the same."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from aicoach.models import AIResponseCache
from aicoach.services import prune_response_cache

pytestmark = pytest.mark.django_db


def make_entries(prefix: str, count: int, *, expires_in: timedelta, used_ago_minutes: int = 0):
    now = timezone.now()
    AIResponseCache.objects.bulk_create(
        AIResponseCache(
            key=f"{prefix}-{n}",
            question=f"q {n}",
            reply="r",
            expires_at=now + expires_in,
            # Older entries were last used longer ago: n=0 is the least recently used.
            last_used_at=now - timedelta(minutes=used_ago_minutes + count - n),
        )
        for n in range(count)
    )


def keys() -> set[str]:
    return set(AIResponseCache.objects.values_list("key", flat=True))


def test_expired_entries_go_in_batches_and_live_ones_stay(django_assert_num_queries):
    make_entries("old", 10, expires_in=timedelta(seconds=-1))
    make_entries("live", 5, expires_in=timedelta(days=1))
    batches: list[tuple[str, int]] = []

    # Per batch: SELECT the ids, DELETE them (4 batches); the last batch is short, so no
    # extra SELECT. Then one SELECT for the LRU cutoff (none: under the cap).
    with django_assert_num_queries(9):
        result = prune_response_cache(
            batch_size=3, max_entries=100, on_batch=lambda kind, n: batches.append((kind, n))
        )

    assert (result.expired, result.evicted, result.batches) == (10, 0, 4)
    assert batches == [("expired", 3), ("expired", 3), ("expired", 3), ("expired", 1)]
    assert keys() == {f"live-{n}" for n in range(5)}


def test_least_recently_used_entries_beyond_the_cap_go():
    make_entries("e", 8, expires_in=timedelta(days=1))

    result = prune_response_cache(batch_size=2, max_entries=5)

    assert (result.expired, result.evicted) == (0, 3)
    assert keys() == {f"e-{n}" for n in range(3, 8)}  # the five most recently used


def test_pruning_is_idempotent():
    make_entries("old", 4, expires_in=timedelta(seconds=-1))
    make_entries("e", 6, expires_in=timedelta(days=1))
    prune_response_cache(batch_size=3, max_entries=5)
    left = keys()

    again = prune_response_cache(batch_size=3, max_entries=5)

    assert (again.expired, again.evicted, again.batches) == (0, 0, 0)
    assert keys() == left and len(left) == 5


def test_defaults_come_from_settings(settings):
    settings.AI_CACHE_MAX_ENTRIES = 2
    settings.AI_CACHE_PRUNE_BATCH = 1
    make_entries("e", 4, expires_in=timedelta(days=1))

    result = prune_response_cache()

    assert (result.evicted, result.batches) == (2, 2)


def test_the_command_prunes_with_a_progress_report():
    make_entries("old", 5, expires_in=timedelta(seconds=-1))
    make_entries("e", 4, expires_in=timedelta(days=1))
    out = StringIO()

    call_command("prune_ai_cache", "--batch-size", "2", "--max-entries", "3", stdout=out)

    text = out.getvalue()
    assert "expired: deleted 2 (so far 2)" in text
    assert "expired: deleted 1 (so far 5)" in text
    assert "least recently used: deleted 1 (so far 1)" in text
    assert "Pruned 5 expired and 1 least recently used entries in 4 batch(es)." in text
    assert len(keys()) == 3


def test_the_task_runs_the_same_pruning():
    from aicoach.tasks import prune_ai_cache

    make_entries("old", 3, expires_in=timedelta(seconds=-1))

    result = prune_ai_cache.delay(batch_size=2).get()  # eager in tests (CELERY_EAGER=1)

    assert result == {"expired": 3, "evicted": 0, "batches": 2}
    assert not keys()


def test_beat_schedules_the_registered_prune_task():
    import aicoach.tasks  # noqa: F401  (registers the task, as the worker's autodiscovery does)
    from gymintel.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["prune-ai-cache"]
    assert entry["task"] == "aicoach.tasks.prune_ai_cache"
    assert entry["task"] in app.tasks
    assert app.conf.beat_schedule["prune-ai-cache"]["task"] == entry["task"]
