"""GET/POST /api/member/meals/: saved custom meals, JSON or multipart with a photo.

Image validation and storage are media_store's (tested in media_store/tests); here we test
the wiring: the photo is stored before the row is inserted, and a storage failure
leaves no meal behind.
"""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import MemberFactory
from media_store.errors import InvalidImage, StorageUnavailable
from members.api.meals import SavedMealOutputSerializer
from members.models import SavedMeal
from members.tests.api_helpers import call
from members.tests.factories import SavedMealFactory

pytestmark = pytest.mark.django_db

MEAL = {
    "name": "Overnight oats",
    "ingredients": "oats, milk, berries",
    "estimated_calories": 420,
    "estimated_protein": 18.5,
}


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("oats.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")


def test_json_meal_is_saved(member_client, member):
    response = call(member_client, "post", "/api/member/meals/", MEAL)
    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in MEAL} == MEAL
    assert body["photo_url"] is None
    assert set(body) == set(SavedMealOutputSerializer().fields)
    meal = SavedMeal.objects.get()
    assert (meal.member_id, meal.estimated_protein) == (member.pk, Decimal("18.5"))


def test_multipart_without_photo_is_saved(member_client):
    response = member_client.post("/api/member/meals/", MEAL, format="multipart")
    assert response.status_code == 201
    assert response.json()["estimated_calories"] == 420


def test_multipart_with_blank_numbers_saves_nulls(member_client):
    data = {"name": "Soup", "estimated_calories": "", "estimated_protein": ""}
    response = member_client.post("/api/member/meals/", data, format="multipart")
    assert response.status_code == 201
    assert response.json()["estimated_calories"] is None


def test_photo_is_stored_before_the_row_and_shown_as_a_url(member_client):
    stored = []

    def fake_store(*, upload):
        stored.append(SavedMeal.objects.count())  # no row yet when storage runs
        return "meals/ab/abcdef.webp"

    with mock.patch("members.services.store_meal_photo", fake_store):
        response = member_client.post(
            "/api/member/meals/", {**MEAL, "photo": photo()}, format="multipart"
        )
    assert response.status_code == 201
    assert stored == [0]
    assert SavedMeal.objects.get().photo_key == "meals/ab/abcdef.webp"
    # A URL built by media_store (signed for private photos), never the image itself.
    url = response.json()["photo_url"]
    assert "meals/ab/abcdef.webp" in url
    listed = member_client.get("/api/member/meals/").json()["results"][0]
    assert listed["photo_url"].split("?")[0] == url.split("?")[0]


@pytest.mark.parametrize(("error", "code"), [(StorageUnavailable, 503), (InvalidImage, 400)])
def test_a_photo_that_cannot_be_stored_saves_no_meal(member_client, error, code):
    with mock.patch("members.services.store_meal_photo", side_effect=error()):
        response = member_client.post(
            "/api/member/meals/", {**MEAL, "photo": photo()}, format="multipart"
        )
    assert response.status_code == code
    assert response.json()["detail"]
    assert not SavedMeal.objects.exists()


def test_bad_fields_are_refused_before_the_photo_is_stored(member_client):
    with mock.patch("members.services.store_meal_photo") as store:
        response = member_client.post(
            "/api/member/meals/", {"name": "", "photo": photo()}, format="multipart"
        )
    assert response.status_code == 400
    store.assert_not_called()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "name: This field is required"),
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Soup", "ingredients": "x" * 2001}, "ingredients"),
        ({"name": "Soup", "estimated_calories": -5}, "estimated_calories"),
        ({"name": "Soup", "estimated_calories": 99_999}, "estimated_calories"),
        ({"name": "Soup", "estimated_protein": 2000}, "estimated_protein"),
        ({"name": "Soup", "photo": "not-a-file"}, "photo"),
    ],
)
def test_bad_meals_answer_400(member_client, data, message):
    response = call(member_client, "post", "/api/member/meals/", data)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not SavedMeal.objects.exists()


def test_list_shows_own_meals_newest_first(member_client, member, other_gym):
    older = SavedMealFactory(member=member, name="Older")
    newer = SavedMealFactory(member=member, name="Newer")
    SavedMealFactory(member=MemberFactory(gym=member.gym))
    SavedMealFactory(member=MemberFactory(gym=other_gym))
    body = member_client.get("/api/member/meals/").json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    assert set(body["results"][0]) == set(SavedMealOutputSerializer().fields)


def test_list_costs_two_queries(member_client, member, django_assert_num_queries):
    SavedMeal.objects.bulk_create(SavedMeal(member=member, name=f"m{n}") for n in range(20))
    # 1. COUNT  2. the page. Authentication: none.
    with django_assert_num_queries(2):
        assert len(member_client.get("/api/member/meals/").json()["results"]) == 20


def test_create_costs_one_query(member_client, django_assert_num_queries):
    with django_assert_num_queries(1):  # 1. INSERT
        assert call(member_client, "post", "/api/member/meals/", MEAL).status_code == 201
