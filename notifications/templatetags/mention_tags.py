from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from notifications.mentions import link_mentions_html

register = template.Library()


@register.filter(name="mention_links", is_safe=True)
def mention_links(escaped: str) -> SafeString:
    """`{{ comment.body|linebreaks|mention_links }}`: mentions become profile links."""
    return link_mentions_html(escaped)
