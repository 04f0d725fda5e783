"""Storage fixtures: a temporary MEDIA_ROOT for every media test, and S3 served by moto
over real HTTP, configured by media_store.config exactly as settings.py configures
production."""

from __future__ import annotations

import pytest

from media_store.tests.moto_s3 import start_moto, use_s3


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every media test writes under its own temporary folder, with local storages."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def moto_endpoint():
    server, endpoint = start_moto()
    yield endpoint
    server.stop()


@pytest.fixture
def s3(settings, moto_endpoint):
    return use_s3(settings, endpoint=moto_endpoint)
