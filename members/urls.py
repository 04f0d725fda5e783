"""API routes of members (mounted under /api/)."""

from django.urls import path

from members.api.avatar import MemberAvatarApi
from members.api.checkins import CheckInListCreateApi
from members.api.logs import LogDetailApi, LogListCreateApi
from members.api.meals import SavedMealListCreateApi
from members.api.profile import ProfileApi

urlpatterns = [
    path("member/profile/", ProfileApi.as_view(), name="member-profile"),
    path("member/avatar/", MemberAvatarApi.as_view(), name="member-avatar"),
    path("member/meals/", SavedMealListCreateApi.as_view(), name="member-meals"),
    path("logs/", LogListCreateApi.as_view(), name="logs"),
    path("logs/<int:log_id>/", LogDetailApi.as_view(), name="log-detail"),
    path("checkins/", CheckInListCreateApi.as_view(), name="checkins"),
]
