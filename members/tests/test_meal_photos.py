"""A saved meal's photo, shared by the logs made from it, and removed from storage once
the last row holding its key is deleted (after the commit), on local file storage."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core.files.storage import storages

from accounts.models import Member
from conftest import client_for
from gymintel.db_errors import MEMBER_GONE
from media_store.selectors import meal_photo_url
from media_store.tests import samples
from media_store.variants import MEAL_PHOTO, all_keys
from members.models import DailyLog, SavedMeal
from members.tests.api_helpers import call, scoring_stubbed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def photo_files(key: str) -> list[bool]:
    """Whether each stored variant (large, small) of the meal photo is still there."""
    return [storages["private"].exists(k) for k in all_keys(key, kind=MEAL_PHOTO)]


def path_of(url: str) -> str:
    # The signature's expiry moves with the clock; API answers are absolute
    # (gymintel.origin), a URL made outside a request is the storage's path.
    return urlsplit(url).path


@pytest.fixture
def meal(member_client):
    response = member_client.post(
        "/api/member/meals/",
        {"name": "Oats", "photo": samples.upload(samples.jpeg())},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    return SavedMeal.objects.get(pk=response.json()["id"])


def log_from(client, meal: SavedMeal) -> dict:
    response = call(client, "post", "/api/logs/", {"type": "meal", "meal_id": meal.pk})
    assert response.status_code == 201, response.content
    return response.json()


def delete_log(client, log_id: int, capture) -> None:
    with capture(execute=True):
        assert client.delete(f"/api/logs/{log_id}/").status_code == 204


def test_a_log_made_from_a_saved_meal_shows_the_meals_photo(member_client, meal):
    created = log_from(member_client, meal)

    expected = path_of(meal_photo_url(meal.photo_key))
    assert DailyLog.objects.get(pk=created["id"]).photo_key == meal.photo_key
    assert path_of(created["photo_url"]) == expected
    listed = member_client.get("/api/logs/").json()["results"]
    assert [path_of(row["photo_url"]) for row in listed] == [expected]


def test_a_log_without_a_saved_meal_has_no_photo(member_client):
    response = call(member_client, "post", "/api/logs/", {"type": "meal"})

    assert response.json()["photo_url"] is None
    assert DailyLog.objects.get().photo_key == ""


def test_deleting_a_log_keeps_the_photo_its_saved_meal_still_holds(
    member_client, meal, django_capture_on_commit_callbacks
):
    created = log_from(member_client, meal)

    delete_log(member_client, created["id"], django_capture_on_commit_callbacks)

    assert photo_files(meal.photo_key) == [True, True]


def test_the_photo_goes_with_the_last_row_that_holds_it(
    member_client, meal, django_capture_on_commit_callbacks
):
    first, second = log_from(member_client, meal), log_from(member_client, meal)
    meal.delete()  # no endpoint deletes saved meals yet; its logs keep the key

    delete_log(member_client, first["id"], django_capture_on_commit_callbacks)
    assert photo_files(meal.photo_key) == [True, True]

    delete_log(member_client, second["id"], django_capture_on_commit_callbacks)
    assert photo_files(meal.photo_key) == [False, False]


def test_the_photo_stays_until_the_delete_commits(
    member_client, meal, django_capture_on_commit_callbacks
):
    created = log_from(member_client, meal)
    meal.delete()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert member_client.delete(f"/api/logs/{created['id']}/").status_code == 204
    assert photo_files(meal.photo_key) == [True, True]

    for callback in callbacks:
        callback()
    assert photo_files(meal.photo_key) == [False, False]


def test_deleting_the_last_log_with_a_photo_costs_two_more_queries_after_commit(
    member_client, meal, django_assert_num_queries, django_capture_on_commit_callbacks
):
    created = log_from(member_client, meal)
    meal.delete()
    # In the transaction: 1. SAVEPOINT  2. SELECT ... FOR UPDATE  3. DELETE  4. RELEASE
    # After the commit: 5. does a saved meal hold the key?  6. does a log? (then files go)
    with scoring_stubbed(), django_assert_num_queries(6):
        delete_log(member_client, created["id"], django_capture_on_commit_callbacks)


@pytest.mark.django_db(transaction=True)
def test_a_meal_whose_member_was_deleted_meanwhile_leaves_no_photo(member):
    # The token outlives the member; the insert fails at commit on the missing member.
    client = client_for(member.user)
    Member.objects.filter(pk=member.pk).delete()
    data = samples.jpeg(color=samples.BLUE)

    response = client.post(
        "/api/member/meals/",
        {"name": "Oats", "photo": samples.upload(data)},
        format="multipart",
    )

    assert response.status_code == 404
    assert response.json() == {"detail": MEMBER_GONE}
    assert storages["private"].listdir("meals") == ([], [])  # no <sha256>/ folder left


def test_deleting_a_saved_meal_in_the_admin_removes_its_unused_photo(
    member_client, meal, superuser_client, django_capture_on_commit_callbacks
):
    url = f"/admin/members/savedmeal/{meal.pk}/delete/"
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not SavedMeal.objects.filter(pk=meal.pk).exists()
    assert photo_files(meal.photo_key) == [False, False]


def test_a_saved_meal_deleted_in_bulk_keeps_the_photo_a_log_still_holds(
    member_client, meal, superuser_client, django_capture_on_commit_callbacks
):
    created = log_from(member_client, meal)
    action = {"action": "delete_selected", "_selected_action": [meal.pk], "post": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post("/admin/members/savedmeal/", action)

    assert response.status_code == 302
    assert not SavedMeal.objects.filter(pk=meal.pk).exists()
    assert DailyLog.objects.get(pk=created["id"]).photo_key == meal.photo_key
    assert photo_files(meal.photo_key) == [True, True]
