"""Warming the app before gunicorn forks loads every view and opens no connection."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_warm_loads_the_views_and_opens_no_database_connection():
    code = (
        "import os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE','gymintel.settings'); "
        "import django; django.setup(); "
        "from gymintel.warmup import warm; n = warm(); "
        "from django.db import connections; "
        "opened = [a for a in connections if connections[a].connection is not None]; "
        "print(n, 'aicoach.client' in sys.modules, 'anthropic' in sys.modules, opened)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    routes, client_loaded, sdk_loaded, opened = result.stdout.split(maxsplit=3)
    assert int(routes) > 40
    assert client_loaded == sdk_loaded == "True"
    assert opened.strip() == "[]"
