"""The invitation mail: in the invitee's language, plain text and HTML."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from people.models import Invitation


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("people:accept", args=[token])


def invitation_message(invitation: Invitation, token: str) -> EmailMultiAlternatives:
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "url": invitation_url(token),
            "expires_at": invitation.expires_at,
            "site": settings.SITE_URL.rstrip("/"),
            "self_signup": invitation.kind == Invitation.Kind.SELF_SIGNUP,
        }
        subject = "".join(
            render_to_string("people/email/invitation_subject.txt", context).splitlines()
        )
        text = render_to_string("people/email/invitation.txt", context)
        html = render_to_string("people/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    return message
