"""An old-system database per test module, in a scratch PostgreSQL database named
after our own (`<ours>_legacy_<worker>`), dropped afterwards."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from gymintel.tests.support import missing
from legacy.tests.legacy_db import Shape, build_legacy_db, drop_database, scratch_database


def _base_url() -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture(scope="module")
def legacy(request):
    """(URL, Facts) of a freshly built old database with every kind of dirt."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        missing("the old system's database is PostgreSQL: run with DATABASE_URL=postgres://...")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    name = f"{db['NAME']}_legacy_{worker}_{module}"[:63]
    url = scratch_database(_base_url(), name)
    facts = build_legacy_db(url, shape=Shape())
    yield url, facts
    drop_database(_base_url(), name)
