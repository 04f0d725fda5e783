from django.apps import AppConfig


class GymAdminConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gym_admin"
    verbose_name = "Gym admin pages"
