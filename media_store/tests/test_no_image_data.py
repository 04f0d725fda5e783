"""After every kind of upload, no column of any model holds image data: only keys."""

from __future__ import annotations

import base64
import re

from django.apps import apps
from django.db import models

from accounts.models import Gym, Member
from coaching.tests.helpers import staff_login
from media_store.tests import samples
from members.models import SavedMeal
from members.tests.factories import DailyLogFactory

DATA_URI = re.compile(r"data:[a-z]+/[a-z0-9.+-]+;base64,", re.IGNORECASE)
# 200+ characters of standard base64. Requiring a "+" or "/" in the run tells image data
# (where each appears about once in 64 characters) from the base64url of signed tokens
# and sessions, which never has either.
BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{200,}")
KEY = re.compile(r"^(avatars|logos|meals)/[0-9a-f]{64}/[0-9]+\.(jpg|webp)$")


def image_data_found() -> list[str]:
    """Every text, char and JSON column of every installed model, scanned row by row."""
    found = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                if value is not None and _looks_like_image_data(str(value)):
                    found.append(f"{model._meta.label}.{name}")
    return found


def _looks_like_image_data(text: str) -> bool:
    if DATA_URI.search(text):
        return True
    return any("+" in run or "/" in run for run in BASE64_RUN.findall(text))


def test_uploads_leave_only_keys_in_the_database(
    client, gym, gym_admin, member, member_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        avatar = member_client.post(
            "/api/member/avatar/", {"image": samples.upload(samples.jpeg(gps=True))}
        )
        meal = member_client.post(
            "/api/member/meals/",
            {"name": "Poke bowl", "photo": samples.upload(samples.jpeg((2400, 1800)))},
            format="multipart",
        )
        staff_login(client, gym_admin)
        logo = client.post(
            "/manage/gym/logo/", {"image": samples.upload(samples.png(), "logo.png", "image/png")}
        )
    assert (avatar.status_code, meal.status_code, logo.status_code) == (200, 201, 302)
    assert avatar.json()["avatar_url"].startswith("http://testserver/media/avatars/")
    assert meal.json()["photo_url"].startswith("http://testserver/media/private/meals/")

    keys = [
        Member.objects.get(pk=member.pk).avatar_key,
        SavedMeal.objects.get(member=member).photo_key,
        Gym.objects.get(pk=gym.pk).logo_key,
    ]
    assert all(KEY.match(key) for key in keys), keys
    assert image_data_found() == []


def test_the_scan_finds_an_inlined_image(member, member_client):
    # The old system's habit, planted on purpose: the scan must catch each form of it,
    # while the signed tokens and sessions of these tests pass (member_client made one).
    inline = base64.b64encode(samples.noisy_jpeg((64, 64))).decode()
    assert image_data_found() == []
    DailyLogFactory(member=member, notes=f"my lunch data:image/jpeg;base64,{inline[:300]}")
    DailyLogFactory(member=member, photo_key=inline[:255])  # bare base64 in a key column
    Member.objects.filter(pk=member.pk).update(goal=inline[:200])

    assert sorted(image_data_found()) == [
        "accounts.Member.goal",
        "members.DailyLog.notes",
        "members.DailyLog.photo_key",
    ]
