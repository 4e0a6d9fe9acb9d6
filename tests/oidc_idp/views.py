"""The test provider's own pages: its login form and a set-up API for the tests.

The set-up API stands in for what an administrator does in a real provider's console
(add a user, register an application and its redirect URIs). It answers only requests that
carry the token the fixture chose at start.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import Group, User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oidc_provider.models import Client, ResponseType

from tests.oidc_idp.claims import UNVERIFIED_EMAIL_GROUP

View = Callable[[HttpRequest], HttpResponse]


def _setup_api(view: Callable[[dict[str, Any]], dict[str, Any]]) -> View:
    @csrf_exempt
    @require_POST
    def wrapped(request: HttpRequest) -> HttpResponse:
        expected = f"Bearer {os.environ['IDP_SETUP_TOKEN']}"
        if not hmac.compare_digest(request.headers.get("Authorization", ""), expected):
            return JsonResponse({"error": "forbidden"}, status=403)
        return JsonResponse(view(json.loads(request.body)))

    return wrapped


def _add_user(data: dict[str, Any]) -> dict[str, Any]:
    first, _, last = data.get("name", "").partition(" ")
    user, _ = User.objects.update_or_create(
        username=data["email"],
        defaults={"email": data["email"], "first_name": first, "last_name": last},
    )
    user.set_password(data["password"])
    user.save()
    unverified, _ = Group.objects.get_or_create(name=UNVERIFIED_EMAIL_GROUP)
    if data.get("email_verified", True):
        user.groups.remove(unverified)
    else:
        user.groups.add(unverified)
    return {"sub": str(user.pk)}


def _add_client(data: dict[str, Any]) -> dict[str, Any]:
    client = Client.objects.create(
        name=data.get("name", "Platform"),
        client_type="confidential",
        client_id=secrets.token_hex(8),
        client_secret=secrets.token_urlsafe(24),
        require_consent=data.get("require_consent", True),
        reuse_consent=True,
        _redirect_uris="\n".join(data.get("redirect_uris", [])),
        _scope="openid email profile",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    return {"client_id": client.client_id, "client_secret": client.client_secret}


def _add_redirect_uris(data: dict[str, Any]) -> dict[str, Any]:
    client = Client.objects.get(client_id=data["client_id"])
    uris = list(dict.fromkeys([*client.redirect_uris, *data["redirect_uris"]]))
    client.redirect_uris = uris
    client.save()
    return {"redirect_uris": uris}


add_user = _setup_api(_add_user)
add_client = _setup_api(_add_client)
add_redirect_uris = _setup_api(_add_redirect_uris)
