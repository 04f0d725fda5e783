"""Image upload routes (mounted under /api/)."""

urlpatterns: list = []
