from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any],
    per_page: int | None = None,
    *,
    param: str = "page",
) -> Page[Any]:
    """The requested page of a list; a page number that is not a page is a 404, not a 500.

    `param` names the query parameter, so one page can hold two lists that page on their own
    (`?posted_page=2&recognised_page=3`). The page remembers it for the pagination links.
    """
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get(param) or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error
    page.param = param  # type: ignore[attr-defined]
    return page
