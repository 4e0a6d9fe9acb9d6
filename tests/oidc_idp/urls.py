from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from tests.oidc_idp import views


def no_icon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for it; a 404 would be a console error in the browser tests.
    return HttpResponse(status=204)


urlpatterns = [
    path("favicon.ico", no_icon),
    path("login/", LoginView.as_view(), name="login"),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    path("setup/users", views.add_user),
    path("setup/clients", views.add_client),
    path("setup/redirect-uris", views.add_redirect_uris),
]
