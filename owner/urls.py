"""The owner's pages (mounted at the root): read-only, one GET view per page."""

from django.urls import path

from owner import views

app_name = "owner"

urlpatterns = [
    path("owner/", views.gyms, name="gyms"),
    path("owner/export.csv", views.gyms_csv, name="gyms-csv"),
    path("owner/gyms/<int:gym_id>/", views.gym_detail, name="gym"),
]
