"""The Django admin's app config (INSTALLED_APPS), in its own module: accounts/apps.py
must hold one AppConfig only, or Django cannot tell which is the accounts app's."""

from django.contrib.admin.apps import AdminConfig


class GymIntelAdminConfig(AdminConfig):
    """django.contrib.admin with accounts.admin_site.AdminSite as `admin.site`."""

    default_site = "accounts.admin_site.AdminSite"
