"""API routes of aicoach (mounted under /api/)."""

urlpatterns: list = []
