"""Image upload routes (mounted under /api/). Meal photos and gym logos arrive with
their owners' endpoints (members.api, coaching's /manage/), which call our services."""

from django.urls import path

from media_store.api import MemberAvatarApi

urlpatterns = [
    path("member/avatar/", MemberAvatarApi.as_view(), name="member-avatar"),
]
