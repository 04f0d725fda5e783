"""Avatar uploads for one member at once (a double tap, two devices): real threads,
real PostgreSQL, real commits. The row lock orders them, so the loser's objects are
deleted instead of orphaned, and the row points at objects that exist."""

from __future__ import annotations

import threading

import pytest
from django.core.files.storage import storages
from django.db import connection

from accounts.models import Member
from media_store import services
from media_store.tests import samples


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_leave_one_avatar_and_no_orphans(member, media_root):
    colors = [samples.RED, samples.BLUE, samples.GREEN, (250, 250, 250)]
    pictures = [samples.jpeg(color=c) for c in colors]
    barrier = threading.Barrier(len(pictures))
    errors: list[BaseException] = []

    def upload(data: bytes) -> None:
        try:
            row = Member.objects.get(pk=member.pk)
            barrier.wait(timeout=30)
            services.replace_image(instance=row, field="avatar_key", upload=samples.upload(data))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(p,)) for p in pictures]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    key = Member.objects.get(pk=member.pk).avatar_key
    folders = sorted(p.name for p in (media_root / "avatars").iterdir())
    assert folders == [key.split("/")[1]]  # the winner's folder only
    assert storages["default"].exists(key)
