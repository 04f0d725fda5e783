"""POST /api/logs/ as multipart: a meal logged with its photo (the member app's camera).

The photo goes through media_store (re-encoded, EXIF gone, private with a signed URL),
is stored before the row, and is discarded whenever the log is not saved after all.
"""

from __future__ import annotations

import io
import threading
from unittest import mock

import pytest
from django.core.files.storage import storages
from django.db import IntegrityError, connection
from django.test import Client
from PIL import Image

from accounts.models import Member
from coaching.tests.helpers import staff_login
from conftest import client_for
from gymintel.tests.support import require
from media_store import services as media_services
from media_store.errors import StorageUnavailable
from media_store.selectors import meal_photo_url
from media_store.tests import samples
from media_store.variants import MEAL_PHOTO, all_keys
from members import services as member_services
from members.models import DailyLog
from members.tests.api_helpers import scoring_stubbed

pytestmark = pytest.mark.django_db
LOGS = "/api/logs/"
MEAL = {"type": "meal", "estimated_calories": "640", "estimated_protein": "32.46", "notes": "Bowl"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def post(client, data: dict, **headers):
    return client.post(LOGS, data, format="multipart", **headers)


def with_photo(data: bytes | None = None, **fields) -> dict:
    return {**MEAL, **fields, "photo": samples.upload(data or samples.jpeg())}


def stored_objects() -> list[str]:
    """Every meal photo object on the private storage (folders are content hashes)."""
    storage = storages["private"]
    if not storage.exists("meals"):
        return []
    folders, _ = storage.listdir("meals")
    return sorted(f"meals/{d}/{f}" for d in folders for f in storage.listdir(f"meals/{d}")[1])


def photo_files(key: str) -> list[bool]:
    return [storages["private"].exists(k) for k in all_keys(key, kind=MEAL_PHOTO)]


def test_a_meal_with_its_photo_is_logged_and_answers_a_signed_url(member_client):
    response = post(member_client, with_photo())

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["type"] == "meal" and body["points_awarded"] >= 0
    assert (body["estimated_calories"], body["estimated_protein"]) == (640, 32.5)
    assert body["notes"] == "Bowl" and body["possible_duplicate"] is False
    log = DailyLog.objects.get()
    assert log.photo_key.startswith("meals/")
    assert "signature=" in body["photo_url"] and "expires=" in body["photo_url"]
    assert photo_files(log.photo_key) == [True, True]
    listed = member_client.get(LOGS).json()["results"]
    assert listed[0]["photo_url"].split("?")[0] == body["photo_url"].split("?")[0]


def test_the_stored_photo_has_no_exif_and_is_re_encoded(member_client):
    original = samples.jpeg((2400, 1800), gps=True, comment=b"taken at home")

    assert post(member_client, with_photo(original)).status_code == 201

    key = DailyLog.objects.get().photo_key
    stored = storages["private"].open(key).read()
    assert stored != original
    image = samples.open_image(stored)
    assert not image.getexif()  # no GPS, no camera, nothing
    assert "exif" not in image.info and "comment" not in image.info
    assert max(image.size) == MEAL_PHOTO.large  # re-encoded at our size, not theirs


def test_blank_form_numbers_are_saved_as_nothing(member_client):
    response = post(member_client, with_photo(estimated_calories="", estimated_protein=""))

    assert response.status_code == 201, response.content
    assert (response.json()["estimated_calories"], response.json()["estimated_protein"]) == (
        None,
        None,
    )


def test_a_multipart_meal_without_a_photo_is_logged_without_one(member_client):
    response = post(member_client, MEAL)

    assert response.status_code == 201
    assert response.json()["photo_url"] is None


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("not an image", b"%PDF-1.7 this is a document, not a photo"),
        ("a broken image", samples.noisy_jpeg()[:5000]),
        ("an empty file", b""),
    ],
)
def test_a_bad_image_is_400_and_saves_nothing(member_client, label, data):
    response = post(member_client, {**MEAL, "photo": samples.upload(data)})

    assert response.status_code == 400, label
    assert response.json()["detail"]
    assert not DailyLog.objects.exists()
    assert stored_objects() == []


def test_an_upload_over_ten_mib_is_413_before_it_is_read(member_client, settings):
    big = samples.upload(b"\xff\xd8" + b"\0" * settings.UPLOAD_BODY_MAX_BYTES)

    with mock.patch.object(media_services, "render") as render:
        response = post(member_client, {**MEAL, "photo": big})

    assert response.status_code == 413
    assert "limited to" in response.json()["detail"]
    render.assert_not_called()
    assert not DailyLog.objects.exists()


def test_a_photo_on_a_training_log_is_refused_before_storing(member_client):
    with mock.patch.object(member_services, "store_meal_photo") as store:
        response = post(member_client, with_photo(type="training"))

    assert response.status_code == 400
    assert "photo" in response.json()["detail"]
    store.assert_not_called()
    assert not DailyLog.objects.exists()


def test_bad_fields_are_refused_before_the_photo_is_stored(member_client):
    with mock.patch.object(member_services, "store_meal_photo") as store:
        response = post(member_client, with_photo(estimated_calories="-5"))

    assert response.status_code == 400
    store.assert_not_called()


def test_a_storage_outage_is_503_and_logs_nothing(member_client):
    with mock.patch.object(member_services, "store_meal_photo", side_effect=StorageUnavailable):
        response = post(member_client, with_photo())

    assert response.status_code == 503
    assert not DailyLog.objects.exists()


def test_a_replayed_key_answers_the_first_log_and_stores_no_second_photo(member_client):
    first = post(member_client, with_photo(), HTTP_IDEMPOTENCY_KEY="meal-1")
    with mock.patch.object(
        member_services, "store_meal_photo", wraps=member_services.store_meal_photo
    ) as store:
        again = post(
            member_client,
            with_photo(samples.jpeg(color=samples.BLUE)),
            HTTP_IDEMPOTENCY_KEY="meal-1",
        )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["replayed"] is True and again.json()["id"] == first.json()["id"]
    store.assert_not_called()
    assert DailyLog.objects.count() == 1
    assert len(stored_objects()) == 2  # one photo: its large and small variants


def test_a_key_that_wins_meanwhile_discards_the_losers_photo(
    member_client, django_capture_on_commit_callbacks
):
    # Two requests with one key at the same moment: both pass the replay check, both
    # store their photo, one INSERT wins. Played here by skipping the check.
    first = post(member_client, with_photo(), HTTP_IDEMPOTENCY_KEY="race")
    kept = DailyLog.objects.get().photo_key
    with (
        mock.patch.object(member_services, "_replay_if_logged", return_value=None),
        django_capture_on_commit_callbacks(execute=True),
    ):
        loser = post(
            member_client,
            with_photo(samples.jpeg(color=samples.GREEN)),
            HTTP_IDEMPOTENCY_KEY="race",
        )

    assert loser.status_code == 200 and loser.json()["id"] == first.json()["id"]
    assert photo_files(kept) == [True, True]
    assert len(stored_objects()) == 2  # the losing green photo is gone


def test_the_same_photo_in_a_lost_race_is_kept_for_the_winner(
    member_client, django_capture_on_commit_callbacks
):
    data = samples.jpeg(color=samples.GREEN)
    post(member_client, with_photo(data), HTTP_IDEMPOTENCY_KEY="race")
    kept = DailyLog.objects.get().photo_key
    with (
        mock.patch.object(member_services, "_replay_if_logged", return_value=None),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert post(member_client, with_photo(data), HTTP_IDEMPOTENCY_KEY="race").status_code == 200

    assert photo_files(kept) == [True, True]  # same content, same key: still in use


def test_a_failure_after_storing_discards_the_photo(
    member_client, django_capture_on_commit_callbacks
):
    broken = IntegrityError("the database refused the row")
    with (
        mock.patch("challenges.services.score_log", side_effect=broken),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(IntegrityError),
    ):
        post(member_client, with_photo())

    assert not DailyLog.objects.exists()
    assert stored_objects() == []


@pytest.mark.django_db(transaction=True)
def test_a_member_deleted_meanwhile_leaves_no_photo(member):
    client = client_for(member.user)  # the token outlives the member
    Member.objects.filter(pk=member.pk).delete()

    response = post(client, with_photo(samples.jpeg(color=samples.BLUE)))

    assert response.status_code == 404
    assert stored_objects() == []


def test_a_photo_log_costs_five_queries(member_client, django_assert_num_queries):
    # 1. replay check for the Idempotency-Key  2. possible duplicate?  (photo stored)
    # 3. SAVEPOINT  4. INSERT the log  5. RELEASE. Authentication: none; the URL: none.
    with scoring_stubbed(), django_assert_num_queries(5):
        response = post(member_client, with_photo(), HTTP_IDEMPOTENCY_KEY="count-1")
    assert response.status_code == 201


def test_the_coachs_member_page_shows_the_photo_thumbnail(member_client, assigned_member, coach):
    assert post(member_client, with_photo()).status_code == 201
    thumbnail = meal_photo_url(DailyLog.objects.get().photo_key, size="small").split("?")[0]

    page = staff_login(Client(), coach).get(f"/coach/members/{assigned_member.pk}/")

    assert page.status_code == 200
    assert f'<img class="thumb" src="{thumbnail}?' in page.content.decode()


def test_the_thumbnail_served_to_the_coach_is_a_real_small_picture(
    member_client, assigned_member, coach
):
    assert post(member_client, with_photo(samples.jpeg((2400, 1800)))).status_code == 201
    page = staff_login(Client(), coach).get(f"/coach/members/{assigned_member.pk}/")
    src = page.content.decode().split('<img class="thumb" src="')[1].split('"')[0]

    served = Client().get(src.replace("&amp;", "&"))

    assert served.status_code == 200
    data = b"".join(served.streaming_content) if served.streaming else served.content
    assert max(Image.open(io.BytesIO(data)).size) == MEAL_PHOTO.small


@pytest.mark.django_db(transaction=True)
def test_one_key_sent_at_once_with_different_photos_keeps_one_log_and_one_photo(member):
    # Real threads on PostgreSQL: the replays that arrive after the winner's commit are
    # answered before storing; those racing it store, lose the INSERT, and discard.
    require(connection.vendor == "postgresql", "the unique-key race needs PostgreSQL")
    count = 6
    barrier = threading.Barrier(count)
    statuses: list[int] = []

    def one(n: int) -> None:
        try:
            client = client_for(member.user)
            data = with_photo(samples.jpeg((300 + n, 200), color=(40 * n, 80, 120)))
            barrier.wait(timeout=30)
            statuses.append(post(client, data, HTTP_IDEMPOTENCY_KEY="same-tap").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(statuses) == [200] * (count - 1) + [201]
    log = DailyLog.objects.get()
    assert stored_objects() == all_keys(log.photo_key, kind=MEAL_PHOTO)
