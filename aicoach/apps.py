from django.apps import AppConfig


class AicoachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aicoach"
