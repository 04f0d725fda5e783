"""The member app: `/` lands in it; `/app/` and everything under it is its shell."""

from django.urls import path

from memberapp import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("app/sw.js", views.service_worker, name="app-sw"),
    path("app/manifest.webmanifest", views.manifest, name="app-manifest"),
    path("app/", views.shell, name="app"),
    path("app/<path:route>", views.shell, name="app-route"),
]
