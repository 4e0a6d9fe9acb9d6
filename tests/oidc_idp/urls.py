from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.urls import include, path

from tests.oidc_idp import views

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    path("setup/users", views.add_user),
    path("setup/clients", views.add_client),
    path("setup/redirect-uris", views.add_redirect_uris),
]
