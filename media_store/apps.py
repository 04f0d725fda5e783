from django.apps import AppConfig


class MediaStoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "media_store"
