from __future__ import annotations

from django import forms, template

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
