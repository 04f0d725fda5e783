"""Helpers of the meal estimate tests: photos made on the fly, the call, what Claude saw."""

from __future__ import annotations

import io

from PIL import Image

from aicoach.tests.fake_anthropic import FakeAnthropic
from aicoach.tests.fake_messages import images_in
from media_store.tests import samples

ESTIMATE = "/api/ai/meal-estimate/"


def photo(data: bytes | None = None, name: str = "meal.jpg"):
    return samples.upload(data if data is not None else samples.jpeg())


def estimate(client, data: bytes | None = None, **fields):
    return client.post(ESTIMATE, {"photo": photo(data), **fields}, format="multipart")


def seen_by_claude(fake: FakeAnthropic) -> list[Image.Image]:
    """The images of the last request the fake received, opened."""
    return [Image.open(io.BytesIO(data)) for _, data in images_in(fake.requests[-1]["body"])]
