"""Sign-in for people: the staff pages' login and logout, the API's tokens."""

from django.urls import path

from accounts import api, invitation_views, views

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
]
