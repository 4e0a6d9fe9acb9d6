from __future__ import annotations

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, page: Page, number: int) -> str:
    """The current query string pointing at another page of `page`'s list.

    Uses the parameter name `paginate(..., param=...)` gave the page, so two lists on one page
    keep each other's position; other filters in the query string are kept too.
    """
    params = context["request"].GET.copy()
    params[getattr(page, "param", "page")] = str(number)
    return f"?{params.urlencode()}"
