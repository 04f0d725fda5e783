"""API routes of members (mounted under /api/)."""

urlpatterns: list = []
