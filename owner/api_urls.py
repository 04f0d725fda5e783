"""The owner's API, mounted under /api/."""

from django.urls import path

from owner import api

urlpatterns = [
    path("owner/gyms/", api.OwnerGymsApi.as_view(), name="owner-gyms"),
    path("owner/coaches/", api.OwnerCoachesApi.as_view(), name="owner-coaches"),
]
