"""Celery app. Broker: REDIS_URL (or CELERY_BROKER_URL); without one tasks run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymintel.settings")

app = Celery("gymintel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
