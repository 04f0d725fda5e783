"""GET/POST /api/member/meals/: a member's saved custom meals."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from gymintel.conditional import IF_NONE_MATCH
from gymintel.errors import NotFound
from gymintel.openapi import image_limits_text
from gymintel.parsers import JSONParser
from media_store.fields import ImageUrlField
from members import selectors, services
from members.api.common import MemberApi, created, errors
from members.api.logs import calories_field, calories_out, protein_field, protein_out, to_tenth


class SavedMealOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    ingredients = serializers.CharField()
    estimated_calories = calories_out()
    estimated_protein = protein_out()
    photo_url = ImageUrlField(allow_null=True)
    created_at = serializers.DateTimeField()


class SavedMealListCreateApi(MemberApi):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema_serializer(component_name="SavedMealCreate")
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=120)
        ingredients = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        estimated_calories = calories_field()
        estimated_protein = protein_field()

        def validate_estimated_protein(self, value):
            return to_tenth(value)

    @extend_schema_serializer(component_name="SavedMealUpload")
    class UploadInputSerializer(InputSerializer):
        photo = serializers.FileField(
            required=False, help_text=f"JPEG, PNG or WebP, {image_limits_text()}."
        )

    @extend_schema(
        operation_id="member_meals_list",
        parameters=[IF_NONE_MATCH],
        responses={200: SavedMealOutputSerializer(many=True), **errors(401, 403)},
        description="Your saved meals, newest first.",
    )
    def get(self, request):
        rows = selectors.saved_meal_list(member_id=self.member_id)
        return self.paginated(rows, selectors.with_photo_url)

    @extend_schema(
        operation_id="member_meals_create",
        # One content type in the document: two make generated clients pick by
        # isinstance and break. The view still reads the same fields as JSON.
        request={"multipart/form-data": UploadInputSerializer},
        responses={201: SavedMealOutputSerializer, **errors(400, 401, 403, 413, 503)},
        description="Saves a meal, multipart with an optional `photo`; the photo is stored "
        "first, so a storage failure (503) saves nothing. An empty number field means null. "
        "The same fields are also read as JSON (without a photo).",
    )
    def post(self, request):
        data = self.UploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meal = services.saved_meal_create(member_id=self.member_id, **data.validated_data)
        body = {name: getattr(meal, name) for name in selectors.MEAL_FIELDS}
        return created(request, selectors.with_photo_url(body), "member-meal", meal_id=meal.pk)


class SavedMealDetailApi(MemberApi):
    @extend_schema(
        operation_id="member_meals_retrieve",
        responses={200: SavedMealOutputSerializer, **errors(401, 403, 404)},
        description="One of your saved meals (the `Location` of a new one).",
    )
    def get(self, request, meal_id: int):
        row = selectors.saved_meal_get(member_id=self.member_id, meal_id=meal_id)
        if row is None:
            raise NotFound("No such saved meal among yours.")
        return Response(selectors.with_photo_url(row))
