"""Coach API routes (mounted under /api/)."""

from django.urls import path

from coaching.api import CoachDashboardApi

urlpatterns = [
    path("coach/dashboard/", CoachDashboardApi.as_view(), name="coach-dashboard"),
]
