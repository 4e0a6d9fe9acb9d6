"""The behaviours' icons: one inline SVG sprite in static/, coloured by CSS per behaviour."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# The four agreed behaviours have an icon of their own (static/icons/behaviours.svg); any other
# slug gets none rather than a broken reference.
ICONS = frozenset({"ownership", "transparency", "proactivity", "feedback"})


@register.simple_tag
def behaviour_icon(slug: str) -> SafeString:
    """A decorative icon for the behaviour: the name next to it says what it means."""
    if slug not in ICONS:
        return SafeString("")
    return format_html(
        '<svg class="behaviour-icon" aria-hidden="true" focusable="false" width="16" height="16">'
        '<use href="{}#{}"></use></svg>',
        static("icons/behaviours.svg"),
        slug,
    )
