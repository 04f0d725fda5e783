"""The app boots with no environment at all, and the models match the migrations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_check_passes_with_no_environment(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_is_sqlite_in_wal_with_immediate_transactions(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='gymintel.settings'; "
        "django.setup(); from django.conf import settings as s; d=s.DATABASES['default']; "
        "print(d['ENGINE'], d['OPTIONS']['transaction_mode'], s.CELERY_TASK_ALWAYS_EAGER, "
        "s.CACHES['default']['BACKEND'].rsplit('.',1)[1], s.STORAGES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "IMMEDIATE",
        "True",
        "LocMemCache",
        "django.core.files.storage.FileSystemStorage",
    ]


def test_production_flag_refuses_the_development_secret(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GYMINTEL_PRODUCTION": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
