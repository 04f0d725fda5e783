"""Celery tasks of the AI coach. Beat runs prune_ai_cache every 15 minutes
(settings.CELERY_BEAT_SCHEDULE); it is idempotent, so an overlapping or repeated run is
harmless."""

from __future__ import annotations

import logging
from dataclasses import asdict

from celery import shared_task

from aicoach.services import prune_response_cache

log = logging.getLogger(__name__)


def _log_batch(kind: str, deleted: int) -> None:
    log.info("AI cache prune: deleted a batch of %d %s entries", deleted, kind)


@shared_task(name="aicoach.tasks.prune_ai_cache")
def prune_ai_cache(batch_size: int | None = None, max_entries: int | None = None) -> dict:
    """Expired entries first, then least recently used beyond AI_CACHE_MAX_ENTRIES."""
    result = prune_response_cache(
        batch_size=batch_size, max_entries=max_entries, on_batch=_log_batch
    )
    return asdict(result)
