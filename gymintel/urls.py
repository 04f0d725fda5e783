"""Top-level routes. Each app owns its own url modules; this file only mounts them."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gymintel.health import healthz
from media_store.views import serve_media

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from a URL instead of inline,
    # so the page runs under a Content-Security-Policy without 'unsafe-inline' scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("accounts.urls")),
    path("api/", include("members.urls")),
    path("api/", include("challenges.urls")),
    path("api/", include("aicoach.urls")),
    path("api/", include("coaching.api_urls")),
    path("api/", include("owner.api_urls")),
    path("", include("coaching.urls")),
    path("", include("gym_admin.urls")),
    path("", include("owner.urls")),
    path("", include("memberapp.urls")),
]

if not settings.AWS_STORAGE_BUCKET_NAME:
    # Embedded default: the app serves its own media folder. Uploaded files are
    # re-encoded images under hashed keys, sent with nosniff (never HTML or script).
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{prefix}(?P<path>.*)$", serve_media, name="media"),
    ]

handler404 = "gymintel.views.not_found"
handler500 = "gymintel.views.server_error"
