"""The store_* services on local storage: keys, replacement, sharing, failures."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages

from accounts.models import Gym, Member
from accounts.tests.factories import MemberFactory
from media_store import selectors, services
from media_store.errors import ImageTooLarge, StorageUnavailable
from media_store.tests import samples
from media_store.variants import AVATAR, LOGO, all_keys
from members.tests.factories import SavedMealFactory


def avatar_files(key: str) -> list[bool]:
    return [storages["default"].exists(k) for k in all_keys(key, kind=AVATAR)]


def test_replacing_an_avatar_deletes_the_old_objects_after_commit(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.replace_image(
            instance=member, field="avatar_key", upload=samples.upload(samples.jpeg())
        )
    assert avatar_files(first) == [True, True]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = services.replace_image(
            instance=member,
            field="avatar_key",
            upload=samples.upload(samples.jpeg(color=samples.BLUE)),
        )
    # The new objects exist and the row points at them before the old ones go.
    assert avatar_files(second) == [True, True]
    assert avatar_files(first) == [True, True]
    assert Member.objects.get(pk=member.pk).avatar_key == second == member.avatar_key

    for callback in callbacks:
        callback()
    assert avatar_files(first) == [False, False]
    assert avatar_files(second) == [True, True]


def test_uploading_the_same_picture_again_keeps_it(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.replace_image(
            instance=member, field="avatar_key", upload=samples.upload(samples.jpeg())
        )
        again = services.replace_image(
            instance=member, field="avatar_key", upload=samples.upload(samples.jpeg())
        )

    assert first == again
    assert avatar_files(first) == [True, True]


def test_an_avatar_shared_with_another_member_survives_replacement(
    member, gym, django_capture_on_commit_callbacks
):
    # Content-hashed keys: the same picture uploaded by two members is one object.
    other = MemberFactory(gym=gym)
    with django_capture_on_commit_callbacks(execute=True):
        shared = services.replace_image(
            instance=member, field="avatar_key", upload=samples.upload(samples.jpeg())
        )
        assert (
            services.replace_image(
                instance=other, field="avatar_key", upload=samples.upload(samples.jpeg())
            )
            == shared
        )
        services.replace_image(
            instance=member, field="avatar_key", upload=samples.upload(samples.webp())
        )

    assert avatar_files(shared) == [True, True]
    assert selectors.avatar_url(Member.objects.get(pk=other.pk).avatar_key)


def test_gym_logo_replacement(gym, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.replace_image(
            instance=gym, field="logo_key", upload=samples.upload(samples.png(), "l.png")
        )
        second = services.replace_image(
            instance=gym, field="logo_key", upload=samples.upload(samples.jpeg(), "l.jpg")
        )

    assert first.startswith("logos/") and first.endswith("/512.webp")  # transparency kept
    assert Gym.objects.get(pk=gym.pk).logo_key == second
    assert not any(storages["default"].exists(k) for k in all_keys(first, kind=LOGO))
    assert selectors.logo_url(second) == f"/media/{second}"
    assert selectors.logo_url(second, size="small") == f"/media/{second[:-7]}128.jpg"


def test_meal_photos_are_private_and_their_urls_expire(settings):
    key = services.store_meal_photo(upload=samples.upload(samples.jpeg((3000, 2000))))

    assert key.startswith("meals/") and key.endswith("/1600.jpg")
    assert storages["private"].exists(key)
    assert not storages["default"].exists(key)  # not in the public folder
    large = selectors.meal_photo_url(key, size="large")
    small = selectors.meal_photo_url(key)
    assert large.startswith(f"/media/private/{key}?expires=") and "&signature=" in large
    assert small.startswith(f"/media/private/{key[:-8]}400.jpg?")


def test_discarding_a_meal_photo_still_used_keeps_it(member):
    key = services.store_meal_photo(upload=samples.upload(samples.jpeg()))
    meal = SavedMealFactory(member=member, photo_key=key)

    services.discard_meal_photo(key=key)
    assert storages["private"].exists(key)

    meal.delete()
    services.discard_meal_photo(key=key)
    assert not storages["private"].exists(key)


def test_a_file_over_10_mib_is_refused_by_the_service_too(member):
    # Callers other than the API (forms, commands) get the same limit.
    big = samples.upload(b"\0" * (12 * 1024 * 1024))

    with pytest.raises(ImageTooLarge):
        services.replace_image(instance=member, field="avatar_key", upload=big)


def test_a_failing_disk_is_503_and_the_member_is_unchanged(member, settings, tmp_path):
    before = Member.objects.filter(pk=member.pk).values().get()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker

    with pytest.raises(StorageUnavailable):
        services.replace_image(
            instance=member, field="avatar_key", upload=samples.upload(samples.jpeg())
        )

    assert Member.objects.filter(pk=member.pk).values().get() == before


def test_selectors_answer_none_without_a_key():
    assert selectors.avatar_url("") is None
    assert selectors.meal_photo_url("", size="large") is None
    assert selectors.logo_url("") is None


def test_a_key_outside_our_layout_is_served_as_is():
    assert selectors.avatar_url("legacy/me.jpg", size="small") == "/media/legacy/me.jpg"
