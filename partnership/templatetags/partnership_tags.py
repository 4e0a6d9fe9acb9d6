from __future__ import annotations

from django import forms, template
from django.conf import settings

from partnership.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin
from partnership.models import User

register = template.Library()


@register.filter
def bound_values(form: forms.Form) -> str:
    """The values a filter form was given for its own fields, as one string.

    A rendered filter form is cached by this (with the language and figures.structure, which
    the choices come from): other parameters, such as a page cursor, do not change the form.
    """
    data = form.data
    values = []
    for name in form.fields:
        given = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        values.append((name, *(str(value) for value in given)))
    return repr(values)


@register.simple_tag
def demo_logins() -> list[DemoLogin]:
    """With DEBUG on, the demo accounts seed_demo made (none in production, none not seeded)."""
    if not settings.DEBUG:
        return []
    emails = {login.email for login in DEMO_LOGINS}
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    return [login for login in DEMO_LOGINS if login.email in existing]


@register.simple_tag
def demo_password() -> str:
    return DEMO_PASSWORD if settings.DEBUG else ""
