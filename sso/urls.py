"""Included before allauth's URLs: these two take the place of allauth's views at the same paths."""

from __future__ import annotations

from django.urls import path

from sso import views

urlpatterns = [
    path("accounts/login/", views.login, name="account_login"),
    path(
        "accounts/oidc/<str:provider_id>/login/",
        views.provider_login,
        name="openid_connect_login",
    ),
]
