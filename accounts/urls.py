"""Sign-in for people: the staff pages' login and logout, the API's tokens."""

from django.urls import path

from accounts import api, app_api, invitation_views, views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path(
        "accounts/invitations/<str:token>/",
        invitation_views.accept_invitation,
        name="accept-invitation",
    ),
    path("api/auth/token/", api.LoginApi.as_view(), name="api-login"),
    path("api/auth/token/refresh/", api.TokenRefreshApi.as_view(), name="api-refresh"),
    path("api/auth/app/login/", app_api.AppLoginApi.as_view(), name="app-login"),
    path("api/auth/app/refresh/", app_api.AppRefreshApi.as_view(), name="app-refresh"),
    path("api/auth/app/logout/", app_api.AppLogoutApi.as_view(), name="app-logout"),
]
