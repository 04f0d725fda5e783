"""API routes of members (mounted under /api/)."""

from django.urls import path

from members.api.checkins import CheckInListCreateView
from members.api.logs import LogDetailView, LogListCreateView
from members.api.meals import SavedMealListCreateView
from members.api.profile import ProfileView

urlpatterns = [
    path("member/profile/", ProfileView.as_view(), name="member-profile"),
    path("member/meals/", SavedMealListCreateView.as_view(), name="member-meals"),
    path("logs/", LogListCreateView.as_view(), name="logs"),
    path("logs/<int:log_id>/", LogDetailView.as_view(), name="log-detail"),
    path("checkins/", CheckInListCreateView.as_view(), name="checkins"),
]
