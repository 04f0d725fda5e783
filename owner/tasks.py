"""Celery tasks of the owner's view. Beat runs refresh_owner_figures every
OWNER_FIGURES_REFRESH seconds (settings.CELERY_BEAT_SCHEDULE), so the cached figures are
replaced before they expire and no owner's request pays for computing them. Idempotent:
an overlapping or repeated run only stores the same figures again."""

from __future__ import annotations

import logging

from celery import shared_task

from owner.figures import refresh_all

log = logging.getLogger(__name__)


@shared_task(name="owner.tasks.refresh_owner_figures")
def refresh_owner_figures() -> int:
    gyms = refresh_all()
    log.info("Owner figures refreshed for %d gyms", gyms)
    return gyms
