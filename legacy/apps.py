from django.apps import AppConfig


class LegacyConfig(AppConfig):
    """Moving a chain over from the old system (`manage.py import_legacy`)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "legacy"
