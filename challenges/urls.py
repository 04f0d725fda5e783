"""API routes of challenges (mounted under /api/)."""

urlpatterns: list = []
