"""API routes of members (mounted under /api/)."""

from django.urls import path

from members.api.avatar import MemberAvatarApi
from members.api.checkins import CheckInDetailApi, CheckInListCreateApi
from members.api.logs import LogDetailApi, LogListCreateApi
from members.api.meals import SavedMealDetailApi, SavedMealListCreateApi
from members.api.profile import ProfileApi

urlpatterns = [
    path("member/profile/", ProfileApi.as_view(), name="member-profile"),
    path("member/avatar/", MemberAvatarApi.as_view(), name="member-avatar"),
    path("member/meals/", SavedMealListCreateApi.as_view(), name="member-meals"),
    path("member/meals/<int:meal_id>/", SavedMealDetailApi.as_view(), name="member-meal"),
    path("logs/", LogListCreateApi.as_view(), name="logs"),
    path("logs/<int:log_id>/", LogDetailApi.as_view(), name="log-detail"),
    path("checkins/", CheckInListCreateApi.as_view(), name="checkins"),
    path("checkins/<int:checkin_id>/", CheckInDetailApi.as_view(), name="checkin-detail"),
]
