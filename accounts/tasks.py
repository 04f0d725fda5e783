"""Celery tasks of accounts. Beat runs prune_token_families daily
(settings.CELERY_BEAT_SCHEDULE); it is idempotent."""

from __future__ import annotations

from celery import shared_task

from accounts.revocation import token_families_prune


@shared_task(name="accounts.tasks.prune_token_families")
def prune_token_families() -> int:
    return token_families_prune()
